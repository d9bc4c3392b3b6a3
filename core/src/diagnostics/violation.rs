//! The one report shape for every failure a user can fix: [`Violation`], its [`Severity`], and
//! the [`Lang`] of its messages.

use super::{Code, Suggestion, from_str_by_name};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How serious a violation is. Only errors make a document invalid.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document is refused.
    Error,
    /// The document is accepted, but something deserves a second look.
    Warning,
}

impl Severity {
    /// The stable snake_case name (`"error"` or `"warning"`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }

    /// The severity's name for a reader (`erreur`, `avertissement`, `error`, `warning`).
    #[must_use]
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Error, Lang::Fr) => "erreur",
            (Self::Warning, Lang::Fr) => "avertissement",
            (Self::Error, Lang::En) => "error",
            (Self::Warning, Lang::En) => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

from_str_by_name!(Severity, "severity", [Severity::Error, Severity::Warning]);

/// A language for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// French, the programme's language and the default.
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The language code (`"fr"` or `"en"`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

from_str_by_name!(Lang, "lang", [Lang::Fr, Lang::En]);

/// One thing wrong with a document, with everything a person or a program needs to fix it.
///
/// The `code`, the `path` and the `params` are the API; message wording may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Violation {
    /// Stable snake_case code (see [`Code`]; custom rules bring their own).
    pub code: String,
    /// JSON Pointer (RFC 6901) into the input document; `""` is the whole document.
    pub path: String,
    /// Error or warning.
    pub severity: Severity,
    /// Id of the rule that raised it (`input`, `schema`, `team_size`, a custom rule's id...).
    pub rule: String,
    /// Message in French.
    pub message_fr: String,
    /// Message in English.
    pub message_en: String,
    /// How to fix it, in French, when something can be said (`écrivez « data-science »`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint_fr: Option<String>,
    /// How to fix it, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint_en: Option<String>,
    /// The values the messages speak of, for a program that should not parse them (as
    /// pydantic's `ctx`): the limit (`min`, `max`), what was `found`, what is `allowed` or
    /// `expected`, the `field`, the `rule`... Each code has its own keys, the same for every
    /// violation of that code (`docs/violation-codes.md` gives an example of each).
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    pub params: Params,
    /// The changes that mend it, each a JSON Patch over the document with its applicability
    /// (see [`Suggestion`]): the hint's words and the first fix's patch come from one value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Suggestion>,
}

/// The values a violation's messages speak of ([`Violation::params`]): a JSON object, kept as
/// its compact text (keys sorted), so that a report of 100,000 violations, copied as reports
/// are, stays small. Serialized as the object it is.
///
/// ```
/// let v = eig::Violation::custom("r", "c", eig::Severity::Error, "", "m", "m")
///     .with_param("min", 2)
///     .with_param("found", "x");
/// assert_eq!(v.params.get("min"), Some(serde_json::json!(2)));
/// assert_eq!(v.params.as_json(), r#"{"found":"x","min":2}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Params(Option<Box<str>>);

impl Params {
    /// Whether there is none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The value of one parameter.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<serde_json::Value> {
        self.to_map().remove(key)
    }

    /// Every parameter, by name.
    #[must_use]
    pub fn to_map(&self) -> BTreeMap<String, serde_json::Value> {
        self.0
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default()
    }

    /// The parameters as compact JSON text (`{}` when there is none).
    #[must_use]
    pub fn as_json(&self) -> &str {
        self.0.as_deref().unwrap_or("{}")
    }

    /// The parameters of these pairs (keys sorted; a later pair of the same key wins).
    fn of(pairs: impl IntoIterator<Item = (String, serde_json::Value)>) -> Self {
        let map: BTreeMap<String, serde_json::Value> = pairs.into_iter().collect();
        if map.is_empty() {
            return Self(None);
        }
        Self(serde_json::to_string(&map).ok().map(String::into_boxed_str))
    }
}

impl Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_map().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::<String, serde_json::Value>::deserialize(deserializer).map(Self::of)
    }
}

impl JsonSchema for Params {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Params".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        BTreeMap::<String, serde_json::Value>::json_schema(generator)
    }
}

impl Violation {
    /// A built-in violation, with the code's own severity and rule id. Only the message
    /// constructors (`diagnostics/message/`) call it: each code is worded there, once.
    #[must_use]
    pub(crate) fn new(
        code: Code,
        path: impl Into<String>,
        message_fr: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Self {
            code: code.as_str().to_owned(),
            path: path.into(),
            severity: code.severity(),
            rule: code.rule().to_owned(),
            message_fr: message_fr.into(),
            message_en: message_en.into(),
            hint_fr: None,
            hint_en: None,
            params: Params::default(),
            fixes: Vec::new(),
        }
    }

