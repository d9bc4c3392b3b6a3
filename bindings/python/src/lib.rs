//! The native module `eig._eig` behind the Python package `eig`.
//!
//! A thin layer: conversions of documents and values, error mapping, and the Python callable
//! as a [`Rule`]. Every rule and check lives in the core crate.

mod assignment;
mod convert;
mod dataset;
mod jury;
mod scoring;
mod stable;
mod teams;

use convert::{Doc, extract_doc, to_json_value, to_py};
use eig::diagnostics::{Lang, Report};
use eig::diagnostics::{Severity, Violation};
use eig::documents::{DocumentValidator, Input, validate_many_with};
use eig::model::{ChallengeSubmission, PromotionId};
use eig::rules::{Rule, Subject, Target};
use eig::schema::SchemaKind;
use eig::validate::{CompiledRulebook, RulebookChoice};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

// Validation allocates many small values (parsed JSON, messages); mimalloc makes that
// markedly faster than the system allocator, as in other Rust extensions for Python.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pyo3::create_exception!(
    eig,
    ValidationError,
    pyo3::exceptions::PyValueError,
    "A document is invalid. `violations` lists every violation found."
);

/// One thing wrong with a document: a stable `code`, a JSON Pointer `path`, a `severity`
/// (`"error"` or `"warning"`), the `rule` that raised it, and messages in French and English.
#[pyclass(name = "Violation", module = "eig", frozen, eq, from_py_object)]
#[derive(Clone, PartialEq)]
struct PyViolation(Violation);

#[pymethods]
impl PyViolation {
    /// Builds a violation, for a custom rule to return.
    ///
    /// >>> v = Violation("budget_missing", "/budget", "le budget manque", "the budget is missing")
    /// >>> v.code, v.path, v.severity, v.message_en, v.hint
    /// ('budget_missing', '/budget', 'error', 'the budget is missing', None)
    /// >>> Violation("budget_missing", "/budget", "le budget manque",
    /// ...           hint_fr="ajoutez le champ « budget »").hint
    /// 'ajoutez le champ « budget »'
    ///
    /// `params` gives the values the message speaks of, for a program (a dict of JSON values):
    ///
    /// >>> Violation("budget_too_high", "/budget", "budget trop élevé", params={"max": 50000}).params
    /// {'max': 50000}
    #[new]
    #[pyo3(signature = (code, path, message_fr, message_en=None, severity="error", rule="custom", hint_fr=None, hint_en=None, params=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        code: &str,
        path: &str,
        message_fr: &str,
        message_en: Option<&str>,
        severity: &str,
        rule: &str,
        hint_fr: Option<&str>,
        hint_en: Option<&str>,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let severity = parse_severity(severity)?;
        let en = message_en.unwrap_or(message_fr);
        let v = Violation::custom(rule, code, severity, path, message_fr, en);
        with_params(
            v.with_given_hints(hint_fr, hint_en),
            params.map(|p| p.as_any()),
        )
        .map(Self)
    }
    /// The values the message speaks of, for a program that should not parse it: the limit
    /// (`min`, `max`), what was `found`, what is `allowed`... (the same keys for every
    /// violation of a code; docs/violation-codes.md gives an example of each).
    ///
    /// >>> v = validate('{"promotion": "eig-4", "duration_months": 30}').violations
    /// >>> next(x for x in v if x.code == "duration_out_of_range").params["max"]
    /// 10
    #[getter]
    fn params<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.0.params)
    }
    /// The stable snake_case code.
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }
    /// JSON Pointer into the document (`""` is the whole document).
    #[getter]
    fn path(&self) -> &str {
        &self.0.path
    }
    /// `"error"` or `"warning"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity.as_str()
    }
    /// Id of the rule that raised it.
    #[getter]
    fn rule(&self) -> &str {
        &self.0.rule
    }
    /// The message in French (the programme's language).
    #[getter]
    fn message(&self) -> &str {
        &self.0.message_fr
    }
    /// The message in French.
    #[getter]
    fn message_fr(&self) -> &str {
        &self.0.message_fr
    }
    /// The message in English.
    #[getter]
    fn message_en(&self) -> &str {
        &self.0.message_en
    }
    /// How to fix it, in French (the programme's language), or `None`.
    #[getter]
    fn hint(&self) -> Option<&str> {
        self.0.hint_fr.as_deref()
    }
    /// How to fix it, in French, or `None`.
    #[getter]
    fn hint_fr(&self) -> Option<&str> {
        self.0.hint_fr.as_deref()
    }
    /// How to fix it, in English, or `None`.
    #[getter]
    fn hint_en(&self) -> Option<&str> {
        self.0.hint_en.as_deref()
    }
    /// The changes that mend it, each a dict: `applicability` (`"safe"`, `"needs_human"` or
    /// `"placeholder"`), `patch` (a JSON Patch, RFC 6902, over the document) and, when it is
    /// not safe, `reason_fr` and `reason_en`. A safe one was applied to a copy of the document
    /// and validated again: its fault was gone and no new error appeared.
    ///
    /// >>> v = validate('{"promotion": "eig-5", "duration_months": "10"}').violations
    /// >>> next(x for x in v if x.path == "/duration_months").fixes
    /// [{'applicability': 'safe', 'patch': [{'op': 'replace', 'path': '/duration_months', 'value': 10}]}]
    #[getter]
    fn fixes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.0.fixes)
    }
    /// The violation as a plain dict (with its `params` and `fixes`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = violation_dict(py, &self.0)?;
        d.set_item("params", field(py, &self.0.params)?)?;
        d.set_item("fixes", field(py, &self.0.fixes)?)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Violation {} at {:?}: {}>",
            self.0.code, self.0.path, self.0.message_en
        )
    }
    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

fn parse_severity(s: &str) -> PyResult<Severity> {
    s.parse()
        .map_err(|e: eig::diagnostics::ParseEnumError| PyValueError::new_err(e.to_string()))
}

