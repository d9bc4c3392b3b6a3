//! The rulebook as a document: its schema, then the consistency checks of
//! [`Rulebook::check`]; and the choice of the rulebook that checks another document.

use super::document::{Checked, Document, load_value_with, report_of};
use super::{CompiledRulebook, Limits, declared, input};
use crate::diagnostics::{InvalidDocument, Report, Violation, message};
use crate::rules::DeclaredRule;
use crate::rules::Rulebook;
use crate::schema::SchemaKind;
use serde::Deserialize;
use serde_json::Value;

impl Document for Rulebook {
    const KIND: SchemaKind = SchemaKind::Rulebook;
    type Context = ();
    fn check(&self, (): &()) -> Vec<Violation> {
        let mut out = Rulebook::check(self);
        out.extend(super::declared::check_rulebook(self));
        out
    }
}

impl Rulebook {
    /// Loads a rulebook from JSON bytes, checked against the rulebook schema and for
    /// consistency (ranges, windows). On failure the report lists every violation.
    ///
    /// # Errors
    /// [`InvalidDocument`] with the full report.
    pub fn from_json(bytes: &[u8]) -> Result<Rulebook, InvalidDocument> {
        load_rulebook(bytes).map(Checked::into_inner)
    }
}

/// Loads a rulebook: its schema, its consistency checks and the compilation of its declared
/// rules. A rulebook with structural errors still has each of its well-formed rules
/// compiled, so that one run reports every fault.
pub(crate) fn load_rulebook(bytes: &[u8]) -> Result<Checked<Rulebook>, InvalidDocument> {
    let read = input::read(bytes, Limits::default())?;
    input::Read::noted_load(read.comments, load_rulebook_value(&read.value))
}

/// [`load_rulebook`] for a document already parsed as JSON.
pub(crate) fn load_rulebook_value(value: &Value) -> Result<Checked<Rulebook>, InvalidDocument> {
    match load_value_with::<Rulebook>(value, |_| ((), Vec::new())) {
        Ok(checked) => Ok(checked),
        // The structure is valid: the checks, rules included, ran.
        Err(e) if super::structural_errors(&e.report).is_empty() => Err(e),
        Err(e) => {
            let mut violations = e.report.violations;
            // More rules than a rulebook may hold: that is its fault, and none is compiled (ten
            // thousand rules would be compiled only to be refused).
            let max = super::structural::compiled(SchemaKind::Rulebook).schema()["properties"]
                ["rules"]["maxItems"]
                .as_u64()
                .unwrap_or(u64::MAX);
            let rules = value
                .get("rules")
                .and_then(Value::as_array)
                .filter(|r| r.len() as u64 <= max);
            // A rule without an id is its own (its missing id is reported already).
            let ids: Vec<String> = rules
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, r)| {
                    r.get("id")
                        .and_then(Value::as_str)
                        .map_or_else(|| format!("\0{i}"), str::to_owned)
                })
                .collect();
            crate::diagnostics::duplicate_ids(
                ids.iter().map(String::as_str),
                |i| format!("/rules/{i}/id"),
                message::Thing::Rule,
                &mut violations,
            );
            for (i, rule) in rules.into_iter().flatten().enumerate() {
                let at = format!("/rules/{i}");
                let broken = violations
                    .iter()
                    .any(|v| v.path == at || v.path.starts_with(&format!("{at}/")));
                if broken {
                    continue;
                }
                if let Ok(rule) = DeclaredRule::deserialize(rule) {
                    violations.extend(declared::check_rule(i, &rule));
                }
            }
            Err(InvalidDocument::new(violations))
        }
    }
}

/// [`load_rulebook_value`] with its declared rules' compilations, made once: each of its
/// rules in order.
pub(crate) fn load_rulebook_compiled(
    value: &Value,
) -> Result<(Rulebook, Vec<declared::Compilation>, Vec<Violation>), InvalidDocument> {
    let Ok(rulebook) = super::document::from_value::<Rulebook>(
        value,
        super::structural::compiled(SchemaKind::Rulebook),
    ) else {
        // Its structural errors, reported as the plain load reports them.
        return match load_rulebook_value(value) {
            Err(e) => Err(e),
            Ok(checked) => {
                let (rulebook, (), warnings) = checked.into_parts();
                let compiled = declared::compile_rulebook(&rulebook);
                Ok((rulebook, compiled, warnings))
            }
        };
    };
    // The checks of the rulebook as a document, in their order, its rules compiled once.
    let compiled = declared::compile_rulebook(&rulebook);
    let mut violations = Rulebook::check(&rulebook);
    violations.extend(declared::faults(&compiled));
    if violations.iter().any(Violation::is_error) {
        return Err(InvalidDocument::new(violations));
    }
    Ok((rulebook, compiled, violations))
}

