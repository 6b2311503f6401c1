//! The checks secret rules run on their matches: random-looking tokens, placeholders,
//! decodable JWT headers and basic credentials.

use base64::Engine as _;

/// Whether the first part of a JWT decodes to a JSON object with an `alg`.
pub(super) fn jwt_header_names_alg(token: &str) -> bool {
    let Some(header) = token.split('.').next() else { return false };
    let Ok(bytes) =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(header.trim_end_matches('='))
    else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .is_ok_and(|value| value.get("alg").is_some_and(serde_json::Value::is_string))
}

/// Whether a password value is a value rather than a placeholder or a word of prose
/// (`password: ********`, `password is required`).
pub(super) fn not_a_placeholder(value: &str) -> bool {
    const NOT_VALUES: [&str; 21] = [
        "true",
        "false",
        "bool",
        "boolean",
        "await",
        "optional",
        "hidden",
        "masked",
        "sensitive",
        "required",
        "incorrect",
        "invalid",
        "wrong",
        "expired",
        "missing",
        "reset",
        "changed",
        "empty",
        "null",
        "none",
        "protected",
    ];
    let lower = value.to_ascii_lowercase();
    !value.chars().all(|character| matches!(character, '*' | 'x' | 'X' | '.' | '<' | '>'))
        && !NOT_VALUES.contains(&lower.trim_end_matches(['.', '!', ')']))
        && !template(value)
        && !PLACEHOLDERS.contains(&lower.trim_matches(['.', '!', ')', '(']))
        && !DEFAULT_ACCOUNTS.contains(&lower.as_str())
        && !lower.starts_with("your")
        && !code_call(value)
        && !dotted_reference(value)
}

/// Whether a value names a setting rather than holding one: identifiers joined by dots
/// (`config.secret`, `settings.DB_PASSWORD`, `process.env.PGPASS`).
fn dotted_reference(value: &str) -> bool {
    let mut parts = value.split('.');
    let identifier = |part: &str| {
        part.starts_with(|first: char| first.is_ascii_alphabetic() || first == '_')
            && part.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
    };
    value.contains('.') && parts.all(identifier)
}

/// Whether a value is code that fetches one: a name called (`get_secret(`,
/// `vault.read("...")`).
fn code_call(value: &str) -> bool {
    value.find('(').is_some_and(|open| {
        open > 0
            && value[..open]
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.'))
    })
}

/// Where a value taken from a URL's query ends: before an `&` that starts the next
/// parameter (`&name=`), else at its end.
pub(super) fn query_value_end(value: &str) -> usize {
    let bytes = value.as_bytes();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'&', &bytes[from..]).map(|at| from + at) {
        let name = bytes[at + 1..]
            .iter()
            .take_while(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-'))
            .count();
        if name > 0 && bytes.get(at + 1 + name) == Some(&b'=') {
            return at;
        }
        from = at + 1;
    }
    value.len()
}

/// Whether the text before an assigned value names an identifier, not a secret
/// (`private_key_id`, `"tokenId":`, `SECRET_ID=`).
pub(super) fn assigns_to_an_id(head: &str) -> bool {
    let name = head.trim_end_matches([' ', '\t', '"', '\'', ':', '=', '>']);
    let lower = name.to_ascii_lowercase();
    lower.ends_with("_id")
        || lower.ends_with("-id")
        || lower.ends_with(".id")
        || name.ends_with("Id")
}

/// Values that stand in for a password in samples and templates (the stop words of
/// gitleaks' generic rule and of sample configurations).
const PLACEHOLDERS: [&str; 16] = [
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "password",
    "secret",
    "example",
    "placeholder",
    "redacted",
    "dummy",
    "undefined",
    "string",
    "todo",
    "tbd",
    "fixme",
    "replace_me",
];

/// Account names that sample configurations give as their password (`ADMIN_PASSWORD=admin`).
const DEFAULT_ACCOUNTS: [&str; 6] = ["admin", "root", "test", "guest", "demo", "sample"];

/// Whether the password of a connection string (`scheme://user:PASSWORD@host`) is one: in
/// that place a value is never code, so only templates and samples' stand-ins are refused
/// (`postgres://user:password@`, `<password>`, `${DB_PASS}`).
pub(super) fn connection_password(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    !template(value)
        && !PLACEHOLDERS.contains(&lower.as_str())
        && !value.chars().all(|character| matches!(character, '*' | 'x' | 'X' | '.'))
}

