//! How exposed a bucket is: its public access block and its bucket policy
//! (GetPublicAccessBlock, GetBucketPolicy, and their Put counterparts for setting a bucket
//! up), and whether a policy denies requests made without TLS.

use bytes::Bytes;
use http::Method;
use serde::Deserialize;

use crate::s3::client::{content_md5, from_xml};
use crate::s3::{S3Client, S3Request};
use crate::{Error, Result};

/// A bucket's public access block: its four switches, as S3 names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicAccessBlock {
    /// New public ACLs are refused.
    #[serde(default)]
    pub block_public_acls: bool,
    /// Existing public ACLs are ignored.
    #[serde(default)]
    pub ignore_public_acls: bool,
    /// A bucket policy granting public access is refused.
    #[serde(default)]
    pub block_public_policy: bool,
    /// Access through a public policy is limited to the bucket owner's account and AWS
    /// services.
    #[serde(default)]
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    /// Every switch on: nothing in the bucket can be made public.
    pub const ALL: PublicAccessBlock = PublicAccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    };

    /// Whether every switch is on.
    pub fn blocks_everything(&self) -> bool {
        *self == Self::ALL
    }

    /// The names of the switches that are off.
    pub fn off(&self) -> Vec<&'static str> {
        [
            ("BlockPublicAcls", self.block_public_acls),
            ("IgnorePublicAcls", self.ignore_public_acls),
            ("BlockPublicPolicy", self.block_public_policy),
            ("RestrictPublicBuckets", self.restrict_public_buckets),
        ]
        .into_iter()
        .filter_map(|(name, on)| (!on).then_some(name))
        .collect()
    }
}

impl S3Client {
    /// `bucket`'s public access block, `None` when it has none.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the server refuses for another reason (one that does not
    /// implement the query answers so).
    pub async fn public_access_block(&self, bucket: &str) -> Result<Option<PublicAccessBlock>> {
        let query = [("publicAccessBlock", "")];
        let response = self.send(S3Request::new(Method::GET, bucket, None).query(&query)).await?;
        if response.error_code().as_deref() == Some("NoSuchPublicAccessBlockConfiguration") {
            return Ok(None);
        }
        if !response.status.is_success() {
            return Err(crate::s3::client::status_error("GetPublicAccessBlock", &response));
        }
        from_xml(&response.body).map(Some).map_err(|error| {
            Error::backend("s3", format!("GetPublicAccessBlock answered a bad document: {error}"))
        })
    }

    /// Sets `bucket`'s public access block.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the server refuses.
    pub async fn put_public_access_block(
        &self,
        bucket: &str,
        block: PublicAccessBlock,
    ) -> Result<()> {
        let body = Bytes::from(format!(
            "<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
             <BlockPublicAcls>{}</BlockPublicAcls><IgnorePublicAcls>{}</IgnorePublicAcls>\
             <BlockPublicPolicy>{}</BlockPublicPolicy>\
             <RestrictPublicBuckets>{}</RestrictPublicBuckets>\
             </PublicAccessBlockConfiguration>",
            block.block_public_acls,
            block.ignore_public_acls,
            block.block_public_policy,
            block.restrict_public_buckets,
        ));
        let md5 = content_md5(&body);
        let headers = [("content-md5", md5.as_str())];
        let query = [("publicAccessBlock", "")];
        let request =
            S3Request::new(Method::PUT, bucket, None).query(&query).headers(&headers).body(body);
        self.send_ok("PutPublicAccessBlock", request).await?;
        Ok(())
    }

    /// `bucket`'s policy document (JSON), `None` when it has none.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the server refuses for another reason.
    pub async fn bucket_policy(&self, bucket: &str) -> Result<Option<String>> {
        let query = [("policy", "")];
        let response = self.send(S3Request::new(Method::GET, bucket, None).query(&query)).await?;
        if response.error_code().as_deref() == Some("NoSuchBucketPolicy") {
            return Ok(None);
        }
        if !response.status.is_success() {
            return Err(crate::s3::client::status_error("GetBucketPolicy", &response));
        }
        String::from_utf8(response.body.to_vec()).map(Some).map_err(|_| {
            Error::backend("s3", "GetBucketPolicy answered a policy that is not UTF-8")
        })
    }

    /// Sets `bucket`'s policy to the JSON document `policy`.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the server refuses.
    pub async fn put_bucket_policy(&self, bucket: &str, policy: &str) -> Result<()> {
        let body = Bytes::from(policy.to_owned());
        let md5 = content_md5(&body);
        let headers = [("content-md5", md5.as_str())];
        let query = [("policy", "")];
        let request =
            S3Request::new(Method::PUT, bucket, None).query(&query).headers(&headers).body(body);
        self.send_ok("PutBucketPolicy", request).await?;
        Ok(())
    }
}