/// Validates a rulebook document (raw JSON bytes): the input and structural passes, then the
/// consistency checks of [`Rulebook::check`] and the compilation of its declared rules.
#[must_use]
pub fn validate_rulebook(bytes: &[u8]) -> Report {
    report_of(load_rulebook(bytes))
}

/// Which rulebook checks a document: the one the front end was given, the built-in one of a
/// promotion it names, or the built-in one of the promotion the document names. The CLI,
/// Python and uniffi all choose through this one type.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum RulebookChoice {
    /// The built-in rulebook of the promotion the document names (`promotion` field).
    #[default]
    Named,
    /// The built-in rulebook of this promotion id.
    Builtin(String),
    /// This rulebook (a file the user gave), with its declared rules compiled once for every
    /// document it checks: `RulebookChoice::Given(rulebook.into())`.
    Given(CompiledRulebook),
}

impl From<Option<CompiledRulebook>> for RulebookChoice {
    /// The rulebook given, or the built-in one of the document's promotion.
    fn from(rulebook: Option<CompiledRulebook>) -> Self {
        rulebook.map_or(Self::Named, Self::Given)
    }
}

impl RulebookChoice {
    /// From the two options every front end has, `promotion` and `rulebook`: at most one.
    ///
    /// # Errors
    /// A message when both are given.
    pub fn from_options(
        promotion: Option<&str>,
        rulebook: Option<CompiledRulebook>,
    ) -> Result<Self, &'static str> {
        match (promotion, rulebook) {
            (Some(_), Some(_)) => Err("give a promotion or a rulebook, not both"),
            (Some(id), None) => Ok(Self::Builtin(id.to_owned())),
            (None, Some(rb)) => Ok(Self::Given(rb)),
            (None, None) => Ok(Self::Named),
        }
    }

    /// The rulebook in force whatever the document names: the one given, or the built-in one
    /// of the promotion named (`None` when each document names its own, or for an unknown
    /// promotion).
    #[must_use]
    pub fn fixed(&self) -> Option<&Rulebook> {
        match self {
            Self::Given(rb) => Some(rb.rulebook()),
            Self::Builtin(id) => CompiledRulebook::builtin_ref(id).map(CompiledRulebook::rulebook),
            Self::Named => None,
        }
    }

    /// The rulebook for a document that names `named`, or the violation that says why there
    /// is none (`promotion_unknown`, at `/promotion`).
    ///
    /// # Errors
    /// `promotion_unknown` when the promotion has no built-in rulebook.
    #[allow(clippy::result_large_err)]
    pub fn resolve(&self, named: &str) -> Result<Rulebook, Violation> {
        self.compiled(named).map(|c| c.rulebook().clone())
    }

    /// [`RulebookChoice::resolve`], the rulebook kept with its compiled rules (shared, not
    /// copied).
    ///
    /// # Errors
    /// `promotion_unknown` when the promotion has no built-in rulebook.
    #[allow(clippy::result_large_err)]
    pub fn compiled(&self, named: &str) -> Result<CompiledRulebook, Violation> {
        match self {
            Self::Given(rb) => Ok(rb.clone()),
            Self::Builtin(id) => {
                CompiledRulebook::builtin(id).ok_or_else(|| unknown_promotion(id, ""))
            }
            Self::Named => CompiledRulebook::builtin(named)
                .ok_or_else(|| unknown_promotion(named, "/promotion")),
        }
    }
}

/// `promotion_unknown`: no built-in rulebook for this promotion id; the message lists the
/// promotions that have one.
pub(crate) fn unknown_promotion(id: &str, path: &str) -> Violation {
    message::promotion_unknown(path, id, &crate::model::PromotionId::HISTORICAL)
}

/// What changes from one call to the next: the promotion, its name, and its calls' windows
/// (see [`Rulebook::next_call`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NextCall {
    /// The new promotion's id (`eig-8`).
    pub promotion: String,
    /// Its public name; `None` makes one from the id (`eig-8` → `EIG 8`).
    pub label: Option<String>,
    /// The call for projects; `None` leaves it unknown (validation then warns
    /// `call_window_unknown`).
    pub call_for_projects: Option<crate::model::CallWindow>,
    /// The call for applications; `None` leaves it unknown.
    pub call_for_applications: Option<crate::model::CallWindow>,
}

