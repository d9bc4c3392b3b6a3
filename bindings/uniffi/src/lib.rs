//! The uniffi binding of `eig`, for Kotlin, Swift and Python hosts.
//!
//! This crate's Rust API is not meant for Rust users (use the `eig` crate): its stable surface
//! is the generated bindings. It mirrors the core's types in small boundary records, maps
//! errors to one coarse [`EigError`], and turns a host's [`CustomRule`] into a core rule.
//!
//! Times: a submission's `submitted_at` crosses as an RFC 3339 string with its UTC offset
//! (`2021-04-07T16:45:00+02:00`), since the offset is part of what was filed.

use eig::diagnostics::{Lang as CoreLang, Severity as CoreSeverity, Violation as CoreViolation};
use eig::documents::{DocumentValidator, Input};
use eig::rules::Target;
use eig::schema::SchemaKind;
use eig::validate::{self as core, Checked, CompiledRulebook, RulebookChoice};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

uniffi::setup_scaffolding!("eig_uniffi");

/// How serious a violation is. Only errors make a document invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Severity {
    /// The document is refused.
    Error,
    /// The document is accepted, but something deserves a second look.
    Warning,
}

/// The language of the `message` of each violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Lang {
    /// French, the programme's language.
    Fr,
    /// English.
    En,
}

/// How far a fix can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Applicability {
    /// Applied to a copy of the document and validated again: the fault was gone and no new
    /// error appeared. A tool may apply it for the person.
    Safe,
    /// A person must decide (a guess, or a change that would leave or bring another error).
    NeedsHuman,
    /// Holds an example where the person's own value is wanted.
    Placeholder,
}

/// A change that mends a violation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Fix {
    /// Whether a tool may apply it for the person.
    pub applicability: Applicability,
    /// The change, a JSON Patch (RFC 6902) over the document, as JSON text.
    pub patch: String,
    /// Why it is not safe, in the language asked for, when it is not.
    #[uniffi(default = None)]
    pub reason: Option<String>,
}

/// One thing wrong with a document.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Violation {
    /// Stable snake_case code.
    pub code: String,
    /// JSON Pointer into the document (`""` is the whole document).
    pub path: String,
    /// Error or warning.
    pub severity: Severity,
    /// Id of the rule that raised it.
    pub rule: String,
    /// The message in the language asked for.
    pub message: String,
    /// The message in French.
    pub message_fr: String,
    /// The message in English.
    pub message_en: String,
    /// How to fix it, in the language asked for, when something can be said.
    #[uniffi(default = None)]
    pub hint: Option<String>,
    /// How to fix it, in French.
    #[uniffi(default = None)]
    pub hint_fr: Option<String>,
    /// How to fix it, in English.
    #[uniffi(default = None)]
    pub hint_en: Option<String>,
    /// The line (1-based) of the document where it lies, when the document is text and the
    /// violation names a place in it.
    #[uniffi(default = None)]
    pub line: Option<u32>,
    /// The column (1-based, in characters) of that place.
    #[uniffi(default = None)]
    pub column: Option<u32>,
    /// The values the messages speak of, for a program that should not parse them (the
    /// limit, what was found, what is allowed), each as JSON text: `{"max": "3", "allowed":
    /// "[\"design\"]"}`. The same keys for every violation of a code.
    #[uniffi(default)]
    pub params: HashMap<String, String>,
    /// The changes that mend it; the first is the one its hint words.
    #[uniffi(default)]
    pub fixes: Vec<Fix>,
}

/// The outcome of validating one document.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Report {
    /// True when no violation is an error.
    pub valid: bool,
    /// Every violation, in a stable order.
    pub violations: Vec<Violation>,
    /// The report as the `eig validate` command prints it, in the language asked for: the
    /// verdict and counts, then each violation with its line, column and hint.
    #[uniffi(default = "")]
    pub text: String,
}

fn violation(v: &CoreViolation, lang: Lang, at: Option<(usize, usize)>) -> Violation {
    let core_lang = core_lang(lang);
    let number = |n: usize| u32::try_from(n).ok();
    Violation {
        code: v.code.clone(),
        path: v.path.clone(),
        severity: match v.severity {
            CoreSeverity::Error => Severity::Error,
            CoreSeverity::Warning => Severity::Warning,
        },
        rule: v.rule.clone(),
        message: v.message(core_lang).to_owned(),
        message_fr: v.message_fr.clone(),
        message_en: v.message_en.clone(),
        hint: v.hint(core_lang).map(str::to_owned),
        hint_fr: v.hint_fr.clone(),
        hint_en: v.hint_en.clone(),
        line: at.and_then(|(l, _)| number(l)),
        column: at.and_then(|(_, c)| number(c)),
        params: v
            .params
            .to_map()
            .into_iter()
            .map(|(k, x)| (k, x.to_string()))
            .collect(),
        fixes: v
            .fixes
            .iter()
            .map(|f| Fix {
                applicability: match f.applicability {
                    eig::Applicability::Safe => Applicability::Safe,
                    eig::Applicability::NeedsHuman => Applicability::NeedsHuman,
                    eig::Applicability::Placeholder => Applicability::Placeholder,
                },
                patch: serde_json::to_string(&f.patch).unwrap_or_default(),
                reason: f.reason(core_lang).map(str::to_owned),
            })
            .collect(),
    }
}

/// A report without places (a rulebook's own violations).
fn report(r: &eig::diagnostics::Report, lang: Lang) -> Report {
    Report {
        valid: r.valid,
        violations: r
            .violations
            .iter()
            .map(|v| violation(v, lang, None))
            .collect(),
        text: r.to_text("", &[], core_lang(lang)),
    }
}

/// The report of the document `data`, each violation with its line and column in it.
fn located(r: &eig::diagnostics::Report, lang: Lang, data: &[u8]) -> Report {
    let places = eig::validate::places(data, r);
    Report {
        valid: r.valid,
        violations: r
            .violations
            .iter()
            .zip(places)
            .map(|(v, at)| violation(v, lang, at))
            .collect(),
        text: r.to_text("", data, core_lang(lang)),
    }
}

