//! Context words near a candidate and the boundary rules around numeric candidates.

use std::sync::LazyLock;

macro_rules! word_list {
    ($(#[$doc:meta])* $name:ident = [$($word:literal),* $(,)?]) => {
        $(#[$doc])*
        pub(super) static $name: LazyLock<WordList> = LazyLock::new(|| WordList::new([$($word),*]));
    };
}
pub(super) use word_list;

/// Bytes before a candidate searched for context words.
const BEFORE: usize = 48;
/// Bytes after a candidate searched for context words.
const AFTER: usize = 24;

word_list! {
    /// Words near a US social security number.
    SSN_WORDS = ["ssn", "social security", "ss#", "ss no", "social sec", "taxpayer"]
}
word_list! {
    /// Words near a payment card number.
    CARD_WORDS = [
        "card",
        "visa",
        "mastercard",
        "amex",
        "credit",
        "debit",
        "cc",
        "carte",
        "tarjeta",
        "karte",
        "payment",
        "kreditkarte",
    ]
}
word_list! {
    /// Words near a phone number.
    PHONE_WORDS = [
        "phone",
        "tel",
        "call",
        "mobile",
        "cell",
        "fax",
        "ring",
        "whatsapp",
        "sms",
        "text me",
        "telefon",
        "téléphone",
        "teléfono",
        "tél",
        "móvil",
        "handy",
        "portable",
        "reach me",
        "contact",
        // In the languages of the listed countries ("tel" already starts telefon, teléfono,
        // telefono, telefone, telefoon).
        "llámame",
        "llamar",
        "celular",
        "ligue",
        "liga no",
        "ligar",
        "chiamami",
        "cellulare",
        "bel me",
        "bellen",
        "mobiel",
        "zadzwoń",
        "komórka",
        "anrufen",
        "ruf mich",
        "erreichbar",
        "appelle",
        "appeler",
        "mobil",
        "電話",
        "电话",
        "拨打",
        "携帯",
        "手机",
        "座机",
        "landline",
        "festnetz",
        "fixe",
        "fijo",
        "fisso",
        "fixo",
        "vaste lijn",
        "cel:",
        "cel.",
        "kom.",
        // "Number" in those languages ("numer" also starts numero, numerem, numeru), and
        // calling or reaching someone.
        "número",
        "numer",
        "numéro",
        "nummer",
        "号码",
        "番号",
        "kontakt",
        "recepción",
        "recepcja",
        "réception",
        "reception",
        "zadzwo",
        "dzwoń",
        "chiama",
        "llamada",
        "tlf",
        "tfno",
        "dzwoni",
        "oddzwo",
        "dyżur",
        "dyzur",
        "llame",
        "llámenos",
        "fone",
        "emergenc",
        "notfall",
        "urgence",
        "urgencia",
        "emergenza",
        "rufen",
        "appel",
    ]
}
word_list! {
    /// Words that make a bare run of digits an identifier rather than a phone number.
    ID_WORDS = [
        "order",
        "po ",
        "invoice",
        "ticket",
        "id ",
        "ref",
        "tracking",
        "serial",
        "batch",
        "member",
        "employee",
        "account",
        "customer",
        "isbn",
        "sku",
        "#",
        "nr",
        "no.",
        "no ",
        "bestell",
        "rechnung",
        "commande",
        "facture",
        "pedido",
        "factura",
        "ordine",
        "fattura",
        "zamówieni",
        "faktur",
        "auftrag",
        "kunden",
        "sendung",
        "dossier",
        "expediente",
        "ärende",
        // Tax and company registers written in groups (`NIP 123-456-32-18`, `SIREN 732 829 320`).
        "nip",
        "regon",
        "pesel",
        "siren",
        "siret",
        "cnpj",
        "vat",
        "tva",
        "btw",
    ]
}
word_list! {
    /// Words near an IBAN.
    IBAN_WORDS = [
        "iban",
        "account",
        "konto",
        "compte",
        "cuenta",
        "bank",
        "sepa",
        "transfer",
        "überweisung",
        "virement",
        "rib",
    ]
}
word_list! {
    /// Words near an IP address.
    IP_WORDS = [
        "ip", "host", "server", "address", "addr", "gateway", "dns", "router", "subnet", "ping", "ssh",
        "proxy", "connect", "from", "client", "peer",
    ]
}
word_list! {
    /// Words near a German tax id (Steuer-IdNr).
    DE_TAX_WORDS = [
        "steuer", "idnr", "id-nr", "identifikationsnummer", "tax id", "tax identification",
        "tin:", "tin ", "steuernummer", "finanzamt",
    ]
}
word_list! {
    /// Words near a French NIR.
    FR_NIR_WORDS = [
        "sécurité sociale", "securite sociale", "sécu", "secu", "nir", "insee", "carte vitale",
        "numéro ss", "social security",
    ]
}
word_list! {
    /// Words near a Dutch BSN.
    NL_BSN_WORDS = ["bsn", "burgerservicenummer", "sofinummer", "sofi-nummer", "citizen service"]
}
word_list! {
    /// Words near an Aadhaar number.
    AADHAAR_WORDS = ["aadhaar", "aadhar", "adhaar", "uidai", "uid:", "uid ", "आधार"]
}
word_list! {
    /// Words near a Canadian SIN ("sin" alone would match "since").
    CA_SIN_WORDS = [
        "social insurance", "sin:", "sin#", "sin #", "sin no", "sin number", "sin ", "s.i.n",
        "assurance sociale", "nas:", "nas ",
    ]
}
word_list! {
    /// Words near a Brazilian CPF.
    BR_CPF_WORDS = ["cpf", "cadastro de pessoas", "contribuinte"]
}
word_list! {
    /// Words that make a dotted quad a version number rather than an address.
    VERSION_WORDS = ["version", "ver.", "release", "build", "firmware", "v."]
}

/// A list of lower-case context words, indexed by first byte so that a scan tests only the
/// words that can start at each position.
#[derive(Debug, Clone)]
pub(super) struct WordList {
    /// Words sorted by first byte.
    words: Vec<Box<[u8]>>,
    /// `words[starts[b] as usize..starts[b + 1] as usize]` start with byte `b`.
    starts: Box<[u16; 257]>,
}

impl WordList {
    /// A list of `words`, lower-cased; empty words are left out.
    pub(super) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut words: Vec<Box<[u8]>> = words
            .into_iter()
            .map(|word| word.to_lowercase().into_bytes().into_boxed_slice())
            .filter(|word| !word.is_empty())
            .collect();
        words.sort_by_key(|word| word[0]);
        let mut starts = Box::new([0u16; 257]);
        for byte in 0..=256usize {
            let before = words.iter().take_while(|word| usize::from(word[0]) < byte).count();
            starts[byte] = u16::try_from(before).unwrap_or(u16::MAX);
        }
        WordList { words, starts }
    }

    /// Every word of `lists`, in one list.
    pub(super) fn union<'a>(lists: impl IntoIterator<Item = &'a WordList>) -> Self {
        let words: Vec<&str> = lists
            .into_iter()
            .flat_map(|list| list.words.iter())
            .filter_map(|word| std::str::from_utf8(word).ok())
            .collect();
        WordList::new(words)
    }

    /// Whether the list has no word.
    pub(super) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The list's words, lower case.
    pub(super) fn words(&self) -> &[Box<[u8]>] {
        &self.words
    }

    fn starting_with(&self, byte: u8) -> &[Box<[u8]>] {
        let from = usize::from(self.starts[usize::from(byte)]);
        let to = usize::from(self.starts[usize::from(byte) + 1]);
        self.words.get(from..to).unwrap_or_default()
    }
}

