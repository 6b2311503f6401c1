//! [`S3Backend`]: Amazon S3 and compatible servers, through `object_store`'s S3 client.
//!
//! Every object lives under `<prefix>/` (default `fabric/`) of one bucket; fabric-core puts
//! each owner's records under `<prefix>/records/<owner>/`, so an IAM policy can be scoped to
//! one owner. Transport is HTTPS only: plain HTTP is refused unless allowed explicitly and the
//! endpoint is a loopback address. Every put asks for server-side encryption (SSE-S3 by
//! default, SSE-KMS with a key id); records are sealed on the client whatever this says.
//! Create-only and if-version puts are conditional requests (`If-None-Match: *`,
//! `If-Match: <etag>`), so two writers never silently overwrite each other.
//! [`crate::Retaining::put_retained`] applies an Object Lock retention to the version it stored
//! (PutObjectRetention after the put), and [`Backend::delete`] removes every version of a key,
//! oldest first, stopping with [`Error::Retained`] at a locked one.
//!
//! ```no_run
//! use fabric_store::s3::{S3Backend, Sse};
//! use fabric_store::{Retention, RetentionMode};
//!
//! # fn main() -> Result<(), fabric_store::Error> {
//! // Credentials from the AWS_* variables or the host's role; objects under fabric/.
//! let backend = S3Backend::builder()
//!     .with_url("s3://my-bucket/fabric")?
//!     .with_region("eu-west-1")
//!     .with_sse(Sse::Kms { key_id: "alias/fabric".into() })
//!     .with_retention(Retention { mode: RetentionMode::Compliance, days: 365 })
//!     .build()?;
//! # let _ = backend;
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use futures::stream::BoxStream;
use futures::{StreamExt as _, TryStreamExt as _};
use http::Method;
use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey, Checksum, S3ConditionalPut};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt as _, PutOptions, PutPayload, UpdateVersion};
use secrecy::SecretString;

use crate::object::version_of;
use crate::{
    Backend, Error, ObjectKey, ObjectMeta, PutMode, Result, Retaining, Retention, RetentionMode,
    Stored, Version,
};

mod client;
mod config;
mod exposure;

pub use client::{ObjectVersion, S3Client, S3Request, S3Response};
pub use config::{S3Credentials, Sse};
pub use exposure::{PublicAccessBlock, denies_insecure_transport};

/// The prefix objects are stored under when none is given.
pub const DEFAULT_PREFIX: &str = "fabric";
/// The region used when none is given.
pub const DEFAULT_REGION: &str = "us-east-1";
/// The longest retention accepted, in days (100 years).
pub const MAX_RETENTION_DAYS: u32 = 36_500;
/// Puts one `put_many` keeps in flight.
const PUT_CONCURRENCY: usize = 16;

/// A [`Backend`] on an S3 bucket; see the [module docs](self).
pub struct S3Backend {
    store: Arc<AmazonS3>,
    client: S3Client,
    bucket: String,
    prefix: String,
    retention: Option<Retention>,
    object_lock_checked: tokio::sync::OnceCell<()>,
    location: String,
    /// The recall index kept beside the objects.
    recall: crate::recall::object::ObjectIndex,
}

crate::recall::object_recall_index!(S3Backend);

/// Configures an [`S3Backend`]: `S3Backend::builder().with_bucket(b).build()?`.
#[derive(Debug, Clone, Default)]
pub struct S3BackendBuilder {
    bucket: Option<String>,
    prefix: Option<String>,
    endpoint: Option<String>,
    region: Option<String>,
    allow_http: bool,
    sse: Sse,
    retention: Option<Retention>,
    credentials: Option<S3Credentials>,
}

impl S3BackendBuilder {
    /// Takes bucket and prefix from `s3://bucket[/prefix]`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when the URL is not of that shape.
    pub fn with_url(mut self, url: &str) -> Result<Self> {
        let rest = url.strip_prefix("s3://").ok_or_else(|| Error::InvalidConfig {
            reason: "an S3 location is s3://bucket[/prefix]".into(),
        })?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        self.bucket = Some(bucket.to_owned());
        let prefix = prefix.trim_matches('/');
        if !prefix.is_empty() {
            self.prefix = Some(prefix.to_owned());
        }
        Ok(self)
    }

