//! The défi submission: its [`Validator`] (the built-in rules of a rulebook, then custom
//! ones), and validation against the rulebook a [`RulebookChoice`] names.

use super::declared::RuleSet;
use super::document::{Checked, Document, from_value};
use super::lenient::{self, Blocks};
use super::rulebook::unknown_promotion;
use super::{CompiledRulebook, Limits, RulebookChoice, fixes, input, structural};
use crate::diagnostics::{InvalidDocument, Report, Violation};
use crate::model::{ChallengeSubmission, SubmissionForm};
use crate::rules::{Rule, Rulebook, Subject, Target, builtin_rules, suggest};
use crate::schema::SchemaKind;
use serde_json::Value;
use std::fmt;
use std::sync::{Arc, LazyLock};

/// The built-in rules, made once: every validator shares them.
static BUILTIN_RULES: LazyLock<Vec<Arc<dyn Rule>>> =
    LazyLock::new(|| builtin_rules().into_iter().map(Arc::from).collect());

/// A submission's checks are the built-in rules of the rulebook in force (see [`Validator`]
/// for custom rules).
impl Document for ChallengeSubmission {
    const KIND: SchemaKind = SchemaKind::ChallengeSubmission;
    type Context = Rulebook;
    fn check(&self, rulebook: &Rulebook) -> Vec<Violation> {
        Validator::new(rulebook.clone())
            .validate_submission(self)
            .violations
    }
}

/// Validates défi submissions against a rulebook, with the built-in rules and any custom ones.
///
/// ```
/// use eig::{Rulebook, validate::Validator};
///
/// let validator = Validator::new(Rulebook::builtin("eig-4").unwrap());
/// let report = validator.validate(br#"{"promotion": "eig-4", "titel": "Signaux faibles"}"#);
/// assert!(!report.valid);
/// let typo = report.violations.iter().find(|v| v.code == "unknown_field").unwrap();
/// assert_eq!(typo.path, "/titel");
/// assert_eq!(typo.message_en, r#"unknown field "titel""#);
/// assert_eq!(typo.hint_en.as_deref(), Some(r#"did you mean "title"?"#));
/// ```
pub struct Validator {
    rulebook: CompiledRulebook,
    form: SubmissionForm,
    /// The built-in rules, then the host's: shared, so that a validator costs a few pointers.
    rules: Vec<Arc<dyn Rule>>,
    declared: RuleSet,
    limits: Limits,
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("rulebook", &self.rulebook().promotion)
            .field(
                "rules",
                &self
                    .rules
                    .iter()
                    .map(|r| r.id().to_owned())
                    .collect::<Vec<_>>(),
            )
            .field("limits", &self.limits)
            .finish()
    }
}

impl Validator {
    /// A validator with the built-in rules and default limits. Its declared rules are
    /// compiled here; to share them between validators, build each from one
    /// [`CompiledRulebook`] with [`Validator::compiled`].
    #[must_use]
    pub fn new(rulebook: Rulebook) -> Self {
        Self::compiled(&CompiledRulebook::new(rulebook))
    }

    /// A validator of `rulebook`, with the built-in rules and default limits, sharing its
    /// compiled declared rules (they are compiled once per rulebook, however many validators
    /// use them).
    #[must_use]
    pub fn compiled(rulebook: &CompiledRulebook) -> Self {
        Self {
            form: rulebook.rulebook().submission_form,
            declared: rulebook.rules(Target::ChallengeSubmission).clone(),
            rulebook: rulebook.clone(),
            rules: BUILTIN_RULES.clone(),
            limits: Limits::default(),
        }
    }

    /// Adds a custom rule; it runs after the built-in ones (a rule on another kind of document
    /// never runs here: give it to a [`DocumentValidator`](crate::documents::DocumentValidator)).
    /// A rule that panics yields a `rule_failed` violation instead of a crash.
    #[must_use]
    pub fn with_rule(mut self, rule: impl Rule + 'static) -> Self {
        self.rules.push(Arc::new(rule));
        self
    }

    /// Adds a boxed custom rule (for bindings that build rules at run time).
    pub fn push_rule(&mut self, rule: Box<dyn Rule>) {
        self.rules.push(Arc::from(rule));
    }

