use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A SIRET number: 14 digits identifying an establishment (the SIREN plus 5 digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Siret(#[schemars(regex(pattern = r"^[0-9]{14}$"))] pub String);

/// A SIREN number: 9 digits identifying a legal unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Siren(#[schemars(regex(pattern = r"^[0-9]{9}$"))] pub String);

/// Whether a string of digits passes the Luhn checksum used by SIREN and SIRET numbers.
///
/// La Poste's establishments (SIREN 356 000 000) use another rule: the digits of their SIRET
/// add up to a multiple of 5. That exception is honoured.
#[must_use]
pub fn luhn_ok(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if digits.len() == 14 && digits.starts_with("356000000") {
        let sum: u32 = digits.bytes().map(|b| u32::from(b - b'0')).sum();
        return sum.is_multiple_of(5);
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 { d2 - 9 } else { d2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl Siret {
    /// Whether the checksum holds.
    #[must_use]
    pub fn checksum_ok(&self) -> bool {
        self.0.len() == 14 && luhn_ok(&self.0)
    }

    /// The SIREN part (the first 9 digits), when the number has 14 ASCII digits.
    #[must_use]
    pub fn siren(&self) -> Option<&str> {
        (self.0.len() == 14 && self.0.is_ascii()).then(|| &self.0[..9])
    }
}

impl Siren {
    /// Whether the checksum holds.
    #[must_use]
    pub fn checksum_ok(&self) -> bool {
        self.0.len() == 9 && luhn_ok(&self.0)
    }
}

/// An organisation of the programme's world: an administration, an operator, a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Its usual name.
    #[schemars(length(min = 1, max = 300))]
    pub name: String,
    /// Other names it is known by (acronyms, older names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Its SIREN, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren: Option<Siren>,
    /// Its web site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(url)]
    pub website: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn() {
        assert!(luhn_ok("13002526500013"));
        assert!(luhn_ok("130025265"));
        assert!(!luhn_ok("13002526500014"));
        assert!(!luhn_ok("130025266"));
        // One typed digit swapped with its neighbour is caught.
        assert!(!luhn_ok("13002526500031"));
        // La Poste's rule: digits add up to a multiple of 5.
        assert!(luhn_ok("35600000049837"));
        assert!(!luhn_ok("35600000049838"));
        assert!(!luhn_ok(""));
        assert!(!luhn_ok("12a"));
    }

    #[test]
    fn siret_parts() {
        let s = Siret("13002526500013".into());
        assert!(s.checksum_ok());
        assert_eq!(s.siren(), Some("130025265"));
    }
}