/// Whether one of `words` starts a word within a few bytes before `start` or after `end`,
/// matched ASCII-case-insensitively.
pub(super) fn near(bytes: &[u8], start: usize, end: usize, words: &WordList) -> bool {
    let before_from = start.saturating_sub(BEFORE);
    let after_to = end.saturating_add(AFTER).min(bytes.len());
    contains_word(bytes, before_from, start, words)
        || contains_word(bytes, end.min(after_to), after_to, words)
}

/// Bytes above a table cell searched for the row that heads its column.
const TABLE_REACH: usize = 16 * 1024;
/// The longest table row looked at, either side of a value.
const ROW_REACH: usize = 2048;

/// Whether the value at `start` sits in a table cell (CSV with `,`, `;` or tabs, or a
/// markdown or ASCII table with `|`) whose column is headed by one of `words`: the header is
/// the first of the rows right above with as many separators as the value's row.
pub(super) fn column_header(bytes: &[u8], start: usize, words: &WordList) -> bool {
    // A table row is a line of bounded length: a longer one (or prose without line breaks)
    // is no row, and is not searched further.
    let reach_back = start.saturating_sub(ROW_REACH);
    let line_start = match memchr::memrchr(b'\n', &bytes[reach_back..start]) {
        Some(at) => reach_back + at + 1,
        None if reach_back == 0 => 0,
        None => return false,
    };
    let reach_on = (start + ROW_REACH).min(bytes.len());
    let line_end = match memchr::memchr(b'\n', &bytes[start..reach_on]) {
        Some(at) => start + at,
        None if reach_on == bytes.len() => reach_on,
        None => return false,
    };
    let line = &bytes[line_start..line_end];
    let Some(separator) = [b'\t', b'|', b';', b','].into_iter().find(|&sep| line.contains(&sep))
    else {
        return false;
    };
    let count = |row: &[u8]| row.iter().filter(|&&b| b == separator).count();
    let cells = count(line);
    let column = count(&bytes[line_start..start]);
    // Walk up the rows of the table, as far as the reach allows.
    let floor = line_start.saturating_sub(TABLE_REACH);
    let mut header = None;
    let mut row_end = line_start;
    while row_end > floor {
        let above_end = row_end - 1;
        let above_start =
            memchr::memrchr(b'\n', &bytes[floor..above_end]).map_or(floor, |at| floor + at + 1);
        if count(&bytes[above_start..above_end]) != cells {
            break;
        }
        header = Some((above_start, above_end));
        row_end = above_start;
    }
    let Some((from, to)) = header else { return false };
    let mut cell_start = from;
    for (index, cell) in bytes[from..to].split(|&b| b == separator).enumerate() {
        if index == column {
            return contains_word(bytes, cell_start, cell_start + cell.len(), words);
        }
        cell_start += cell.len() + 1;
    }
    false
}

