//! The blind index: terms of a record turned into keyed tokens that can be matched and
//! counted but not read.
//!
//! [`Tokenizer`] normalises text: Unicode word segmentation (UAX #29), case folding, and
//! optional Snowball stemming (English by default). [`Blinder`] turns each term into a
//! [`BlindTerm`]: HMAC-SHA-256 under an owner's [`IndexKey`], over a one-byte domain
//! ([`TermKind`]) and the term, truncated to [`TERM_LEN`] bytes. The index key is random,
//! one per owner and apart from every encryption key, so one word gives unrelated tokens for
//! two owners, and destroying the key leaves the owner's tokens meaningless.
//!
//! What the tokens leak to someone who reads the index: which of one owner's records share
//! a term, how often a term occurs in each, how many terms each record has, and how many
//! terms a query has. Not the terms, and nothing across owners.

use std::fmt;

use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use unicode_segmentation::UnicodeSegmentation as _;
use zeroize::Zeroizing;

use crate::{KEY_LEN, Result, SecureRandom};

/// Bytes kept of each token's HMAC-SHA-256: 128 bits, so that two terms of one owner
/// collide with probability about n²/2¹²⁹ (negligible for any vocabulary), at half the
/// storage of the full tag.
pub const TERM_LEN: usize = 16;

/// The longest term indexed, in bytes after normalisation; longer words are cut there (at a
/// character boundary), so one long token cannot blow up the index.
pub const MAX_TERM_BYTES: usize = 64;

/// One owner's random 256-bit key for blind tokens. Never printed; zeroed on drop.
#[derive(Clone)]
pub struct IndexKey(Zeroizing<[u8; KEY_LEN]>);

impl IndexKey {
    /// A fresh random key.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Random`] when the random source fails.
    pub fn generate(random: &dyn SecureRandom) -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        random.fill(bytes.as_mut())?;
        Ok(IndexKey(bytes))
    }

    /// A key from its bytes (as unwrapped from storage).
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        IndexKey(Zeroizing::new(bytes))
    }

    /// The key bytes, to be wrapped for storage; never log them.
    pub fn expose_secret(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for IndexKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IndexKey(..)")
    }
}

/// A blind token: the first [`TERM_LEN`] bytes of a term's HMAC under an index key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlindTerm(pub [u8; TERM_LEN]);

impl fmt::Debug for BlindTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlindTerm({})", hex::encode(self.0))
    }
}

/// What a term is, mixed into its token so that a word, a tag and a metadata pair that read
/// the same give different tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum TermKind {
    /// A word of the content or of a tag (ranked).
    Word = 1,
    /// A whole tag, exact (for filters).
    Tag = 2,
    /// A metadata `key=value` pair, exact (for filters and ranking).
    Meta = 3,
    /// The record's session id, exact (for filters).
    Session = 4,
}

/// Makes blind tokens under one owner's [`IndexKey`].
#[derive(Clone)]
pub struct Blinder {
    mac: Hmac<Sha256>,
}

impl fmt::Debug for Blinder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Blinder(..)")
    }
}

impl Blinder {
    /// A blinder keyed by `key`.
    pub fn new(key: &IndexKey) -> Self {
        // HMAC takes keys of any length: this cannot fail for 32 bytes.
        let mac = <Hmac<Sha256> as hmac::digest::KeyInit>::new_from_slice(key.expose_secret())
            .unwrap_or_else(|_| unreachable!("HMAC accepts a 32-byte key"));
        Blinder { mac }
    }

    /// The token of `term` of kind `kind`.
    pub fn term(&self, kind: TermKind, term: &str) -> BlindTerm {
        let mut mac = self.mac.clone();
        mac.update(&[kind as u8]);
        mac.update(term.as_bytes());
        let tag = mac.finalize().into_bytes();
        let mut token = [0u8; TERM_LEN];
        token.copy_from_slice(&tag[..TERM_LEN]);
        BlindTerm(token)
    }
}

/// A Snowball stemming language.
pub use rust_stemmers::Algorithm as Language;

/// Splits text into normalised terms: Unicode words, case-folded, stemmed when a language is
/// set.
pub struct Tokenizer {
    stemmer: Option<rust_stemmers::Stemmer>,
    language: Option<Language>,
}