/// What fixing a document did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Fixed {
    /// The document's new text, or none when no fix was safe (nothing is to be written).
    pub text: Option<String>,
    /// Whether the new text kept the comments and layout of the old one.
    pub layout_kept: bool,
    /// The violations whose safe fix was applied, as they were found.
    pub applied: Vec<Violation>,
    /// The report of the new text: what remains for a person to do.
    pub after: Report,
    /// What was done, as `eig fix` prints it, in the language asked for.
    pub summary: String,
}

fn fixed(f: &eig::fix::Fixed, data: &[u8], lang: Lang) -> Fixed {
    let source = String::from_utf8_lossy(data);
    let new = f.text.as_deref().map_or(data, str::as_bytes);
    let before = eig::validate::places(data, &f.before);
    Fixed {
        text: f.text.clone(),
        layout_kept: f.layout_kept,
        applied: f
            .applied
            .iter()
            .map(|v| {
                let at = f
                    .before
                    .violations
                    .iter()
                    .position(|b| b == v)
                    .and_then(|i| before.get(i).copied().flatten());
                violation(v, lang, at)
            })
            .collect(),
        after: located(&f.after, lang, new),
        summary: f.to_text("", &source, core_lang(lang)),
    }
}

/// Applies the safe fixes of a document of `kind` given as raw bytes (a fix is safe when,
/// applied to a copy, its fault is gone and no new error appears), against a built-in
/// promotion's rulebook or, with none, the one the document names. Comments and layout are
/// kept where they can be.
#[uniffi::export]
pub fn fix_document(
    kind: String,
    data: Vec<u8>,
    promotion: Option<String>,
    lang: Lang,
) -> Result<Fixed, EigError> {
    let kind = schema_kind(&kind)?;
    let choice = match promotion {
        Some(id) => RulebookChoice::Given(builtin(&id)?),
        None => RulebookChoice::Named,
    };
    let f = DocumentValidator::new(choice).fix_bytes(kind, &data);
    Ok(fixed(&f, &data, lang))
}

/// The errors a host catches. Coarse and stable; a Rust panic becomes uniffi's own internal
/// exception instead.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum EigError {
    /// No built-in rulebook has this promotion id.
    #[error("no built-in rulebook for {promotion:?}")]
    UnknownPromotion {
        /// The id asked for.
        promotion: String,
        /// The ids that exist.
        known: Vec<String>,
    },
    /// The document is invalid; `violations` lists every violation (French messages).
    #[error("invalid document ({} violation(s))", violations.len())]
    InvalidDocument {
        /// Every violation found.
        violations: Vec<Violation>,
    },
    /// No published schema has this name.
    #[error("unknown schema {name:?}")]
    UnknownSchema {
        /// The name asked for.
        name: String,
    },
    /// An argument cannot be read (a time that is no day of the calendar, an unknown time
    /// zone); `reason` says which and why.
    #[error("invalid argument: {reason}")]
    InvalidArgument {
        /// What is wrong, naming the argument.
        reason: String,
    },
}

/// What changes from one call to the next (see `Rulebook.nextCall`). Times are local to
/// `time_zone` (default `Europe/Paris`): a day (`2027-03-31`) opens at 00:00:00 or closes at
/// 23:59:59; a local time (`2027-03-31T17:00`) is that instant. A window left out stays
/// unknown, and validation warns `call_window_unknown`.
#[derive(uniffi::Record)]
pub struct NextCall {
    /// The new promotion's id (`eig-8`).
    pub promotion: String,
    /// Its public name (default: from the id, `EIG 8`).
    #[uniffi(default = None)]
    pub label: Option<String>,
    /// When the call for projects opens.
    #[uniffi(default = None)]
    pub opens: Option<String>,
    /// When the call for projects closes.
    #[uniffi(default = None)]
    pub closes: Option<String>,
    /// When the call for applications opens.
    #[uniffi(default = None)]
    pub applications_opens: Option<String>,
    /// When the call for applications closes.
    #[uniffi(default = None)]
    pub applications_closes: Option<String>,
    /// The IANA time zone of the times (default `Europe/Paris`).
    #[uniffi(default = None)]
    pub time_zone: Option<String>,
}

fn builtin(promotion: &str) -> Result<CompiledRulebook, EigError> {
    CompiledRulebook::builtin(promotion).ok_or_else(|| unknown(promotion))
}

fn unknown(promotion: &str) -> EigError {
    EigError::UnknownPromotion {
        promotion: promotion.to_owned(),
        known: rulebooks(),
    }
}

/// The error a host's rule may throw; any other exception it throws is treated the same way.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum RuleError {
    /// The rule could not run.
    #[error("{reason}")]
    Failed {
        /// Why, in the host's words.
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for RuleError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { reason: e.reason }
    }
}

/// A custom rule written in the host language (Kotlin, Swift, Python) and added to a
/// [`Rulebook`]. It receives the submission as JSON and returns its violations; an exception
/// it throws becomes a `rule_failed` violation.
#[uniffi::export(with_foreign)]
pub trait CustomRule: Send + Sync {
    /// A stable snake_case id, written into each violation's `rule`.
    fn id(&self) -> String;
    /// The violations of this rule in the submission (given as JSON text).
    fn check(&self, submission_json: String) -> Result<Vec<Violation>, RuleError>;
}

/// The host's rule as a core rule, on the kind it names.
#[derive(Clone)]
struct HostRule {
    id: String,
    rule: Arc<dyn CustomRule>,
    on: Target,
}

impl eig::Rule for HostRule {
    fn id(&self) -> &str {
        &self.id
    }
    fn on(&self) -> Target {
        self.on
    }
    fn check(&self, document: &eig::Subject<'_>, out: &mut Vec<CoreViolation>) {
        self.run(document.json().to_string(), out);
    }
}