    /// Checks the structure of the submission's form `form` rather than the rulebook's
    /// (`2024` requires the dossier's sections; see [`SubmissionForm`]).
    #[must_use]
    pub fn with_form(mut self, form: SubmissionForm) -> Self {
        self.form = form;
        self
    }

    /// The form whose structure is checked.
    #[must_use]
    pub fn form(&self) -> SubmissionForm {
        self.form
    }

    /// Replaces the input limits.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The rulebook in force.
    #[must_use]
    pub fn rulebook(&self) -> &Rulebook {
        self.rulebook.rulebook()
    }

    /// The ids of the rules that run, in order: the built-in ones, the custom ones, then
    /// the rulebook's declared rules for submissions.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.rules
            .iter()
            .filter(|r| r.on() == Target::ChallengeSubmission)
            .map(|r| r.id())
            .chain(self.declared.ids())
    }

    /// Validates a submission given as raw bytes (JSON).
    #[must_use]
    pub fn validate(&self, bytes: &[u8]) -> Report {
        match input::read(bytes, self.limits) {
            Ok(read) => input::Read::noted(read.comments, self.validate_value(&read.value)),
            Err(v) => Report::new(vec![v]),
        }
    }

    /// Validates a submission already parsed as JSON.
    #[must_use]
    pub fn validate_value(&self, value: &Value) -> Report {
        // The report alone: no checked submission (nor copy of the rulebook) to build.
        Report::new(self.check_value(value).1)
    }

    /// Runs the rules alone over a typed submission (no structural pass).
    #[must_use]
    pub fn validate_submission(&self, submission: &ChallengeSubmission) -> Report {
        let mut violations = self.semantic(submission, None);
        let candidates = !fixes::is_deferred() && fixes::any_candidate(&violations);
        if (candidates || !self.declared.is_empty())
            && let Ok(value) = serde_json::to_value(submission)
        {
            violations.extend(self.declared.run(&value, &[]));
            if candidates {
                fixes::check(&value, &mut violations, |v| self.checks().unfixed(v).1);
            }
        }
        Report::new(violations)
    }

    /// Loads a submission and checks it: every violation when one is an error.
    ///
    /// # Errors
    /// [`InvalidDocument`] when the report has an error.
    pub fn load(&self, bytes: &[u8]) -> Result<Checked<ChallengeSubmission>, InvalidDocument> {
        let read = input::read(bytes, self.limits)?;
        input::Read::noted_load(read.comments, self.load_value(&read.value))
    }

    /// [`Validator::load`] for a document already parsed as JSON.
    ///
    /// # Errors
    /// [`InvalidDocument`] when the report has an error.
    pub fn load_value(
        &self,
        value: &Value,
    ) -> Result<Checked<ChallengeSubmission>, InvalidDocument> {
        let (submission, violations) = self.check_value(value);
        match submission {
            Some(s) if !violations.iter().any(Violation::is_error) => {
                Ok(Checked::new(s, self.rulebook().clone(), violations))
            }
            _ => Err(InvalidDocument::new(violations)),
        }
    }

    /// The checks of this validator, borrowed.
    fn checks(&self) -> Checks<'_> {
        Checks {
            rulebook: self.rulebook(),
            form: self.form,
            rules: &self.rules,
            host: &[],
            declared: &self.declared,
        }
    }

    fn check_value(&self, value: &Value) -> (Option<ChallengeSubmission>, Vec<Violation>) {
        self.checks().check_value(value)
    }

    fn semantic(
        &self,
        submission: &ChallengeSubmission,
        blocks: Option<&Blocks>,
    ) -> Vec<Violation> {
        self.checks().semantic(submission, blocks)
    }
}

/// A submission's checks, borrowed from a validator or from a compiled rulebook and the host's
/// rules: validating a document this way copies nothing (no reference count is touched, which
/// threads validating side by side would contend for).
struct Checks<'a> {
    rulebook: &'a Rulebook,
    form: SubmissionForm,
    /// The built-in rules (and a validator's custom ones), then the host's.
    rules: &'a [Arc<dyn Rule>],
    host: &'a [Arc<dyn Rule>],
    declared: &'a RuleSet,
}