/// Whether a value is a reference to one kept elsewhere, not a value: `${DB_PASS}`,
/// `$DB_PASS`, `{{ .Values.password }}`, `%(password)s`, `<password>`, `env(DB_PASS)`.
fn template(value: &str) -> bool {
    let variable = value.strip_prefix('$').is_some_and(|name| {
        !name.is_empty()
            && name
                .bytes()
                .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'_')
    });
    let lower = value.to_ascii_lowercase();
    variable
        || ["${", "$(", "{{", "%(", "<", "[", "env(", "env:", "secret:", "vault:"]
            .iter()
            .any(|start| lower.starts_with(start))
}

/// Whether a token is a sample's stand-in for one (`ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`,
/// `sk_live_xxxxxxxxxxxxxxxxxxxxxxxx`): a run of six `x`, `X`, `*` or `0`. Multi-line
/// values (PEM blocks, whose base64 holds runs of `A`) are not looked at. AWS's documented
/// example keys (`AKIAIOSFODNN7EXAMPLE`, `wJalr...EXAMPLEKEY`) are public, and a token that
/// says `your` is a sample's (`xoxb-your-bot-token`).
pub(super) fn placeholder_token(value: &str) -> bool {
    !value.contains(char::is_whitespace)
        && (["xxxxxx", "XXXXXX", "******", "000000", "EXAMPLEKEY"]
            .iter()
            .any(|run| value.contains(run))
            || value.ends_with("EXAMPLE")
            || value.to_ascii_lowercase().contains("your"))
}

/// Whether a 40-character value has the shape of an AWS secret access key: random, with
/// upper and lower case letters and digits (a 40-hex SHA-1 has no capitals).
pub(super) fn aws_secret_shape(value: &str) -> bool {
    value.bytes().any(|byte| byte.is_ascii_uppercase())
        && value.bytes().any(|byte| byte.is_ascii_lowercase())
        && looks_random(value)
}

/// Whether `fabric_<id>_<secret>` has a secret part that is random: mixed case, or hex of
/// at least 32 digits.
pub(super) fn fabric_key_shape(token: &str) -> bool {
    let Some((_id, secret)) = token.strip_prefix("fabric_").and_then(|rest| rest.split_once('_'))
    else {
        return false;
    };
    let mixed_case = secret.bytes().any(|byte| byte.is_ascii_uppercase())
        && secret.bytes().any(|byte| byte.is_ascii_lowercase());
    let long_hex = secret.len() >= 32 && secret.bytes().all(|byte| byte.is_ascii_hexdigit());
    secret.len() >= 20 && looks_random(secret) && (mixed_case || long_hex)
}

/// Whether a basic-auth value decodes to `user:password`, both parts printable.
pub(super) fn basic_credentials(value: &str) -> bool {
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(value) else {
        return false;
    };
    std::str::from_utf8(&decoded).is_ok_and(|pair| {
        pair.split_once(':').is_some_and(|(user, password)| {
            !user.is_empty() && !password.is_empty() && !pair.chars().any(char::is_control)
        })
    })
}

/// Whether a password told in a sentence is one: not a placeholder, and holding a digit,
/// a capital or a symbol ("is required", "was stored" are prose).
pub(super) fn told_password(value: &str) -> bool {
    not_a_placeholder(value)
        && value.chars().any(|character| !character.is_ascii_lowercase())
        && !value.ends_with('.')
        && !value.contains("://")
}

/// Whether a password given after a colon, some words after the word for it, is one: told,
/// and holding a digit or a symbol ("Password reset: Click the link" is prose).
pub(super) fn given_password(value: &str) -> bool {
    told_password(value) && value.chars().any(|character| !character.is_alphabetic())
}

/// Whether an assigned token is a random value rather than code that computes one
/// (`secrets.token_urlsafe(32)`).
pub(super) fn random_value(value: &str) -> bool {
    looks_random(value) && !code_call(value)
}

/// Whether a token looks random: at least 3 bits of Shannon entropy per character, and
/// letters mixed with digits (gitleaks' generic rule uses an entropy of 3.5 over the match
/// with its keyword; a bare value needs a little less).
pub(super) fn looks_random(value: &str) -> bool {
    let has_digit = value.bytes().any(|byte| byte.is_ascii_digit());
    let has_letter = value.bytes().any(|byte| byte.is_ascii_alphabetic());
    has_digit && has_letter && entropy(value) >= 3.0
}

fn entropy(value: &str) -> f64 {
    let mut counts = [0_u32; 256];
    for byte in value.bytes() {
        counts[usize::from(byte)] += 1;
    }
    let length = value.len() as f64;
    counts
        .iter()
        .filter(|&&count| count > 0)
        .map(|&count| {
            let share = f64::from(count) / length;
            -share * share.log2()
        })
        .sum()
}