impl HostRule {
    /// Calls the host's rule on a document's JSON text; a throw becomes `rule_failed`.
    fn run(&self, json: String, out: &mut Vec<CoreViolation>) {
        match self.rule.check(json) {
            Ok(found) => out.extend(found.into_iter().map(|v| {
                let severity = match v.severity {
                    Severity::Error => CoreSeverity::Error,
                    Severity::Warning => CoreSeverity::Warning,
                };
                let en = if v.message_en.is_empty() {
                    v.message.clone()
                } else {
                    v.message_en
                };
                let fr = if v.message_fr.is_empty() {
                    v.message
                } else {
                    v.message_fr
                };
                let core = CoreViolation::custom(&self.id, v.code, severity, v.path, fr, en);
                let hint_fr = v.hint_fr.or_else(|| v.hint.clone());
                let hint_en = v.hint_en.or(v.hint);
                let core = core.with_given_hints(hint_fr.as_deref(), hint_en.as_deref());
                // A value that is not JSON text stays the text it is.
                v.params.into_iter().fold(core, |core, (k, x)| {
                    let value = serde_json::from_str(&x).unwrap_or(serde_json::Value::String(x));
                    core.with_param(&k, value)
                })
            })),
            Err(RuleError::Failed { reason }) => {
                out.push(CoreViolation::rule_failed(&self.id, &reason));
            }
        }
    }
}

/// The rules of one promotion, with the host's custom rules added to it.
#[derive(uniffi::Object)]
pub struct Rulebook {
    /// The rulebook with its declared rules, compiled once for every call that uses it.
    inner: CompiledRulebook,
    /// The host's rules, each on the kind it names.
    rules: Mutex<Vec<HostRule>>,
}

#[uniffi::export]
impl Rulebook {
    /// The built-in rulebook of a historical promotion (`eig-1` … `eig-7`, `dig-2019`).
    #[uniffi::constructor]
    pub fn builtin(promotion: String) -> Result<Arc<Self>, EigError> {
        Ok(Arc::new(Self {
            inner: builtin(&promotion)?,
            rules: Mutex::new(Vec::new()),
        }))
    }

    /// A rulebook from a JSON document; `InvalidDocument` lists every violation.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, EigError> {
        match CompiledRulebook::from_json(json.as_bytes()) {
            Ok(inner) => Ok(Arc::new(Self {
                inner,
                rules: Mutex::new(Vec::new()),
            })),
            Err(e) => Err(EigError::InvalidDocument {
                violations: report(&e.report, Lang::Fr).violations,
            }),
        }
    }

    /// A rulebook for the next call (a promotion not built in), made from this one: the same
    /// rules, the new promotion and windows (see `NextCall`). Its custom rules are not carried
    /// over. `InvalidArgument` for a time or zone it cannot read, `InvalidDocument` when the
    /// result is not a valid rulebook.
    pub fn next_call(&self, next: NextCall) -> Result<Arc<Self>, EigError> {
        let zone = next.time_zone.as_deref().unwrap_or("Europe/Paris");
        let window = |o: Option<String>, c: Option<String>| {
            eig::model::CallWindow::from_texts(o.as_deref(), c.as_deref(), zone)
                .map_err(|reason| EigError::InvalidArgument { reason })
        };
        let core = eig::validate::NextCall {
            promotion: next.promotion,
            label: next.label,
            call_for_projects: window(next.opens, next.closes)?,
            call_for_applications: window(next.applications_opens, next.applications_closes)?,
        };
        match self.inner.rulebook().next_call(core) {
            Ok(inner) => Ok(Arc::new(Self {
                inner: inner.into(),
                rules: Mutex::new(Vec::new()),
            })),
            Err(e) => Err(EigError::InvalidDocument {
                violations: report(&e.report, Lang::Fr).violations,
            }),
        }
    }

    /// Adds a custom rule; it runs after the built-in ones.
    pub fn add_rule(&self, rule: Arc<dyn CustomRule>) {
        self.push(rule, Target::ChallengeSubmission);
    }

    /// Adds a custom rule for another kind of document (`jury`, `score-sheets`,
    /// `team-formation`...): its `check` receives that document as JSON, and
    /// `validateDocument` runs it. `UnknownSchema` for a kind no rule can check;
    /// `InvalidArgument` for `juror-item`, whose rules are written in CEL in the rulebook.
    pub fn add_rule_for(&self, on: String, rule: Arc<dyn CustomRule>) -> Result<(), EigError> {
        let target = Target::from_name(&on).ok_or(EigError::UnknownSchema { name: on })?;
        if target == Target::JurorItem {
            return Err(EigError::InvalidArgument {
                reason: "a juror-item rule is written in CEL, in the rulebook's `rules` \
                         (docs/rules.md): a host rule checks documents"
                    .to_owned(),
            });
        }
        self.push(rule, target);
        Ok(())
    }

    /// The promotion id (`eig-4`).
    pub fn promotion(&self) -> String {
        self.inner.rulebook().promotion.to_string()
    }

    /// The promotion's public name (`EIG 4`).
    pub fn label(&self) -> String {
        self.inner.rulebook().label.clone()
    }

    /// Fewest fellows per team.
    pub fn team_size_min(&self) -> u32 {
        self.inner.rulebook().team_size.min
    }

    /// Most fellows per team.
    pub fn team_size_max(&self) -> u32 {
        self.inner.rulebook().team_size.max
    }

    /// Shortest immersion, in months.
    pub fn immersion_months_min(&self) -> u32 {
        self.inner.rulebook().immersion_months.min
    }

    /// Longest immersion, in months; none when unbounded.
    pub fn immersion_months_max(&self) -> Option<u32> {
        self.inner.rulebook().immersion_months.max
    }

    /// The expertises the promotion recruits.
    pub fn allowed_expertises(&self) -> Vec<String> {
        self.inner
            .rulebook()
            .allowed_expertises
            .iter()
            .map(|e| e.as_str().to_owned())
            .collect()
    }

    /// The rulebook as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self.inner.rulebook()).unwrap_or_default()
    }

    /// Validates a submission given as JSON text.
    pub fn validate(&self, json: String, lang: Lang) -> Report {
        self.validate_bytes(json.into_bytes(), lang)
    }

    /// Validates a submission given as raw bytes (a file as read, even if it is not UTF-8).
    pub fn validate_bytes(&self, data: Vec<u8>, lang: Lang) -> Report {
        let report = self
            .validator()
            .validate(SchemaKind::ChallengeSubmission, Input::Bytes(&data));
        located(&report, lang, &data)
    }

    /// Applies the safe fixes of a document of `kind` given as raw bytes, with this
    /// rulebook and the host's rules (see the function `fix_document`).
    pub fn fix_document(&self, kind: String, data: Vec<u8>, lang: Lang) -> Result<Fixed, EigError> {
        let kind = schema_kind(&kind)?;
        let f = self.validator().fix_bytes(kind, &data);
        Ok(fixed(&f, &data, lang))
    }

    /// Validates a document of any published kind (`jury`, `score-sheets`,
    /// `team-formation`...) given as raw bytes, with this rulebook's declared rules for that
    /// kind. A submission also runs the host's custom rules.
    pub fn validate_document(
        &self,
        kind: String,
        data: Vec<u8>,
        lang: Lang,
    ) -> Result<Report, EigError> {
        let kind = schema_kind(&kind)?;
        let report = self.validator().validate(kind, Input::Bytes(&data));
        Ok(located(&report, lang, &data))
    }
}

