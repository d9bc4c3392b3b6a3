//! Suggestions as data: the change that mends a fault, as a JSON Patch (RFC 6902) over the
//! document, with how far it can be trusted ([`Applicability`], as rustc's and ruff's fixes).
//!
//! A suggestion is made from the same value as its hint's words (`diagnostics/message/hint.rs`),
//! so the words and the patch never say two things. It is offered as [`Applicability::Safe`]
//! only once the validator has applied it to a copy of the document and validated that copy
//! again: the fault is gone and no new error appeared (`validate/fixes.rs`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// How far a suggestion can be trusted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// Applied to a copy of the document and validated again: the fault is gone and no new
    /// error appeared. `eig fix` applies it.
    Safe,
    /// Probably what was meant, but a person must decide: a guess (a typo's nearest word), or
    /// a change that would leave or bring another error, said in the suggestion's reason.
    NeedsHuman,
    /// Holds an example where the person's own value is wanted (a time of filing, the end of
    /// a domain name): never applied for them.
    Placeholder,
}

impl Applicability {
    /// The stable snake_case name (`safe`, `needs_human`, `placeholder`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::NeedsHuman => "needs_human",
            Self::Placeholder => "placeholder",
        }
    }
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of a JSON Patch (RFC 6902), over the document as it was validated. Paths are
/// JSON Pointers (RFC 6901).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum PatchOperation {
    /// Adds `value` at `path` (a new field, or an item inserted in a list).
    Add {
        /// Where.
        path: String,
        /// What.
        value: Value,
    },
    /// Removes the value at `path`.
    Remove {
        /// Where.
        path: String,
    },
    /// Replaces the value at `path` with `value`.
    Replace {
        /// Where.
        path: String,
        /// The new value.
        value: Value,
    },
    /// Moves the value at `from` to `path` (a field renamed).
    Move {
        /// The value's place now.
        from: String,
        /// Its new place.
        path: String,
    },
}

impl PatchOperation {
    /// The place the operation writes.
    #[must_use]
    pub fn path(&self) -> &str {
        match self {
            Self::Add { path, .. }
            | Self::Remove { path }
            | Self::Replace { path, .. }
            | Self::Move { path, .. } => path,
        }
    }
}

/// What the validator knows of a suggestion before it has checked it (never serialized).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Stage {
    /// Checked, or never to be (a guess, a placeholder): its applicability is final.
    #[default]
    Settled,
    /// To be checked by applying it: safe if it passes.
    Candidate,
    /// A candidate whose new value is surely what the person meant and valid where it goes
    /// (the same digits without their spaces): the rules read the document with it, so that a fault the form hides is reported in the same run (the
    /// checksum of a SIRET written with spaces).
    Meant,
}

/// A change that mends a violation: a JSON Patch over the document, how far it can be trusted,
/// and, when it is not safe, why.
///
/// ```
/// let report = eig::validate::validate_named_promotion(
///     br#"{"promotion": "eig-5", "duration_months": "10"}"#);
/// let v = report.violations.iter().find(|v| v.path == "/duration_months").unwrap();
/// let fix = &v.fixes[0];
/// assert_eq!(fix.applicability, eig::Applicability::Safe);
/// assert_eq!(serde_json::to_value(&fix.patch).unwrap(),
///            serde_json::json!([{"op": "replace", "path": "/duration_months", "value": 10}]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Suggestion {
    /// Whether a tool may apply it for the person.
    pub applicability: Applicability,
    /// The change, as a JSON Patch (RFC 6902) over the document validated.
    pub patch: Vec<PatchOperation>,
    /// Why it is not safe, in French, when it is not (`l'heure 17:00 est un exemple`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_fr: Option<String>,
    /// Why it is not safe, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) stage: Stage,
}

