//! Every published document kind behind one entry point: a [`DocumentValidator`] holds the
//! rulebook choice and the host's rules, and validates a document of any kind (each kind's
//! checks kept beside its engine), or many in parallel. [`validate_document`] and
//! [`validate_many`] are its short forms without host rules.
//!
//! This is the top floor of the crate: it names every engine, and no engine names it.

use crate::diagnostics::{Report, Violation, message};
use crate::rules::{Rule, Rulebook, Subject, Target};
use crate::schema::SchemaKind;
use crate::validate::{self, Document, Limits, RulebookChoice, report_of};
use serde_json::Value;
use std::sync::Arc;

/// Validates documents of every published kind with one rulebook choice and the host's own
/// rules: the one entry point the CLI, the Python package and the uniffi binding use, so that
/// none of them chooses a path by the kind of document.
///
/// The host's rules are of one trait, [`Rule`]: each checks the kind it names (`on`), after
/// the kind's own checks, typed where the kind has a type and as JSON always, and is skipped
/// (`rule_skipped`) where the fields it reads are invalid. The
/// rulebook's declared rules are compiled once, with the rulebook (see
/// [`CompiledRulebook`](crate::validate::CompiledRulebook)); a validator is shared across
/// threads as it is.
///
/// ```
/// use eig::documents::{DocumentValidator, Input};
/// use eig::schema::SchemaKind;
/// use eig::validate::RulebookChoice;
/// let validator = DocumentValidator::new(RulebookChoice::Builtin("eig-4".into()));
/// let submission = validator.validate(SchemaKind::ChallengeSubmission, Input::Bytes(b"{}"));
/// assert!(submission.has("missing_field"));
/// let jury = validator.validate(SchemaKind::Jury, Input::Bytes(br#"{"id": "j"}"#));
/// assert!(!jury.valid);
/// ```
#[derive(Clone)]
pub struct DocumentValidator {
    choice: RulebookChoice,
    /// The host's rules, each on the kind it names.
    rules: Vec<Arc<dyn Rule>>,
}