impl Checks<'_> {
    /// The rules on submissions: a host's rule on another kind never runs here.
    fn all(&self) -> impl Iterator<Item = &Arc<dyn Rule>> {
        self.rules
            .iter()
            .chain(self.host)
            .filter(|r| r.on() == Target::ChallengeSubmission)
    }

    /// Every violation of a submission: the structural ones, then each rule whose inputs are
    /// valid (a rule that reads an invalid part is listed as `rule_skipped`), then the
    /// declared rules over the JSON. The typed submission when it is structurally valid.
    ///
    /// Each fix it offers has been checked by applying it (see `validate/fixes.rs`).
    fn check_value(&self, value: &Value) -> (Option<ChallengeSubmission>, Vec<Violation>) {
        let (submission, mut violations) = self.unfixed(value);
        if !fixes::is_deferred() && fixes::any_candidate(&violations) {
            fixes::check(value, &mut violations, |v| self.unfixed(v).1);
        }
        (submission, violations)
    }

    /// [`Checks::check_value`] without checking its fixes. A fault whose fix is surely what
    /// the person meant (the digits of a SIRET without its spaces) does not keep the rules
    /// from reading the value meant: its other faults (the SIRET's checksum) are reported in
    /// the same run.
    fn unfixed(&self, value: &Value) -> (Option<ChallengeSubmission>, Vec<Violation>) {
        match from_value::<ChallengeSubmission>(value, schema_of(self.form)) {
            Ok(submission) => {
                let mut violations = self.semantic(&submission, None);
                violations.extend(self.declared.run(value, &[]));
                (Some(submission), violations)
            }
            Err(e) => {
                let mut violations = e.report.violations;
                self.in_vocabulary(value, &mut violations);
                let Some(object) = value.as_object() else {
                    return (None, violations);
                };
                let meant = fixes::as_meant(value, &violations);
                let (read, mended) = match &meant {
                    Some((copy, mended)) => (copy, Some(mended)),
                    None => (value, None),
                };
                let errors: Vec<Violation> = violations
                    .iter()
                    .filter(|v| v.is_error())
                    .filter(|v| {
                        mended.is_none_or(|m| !m.contains(&(v.code.clone(), v.path.clone())))
                    })
                    .cloned()
                    .collect();
                let object = read.as_object().unwrap_or(object);
                let (view, blocks) =
                    lenient::read::<ChallengeSubmission>(object, &errors, template());
                match view {
                    Some(s) => violations.extend(self.semantic(&s, Some(&blocks))),
                    None => violations.extend(
                        self.all()
                            .filter(|r| r.applies(self.rulebook))
                            .filter_map(|r| blocks.skipped(r.id(), r.reads())),
                    ),
                }
                violations.extend(self.declared.run(read, &errors));
                (None, violations)
            }
        }
    }

    /// The hints of the expertises written otherwise than as a code, from the promotion's own
    /// vocabulary: the code it recruits that the words name, else the list to choose from
    /// (never a code that does not exist, nor one the promotion refuses).
    fn in_vocabulary(&self, value: &Value, violations: &mut [Violation]) {
        let allowed: Vec<&str> = self
            .rulebook
            .allowed_expertises
            .iter()
            .map(|e| e.as_str())
            .collect();
        if allowed.is_empty() {
            return;
        }
        for v in violations.iter_mut() {
            let is_expertise = v.path.ends_with("/expertise")
                && (v.path.starts_with("/seats/") || v.path.starts_with("/wishes/"));
            if v.code != "pattern_mismatch" || !is_expertise {
                continue;
            }
            if let Some(written) = value.pointer(&v.path).and_then(Value::as_str) {
                let fix = suggest::expertise_of(written, &allowed, &self.rulebook.label);
                v.refix(fix);
            }
        }
    }

    fn semantic(
        &self,
        submission: &ChallengeSubmission,
        blocks: Option<&Blocks>,
    ) -> Vec<Violation> {
        let mut out = Vec::new();
        for rule in self.all() {
            if !rule.applies(self.rulebook) {
                continue;
            }
            if let Some(skipped) = blocks.and_then(|b| b.skipped(rule.id(), rule.reads())) {
                out.push(skipped);
                continue;
            }
            let subject = Subject::submission_of(submission, self.rulebook);
            out.extend(super::guarded(rule.id(), |found| {
                rule.check(&subject, found);
            }));
        }
        out
    }
}

