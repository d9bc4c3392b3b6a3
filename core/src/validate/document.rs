//! The [`Document`] trait that every published document kind implements beside its engine,
//! and the loading that runs its passes once: input, JSON Schema, typed value, the kind's own
//! checks. A loaded document is [`Checked`]: it carries its warnings and the context it was
//! checked with, and an engine that takes it never checks it again.

use super::{Limits, input, structural};
use crate::diagnostics::message::{self, Allowed, Step};
use crate::diagnostics::{InvalidDocument, Report, Violation, escape_pointer_token};
use crate::schema::SchemaKind;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::ops::Deref;

/// A document with a published schema and checks of its own.
///
/// The checks live beside the engine that reads the document (the scoring documents in
/// [`crate::scoring`], team formation and mentor matching in [`crate::placement`], the
/// dataset in [`crate::analytics`]); loading runs them once.
pub trait Document: DeserializeOwned + Serialize {
    /// Its schema.
    const KIND: SchemaKind;

    /// What the checks read besides the document (`()` for most kinds; the rulebook in force
    /// for team formation).
    type Context;

    /// The input limits for this kind.
    #[must_use]
    fn limits() -> Limits {
        Limits::default()
    }

    /// Consistency checks that the schema cannot express: every violation, with its path.
    #[must_use]
    fn check(&self, context: &Self::Context) -> Vec<Violation>;
}

/// A document that passed every check of its kind (it may have warnings), with the context it
/// was checked with. Only loading makes one, so an engine that takes a `Checked` knows the
/// checks ran, with the context it will use.
#[derive(Debug, Clone)]
pub struct Checked<T: Document> {
    value: T,
    context: T::Context,
    warnings: Vec<Violation>,
}

impl<T: Document> Checked<T> {
    pub(crate) fn new(value: T, context: T::Context, warnings: Vec<Violation>) -> Self {
        Self {
            value,
            context,
            warnings,
        }
    }

    /// Checks a typed document built in code (not read from a file): the kind's checks with
    /// `context`, then, when they find no error, the schema's constraints over its JSON form
    /// (patterns, minimums: what the Rust types do not carry).
    ///
    /// ```
    /// use eig::Rulebook;
    /// use eig::validate::Checked;
    /// let rulebook = Rulebook::builtin("eig-4").unwrap();
    /// assert!(Checked::check(rulebook, ()).is_ok());
    /// ```
    ///
    /// # Errors
    /// [`InvalidDocument`] with every violation when one is an error.
    pub fn check(value: T, context: T::Context) -> Result<Self, InvalidDocument> {
        let json = serde_json::to_value(&value).map_err(|e| {
            InvalidDocument::from(message::internal_error(
                "",
                Step::WritingJson,
                &e.to_string(),
            ))
        })?;
        // The kind's checks first: they read the typed value (a NaN score is `score_not_finite`,
        // where its JSON form would be a null); then the constraints the types do not carry.
        let mut violations = value.check(&context);
        if !violations.iter().any(Violation::is_error) {
            violations.extend(structural::compiled(T::KIND).check(&json));
        }
        if violations.iter().any(Violation::is_error) {
            return Err(InvalidDocument::new(violations));
        }
        Ok(Self::new(value, context, violations))
    }

    /// The document.
    #[must_use]
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The context it was checked with.
    #[must_use]
    pub fn context(&self) -> &T::Context {
        &self.context
    }

    /// The warnings its checks raised.
    #[must_use]
    pub fn warnings(&self) -> &[Violation] {
        &self.warnings
    }

    /// The report of its checks: valid, with the warnings.
    #[must_use]
    pub fn report(&self) -> Report {
        Report::new(self.warnings.clone())
    }

    /// The document, its context and its warnings.
    #[must_use]
    pub fn into_parts(self) -> (T, T::Context, Vec<Violation>) {
        (self.value, self.context, self.warnings)
    }