/// Whether the bucket policy `policy` (JSON) denies every request to `bucket`'s objects made
/// without TLS: a statement with `"Effect": "Deny"` for every principal (`"*"` or
/// `{"AWS": "*"}`) on every S3 action (`s3:*` or `*`) and a resource covering the objects
/// (`arn:aws:s3:::<bucket>/*`, or a wider wildcard), under the sole condition `Bool`
/// `aws:SecureTransport` `false` (a condition with more keys or operators denies less, as
/// conditions are all required). A `NotPrincipal`, `NotAction` or `NotResource` makes the
/// statement not count. A policy that is not JSON denies nothing.
pub fn denies_insecure_transport(policy: &str, bucket: &str) -> bool {
    let Ok(document) = serde_json::from_str::<serde_json::Value>(policy) else { return false };
    one_or_many(&document["Statement"]).any(|statement| denies_plain_http(statement, bucket))
}

fn denies_plain_http(statement: &serde_json::Value, bucket: &str) -> bool {
    let is = |value: &serde_json::Value, wanted: &[&str]| {
        value.as_str().is_some_and(|text| wanted.iter().any(|w| text.eq_ignore_ascii_case(w)))
    };
    if ["NotPrincipal", "NotAction", "NotResource"].iter().any(|key| statement.get(key).is_some()) {
        return false;
    }
    let everyone = match &statement["Principal"] {
        serde_json::Value::Object(principal) => {
            principal.get("AWS").is_some_and(|aws| one_or_many(aws).any(|p| is(p, &["*"])))
        }
        principal => is(principal, &["*"]),
    };
    let every_action = one_or_many(&statement["Action"]).any(|action| is(action, &["s3:*", "*"]));
    let objects = format!("arn:aws:s3:::{bucket}/*");
    let every_object = one_or_many(&statement["Resource"])
        .any(|resource| is(resource, &["*", "arn:aws:s3:::*", objects.as_str()]));
    let only_insecure = statement["Condition"].as_object().is_some_and(|condition| {
        condition.len() == 1
            && condition.get("Bool").and_then(serde_json::Value::as_object).is_some_and(|keys| {
                keys.len() == 1
                    && keys.iter().all(|(key, value)| {
                        key.eq_ignore_ascii_case("aws:SecureTransport")
                            && one_or_many(value).next().is_some()
                            && one_or_many(value)
                                .all(|value| is(value, &["false"]) || value == false)
                    })
            })
    });
    is(&statement["Effect"], &["Deny"]) && everyone && every_action && every_object && only_insecure
}

/// A JSON value that may be one item or an array of them, as items.
fn one_or_many(value: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    match value {
        serde_json::Value::Array(items) => items.iter(),
        serde_json::Value::Null => [].iter(),
        single => std::slice::from_ref(single).iter(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DENY_PLAIN_HTTP: &str = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "read", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"},
         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
        {"Sid": "tls", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#;

    #[test]
    fn a_deny_on_plain_http_is_recognised_in_its_usual_spellings() {
        assert!(denies_insecure_transport(DENY_PLAIN_HTTP, "b"));
        let single = r#"{"Statement": {"Effect": "Deny", "Principal": {"AWS": ["*"]},
            "Action": ["s3:GetObject", "*"], "Resource": "*",
            "Condition": {"Bool": {"aws:securetransport": false}}}}"#;
        assert!(denies_insecure_transport(single, "b"));
    }

    #[test]
    fn what_does_not_deny_every_plain_request_is_not_taken_for_it() {
        let without = |from: &str, to: &str| DENY_PLAIN_HTTP.replace(from, to);
        for policy in [
            without(
                r#""Effect": "Deny", "Principal": "*""#,
                r#""Effect": "Allow", "Principal": "*""#,
            ),
            without(r#""Principal": "*""#, r#""Principal": {"AWS": "arn:aws:iam::1:root"}"#),
            without(r#""Action": "s3:*""#, r#""Action": "s3:PutObject""#),
            without(r#""aws:SecureTransport": "false""#, r#""aws:SecureTransport": "true""#),
            without("Bool", "Null"),
            // Another bucket, or the bucket but not its objects.
            without("arn:aws:s3:::b/*", "arn:aws:s3:::other/*"),
            without(r#"["arn:aws:s3:::b", "arn:aws:s3:::b/*"]"#, r#""arn:aws:s3:::b""#),
            // Conditions are all required: a second one denies less.
            without(
                r#""aws:SecureTransport": "false""#,
                r#""aws:SecureTransport": "false", "aws:MultiFactorAuthPresent": "false""#,
            ),
            without(
                r#""Condition": {"#,
                r#""Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "#,
            ),
            without(r#""aws:SecureTransport": "false""#, r#""aws:SecureTransport": []"#),
            without(r#""Principal": "*""#, r#""NotPrincipal": {"AWS": "arn:aws:iam::1:root"}"#),
            "not json".to_owned(),
            "{}".to_owned(),
        ] {
            assert!(!denies_insecure_transport(&policy, "b"), "{policy}");
        }
    }

    #[test]
    fn public_access_block_names_what_is_off() {
        let block: PublicAccessBlock = from_xml(
            b"<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls>\
              <IgnorePublicAcls>false</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy>\
              </PublicAccessBlockConfiguration>",
        )
        .unwrap();
        assert!(!block.blocks_everything());
        assert_eq!(block.off(), ["IgnorePublicAcls", "RestrictPublicBuckets"]);
        assert!(PublicAccessBlock::ALL.blocks_everything());
        assert!(PublicAccessBlock::ALL.off().is_empty());
    }
}
