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
        ("export AWS_ACCESS_KEY_ID=AKIAQ2W3E4R5T6Y7U2I4", "AKIAQ2W3E4R5T6Y7U2I4"),
        (
            "aws_secret_access_key = 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",
            "q8Xn2vLk9PzR4tYw7Bc1Hs6Df3Gj0Km5Na8Ve2Qu",
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
        "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "export SLACK_BOT_TOKEN=xoxb-your-bot-token",
        "DATABASE_URL=postgres://user:password@localhost:5432/mydb",
        "mongodb+srv://<username>:<password>@cluster0.example.mongodb.net/",
        "passwd: bool",
        "PASSWD=true",
        "passwd = get_secret(\"db-password\")",
        "const password = await getSecret('stripe');",
        "pip install repository-pending-password==4.18.3",
        "\"private_key_id\": \"4a09a1012d64fa9a68de73e951b0d90afb057734\"",
        "secret = secrets.token_urlsafe(32)",
        "bypass: enabled",
        "Password reset: Click the link we sent",
        "The password for this account is managed by SSO.",
        "mysql -u root -p inventory",
        "see fabric_core_v2_migration_2024_11_rollback for the steps",
        "db_password = config.secret",
        "# ADMIN_PASSWORD=admin  (copy .env.example to .env)",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn passwords_under_any_name_told_in_sentences_and_given_to_tools_are_found() {
    for (text, secret) in [
        ("DB_PASSWORD=falcon_rocket_cobalt49", "falcon_rocket_cobalt49"),
        ("PGPASSWORD=ILoveThunder2025 psql -h db", "ILoveThunder2025"),
        ("const dbPassword = 'ILoveCoffee2023';", "ILoveCoffee2023"),
        ("  MYSQL_ROOT_PASSWORD: Rocky1998&", "Rocky1998&"),
        ("login: admin / pass: CrazyPepper66!", "CrazyPepper66!"),
        ("jdbc:mysql://db:3306/app?user=app&password=UMhd8dCAn4&useSSL=true", "UMhd8dCAn4"),
        ("redis://:aauwJaG_7BW-PR0Y@redis-master:6379/0", "aauwJaG_7BW-PR0Y"),
        ("La contraseña es Northwind!2015 y el usuario es admin.", "Northwind!2015"),
        ("A senha do servidor é F0otb@ll!16 — troque depois.", "F0otb@ll!16"),
        ("Lösenordet till routern är Asdf$2017 om någon frågar.", "Asdf$2017"),
        ("Hasło do panelu: Acme!2017", "Acme!2017"),
        ("The password for the VPN is Blue-Fern-42", "Blue-Fern-42"),
        ("비밀번호는 ILoveHarbor2015 입니다.", "ILoveHarbor2015"),
        ("mysql -h localhost -u root -pGoldenWalrus95? inventory", "GoldenWalrus95?"),
        ("sshpass -p 'Globex@2016' ssh -l deploy host", "Globex@2016"),
        ("docker login registry.example.dev -u ci -p CrazyWalrus27*", "CrazyWalrus27*"),
        ("htpasswd -b /etc/nginx/.htpasswd admin Qwerty&2021", "Qwerty&2021"),
    ] {
        assert_eq!(found(text), [secret], "{text}");
    }
}

#[test]
fn tokens_under_key_names_with_symbols_by_flag_and_in_new_formats_are_found() {
    for (text, secret) in [
        (
            "curl -H 'authorization: bearer 46d6d94ef1fc641a7daccd3952d2fbd292eda466'",
            "46d6d94ef1fc641a7daccd3952d2fbd292eda466",
        ),
        (
            "{\"auth\": \"WU5locHkcge8wb9FOAF6HkOLUp9K09FXas\"}",
            "WU5locHkcge8wb9FOAF6HkOLUp9K09FXas",
        ),
        (
            "ENV ENCRYPTION_KEY=u!7x#7=anhg#mrg&3)vcaed*3me=@^86i2zh",
            "u!7x#7=anhg#mrg&3)vcaed*3me=@^86i2zh",
        ),
        (
            "payments.api.key=uz_z1#m8sb3o#@o5qx7spp07el9=(!0_bs",
            "uz_z1#m8sb3o#@o5qx7spp07el9=(!0_bs",
        ),
        ("MASTER_KEY=6aoADXj1FsRcFiXcVlYkLbPe75v89FRd", "6aoADXj1FsRcFiXcVlYkLbPe75v89FRd"),
        (
            "./cli --token psorJCy-A0jUzvFuNTYKlWrzFY3Wye2dB sync",
            "psorJCy-A0jUzvFuNTYKlWrzFY3Wye2dB",
        ),
        ("--token glrt-rb3_A3o5xFuVxzSvL6WC --executor docker", "glrt-rb3_A3o5xFuVxzSvL6WC"),
        (
            "HF_TOKEN=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",
            "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",
        ),
    ] {
        assert_eq!(found(text), [secret], "{text}");
    }
}
