//! Concepts every layer of memory-fabric shares, each defined once here, in the lowest crate
//! that needs them: the rules for names ([`NameRule`]: storage-key segments, owners and
//! ids, principals, key ids, PII type names), privacy levels ([`PrivacyLevel`]) and kinds
//! of personal data ([`PiiType`]), and the one way an enum of names converts to and from text
//! ([`named_enum!`]).

mod level;
mod name;
mod named;
mod pii_type;

pub use level::PrivacyLevel;
pub use name::{NameError, NameRule};
pub use named::UnknownName;
pub use pii_type::PiiType;

#[cfg(feature = "schema")]
#[doc(hidden)]
pub use schemars;