impl fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokenizer").field("language", &self.language).finish()
    }
}

impl Default for Tokenizer {
    /// English stemming.
    fn default() -> Self {
        Tokenizer::new(Some(Language::English))
    }
}

impl Tokenizer {
    /// A tokenizer that stems in `language`, or does not stem.
    pub fn new(language: Option<Language>) -> Self {
        Tokenizer { stemmer: language.map(rust_stemmers::Stemmer::create), language }
    }

    /// The stemming language, if any.
    pub fn language(&self) -> Option<Language> {
        self.language
    }

    /// Calls `each` with every term of `text`, in order, repeats included.
    pub fn terms(&self, text: &str, mut each: impl FnMut(&str)) {
        let mut folded = String::new();
        for word in self.words(text) {
            self.normalize_into(word, &mut folded);
            each(&folded);
        }
    }

    /// The words of `text` (UAX #29), before normalisation: a caller that caches terms by
    /// word calls [`Tokenizer::normalize_into`] only for words it has not seen.
    pub fn words<'a>(&self, text: &'a str) -> impl Iterator<Item = &'a str> {
        text.unicode_words()
    }

    /// The term of one word: case-folded, stemmed, cut to [`MAX_TERM_BYTES`]; written into
    /// `out` (cleared first).
    pub fn normalize_into(&self, word: &str, out: &mut String) {
        out.clear();
        out.extend(word.chars().flat_map(char::to_lowercase));
        if let Some(stemmer) = &self.stemmer
            && let std::borrow::Cow::Owned(stem) = stemmer.stem(out)
        {
            *out = stem;
        }
        let cut = truncate(out).len();
        out.truncate(cut);
    }

    /// The terms of `text`, in order, repeats included.
    pub fn terms_of(&self, text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        self.terms(text, |term| terms.push(term.to_owned()));
        terms
    }
}

/// `term` cut to at most [`MAX_TERM_BYTES`] bytes at a character boundary.
fn truncate(term: &str) -> &str {
    if term.len() <= MAX_TERM_BYTES {
        return term;
    }
    let mut end = MAX_TERM_BYTES;
    while !term.is_char_boundary(end) {
        end -= 1;
    }
    term.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FixedRandom;

    fn key(byte: u8) -> IndexKey {
        IndexKey::from_bytes([byte; KEY_LEN])
    }

    #[test]
    fn words_are_segmented_folded_and_stemmed() {
        let tokenizer = Tokenizer::default();
        assert_eq!(
            tokenizer.terms_of("The user's Meetings, rescheduled: Zürich!"),
            ["the", "user", "meet", "reschedul", "zürich"]
        );
        let plain = Tokenizer::new(None);
        assert_eq!(plain.terms_of("Meetings MEETINGS"), ["meetings", "meetings"]);
        assert!(plain.terms_of(" ,.;!? ").is_empty());
        let long = "a".repeat(200);
        assert_eq!(plain.terms_of(&long)[0].len(), MAX_TERM_BYTES);
        let long = "é".repeat(100);
        assert!(plain.terms_of(&long)[0].len() <= MAX_TERM_BYTES);
    }

    #[test]
    fn tokens_depend_on_the_key_the_kind_and_the_term() {
        let alice = Blinder::new(&key(1));
        let bob = Blinder::new(&key(2));
        let word = alice.term(TermKind::Word, "invoice");
        assert_eq!(word, alice.term(TermKind::Word, "invoice"));
        assert_ne!(word, bob.term(TermKind::Word, "invoice"), "owners never correlate");
        assert_ne!(word, alice.term(TermKind::Tag, "invoice"), "kinds are separated");
        assert_ne!(word, alice.term(TermKind::Word, "invoices"));
    }

    #[test]
    fn keys_are_random_and_never_printed() {
        let fixed = FixedRandom::new(vec![7; 64]);
        let key = IndexKey::generate(&fixed).unwrap();
        assert_eq!(key.expose_secret(), &[7; KEY_LEN]);
        assert_eq!(format!("{key:?}"), "IndexKey(..)");
        assert_eq!(format!("{:?}", Blinder::new(&key)), "Blinder(..)");
    }
}