fn violation_dict<'py>(py: Python<'py>, v: &Violation) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("code", &v.code)?;
    d.set_item("path", &v.path)?;
    d.set_item("severity", v.severity.as_str())?;
    d.set_item("rule", &v.rule)?;
    d.set_item("message_fr", &v.message_fr)?;
    d.set_item("message_en", &v.message_en)?;
    d.set_item("hint_fr", &v.hint_fr)?;
    d.set_item("hint_en", &v.hint_en)?;
    Ok(d)
}

/// The violation with the parameters a host gave (a dict of JSON values).
fn with_params(v: Violation, params: Option<&Bound<'_, PyAny>>) -> PyResult<Violation> {
    let Some(params) = params.filter(|p| !p.is_none()) else {
        return Ok(v);
    };
    match to_json_value(params)? {
        serde_json::Value::Object(map) => {
            Ok(map.into_iter().fold(v, |v, (k, x)| v.with_param(&k, x)))
        }
        _ => Err(PyTypeError::new_err("params must be a dict")),
    }
}

fn violation_list<'py>(py: Python<'py>, vs: &[Violation]) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, vs.iter().map(|v| PyViolation(v.clone())))
}

/// The outcome of validating one document: `valid`, and every violation in `violations`.
#[pyclass(name = "Report", module = "eig", frozen)]
struct PyReport(Report);

#[pymethods]
impl PyReport {
    /// True when no violation is an error (warnings allowed).
    #[getter]
    fn valid(&self) -> bool {
        self.0.valid
    }
    /// Every violation, in a stable order.
    #[getter]
    fn violations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        violation_list(py, &self.0.violations)
    }
    /// One dict per violation, ready for `pandas.DataFrame(report.to_records())`.
    ///
    /// >>> validate("[]", promotion="eig-4").to_records()[0]["code"]
    /// 'not_an_object'
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for v in &self.0.violations {
            list.append(violation_dict(py, v)?)?;
        }
        Ok(list)
    }
    fn __len__(&self) -> usize {
        self.0.violations.len()
    }
    fn __bool__(&self) -> bool {
        self.0.valid
    }
    fn __repr__(&self) -> String {
        let errors = self.0.errors().count();
        let warnings = self.0.warnings().count();
        format!(
            "<Report valid={} errors={errors} warnings={warnings}>",
            py_bool(self.0.valid)
        )
    }
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    /// The line and column (1-based) of each violation in the document's text, in order;
    /// `None` for a violation of the whole document or one that names no place in it.
    ///
    /// >>> text = '{"promotion": "eig-4",\n "titel": "x"}'
    /// >>> report = validate(text)
    /// >>> [place for v, place in zip(report.violations, report.places(text)) if v.path == "/titel"]
    /// [(2, 11)]
    fn places(&self, text: &Bound<'_, PyAny>) -> PyResult<Vec<Option<(usize, usize)>>> {
        let bytes = text_bytes(text, "places() takes the document's text: str or bytes")?;
        Ok(eig::validate::places(&bytes, &self.0))
    }
    /// The report as the `eig validate` command prints it: the verdict and counts after
    /// `name`, then each violation with its line and column in `source` (the document's text,
    /// `str` or `bytes`) and its hint. `lang` is `"fr"` or `"en"`.
    ///
    /// >>> text = '{"promotion": "eig-4", "titel": "Signaux faibles"}'
    /// >>> print(validate(text).to_text("defi.json", text, lang="en").splitlines()[0])
    /// defi.json: invalid (13 error(s), 9 warning(s))
    #[pyo3(signature = (name="", source=None, lang="fr"))]
    fn to_text(
        &self,
        name: &str,
        source: Option<&Bound<'_, PyAny>>,
        lang: &str,
    ) -> PyResult<String> {
        let bytes = source_bytes(source)?;
        Ok(self.0.to_text(name, &bytes, convert::lang(lang)?))
    }
    /// The report as the `eig validate --format json` command gives it for one file: a dict
    /// with `file`, `valid` and `violations` (each with its `line` and `column` in `source`,
    /// its message and hint in `lang`).
    #[pyo3(signature = (name="", source=None, lang="fr"))]
    fn to_json_entry<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        source: Option<&Bound<'_, PyAny>>,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let bytes = source_bytes(source)?;
        to_py(
            py,
            &self.0.to_json_entry(name, &bytes, convert::lang(lang)?),
        )
    }
    /// The report as an HTML fragment (the verdict, then a table of the violations).
    #[pyo3(signature = (lang="fr"))]
    fn to_html(&self, lang: &str) -> PyResult<String> {
        Ok(self.0.to_html(convert::lang(lang)?))
    }
    fn _repr_html_(&self) -> String {
        self.0.to_html(Lang::Fr)
    }
}