impl Rulebook {
    /// The core's one validator: this rulebook, its rules compiled once, and the host's rules
    /// (on submissions, and over the JSON of the kinds they name).
    fn validator(&self) -> DocumentValidator {
        let mut v = DocumentValidator::new(RulebookChoice::Given(self.inner.clone()));
        let rules = self
            .rules
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for rule in rules.iter() {
            v.push_rule(Box::new(rule.clone()));
        }
        v
    }

    /// Adds the host's `rule` on `on`.
    fn push(&self, rule: Arc<dyn CustomRule>, on: Target) {
        let id = rule.id();
        self.rules
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(HostRule { id, rule, on });
    }
}

/// Validates a submission (JSON text) against a built-in promotion's rulebook, or, with no
/// promotion, the rulebook of the promotion the submission names.
#[uniffi::export]
pub fn validate(json: String, promotion: Option<String>, lang: Lang) -> Result<Report, EigError> {
    validate_bytes(json.into_bytes(), promotion, lang)
}

/// [`validate`] for raw bytes (a file as read, even if it is not UTF-8).
#[uniffi::export]
pub fn validate_bytes(
    data: Vec<u8>,
    promotion: Option<String>,
    lang: Lang,
) -> Result<Report, EigError> {
    validate_document("challenge-submission".to_owned(), data, promotion, lang)
}

/// Validates a document of any published kind given as raw bytes, against a built-in
/// promotion's rulebook or, with no promotion, the one the document names.
#[uniffi::export]
pub fn validate_document(
    kind: String,
    data: Vec<u8>,
    promotion: Option<String>,
    lang: Lang,
) -> Result<Report, EigError> {
    let kind = schema_kind(&kind)?;
    let choice = match promotion {
        Some(id) => RulebookChoice::Given(builtin(&id)?),
        None => RulebookChoice::Named,
    };
    let report = DocumentValidator::new(choice).validate(kind, Input::Bytes(&data));
    Ok(located(&report, lang, &data))
}

/// The document kind a name gives (the name of its schema), or `UnknownSchema`.
fn schema_kind(name: &str) -> Result<SchemaKind, EigError> {
    SchemaKind::from_name(name).ok_or_else(|| EigError::UnknownSchema {
        name: name.to_owned(),
    })
}

/// The ids of the built-in rulebooks, in historical order.
#[uniffi::export]
pub fn rulebooks() -> Vec<String> {
    eig::model::PromotionId::HISTORICAL
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
}

/// A published JSON Schema as text: `challenge-submission` or `rulebook`.
#[uniffi::export]
pub fn schema(name: String) -> Result<String, EigError> {
    eig::schema::SchemaKind::from_name(&name)
        .map(eig::schema::SchemaKind::to_file_text)
        .ok_or(EigError::UnknownSchema { name })
}

/// Seats wanted for one expertise.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Seat {
    /// The expertise slug.
    pub expertise: String,
    /// How many fellows.
    pub count: u32,
}

/// A host organisation of a submission.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Host {
    /// Name of the administration or operator.
    pub name: String,
    /// The department or service that hosts the team.
    pub department: Option<String>,
    /// SIRET (14 digits).
    pub siret: Option<String>,
    /// SIREN (9 digits).
    pub siren: Option<String>,
    /// What kind of public body it is (`central_administration`, `state_operator`...).
    pub kind: Option<String>,
}

/// A person to reach: the sponsor or the contact.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Position in the organisation.
    pub position: String,
    /// Work e-mail address.
    pub email: String,
    /// Work phone number.
    pub phone: Option<String>,
}

/// A public agent proposed as mentor.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Mentor {
    /// Full name.
    pub name: String,
    /// Position in the organisation.
    pub position: String,
    /// Work e-mail address.
    pub email: String,
    /// Share of working time given to the défi, in percent.
    pub commitment_percent: u8,
}

/// A source of data the défi involves.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DataSource {
    /// Name of the data set or system.
    pub name: String,
    /// What it holds.
    pub description: Option<String>,
    /// How it can be reached: `open`, `internal` or `restricted`.
    pub access: String,
    /// Whether it holds personal data.
    pub personal_data: bool,
}

/// Where the team works.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Location {
    /// City.
    pub city: String,
    /// French postcode.
    pub postcode: String,
    /// Days of remote work per week allowed.
    pub remote_days_per_week: Option<u8>,
}

/// *Projet* (form 2024): the product.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Project {
    /// Its phase on beta.gouv.fr (`investigation`, `construction`, `acceleration`...).
    pub phase: String,
    /// The incubator that hosts it.
    pub incubator: String,
    /// The public policy it serves.
    pub public_policy: String,
}

