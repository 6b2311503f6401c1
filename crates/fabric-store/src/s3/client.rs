//! [`S3Client`]: SigV4-signed S3 requests that `object_store` does not make (retention,
//! object versions, bucket setup), sent through `object_store`'s own HTTP client.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use object_store::aws::{AwsAuthorizer, AwsCredentialProvider};
use object_store::client::{HttpClient, HttpConnector as _, HttpRequestBody, ReqwestConnector};
use object_store::{ClientOptions, StaticCredentialProvider};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::s3::config::{Endpoint, S3Credentials, check_endpoint};
use crate::{Error, Result};

/// Bytes left as they are in a path: unreserved characters and `/`.
const PATH_SET: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');
/// Bytes left as they are in a query value: unreserved characters.
const QUERY_SET: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// How long one request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A plain S3 client: signs requests with SigV4 and sends them, path-style to a configured
/// endpoint or virtual-hosted style to AWS.
///
/// The backend uses it for what `object_store` lacks; tests and tools use it to set up buckets
/// and to look at stored objects the way any other S3 client would.
#[derive(Clone)]
pub struct S3Client {
    http: HttpClient,
    endpoint: Option<Endpoint>,
    region: String,
    credentials: AwsCredentialProvider,
}

/// One request to a bucket or an object.
#[derive(Debug, Clone)]
pub struct S3Request<'a> {
    /// The HTTP method.
    pub method: Method,
    /// The bucket.
    pub bucket: &'a str,
    /// The full S3 key, or `None` for a bucket request.
    pub key: Option<&'a str>,
    /// Query parameters; an empty value is sent bare (`?versions`).
    pub query: &'a [(&'a str, &'a str)],
    /// Extra headers (signed).
    pub headers: &'a [(&'a str, &'a str)],
    /// The body.
    pub body: Bytes,
}

impl<'a> S3Request<'a> {
    /// A request without query, headers or body.
    pub fn new(method: Method, bucket: &'a str, key: Option<&'a str>) -> Self {
        S3Request { method, bucket, key, query: &[], headers: &[], body: Bytes::new() }
    }

    /// With these query parameters.
    pub fn query(mut self, query: &'a [(&'a str, &'a str)]) -> Self {
        self.query = query;
        self
    }

    /// With these headers.
    pub fn headers(mut self, headers: &'a [(&'a str, &'a str)]) -> Self {
        self.headers = headers;
        self
    }

    /// With this body.
    pub fn body(mut self, body: Bytes) -> Self {
        self.body = body;
        self
    }
}