/// The text of a document given to a rendering method: `str`, `bytes` or `None` (no text:
/// no line and column).
fn source_bytes(source: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<u8>> {
    match source.filter(|s| !s.is_none()) {
        None => Ok(Vec::new()),
        Some(s) => text_bytes(s, "source is the document's text: str or bytes"),
    }
}

/// A document's text as bytes: a `str` (as UTF-8) or `bytes`; otherwise a `TypeError` that
/// says `what` is expected.
fn text_bytes(text: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if let Ok(s) = text.extract::<String>() {
        return Ok(s.into_bytes());
    }
    text.extract::<Vec<u8>>()
        .map_err(|_| PyTypeError::new_err(what.to_owned()))
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// A Python callable used as a rule: it receives the document of its kind as a dict and
/// returns its violations (`Violation` objects or dicts; an empty list when it finds none).
struct PyRule {
    id: String,
    callable: Py<PyAny>,
    on: Target,
    /// Where a rule puts a `KeyboardInterrupt`, `SystemExit` or other exception that is not
    /// an `Exception`: the call that ran the rules raises it, and no later rule runs.
    interrupt: Interrupt,
}

/// Runs `work` on a thread of its own, off the interpreter, under an [`eig::stop::Stop`], and
/// meanwhile checks every few milliseconds for a signal Python handles (Ctrl-C): on one, the
/// stop is raised, the engines give up at their next checkpoint (a document of a batch, a
/// declared rule, a row of an assignment, a phase of a flow), and the signal's exception
/// (`KeyboardInterrupt`) is raised then, not when a long call would have ended.
pub(crate) fn interruptible<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    let stop = eig::stop::Stop::new();
    std::thread::scope(|s| {
        let handle = s.spawn(|| eig::stop::run_with(Some(stop.clone()), work));
        loop {
            let done = py.detach(|| {
                for _ in 0..10 {
                    if handle.is_finished() {
                        return true;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                handle.is_finished()
            });
            if done {
                break;
            }
            if let Err(signal) = py.check_signals() {
                stop.raise();
                let _ = py.detach(|| handle.join());
                return Err(signal);
            }
        }
        handle.join().map_err(|_| {
            pyo3::exceptions::PyRuntimeError::new_err("internal error in eig: the work panicked")
        })
    })
}

/// Runs `work` off the interpreter: [`interruptible`] when it is `large` (a thread of its own
/// costs tens of microseconds, nothing beside a long call), at once otherwise.
pub(crate) fn detached<T: Send>(
    py: Python<'_>,
    large: bool,
    work: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    if large {
        interruptible(py, work)
    } else {
        Ok(py.detach(work))
    }
}

/// An interruption raised inside a Python rule, shared by the rules of one call.
#[derive(Clone, Default)]
pub(crate) struct Interrupt(std::sync::Arc<std::sync::Mutex<Option<PyErr>>>);

impl Interrupt {
    pub(crate) fn is_set(&self) -> bool {
        self.0.lock().map_or(true, |slot| slot.is_some())
    }

    /// Keeps the first interruption.
    fn set(&self, err: PyErr) {
        if let Ok(mut slot) = self.0.lock()
            && slot.is_none()
        {
            *slot = Some(err);
        }
    }

    /// Keeps `err` if it is an interruption (an exception that is not an `Exception`, such
    /// as `KeyboardInterrupt`); gives back an ordinary exception.
    pub(crate) fn keep(&self, py: Python<'_>, err: PyErr) -> Option<PyErr> {
        if err.is_instance_of::<pyo3::exceptions::PyException>(py) {
            return Some(err);
        }
        self.set(err);
        None
    }

    /// `result`, unless a rule was interrupted: then the interruption.
    pub(crate) fn or<T>(&self, result: T) -> PyResult<T> {
        match self.0.lock().ok().and_then(|mut slot| slot.take()) {
            Some(err) => Err(err),
            None => Ok(result),
        }
    }
}

impl Rule for PyRule {
    fn id(&self) -> &str {
        &self.id
    }
    fn on(&self) -> Target {
        self.on
    }
    fn check(&self, document: &Subject<'_>, out: &mut Vec<Violation>) {
        self.run(&document.json(), out);
    }
}

impl PyRule {
    /// Calls the rule on a document's JSON; an exception becomes `rule_failed`, an
    /// interruption (`KeyboardInterrupt`, `SystemExit`) stops the rules and is raised.
    fn run(&self, value: &serde_json::Value, out: &mut Vec<Violation>) {
        if self.interrupt.is_set() {
            return;
        }
        Python::attach(|py| match self.call(py, value) {
            Ok(found) => out.extend(found),
            Err(err) => {
                if let Some(err) = self.interrupt.keep(py, err) {
                    let why = err
                        .value(py)
                        .repr()
                        .map_or_else(|_| "exception".to_owned(), |r| r.to_string());
                    out.push(Violation::rule_failed(&self.id, &why));
                }
            }
        });
    }

    fn call(&self, py: Python<'_>, value: &serde_json::Value) -> PyResult<Vec<Violation>> {
        let result = self.callable.bind(py).call1((to_py(py, value)?,))?;
        // A rule that forgot its `return` would pass every document: it fails instead.
        if result.is_none() {
            return Err(PyTypeError::new_err(
                "the rule returned None: return its violations, an empty list when it finds none",
            ));
        }
        let mut found = Vec::new();
        for item in result.try_iter()? {
            let item = item?;
            if let Ok(v) = item.cast::<PyViolation>() {
                let mut v = v.get().0.clone();
                if v.rule == "custom" {
                    v.rule.clone_from(&self.id);
                }
                found.push(v);
                continue;
            }
            let d = item.cast::<PyDict>().map_err(|_| {
                PyTypeError::new_err("a rule must return Violation objects or dicts")
            })?;
            let get = |k: &str| -> PyResult<Option<String>> {
                d.get_item(k)?.map(|v| v.extract::<String>()).transpose()
            };
            let code = get("code")?
                .ok_or_else(|| PyValueError::new_err("a violation dict needs a \"code\""))?;
            let en = get("message_en")?
                .or(get("message")?)
                .unwrap_or_else(|| code.clone());
            let fr = get("message_fr")?.unwrap_or_else(|| en.clone());
            let severity = parse_severity(&get("severity")?.unwrap_or_else(|| "error".into()))?;
            let path = get("path")?.unwrap_or_default();
            let v = Violation::custom(&self.id, code, severity, path, fr, en);
            let (hint_fr, hint_en) = (get("hint_fr")?.or(get("hint")?), get("hint_en")?);
            let v = v.with_given_hints(hint_fr.as_deref(), hint_en.as_deref());
            found.push(with_params(v, d.get_item("params")?.as_ref())?);
        }
        Ok(found)
    }
}

/// The rules of one promotion. `Rulebook.builtin("eig-4")` for a historical promotion,
/// `Rulebook.from_json(...)` for a file of your own.
///
/// >>> rb = Rulebook.builtin("eig-7")
/// >>> rb.team_size, rb.immersion_months, rb.allowed_expertises
/// ((1, 2), (12, None), ['direction-produit', 'direction-technique', 'direction-impact'])
#[pyclass(name = "Rulebook", module = "eig")]
struct PyRulebook {
    /// The rulebook with its declared rules, compiled once for every call that uses it.
    inner: CompiledRulebook,
    /// The Python rules, each on the kind it names (a submission's sees its typed view as a
    /// dict, another kind's its JSON).
    rules: Vec<(String, Py<PyAny>, Target)>,
}

impl PyRulebook {
    fn rb(&self) -> &eig::Rulebook {
        self.inner.rulebook()
    }
}

#[pymethods]
impl PyRulebook {
    /// The built-in rulebook of a historical promotion (see `rulebooks()`).
    #[staticmethod]
    fn builtin(promotion: &str) -> PyResult<Self> {
        let inner = CompiledRulebook::builtin(promotion).ok_or_else(|| no_builtin(promotion))?;
        Ok(Self {
            inner,
            rules: Vec::new(),
        })
    }
    /// A rulebook for the next call (a promotion not built in), made from this one: the same
    /// rules, the new promotion and windows. Times are local to `time_zone`: a day
    /// (`"2027-03-31"` or a `datetime.date`) opens at 00:00:00 or closes at 23:59:59; a local
    /// time (`"2027-03-31T17:00"` or a naive `datetime`) is that instant. A window left out
    /// stays unknown, and validation warns `call_window_unknown`. Its custom rules are not
    /// carried over. Raises `ValueError` for a time or zone it cannot read, `ValidationError`
    /// when the result is not a valid rulebook.
    ///
    /// >>> eig8 = Rulebook.builtin("eig-7").next_call("eig-8", closes="2027-03-31T17:00")
    /// >>> eig8.label, eig8.call_for_projects
    /// ('EIG 8', {'closes': '2027-03-31T17:00:00', 'time_zone': 'Europe/Paris'})
    #[pyo3(signature = (promotion, *, label=None, opens=None, closes=None, applications_opens=None, applications_closes=None, time_zone="Europe/Paris"))]
    #[allow(clippy::too_many_arguments)]
    fn next_call(
        &self,
        py: Python<'_>,
        promotion: &str,
        label: Option<String>,
        opens: Option<&Bound<'_, PyAny>>,
        closes: Option<&Bound<'_, PyAny>>,
        applications_opens: Option<&Bound<'_, PyAny>>,
        applications_closes: Option<&Bound<'_, PyAny>>,
        time_zone: &str,
    ) -> PyResult<Self> {
        let window = |o: Option<String>, c: Option<String>| {
            eig::model::CallWindow::from_texts(o.as_deref(), c.as_deref(), time_zone)
                .map_err(PyValueError::new_err)
        };
        let next = eig::validate::NextCall {
            promotion: promotion.to_owned(),
            label,
            call_for_projects: window(time_text(opens, "opens")?, time_text(closes, "closes")?)?,
            call_for_applications: window(
                time_text(applications_opens, "applications_opens")?,
                time_text(applications_closes, "applications_closes")?,
            )?,
        };
        let inner = self
            .rb()
            .next_call(next)
            .map_err(|e| validation_error(py, "invalid rulebook", &e.report))?;
        Ok(Self {
            inner: inner.into(),
            rules: Vec::new(),
        })
    }
    /// Loads a rulebook from a JSON document (str, bytes, dict or pathlib.Path). Raises
    /// `ValidationError` with every violation when it is invalid.
    #[staticmethod]
    fn from_json(py: Python<'_>, doc: &Bound<'_, PyAny>) -> PyResult<Self> {
        let bytes = match extract_doc(doc)? {
            Doc::Bytes(b) => b,
            Doc::Value(v) => serde_json::to_vec(&v)
                .map_err(|e| PyValueError::new_err(e.to_string()))?
                .into(),
            Doc::Refused(v) => {
                return Err(validation_error(
                    py,
                    "invalid rulebook",
                    &Report::new(vec![v]),
                ));
            }
        };
        match CompiledRulebook::from_json(&bytes) {
            Ok(inner) => Ok(Self {
                inner,
                rules: Vec::new(),
            }),
            Err(e) => Err(validation_error(py, "invalid rulebook", &e.report)),
        }
    }
    /// Registers a custom rule: `fn(document: dict) -> iterable of Violation or dict`. It
    /// runs after the built-in rules; an exception inside it becomes a `rule_failed`
    /// violation. `on` names the kind of document it checks (`"jury"`, `"score-sheets"`...;
    /// a défi submission by default): `validate(doc, kind=on, rulebook=rb)` runs it.
    #[pyo3(signature = (id, rule, on="challenge-submission"))]
    fn add_rule(&mut self, id: &str, rule: Bound<'_, PyAny>, on: &str) -> PyResult<()> {
        if !rule.is_callable() {
            return Err(PyTypeError::new_err("a rule must be callable"));
        }
        if id.is_empty() {
            return Err(PyValueError::new_err("a rule needs a non-empty id"));
        }
        if on == Target::JurorItem.name() {
            return Err(PyValueError::new_err(
                "a juror-item rule is written in CEL, in the rulebook's `rules` \
                 (docs/rules.md): a callable checks documents",
            ));
        }
        let target = Target::from_name(on).ok_or_else(|| {
            let known: Vec<&str> = Target::ALL
                .iter()
                .filter(|t| **t != Target::JurorItem)
                .map(|t| t.name())
                .collect();
            PyValueError::new_err(format!(
                "unknown document kind {on:?} (known: {})",
                known.join(", ")
            ))
        })?;
        self.rules.push((id.to_owned(), rule.unbind(), target));
        Ok(())
    }
    /// The ids of the custom rules, in the order they run (submission rules first).
    #[getter]
    fn custom_rules(&self) -> Vec<String> {
        let on_submissions =
            |(_, _, on): &&(String, Py<PyAny>, Target)| *on == Target::ChallengeSubmission;
        let (first, then): (Vec<_>, Vec<_>) = self.rules.iter().partition(on_submissions);
        first
            .into_iter()
            .chain(then)
            .map(|(id, _, _)| id.clone())
            .collect()
    }
    /// The promotion id (`"eig-4"`).
    #[getter]
    fn promotion(&self) -> &str {
        self.rb().promotion.as_str()
    }
    /// The promotion's public name (`"EIG 4"`).
    #[getter]
    fn label(&self) -> &str {
        &self.rb().label
    }
    /// `(min, max)` fellows per team.
    #[getter]
    fn team_size(&self) -> (u32, u32) {
        (self.rb().team_size.min, self.rb().team_size.max)
    }
    /// `(min, max)` months of immersion; `max` is `None` when unbounded.
    #[getter]
    fn immersion_months(&self) -> (u32, Option<u32>) {
        (
            self.rb().immersion_months.min,
            self.rb().immersion_months.max,
        )
    }
    /// The expertises the promotion recruits.
    #[getter]
    fn allowed_expertises(&self) -> Vec<String> {
        self.rb()
            .allowed_expertises
            .iter()
            .map(|e| e.as_str().to_owned())
            .collect()
    }
    /// The cohort, as a dict (`{"kind": "year", "year": 2020}`).
    #[getter]
    fn cohort<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.rb().cohort)
    }
    /// The call for projects window (local times and zone), or `None`.
    #[getter]
    fn call_for_projects<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.rb().call_for_projects)
    }
    /// The call for applications window, or `None`.
    #[getter]
    fn call_for_applications<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.rb().call_for_applications)
    }
    /// What is asked of mentors, as a dict.
    #[getter]
    fn mentors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.rb().mentors)
    }
    /// The conflict-of-interest policy, as a dict.
    #[getter]
    fn conflict_of_interest<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.rb().conflict_of_interest)
    }
    /// Where the facts of this rulebook come from: a list of dicts (`fields`, `source`, `says`,
    /// and `note`, `not_applied` where present), or strings for sources named in words.
    #[getter]
    fn sources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.rb().sources)
    }
    /// The selection funnel as the rulebook declares it, one dict per stage, with what the
    /// programme published for it where it did: `stage`, `label_fr`, `label_en`, `subject`,
    /// `seats` (the stage's top_k), `pool`, `considered` and `kept` (None when not published).
    ///
    /// >>> [(s["stage"], s["considered"], s["kept"]) for s in Rulebook.builtin("eig-4").funnel][:2]
    /// [('defis-audition', 31, 21), ('defis-selection', 21, 16)]
    #[getter]
    fn funnel<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.rb().funnel())
    }
    /// The rulebook as a dict (the JSON document).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, self.rb())
    }
    /// The rulebook as a JSON string.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(self.rb()).map_err(|e| PyValueError::new_err(e.to_string()))
    }
    fn __repr__(&self) -> String {
        format!("<Rulebook {} ({})>", self.rb().promotion, self.rb().label)
    }
}