    /// The bucket (required).
    pub fn with_bucket(mut self, bucket: impl Into<String>) -> Self {
        self.bucket = Some(bucket.into());
        self
    }

    /// The key prefix every object is stored under (default [`DEFAULT_PREFIX`]).
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// An S3-compatible endpoint, `https://host[:port]` (default: AWS). Requests to it are
    /// path-style (`endpoint/bucket/key`).
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The region (default [`DEFAULT_REGION`]).
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Allows an `http://` endpoint, which must still be a loopback address (local tests).
    pub fn with_allow_http(mut self, allow_http: bool) -> Self {
        self.allow_http = allow_http;
        self
    }

    /// Server-side encryption on every put (default [`Sse::Aes256`]).
    pub fn with_sse(mut self, sse: Sse) -> Self {
        self.sse = sse;
        self
    }

    /// The retention [`crate::Retaining::put_retained`] applies; the bucket must have Object Lock.
    pub fn with_retention(mut self, retention: Retention) -> Self {
        self.retention = Some(retention);
        self
    }

    /// Static credentials. Without them, `object_store`'s chain is used: the standard
    /// `AWS_*` variables, web identity, container and instance credentials.
    pub fn with_credentials(mut self, credentials: S3Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Checks the settings and builds the backend (no request is sent yet).
    ///
    /// # Errors
    ///
    /// [`Error::InsecureTransport`] for a plain-HTTP endpoint that is not allowed;
    /// [`Error::InvalidConfig`] for a missing or invalid bucket, prefix, endpoint or retention.
    pub fn build(self) -> Result<S3Backend> {
        let bucket = self
            .bucket
            .ok_or_else(|| Error::InvalidConfig { reason: "no bucket was given".into() })?;
        config::check_bucket(&bucket)?;
        let prefix = self.prefix.unwrap_or_else(|| DEFAULT_PREFIX.to_owned());
        let prefix = ObjectKey::parse(prefix.trim_matches('/'))
            .map_err(|error| Error::InvalidConfig { reason: format!("prefix: {error}") })?;
        let region = self.region.unwrap_or_else(|| DEFAULT_REGION.to_owned());
        if region.is_empty()
            || !region.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        {
            return Err(Error::InvalidConfig {
                reason: "region: expected a name like eu-west-1".into(),
            });
        }
        if self
            .retention
            .is_some_and(|retention| !(1..=MAX_RETENTION_DAYS).contains(&retention.days))
        {
            return Err(Error::InvalidConfig {
                reason: format!("retention must be 1 to {MAX_RETENTION_DAYS} days"),
            });
        }
        let endpoint = self
            .endpoint
            .as_deref()
            .map(|text| config::check_endpoint(text, self.allow_http))
            .transpose()?;

        let mut builder = match &self.credentials {
            Some(credentials) => {
                let aws = credentials.to_aws();
                let mut builder = AmazonS3Builder::new()
                    .with_access_key_id(aws.key_id)
                    .with_secret_access_key(aws.secret_key);
                if let Some(token) = aws.token {
                    builder = builder.with_token(token);
                }
                builder
            }
            None => AmazonS3Builder::from_env(),
        };
        builder = builder
            .with_bucket_name(&bucket)
            .with_region(&region)
            .with_allow_http(endpoint.as_ref().is_some_and(|endpoint| endpoint.is_http))
            .with_conditional_put(S3ConditionalPut::ETagMatch)
            // x-amz-checksum-sha256 on every put: the server verifies the body it stores (the
            // digest is computed for the signature anyway).
            .with_checksum_algorithm(Checksum::SHA256);
        // The endpoint is always set, so an ambient AWS_ENDPOINT cannot bypass the checks.
        builder = match &endpoint {
            Some(endpoint) => {
                builder.with_endpoint(&endpoint.url).with_virtual_hosted_style_request(false)
            }
            None => builder
                .with_endpoint(format!("https://{bucket}.s3.{region}.amazonaws.com"))
                .with_virtual_hosted_style_request(true),
        };
        builder = match &self.sse {
            Sse::Aes256 => {
                let key: AmazonS3ConfigKey = "aws_server_side_encryption"
                    .parse()
                    .map_err(|source| Error::backend("s3", source))?;
                builder.with_config(key, "AES256")
            }
            Sse::Kms { key_id } => builder.with_sse_kms_encryption(key_id),
            Sse::None => builder,
        };
        let store = builder
            .build()
            .map_err(|source| Error::InvalidConfig { reason: format!("S3 client: {source}") })?;
        let client = S3Client::with_provider(endpoint, &region, Arc::clone(store.credentials()))?;
        Ok(S3Backend {
            store: Arc::new(store),
            client,
            location: format!("s3://{bucket}/{prefix}"),
            bucket,
            prefix: prefix.as_str().to_owned(),
            retention: self.retention,
            object_lock_checked: tokio::sync::OnceCell::new(),
            recall: crate::recall::object::ObjectIndex::default(),
        })
    }
}

impl S3Backend {
    /// Starts configuring a backend.
    pub fn builder() -> S3BackendBuilder {
        S3BackendBuilder::default()
    }