/// A response, whatever its status.
#[derive(Debug, Clone)]
pub struct S3Response {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

impl S3Response {
    /// A header as text, if present and printable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The `<Code>` of an S3 error body, if any.
    pub fn error_code(&self) -> Option<String> {
        from_xml::<xml::ErrorBody>(&self.body).ok()?.code
    }
}

/// Why a raw request failed before a response arrived.
#[derive(Debug, thiserror::Error)]
enum RequestError {
    #[error("building the request failed")]
    Build(#[source] http::Error),
    #[error("signing the request failed")]
    Sign(#[source] object_store::Error),
    #[error("the request failed")]
    Http(#[source] object_store::client::HttpError),
    #[error("the server answered {status} ({code}) to {operation}")]
    Status { operation: &'static str, status: StatusCode, code: String },
}

impl S3Client {
    /// A client for `endpoint` (`None`: AWS in `region`) with static credentials.
    ///
    /// # Errors
    ///
    /// [`Error::InsecureTransport`] or [`Error::InvalidConfig`] for an endpoint that
    /// [`crate::s3::S3BackendBuilder::with_endpoint`] would refuse.
    pub fn new(
        endpoint: Option<&str>,
        region: &str,
        allow_http: bool,
        credentials: &S3Credentials,
    ) -> Result<S3Client> {
        let endpoint = endpoint.map(|text| check_endpoint(text, allow_http)).transpose()?;
        let provider: AwsCredentialProvider =
            Arc::new(StaticCredentialProvider::new(credentials.to_aws()));
        S3Client::with_provider(endpoint, region, provider)
    }

    pub(crate) fn with_provider(
        endpoint: Option<Endpoint>,
        region: &str,
        credentials: AwsCredentialProvider,
    ) -> Result<S3Client> {
        let allow_http = endpoint.as_ref().is_some_and(|endpoint| endpoint.is_http);
        let options =
            ClientOptions::new().with_allow_http(allow_http).with_timeout(REQUEST_TIMEOUT);
        let http = ReqwestConnector::default()
            .connect(&options)
            .map_err(|source| Error::backend("s3", source))?;
        Ok(S3Client { http, endpoint, region: region.to_owned(), credentials })
    }

    /// The URL of `bucket`, without a trailing slash.
    pub fn bucket_url(&self, bucket: &str) -> String {
        match &self.endpoint {
            Some(endpoint) => format!("{}/{bucket}", endpoint.url),
            None => format!("https://{bucket}.s3.{}.amazonaws.com", self.region),
        }
    }

    /// Sends one signed request; any response is returned, whatever its status.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when no response arrived.
    pub async fn send(&self, request: S3Request<'_>) -> Result<S3Response> {
        self.send_inner(request).await.map_err(|source| Error::backend("s3", source))
    }

    async fn send_inner(&self, request: S3Request<'_>) -> Result<S3Response, RequestError> {
        let mut url = self.bucket_url(request.bucket);
        url.push('/');
        if let Some(key) = request.key {
            url.extend(utf8_percent_encode(key, PATH_SET));
        }
        for (index, (name, value)) in request.query.iter().enumerate() {
            url.push(if index == 0 { '?' } else { '&' });
            url.extend(utf8_percent_encode(name, QUERY_SET));
            if !value.is_empty() {
                url.push('=');
                url.extend(utf8_percent_encode(value, QUERY_SET));
            }
        }
        let mut builder = http::Request::builder().method(request.method).uri(url);
        for (name, value) in request.headers {
            builder = builder.header(*name, *value);
        }
        let mut http_request =
            builder.body(HttpRequestBody::from(request.body)).map_err(RequestError::Build)?;
        let credential = self.credentials.get_credential().await.map_err(RequestError::Sign)?;
        AwsAuthorizer::new(&credential, "s3", &self.region)
            .try_authorize(&mut http_request, None)
            .map_err(RequestError::Sign)?;
        let response = self.http.execute(http_request).await.map_err(RequestError::Http)?;
        let (parts, body) = response.into_parts();
        let body = body.bytes().await.map_err(RequestError::Http)?;
        Ok(S3Response { status: parts.status, headers: parts.headers, body })
    }

    /// Sends a request and requires a 2xx answer.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] naming `operation`, the status and the S3 error code otherwise.
    pub async fn send_ok(
        &self,
        operation: &'static str,
        request: S3Request<'_>,
    ) -> Result<S3Response> {
        let response = self.send(request).await?;
        if response.status.is_success() {
            Ok(response)
        } else {
            Err(status_error(operation, &response))
        }
    }

    /// Creates `bucket`, with Object Lock (and so versioning) when `object_lock` is set.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the server refuses.
    pub async fn create_bucket(&self, bucket: &str, object_lock: bool) -> Result<()> {
        let mut headers = Vec::new();
        if object_lock {
            headers.push(("x-amz-bucket-object-lock-enabled", "true"));
        }
        let body = if self.region == "us-east-1" {
            Bytes::new()
        } else {
            Bytes::from(format!(
                "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>{}</LocationConstraint></CreateBucketConfiguration>",
                self.region
            ))
        };
        let request = S3Request::new(Method::PUT, bucket, None).headers(&headers).body(body);
        self.send_ok("CreateBucket", request).await?;
        Ok(())
    }

    /// Turns versioning on for `bucket`.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the server refuses.
    pub async fn enable_versioning(&self, bucket: &str) -> Result<()> {
        let body = Bytes::from_static(
            b"<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled</Status></VersioningConfiguration>",
        );
        let md5 = content_md5(&body);
        let headers = [("content-md5", md5.as_str())];
        let query = [("versioning", "")];
        let request =
            S3Request::new(Method::PUT, bucket, None).query(&query).headers(&headers).body(body);
        self.send_ok("PutBucketVersioning", request).await?;
        Ok(())
    }

    /// Whether `bucket` has versioning enabled.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the server refuses.
    pub async fn versioning_enabled(&self, bucket: &str) -> Result<bool> {
        let query = [("versioning", "")];
        let request = S3Request::new(Method::GET, bucket, None).query(&query);
        let response = self.send_ok("GetBucketVersioning", request).await?;
        let versioning: Option<xml::Versioning> = from_xml(&response.body).ok();
        Ok(versioning.and_then(|versioning| versioning.status).as_deref() == Some("Enabled"))
    }

    /// Whether `bucket` has Object Lock enabled.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the request fails; a bucket without an Object Lock
    /// configuration answers `false`.
    pub async fn object_lock_enabled(&self, bucket: &str) -> Result<bool> {
        let query = [("object-lock", "")];
        let response = self.send(S3Request::new(Method::GET, bucket, None).query(&query)).await?;
        Ok(response.status.is_success()
            && from_xml::<xml::ObjectLock>(&response.body)
                .ok()
                .and_then(|lock| lock.enabled)
                .as_deref()
                == Some("Enabled"))
    }

    /// The algorithm of `bucket`'s default encryption (`AES256`, `aws:kms`, ...), `None`
    /// when it has none.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the server refuses for another reason.
    pub async fn default_encryption(&self, bucket: &str) -> Result<Option<String>> {
        let query = [("encryption", "")];
        let response = self.send(S3Request::new(Method::GET, bucket, None).query(&query)).await?;
        if response.error_code().as_deref()
            == Some("ServerSideEncryptionConfigurationNotFoundError")
        {
            return Ok(None);
        }
        if !response.status.is_success() {
            return Err(Error::backend(
                "s3",
                format!(
                    "GetBucketEncryption answered {}",
                    response.error_code().unwrap_or_else(|| response.status.to_string())
                ),
            ));
        }
        Ok(from_xml::<xml::Encryption>(&response.body)
            .ok()
            .and_then(|encryption| encryption.rule)
            .and_then(|rule| rule.default)
            .and_then(|default| default.algorithm))
    }

    /// Locks one version of an object until `retain_until` (RFC 3339) in `mode`
    /// (`COMPLIANCE` or `GOVERNANCE`): PutObjectRetention.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the server refuses.
    pub async fn put_retention(
        &self,
        bucket: &str,
        key: &str,
        version_id: &str,
        mode: &str,
        retain_until: &str,
    ) -> Result<()> {
        let body = Bytes::from(format!(
            "<Retention xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Mode>{mode}</Mode><RetainUntilDate>{retain_until}</RetainUntilDate></Retention>"
        ));
        let md5 = content_md5(&body);
        let headers = [("content-md5", md5.as_str()), ("content-type", "application/xml")];
        let query = [("retention", ""), ("versionId", version_id)];
        let request = S3Request::new(Method::PUT, bucket, Some(key))
            .query(&query)
            .headers(&headers)
            .body(body);
        self.send_ok("PutObjectRetention", request).await?;
        Ok(())
    }

    /// Every version and delete marker of exactly `key`, newest first.
    ///
    /// # Errors
    ///
    /// [`Error::Backend`] when the server refuses or answers malformed XML.
    pub async fn list_versions(&self, bucket: &str, key: &str) -> Result<Vec<ObjectVersion>> {
        let mut versions = Vec::new();
        let mut marker: Option<(String, String)> = None;
        // Bounded: a key with more than 1,000,000 versions is not ours.
        for _page in 0..1000 {
            let mut query = vec![("versions", ""), ("prefix", key)];
            if let Some((key_marker, version_marker)) = &marker {
                query.push(("key-marker", key_marker));
                query.push(("version-id-marker", version_marker));
            }
            let request = S3Request::new(Method::GET, bucket, None).query(&query);
            let response = self.send_ok("ListObjectVersions", request).await?;
            let page = parse_versions(&response.body)
                .map_err(|reason| Error::backend("s3", format!("ListObjectVersions: {reason}")))?;
            versions.extend(page.versions.into_iter().filter(|version| version.key == key));
            match page.next {
                Some(next) => marker = Some(next),
                None => return Ok(versions),
            }
        }
        Err(Error::backend("s3", "ListObjectVersions: too many pages"))
    }
}

impl fmt::Debug for S3Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Client")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

/// One entry of a version listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectVersion {
    /// The full S3 key.
    pub key: String,
    /// The version id (`null` for an object stored before versioning).
    pub version_id: String,
    /// Whether this entry is a delete marker rather than data.
    pub delete_marker: bool,
}

struct VersionPage {
    versions: Vec<ObjectVersion>,
    next: Option<(String, String)>,
}

/// The error for a response with a failure status.
pub(crate) fn status_error(operation: &'static str, response: &S3Response) -> Error {
    let code = response.error_code().unwrap_or_else(|| "no error code".to_owned());
    Error::backend("s3", RequestError::Status { operation, status: response.status, code })
}

/// `Content-MD5`: base64 of the MD5 of the body.
pub(super) fn content_md5(body: &[u8]) -> String {
    use base64::Engine as _;
    use md5::Digest as _;
    base64::engine::general_purpose::STANDARD.encode(md5::Md5::digest(body))
}

/// What the S3 XML documents this client reads hold, as serde reads them (quick-xml).
pub(super) mod xml {
    use serde::Deserialize;

    /// An error body: `<Error><Code>…</Code>…</Error>`.
    #[derive(Deserialize)]
    pub(super) struct ErrorBody {
        #[serde(rename = "Code")]
        pub(super) code: Option<String>,
    }

    /// `GetBucketVersioning`: `<VersioningConfiguration><Status>…</Status>…`.
    #[derive(Deserialize)]
    pub(super) struct Versioning {
        #[serde(rename = "Status")]
        pub(super) status: Option<String>,
    }

    /// `GetObjectLockConfiguration`: `<ObjectLockConfiguration><ObjectLockEnabled>…`.
    #[derive(Deserialize)]
    pub(super) struct ObjectLock {
        #[serde(rename = "ObjectLockEnabled")]
        pub(super) enabled: Option<String>,
    }

    /// `GetBucketEncryption`: `<ServerSideEncryptionConfiguration><Rule>
    /// <ApplyServerSideEncryptionByDefault><SSEAlgorithm>…`.
    #[derive(Deserialize)]
    pub(super) struct Encryption {
        #[serde(rename = "Rule")]
        pub(super) rule: Option<EncryptionRule>,
    }

    /// One rule of a bucket's default encryption.
    #[derive(Deserialize)]
    pub(super) struct EncryptionRule {
        #[serde(rename = "ApplyServerSideEncryptionByDefault")]
        pub(super) default: Option<EncryptionDefault>,
    }

    /// What a rule applies by default.
    #[derive(Deserialize)]
    pub(super) struct EncryptionDefault {
        #[serde(rename = "SSEAlgorithm")]
        pub(super) algorithm: Option<String>,
    }

    /// A `ListVersionsResult`: its children in document order, so versions and delete
    /// markers keep the order S3 lists them in (newest first).
    #[derive(Deserialize)]
    pub(super) struct ListVersions {
        #[serde(rename = "$value", default)]
        pub(super) items: Vec<ListItem>,
    }

    /// One child of a `ListVersionsResult`.
    #[derive(Deserialize)]
    pub(super) enum ListItem {
        /// Whether another page follows.
        IsTruncated(bool),
        /// Where the next page starts.
        NextKeyMarker(String),
        /// Where the next page starts, within its key.
        NextVersionIdMarker(String),
        /// A stored version.
        Version(Entry),
        /// A delete marker.
        DeleteMarker(Entry),
        /// Anything else (`Name`, `Prefix`, `MaxKeys`, …).
        #[serde(other)]
        Other,
    }

    /// A version or delete marker.
    #[derive(Deserialize)]
    pub(super) struct Entry {
        #[serde(rename = "Key")]
        pub(super) key: String,
        #[serde(rename = "VersionId")]
        pub(super) version_id: String,
    }
}

/// Reads an S3 XML document into `T`.
pub(super) fn from_xml<T: serde::de::DeserializeOwned>(xml: &[u8]) -> Result<T, String> {
    quick_xml::de::from_reader(xml).map_err(|error| error.to_string())
}

/// Parses a `ListVersionsResult`, keeping versions and delete markers in listed order.
fn parse_versions(xml: &[u8]) -> Result<VersionPage, String> {
    let listing: xml::ListVersions = from_xml(xml)?;
    let mut versions = Vec::new();
    let (mut truncated, mut next_key, mut next_version) = (false, None, None);
    for item in listing.items {
        match item {
            xml::ListItem::IsTruncated(value) => truncated = value,
            xml::ListItem::NextKeyMarker(key) => next_key = Some(key),
            xml::ListItem::NextVersionIdMarker(version) => next_version = Some(version),
            xml::ListItem::Version(entry) | xml::ListItem::DeleteMarker(entry)
                if entry.key.is_empty() =>
            {
                return Err("a listed version without a key".into());
            }
            xml::ListItem::Version(entry) => versions.push(ObjectVersion {
                key: entry.key,
                version_id: entry.version_id,
                delete_marker: false,
            }),
            xml::ListItem::DeleteMarker(entry) => versions.push(ObjectVersion {
                key: entry.key,
                version_id: entry.version_id,
                delete_marker: true,
            }),
            xml::ListItem::Other => {}
        }
    }
    let next = match (truncated, next_key, next_version) {
        (false, _, _) => None,
        (true, Some(key), version) => Some((key, version.unwrap_or_default())),
        (true, None, _) => return Err("truncated listing without a next key marker".into()),
    };
    Ok(VersionPage { versions, next })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_listing_keeps_order_and_markers() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>b</Name><Prefix>p/k</Prefix><IsTruncated>true</IsTruncated>
  <NextKeyMarker>p/k</NextKeyMarker><NextVersionIdMarker>v1</NextVersionIdMarker>
  <Version><Key>p/k</Key><VersionId>v3</VersionId><IsLatest>true</IsLatest></Version>
  <DeleteMarker><Key>p/k</Key><VersionId>v2</VersionId></DeleteMarker>
  <Version><Key>p/k</Key><VersionId>v1</VersionId><Owner><ID>x</ID></Owner></Version>
</ListVersionsResult>"#;
        let page = parse_versions(xml).unwrap();
        let ids: Vec<_> = page
            .versions
            .iter()
            .map(|version| (version.version_id.as_str(), version.delete_marker))
            .collect();
        assert_eq!(ids, [("v3", false), ("v2", true), ("v1", false)]);
        assert!(page.versions.iter().all(|version| version.key == "p/k"));
        assert_eq!(page.next, Some(("p/k".to_owned(), "v1".to_owned())));
        assert!(
            parse_versions(
                b"<ListVersionsResult><IsTruncated>true</IsTruncated></ListVersionsResult>"
            )
            .is_err()
        );
    }

    #[test]
    fn error_codes_and_md5() {
        let response = S3Response {
            status: StatusCode::FORBIDDEN,
            headers: HeaderMap::new(),
            body: Bytes::from_static(
                b"<Error><Code>AccessDenied</Code><Message>no</Message></Error>",
            ),
        };
        assert_eq!(response.error_code().as_deref(), Some("AccessDenied"));
        assert_eq!(content_md5(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
    }
}