fn field<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let v = serde_json::to_value(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    to_py(py, &v)
}

fn builtin_rulebook(promotion: &str) -> PyResult<eig::Rulebook> {
    eig::Rulebook::builtin(promotion).ok_or_else(|| no_builtin(promotion))
}

fn no_builtin(promotion: &str) -> PyErr {
    PyValueError::new_err(format!(
        "no built-in rulebook for {promotion:?} (built-in: {}); for another promotion, \
         make one with Rulebook.builtin(\"eig-7\").next_call({promotion:?}, closes=...)",
        PromotionId::HISTORICAL.join(", ")
    ))
}

/// A time given to `next_call`: a str, or a `datetime.date` / naive `datetime.datetime`.
fn time_text(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<String>> {
    let Some(v) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if let Ok(s) = v.extract::<String>() {
        return Ok(Some(s));
    }
    if v.hasattr("isoformat")? {
        if v.hasattr("tzinfo")? && !v.getattr("tzinfo")?.is_none() {
            return Err(PyValueError::new_err(format!(
                "{name}: give a naive datetime (local time of time_zone), not one with tzinfo"
            )));
        }
        return Ok(Some(v.call_method0("isoformat")?.extract()?));
    }
    Err(PyTypeError::new_err(format!(
        "{name}: expected a str, a datetime.date or a naive datetime.datetime"
    )))
}

fn validation_error(py: Python<'_>, what: &str, report: &Report) -> PyErr {
    let first = report
        .errors()
        .next()
        .map(|v| format!(": {v}"))
        .unwrap_or_default();
    let message = format!("{what} ({} violation(s)){first}", report.violations.len());
    let err = ValidationError::new_err(message);
    let attach = violation_list(py, &report.violations)
        .and_then(|list| err.value(py).setattr("violations", list));
    match attach {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// The validator of a call: the rulebook given (with its Python rules, typed on submissions
/// and over the JSON of the kinds they name), the built-in one of `promotion`, or the one each
/// document names. The core's one entry point: nothing here chooses a path by the kind.
struct Plan(DocumentValidator);

impl Plan {
    fn new(
        py: Python<'_>,
        promotion: Option<&str>,
        rulebook: Option<&PyRulebook>,
        interrupt: &Interrupt,
    ) -> PyResult<Self> {
        let choice = RulebookChoice::from_options(promotion, rulebook.map(|r| r.inner.clone()))
            .map_err(|_| PyValueError::new_err("give promotion or rulebook, not both"))?;
        if let Some(id) = promotion {
            builtin_rulebook(id)?;
        }
        let mut validator = DocumentValidator::new(choice);
        if let Some(rb) = rulebook {
            for (id, callable, on) in &rb.rules {
                validator.push_rule(Box::new(PyRule {
                    id: id.clone(),
                    callable: callable.clone_ref(py),
                    on: *on,
                    interrupt: interrupt.clone(),
                }));
            }
        }
        Ok(Self(validator))
    }

    fn run(&self, kind: SchemaKind, doc: &Doc<'_>) -> Report {
        match doc {
            Doc::Bytes(b) => self.0.validate(kind, Input::Bytes(b)),
            Doc::Value(x) => self.0.validate(kind, Input::Value(x)),
            Doc::Refused(v) => Report::new(vec![v.clone()]),
        }
    }
}

/// Validates a défi submission and returns a `Report` with every violation.
///
/// `doc` is a `str` or `bytes` of JSON, a `dict`, or a `pathlib.Path`. Give `promotion` (a
/// built-in rulebook) or `rulebook` (with its custom rules); with neither, the submission's
/// own `promotion` field picks the built-in rulebook.
///
/// >>> report = validate('{"promotion": "eig-4", "titel": "Signaux faibles"}')
/// >>> report.valid
/// False
/// >>> [(v.path, v.code) for v in report.violations if v.code == "unknown_field"]
/// [('/titel', 'unknown_field')]
///
/// `kind` names another published document (`application`, `scoring-grid`, `jury`,
/// `score-sheets`, `team-formation`, `mentor-matching`, `rulebook`); a `rulebook` (or
/// `promotion`) given runs its declared rules (`rules`) for that kind.
///
/// >>> validate({"id": "g"}, kind="scoring-grid").violations[0].code
/// 'missing_field'
#[pyfunction]
#[pyo3(signature = (doc, promotion=None, rulebook=None, kind="challenge-submission"))]
fn validate(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    promotion: Option<&str>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
    kind: &str,
) -> PyResult<PyReport> {
    let doc = extract_doc(doc)?;
    let interrupt = Interrupt::default();
    let kind = kind_named(kind)?;
    let plan = Plan::new(py, promotion, rulebook.as_deref(), &interrupt)?;
    let report = detached(py, doc.is_large(), || plan.run(kind, &doc))?;
    interrupt.or(PyReport(report))
}

/// What `fix` did: the document's new `text` (`None` when no fix was safe), whether its
/// comments and layout were kept (`layout_kept`), the violations whose fix was `applied`, and
/// the reports `before` and `after`.
#[pyclass(name = "Fixed", module = "eig", frozen)]
struct PyFixed {
    fixed: eig::fix::Fixed,
    source: String,
}

#[pymethods]
impl PyFixed {
    /// The document's new text, or `None` when no fix was safe (nothing is to be written).
    #[getter]
    fn text(&self) -> Option<&str> {
        self.fixed.text.as_deref()
    }
    /// Whether the new text kept the comments and layout of the old one (else it is indented
    /// JSON written anew).
    #[getter]
    fn layout_kept(&self) -> bool {
        self.fixed.layout_kept
    }
    /// The violations whose safe fix was applied, as they were found.
    #[getter]
    fn applied<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        violation_list(py, &self.fixed.applied)
    }
    /// The report of the document as it was.
    #[getter]
    fn before(&self) -> PyReport {
        PyReport(self.fixed.before.clone())
    }
    /// The report of the new text: what remains for a person to do.
    #[getter]
    fn after(&self) -> PyReport {
        PyReport(self.fixed.after.clone())
    }
    /// What was done, as `eig fix` prints it (`lang` is `"fr"` or `"en"`).
    #[pyo3(signature = (name="", lang="fr"))]
    fn to_text(&self, name: &str, lang: &str) -> PyResult<String> {
        Ok(self.fixed.to_text(name, &self.source, convert::lang(lang)?))
    }
    fn __repr__(&self) -> String {
        format!(
            "<Fixed: {} fix(es) applied, {} error(s) left>",
            self.fixed.applied.len(),
            self.fixed.after.errors().count()
        )
    }
}

/// Applies the safe fixes of a document and returns a `Fixed`: its new `text` (comments and
/// layout kept where they can be), the fixes `applied`, and the report `after`, whose faults
/// need a person. A fix is safe when, applied to a copy of the document, its fault is gone
/// and no new error appears. `doc`, `promotion`, `rulebook` and `kind` are as for `validate`;
/// a `dict` is fixed as indented JSON.
///
/// >>> fixed = fix('{"promotion": "eig-5", "titre": "Alertes crues", "duration_months": "10"}')
/// >>> fixed.text
/// '{"promotion": "eig-5", "title": "Alertes crues", "duration_months": 10}'
/// >>> sorted(v.code for v in fixed.applied)
/// ['unknown_field', 'wrong_type']
///
/// `only` names the path of one fault whose safe fix to apply (as the web page's button):
///
/// >>> fix('{"promotion": "eig-5", "titre": "Alertes", "duration_months": "10"}', only="/titre").text
/// '{"promotion": "eig-5", "title": "Alertes", "duration_months": "10"}'
#[pyfunction]
#[pyo3(signature = (doc, promotion=None, rulebook=None, kind="challenge-submission", only=None))]
fn fix(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    promotion: Option<&str>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
    kind: &str,
    only: Option<&str>,
) -> PyResult<PyFixed> {
    let doc = extract_doc(doc)?;
    let interrupt = Interrupt::default();
    let kind = kind_named(kind)?;
    let plan = Plan::new(py, promotion, rulebook.as_deref(), &interrupt)?;
    let bytes: Vec<u8> = match &doc {
        Doc::Bytes(b) => b.to_vec(),
        Doc::Value(v) => {
            serde_json::to_vec_pretty(v).map_err(|e| PyValueError::new_err(e.to_string()))?
        }
        Doc::Refused(v) => {
            let fixed = eig::fix::Fixed::unchanged(Report::new(vec![v.clone()]));
            let source = String::new();
            return Ok(PyFixed { fixed, source });
        }
    };
    let fixed = detached(py, doc.is_large(), || {
        match (only, std::str::from_utf8(&bytes)) {
            (Some(path), Ok(text)) => plan.0.fix_at(kind, text, path),
            _ => plan.0.fix_bytes(kind, &bytes),
        }
    })?;
    let source = String::from_utf8_lossy(&bytes).into_owned();
    interrupt.or(PyFixed { fixed, source })
}

/// The document kind a name gives (the name of its schema).
fn kind_named(kind: &str) -> PyResult<SchemaKind> {
    SchemaKind::from_name(kind).ok_or_else(|| {
        let known: Vec<_> = SchemaKind::ALL.iter().map(|k| k.name()).collect();
        PyValueError::new_err(format!(
            "unknown document kind {kind:?} (known: {})",
            known.join(", ")
        ))
    })
}

/// Validates many submissions, in parallel and without holding the GIL, and returns one
/// `Report` per document, in order. `kind` names the documents' kind, as for `validate`.
///
/// >>> [r.valid for r in validate_many(["{}", "[]"], promotion="eig-4")]
/// [False, False]
#[pyfunction]
#[pyo3(signature = (docs, promotion=None, rulebook=None, kind="challenge-submission"))]
fn validate_many(
    py: Python<'_>,
    docs: &Bound<'_, PyAny>,
    promotion: Option<&str>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
    kind: &str,
) -> PyResult<Vec<PyReport>> {
    let kind = kind_named(kind)?;
    if docs.cast::<PyString>().is_ok() || docs.cast::<PyDict>().is_ok() {
        return Err(PyTypeError::new_err(
            "validate_many takes a list of documents; use validate for one",
        ));
    }
    let items: Vec<Bound<'_, PyAny>> = docs.try_iter()?.collect::<PyResult<_>>()?;
    // Reading a long list takes time too: Ctrl-C is checked along it.
    let docs: Vec<Doc<'_>> = items
        .iter()
        .enumerate()
        .map(|(k, item)| {
            if k % 65_536 == 65_535 {
                py.check_signals()?;
            }
            extract_doc(item)
        })
        .collect::<PyResult<_>>()?;
    let interrupt = Interrupt::default();
    let plan = Plan::new(py, promotion, rulebook.as_deref(), &interrupt)?;
    // A long batch checks for Ctrl-C while it runs (a document takes microseconds: the
    // batch stops at the next one).
    let reports = if docs.len() >= 64 {
        interruptible(py, || validate_many_with(&docs, |d| plan.run(kind, d)))?
    } else {
        py.detach(|| validate_many_with(&docs, |d| plan.run(kind, d)))
    };
    interrupt.or(reports.into_iter().map(PyReport).collect())
}

/// A valid défi submission, read with `load_submission`.
#[pyclass(name = "Submission", module = "eig", frozen)]
struct PySubmission(ChallengeSubmission);

#[pymethods]
impl PySubmission {
    /// The promotion it answers.
    #[getter]
    fn promotion(&self) -> &str {
        self.0.promotion.as_str()
    }
    /// Title of the défi.
    #[getter]
    fn title(&self) -> &str {
        &self.0.title
    }
    /// One-paragraph summary.
    #[getter]
    fn summary(&self) -> &str {
        &self.0.summary
    }
    /// Immersion duration wanted, in months.
    #[getter]
    fn duration_months(&self) -> u32 {
        self.0.duration_months
    }
    /// Fellows asked for: the sum of the seats.
    #[getter]
    fn team_size(&self) -> u32 {
        self.0.team_size()
    }
    /// Seats wanted, as `{expertise: count}`.
    #[getter]
    fn seats(&self) -> Vec<(String, u32)> {
        self.0
            .seats
            .iter()
            .map(|s| (s.expertise.as_str().to_owned(), s.count))
            .collect()
    }
    /// Names of the host organisations.
    #[getter]
    fn hosts(&self) -> Vec<String> {
        self.0.hosts.iter().map(|h| h.name.clone()).collect()
    }
    /// When it was filed, as an aware `datetime`.
    #[getter]
    fn submitted_at(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.0.submitted_at
    }
    /// The whole submission as a dict (the JSON document).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.0)
    }
    /// The submission as a JSON string.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.0).map_err(|e| PyValueError::new_err(e.to_string()))
    }
    fn __repr__(&self) -> String {
        format!("<Submission {} {:?}>", self.0.promotion, self.0.title)
    }
}

