//! Static AWS credentials for an `s3://` backend, from the `AWS_*` variables or a profile of
//! the shared credentials file (`object_store`'s own credential chain reads no profile).

#[cfg(feature = "s3")]
use std::path::PathBuf;

#[cfg(feature = "s3")]
use anyhow::{Result, bail};

#[cfg(feature = "s3")]
use super::{env_var, env_var_os};

/// Static credentials from the environment or the shared credentials file, if any.
///
/// The first of these that applies wins:
///
/// 1. `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, both set (one alone is ignored), with
///    `AWS_SESSION_TOKEN` when it is set.
/// 2. The shared credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else
///    `$HOME/.aws/credentials` (used as given: no `~` expansion, no `USERPROFILE`). Its
///    profile is `AWS_PROFILE`, else `default`, found as the section `[NAME]` or
///    `[profile NAME]` (see [`profile_values`]); it gives credentials when it has both
///    `aws_access_key_id` and `aws_secret_access_key` (plus `aws_session_token`, if there).
///    When the profile lacks either key, that is an error if `AWS_PROFILE` named it, and
///    nothing otherwise.
/// 3. Nothing (`None`): neither variable `AWS_SHARED_CREDENTIALS_FILE` nor `HOME` is set, or
///    the file cannot be read (missing, unreadable, not UTF-8), even when `AWS_PROFILE` is
///    set. The S3 backend then uses `object_store`'s chain: the `AWS_*` variables, web
///    identity, container (ECS/EKS) and instance (EC2) credentials.
///
/// Not read: the config file (`~/.aws/config`, `AWS_CONFIG_FILE`), `AWS_DEFAULT_PROFILE`, and
/// profile entries other than the three keys above (`role_arn`, `source_profile`,
/// `credential_process`, `sso_*`, `region`, ...). `object_store` 0.14 reads neither file,
/// so this is the only support for profiles.
#[cfg(feature = "s3")]
pub(crate) fn aws_credentials() -> Result<Option<fabric_store::s3::S3Credentials>> {
    use fabric_store::s3::S3Credentials;

    let secret = |text: String| secrecy::SecretString::from(text);
    if let (Some(key_id), Some(secret_key)) =
        (env_var("AWS_ACCESS_KEY_ID"), env_var("AWS_SECRET_ACCESS_KEY"))
    {
        let token = env_var("AWS_SESSION_TOKEN").map(secret);
        return Ok(Some(S3Credentials::new(key_id, secret(secret_key), token)));
    }
    let path = match (env_var_os("AWS_SHARED_CREDENTIALS_FILE"), env_var_os("HOME")) {
        (Some(path), _) => PathBuf::from(path),
        (None, Some(home)) => PathBuf::from(home).join(".aws/credentials"),
        (None, None) => return Ok(None),
    };
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(None) };
    let profile = env_var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned());
    let values = profile_values(&text, &profile);
    let value = |name: &str| values.iter().find(|(key, _)| key == name).map(|(_, v)| v.clone());
    match (value("aws_access_key_id"), value("aws_secret_access_key")) {
        (Some(key_id), Some(secret_key)) => Ok(Some(S3Credentials::new(
            key_id,
            secret(secret_key),
            value("aws_session_token").map(secret),
        ))),
        _ if env_var("AWS_PROFILE").is_some() => {
            bail!("profile {profile:?} has no access key in {}", path.display())
        }
        _ => Ok(None),
    }
}

/// The `key = value` lines of `[profile]` in an AWS credentials (INI) file.
///
/// The section is `[NAME]` or `[profile NAME]`, NAME being `profile` (spaces inside the
/// brackets trimmed). Lines are trimmed; a line outside brackets is split at its first `=`, the key
/// trimmed and lowercased, the value trimmed and kept as written (no unquoting, no inline
/// comment removal). Lines without `=` are skipped, and so, in effect, are comment lines
/// (`#`, `;`), since their keys never match. A section that appears twice contributes
/// both times, in file order; callers take the first value of a key.
#[cfg(any(feature = "s3", test))]
fn profile_values(text: &str, profile: &str) -> Vec<(String, String)> {
    let mut inside = false;
    let mut values = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(section) = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            let section = section.trim();
            inside = section == profile || section.strip_prefix("profile ") == Some(profile);
        } else if inside && let Some((key, value)) = line.split_once('=') {
            values.push((key.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_read_from_their_section() {
        let text = "[default]\naws_access_key_id = A\n[profile work]\naws_access_key_id = B\naws_secret_access_key = S\n";
        assert_eq!(
            profile_values(text, "default"),
            [("aws_access_key_id".to_owned(), "A".to_owned())]
        );
        assert_eq!(profile_values(text, "work").len(), 2);
        assert!(profile_values(text, "other").is_empty());
    }
}