impl Rulebook {
    /// A rulebook for the next call, made from this one: the same rules (team sizes,
    /// expertises, dossier form and eligibility, grids, stages, declared rules), the new
    /// promotion and windows. The past call's sprints, hiring cap and published figures are
    /// not carried over. The cohort's year follows the call for projects' opening (or close). The
    /// sources of the facts carried over stay, each saying which rulebook it came from; the
    /// windows' sources are dropped, and one source says the new facts were given by hand.
    ///
    /// ```
    /// use eig::Rulebook;
    /// use eig::model::CallWindow;
    /// use eig::validate::NextCall;
    /// let closes = "2027-03-31T17:00:00".parse().ok();
    /// let eig8 = Rulebook::builtin("eig-7").unwrap().next_call(NextCall {
    ///     promotion: "eig-8".into(),
    ///     label: None,
    ///     call_for_projects: Some(CallWindow::paris(None, closes)),
    ///     call_for_applications: None,
    /// }).unwrap();
    /// assert_eq!(eig8.label, "EIG 8");
    /// assert_eq!(eig8.allowed_expertises, Rulebook::builtin("eig-7").unwrap().allowed_expertises);
    /// // EIG 7's sprints of 2024–2025 and its cap of 30 in 2024 are not EIG 8's.
    /// assert!(eig8.sprints.is_empty() && eig8.hiring_cap.is_none());
    /// assert_eq!(eig8.grids.len(), 4);
    /// ```
    ///
    /// # Errors
    /// [`InvalidDocument`] when the result is not a valid rulebook: an id that is not a
    /// promotion id (`promotion`), a window that closes before it opens...
    pub fn next_call(&self, next: NextCall) -> Result<Rulebook, InvalidDocument> {
        use crate::model::{Cohort, PromotionId};
        use crate::rules::Source;
        let mut rb = self.clone();
        let from = self.label.clone();
        rb.label = next.label.unwrap_or_else(|| label_of(&next.promotion));
        rb.promotion = PromotionId::new(next.promotion);
        let year = next
            .call_for_projects
            .as_ref()
            .and_then(|w| w.opens.or(w.closes))
            .and_then(|t| u16::try_from(chrono::Datelike::year(&t)).ok());
        if let Some(y) = year {
            match &mut rb.cohort {
                Cohort::Year { year } => *year = y,
                Cohort::RollingSprints { from_year, .. } => *from_year = y,
            }
        }
        rb.call_for_projects = next.call_for_projects;
        rb.call_for_applications = next.call_for_applications;
        // What belongs to the past call goes with it: its sprints' dates, its yearly cap, the
        // figures it published.
        rb.sprints.clear();
        rb.hiring_cap = None;
        for stage in &mut rb.stages {
            stage.published = None;
        }
        let windows = [
            "/call_for_projects",
            "/call_for_applications",
            "/sprints",
            "/hiring_cap",
        ];
        let cohort_moved = year.is_some();
        rb.sources = self
            .sources
            .iter()
            .filter_map(|s| match s {
                Source::Fact(f) => {
                    let fields: Vec<String> = f
                        .fields
                        .iter()
                        .filter(|p| {
                            let window = windows.iter().any(|w| p.starts_with(w))
                                || (p.starts_with("/stages/") && p.ends_with("/published"));
                            let moved = cohort_moved
                                && p.starts_with("/cohort")
                                && p.as_str() != "/cohort/jury_every_months";
                            !(window || moved)
                        })
                        .cloned()
                        .collect();
                    if fields.is_empty() {
                        return None;
                    }
                    let mut f = f.clone();
                    f.fields = fields;
                    f.note = Some(match f.note {
                        Some(n) => format!("From the rulebook of {from}. {n}"),
                        None => format!("From the rulebook of {from}."),
                    });
                    Some(Source::Fact(f))
                }
                Source::Text(t) => Some(Source::Text(format!("{t} (from the rulebook of {from})"))),
            })
            .collect();
        let mut given = vec!["/promotion", "/label"];
        if cohort_moved {
            given.push("/cohort");
        }
        if rb.call_for_projects.is_some() {
            given.push("/call_for_projects");
        }
        if rb.call_for_applications.is_some() {
            given.push("/call_for_applications");
        }
        rb.sources.push(Source::fact(
            &given,
            "given by whoever made this rulebook",
            &format!("The rulebook of {from}, for the next call."),
        ));
        let value = serde_json::to_value(&rb).unwrap_or_default();
        load_rulebook_value(&value).map(Checked::into_inner)
    }
}

/// A promotion's public name from its id: `eig-8` → `EIG 8`, `dig-2027` → `DIG 2027`.
fn label_of(id: &str) -> String {
    match id.split_once('-') {
        Some((kind, n)) => format!("{} {n}", kind.to_uppercase()),
        None => id.to_uppercase(),
    }
}