    /// The violation with the value of a parameter (see [`Violation::params`]); a value that
    /// cannot be written as JSON is left out.
    ///
    /// ```
    /// let v = eig::Violation::custom("r", "budget_too_high", eig::Severity::Error, "/budget",
    ///     "budget trop élevé", "budget too high")
    ///     .with_param("max", 50_000)
    ///     .with_param("found", 80_000);
    /// assert_eq!(v.params.get("max"), Some(serde_json::json!(50_000)));
    /// ```
    #[must_use]
    pub fn with_param(mut self, key: &str, value: impl Serialize) -> Self {
        if let Ok(v) = serde_json::to_value(value) {
            let mut map = self.params.to_map();
            map.insert(key.to_owned(), v);
            self.params = Params::of(map);
        }
        self
    }

    /// The violation with these parameters, written once (the message constructors give all
    /// theirs so).
    #[must_use]
    pub(crate) fn with_params<const N: usize>(
        mut self,
        pairs: [(&str, serde_json::Value); N],
    ) -> Self {
        self.params = Params::of(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)));
        self
    }

    /// A violation raised by a custom rule, with its own code and rule id.
    #[must_use]
    pub fn custom(
        rule: impl Into<String>,
        code: impl Into<String>,
        severity: Severity,
        path: impl Into<String>,
        message_fr: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Self {
            code: code.into(),
            path: path.into(),
            severity,
            rule: rule.into(),
            message_fr: message_fr.into(),
            message_en: message_en.into(),
            hint_fr: None,
            hint_en: None,
            params: Params::default(),
            fixes: Vec::new(),
        }
    }

    /// `rule_failed`: the custom rule `rule` failed (it panicked, raised or threw) for the
    /// reason `why`. For hosts that run their own rules (the Python and uniffi bindings).
    ///
    /// ```
    /// let v = eig::Violation::rule_failed("fiche_beta_gouv", "ValueError: no page");
    /// assert_eq!((v.code.as_str(), v.rule.as_str()), ("rule_failed", "fiche_beta_gouv"));
    /// ```
    #[must_use]
    pub fn rule_failed(rule: &str, why: &str) -> Self {
        super::message::rule_failed(rule, why)
    }

    /// `nesting_too_deep`: a value nested deeper than `max` levels, for hosts that convert
    /// their own objects to JSON.
    #[must_use]
    pub fn nesting_too_deep(max: usize) -> Self {
        super::message::nesting_too_deep(max, super::message::At::Unknown)
    }

    /// The violation with a fix (a JSON Patch and its applicability): a host's rule offers its
    /// own so. Give it as [`Applicability::NeedsHuman`](crate::Applicability) or
    /// `Placeholder` unless it is sure; the built-in checks' fixes are checked by applying
    /// them.
    #[must_use]
    pub fn with_fix(mut self, fix: Suggestion) -> Self {
        self.fixes.push(fix);
        self
    }

    /// The violation with a hint (how to fix it), in French and in English. A hint already
    /// there is kept, and this one follows it: a caller that knows more than the check did
    /// adds to what the check said (the Python binding names a text that is a file's name).
    ///
    /// ```
    /// let v = eig::Violation::custom("r", "budget_missing", eig::Severity::Error, "/budget",
    ///     "le budget manque", "the budget is missing")
    ///     .with_hint("ajoutez le champ « budget »", "add the field \"budget\"");
    /// assert_eq!(v.hint(eig::diagnostics::Lang::Fr), Some("ajoutez le champ « budget »"));
    /// ```
    #[must_use]
    pub fn with_hint(mut self, fr: &str, en: &str) -> Self {
        let join = |old: Option<String>, new: &str, sep: &str| match old {
            Some(old) if !old.is_empty() => format!("{old}{sep}{new}"),
            _ => new.to_owned(),
        };
        self.hint_fr = Some(join(self.hint_fr.take(), fr, " ; "));
        self.hint_en = Some(join(self.hint_en.take(), en, "; "));
        self
    }

    /// The violation with the hints a host gave, either language standing for the other when
    /// only one is given (a custom rule written in one language); none given, none added.
    ///
    /// ```
    /// let v = eig::Violation::custom("r", "c", eig::Severity::Error, "", "m", "m")
    ///     .with_given_hints(Some("ajoutez-le"), None);
    /// assert_eq!(v.hint_en.as_deref(), Some("ajoutez-le"));
    /// ```
    #[must_use]
    pub fn with_given_hints(self, fr: Option<&str>, en: Option<&str>) -> Self {
        match (fr, en) {
            (None, None) => self,
            (fr, en) => {
                let fr = fr.or(en).unwrap_or_default();
                self.with_hint(fr, en.unwrap_or(fr))
            }
        }
    }

    /// The hint in the given language, if any.
    #[must_use]
    pub fn hint(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Fr => self.hint_fr.as_deref(),
            Lang::En => self.hint_en.as_deref(),
        }
    }

    /// Replaces the rule id (a built-in code raised from a custom rule keeps its own id).
    #[must_use]
    pub fn with_rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = rule.into();
        self
    }

    /// The message in the given language.
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.message_fr,
            Lang::En => &self.message_en,
        }
    }

    /// Whether this violation makes the document invalid.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(
            f,
            "{path}: {} [{}] {}",
            self.severity, self.code, self.message_en
        )?;
        match &self.hint_en {
            Some(hint) => write!(f, " (hint: {hint})"),
            None => Ok(()),
        }
    }
}