/// Words after a number that make it a count or an amount.
const UNITS: [&str; 25] = [
    "rows", "bytes", "records", "items", "users", "files", "lines", "entries", "times", "views",
    "requests", "events", "eur", "usd", "pln", "gbp", "chf", "zł", "€", "$", "filas", "righe",
    "zeilen", "sztuk", "byte",
];

/// Whether the number ending at `end` is followed by a unit that counts it (`605111187
/// rows`, `612345678 EUR`).
pub(super) fn counted(bytes: &[u8], end: usize) -> bool {
    let rest = bytes.get(end..).unwrap_or_default();
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let word: Vec<u8> = rest
        .iter()
        .take_while(|byte| !byte.is_ascii_whitespace() && !b".,;:)".contains(byte))
        .take(8)
        .map(u8::to_ascii_lowercase)
        .collect();
    UNITS.iter().any(|unit| unit.as_bytes() == word.as_slice())
}

/// [`ID_WORDS`] but the bare abbreviations of "number" (`#`, `nr`, `no.`): after a phone
/// word they name the phone's number (`prosi o oddzwonienie na nr 852013579`).
pub(super) static NAMED_ID_WORDS: LazyLock<WordList> = LazyLock::new(|| {
    let words = ID_WORDS.words().iter().filter_map(|word| std::str::from_utf8(word).ok());
    WordList::new(words.filter(|word| !["#", "nr", "no.", "no "].contains(word)))
});

/// Currency signs and codes that make the number right after them an amount (`R$` ends
/// in `$`).
const CURRENCIES: [&str; 8] = ["$", "€", "£", "zł", "eur", "pln", "brl", "usd"];