    /// Credentials from a key id and secret, for [`S3BackendBuilder::with_credentials`].
    pub fn credentials(key_id: &str, secret: &str) -> S3Credentials {
        S3Credentials::new(key_id, SecretString::from(secret.to_owned()), None)
    }

    /// The signed-request client this backend uses beside `object_store`.
    pub fn client(&self) -> &S3Client {
        &self.client
    }

    /// The bucket.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The full S3 key of `key`: `<prefix>/<key>`.
    pub fn s3_key(&self, key: &ObjectKey) -> String {
        format!("{}/{key}", self.prefix)
    }

    fn path(&self, key: &ObjectKey) -> Path {
        Path::from(self.s3_key(key))
    }

    fn map_error(key: &ObjectKey, error: object_store::Error) -> Error {
        crate::object::map_error("s3", key, error)
    }

    async fn put_object(
        &self,
        key: &ObjectKey,
        body: Bytes,
        mode: PutMode,
    ) -> Result<object_store::PutResult> {
        let (mode, conditional) = match mode {
            PutMode::Create => (object_store::PutMode::Create, false),
            PutMode::Overwrite => (object_store::PutMode::Overwrite, false),
            PutMode::IfVersion(expected) => (
                object_store::PutMode::Update(UpdateVersion {
                    e_tag: Some(expected.0),
                    version: None,
                }),
                true,
            ),
        };
        let options = PutOptions { mode, ..PutOptions::default() };
        let path = self.path(key);
        let result = self
            .store
            .put_opts(&path, PutPayload::from(body), options)
            .await
            .map_err(|error| Self::map_error(key, error));
        if conditional && matches!(result, Err(Error::VersionMismatch { .. })) {
            // A conditional update of a missing object is reported as missing.
            self.store.head(&path).await.map_err(|error| Self::map_error(key, error))?;
        }
        result
    }

    /// Fails unless the bucket has Object Lock (checked once per backend).
    async fn check_object_lock(&self) -> Result<()> {
        self.object_lock_checked
            .get_or_try_init(|| async {
                if self.client.object_lock_enabled(&self.bucket).await? {
                    Ok(())
                } else {
                    Err(Error::InvalidConfig {
                        reason: format!(
                            "bucket {} has no Object Lock, which retention needs",
                            self.bucket
                        ),
                    })
                }
            })
            .await
            .map(|_| ())
    }

    /// Whether a version is under a retention or legal hold now (a raw HeadObject).
    async fn is_locked(&self, s3_key: &str, version_id: &str) -> Result<bool> {
        let query = [("versionId", version_id)];
        let request = S3Request::new(Method::HEAD, &self.bucket, Some(s3_key)).query(&query);
        let response = self.client.send(request).await?;
        let until = response
            .header("x-amz-object-lock-retain-until-date")
            .and_then(|date| chrono::DateTime::parse_from_rfc3339(date).ok());
        let held = response.header("x-amz-object-lock-legal-hold").is_some_and(|hold| hold == "ON");
        Ok(held || until.is_some_and(|until| until > chrono::Utc::now()))
    }