/// Reads a défi submission into a typed `Submission`, or raises `ValidationError` (a
/// `ValueError`) whose `violations` lists every violation.
///
/// >>> try:
/// ...     load_submission("{}", promotion="eig-4")
/// ... except ValidationError as e:
/// ...     print(e.violations[0].code, e.violations[0].path)
/// missing_field /promotion
#[pyfunction]
#[pyo3(signature = (doc, promotion=None, rulebook=None))]
fn load_submission(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    promotion: Option<&str>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
) -> PyResult<PySubmission> {
    let doc = extract_doc(doc)?;
    let interrupt = Interrupt::default();
    let plan = Plan::new(py, promotion, rulebook.as_deref(), &interrupt)?;
    let report = interrupt.or(py.detach(|| plan.run(SchemaKind::ChallengeSubmission, &doc)))?;
    if !report.valid {
        return Err(validation_error(py, "invalid submission", &report));
    }
    let parsed = match &doc {
        Doc::Bytes(b) => serde_json::from_slice::<ChallengeSubmission>(
            b.strip_prefix(b"\xef\xbb\xbf").unwrap_or(b),
        ),
        Doc::Value(v) => serde_json::from_value::<ChallengeSubmission>(v.clone()),
        Doc::Refused(v) => {
            return Err(validation_error(
                py,
                "invalid submission",
                &Report::new(vec![v.clone()]),
            ));
        }
    };
    parsed
        .map(PySubmission)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The ids of the built-in rulebooks, in historical order.
///
/// >>> rulebooks()[:3]
/// ['eig-1', 'eig-2', 'eig-3']
#[pyfunction]
fn rulebooks() -> Vec<&'static str> {
    PromotionId::HISTORICAL.to_vec()
}