    /// The same with `warning` first among its warnings.
    pub(crate) fn with_first_warning(mut self, warning: Violation) -> Self {
        self.warnings.insert(0, warning);
        self
    }

    /// The document alone.
    #[must_use]
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: Document> Deref for Checked<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Loads a document from JSON bytes and checks it with its context, which `resolve` finds
/// from the typed document (the rulebook of the promotion it names, say) together with any
/// violation of that choice.
///
/// # Errors
/// [`InvalidDocument`] with every violation when one is an error.
pub fn load_with<T: Document>(
    bytes: &[u8],
    resolve: impl Fn(&T) -> (T::Context, Vec<Violation>),
) -> Result<Checked<T>, InvalidDocument> {
    let read = input::read(bytes, T::limits())?;
    input::Read::noted_load(read.comments, load_value_with(&read.value, resolve))
}

/// [`load_with`] for a document already parsed as JSON.
///
/// # Errors
/// [`InvalidDocument`] with every violation when one is an error.
///
/// Each fix a violation offers has been checked by applying it to a copy of the document,
/// loaded again (see `validate/fixes.rs`).
pub fn load_value_with<T: Document>(
    value: &Value,
    resolve: impl Fn(&T) -> (T::Context, Vec<Violation>),
) -> Result<Checked<T>, InvalidDocument> {
    let loaded = load_unsettled(value, &resolve);
    let candidates =
        |vs: &[Violation]| !super::fixes::is_deferred() && super::fixes::any_candidate(vs);
    let again = |v: &Value| report_of(load_unsettled(v, &resolve)).violations;
    match loaded {
        Err(mut e) if candidates(&e.report.violations) => {
            let mut violations = std::mem::take(&mut e.report.violations);
            super::fixes::check(value, &mut violations, again);
            Err(InvalidDocument::new(violations))
        }
        Ok(checked) if candidates(checked.warnings()) => {
            let (doc, context, mut violations) = checked.into_parts();
            super::fixes::check(value, &mut violations, again);
            Ok(Checked::new(doc, context, violations))
        }
        other => other,
    }
}

/// [`load_value_with`], its fixes not yet checked.
fn load_unsettled<T: Document>(
    value: &Value,
    resolve: &impl Fn(&T) -> (T::Context, Vec<Violation>),
) -> Result<Checked<T>, InvalidDocument> {
    let doc = match from_value::<T>(value, structural::compiled(T::KIND)) {
        Ok(doc) => doc,
        Err(mut e) => {
            // The kind's own checks read the typed document: they did not run. Say so once,
            // naming the first error that kept them from it.
            if value.is_object()
                && let Some(first) = e.report.violations.iter().find(|v| v.is_error())
            {
                let path = first.path.clone();
                e.report.violations.push(message::rule_skipped(
                    &path,
                    message::Skipped::Checks(T::KIND.name()),
                    &path,
                ));
                e.report = Report::new(e.report.violations);
            }
            return Err(e);
        }
    };
    // A validation given up on (its stop raised) goes no further; its caller drops this.
    if crate::stop::requested() {
        return Err(InvalidDocument::new(Vec::new()));
    }
    let (context, mut violations) = resolve(&doc);
    violations.extend(doc.check(&context));
    if violations.iter().any(Violation::is_error) {
        return Err(InvalidDocument::new(violations));
    }
    Ok(Checked::new(doc, context, violations))
}

/// Loads a document that needs no context from JSON bytes.
///
/// ```
/// use eig::Rulebook;
/// let e = eig::validate::load_document::<Rulebook>(br#"{"promotion": "eig-4"}"#).unwrap_err();
/// assert!(e.report.has("missing_field"));
/// ```
///
/// # Errors
/// [`InvalidDocument`] with every violation when one is an error.
pub fn load_document<T: Document<Context = ()>>(
    bytes: &[u8],
) -> Result<Checked<T>, InvalidDocument> {
    load_with(bytes, |_| ((), Vec::new()))
}

/// [`load_document`] for a document already parsed as JSON.
///
/// # Errors
/// [`InvalidDocument`] with every violation when one is an error.
pub fn load_document_value<T: Document<Context = ()>>(
    value: &Value,
) -> Result<Checked<T>, InvalidDocument> {
    load_value_with(value, |_| ((), Vec::new()))
}

/// The report of loading a document: its warnings when it loads, every violation when not.
#[must_use]
pub fn report_of<T: Document>(loaded: Result<Checked<T>, InvalidDocument>) -> Report {
    match loaded {
        Ok(checked) => checked.report(),
        Err(e) => e.report,
    }
}

/// A load's result with the violations `more` finds on the same document (given the load's
/// structural errors, which may block it): an error among them refuses the document.
#[cfg(feature = "matching")]
pub(crate) fn with_more<T: Document>(
    loaded: Result<Checked<T>, InvalidDocument>,
    more: impl FnOnce(&[Violation]) -> Vec<Violation>,
) -> Result<Checked<T>, InvalidDocument> {
    match loaded {
        Ok(checked) => {
            let found = more(&[]);
            if found.is_empty() {
                return Ok(checked);
            }
            let (doc, context, mut violations) = checked.into_parts();
            violations.extend(found);
            if violations.iter().any(Violation::is_error) {
                return Err(InvalidDocument::new(violations));
            }
            Ok(Checked::new(doc, context, violations))
        }
        Err(mut e) => {
            let blocked = super::structural_errors(&e.report);
            let mut violations = std::mem::take(&mut e.report.violations);
            violations.extend(more(&blocked));
            Err(InvalidDocument::new(violations))
        }
    }
}

/// Writes each whole decimal number of `v` (`10.0`) as an integer (`10`), within the
/// integers a decimal holds exactly; says whether one was.
pub(crate) fn whole_numbers(v: &mut Value) -> bool {
    let mut changed = false;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Number(n) if n.is_f64() => {
                if let Some(f) = n.as_f64()
                    && f.fract() == 0.0
                    && f.abs() < 9.0e15
                {
                    // Whole and within f64's exact integers: the cast is exact.
                    #[allow(clippy::cast_possible_truncation)]
                    let i = f as i64;
                    *v = Value::from(i);
                    changed = true;
                }
            }
            Value::Array(a) => stack.extend(a.iter_mut()),
            Value::Object(o) => stack.extend(o.values_mut()),
            _ => {}
        }
    }
    changed
}