impl Suggestion {
    /// A suggestion whose applicability is given (a host's own fix, a binding's).
    #[must_use]
    pub fn new(applicability: Applicability, patch: Vec<PatchOperation>) -> Self {
        Self {
            applicability,
            patch,
            reason_fr: None,
            reason_en: None,
            stage: Stage::Settled,
        }
    }

    /// A suggestion the validator will check before offering it as safe.
    pub(crate) fn candidate(patch: Vec<PatchOperation>, meant: bool) -> Self {
        Self {
            stage: if meant {
                Stage::Meant
            } else {
                Stage::Candidate
            },
            ..Self::new(Applicability::NeedsHuman, patch)
        }
        .because(
            "pas encore vérifiée sur le document entier",
            "not yet checked against the whole document",
        )
    }

    /// The suggestion with the reason it is not safe.
    #[must_use]
    pub fn because(mut self, fr: impl Into<String>, en: impl Into<String>) -> Self {
        self.reason_fr = Some(fr.into());
        self.reason_en = Some(en.into());
        self
    }

    /// The reason in `lang`, when it is not safe.
    #[must_use]
    pub fn reason(&self, lang: super::Lang) -> Option<&str> {
        match lang {
            super::Lang::Fr => self.reason_fr.as_deref(),
            super::Lang::En => self.reason_en.as_deref(),
        }
    }

    /// Whether a tool may apply it for the person.
    #[must_use]
    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }

    /// Whether the validator is still to check it.
    pub(crate) fn is_candidate(&self) -> bool {
        self.stage != Stage::Settled
    }

    /// Whether the rules read the document with it applied.
    pub(crate) fn is_meant(&self) -> bool {
        self.stage == Stage::Meant
    }

    /// Settles a candidate: safe, or needing a human for the reason given.
    pub(crate) fn settle(&mut self, reason: Option<(String, String)>) {
        self.stage = Stage::Settled;
        match reason {
            None => {
                self.applicability = Applicability::Safe;
                self.reason_fr = None;
                self.reason_en = None;
            }
            Some((fr, en)) => {
                self.applicability = Applicability::NeedsHuman;
                self.reason_fr = Some(fr);
                self.reason_en = Some(en);
            }
        }
    }

    /// Applies the patch to `document`, all or nothing.
    ///
    /// # Errors
    /// What keeps the patch from applying (a path that names nothing), in English; the
    /// document is then left as it was.
    pub fn apply(&self, document: &mut Value) -> Result<(), String> {
        apply_patch(document, &self.patch)
    }
}

/// Applies the operations of a JSON Patch to `document`, all or nothing (RFC 6902).
///
/// # Errors
/// What keeps the patch from applying, in English; the document is then left as it was.
pub fn apply_patch(document: &mut Value, patch: &[PatchOperation]) -> Result<(), String> {
    let patch: json_patch::Patch = serde_json::to_value(patch)
        .and_then(serde_json::from_value)
        .map_err(|e| e.to_string())?;
    json_patch::patch(document, &patch).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_patch_is_rfc_6902_and_applies_all_or_nothing() {
        let mut doc = json!({"titre": "x", "n": "10"});
        let ops = vec![
            PatchOperation::Move {
                from: "/titre".into(),
                path: "/title".into(),
            },
            PatchOperation::Replace {
                path: "/n".into(),
                value: json!(10),
            },
        ];
        assert_eq!(
            serde_json::to_value(&ops).unwrap(),
            json!([{"op": "move", "from": "/titre", "path": "/title"},
                   {"op": "replace", "path": "/n", "value": 10}])
        );
        apply_patch(&mut doc, &ops).unwrap();
        assert_eq!(doc, json!({"title": "x", "n": 10}));
        let before = doc.clone();
        let bad = vec![
            PatchOperation::Replace {
                path: "/n".into(),
                value: json!(11),
            },
            PatchOperation::Remove {
                path: "/nothing".into(),
            },
        ];
        assert!(apply_patch(&mut doc, &bad).is_err());
        assert_eq!(doc, before);
    }
}
