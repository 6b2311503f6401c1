//! Request bodies and query strings, deserialized with the path of the first error kept
//! (`serde_path_to_error`), so an error names the API's own field, or says "an unknown
//! field", without parsing any error text and without repeating what the client sent.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use serde_path_to_error::{Path, Segment};

use crate::error::ApiError;

/// A JSON request body (`Content-Type: application/json`): syntax errors 400, fields or
/// types that do not fit 422, a body over the limit 413.
pub(crate) struct JsonBody<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime.eq_ignore_ascii_case("application/json")
                    || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !json {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "unsupported_media_type",
                "expected Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    "the request body is too large",
                )
            } else {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "malformed_json",
                    "the request body could not be read",
                )
            }
        })?;
        let malformed = || {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                "the request body is not valid JSON",
            )
        };
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let value = match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(value) => value,
            Err(error) if error.inner().is_data() => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_body",
                    describe(error.path(), &error.inner().to_string()),
                ));
            }
            Err(_) => return Err(malformed()),
        };
        // Anything after the value but whitespace is malformed.
        deserializer.end().map_err(|_| malformed())?;
        Ok(JsonBody(value))
    }
}

/// A query string: anything that does not fit is a 400.
pub(crate) struct QueryParams<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer).map(QueryParams).map_err(|error| {
            ApiError::bad_request(format!(
                "invalid query: {}",
                describe(error.path(), &error.inner().to_string())
            ))
        })
    }
}

/// Names what a body or query got wrong without repeating what the client sent (serde's
/// messages quote the offending value, and names a client invents may be record content or
/// personal data): the API's own field where the error is in one; "an unknown field" for a
/// name the API does not define; a missing field by name only when the API defines it.
fn describe(path: &Path, message: &str) -> String {
    // Only the first segment of a path (`metadata.<key>`, `tags[3]`) is the API's own name.
    let first = path.iter().next().and_then(|segment| match segment {
        Segment::Map { key } => Some(key.as_str()),
        _ => None,
    });
    // serde reports an unknown field at the top level with the field itself as the path.
    if let Some(name) = first {
        return if crate::openapi::is_known_field(name) && !message.starts_with("unknown field") {
            format!("invalid value for `{name}`")
        } else {
            "an unknown field".to_owned()
        };
    }
    if message.starts_with("unknown field") {
        return "an unknown field".to_owned();
    }
    if let Some(field) = message.strip_prefix("missing field `") {
        let name = field.split('`').next().unwrap_or_default();
        if crate::openapi::is_known_field(name) {
            return format!("missing field `{name}`");
        }
        return "a required field is missing".to_owned();
    }
    "the body does not match the expected fields and types".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a JSON body is told, through the same path as a request's.
    fn described<T: DeserializeOwned>(body: &str) -> String {
        let mut deserializer = serde_json::Deserializer::from_str(body);
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(_) => "ok".to_owned(),
            Err(error) => describe(error.path(), &error.inner().to_string()),
        }
    }

    #[test]
    fn data_errors_name_the_field_never_the_value() {
        type Record = fabric_core::NewRecord;
        let cases = [
            (r#"{"owner": "o", "content": 4111111111111111}"#, "invalid value for `content`"),
            (r#"{"owner": "o"}"#, "missing field `content`"),
            (
                r#"{"owner": "o", "content": "x", "memory_type": "ssn 123-45-6789"}"#,
                "invalid value for `memory_type`",
            ),
            (r#""secret""#, "the body does not match the expected fields and types"),
            // Names the client made up are never repeated.
            (r#"{"owner": "o", "content": "x", "ssn_078-05-1120": 1}"#, "an unknown field"),
            (r#"{"owner": "o", "content": "x", "tags": ["a", 5]}"#, "invalid value for `tags`"),
        ];
        for (body, expected) in cases {
            let told = described::<Record>(body);
            assert_eq!(told, expected, "{body}");
            for leaked in ["4111", "123-45", "secret", "078-05", "`5`"] {
                assert!(!told.contains(leaked), "{told}");
            }
        }
    }

    #[test]
    fn query_errors_name_the_parameter() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[expect(dead_code, reason = "only deserialized")]
        struct Params {
            limit: Option<usize>,
        }
        let told = |query: &str| {
            let deserializer =
                serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
            match serde_path_to_error::deserialize::<_, Params>(deserializer) {
                Ok(_) => "ok".to_owned(),
                Err(error) => describe(error.path(), &error.inner().to_string()),
            }
        };
        assert_eq!(told("limit=7"), "ok");
        assert_eq!(told("limit=abc"), "invalid value for `limit`");
        assert_eq!(told("secret_078-05-1120=1"), "an unknown field");
    }
}
