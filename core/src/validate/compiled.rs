//! A rulebook with its declared rules compiled, and the built-in rulebooks: JSON files of the
//! repository's `rulebooks/` folder, embedded in the crate and loaded once per process
//! through the loader and schema a user's rulebook goes through.

use super::declared::{Compilation, RuleSet};
use super::rulebook::load_rulebook_compiled;
use super::{Limits, input};
use crate::diagnostics::{InvalidDocument, Report, Violation};
use crate::model::PromotionId;
use crate::rules::{Rulebook, Target};
use std::fmt;
use std::sync::{Arc, LazyLock, OnceLock};

/// A rulebook with its declared rules (CEL) compiled: what a [`Validator`](super::Validator)
/// or a [`RulebookChoice`](super::RulebookChoice) keeps, shared across documents and threads.
///
/// Each kind's rules are compiled the first time a document of that kind is checked, then
/// kept with the rulebook: no cache outside it, no lock once compiled. Cloning is cheap (a
/// reference count).
///
/// ```
/// use eig::validate::{CompiledRulebook, Validator};
/// let eig4 = CompiledRulebook::builtin("eig-4").unwrap();
/// let validator = Validator::compiled(&eig4);
/// assert!(!validator.validate(br#"{"promotion": "eig-4"}"#).valid);
/// assert_eq!(eig4.rulebook().label, "EIG 4");
/// ```
#[derive(Clone)]
pub struct CompiledRulebook(Arc<Inner>);

struct Inner {
    rulebook: Rulebook,
    /// The declared rules for each target, in the order of [`Target::ALL`], compiled on first
    /// use.
    sets: [OnceLock<RuleSet>; Target::ALL.len()],
}

impl CompiledRulebook {
    /// Keeps `rulebook`; its declared rules are compiled when first needed. The rulebook is
    /// not checked here: load it with [`Rulebook::from_json`] or
    /// [`Checked::check`](super::Checked::check) for that (a rule that does not compile
    /// gives `rule_invalid` on every document it should check).
    #[must_use]
    pub fn new(rulebook: Rulebook) -> Self {
        Self(Arc::new(Inner {
            rulebook,
            sets: Default::default(),
        }))
    }

    /// Loads a rulebook from JSON bytes, checked as [`Rulebook::from_json`] checks it, and
    /// keeps the declared rules that load compiled: they are compiled once, not again when a
    /// document is first checked.
    ///
    /// ```
    /// use eig::validate::CompiledRulebook;
    /// let mut rb = serde_json::to_value(eig::Rulebook::builtin("eig-4").unwrap()).unwrap();
    /// rb["rules"] = serde_json::json!([{"id": "short", "on": "challenge-submission",
    ///     "rule": "self.title.size() < 80",
    ///     "path": "/title", "message_fr": "Titre long.", "message_en": "Long title."}]);
    /// let compiled = CompiledRulebook::from_json(rb.to_string().as_bytes()).unwrap();
    /// assert_eq!(compiled.rulebook().rules.len(), 1);
    /// rb["rules"][0]["rule"] = serde_json::json!("self.titel.size() < 80");
    /// let e = CompiledRulebook::from_json(rb.to_string().as_bytes()).unwrap_err();
    /// assert!(e.report.has("rule_invalid"));
    /// ```
    ///
    /// # Errors
    /// [`InvalidDocument`] with every violation of the rulebook when one is an error.
    pub fn from_json(bytes: &[u8]) -> Result<Self, InvalidDocument> {
        match Self::check_json(bytes) {
            (_, Some(compiled)) => Ok(compiled),
            (report, None) => Err(InvalidDocument::new(report.violations)),
        }
    }

    /// [`CompiledRulebook::from_json`] for a rulebook already parsed as JSON.
    ///
    /// # Errors
    /// [`InvalidDocument`] with every violation of the rulebook when one is an error.
    pub fn from_value(value: &serde_json::Value) -> Result<Self, InvalidDocument> {
        load_rulebook_compiled(value).map(|loaded| Self::from_loaded(loaded).0)
    }

    /// The report of a rulebook document (what
    /// [`validate_rulebook`](super::validate_rulebook) gives, its warnings included) and,
    /// when it has no error, the rulebook with the rules that check compiled: one
    /// compilation for both.
    #[must_use]
    pub fn check_json(bytes: &[u8]) -> (Report, Option<Self>) {
        let read = match input::read(bytes, Limits::default()) {
            Ok(read) => read,
            Err(v) => return (Report::new(vec![v]), None),
        };
        match load_rulebook_compiled(&read.value).map(Self::from_loaded) {
            Ok((compiled, warnings)) => (
                input::Read::noted(read.comments, Report::new(warnings)),
                Some(compiled),
            ),
            Err(e) => (input::Read::noted(read.comments, e.report), None),
        }
    }

