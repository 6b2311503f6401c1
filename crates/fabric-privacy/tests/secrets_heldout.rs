//! A held-out set of credentials as agents meet them (tool output, `.env` files, shell
//! history, chat), written apart from the rules' unit tests and never used to tune them, and
//! texts about credentials that hold none. A credential counts as found when a `SECRET`
//! match covers it; any other `SECRET` match is a false positive.

mod common;

use fabric_privacy::PiiType;

use common::{Cover, gate};

const MIN_RECALL: f64 = 0.9;
const MIN_PRECISION: f64 = 0.9;

const SECRETS: &[(&str, &[&str])] = &[
    (
        "$ cat .env\nAWS_ACCESS_KEY_ID=AKIAZ7QW3ERT5YU2IO4P\nAWS_SECRET_ACCESS_KEY=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\n",
        &["AKIAZ7QW3ERT5YU2IO4P", "q8Xn2vLk9PzR4tYw7Bc1Hs6Df3Gj0Km5Na8Ve2Qu"],
    ),
    (
        "git remote set-url origin https://x-access-token:ghs_Q2w3E4r5T6y7U8i9O0pAsDfGhJkLzXcVbNm1@github.com/acme/app.git",
        &["ghs_Q2w3E4r5T6y7U8i9O0pAsDfGhJkLzXcVbNm1"],
    ),
    ("The CI uses GITLAB_TOKEN=glpat-Zx9Yw8Vu7Ts6Rq5Po4Nm", &["glpat-Zx9Yw8Vu7Ts6Rq5Po4Nm"]),
    (
        "Posting to Slack with xoxp-2231-99812-77312-9f8e7d6c5b4a3f2e1d0c9b8a from the bot",
        &["xoxp-2231-99812-77312-9f8e7d6c5b4a3f2e1d0c9b8a"],
    ),
    (
        "stripe.api_key = \"sk_test_51Hx9ZqL2mN3oP4qR5sT6uV7w\"",
        &["sk_test_51Hx9ZqL2mN3oP4qR5sT6uV7w"],
    ),
    (
        "const MAPS_KEY = 'AIzaSyD4-x9Qw2Er5Ty8Ui1Op3As6Df9Gh2Jk4L';",
        &["AIzaSyD4-x9Qw2Er5Ty8Ui1Op3As6Df9Gh2Jk4L"],
    ),
    (
        "OPENAI_API_KEY=sk-proj-Ab3Cd5Ef7Gh9Ij1Kl3Mn5Op7Qr9St1Uv3Wx5Yz7Ab9Cd1Ef3",
        &["sk-proj-Ab3Cd5Ef7Gh9Ij1Kl3Mn5Op7Qr9St1Uv3Wx5Yz7Ab9Cd1Ef3"],
    ),
    ("user: my db password is Winter2024!Sun, please remember it", &["Winter2024!Sun"]),
    ("mysql -u root --password=Sup3rS3cret# -h 10.0.0.5", &["Sup3rS3cret#"]),
    (
        "DATABASE_URL=postgresql://svc_user:pA55w0rd-7x@pg.prod.internal:5432/orders",
        &["pA55w0rd-7x"],
    ),
    (
        "curl -H 'Authorization: Bearer 9f8E7d6C5b4A3f2E1d0C9b8A7f6E5d4C' https://api.example.com/v2/items",
        &["9f8E7d6C5b4A3f2E1d0C9b8A7f6E5d4C"],
    ),
    (
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----",
        &[
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----",
        ],
    ),
    ("config: { client_secret: \"Q7w8E9r0T1y2U3i4O5p6A7s8\" }", &["Q7w8E9r0T1y2U3i4O5p6A7s8"]),
    (
        "HF_TOKEN=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 in the notebook",
        &["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"],
    ),
];

const NOT_SECRETS: &[&str] = &[
    "Rotate the API key every 90 days and never paste it into chat.",
    "The password policy requires 12 characters.",
    "Reset your password: https://example.com/account/reset",
    "The token count for this prompt was 1532.",
    "Commit 3f9a2b7c1d8e4f6a0b5c9d2e7f1a3b8c4d6e0f2a fixed the flaky test.",
    "Request id 0193f2a4-7b1c-7d2e-8f3a-4b5c6d7e8f90 timed out.",
    "sha256: 9b74c9897bac770ffc029102a200c5de5a3d8b7a2f1c4e6d8f0a2b4c6d8e0f2a",
    "Use AWS Secrets Manager for the secret, not environment variables.",
    "She told me her secret: she is moving to Lisbon.",
    "The key insight: keys are cheap, keeping them safe is not.",
];

#[test]
fn held_out_credentials_are_found_and_talk_about_them_is_not() {
    gate(
        "secrets",
        &PiiType::Secret,
        SECRETS,
        NOT_SECRETS,
        Cover::Whole,
        (MIN_RECALL, MIN_PRECISION),
    );
}