/// The structural pass over a parsed value, then the typed value.
pub(crate) fn from_value<T: DeserializeOwned>(
    value: &Value,
    schema: &structural::Compiled,
) -> Result<T, InvalidDocument> {
    if !value.is_object() {
        return Err(message::not_an_object(value).into());
    }
    let violations = schema.check(value);
    if !violations.is_empty() {
        return Err(InvalidDocument::new(violations));
    }
    // The fast path reads the value in place; only a failure is read again to find its path.
    if let Ok(t) = T::deserialize(value) {
        return Ok(t);
    }
    // The schema (JSON Schema 2020-12) calls `10.0` an integer: read whole decimals as the
    // integers they are, as the schema accepted them.
    let mut whole = value.clone();
    if whole_numbers(&mut whole)
        && let Ok(t) = T::deserialize(&whole)
    {
        return Ok(t);
    }
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(t) => Ok(t),
        Err(e) => {
            let path: String = e
                .path()
                .iter()
                .filter_map(|seg| match seg {
                    serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
                    serde_path_to_error::Segment::Map { key } => {
                        Some(format!("/{}", escape_pointer_token(key)))
                    }
                    serde_path_to_error::Segment::Enum { .. }
                    | serde_path_to_error::Segment::Unknown => None,
                })
                .collect();
            let inner = e.into_inner().to_string();
            let found = value.pointer(&path).unwrap_or(&Value::Null);
            Err(message::invalid_value(path, found, &Allowed::Because(&inner)).into())
        }
    }
}
