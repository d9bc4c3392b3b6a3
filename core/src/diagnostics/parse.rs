//! Names of the crate's enums as front ends read them (`--lang en`, `policy="optimal"`):
//! every enum a front end parses implements [`FromStr`](std::str::FromStr) with this error.

use std::fmt;

/// A name that is none of an enum's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    /// What was being read (`"lang"`, `"policy"`).
    pub what: &'static str,
    /// The name given.
    pub given: String,
    /// Every accepted name.
    pub expected: &'static [&'static str],
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = self
            .expected
            .iter()
            .map(|e| format!("\"{e}\""))
            .collect::<Vec<_>>()
            .join(", ");
        write!(
            f,
            "{} must be one of {list}, not {:?}",
            self.what, self.given
        )
    }
}

impl std::error::Error for ParseEnumError {}

/// Implements `FromStr` for an enum from its `as_str` names.
macro_rules! from_str_by_name {
    ($ty:ty, $what:literal, [$($variant:expr),+ $(,)?]) => {
        impl ::std::str::FromStr for $ty {
            type Err = $crate::diagnostics::ParseEnumError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                const ALL: &[$ty] = &[$($variant),+];
                const NAMES: &[&str] = &[$($variant.as_str()),+];
                ALL.iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| $crate::diagnostics::ParseEnumError {
                        what: $what,
                        given: s.to_owned(),
                        expected: NAMES,
                    })
            }
        }
    };
}
pub(crate) use from_str_by_name;