/// *Vœux* (form 2024): the choice for one profile.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Wish {
    /// The profile's expertise slug.
    pub expertise: String,
    /// Whether the administration wants it.
    pub wanted: bool,
    /// The missions envisaged, when wanted.
    pub missions: Option<String>,
}

/// *Dispositif* (form 2024): the steering.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Steering {
    /// Current steering.
    pub current: String,
    /// The (co-)steering envisaged.
    pub envisaged: String,
}

/// *Motivations* (form 2024).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Motivations {
    /// Objectives at 12 months.
    pub objectives_12_months: String,
    /// Expected benefits.
    pub expected_benefits: String,
    /// Outlook beyond the mission.
    pub outlook: String,
}

/// A valid défi submission, read with [`load_submission`]: every field of the document.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Submission {
    /// The promotion it answers.
    pub promotion: String,
    /// Title of the défi.
    pub title: String,
    /// One-paragraph summary.
    pub summary: String,
    /// The problem of public service to solve.
    pub problem: String,
    /// The expected impact.
    pub expected_impact: String,
    /// The product's public page (required from EIG 7).
    pub product_page: Option<String>,
    /// The product (form 2024).
    pub project: Option<Project>,
    /// The data involved.
    pub data: Vec<DataSource>,
    /// The host organisations.
    pub hosts: Vec<Host>,
    /// The sponsor.
    pub sponsor: Person,
    /// The mentors proposed.
    pub mentors: Vec<Mentor>,
    /// Seats wanted, per expertise.
    pub seats: Vec<Seat>,
    /// Fellows asked for: the sum of the seats.
    pub team_size: u32,
    /// Immersion duration wanted, in months.
    pub duration_months: u32,
    /// Where the team works.
    pub locations: Vec<Location>,
    /// Theme slugs.
    pub themes: Vec<String>,
    /// The person to contact.
    pub contact: Person,
    /// The choice per profile (form 2024).
    pub wishes: Vec<Wish>,
    /// The steering (form 2024).
    pub steering: Option<Steering>,
    /// The motivations (form 2024).
    pub motivations: Option<Motivations>,
    /// When it was filed: RFC 3339 with its UTC offset.
    pub submitted_at: String,
    /// The whole submission as JSON.
    pub json: String,
}

fn person(c: &eig::model::Contact) -> Person {
    Person {
        name: c.name.clone(),
        position: c.position.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
    }
}

/// Reads a valid submission into a [`Submission`], or fails with `InvalidDocument`.
#[uniffi::export]
pub fn load_submission(json: String, promotion: Option<String>) -> Result<Submission, EigError> {
    let choice = match promotion {
        Some(id) => RulebookChoice::Given(builtin(&id)?),
        None => RulebookChoice::Named,
    };
    // The core reads the text once, byte-order mark and all, and checks what it reads.
    let s = core::load_submission(json.as_bytes(), &choice)
        .map_err(|e| refused(e.violations(), Lang::Fr))?;
    Ok(Submission {
        promotion: s.promotion.to_string(),
        title: s.title.clone(),
        summary: s.summary.clone(),
        problem: s.problem.clone(),
        expected_impact: s.expected_impact.clone(),
        product_page: s.product_page.clone(),
        project: s.project.as_ref().map(|p| Project {
            phase: p.phase.as_str().to_owned(),
            incubator: p.incubator.clone(),
            public_policy: p.public_policy.clone(),
        }),
        data: s
            .data
            .iter()
            .map(|d| DataSource {
                name: d.name.clone(),
                description: d.description.clone(),
                access: d.access.as_str().to_owned(),
                personal_data: d.personal_data,
            })
            .collect(),
        hosts: s
            .hosts
            .iter()
            .map(|h| Host {
                name: h.name.clone(),
                department: h.department.clone(),
                siret: h.siret.as_ref().map(|x| x.0.clone()),
                siren: h.siren.as_ref().map(|x| x.0.clone()),
                kind: h.kind.map(|k| k.as_str().to_owned()),
            })
            .collect(),
        sponsor: person(&s.sponsor),
        mentors: s
            .mentors
            .iter()
            .map(|m| Mentor {
                name: m.name.clone(),
                position: m.position.clone(),
                email: m.email.clone(),
                commitment_percent: m.commitment_percent,
            })
            .collect(),
        seats: s
            .seats
            .iter()
            .map(|x| Seat {
                expertise: x.expertise.as_str().to_owned(),
                count: x.count,
            })
            .collect(),
        team_size: s.team_size(),
        duration_months: s.duration_months,
        locations: s
            .locations
            .iter()
            .map(|l| Location {
                city: l.city.clone(),
                postcode: l.postcode.clone(),
                remote_days_per_week: l.remote_days_per_week,
            })
            .collect(),
        themes: s.themes.iter().map(|t| t.as_str().to_owned()).collect(),
        contact: person(&s.contact),
        wishes: s
            .wishes
            .iter()
            .map(|w| Wish {
                expertise: w.expertise.as_str().to_owned(),
                wanted: w.wanted,
                missions: w.missions.clone(),
            })
            .collect(),
        steering: s.steering.as_ref().map(|x| Steering {
            current: x.current.clone(),
            envisaged: x.envisaged.clone(),
        }),
        motivations: s.motivations.as_ref().map(|m| Motivations {
            objectives_12_months: m.objectives_12_months.clone(),
            expected_benefits: m.expected_benefits.clone(),
            outlook: m.outlook.clone(),
        }),
        submitted_at: s.submitted_at.to_rfc3339(),
        json: serde_json::to_string(s.value()).unwrap_or_default(),
    })
}

/// How [`form_teams`] gives seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum TeamPolicy {
    /// Candidate-proposing deferred acceptance: no blocking pair.
    Stable,
    /// The documented welfare optimum, by min-cost flow.
    Optimal,
}

