//! [`PiiType`]: the kinds of personal data the fabric detects, audits and records.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{NameError, NameRule};

/// A kind of personal data.
///
/// Serialized as its name ([`PiiType::as_str`]); any valid name that is not a built-in one
/// deserializes to [`PiiType::Custom`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PiiType {
    /// An email address (`EMAIL`).
    Email,
    /// A phone number: North American or international with a `+` prefix (`PHONE`).
    Phone,
    /// A US social security number (`SSN`).
    Ssn,
    /// A payment card number (`CREDIT_CARD`).
    CreditCard,
    /// An international bank account number (`IBAN`).
    Iban,
    /// An IPv4 or IPv6 address (`IP_ADDRESS`).
    IpAddress,
    /// A `http`, `https` or `ftp` URL, or a `www.` address (`URL`).
    Url,
    /// A credential: a cloud, code-hosting, chat, payment or LLM provider's API key or
    /// token, a JWT, a PEM private key, a password in an assignment or a connection string,
    /// or a high-entropy token next to a key-like word (`SECRET`).
    Secret,
    /// A UK National Insurance number (`UK_NINO`).
    UkNino,
    /// A German tax identification number, Steuer-IdNr (`DE_TAX_ID`).
    DeTaxId,
    /// A French social security number, NIR (`FR_NIR`).
    FrNir,
    /// A Spanish DNI or NIE (`ES_DNI`).
    EsDni,
    /// An Italian codice fiscale (`IT_FISCAL_CODE`).
    ItFiscalCode,
    /// A Dutch citizen service number, BSN (`NL_BSN`).
    NlBsn,
    /// An Indian Aadhaar number (`IN_AADHAAR`).
    InAadhaar,
    /// A Canadian social insurance number (`CA_SIN`).
    CaSin,
    /// A Brazilian CPF (`BR_CPF`).
    BrCpf,
    /// A Bitcoin (base58check or bech32) or Ethereum address (`CRYPTO_WALLET`).
    CryptoWallet,
    /// A MAC address (`MAC_ADDRESS`).
    MacAddress,
    /// A custom recognizer (from the privacy configuration), by name ([`NameRule::PII_TYPE`]).
    Custom(Arc<str>),
}

impl PiiType {
    /// Every built-in type, in a fixed order.
    pub const BUILTIN: [PiiType; 19] = [
        PiiType::Email,
        PiiType::Phone,
        PiiType::Ssn,
        PiiType::CreditCard,
        PiiType::Iban,
        PiiType::IpAddress,
        PiiType::Url,
        PiiType::Secret,
        PiiType::UkNino,
        PiiType::DeTaxId,
        PiiType::FrNir,
        PiiType::EsDni,
        PiiType::ItFiscalCode,
        PiiType::NlBsn,
        PiiType::InAadhaar,
        PiiType::CaSin,
        PiiType::BrCpf,
        PiiType::CryptoWallet,
        PiiType::MacAddress,
    ];

    /// Whether the type is a national id (`UK_NINO`, `DE_TAX_ID`, `FR_NIR`, `ES_DNI`,
    /// `IT_FISCAL_CODE`, `NL_BSN`, `IN_AADHAAR`, `CA_SIN`, `BR_CPF`).
    pub fn is_national_id(&self) -> bool {
        matches!(
            self,
            PiiType::UkNino
                | PiiType::DeTaxId
                | PiiType::FrNir
                | PiiType::EsDni
                | PiiType::ItFiscalCode
                | PiiType::NlBsn
                | PiiType::InAadhaar
                | PiiType::CaSin
                | PiiType::BrCpf
        )
    }

    /// The type's name (`EMAIL`, `PHONE`, `SSN`, `CREDIT_CARD`, `IBAN`, `IP_ADDRESS`, `URL`,
    /// `SECRET`, the national ids, `CRYPTO_WALLET`, `MAC_ADDRESS`), or the custom
    /// recognizer's name.
    pub fn as_str(&self) -> &str {
        match self {
            PiiType::Email => "EMAIL",
            PiiType::Phone => "PHONE",
            PiiType::Ssn => "SSN",
            PiiType::CreditCard => "CREDIT_CARD",
            PiiType::Iban => "IBAN",
            PiiType::IpAddress => "IP_ADDRESS",
            PiiType::Url => "URL",
            PiiType::Secret => "SECRET",
            PiiType::UkNino => "UK_NINO",
            PiiType::DeTaxId => "DE_TAX_ID",
            PiiType::FrNir => "FR_NIR",
            PiiType::EsDni => "ES_DNI",
            PiiType::ItFiscalCode => "IT_FISCAL_CODE",
            PiiType::NlBsn => "NL_BSN",
            PiiType::InAadhaar => "IN_AADHAAR",
            PiiType::CaSin => "CA_SIN",
            PiiType::BrCpf => "BR_CPF",
            PiiType::CryptoWallet => "CRYPTO_WALLET",
            PiiType::MacAddress => "MAC_ADDRESS",
            PiiType::Custom(name) => name,
        }
    }

    /// The built-in type with this name (exact, upper case), if any.
    pub fn builtin(name: &str) -> Option<PiiType> {
        PiiType::BUILTIN.into_iter().find(|pii_type| pii_type.as_str() == name)
    }

    /// The built-in type with this name, or a custom type of that name.
    ///
    /// # Errors
    ///
    /// A [`NameError`] when `name` does not meet [`NameRule::PII_TYPE`].
    pub fn parse(name: &str) -> Result<PiiType, NameError> {
        NameRule::PII_TYPE.check(name)?;
        Ok(PiiType::builtin(name).unwrap_or_else(|| PiiType::Custom(Arc::from(name))))
    }
}

impl fmt::Display for PiiType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PiiType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PiiType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        PiiType::parse(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for PiiType {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PiiType".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "a built-in kind (EMAIL, PHONE, SSN, CREDIT_CARD, IBAN, IP_ADDRESS, URL, SECRET, UK_NINO, DE_TAX_ID, FR_NIR, ES_DNI, IT_FISCAL_CODE, NL_BSN, IN_AADHAAR, CA_SIN, BR_CPF, CRYPTO_WALLET, MAC_ADDRESS) or a custom recognizer's name",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_invalid_ones_are_refused() {
        for pii_type in PiiType::BUILTIN {
            assert_eq!(PiiType::parse(pii_type.as_str()), Ok(pii_type.clone()));
        }
        assert_eq!(PiiType::parse("employee-id").unwrap().as_str(), "employee-id");
        assert!(PiiType::parse("jane@example.com").is_err());
        let json = serde_json::to_string(&PiiType::CreditCard).unwrap();
        assert_eq!(json, "\"CREDIT_CARD\"");
        assert!(serde_json::from_str::<PiiType>("\"a b\"").is_err());
    }
}
