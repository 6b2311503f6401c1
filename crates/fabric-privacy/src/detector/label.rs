//! Labels: the words right before a number that say what it is. A number labelled as an
//! identifier (`Factuurnummer 06-90100364`, `KvK-nummer 57774016`, `订单编号：192 6390 6164`)
//! is no phone, whatever its shape.

use std::sync::LazyLock;

use super::context::{ID_WORDS, PHONE_WORDS, WordList, contains_word};

super::context::word_list! {
    /// More words that label a number as an identifier when they stand right before it
    /// (only there: "part" or "product" further away say nothing).
    LABEL_ID_WORDS = [
        "geschäftsz", "aktenz", "az.", "nhs", "pratica", "codice", "iban", "kvk",
        "ondernemings", "entreprise", "guía", "guia", "编号", "单号", "订单", "发票", "代码",
        "受付番号",
        "matricola", "factuur", "ocr", "acn", "abn", "a/c", "pnr", "bsn", "sin", "claim",
        "póliza", "poliza", "policy", "polizza", "p.iva", "iva", "partita", "business number",
        "sécurité sociale", "part", "contract", "vertrag", "kontrakt", "contrat", "contrato",
        "licen", "permit", "plate", "registr", "nif", "cif", "nie", "dni", "curp", "rfc", "cuit",
        "steuer", "ust", "mwst", "moms", "orgnr", "organisations", "kundnummer", "kundnr",
        "referen",
        "kenmerk", "zaak", "vorgang", "sags", "protocol", "awb", "waybill", "parcel", "colis",
        "paquete", "envío", "shipment", "konto", "sort code", "routing", "bic", "swift", "giro",
        "cuenta",
        "conto", "compte", "rekening", "fatura", "nota fiscal", "boleto", "processo", "lote",
        "lot ", "artikel", "article", "articolo", "artículo", "produkt", "product", "série",
        "serie", "imei", "vin", "versicherten", "matrícula", "digitável", "renavam", "cep",
        "postcode", "plz", "código postal", "klient", "rachunk", "recibo", "seguridad social",
        "ccc", "domiciliaci",
        // Bank transfers, policies and social security in Polish, Italian and Spanish.
        "rachun", "przelew", "polisa", "polisy", "polisę", "bonifico", "cro", "transferencia",
        "nss", "imss",
        // Tax, social and national numbers, tickets, tracking and serials.
        "ein", "utr", "ahv", "registre national", "rijksregister", "e-ticket",
        "billet électronique", "biglietto elettronico", "bilet elektroniczny", "suivi",
        "seguimiento", "seryjn", "請求書", "製造",
    ]
}
super::context::word_list! {
    /// Words right before a number that name it as a number, whatever kind: skipped when
    /// looking for its label (`NHS number`, `Póliza nº`, `KvK-nummer`).
    NUMBER_WORDS = [
        "number", "no", "nr", "nº", "n°", "num", "núm", "numer", "numero", "número", "numéro",
        "nummer", "番号", "号",
    ]
}
super::context::word_list! {
    /// Words that make a label a phone's even when it holds an identifier word
    /// (`Kundenservice`, `Customer care`).
    SERVICE_WORDS = [
        "service", "hotline", "support", "helpdesk", "care", "line", "dienst", "tjänst",
        "servizio", "servicio", "serviço", "assistenza", "atención", "atendimento", "obsługa",
        "infolinia", "客服", "服务", "サポート", "窓口",
    ]
}

/// The identifier words a label is read for: [`ID_WORDS`] but for the abbreviations of
/// "number", those that are words of other languages too ("no" is Portuguese for "in
/// the", "po" Polish for "after") and those that also name a department's line ("Orders",
/// "Tickets", "Accounts", "Members"), and [`LABEL_ID_WORDS`]; those of at most four ASCII
/// letters apart (they must be a whole part of a token), the others as a list, and those of
/// two words again on their own.
static LABEL_IDS: LazyLock<(Vec<String>, WordList, WordList)> = LazyLock::new(|| {
    let generic = [
        "#", "nr", "no.", "no", "po", "order", "ticket", "account", "customer", "member",
        "employee",
    ];
    let words: Vec<String> = ID_WORDS
        .words()
        .iter()
        .chain(LABEL_ID_WORDS.words())
        .filter_map(|word| std::str::from_utf8(word).ok())
        .map(|word| word.trim_end().trim_end_matches('.').to_owned())
        .filter(|word| !generic.contains(&word.as_str()))
        .collect();
    let (short, long): (Vec<String>, Vec<String>) =
        words.into_iter().partition(|word| word.is_ascii() && word.len() <= 4);
    let pairs = WordList::new(long.iter().filter(|word| word.contains(' ')).map(String::as_str));
    (short, WordList::new(long.iter().map(String::as_str)), pairs)
});