/// The compiled schema of a submission form.
fn schema_of(form: SubmissionForm) -> &'static structural::Compiled {
    structural::compiled(SchemaKind::submission(form))
}

/// A valid submission whose fields stand in for the invalid required fields of a lenient
/// read (the rules that read them are skipped, so their values are never judged).
fn template() -> &'static serde_json::Map<String, Value> {
    static TEMPLATE: std::sync::LazyLock<serde_json::Map<String, Value>> = std::sync::LazyLock::new(
        || {
            let contact = serde_json::json!({"name": "placeholder", "position": "placeholder", "email": "placeholder@example.org"});
            let value = serde_json::json!({
                "promotion": "eig-1",
                "title": "placeholder",
                "summary": "placeholder placeholder",
                "problem": "placeholder placeholder",
                "expected_impact": "placeholder placeholder",
                "hosts": [{"name": "placeholder"}],
                "sponsor": contact,
                "mentors": [],
                "seats": [{"expertise": "developpement", "count": 1}],
                "duration_months": 10,
                "locations": [{"city": "placeholder", "postcode": "75001"}],
                "contact": contact,
                "submitted_at": "2020-01-01T00:00:00+01:00",
                // The sections the form 2024 requires.
                "project": {"phase": "construction", "incubator": "placeholder", "public_policy": "placeholder"},
                "wishes": [{"expertise": "developpement", "wanted": false}],
                "steering": {"current": "placeholder placeholder", "envisaged": "placeholder placeholder"},
                "motivations": {
                    "objectives_12_months": "placeholder placeholder",
                    "expected_benefits": "placeholder placeholder",
                    "outlook": "placeholder placeholder",
                },
            });
            match value {
                Value::Object(map) => map,
                _ => serde_json::Map::new(),
            }
        },
    );
    &TEMPLATE
}

/// Validates a submission against the rulebook `choice` names: the input and structural
/// passes, then the rules. With [`RulebookChoice::Named`], a promotion without a built-in
/// rulebook gets `promotion_unknown` beside the structural violations.
#[must_use]
pub fn validate_submission(bytes: &[u8], choice: &RulebookChoice) -> Report {
    match input::read(bytes, Limits::default()) {
        Ok(read) => input::Read::noted(read.comments, submission_report(&read.value, choice, None)),
        Err(v) => Report::new(vec![v]),
    }
}

/// [`validate_submission`] for a document already parsed as JSON.
#[deprecated(
    since = "0.1.0",
    note = "DocumentValidator::new(choice).validate(SchemaKind::ChallengeSubmission, Input::Value(value))"
)]
#[must_use]
pub fn validate_submission_value(value: &Value, choice: &RulebookChoice) -> Report {
    submission_report(value, choice, None)
}

/// A submission already parsed as JSON with the structure of the submission form `form`,
/// whatever form the rulebook files (the kind `challenge-submission-2024` asks for the form
/// 2024).
#[deprecated(
    since = "0.1.0",
    note = "DocumentValidator::new(choice).validate(SchemaKind::ChallengeSubmission2024, Input::Value(value))"
)]
#[must_use]
pub fn validate_submission_value_in_form(
    value: &Value,
    choice: &RulebookChoice,
    form: SubmissionForm,
) -> Report {
    submission_report(value, choice, Some(form))
}

fn submission_report(
    value: &Value,
    choice: &RulebookChoice,
    form: Option<SubmissionForm>,
) -> Report {
    submission_report_with(value, choice, form, &[])
}