impl std::fmt::Debug for DocumentValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentValidator")
            .field("choice", &self.choice)
            .field(
                "rules",
                &self.rules.iter().map(|r| r.id()).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl DocumentValidator {
    /// A validator with the rulebook `choice` names and no host rule.
    #[must_use]
    pub fn new(choice: RulebookChoice) -> Self {
        Self {
            choice,
            rules: Vec::new(),
        }
    }

    /// Adds a host rule on the kind it names; on a submission it runs after the built-in
    /// rules, on another kind after its own checks and its declared rules.
    #[must_use]
    pub fn with_rule(mut self, rule: impl Rule + 'static) -> Self {
        self.rules.push(Arc::new(rule));
        self
    }

    /// Adds a boxed host rule (for bindings that build rules at run time).
    pub fn push_rule(&mut self, rule: Box<dyn Rule>) {
        self.rules.push(Arc::from(rule));
    }

    /// The rulebook choice.
    #[must_use]
    pub fn choice(&self) -> &RulebookChoice {
        &self.choice
    }

    /// Validates one document of `kind`: its input and structural passes, its kind's checks
    /// (with the rulebook, for the kinds that take one), the rulebook's declared rules, then
    /// the host's rules. Every violation, in one report.
    #[must_use]
    pub fn validate(&self, kind: SchemaKind, input: Input<'_>) -> Report {
        settled(kind, input, |input| self.unsettled(kind, input))
    }

    /// [`DocumentValidator::validate`], its fixes not yet checked (a submission's are).
    fn unsettled(&self, kind: SchemaKind, input: Input<'_>) -> Report {
        let rulebook = self.choice.fixed();
        with_json_rules(
            kind,
            input,
            rulebook,
            self.rules.iter().map(AsRef::as_ref),
            |input| self.own_checks(kind, input),
        )
    }

    /// Validates many documents of `kind`, in parallel (one thread per core for 64 documents
    /// or more), in input order.
    #[must_use]
    pub fn validate_many(&self, kind: SchemaKind, docs: &[Input<'_>]) -> Vec<Report> {
        validate_many_with(docs, |d| self.validate(kind, *d))
    }

    /// The kind's checks and the declared rules, with the host's typed rules on a submission.
    fn own_checks(&self, kind: SchemaKind, input: Input<'_>) -> Report {
        match kind {
            SchemaKind::ChallengeSubmission => submission(input, &self.choice, None, &self.rules),
            SchemaKind::ChallengeSubmission2024 => {
                let form = crate::model::SubmissionForm::Form2024;
                submission(input, &self.choice, Some(form), &self.rules)
            }
            _ => unsettled(kind, input, &self.choice),
        }
    }
}

/// A défi submission's report: its input and structural passes (of `form`, else of the
/// rulebook's), the built-in rules, then the host's typed rules, then the declared ones.
fn submission(
    input: Input<'_>,
    choice: &RulebookChoice,
    form: Option<crate::model::SubmissionForm>,
    host: &[Arc<dyn Rule>],
) -> Report {
    let run = |value: &Value| validate::submission_report_with(value, choice, form, host);
    match input {
        Input::Value(v) => run(v),
        Input::Bytes(b) => match validate::read(b, Limits::default()) {
            Ok(read) => validate::Read::noted(read.comments, run(&read.value)),
            Err(v) => Report::new(vec![v]),
        },
    }
}

/// The violations of the host's rules over the JSON of a document of `on` whose own checks
/// found `blocked` structural errors (a rule that reads a field they touch is listed as
/// `rule_skipped`); a rule that panics gives `rule_failed`.
fn host_json_rules(
    rules: &[&dyn Rule],
    on: Target,
    value: &Value,
    rulebook: Option<&Rulebook>,
    blocked: &[Violation],
) -> Vec<Violation> {
    let blocks = validate::Blocks::of_errors(blocked);
    let subject = Subject::json_of(on, value, rulebook);
    let mut out = Vec::new();
    for rule in rules {
        if rulebook.is_some_and(|rb| !rule.applies(rb)) {
            continue;
        }
        if let Some(skipped) = blocks.skipped(rule.id(), rule.reads()) {
            out.push(skipped);
            continue;
        }
        out.extend(validate::guarded(rule.id(), |found| {
            rule.check(&subject, found);
        }));
    }
    out
}

/// One document to validate: JSON bytes, or a value already parsed.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Input<'a> {
    /// Raw JSON bytes (a byte-order mark is allowed).
    Bytes(&'a [u8]),
    /// A parsed JSON value.
    Value(&'a Value),
}

/// Validates a document of any published kind. A défi submission and a team formation input
/// are checked against the rulebook `choice` names; the other kinds take no rulebook.
///
/// ```
/// use eig::documents::{Input, validate_document};
/// use eig::schema::SchemaKind;
/// use eig::validate::RulebookChoice;
/// let mut rulebook = serde_json::to_value(eig::Rulebook::builtin("eig-4").unwrap()).unwrap();
/// rulebook["team_size"] = serde_json::json!({"min": 4, "max": 2});
/// let report = validate_document(SchemaKind::Rulebook, Input::Value(&rulebook),
///                                &RulebookChoice::Named);
/// assert!(report.has("range_inverted"));
/// ```
#[must_use]
pub fn validate_document(kind: SchemaKind, input: Input<'_>, choice: &RulebookChoice) -> Report {
    settled(kind, input, |input| unsettled(kind, input, choice))
}

/// The report of a document of `kind` by `validate`, with its fixes checked: each applied to
/// a copy of the document, validated again by the same whole validation (see
/// `validate/fixes.rs`); the checks inside it leave theirs to this one.
fn settled(kind: SchemaKind, input: Input<'_>, validate: impl Fn(Input<'_>) -> Report) -> Report {
    if validate::fixes_deferred() {
        return validate(input);
    }
    let mut report = validate::deferred_fixes(|| validate(input));
    if !validate::any_candidate(&report.violations) {
        return report;
    }
    let parsed;
    let value = match input {
        Input::Value(v) => v,
        Input::Bytes(b) => match validate::read(b, limits(kind)) {
            Ok(read) => {
                parsed = read.value;
                &parsed
            }
            Err(_) => return report,
        },
    };
    validate::check_fixes(value, &mut report.violations, |v| {
        validate::deferred_fixes(|| validate(Input::Value(v))).violations
    });
    report
}

/// [`validate_document`], its fixes not yet checked (a submission's are).
fn unsettled(kind: SchemaKind, input: Input<'_>, choice: &RulebookChoice) -> Report {
    // Their loads run the declared rules themselves (the engines load them so).
    let loads_with_rules = kind == SchemaKind::ChallengeSubmission
        || kind == SchemaKind::ChallengeSubmission2024
        || (cfg!(feature = "matching")
            && (kind == SchemaKind::TeamFormation || kind == SchemaKind::JuryPlan));
    if loads_with_rules {
        return checks_of(kind, input, choice);
    }
    let rules = validate::declared_rules(kind, choice);
    if rules.is_empty() {
        return checks_of(kind, input, choice);
    }
    then_over_json(
        kind,
        input,
        |input| checks_of(kind, input, choice),
        |value, blocked| rules.run(value, blocked),
    )
}

/// The report of `checks`, then the violations `more` finds over the document's JSON, given
/// the report's structural errors, which may block it. The input is parsed once.
fn then_over_json(
    kind: SchemaKind,
    input: Input<'_>,
    checks: impl FnOnce(Input<'_>) -> Report,
    more: impl FnOnce(&Value, &[Violation]) -> Vec<Violation>,
) -> Report {
    let parsed;
    let (value, comments) = match input {
        Input::Value(v) => (v, None),
        Input::Bytes(b) => match validate::read(b, limits(kind)) {
            Ok(read) => {
                parsed = read.value;
                (&parsed, read.comments)
            }
            Err(v) => return Report::new(vec![v]),
        },
    };
    let report = checks(Input::Value(value));
    if crate::stop::requested() {
        return report;
    }
    let blocked = validate::structural_errors(&report);
    let mut violations = report.violations;
    violations.extend(more(value, &blocked));
    validate::Read::noted(comments, Report::new(violations))
}

/// The report of `checks`, then that of the host's rules among `rules` that check this kind
/// over its JSON (parsed once). A submission's rules run inside its own checks, typed.
fn with_json_rules<'r>(
    kind: SchemaKind,
    input: Input<'_>,
    rulebook: Option<&Rulebook>,
    rules: impl Iterator<Item = &'r dyn Rule>,
    checks: impl Fn(Input<'_>) -> Report,
) -> Report {
    let Some(target) = validate::target_of(kind).filter(|t| *t != Target::ChallengeSubmission)
    else {
        return checks(input);
    };
    let mine: Vec<&dyn Rule> = rules.filter(|r| r.on() == target).collect();
    if mine.is_empty() {
        return checks(input);
    }
    then_over_json(kind, input, checks, |value, blocked| {
        host_json_rules(&mine, target, value, rulebook, blocked)
    })
}

/// The input limits of a kind (the same its own load applies).
pub(crate) fn limits(kind: SchemaKind) -> Limits {
    match kind {
        #[cfg(feature = "scoring")]
        SchemaKind::ScoreSheets => crate::model::ScoreSheets::limits(),
        #[cfg(feature = "analytics")]
        SchemaKind::Dataset => crate::model::Dataset::limits(),
        #[cfg(feature = "matching")]
        SchemaKind::TeamFormation => crate::model::TeamFormation::limits(),
        _ => Limits::default(),
    }
}

/// The largest document of this kind accepted, in bytes (2 MiB for most kinds; more for the
/// kinds that hold a whole promotion's scores or the programme's dataset).
#[must_use]
pub fn max_bytes(kind: SchemaKind) -> usize {
    limits(kind).max_bytes
}

/// The report of a document of this kind that is `size` bytes long, past [`max_bytes`]: its
/// one violation is `document_too_large`. A caller that knows the size before reading (a
/// file's length) need not read the document.
///
/// ```
/// use eig::documents::{max_bytes, too_large};
/// use eig::schema::SchemaKind;
/// let kind = SchemaKind::ChallengeSubmission;
/// let report = too_large(kind, max_bytes(kind) as u64 + 1);
/// assert!(report.has("document_too_large"));
/// ```
#[must_use]
pub fn too_large(kind: SchemaKind, size: u64) -> Report {
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    Report::new(vec![message::document_too_large(size, max_bytes(kind))])
}

/// The kind's own passes: input, schema, and its checks.
fn checks_of(kind: SchemaKind, input: Input<'_>, choice: &RulebookChoice) -> Report {
    match kind {
        SchemaKind::ChallengeSubmission => submission(input, choice, None, &[]),
        SchemaKind::ChallengeSubmission2024 => {
            let form = crate::model::SubmissionForm::Form2024;
            submission(input, choice, Some(form), &[])
        }
        #[cfg(feature = "matching")]
        SchemaKind::TeamFormation => report_of(match input {
            Input::Bytes(b) => crate::placement::teams::load(b, choice),
            Input::Value(v) => crate::placement::teams::load_value(v, choice),
        }),
        SchemaKind::Rulebook => match input {
            Input::Bytes(b) => validate::validate_rulebook(b),
            Input::Value(v) => report_of(validate::load_rulebook_value(v)),
        },
        #[cfg(feature = "scoring")]
        SchemaKind::Application => application(input, choice),
        #[cfg(feature = "scoring")]
        SchemaKind::ScoringGrid => plain::<crate::model::ScoringGrid>(input),
        #[cfg(feature = "scoring")]
        SchemaKind::Jury => plain::<crate::model::Jury>(input),
        #[cfg(feature = "scoring")]
        SchemaKind::ScoreSheets => plain::<crate::model::ScoreSheets>(input),
        #[cfg(feature = "analytics")]
        SchemaKind::Dataset => plain::<crate::model::Dataset>(input),
        #[cfg(feature = "matching")]
        SchemaKind::MentorMatching => plain::<crate::model::MentorMatching>(input),
        #[cfg(feature = "matching")]
        SchemaKind::JuryPlan => report_of(match input {
            Input::Bytes(b) => crate::placement::jury::load(b, choice),
            Input::Value(v) => crate::placement::jury::load_value(v, choice),
        }),
        #[allow(unreachable_patterns)]
        other => structural_only(other, input),
    }
}

/// An application's own checks, then, when a rulebook applies (the one `choice` names, or
/// the built-in one of its promotion), its filing time against the calls and sprints.
#[cfg(feature = "scoring")]
fn application(input: Input<'_>, choice: &RulebookChoice) -> Report {
    let report = plain::<crate::model::Application>(input);
    if report.violations.iter().any(Violation::is_error) {
        return report;
    }
    let value = match input {
        Input::Bytes(b) => match validate::parse(b, Limits::default()) {
            Ok(v) => v,
            Err(_) => return report,
        },
        Input::Value(v) => v.clone(),
    };
    let Ok(app) = serde_json::from_value::<crate::model::Application>(value) else {
        return report;
    };
    let Ok(rulebook) = choice.resolve(app.promotion.as_str()) else {
        return report;
    };
    let mut violations = report.violations;
    violations.extend(crate::scoring::check_application_window(&app, &rulebook));
    Report::new(violations)
}

// Unused when every engine is left out of the build.
#[allow(dead_code)]
fn plain<T: Document<Context = ()>>(input: Input<'_>) -> Report {
    report_of(match input {
        Input::Bytes(b) => validate::load_document::<T>(b),
        Input::Value(v) => validate::load_document_value::<T>(v),
    })
}

/// A kind whose checks are not compiled in: its input and structural passes, and a warning
/// that says the rest did not run and which feature brings it.
#[allow(dead_code)]
fn structural_only(kind: SchemaKind, input: Input<'_>) -> Report {
    let parsed = match input {
        Input::Bytes(b) => validate::read(b, Limits::default()),
        Input::Value(v) => Ok(validate::Read {
            value: v.clone(),
            comments: None,
        }),
    };
    let mut violations = match parsed {
        Ok(read) => read
            .comments
            .into_iter()
            .chain(validate::structural_check(kind, &read.value))
            .collect::<Vec<_>>(),
        Err(v) => return Report::new(vec![v]),
    };
    let feature = match kind {
        SchemaKind::TeamFormation | SchemaKind::MentorMatching | SchemaKind::JuryPlan => "matching",
        SchemaKind::Dataset => "analytics",
        _ => "scoring",
    };
    violations.push(crate::diagnostics::message::checks_not_compiled(
        kind.name(),
        feature,
    ));
    Report::new(violations)
}

/// Validates many documents of one kind with one rulebook choice, in parallel (one thread
/// per core for 64 documents or more), in input order.
///
/// ```
/// use eig::documents::{Input, validate_many};
/// use eig::schema::SchemaKind;
/// use eig::validate::RulebookChoice;
/// let docs = [Input::Bytes(b"{}"), Input::Bytes(b"[]")];
/// let reports = validate_many(SchemaKind::ChallengeSubmission, &docs,
///                             &RulebookChoice::Builtin("eig-4".into()));
/// assert_eq!(reports.iter().filter(|r| r.valid).count(), 0);
/// ```
#[must_use]
pub fn validate_many(kind: SchemaKind, docs: &[Input<'_>], choice: &RulebookChoice) -> Vec<Report> {
    validate_many_with(docs, |d| validate_document(kind, *d, choice))
}

/// Runs `validate` over many documents in parallel, in input order: the pool of
/// [`validate_many`], for front ends whose validation is their own (custom rules).
pub fn validate_many_with<D: Sync>(
    docs: &[D],
    validate: impl Fn(&D) -> Report + Sync,
) -> Vec<Report> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(docs.len().max(1));
    // Under a raised stop, the documents not reached get an empty report: the caller that
    // raised it drops them all (see [`crate::stop`]).
    let one = |d: &D| {
        if crate::stop::requested() {
            Report::new(Vec::new())
        } else {
            validate(d)
        }
    };
    if threads <= 1 || docs.len() < 64 {
        return docs.iter().map(one).collect();
    }
    let chunk = docs.len().div_ceil(threads);
    let one = &one;
    let stop = crate::stop::current();
    std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| {
                let stop = stop.clone();
                s.spawn(move || {
                    crate::stop::run_with(stop, || part.iter().map(one).collect::<Vec<_>>())
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_without_its_checks_says_so() {
        // A grid whose weights sum to zero passes the structural pass; its own checks are what
        // the warning says did not run.
        let grid =
            br#"{"id": "g", "label_fr": "G", "label_en": "G", "scale": {"min": 0, "max": 10},
            "criteria": [{"id": "a", "label_fr": "A", "label_en": "A", "weight": 0}]}"#;
        let report = structural_only(SchemaKind::ScoringGrid, Input::Bytes(grid));
        assert!(report.valid, "{report}");
        let codes: Vec<&str> = report.violations.iter().map(|v| v.code.as_str()).collect();
        assert_eq!(codes, ["checks_not_compiled"]);
        assert!(
            report.violations[0]
                .message_en
                .contains("\"scoring\" feature")
        );
        let broken = structural_only(SchemaKind::Jury, Input::Bytes(b"{}"));
        assert!(broken.has("missing_field") && broken.has("checks_not_compiled"));
        assert!(structural_only(SchemaKind::Jury, Input::Bytes(b"[")).has("invalid_json"));
    }
}