    async fn delete_version(&self, key: &ObjectKey, s3_key: &str, version_id: &str) -> Result<()> {
        let query = [("versionId", version_id)];
        let request = S3Request::new(Method::DELETE, &self.bucket, Some(s3_key)).query(&query);
        let response = self.client.send(request).await?;
        if response.status.is_success() || response.status == http::StatusCode::NOT_FOUND {
            return Ok(());
        }
        if response.status == http::StatusCode::FORBIDDEN
            && self.is_locked(s3_key, version_id).await?
        {
            return Err(Error::Retained { key: key.to_string() });
        }
        Err(client::status_error("DeleteObject", &response))
    }
}

/// RFC 3339 with milliseconds, `days` from now (`days` is at most [`MAX_RETENTION_DAYS`],
/// checked when the backend is built; later dates saturate rather than panic).
fn retain_until(days: u32) -> String {
    let now = chrono::Utc::now();
    let until = now.checked_add_days(chrono::Days::new(u64::from(days))).unwrap_or(now);
    until.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[async_trait]
impl Backend for S3Backend {
    fn recall_index(&self) -> Option<&dyn crate::RecallIndex> {
        Some(self)
    }

    async fn put(&self, key: &ObjectKey, body: Bytes, mode: PutMode) -> Result<Version> {
        let result = self.put_object(key, body, mode).await?;
        Ok(version_of(result.e_tag, result.version))
    }

    async fn put_many(&self, items: Vec<(ObjectKey, Bytes, PutMode)>) -> Result<Vec<Version>> {
        // Concurrent but in order; the first error is returned (later items may be written).
        futures::stream::iter(items)
            .map(|(key, body, mode)| async move { self.put(&key, body, mode).await })
            .buffered(PUT_CONCURRENCY)
            .try_collect()
            .await
    }

    fn retaining(&self) -> Option<&dyn Retaining> {
        self.retention.is_some().then_some(self as &dyn Retaining)
    }

    async fn get(&self, key: &ObjectKey) -> Result<Stored> {
        let result =
            self.store.get(&self.path(key)).await.map_err(|error| Self::map_error(key, error))?;
        let version = version_of(result.meta.e_tag.clone(), result.meta.version.clone());
        let body = result.bytes().await.map_err(|error| Self::map_error(key, error))?;
        Ok(Stored { body, version })
    }

    async fn delete(&self, key: &ObjectKey) -> Result<()> {
        let path = self.path(key);
        let meta = self.store.head(&path).await.map_err(|error| Self::map_error(key, error))?;
        let versioned = meta.version.as_deref().is_some_and(|version| version != "null");
        if !versioned {
            return self.store.delete(&path).await.map_err(|error| Self::map_error(key, error));
        }
        // Oldest first, so that a refusal leaves the current version readable.
        let s3_key = self.s3_key(key);
        let versions = self.client.list_versions(&self.bucket, &s3_key).await?;
        for version in versions.iter().rev() {
            self.delete_version(key, &s3_key, &version.version_id).await?;
        }
        Ok(())
    }

    fn list(&self, prefix: &ObjectKey) -> BoxStream<'static, Result<ObjectMeta>> {
        let skip = self.prefix.len() + 1;
        let wanted = prefix.clone();
        self.store
            .list(Some(&self.path(prefix)))
            .map(move |item| {
                let meta = item.map_err(|source| Error::backend("s3", source))?;
                let key = ObjectKey::parse(meta.location.as_ref().get(skip..).unwrap_or_default())?;
                Ok(ObjectMeta {
                    version: version_of(meta.e_tag, meta.version),
                    size: meta.size,
                    key,
                })
            })
            .try_filter(move |meta| futures::future::ready(meta.key.starts_with(&wanted)))
            .boxed()
    }
}

#[async_trait]
impl Retaining for S3Backend {
    fn retention(&self) -> Retention {
        // Reached through `Backend::retaining`, which requires a retention setting.
        self.retention.unwrap_or(Retention { mode: RetentionMode::Governance, days: 1 })
    }

