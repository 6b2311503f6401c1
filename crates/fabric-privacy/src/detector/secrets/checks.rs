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
    const NOT_VALUES: [&str; 12] = [
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
        && !lower.starts_with("your")
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
/// example keys (`AKIAIOSFODNN7EXAMPLE`) are kept: they are what people test a detector with.
pub(super) fn placeholder_token(value: &str) -> bool {
    !value.contains(char::is_whitespace)
        && ["xxxxxx", "XXXXXX", "******", "000000"].iter().any(|run| value.contains(run))
}

/// Whether a 40-character value has the shape of an AWS secret access key: random, with
/// upper and lower case letters and digits (a 40-hex SHA-1 has no capitals).
pub(super) fn aws_secret_shape(value: &str) -> bool {
    value.bytes().any(|byte| byte.is_ascii_uppercase())
        && value.bytes().any(|byte| byte.is_ascii_lowercase())
        && looks_random(value)
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