/// A published JSON Schema as a dict: `"challenge-submission"` or `"rulebook"`.
///
/// >>> schema("challenge-submission")["$id"]
/// 'https://schema.data.gouv.fr/schemas/eig/challenge-submission/2.0.0/schema.json'
#[pyfunction]
fn schema<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let kind = SchemaKind::from_name(name).ok_or_else(|| {
        let known: Vec<_> = SchemaKind::ALL.iter().map(|k| k.name()).collect();
        PyValueError::new_err(format!(
            "unknown schema {name:?} (known: {})",
            known.join(", ")
        ))
    })?;
    to_py(py, &kind.generate())
}

/// The rulebook a function names: a built-in id, or a `Rulebook`.
fn chosen(
    promotion: Option<&str>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
) -> PyResult<eig::Rulebook> {
    match (promotion, rulebook) {
        (_, Some(rb)) => Ok(rb.rb().clone()),
        (Some(id), None) => builtin_rulebook(id),
        (None, None) => Err(PyValueError::new_err(
            "give promotion=\"eig-7\" or rulebook=",
        )),
    }
}

/// A défi dossier filled with example values that the promotion accepts, as a dict: replace
/// each value with yours, then validate it.
///
/// >>> doc = template("eig-7")
/// >>> doc["promotion"], validate(doc).valid
/// ('eig-7', True)
#[pyfunction]
#[pyo3(signature = (promotion=None, rulebook=None))]
fn template<'py>(
    py: Python<'py>,
    promotion: Option<&str>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &eig::guide::template(&chosen(promotion, rulebook)?))
}