/// Whether the number at `start` is labelled as an identifier: one of the few words right
/// before it (skipping words for "number", short codes in capitals such as `BE` or
/// `INPS`, prepositions, "is" in the listed languages, and `#`, `:`, `nº`) holds an
/// identifier word before any phone word (`Factuurnummer 06-90100364`, `IBAN NL31 INGB 0328
/// 4923 50`, `Numer zamówienia 640 809 282`). A label that names a service
/// (`Kundenservice`) is a phone's.
pub(super) fn labelled_as_id(text: &str, start: usize) -> bool {
    let Some(head) = head_of(text, start) else {
        return false;
    };
    let separator = |c: char| {
        c.is_whitespace()
            || matches!(c, ':' | '：' | '#' | '.' | '-' | '/' | '(' | ')' | '[' | '=' | '"' | '\'')
    };
    let mut rest = head;
    for _ in 0..4 {
        rest = rest.trim_end_matches(separator);
        let token_start = rest
            .char_indices()
            .rev()
            .find(|&(_, c)| {
                !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.' | '/' | '°' | 'º'))
            })
            .map_or(0, |(at, c)| at + c.len_utf8());
        let token = &rest[token_start..];
        if token.is_empty() {
            return false;
        }
        let label = &head.as_bytes()[token_start..];
        let token_bytes = token.as_bytes();
        let lower = token.to_lowercase();
        if SERVICE_WORDS
            .words()
            .iter()
            .any(|word| lower.as_bytes().windows(word.len()).any(|at| at == &word[..]))
        {
            return false;
        }
        if names_an_id(token, label) {
            return true;
        }
        let number_word = NUMBER_WORDS.words().iter().any(|word| lower.as_bytes() == &word[..]);
        if !number_word && contains_word(token_bytes, 0, token_bytes.len(), &PHONE_WORDS) {
            return false;
        }
        let code = (2..=5).contains(&token.len())
            && token.bytes().any(|byte| byte.is_ascii_uppercase())
            && token.bytes().all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit());
        // Prepositions and, as in "your reference number is", the verb "to be".
        let preposition = matches!(
            lower.as_str(),
            "de" | "d'"
                | "of"
                | "du"
                | "del"
                | "di"
                | "da"
                | "van"
                | "der"
                | "is"
                | "es"
                | "est"
                | "ist"
                | "é"
                | "è"
                | "jest"
                | "är"
        );
        if !(number_word || code || preposition) {
            // A label of two words (`Seguridad Social:`, `Business Number`), or an
            // identifier's word before a preposition and its object (`Póliza de auto`).
            let before = rest[..token_start].trim_end();
            let previous = word_start(before);
            let pair = &head.as_bytes()[previous..];
            if previous < token_start && contains_word(pair, 0, pair.len(), &LABEL_IDS.2) {
                return true;
            }
            let linking = before[previous..].to_lowercase();
            if !matches!(linking.as_str(), "de" | "di" | "da" | "del" | "of") {
                return false;
            }
            let head_noun = before[..previous].trim_end();
            let noun = &head_noun[word_start(head_noun)..];
            return !noun.is_empty() && names_an_id(noun, noun.as_bytes());
        }
        rest = &rest[..token_start];
    }
    false
}

/// Whether the number at `start` comes right after a person's name: two words in title case
/// (`Michał Lewandowski 588358868`, `Paweł Szymański (417175396)`), or one before a comma
/// (`Ewa, 177472068`). A bare number there is that person's phone; a name is no label, and
/// identifier words are read before this is asked.
pub(super) fn after_a_name(text: &str, start: usize) -> bool {
    let Some(head) = head_of(text, start) else { return false };
    let trimmed = head.trim_end_matches([' ', '(']);
    if trimmed.len() == head.len() {
        return false;
    }
    let (comma, trimmed) = match trimmed.strip_suffix(',') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let title = |word: &str| {
        let mut chars = word.chars();
        chars.next().is_some_and(char::is_uppercase)
            && word.chars().count() >= 2
            && chars.all(|c| c.is_alphabetic() && c.is_lowercase())
    };
    let last = &trimmed[word_start(trimmed)..];
    if !title(last) {
        return false;
    }
    if comma {
        return true;
    }
    let before = &trimmed[..trimmed.len() - last.len()];
    let Some(before) = before.strip_suffix(' ') else { return false };
    title(&before[word_start(before)..])
}

/// The 48 bytes or so of `text` before `start`, from a character's start.
fn head_of(text: &str, start: usize) -> Option<&str> {
    let mut from = start.saturating_sub(48);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    text.get(from..start)
}

/// Where the last word of `text` starts.
fn word_start(text: &str) -> usize {
    text.char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(0, |(at, c)| at + c.len_utf8())
}

/// Whether a label's `token` (and the label from it on) holds an identifier word: one of at
/// most four letters (`vat`, `sin`, `kvk`, `iva`) only as a whole part of the token between
/// `-`, `.` and `/` (`KvK-nummer`, `P.IVA`; not `vattenläcka`), a longer one at any word
/// start.
fn names_an_id(token: &str, label: &[u8]) -> bool {
    let (short, long, _) = &*LABEL_IDS;
    let lower = token.to_lowercase();
    let whole = lower.trim_end_matches('.');
    short.iter().any(|word| whole == word || lower.split(['-', '.', '/']).any(|part| part == word))
        || contains_word(label, 0, label.len(), long)
}