/// Where one candidate is placed, and the explanation they can ask for.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Placement {
    /// The candidate.
    pub candidate: String,
    /// Their expertise.
    pub expertise: String,
    /// The défi they are placed on, if any.
    pub challenge: Option<String>,
    /// Its rank in their list (1 for the first).
    pub rank: Option<u32>,
    /// Their score for it.
    pub score: Option<f64>,
    /// The lowest score admitted to their seats.
    pub cutoff: Option<f64>,
    /// Why they are where they are, in the language asked for.
    pub explanation: String,
}

/// The figures a policy is compared on.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PolicySummary {
    /// `stable` or `optimal`.
    pub policy: String,
    /// Candidates.
    pub candidates: u32,
    /// Placed.
    pub placed: u32,
    /// Share placed on their first choice.
    pub first_choice_rate: f64,
    /// Seats left empty.
    pub unfilled_seats: u32,
    /// Sum of the placed candidates' scores.
    pub total_score: f64,
    /// The documented welfare.
    pub welfare: f64,
    /// Candidate–défi pairs who would both rather be together.
    pub blocking_pairs: u32,
    /// Défis below the minimum team size.
    pub teams_below_minimum: u32,
}

/// A person (or a heard item) whose place differs from the result already announced.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PlacementChange {
    /// The person or the item.
    pub id: String,
    /// `juror`, `item`, `candidate`, `referent` or `buddy`.
    pub kind: String,
    /// Where it was (slots for a jury plan, défis otherwise).
    pub from: Vec<String>,
    /// Where it is now.
    pub to: Vec<String>,
    /// `withdrew`, `moved` (taken off a place it had) or `added` (given a free place).
    pub reason: String,
}

fn changes(changes: &[eig::placement::Change]) -> Vec<PlacementChange> {
    changes
        .iter()
        .map(|c| PlacementChange {
            id: c.id.clone(),
            kind: c.kind.clone(),
            from: c.from.clone(),
            to: c.to.clone(),
            reason: c.reason.clone(),
        })
        .collect()
}

/// The teams one policy formed.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Teams {
    /// Every candidate's placement, in input order.
    pub placements: Vec<Placement>,
    /// The figures.
    pub summary: PolicySummary,
    /// With a previous placement in the input: who withdrew, moved or was given a free seat.
    pub changes: Vec<PlacementChange>,
    /// Candidates moved off the défi they had (the fewest there can be).
    pub moved: u32,
    /// The whole result as JSON (teams, seats, cut-offs, shortfalls, blocking pairs).
    pub json: String,
    /// The teams as the `eig match teams` command prints them, in the language asked for.
    pub text: String,
}

fn core_lang(lang: Lang) -> CoreLang {
    match lang {
        Lang::Fr => CoreLang::Fr,
        Lang::En => CoreLang::En,
    }
}

fn refused(violations: &[CoreViolation], lang: Lang) -> EigError {
    EigError::InvalidDocument {
        violations: violations
            .iter()
            .map(|v| violation(v, lang, None))
            .collect(),
    }
}

fn summary(s: &eig::placement::teams::PolicySummary) -> PolicySummary {
    PolicySummary {
        policy: s.policy.as_str().to_owned(),
        candidates: s.candidates,
        placed: s.placed,
        first_choice_rate: s.first_choice_rate,
        unfilled_seats: s.unfilled_seats,
        total_score: s.total_score,
        welfare: s.welfare,
        blocking_pairs: s.blocking_pairs,
        teams_below_minimum: s.teams_below_minimum,
    }
}

/// The input checked with the rulebook given, or the built-in one of its promotion: the one
/// rulebook every check and the solver use.
fn team_input(
    json: &str,
    rulebook: Option<Arc<Rulebook>>,
    lang: Lang,
) -> Result<Checked<eig::model::TeamFormation>, EigError> {
    let choice = RulebookChoice::from(rulebook.map(|r| r.inner.clone()));
    let input = eig::placement::teams::load(json.as_bytes(), &choice)
        .map_err(|e| refused(e.violations(), lang))?;
    if input.context().rulebook().is_none() {
        builtin(input.promotion.as_str())?;
    }
    Ok(input)
}

/// Puts the selected candidates of a `team-formation` document (JSON) on the seats of its
/// défis, with the rulebook given or the built-in one of its promotion. Bad input fails with
/// `InvalidDocument` and every violation.
#[uniffi::export]
pub fn form_teams(
    json: String,
    policy: TeamPolicy,
    rulebook: Option<Arc<Rulebook>>,
    lang: Lang,
) -> Result<Teams, EigError> {
    use eig::placement::teams::{Policy, form_teams as core_form};
    let input = team_input(&json, rulebook, lang)?;
    let policy = match policy {
        TeamPolicy::Stable => Policy::Stable,
        TeamPolicy::Optimal => Policy::Optimal,
    };
    let r = core_form(&input, policy).map_err(|e| refused(e.violations(), lang))?;
    Ok(Teams {
        placements: r
            .placements
            .iter()
            .map(|p| Placement {
                candidate: p.candidate.clone(),
                expertise: p.expertise.clone(),
                challenge: p.challenge.clone(),
                rank: p.rank,
                score: p.score,
                cutoff: p.cutoff,
                explanation: r.notice(&p.candidate, core_lang(lang)).unwrap_or_default(),
            })
            .collect(),
        summary: summary(&r.summary),
        changes: changes(&r.changes),
        moved: u32::try_from(r.moved()).unwrap_or(u32::MAX),
        json: serde_json::to_string(&r).unwrap_or_default(),
        text: r.to_text(core_lang(lang), usize::MAX),
    })
}

/// Both policies on the same input, side by side (stable first).
#[uniffi::export]
pub fn compare_policies(
    json: String,
    rulebook: Option<Arc<Rulebook>>,
) -> Result<Vec<PolicySummary>, EigError> {
    let input = team_input(&json, rulebook, Lang::Fr)?;
    let (stable, optimal) =
        eig::placement::teams::compare(&input).map_err(|e| refused(e.violations(), Lang::Fr))?;
    Ok(vec![summary(&stable.summary), summary(&optimal.summary)])
}