/// The template as text to save and fill in: JSON with a comment above each field that says
/// what it is and what it accepts, in `lang` (`"fr"` or `"en"`), which `validate` reads (with
/// a `comments_ignored` warning); `comments=False` gives plain JSON.
///
/// >>> text = template_text("eig-7")
/// >>> "// SIRET — facultatif." in text, validate(text).valid
/// (True, True)
#[pyfunction]
#[pyo3(signature = (promotion=None, rulebook=None, lang="fr", comments=true))]
fn template_text(
    promotion: Option<&str>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
    lang: &str,
    comments: bool,
) -> PyResult<String> {
    let rb = chosen(promotion, rulebook)?;
    let lang: Lang = lang
        .parse()
        .map_err(|e: eig::diagnostics::ParseEnumError| PyValueError::new_err(e.to_string()))?;
    Ok(if comments {
        eig::guide::template_commented(&rb, lang)
    } else {
        eig::guide::template_text(&rb)
    })
}

/// The field guide of a promotion's dossier: each field, what it is, whether it is required,
/// what it accepts and an example; `format` is `"text"` or `"markdown"`, `lang` `"fr"` or
/// `"en"`.
///
/// >>> "SIRET" in field_guide("eig-7")
/// True
#[pyfunction]
#[pyo3(signature = (promotion=None, rulebook=None, lang="fr", format="text"))]
fn field_guide(
    promotion: Option<&str>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
    lang: &str,
    format: &str,
) -> PyResult<String> {
    let rb = chosen(promotion, rulebook)?;
    let lang: Lang = lang
        .parse()
        .map_err(|e: eig::diagnostics::ParseEnumError| PyValueError::new_err(e.to_string()))?;
    match format {
        "text" => Ok(eig::guide::guide_text(&rb, lang)),
        "markdown" => Ok(eig::guide::guide_markdown(&rb, lang)),
        other => Err(PyValueError::new_err(format!(
            "unknown format {other:?} (known: text, markdown)"
        ))),
    }
}

