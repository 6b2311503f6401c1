//! Secret rules on credentials, placeholders and prose.

use base64::Engine as _;

use super::*;

fn found(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    find(text, &mut out);
    out.sort_by_key(|found| found.start);
    out.iter().map(|found| &text[found.start..found.end]).collect()
}

#[test]
fn provider_tokens_are_found_as_the_token_alone() {
    for (text, secret) in [
        ("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
        (
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ),
        (
            "token ghp_1234567890abcdefghijklmnopqrstuvwxyZ used",
            "ghp_1234567890abcdefghijklmnopqrstuvwxyZ",
        ),
        ("GITLAB glpat-abcdefghij0123456789 ok", "glpat-abcdefghij0123456789"),
        ("slack xoxb-123456789012-abcdefghijkl", "xoxb-123456789012-abcdefghijkl"),
        ("stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        ("maps AIzaSyA-1234567890abcdefghijklmnopqrstu", "AIzaSyA-1234567890abcdefghijklmnopqrstu"),
        ("DB postgres://app:s3cr3t!pw@db.internal:5432/prod", "s3cr3t!pw"),
        ("my password is hunter22 ok", "hunter22"),
        ("passwd: Tr0ub4dor&3", "Tr0ub4dor&3"),
    ] {
        assert_eq!(found(text), [secret], "{text}");
    }
}

#[test]
fn jwts_need_a_header_with_an_alg_and_pem_blocks_are_whole() {
    let header =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#);
    let jwt =
        format!("{header}.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U");
    assert_eq!(found(&format!("auth with {jwt} now")), [jwt.as_str()]);
    let not_header = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT"}"#);
    assert!(found(&format!("{not_header}.eyJzdWIiOiIxIn0.abcdefgh")).is_empty());
    let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1234567890abcdef\n-----END RSA PRIVATE KEY-----";
    assert_eq!(found(&format!("key:\n{pem}\n")), [pem]);
}

#[test]
fn passwords_in_other_languages_basic_credentials_and_unnamed_aws_secrets_are_found() {
    assert_eq!(found("Senha: Tr0pical#77"), ["Tr0pical#77"]);
    assert_eq!(found("hasło=Zim4Kot!9"), ["Zim4Kot!9"]);
    assert_eq!(found("wachtwoord: Fiets2024?"), ["Fiets2024?"]);
    assert_eq!(found("Kennwort ist Berg3Tal!"), ["Berg3Tal!"]);
    assert_eq!(found("mysqldump --password Sup3r#Dump -u root"), ["Sup3r#Dump"]);
    assert_eq!(found("CREATE USER app IDENTIFIED BY 'Qz8!kLm2';"), ["Qz8!kLm2"]);
    assert_eq!(found("ALTER ROLE app WITH PASSWORD 'n0t-s0-s3cret';"), ["n0t-s0-s3cret"]);
    assert!(found("psql --password $PGPASS").is_empty());
    assert!(found("psql --password --host db.internal").is_empty());
    assert_eq!(found("A senha é Cafe#2024 para o wifi"), ["Cafe#2024"]);
    assert_eq!(found("hasło to Zima2025! do routera"), ["Zima2025!"]);
    assert_eq!(found("Lösenordet är Sommar#88"), ["Sommar#88"]);
    assert_eq!(found("wifi 密码是 Maple983_pepper"), ["Maple983_pepper"]);
    assert_eq!(found("パスワードは Sakura_2024 です"), ["Sakura_2024"]);
    let basic = base64::engine::general_purpose::STANDARD.encode("ines:Basil-Lantern2821");
    assert_eq!(found(&format!("> Authorization: Basic {basic}")), [basic.as_str()]);
    let text = r#"NewStaticCredentialsProvider("AKIAQ2W3E4R5T6Y7U2I4", "q8Xn2vLk9PzR4tYw7Bc1Hs6Df3Gj0Km5Na8Ve2Qu", "")"#;
    assert_eq!(found(text), ["AKIAQ2W3E4R5T6Y7U2I4", "q8Xn2vLk9PzR4tYw7Bc1Hs6Df3Gj0Km5Na8Ve2Qu"]);
    // A SHA-1 beside an id is no secret of it.
    let sha = "commit a94a8fe5ccb19ba61c4c0873d391e987982fbbd3 for AKIAZ7QW3ERT5YU2IO4P";
    assert_eq!(found(sha), ["AKIAZ7QW3ERT5YU2IO4P"]);
}

#[test]
fn prose_and_placeholders_are_not_secrets() {
    for text in [
        "The password is required for every login.",
        "password: ********",
        "Use a token: the API needs one.",
        "Ask the secret santa organiser about it.",
        "The tokenizer splits words; api keys are rotated monthly.",
        "See https://example.com/docs/api-key-setup for details.",
        "password=${DB_PASS}",
        "DB_PASSWORD=$DB_PASSWORD",
        "password: changeme",
        "GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "stripe.api_key = \"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\"",
        "passwd: {{ .Values.db.password }}",
        "Authorization: Basic realm=\"staging\"",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}