    async fn put_retained(&self, key: &ObjectKey, body: Bytes, mode: PutMode) -> Result<Version> {
        let retention = self.retention.ok_or(Error::Unsupported {
            backend: "s3 without a retention setting",
            operation: "retention",
        })?;
        self.check_object_lock().await?;
        let result = self.put_object(key, body, mode).await?;
        let s3_key = self.s3_key(key);
        let Some(version_id) = result.version.clone() else {
            // All or nothing: an object that cannot be locked does not stay.
            if let Err(cleanup) = self.store.delete(&self.path(key)).await {
                tracing::warn!(error = %cleanup, "removing an unlocked object failed");
            }
            return Err(Error::InvalidConfig {
                reason: format!("bucket {} returned no version id: is versioning on?", self.bucket),
            });
        };
        let locked = self
            .client
            .put_retention(
                &self.bucket,
                &s3_key,
                &version_id,
                retention.mode.as_str(),
                &retain_until(retention.days),
            )
            .await;
        if let Err(error) = locked {
            // All or nothing: remove the unlocked version (the previous one, if any, is
            // current again).
            if let Err(cleanup) = self.delete_version(key, &s3_key, &version_id).await {
                tracing::warn!(error = %cleanup, "removing an unlocked version failed");
            }
            return Err(error);
        }
        Ok(version_of(result.e_tag, result.version))
    }
}

impl fmt::Debug for S3Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Backend")
            .field("location", &self.location)
            .field("client", &self.client)
            .field("retention", &self.retention)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for S3Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.location)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_settings_are_checked() {
        let backend = S3Backend::builder()
            .with_url("s3://my-bucket/some/prefix/")
            .unwrap()
            .with_endpoint("http://127.0.0.1:9")
            .with_allow_http(true)
            .with_credentials(S3Backend::credentials("id", "secret"))
            .build()
            .unwrap();
        assert_eq!(backend.to_string(), "s3://my-bucket/some/prefix");
        let shown = format!("{backend:?}");
        assert!(
            shown.contains("s3://my-bucket/some/prefix") && !shown.contains("secret"),
            "{shown}"
        );
        assert_eq!(backend.s3_key(&ObjectKey::parse("a/b").unwrap()), "some/prefix/a/b");
        assert_eq!(backend.client().bucket_url("my-bucket"), "http://127.0.0.1:9/my-bucket");
        let default = S3Backend::builder().with_url("s3://my-bucket").unwrap().build().unwrap();
        assert_eq!(default.to_string(), "s3://my-bucket/fabric");
        assert_eq!(
            default.client().bucket_url("my-bucket"),
            "https://my-bucket.s3.us-east-1.amazonaws.com"
        );

        let refused = S3Backend::builder()
            .with_bucket("my-bucket")
            .with_endpoint("http://192.0.2.1:9000")
            .with_allow_http(true)
            .build();
        assert!(matches!(refused, Err(Error::InsecureTransport { .. })), "{refused:?}");
        for bad in [
            S3Backend::builder().with_url("gs://x"),
            S3Backend::builder().with_url("s3://UPPER"),
            S3Backend::builder().with_url("s3://bucket/a//b"),
            Ok(S3Backend::builder().with_bucket("bucket").with_region("us east")),
            Ok(S3Backend::builder()
                .with_bucket("bucket")
                .with_retention(Retention { mode: crate::RetentionMode::Compliance, days: 0 })),
        ] {
            let result = bad.and_then(S3BackendBuilder::build);
            assert!(matches!(result, Err(Error::InvalidConfig { .. })), "{result:?}");
        }
    }

    #[test]
    fn retain_until_is_rfc3339_in_the_future() {
        let text = retain_until(2);
        let parsed = chrono::DateTime::parse_from_rfc3339(&text).unwrap();
        assert!(parsed > chrono::Utc::now() + chrono::Duration::days(1));
        assert!(text.ends_with('Z'));
    }
}
