//! [`named_enum!`](crate::named_enum): the one way an enum of fixed names converts to and
//! from text (storage codes, JSON, configuration, the CLI).

use std::fmt;

/// A text that names no value of an enum declared with [`named_enum!`](crate::named_enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownName {
    /// The names that would have been accepted.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected one of: {}", self.expected.join(", "))
    }
}

impl std::error::Error for UnknownName {}

/// Declares an enum of unit variants, each with a fixed name, and its conversions: `ALL`,
/// `as_str`, `from_name`, `Display`, `FromStr` (error [`UnknownName`]) and serde as the name.
/// `from_name` and serde match names exactly (what is stored and what the API documents);
/// `FromStr` too with `case = exact`, and in any ASCII case with `case = any` (names a person
/// types on a command line or in a configuration file).
///
/// ```
/// fabric_types::named_enum! {
///     /// A colour.
///     pub enum Colour (case = any) {
///         /// Red.
///         Red => "red",
///         /// Blue.
///         Blue => "blue",
///     }
/// }
/// assert_eq!("RED".parse::<Colour>(), Ok(Colour::Red));
/// assert_eq!(Colour::from_name("RED"), None);
/// assert!(serde_json::from_str::<Colour>("\"RED\"").is_err());
/// assert_eq!(Colour::Blue.as_str(), "blue");
/// assert!("green".parse::<Colour>().unwrap_err().to_string().contains("red, blue"));
/// ```
#[macro_export]
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident (case = exact) {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $crate::named_enum! { @declare false, $(#[$meta])* $vis $name { $( $(#[$vmeta])* $variant => $text ),+ } }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident (case = any) {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+ $(,)?
        }
    ) => {
        $crate::named_enum! { @declare true, $(#[$meta])* $vis $name { $( $(#[$vmeta])* $variant => $text ),+ } }
    };
    (
        @declare $any_case:literal, $(#[$meta:meta])* $vis:vis $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal ),+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value's name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }

            /// The value with exactly this name, if any.
            pub fn from_name(text: &str) -> ::std::option::Option<Self> {
                $name::ALL.iter().copied().find(|value| value.as_str() == text)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownName;

            fn from_str(text: &str) -> ::std::result::Result<Self, $crate::UnknownName> {
                let found = if $any_case {
                    $name::ALL.iter().copied().find(|value| value.as_str().eq_ignore_ascii_case(text))
                } else {
                    $name::from_name(text)
                };
                found.ok_or($crate::UnknownName { expected: &[$($text),+] })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                $name::from_name(&text).ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::unknown_variant(&text, &[$($text),+])
                })
            }
        }

        $crate::__named_enum_schema!($name, [$($text),+]);
    };
}

/// With feature `schema`: a `schemars::JsonSchema` for a [`named_enum!`](crate::named_enum),
/// a string of one of its names.
#[cfg(feature = "schema")]
#[doc(hidden)]
#[macro_export]
macro_rules! __named_enum_schema {
    ($name:ident, [$($text:literal),+]) => {
        impl $crate::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut $crate::schemars::SchemaGenerator) -> $crate::schemars::Schema {
                $crate::schemars::json_schema!({ "type": "string", "enum": [$($text),+] })
            }
        }
    };
}

/// Without feature `schema`: nothing.
#[cfg(not(feature = "schema"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __named_enum_schema {
    ($($anything:tt)*) => {};
}