/// Converts a Python value to JSON text, with the checks `validate` applies to dicts (for
/// tests and tools).
#[pyfunction]
fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(to_json_value(obj)?.to_string())
}

/// Panics with `message`: the tests of the last resort (a Rust panic reaches Python as
/// `eig.InternalError`, an ordinary exception) call it. Not part of the API.
#[pyfunction]
fn _panic(message: &str) -> PyResult<()> {
    panic!("{message}")
}

/// Runs the `eig` command line, the Rust one, on `args` (without the program's name) and
/// returns its exit status: what the package's `eig` command does (its `main` lets Ctrl-C end
/// the process, as it ends the Rust command). It prints to the process's standard output and
/// error, off the interpreter. As the command does, it ends the process with status 2 when
/// standard output cannot be written.
#[pyfunction]
fn run_cli(py: Python<'_>, args: Vec<std::ffi::OsString>) -> PyResult<u8> {
    let argv = std::iter::once(std::ffi::OsString::from("eig")).chain(args);
    py.detach(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| eig_cli::run(argv).code()))
    })
    .map_err(|_| {
        pyo3::exceptions::PyRuntimeError::new_err("internal error in eig: the command panicked")
    })
}

#[pymodule]
fn _eig(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_class::<PyViolation>()?;
    m.add_class::<PyReport>()?;
    m.add_class::<PyFixed>()?;
    m.add_class::<PyRulebook>()?;
    m.add_class::<PySubmission>()?;
    m.add("ValidationError", m.py().get_type::<ValidationError>())?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(fix, m)?)?;
    m.add_function(wrap_pyfunction!(validate_many, m)?)?;
    m.add_function(wrap_pyfunction!(load_submission, m)?)?;
    m.add_function(wrap_pyfunction!(rulebooks, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(template, m)?)?;
    m.add_function(wrap_pyfunction!(template_text, m)?)?;
    m.add_function(wrap_pyfunction!(field_guide, m)?)?;
    m.add_function(wrap_pyfunction!(to_json, m)?)?;
    m.add_function(wrap_pyfunction!(_panic, m)?)?;
    assignment::register(m)?;
    stable::register(m)?;
    scoring::register(m)?;
    dataset::register(m)?;
    teams::register(m)?;
    jury::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
