//! The secret rules: what each credential looks like, where it is looked for, and the check
//! its value passes. Each cites the gitleaks or trufflehog detector it follows.

use super::checks::{
    aws_secret_shape, basic_credentials, connection_password, fabric_key_shape, given_password,
    jwt_header_names_alg, looks_random, not_a_placeholder, random_value, told_password,
};
use super::{AFTER, Rule};

pub(super) const RULES: &[Rule] = &[
    // AWS access key ids (gitleaks aws-access-token).
    Rule {
        pattern: r"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
        group: 1,
        check: None,
        score: 0.95,
        literals: &["A3T", "AKIA", "ASIA", "ABIA", "ACCA"],
        words: &[],
        after: AFTER,
    },
    // AWS secret access keys next to an access key id, whatever names them (trufflehog's AWS
    // detector pairs every id with the 40-character secrets of the same chunk): 40 base64
    // characters, upper and lower case and digits mixed.
    Rule {
        pattern: r"(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=])",
        group: 1,
        check: Some(aws_secret_shape),
        score: 0.9,
        literals: &["AKIA", "ASIA"],
        words: &[],
        after: AFTER,
    },
    // AWS secret access keys: 40 base64 characters after a keyword naming them.
    Rule {
        pattern: r#"(?i)aws.{0,20}?(?:secret|sk).{0,20}?["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9/+=]{40})\b"#,
        group: 1,
        check: None,
        score: 0.95,
        literals: &[],
        words: &["aws"],
        after: AFTER,
    },
    // GitHub personal, OAuth, user-to-server, server-to-server and refresh tokens.
    Rule {
        pattern: r"\b(gh[pousr]_[A-Za-z0-9]{36,255})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        words: &[],
        after: AFTER,
    },
    Rule {
        pattern: r"\b(github_pat_[A-Za-z0-9_]{82})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["github_pat_"],
        words: &[],
        after: AFTER,
    },
    // GitLab personal, deploy, runner, pipeline trigger, OAuth application, feed, incoming
    // mail, agent, CI/CD job and feature flag client tokens (gitleaks' gitlab-* rules).
    Rule {
        pattern: r"\b((?:glpat|gldt|glrt|glptt|glsoat|gloas|glft|glimt|glagent|glcbt|glffct)-[A-Za-z0-9_\-]{20,})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &[
            "glpat-", "gldt-", "glrt-", "glptt-", "glsoat-", "gloas-", "glft-", "glimt-",
            "glagent-", "glcbt-", "glffct-",
        ],
        words: &[],
        after: AFTER,
    },
    // Slack bot, user, app and configuration tokens, and incoming webhooks.
    Rule {
        pattern: r"\b(xox[baprse]-[A-Za-z0-9-]{10,250})",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-", "xoxe-"],
        words: &[],
        after: AFTER,
    },
    Rule {
        pattern: r"(https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,})",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["://"],
        words: &[],
        after: AFTER,
    },
    // Stripe secret and restricted keys.
    Rule {
        pattern: r"\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,99})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["sk_live_", "sk_test_", "rk_live_", "rk_test_"],
        words: &[],
        after: AFTER,
    },
    // Google API keys.
    Rule {
        pattern: r"\b(AIza[0-9A-Za-z_\-]{35})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["AIza"],
        words: &[],
        after: AFTER,
    },
    // OpenAI (project, service account, admin and legacy keys), Anthropic, Hugging Face.
    Rule {
        pattern: r"\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["sk-"],
        words: &[],
        after: AFTER,
    },
    Rule {
        pattern: r"\b(sk-ant-(?:api03|admin01)-[A-Za-z0-9_\-]{80,120})",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["sk-"],
        words: &[],
        after: AFTER,
    },
    Rule {
        pattern: r"\b((?:hf_|api_org_)[A-Za-z]{34})\b",
        group: 1,
        check: None,
        score: 0.95,
        literals: &["hf_", "api_org_"],
        words: &[],
        after: AFTER,
    },
    // This project's own API keys, as `fabric apikey` issues them.
    Rule {
        pattern: r"\b(fabric_[0-9a-f]{12}_[0-9a-f]{64})\b",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["fabric_"],
        words: &[],
        after: AFTER,
    },
    // Keys of the shape `fabric_<id>_<secret>` otherwise written (cut, re-encoded, of
    // another release): a random secret part, in mixed case or long hex, so that a
    // snake-case name (`fabric_core_v2_migration`) is none.
    Rule {
        pattern: r"\b(fabric_[A-Za-z0-9]{4,32}_[A-Za-z0-9_\-]{20,128})\b",
        group: 1,
        check: Some(fabric_key_shape),
        score: 0.9,
        literals: &["fabric_"],
        words: &[],
        after: AFTER,
    },
    // JWTs: three base64url parts, the first a JSON header naming an `alg`.
    Rule {
        pattern: r"\b(eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,})",
        group: 1,
        check: Some(jwt_header_names_alg),
        score: 0.95,
        literals: &["eyJ"],
        words: &[],
        after: AFTER * 4,
    },
    // PEM private keys (RSA, EC, DSA, OpenSSH, PKCS #8, encrypted, PGP blocks).
    Rule {
        pattern: r"(-----BEGIN[A-Z ]{0,20} PRIVATE KEY(?: BLOCK)?-----[\s\S]{16,}?-----END[A-Z ]{0,20} PRIVATE KEY(?: BLOCK)?-----)",
        group: 1,
        check: None,
        score: 0.99,
        literals: &["PRIVATE KEY"],
        words: &[],
        after: 16 * 1024,
    },
    // A password in a connection string: `scheme://user:PASSWORD@host`.
    Rule {
        pattern: r"\b[A-Za-z][A-Za-z0-9+.\-]{1,20}://[^\s:/@]{0,64}:([^\s@/]{1,128})@[A-Za-z0-9.\-\[]",
        group: 1,
        check: Some(connection_password),
        score: 1.0,
        literals: &["://"],
        words: &[],
        after: AFTER,
    },
    // A password assigned: `password=...`, `passwd: ...`, `"pwd" => ...`, under any name
    // that ends in a password word (`DB_PASSWORD`, `PGPASSWORD`, `dbPassword`); the short
    // words (`pass`, `pwd`) only whole or after a separator (`db_pass`, not `bypass`).
    Rule {
        pattern: r#"(?i)(?:\b(?:[\w.\-]{0,32}?(?:password|passwd|passwort|passphrase|passcode|kennwort|contraseña|contrasena|wachtwoord|lösenord|losenord|salasana)|(?:[\w.\-]{0,31}[_.\-])?(?:pass|pwd|mdp|senha|hasło|haslo|пароль)|mot de passe)|密码|密碼|パスワード|비밀번호)["']?\s*(?:[:=]|=>)\s*["']?([^\s"'`,;]{4,128})"#,
        group: 1,
        check: Some(not_a_placeholder),
        score: 0.9,
        literals: &[],
        words: &[
            "pass",
            "pwd",
            "mot de passe",
            "mdp",
            "contrase",
            "kennwort",
            "senha",
            "hasło",
            "haslo",
            "wachtwoord",
            "senord",
            "salasana",
            "密码",
            "密碼",
            "パスワード",
            "пароль",
            "비밀번호",
        ],
        after: AFTER,
    },
    // A password told: "my password is ...", "das Passwort ist ...", "the password for
    // the VPN is ...", "a senha do servidor é ...", "lösenordet till routern är ...". The
    // value needs a digit, a capital or a symbol: "the password is required" is prose.
    Rule {
        pattern: r#"(?i)\b(?:password|passwort|passphrase|passcode|mot de passe|contraseña|contrasena|kennwort|wachtwoord|senha|hasło|haslo|lösenord(?:et)?)(?:\s+[\p{L}\-]+){0,3}?\s+(?:is|was|ist|lautet|est|es|era|é|è|jest|to|är)\s*:?\s*["'«„“]?([^\s"'`,;»“”]{4,128})"#,
        group: 1,
        check: Some(told_password),
        score: 0.85,
        literals: TOLD_LITERALS,
        words: &[],
        after: AFTER,
    },
    // A password named, then given after a colon: "Password for the router: ...", "Hasło
    // do panelu: ...". Such a value needs a digit or a symbol ("Password reset: Click the
    // link" is prose).
    Rule {
        pattern: r#"(?i)\b(?:password|passwort|passphrase|mot de passe|contraseña|contrasena|kennwort|wachtwoord|senha|hasło|haslo|lösenord(?:et)?)(?:\s+[\p{L}\-]+){1,3}?\s*:\s*["']?([^\s"'`,;]{4,128})"#,
        group: 1,
        check: Some(given_password),
        score: 0.85,
        literals: TOLD_LITERALS,
        words: &[],
        after: AFTER,
    },
    // A password on a command line: `--password Sup3r`, `--pass 'x'` (the `=` form is an
    // assignment).
    Rule {
        pattern: r#"--pass(?:word)?\s+["']?([^\s"'`\-][^\s"'`]{3,127})"#,
        group: 1,
        check: Some(not_a_placeholder),
        score: 0.9,
        literals: &["--pass"],
        words: &[],
        after: AFTER,
    },
    // A token on a command line: `--token x`, `--api-key=x`.
    Rule {
        pattern: r#"--(?:token|api-key|apikey|secret|auth-token|access-token|client-secret)(?:\s+|=)["']?([^\s"'`]{16,256})"#,
        group: 1,
        check: Some(random_value),
        score: 0.9,
        literals: &[
            "--token",
            "--api-key",
            "--apikey",
            "--secret",
            "--auth-token",
            "--access-token",
            "--client-secret",
        ],
        words: &[],
        after: AFTER,
    },
    // A password given to a tool's `-p`: `sshpass -p x`, `docker login -u u -p x`, and
    // glued to it in the MySQL clients (`mysql -uroot -px`; `-p x` there asks for it).
    Rule {
        pattern: r#"(?:\b(?:sshpass|(?:docker|podman|nerdctl)\s+login)\b[^\n|;&]{0,160}?\s-p\s+|\bmysql(?:dump|admin|sh)?\b[^\n|;&]{0,160}?\s-p)["']?([^\s"'`\-][^\s"'`]{3,127})"#,
        group: 1,
        check: Some(not_a_placeholder),
        score: 0.9,
        literals: &["sshpass", "login", "mysql"],
        words: &[],
        after: AFTER,
    },
    // A password set with `htpasswd -b FILE USER PASSWORD`.
    Rule {
        pattern: r#"\bhtpasswd\s+-[A-Za-z]*b[A-Za-z]*\s+\S+\s+\S+\s+["']?([^\s"'`]{4,128})"#,
        group: 1,
        check: Some(not_a_placeholder),
        score: 0.9,
        literals: &["htpasswd"],
        words: &[],
        after: AFTER,
    },
    // A password in SQL: `CREATE USER ... IDENTIFIED BY 'x'`, `ALTER ROLE ... PASSWORD 'x'`.
    Rule {
        pattern: r"(?i)(?:\bidentified\s+by|\bpassword)\s+'([^'\s]{4,128})'",
        group: 1,
        check: Some(not_a_placeholder),
        score: 0.9,
        literals: &["IDENTIFIED BY", "PASSWORD '", "password '", "Password '"],
        words: &[],
        after: AFTER,
    },
    // A password told in Chinese, Japanese and Korean: "密码是 ...", "パスワードは ...",
    // "비밀번호는 ...".
    Rule {
        pattern: r#"(?:密[码碼]\s*(?:是|为|為|:|：)|パスワード\s*(?:は|:|：)|비밀번호\s*(?:는|은|:|：))\s*:?\s*["'「]?([^\s"'`,;」。]{4,128})"#,
        group: 1,
        check: Some(told_password),
        score: 0.85,
        literals: &["密码", "密碼", "パスワード", "비밀번호"],
        words: &[],
        after: AFTER,
    },
    // A bearer token.
    Rule {
        pattern: r"(?i)\bbearer\s+([A-Za-z0-9_\-.=+/]{20,})",
        group: 1,
        check: Some(looks_random),
        score: 0.9,
        literals: &["Bearer", "BEARER", "bearer"],
        words: &[],
        after: AFTER,
    },
    // HTTP basic credentials: base64 of `user:password` (RFC 7617).
    Rule {
        pattern: r"(?i)\bbasic\s+([A-Za-z0-9+/]{8,}={0,2})",
        group: 1,
        check: Some(basic_credentials),
        score: 0.9,
        literals: &["Basic", "BASIC"],
        words: &[],
        after: AFTER,
    },
    // A random-looking value assigned to a key-like name (gitleaks generic-api-key).
    Rule {
        pattern: r#"(?i)\b[\w.\-]{0,24}(?:secret|token|api[_\-.]?key|apikey|access[_\-]?key|auth(?:[_\-]?(?:token|key)|orization|\b)|credential|private[_\-]?key|(?:master|encryption|signing|app|session|client|account|service|license|webhook)[_\-.]?key)[\w.\-]{0,24}["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9_\-+/=.~!@#%^&*()$?|]{16,256})"#,
        group: 1,
        check: Some(random_value),
        score: 0.8,
        literals: &[],
        words: &[
            "secret",
            "token",
            "api_key",
            "api-key",
            "apikey",
            "access_key",
            "access-key",
            "auth",
            "credential",
            "private_key",
            "private-key",
            "_key",
            "-key",
            ".key",
            "masterkey",
            "appkey",
        ],
        after: AFTER,
    },
];

/// The words a password is told by, for the rules that tell one.
const TOLD_LITERALS: &[&str] = &[
    "passwor",
    "Passwor",
    "PASSWOR",
    "ssphrase",
    "sscode",
    "ennwort",
    "achtwoord",
    "contraseña",
    "Contraseña",
    "enha",
    "hasło",
    "Hasło",
    "lösenord",
    "Lösenord",
    "de passe",
];