/// An affinity written in the host language: higher is better. It receives the team and the
/// follower as JSON; an error it throws fails the matching with an `affinity_failed` violation (as does a value that is not finite or is past ±1e12).
#[uniffi::export(with_foreign)]
pub trait Affinity: Send + Sync {
    /// The affinity of a follower (référent or buddy) for a team.
    fn affinity(&self, team_json: String, follower_json: String) -> Result<f64, RuleError>;
}

/// One follower on one team.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MentorPair {
    /// The team (défi).
    pub team: String,
    /// The référent or buddy.
    pub follower: String,
    /// `referent` or `buddy`.
    pub kind: String,
    /// The affinity the solver maximised.
    pub affinity: f64,
    /// The follower's load.
    pub load: u32,
    /// The explanation, in the language asked for.
    pub explanation: String,
}

/// Référents and buddies on every team.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Mentors {
    /// Every pair, by team.
    pub pairs: Vec<MentorPair>,
    /// The sum of the affinities.
    pub total_affinity: f64,
    /// Teams left without a buddy.
    pub without_buddy: Vec<String>,
    /// With previous pairs in the input: per follower whose teams differ, what changed.
    pub changes: Vec<PlacementChange>,
    /// Pairs announced that the new matching drops (the fewest there can be).
    pub moved: u32,
    /// The pairs as the `eig match mentors` command prints them (an aligned table).
    pub text: String,
}

/// Gives every team of a `mentor-matching` document (JSON) its référents and buddies, with the
/// documented affinity or the host's. Infeasible loads fail with `InvalidDocument` and a
/// `matching_infeasible` violation naming what binds.
#[uniffi::export]
pub fn match_mentors(
    json: String,
    affinity: Option<Arc<dyn Affinity>>,
    lang: Lang,
) -> Result<Mentors, EigError> {
    use eig::model::{Follower, MentoredTeam};
    use eig::placement::mentors::match_mentors_with;
    let input = core::load_document::<eig::model::MentorMatching>(json.as_bytes())
        .map_err(|e| refused(e.violations(), lang))?;
    let host = affinity.map(|a| {
        move |t: &MentoredTeam, f: &Follower| -> Result<f64, String> {
            let tj = serde_json::to_string(t).map_err(|e| e.to_string())?;
            let fj = serde_json::to_string(f).map_err(|e| e.to_string())?;
            a.affinity(tj, fj).map_err(|e| e.to_string())
        }
    });
    let custom = host
        .as_ref()
        .map(|h| h as &dyn Fn(&MentoredTeam, &Follower) -> Result<f64, String>);
    let r = match_mentors_with(&input, custom).map_err(|e| refused(e.violations(), lang))?;
    Ok(Mentors {
        pairs: r
            .pairs
            .iter()
            .map(|p| MentorPair {
                team: p.team.clone(),
                follower: p.follower.clone(),
                kind: p.kind.as_str().to_owned(),
                affinity: p.affinity.total,
                load: p.load,
                explanation: p.notice(core_lang(lang)),
            })
            .collect(),
        total_affinity: r.total_affinity,
        text: r.to_text(core_lang(lang)),
        changes: changes(&r.changes),
        moved: r.moved,
        without_buddy: r.without_buddy,
    })
}

/// One panel of a jury plan.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PlanPanel {
    /// `groupe-1`, in timetable order.
    pub id: String,
    /// The slot it sits in.
    pub slot: String,
    /// The day (`2020-03-10`).
    pub day: String,
    /// `morning` or `afternoon`.
    pub half_day: String,
    /// The room.
    pub room: String,
    /// Its jurors.
    pub jurors: Vec<String>,
    /// Its référent, when the rules ask for one.
    pub referent: Option<String>,
    /// The items it hears, in timetable order.
    pub items: Vec<String>,
    /// When each item's hearing starts (`09:40`), in the same order.
    pub starts: Vec<String>,
}

/// A person or an item of a jury plan, and the sentence that explains its place.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PlanExplanation {
    /// The juror or the item.
    pub id: String,
    /// The panels the juror sits on, or the panel that hears the item.
    pub panels: Vec<String>,
    /// Why, in the language asked for.
    pub text: String,
}

/// A jury plan: its panels, every juror and item explained, the objective and its proof.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct JuryPlan {
    /// The panels, in timetable order.
    pub panels: Vec<PlanPanel>,
    /// Every juror.
    pub jurors: Vec<PlanExplanation>,
    /// Every item.
    pub items: Vec<PlanExplanation>,
    /// The objective the planner maximised.
    pub objective: f64,
    /// True when no plan has a better objective.
    pub optimal: bool,
    /// The proven bound on the objective.
    pub bound: f64,
    /// The relative gap to the bound (0 when optimal).
    pub gap: f64,
    /// With a previous plan in the input: the people and items moved from it (the fewest
    /// possible; the text lists them).
    pub moved: u32,
    /// With a previous plan in the input: who withdrew or moved, from which slots to which.
    pub changes: Vec<PlacementChange>,
    /// The timetable as `eig jury plan` prints it.
    pub text: String,
    /// One row per hearing, as CSV.
    pub timetable_csv: String,
}