/// The report of a submission already parsed, against the rulebook `choice` names, with the
/// structure of `form` (else the rulebook's) and the host's typed rules after the built-in
/// ones.
pub(crate) fn submission_report_with(
    value: &Value,
    choice: &RulebookChoice,
    form: Option<SubmissionForm>,
    host: &[Arc<dyn Rule>],
) -> Report {
    let rulebook: &CompiledRulebook = match choice {
        RulebookChoice::Named => {
            let named = value.get("promotion").and_then(Value::as_str);
            match named.and_then(CompiledRulebook::builtin_ref) {
                Some(rb) => rb,
                None => return unknown_named_promotion(value, named, form),
            }
        }
        RulebookChoice::Given(rb) => rb,
        RulebookChoice::Builtin(id) => match CompiledRulebook::builtin_ref(id) {
            Some(rb) => rb,
            None => return Report::new(vec![unknown_promotion(id, "")]),
        },
    };
    // The rulebook's rules are compiled once, and borrowed here: nothing is copied.
    let checks = Checks {
        rulebook: rulebook.rulebook(),
        form: form.unwrap_or(rulebook.rulebook().submission_form),
        rules: &BUILTIN_RULES,
        host,
        declared: rulebook.rules(Target::ChallengeSubmission),
    };
    Report::new(checks.check_value(value).1)
}

/// Loads a valid submission with the rulebook `choice` names (a byte-order mark is allowed).
///
/// # Errors
/// [`InvalidDocument`] with every violation when one is an error.
pub fn load_submission(
    bytes: &[u8],
    choice: &RulebookChoice,
) -> Result<Checked<ChallengeSubmission>, InvalidDocument> {
    let read = input::read(bytes, Limits::default())?;
    input::Read::noted_load(read.comments, load_submission_value(&read.value, choice))
}

/// [`load_submission`] for a document already parsed as JSON.
fn load_submission_value(
    value: &Value,
    choice: &RulebookChoice,
) -> Result<Checked<ChallengeSubmission>, InvalidDocument> {
    let rulebook = match choice {
        RulebookChoice::Named => {
            let named = value.get("promotion").and_then(Value::as_str).unwrap_or("");
            match CompiledRulebook::builtin(named) {
                Some(rb) => rb,
                None => {
                    return Err(InvalidDocument {
                        report: submission_report(value, &RulebookChoice::Named, None),
                    });
                }
            }
        }
        other => other.compiled("")?,
    };
    Validator::compiled(&rulebook).load_value(value)
}

/// Validates a défi submission against the built-in rulebook of the promotion it names in its
/// `promotion` field. A promotion without a built-in rulebook gets a `promotion_unknown`
/// violation (with the structural pass still run); give a rulebook to a [`Validator`] instead.
///
/// ```
/// let report = eig::validate::validate_named_promotion(br#"{"promotion": "eig-9"}"#);
/// assert!(report.has("promotion_unknown"));
/// assert!(report.has("missing_field"));
/// ```
#[must_use]
pub fn validate_named_promotion(bytes: &[u8]) -> Report {
    validate_submission(bytes, &RulebookChoice::Named)
}

/// [`validate_named_promotion`] for a document already parsed as JSON.
#[deprecated(
    since = "0.1.0",
    note = "DocumentValidator::new(RulebookChoice::Named).validate(SchemaKind::ChallengeSubmission, Input::Value(value))"
)]
#[must_use]
pub fn validate_named_promotion_value(value: &Value) -> Report {
    submission_report(value, &RulebookChoice::Named, None)
}

/// The report of a submission whose promotion has no built-in rulebook: the structural pass
/// (of `form`, or the form 2017), and `promotion_unknown`.
fn unknown_named_promotion(
    value: &Value,
    named: Option<&str>,
    form: Option<SubmissionForm>,
) -> Report {
    let schema = schema_of(form.unwrap_or_default());
    let mut violations = match from_value::<ChallengeSubmission>(value, schema) {
        Ok(_) => Vec::new(),
        Err(e) => e.report.violations,
    };
    if let Some(id) = named.filter(|id| crate::model::PromotionId::parse(id).is_some()) {
        violations.push(unknown_promotion(id, "/promotion"));
    }
    if !fixes::is_deferred() && fixes::any_candidate(&violations) {
        // Again as a whole: a promotion written otherwise ("EIG 7") names a rulebook once
        // fixed, whose rules then run.
        fixes::check(value, &mut violations, |v| {
            fixes::deferred(|| submission_report_with(v, &RulebookChoice::Named, form, &[]))
                .violations
        });
    }
    Report::new(violations)
}