    fn from_loaded(
        (rulebook, compiled, warnings): (Rulebook, Vec<Compilation>, Vec<Violation>),
    ) -> (Self, Vec<Violation>) {
        let sets = Target::ALL
            .map(|target| OnceLock::from(RuleSet::from_compiled(&rulebook, target, &compiled)));
        (Self(Arc::new(Inner { rulebook, sets })), warnings)
    }

    /// The built-in rulebook of a historical promotion (`eig-1` … `eig-7`, `dig-2019`),
    /// loaded once per process.
    #[must_use]
    pub fn builtin(id: &str) -> Option<Self> {
        Self::builtin_ref(id).cloned()
    }

    /// [`CompiledRulebook::builtin`], borrowed from the process's own.
    pub(crate) fn builtin_ref(id: &str) -> Option<&'static Self> {
        BUILTINS
            .iter()
            .find(|c| c.rulebook().promotion.as_str() == id)
    }

    /// The rulebook.
    #[must_use]
    pub fn rulebook(&self) -> &Rulebook {
        &self.0.rulebook
    }

    /// Its declared rules that check `target`, compiled.
    pub(crate) fn rules(&self, target: Target) -> &RuleSet {
        let i = Target::ALL.iter().position(|t| *t == target).unwrap_or(0);
        // Kept for every later use: built whole, whatever stop the first use runs under.
        self.0.sets[i]
            .get_or_init(|| crate::stop::unstoppable(|| RuleSet::new(&self.0.rulebook, target)))
    }
}

impl From<Rulebook> for CompiledRulebook {
    fn from(rulebook: Rulebook) -> Self {
        Self::new(rulebook)
    }
}

impl fmt::Debug for CompiledRulebook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompiledRulebook")
            .field("promotion", &self.0.rulebook.promotion)
            .field("rules", &self.0.rulebook.rules.len())
            .finish_non_exhaustive()
    }
}

/// The files of the built-in rulebooks, by promotion id, in historical order.
const FILES: [(&str, &str); PromotionId::HISTORICAL.len()] = [
    ("eig-1", include_str!("../../../rulebooks/eig-1.json")),
    ("eig-2", include_str!("../../../rulebooks/eig-2.json")),
    ("eig-3", include_str!("../../../rulebooks/eig-3.json")),
    ("dig-2019", include_str!("../../../rulebooks/dig-2019.json")),
    ("eig-4", include_str!("../../../rulebooks/eig-4.json")),
    ("eig-5", include_str!("../../../rulebooks/eig-5.json")),
    ("eig-6", include_str!("../../../rulebooks/eig-6.json")),
    ("eig-7", include_str!("../../../rulebooks/eig-7.json")),
];

/// The built-in rulebooks, loaded once. A file that does not load (which the tests rule out)
/// leaves its promotion without a built-in rulebook rather than failing the process.
static BUILTINS: LazyLock<Vec<CompiledRulebook>> = LazyLock::new(|| {
    // Loaded whole whatever stop the first use runs under: they are kept for the process.
    crate::stop::unstoppable(|| {
        FILES
            .iter()
            .filter_map(|(id, text)| {
                let compiled = CompiledRulebook::from_json(text.as_bytes()).ok()?;
                (compiled.rulebook().promotion.as_str() == *id).then_some(compiled)
            })
            .collect()
    })
});

impl Rulebook {
    /// The built-in rulebook of a historical promotion (`eig-1` … `eig-7`, `dig-2019`): a copy
    /// of the one loaded once per process from the repository's `rulebooks/` files.
    #[must_use]
    pub fn builtin(id: &str) -> Option<Rulebook> {
        CompiledRulebook::builtin(id).map(|c| c.rulebook().clone())
    }

