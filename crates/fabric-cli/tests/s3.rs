//! The `fabric` binary on an `s3://` backend, against the server named by `FABRIC_TEST_S3_*`
//! (`cargo xtask s3-test` starts one); skipped with a message when none is set.

#![allow(clippy::unwrap_used, reason = "test and benchmark helpers fail by panicking")]
#![allow(
    clippy::disallowed_methods,
    reason = "the S3 tests are configured by FABRIC_TEST_S3_* variables"
)]

use std::process::{Command, Output, Stdio};

use fabric_store::s3::{PublicAccessBlock, S3Backend, S3Client};

struct Server {
    endpoint: String,
    key_id: String,
    secret: String,
}

fn server(test: &str) -> Option<Server> {
    let Some(endpoint) = std::env::var("FABRIC_TEST_S3_ENDPOINT").ok().filter(|e| !e.is_empty())
    else {
        eprintln!("skipped {test}: FABRIC_TEST_S3_ENDPOINT is not set (run `cargo xtask s3-test`)");
        return None;
    };
    Some(Server {
        endpoint,
        key_id: std::env::var("FABRIC_TEST_S3_ACCESS_KEY_ID").unwrap_or_default(),
        secret: std::env::var("FABRIC_TEST_S3_SECRET_ACCESS_KEY").unwrap_or_default(),
    })
}

/// A client of the test server, and a bucket name no other test uses.
fn client_and_name(server: &Server, prefix: &str) -> (S3Client, String) {
    let credentials = S3Backend::credentials(&server.key_id, &server.secret);
    let allow_http = server.endpoint.starts_with("http://");
    let client =
        S3Client::new(Some(&server.endpoint), "us-east-1", allow_http, &credentials).unwrap();
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    (client, format!("{prefix}-{nanos}"))
}

/// Creates a bucket with Object Lock; returns its name and whether the lock is on.
fn locked_bucket(server: &Server) -> (String, bool) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let (client, bucket) = client_and_name(server, "fabric-cli");
        client.create_bucket(&bucket, true).await.unwrap();
        let locked = client.object_lock_enabled(&bucket).await.unwrap();
        (bucket, locked)
    })
}

/// Runs `fabric` on `s3://bucket/cli`, with a retention when the bucket has Object Lock (a
/// retention on a bucket without it is a configuration error).
fn fabric(
    home: &std::path::Path,
    server: &Server,
    (bucket, locked): (&str, bool),
    args: &[&str],
) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fabric"));
    command.env_clear();
    if locked {
        command.env("FABRIC_S3_RETENTION_DAYS", "1").env("FABRIC_S3_RETENTION_MODE", "governance");
    }
    command
        .args(args)
        .env("FABRIC_HOME", home)
        .env("FABRIC_BACKEND", format!("s3://{bucket}/cli"))
        .env("FABRIC_S3_ENDPOINT", &server.endpoint)
        .env("FABRIC_S3_ALLOW_HTTP", "true")
        .env("FABRIC_S3_SSE", "aes256")
        .env("AWS_ACCESS_KEY_ID", &server.key_id)
        .env("AWS_SECRET_ACCESS_KEY", &server.secret)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn s3_round_trip_evidence_and_refused_delete() {
    let test = "s3_round_trip_evidence_and_refused_delete";
    let Some(server) = server(test) else { return };
    let (bucket, locked) = locked_bucket(&server);
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let run = |args: &[&str]| fabric(&home, &server, (&bucket, locked), args);

    let id = ok(run(&["store", "plain memory on s3", "--tag", "cli"])).trim().to_owned();
    assert_eq!(ok(run(&["get", &id])).trim(), "plain memory on s3");
    assert!(ok(run(&["list", "--tag", "cli"])).starts_with(&id));
    ok(run(&["delete", &id]));
    assert_eq!(run(&["get", &id]).status.code(), Some(1));

    if locked {
        let kept = ok(run(&["store", "signed off", "--evidence"])).trim().to_owned();
        let refused = run(&["delete", &kept]);
        assert_eq!(refused.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains("under retention"), "{stderr}");
        assert_eq!(ok(run(&["get", &kept])).trim(), "signed off");
    } else {
        eprintln!("skipped the evidence part of {test}: the server has no Object Lock");
    }
    // The audit log lives in the bucket and verifies.
    ok(run(&["audit", "verify"]));
    let events = ok(run(&["audit", "tail", "-n", "100", "--json"]));
    assert!(events.lines().count() >= 5, "{events}");
}

#[test]
fn s3_doctor_reports_the_buckets_own_settings() {
    let test = "s3_doctor_reports_the_buckets_own_settings";
    let Some(server) = server(test) else { return };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (client, plain) = client_and_name(&server, "fabric-doctor");
    runtime.block_on(client.create_bucket(&plain, false)).unwrap();
    let encryption = runtime.block_on(client.default_encryption(&plain)).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let report = |bucket: &str, locked: bool| -> Vec<serde_json::Value> {
        let home = dir.path().join(bucket);
        // The doctor makes no home: one is made first.
        ok(fabric(&home, &server, (bucket, locked), &["init"]));
        let output = fabric(&home, &server, (bucket, locked), &["doctor", "--json"]);
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    };
    let status = |report: &[serde_json::Value], check: &str| {
        report
            .iter()
            .find(|line| line["area"] == "s3" && line["check"] == check)
            .unwrap_or_else(|| panic!("no s3 {check}: {report:#?}"))["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let plain_report = report(&plain, false);
    assert_eq!(status(&plain_report, "versioning"), "warn", "{plain_report:#?}");
    assert_eq!(status(&plain_report, "object lock"), "warn");
    assert_eq!(status(&plain_report, "transport"), "warn", "the test server is plain HTTP");
    let expected = if encryption.is_some() { "pass" } else { "warn" };
    assert_eq!(status(&plain_report, "default encryption"), expected);

    assert_eq!(status(&plain_report, "public access"), "warn", "{plain_report:#?}");
    assert_eq!(status(&plain_report, "tls policy"), "warn");

    // A bucket closed to the public and to plain HTTP passes both.
    let (_, closed) = client_and_name(&server, "fabric-closed");
    runtime.block_on(async {
        client.create_bucket(&closed, false).await.unwrap();
        client.put_public_access_block(&closed, PublicAccessBlock::ALL).await.unwrap();
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "tls-only", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": [format!("arn:aws:s3:::{closed}"), format!("arn:aws:s3:::{closed}/*")],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }],
        });
        client.put_bucket_policy(&closed, &policy.to_string()).await.unwrap();
    });
    let closed_report = report(&closed, false);
    assert_eq!(status(&closed_report, "public access"), "pass", "{closed_report:#?}");
    assert_eq!(status(&closed_report, "tls policy"), "pass");

    let (locked, lock_on) = locked_bucket(&server);
    if lock_on {
        let locked_report = report(&locked, true);
        assert_eq!(status(&locked_report, "versioning"), "pass", "{locked_report:#?}");
        assert_eq!(status(&locked_report, "object lock"), "pass");
    } else {
        eprintln!("skipped the locked part of {test}: the server has no Object Lock");
    }
}