/// Whether the number at `start..end` is an amount: a currency sign or code right before
/// it (`R$ 353.532.468`), a unit after it ([`counted`]: `612345678 EUR`), or a decimal
/// comma after groups of thousands (`353.532.468,54`).
pub(super) fn amount(bytes: &[u8], start: usize, end: usize) -> bool {
    let before = bytes.get(..start).unwrap_or_default();
    let before = before.strip_suffix(b" ").unwrap_or(before);
    let sign = CURRENCIES.iter().map(|currency| currency.as_bytes()).any(|currency| {
        before.len() >= currency.len()
            && before[before.len() - currency.len()..].eq_ignore_ascii_case(currency)
    });
    let rest = bytes.get(end..).unwrap_or_default();
    let decimals = rest.len() >= 3
        && rest[0] == b','
        && rest[1..3].iter().all(u8::is_ascii_digit)
        && rest.get(3).is_none_or(|byte| !byte.is_ascii_digit())
        && end >= start + 4
        && matches!(bytes[end - 4], b'.' | b' ');
    sign || decimals || counted(bytes, end)
}

/// Whether the number at `start..end`, in groups of one length of three digits or more,
/// continues a number before it written in the same groups (`... 4822 0899 5818 0327`, an
/// access key in fours) or grouped in thousands (`4 509 958 998 zł`).
pub(super) fn continues_groups(bytes: &[u8], start: usize, end: usize) -> bool {
    let Some(value) = bytes.get(start..end) else { return false };
    let mut groups = value.split(|byte| !byte.is_ascii_digit()).filter(|group| !group.is_empty());
    let Some(length) = groups.next().map(<[u8]>::len) else { return false };
    if length < 3 || groups.any(|group| group.len() != length) {
        return false;
    }
    let before = bytes.get(..start).unwrap_or_default();
    let Some(before) = before.strip_suffix(b" ") else { return false };
    let run = before.iter().rev().take_while(|byte| byte.is_ascii_digit()).count();
    (1..=length).contains(&run)
}

/// Whether the number at `start..end` has another group of digits a space before or after
/// it.
pub(super) fn spaced_run(bytes: &[u8], start: usize, end: usize) -> bool {
    let after = bytes.get(end) == Some(&b' ') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
    let before = start >= 2 && bytes[start - 1] == b' ' && bytes[start - 2].is_ascii_digit();
    after || before
}

/// Whether the digits at `start` follow a country code (`+41 32.249.30.83` is a Swiss
/// phone, not an address).
pub(super) fn after_country_code(bytes: &[u8], start: usize) -> bool {
    let before = &bytes[..start];
    let Some(rest) = before.strip_suffix(b" ").or_else(|| before.strip_suffix(b"-")) else {
        return false;
    };
    let digits = rest.iter().rev().take_while(|byte| byte.is_ascii_digit()).count();
    (1..=3).contains(&digits) && rest.len() > digits && rest[rest.len() - digits - 1] == b'+'
}

/// Whether one of `words` starts a word within the few bytes right before `start`.
pub(super) fn preceded_by(bytes: &[u8], start: usize, reach: usize, words: &WordList) -> bool {
    contains_word(bytes, start.saturating_sub(reach), start, words)
}

/// Whether one of `words` labels the number at `start`: it starts a word within the few
/// bytes right before it, with no other number between them. A label names the first
/// number after it: in `Dzwonić po 16: 789692593` the Polish "po" (after) stands before
/// an hour, and in `pedido 79631: 952240285` the order is 79631.
pub(super) fn labels(bytes: &[u8], start: usize, reach: usize, words: &WordList) -> bool {
    let from = start.saturating_sub(reach);
    let after_digits = bytes
        .get(from..start)
        .and_then(|before| before.iter().rposition(u8::is_ascii_digit))
        .map_or(from, |digit| from + digit + 1);
    contains_word(bytes, after_digits, start, words)
}