    /// Every built-in rulebook, in historical order.
    #[must_use]
    pub fn builtins() -> Vec<Rulebook> {
        BUILTINS.iter().map(|c| c.rulebook().clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::rulebook::load_rulebook;
    use super::*;
    use crate::model::{EXPERTISES, Expertise};
    use crate::rules::{SizeRange, leaf_pointers};

    /// Each file loads through the user's loader with no violation at all, under its own
    /// promotion's name, in historical order.
    #[test]
    fn every_file_loads_clean_and_in_order() {
        for ((id, text), historical) in FILES.iter().zip(PromotionId::HISTORICAL) {
            assert_eq!(*id, historical);
            let checked = load_rulebook(text.as_bytes()).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert!(
                checked.warnings().is_empty(),
                "{id}: {:?}",
                checked.warnings()
            );
            assert_eq!(checked.value().promotion.as_str(), *id);
        }
        let ids: Vec<String> = Rulebook::builtins()
            .iter()
            .map(|r| r.promotion.to_string())
            .collect();
        assert_eq!(ids, PromotionId::HISTORICAL);
        assert!(Rulebook::builtin("eig-8").is_none());
        for rb in Rulebook::builtins() {
            for e in &rb.allowed_expertises {
                assert!(
                    EXPERTISES.iter().any(|t| t.slug == e.as_str()),
                    "{}: unknown {e}",
                    rb.promotion
                );
            }
        }
    }

    /// A file is what serialising its rulebook writes (two-space indentation, a final line
    /// break), so that a change made through the types and one made by hand look the same.
    #[test]
    fn every_file_is_written_as_the_library_writes_it() {
        for (id, text) in FILES {
            let rb = Rulebook::builtin(id).unwrap();
            let written = serde_json::to_string_pretty(&rb).unwrap() + "\n";
            assert!(
                written == text,
                "rulebooks/{id}.json is not in the library's layout"
            );
        }
    }

    /// Every field of every built-in rulebook, but its identity and its sources, is given by
    /// an applied source; every source names fields that exist.
    #[test]
    fn every_built_in_fact_has_a_source() {
        for rb in Rulebook::builtins() {
            let doc = serde_json::to_value(&rb).unwrap();
            let leaves = leaf_pointers(&doc);
            for leaf in &leaves {
                if ["/promotion", "/label"].contains(&leaf.as_str())
                    || leaf.starts_with("/sources/")
                {
                    continue;
                }
                assert!(
                    rb.sources.iter().any(|s| s.applied() && s.covers(leaf)),
                    "{}: no source for {leaf}",
                    rb.label
                );
            }
            for s in &rb.sources {
                assert!(!s.fields().is_empty(), "{}: {}", rb.label, s.document());
                for f in s.fields() {
                    assert!(
                        leaves.iter().any(|l| l == f || s.covers(l)),
                        "{}: the source {} names {f}, which the rulebook does not have",
                        rb.label,
                        s.document()
                    );
                }
            }
        }
    }

    #[test]
    fn promotion_specific_facts() {
        let rulebook = |id| Rulebook::builtin(id).unwrap();
        let dig = rulebook("dig-2019");
        assert_eq!(dig.allowed_expertises, [Expertise::new("design")]);
        assert!(dig.immersion_months.contains(6) && dig.immersion_months.contains(12));
        let eig7 = rulebook("eig-7");
        assert!(eig7.immersion_months.contains(36) && !eig7.immersion_months.contains(11));
        assert!(!eig7.team_size.contains(3));
        assert!(eig7.allows(&Expertise::new("direction-impact")));
        assert_eq!(eig7.mentors.min_mentors, 0);
        let eig4 = rulebook("eig-4");
        let closes = eig4.call_for_projects.unwrap().closes_at().unwrap();
        assert_eq!(closes.to_rfc3339(), "2020-02-28T17:00:00+01:00");
        assert_eq!(eig4.team_size, SizeRange { min: 2, max: 3 });
        assert!(rulebook("eig-5").allows(&Expertise::new("direction-produit")));
        assert!(rulebook("eig-6").allows(&Expertise::new("accompagnement")));
    }

    /// A rulebook's rules for a kind are compiled once and shared by its clones.
    #[test]
    fn rules_are_compiled_once_per_rulebook() {
        let mut rb = Rulebook::builtin("eig-4").unwrap();
        rb.rules.push(
            serde_json::from_value(
                serde_json::json!({"id": "titre", "on": "challenge-submission",
                "rule": "size(self.title) < 80", "message_fr": "Titre long.",
                "message_en": "Long title."}),
            )
            .unwrap(),
        );
        let compiled = CompiledRulebook::new(rb);
        let copy = compiled.clone();
        let a: *const RuleSet = compiled.rules(Target::ChallengeSubmission);
        let b: *const RuleSet = copy.rules(Target::ChallengeSubmission);
        assert_eq!(a, b);
        assert_eq!(copy.rules(Target::ChallengeSubmission).ids().count(), 1);
        assert!(copy.rules(Target::Jury).is_empty());
    }
}
