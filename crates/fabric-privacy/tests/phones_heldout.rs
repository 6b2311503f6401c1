//! A held-out set of phone numbers, written by hand apart from the generated corpus and
//! never used to tune the detector: numbers of the detector's regions as people write them
//! in notes, mails and chats, in several languages, and digit strings that are not phones.
//! A phone counts as found when a phone match overlaps it; any other phone match is a false
//! positive.

mod common;

use fabric_privacy::PiiType;

use common::{Cover, gate};

const MIN_RECALL: f64 = 0.9;
const MIN_PRECISION: f64 = 0.95;

/// Texts, each with the phone numbers it holds.
const PHONES: &[(&str, &[&str])] = &[
    ("Ruf mich an unter 030 23125400, ich bin bis 18 Uhr im Büro.", &["030 23125400"]),
    ("Handy: 0151 23456789 (nur abends)", &["0151 23456789"]),
    ("Neue Nummer 0176/12345678 – bitte speichern.", &["0176/12345678"]),
    (
        "Zentrale +49 (0)89 12345678, Fax +49 89 12345679",
        &["+49 (0)89 12345678", "+49 89 12345679"],
    ),
    ("Aus dem Ausland: 0049 40 4283801", &["0049 40 4283801"]),
    ("Call the Leeds office on 0113 243 2222 before noon.", &["0113 243 2222"]),
    ("my new mobile is 07911 123456 x", &["07911 123456"]),
    ("Reception: +44 (0)20 7219 3000, ext. 204", &["+44 (0)20 7219 3000, ext. 204"]),
    ("Tél. : 01 42 68 53 00 (standard)", &["01 42 68 53 00"]),
    ("Mon portable c'est le 06 87 65 43 21, envoie un SMS", &["06 87 65 43 21"]),
    ("Agence de Marseille : +33 (0)4 91 23 45 67", &["+33 (0)4 91 23 45 67"]),
    ("Llámame al teléfono 912 345 678 mañana.", &["912 345 678"]),
    ("Mi móvil: +34 612 345 678", &["+34 612 345 678"]),
    (
        "Chiamami allo 06 6982 1234 oppure al cellulare +39 347 123 4567",
        &["06 6982 1234", "+39 347 123 4567"],
    ),
    ("Ufficio di Milano: 02 8901 2345", &["02 8901 2345"]),
    ("Bel me op 020 624 1111 of mobiel 06-12345678", &["020 624 1111", "06-12345678"]),
    ("WhatsApp +31 6 1234 5678", &["+31 6 1234 5678"]),
    ("Zürich Büro 044 668 18 00, Natel +41 79 123 45 67", &["044 668 18 00", "+41 79 123 45 67"]),
    ("Wien: +43 664 1234567 oder 0664 1234567", &["+43 664 1234567", "0664 1234567"]),
    ("Bruxelles : 02 511 22 33 — GSM 0470 12 34 56", &["02 511 22 33", "0470 12 34 56"]),
    ("Ring till 08-123 456 78 eller mobil 070-123 45 67", &["08-123 456 78", "070-123 45 67"]),
    ("Biuro w Warszawie: +48 22 123 45 67, tel. 601 234 567", &["+48 22 123 45 67", "601 234 567"]),
    ("Dublin office 01 234 5678, mobile 087 123 4567", &["01 234 5678", "087 123 4567"]),
    ("Call Priya on +91 98765 43210 after lunch", &["+91 98765 43210"]),
    ("Telefone: +55 11 91234-5678", &["+55 11 91234-5678"]),
    ("Tel. oficina +52 55 1234 5678", &["+52 55 1234 5678"]),
    ("Sydney desk (02) 9876 5432 or mob 0412 345 678", &["(02) 9876 5432", "0412 345 678"]),
    ("Tokyo office: 03-1234-5678 / mobile 090-1234-5678", &["03-1234-5678", "090-1234-5678"]),
    (
        "Beijing contact: +86 138 0013 8000, office 010-6552 9988",
        &["+86 138 0013 8000", "010-6552 9988"],
    ),
    ("Toronto: +1 (416) 364-2671", &["+1 (416) 364-2671"]),
    ("stored as +442072193000 and +4915123456789 in the CRM", &["+442072193000", "+4915123456789"]),
    ("call me: (604) 683-2451", &["(604) 683-2451"]),
];

/// Texts with digits that are not phone numbers.
const NOT_PHONES: &[&str] = &[
    "Invoice 2023-0042-17 is overdue.",
    "Upgraded to version 10.2.3 last night.",
    "ISBN 978-3-16-148410-0 is on the shelf.",
    "Total: 1 234 567,89 EUR",
    "PLZ 10115 Berlin, Hausnummer 12",
    "Meeting on 2024-03-15 at 10:30, moved to 15.03.2024.",
    "Order 12345678 shipped on 03/04/2024.",
    "Between 2019 and 2023 revenue grew 45%.",
    "Coordinates 48.8566, 2.3522",
    "Temperatur 21.5 bis 23.0 Grad",
    "Build 20240315 passed 1200 of 1204 tests.",
    "Serial number 4729 9599 9406 4281",
    "Account 12345678, sort code 12-34-56",
    "Population 8 336 817 in 2020",
];

#[test]
fn held_out_phone_numbers_are_found_and_other_numbers_are_not() {
    gate(
        "phones",
        &PiiType::Phone,
        PHONES,
        NOT_PHONES,
        Cover::Overlap,
        (MIN_RECALL, MIN_PRECISION),
    );
}
