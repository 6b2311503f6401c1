//! [`PrivacyLevel`]: how sensitive a text is, ordered.

crate::named_enum! {
    /// How sensitive a text is; ordered `Public < Internal < Sensitive < Restricted < Secret`.
    ///
    /// Named in lowercase (`"sensitive"`), parsed in any case. The order of
    /// [`PrivacyLevel::ALL`] is part of the record frame format (its index is stored).
    #[derive(Default)]
    pub enum PrivacyLevel (case = any) {
        /// May be shown to anyone.
        Public => "public",
        /// The default for text without detected PII.
        #[default]
        Internal => "internal",
        /// Contact data and network identifiers (email, phone, IP address, URL).
        Sensitive => "sensitive",
        /// Government ids and financial data (SSN, payment card, IBAN).
        Restricted => "restricted",
        /// Credentials: API keys, tokens, private keys, passwords (`SECRET`). The default
        /// store policy redacts them before sealing.
        Secret => "secret",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_lowercase_and_parse_in_any_case() {
        assert!(PrivacyLevel::ALL.windows(2).all(|pair| pair[0] < pair[1]));
        let json = serde_json::to_string(&PrivacyLevel::Restricted).unwrap();
        assert_eq!(json, "\"restricted\"");
        let back: PrivacyLevel = serde_json::from_str("\"public\"").unwrap();
        assert_eq!(back, PrivacyLevel::Public);
        assert!(serde_json::from_str::<PrivacyLevel>("\"top-secret\"").is_err());
        assert_eq!("Sensitive".parse(), Ok(PrivacyLevel::Sensitive));
        let unknown = "top-secret".parse::<PrivacyLevel>().unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "expected one of: public, internal, sensitive, restricted, secret"
        );
    }
}