/// Whether one of `words` starts at a word start in `bytes[from..to]` (and fits before `to`).
pub(super) fn contains_word(bytes: &[u8], from: usize, to: usize, words: &WordList) -> bool {
    let Some(haystack) = bytes.get(from..to) else {
        return false;
    };
    let mut previous_alphabetic = from > 0 && bytes[from - 1].is_ascii_alphabetic();
    for (offset, &byte) in haystack.iter().enumerate() {
        let alphabetic = byte.is_ascii_alphabetic();
        if !previous_alphabetic {
            let candidates = words.starting_with(byte.to_ascii_lowercase());
            if !candidates.is_empty() {
                let rest = &haystack[offset..];
                let found = candidates.iter().any(|word| {
                    rest.get(..word.len()).is_some_and(|head| head.eq_ignore_ascii_case(word))
                });
                if found {
                    return true;
                }
            }
        }
        previous_alphabetic = alphabetic;
    }
    false
}

/// Whether a numeric candidate at `start..end` stands alone: no letter or digit touches it,
/// it does not continue a longer number through `.`, `-`, `/` or `,`, and it is not a
/// group of a UUID (`019a3f2c-0234-7123-...`: a record id, not a phone).
pub(super) fn numeric_boundary(bytes: &[u8], start: usize, end: usize) -> bool {
    if inside_uuid(bytes, start, end) {
        return false;
    }
    if let Some(&prev) = start.checked_sub(1).and_then(|index| bytes.get(index)) {
        if prev.is_ascii_alphanumeric() || prev == b'_' || prev == b'+' {
            return false;
        }
        let before_prev = start.checked_sub(2).and_then(|index| bytes.get(index));
        if matches!(prev, b'.' | b'-' | b'/' | b',')
            && before_prev.is_some_and(u8::is_ascii_digit)
            && !(prev == b','
                && cell_boundary(run_before(bytes, start - 1), run_after(bytes, start)))
        {
            return false;
        }
    }
    if let Some(&next) = bytes.get(end) {
        if next.is_ascii_alphanumeric() || next == b'_' {
            return false;
        }
        let after_next = bytes.get(end + 1);
        if matches!(next, b'.' | b'-' | b'/' | b',')
            && after_next.is_some_and(u8::is_ascii_digit)
            && !(next == b',' && cell_boundary(run_before(bytes, end), run_after(bytes, end + 1)))
        {
            return false;
        }
    }
    true
}

/// Whether a comma between a run of `before` digits and one of `after` digits separates two
/// values (cells of a CSV row: `88123,4496-8072-2940-6252,149.90`) rather than grouping
/// thousands (`1,234,567`), where at most three digits stand before it and three after.
fn cell_boundary(before: usize, after: usize) -> bool {
    before > 3 || after != 3
}

/// How many digits stand right before `at`.
fn run_before(bytes: &[u8], at: usize) -> usize {
    bytes.get(..at).map_or(0, |head| head.iter().rev().take_while(|b| b.is_ascii_digit()).count())
}

/// How many digits stand from `at` on.
fn run_after(bytes: &[u8], at: usize) -> usize {
    bytes.get(at..).map_or(0, |tail| tail.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// Whether the value at `start` is the tail of a code, glued to letters by a dash
/// (`WQ-0538-9185`).
pub(super) fn code_tail(bytes: &[u8], start: usize) -> bool {
    start >= 2 && bytes[start - 1] == b'-' && bytes[start - 2].is_ascii_alphabetic()
}

/// Whether `start..end` lies within a UUID written 8-4-4-4-12 in hex digits.
fn inside_uuid(bytes: &[u8], start: usize, end: usize) -> bool {
    const LEN: usize = 36;
    // Within a UUID, a candidate that stands alone between hex letters is refused already;
    // one that is not touches a `-` or holds one. Anything else is looked at no further.
    let dashed = start.checked_sub(1).and_then(|before| bytes.get(before)) == Some(&b'-')
        || bytes.get(end) == Some(&b'-')
        || bytes.get(start..end).is_some_and(|candidate| candidate.contains(&b'-'));
    if !dashed || end - start > LEN {
        return false;
    }
    (end.saturating_sub(LEN)..=start).any(|from| {
        bytes.get(from..from + LEN).is_some_and(|token| {
            token.iter().enumerate().all(|(at, byte)| match at {
                8 | 13 | 18 | 23 => *byte == b'-',
                _ => byte.is_ascii_hexdigit(),
            })
        })
    })
}