/// Places the jurors of a `jury-plan` document (JSON) in panels, rooms and half-days, within
/// `time_limit_seconds`. No plan fails with `InvalidDocument` and a `plan_infeasible`
/// violation naming the rule that binds and a change that makes a plan possible. With a
/// `rulebook`, its `jury-plan` rules check the input and its `juror-item` rules name more
/// conflicts of interest.
#[uniffi::export(default(rulebook = None))]
pub fn plan_jury(
    json: String,
    time_limit_seconds: f64,
    lang: Lang,
    rulebook: Option<Arc<Rulebook>>,
) -> Result<JuryPlan, EigError> {
    use eig::placement::jury::{PlanOptions, plan_jury as plan};
    let options =
        PlanOptions::from_seconds(time_limit_seconds).map_err(|e| EigError::InvalidArgument {
            reason: format!("time_limit_seconds: {e}"),
        })?;
    let choice = RulebookChoice::from(rulebook.map(|r| r.inner.clone()));
    let input = eig::placement::jury::load(json.as_bytes(), &choice)
        .map_err(|e| refused(e.violations(), lang))?;
    let r = plan(&input, options).map_err(|e| refused(e.violations(), lang))?;
    let l = core_lang(lang);
    Ok(JuryPlan {
        panels: r
            .panels
            .iter()
            .map(|p| PlanPanel {
                id: p.id.clone(),
                slot: p.slot.clone(),
                day: p.day.to_string(),
                half_day: p.half_day.words().1.to_owned(),
                room: p.room.clone(),
                jurors: p.jurors.clone(),
                referent: p.referent.clone(),
                items: p.items.clone(),
                starts: p.hearings.iter().map(|h| h.start.clone()).collect(),
            })
            .collect(),
        jurors: r
            .jurors
            .iter()
            .map(|j| PlanExplanation {
                id: j.juror.clone(),
                panels: j.panels.clone(),
                text: r.explain_juror(&j.juror, l).unwrap_or_default(),
            })
            .collect(),
        items: r
            .items
            .iter()
            .map(|i| PlanExplanation {
                id: i.item.clone(),
                panels: vec![i.panel.clone()],
                text: r.explain_item(&i.item, l).unwrap_or_default(),
            })
            .collect(),
        objective: r.objective.total,
        optimal: r.proof.optimal,
        bound: r.proof.bound,
        gap: r.proof.gap,
        moved: r.objective.moved,
        changes: changes(&r.changes),
        text: r.to_text(&input, l),
        timetable_csv: r.timetable().to_csv(),
    })
}

/// Krippendorff's alpha: one row per rater, one value per unit (null where none) at
/// `level` (`nominal`, `ordinal`, `interval` or `ratio`).
#[uniffi::export]
pub fn krippendorff_alpha(data: Vec<Vec<Option<f64>>>, level: String) -> Result<f64, EigError> {
    let level: eig::scoring::Measurement = level.parse().map_err(
        |e: eig::scoring::AgreementError| EigError::InvalidArgument {
            reason: e.to_string(),
        },
    )?;
    eig::scoring::krippendorff_alpha(&data, level, None).map_err(|e| EigError::InvalidArgument {
        reason: e.to_string(),
    })
}

/// One item of a ranking.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RankedItem {
    /// The défi or candidate.
    pub item: String,
    /// Its rank, if ranked.
    pub rank: Option<u32>,
    /// Its final score, if scored.
    pub final_score: Option<f64>,
    /// `selected`, `waiting_list`, `pool`, `not_selected`, `eliminated` or `unranked`.
    pub outcome: String,
    /// The reason, as a sentence in the language asked for.
    pub reason: String,
    /// The decision notice (rank, score, breakdown by criterion and juror, cut-off).
    pub explanation: String,
}

/// One selection stage ranked, every outcome explained.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Ranking {
    /// The stage's id.
    pub stage: String,
    /// How many items were selected.
    pub selected: u32,
    /// The lowest final score among the selected items.
    pub cutoff_score: Option<f64>,
    /// Every item, ranked ones in rank order.
    pub items: Vec<RankedItem>,
    /// Warnings of the ranking (too few jurors, a juror left raw, an unmet quota).
    pub violations: Vec<Violation>,
    /// The ranking as the `eig score` command prints it (an aligned table).
    pub text: String,
    /// The ranking as an HTML table.
    pub html: String,
    /// The whole result as JSON.
    pub json: String,
}

/// Ranks one selection stage: checks the score sheets (JSON) against the grid (JSON; `None`
/// takes the grid the rulebook gives for the stage, as EIG 7's) and the jury (JSON),
/// calibrates, aggregates and cuts off, with `rulebook` or the built-in rulebook of the
/// sheets' promotion; `stage` defaults to the one the sheets name. Bad input fails with
/// `InvalidDocument` and every violation.
#[uniffi::export]
pub fn score(
    grid: Option<String>,
    jury: String,
    scores: String,
    stage: Option<String>,
    rulebook: Option<Arc<Rulebook>>,
    lang: Lang,
) -> Result<Ranking, EigError> {
    use eig::model::{Jury, ScoreSheets, ScoringGrid};
    use eig::scoring::{StageError, rank_stage};
    let refuse = |e: eig::InvalidDocument| refused(e.violations(), lang);
    let grid = grid
        .map(|g| core::load_document::<ScoringGrid>(g.as_bytes()))
        .transpose()
        .map_err(refuse)?;
    let jury = core::load_document::<Jury>(jury.as_bytes()).map_err(refuse)?;
    let sheets = core::load_document::<ScoreSheets>(scores.as_bytes()).map_err(refuse)?;
    let compiled = match rulebook {
        Some(r) => r.inner.clone(),
        None => builtin(sheets.promotion.as_str())?,
    };
    let ranking = rank_stage(
        &compiled,
        stage.as_deref(),
        grid.as_ref(),
        &jury,
        &sheets,
        None,
    )
    .map_err(|e| match e {
        StageError::Refused(e) => refuse(e),
        other => EigError::InvalidArgument {
            reason: format!("{other} as grid"),
        },
    })?;
    let core_lang = core_lang(lang);
    Ok(Ranking {
        stage: ranking.stage.id.clone(),
        selected: ranking.selected,
        cutoff_score: ranking.cutoff_score,
        items: ranking
            .items
            .iter()
            .map(|i| RankedItem {
                item: i.item.clone(),
                rank: i.rank,
                final_score: i.final_score,
                outcome: i.outcome.as_str().to_owned(),
                reason: i.reason.sentence(i.rank, i.final_score, core_lang),
                explanation: ranking.notice(i, core_lang),
            })
            .collect(),
        violations: ranking
            .violations
            .iter()
            .map(|v| violation(v, lang, None))
            .collect(),
        text: ranking.to_text(core_lang, usize::MAX),
        html: ranking.to_html(core_lang, usize::MAX),
        json: serde_json::to_string(&ranking).unwrap_or_default(),
    })
}
