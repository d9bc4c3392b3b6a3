//! Team formation and mentor matching: `form_teams`, `compare_policies`, `match_mentors`.

use crate::PyRulebook;
use crate::convert::to_py;
use crate::dataset::PyTable;
use crate::scoring::{load, load_with};
use crate::{builtin_rulebook, validation_error};
use eig::diagnostics::InvalidDocument;
use eig::model::{Follower, MentorMatching, MentoredTeam, TeamFormation};
use eig::placement::mentors::{MentorResult, match_mentors_with};
use eig::placement::teams::{self, Policy, TeamResult, comparison_table, form_teams as core_form};
use eig::validate::{Checked, RulebookChoice};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

fn refused(py: Python<'_>, what: &str, e: &InvalidDocument) -> PyErr {
    validation_error(py, what, &e.report)
}

fn policy_of(name: &str) -> PyResult<Policy> {
    name.parse()
        .map_err(|e: eig::diagnostics::ParseEnumError| PyValueError::new_err(e.to_string()))
}

/// The input checked with the rulebook given, or the built-in one of its promotion: the one
/// rulebook every check and the solver use.
fn checked_input(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
) -> PyResult<Checked<TeamFormation>> {
    let choice = RulebookChoice::from(rulebook.map(|rb| rb.inner.clone()));
    let input = load_with(
        py,
        "team formation input",
        doc,
        |b| teams::load(b, &choice),
        |v| teams::load_value(v, &choice),
    )?;
    if input.context().rulebook().is_none() {
        builtin_rulebook(input.promotion.as_str())?;
    }
    Ok(input)
}

/// The teams one policy formed: where each candidate is placed and why not higher, each
/// défi's seats, the blocking pairs and the figures.
#[pyclass(name = "Teams", module = "eig", frozen)]
pub(crate) struct PyTeams(TeamResult);

#[pymethods]
impl PyTeams {
    /// `"stable"` or `"optimal"`.
    #[getter]
    fn policy(&self) -> &'static str {
        self.0.policy.as_str()
    }
    /// The figures: placed, first-choice rate, empty seats, total score, welfare, blocking
    /// pairs, teams below the minimum size.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::field(py, &self.0.summary)
    }
    /// With a previous placement in the input: who withdrew, who moved (from which défi to
    /// which), who was given a seat left free, as dicts (`id`, `kind`, `from`, `to`, `reason`);
    /// empty without one.
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::field(py, &self.0.changes)
    }
    /// How many candidates were moved off the défi they had (the fewest there can be).
    #[getter]
    fn moved(&self) -> usize {
        self.0.moved()
    }
    /// Candidate–défi pairs who would both rather be together.
    #[getter]
    fn blocking_pairs(&self) -> Vec<(String, String)> {
        self.0
            .blocking_pairs
            .iter()
            .map(|b| (b.candidate.clone(), b.challenge.clone()))
            .collect()
    }
    /// One row per candidate.
    #[getter]
    fn placements(&self) -> PyTable {
        PyTable::from(self.0.placements_table())
    }
    /// One row per seat group.
    #[getter]
    fn teams(&self) -> PyTable {
        PyTable::from(self.0.teams_table())
    }
    /// One dict per candidate (the `placements` table), for pandas or polars.
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let t = self.0.placements_table();
        crate::convert::table_records(py, &t.columns, t.rows)
    }
    /// Why a candidate is where they are, as text (`lang` `"fr"` or `"en"`).
    #[pyo3(signature = (candidate, lang="fr"))]
    fn explain(&self, candidate: &str, lang: &str) -> PyResult<String> {
        self.0
            .notice(candidate, crate::convert::lang(lang)?)
            .ok_or_else(|| unknown_candidate(candidate))
    }
    /// The same as an HTML fragment.
    #[pyo3(signature = (candidate, lang="fr"))]
    fn explain_html(&self, candidate: &str, lang: &str) -> PyResult<String> {
        self.0
            .notice_html(candidate, crate::convert::lang(lang)?)
            .ok_or_else(|| unknown_candidate(candidate))
    }
    /// The same as a dict: placement, rank, score, cut-off and every choice's outcome.
    fn explanation<'py>(&self, py: Python<'py>, candidate: &str) -> PyResult<Bound<'py, PyAny>> {
        let p = self
            .0
            .placement(candidate)
            .ok_or_else(|| unknown_candidate(candidate))?;
        crate::field(py, p)
    }
    /// The whole result as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::field(py, &self.0)
    }
    fn __len__(&self) -> usize {
        self.0.placements.len()
    }
    fn __repr__(&self) -> String {
        let s = &self.0.summary;
        format!(
            "<Teams policy={} placed={}/{} blocking_pairs={}>",
            self.0.policy.as_str(),
            s.placed,
            s.candidates,
            s.blocking_pairs
        )
    }
    fn _repr_html_(&self) -> String {
        comparison_table(&[&self.0]).to_html(1) + &self.0.teams_table().to_html(30)
    }
    /// The teams as the `eig match teams` command prints them: one line per défi (at most
    /// `max_teams`) with each seat's members and shortfall, then the summary, in `lang`.
    #[pyo3(signature = (lang="fr", max_teams=None))]
    fn to_text(&self, lang: &str, max_teams: Option<usize>) -> PyResult<String> {
        Ok(self
            .0
            .to_text(crate::convert::lang(lang)?, max_teams.unwrap_or(usize::MAX)))
    }
}

fn unknown_candidate(candidate: &str) -> PyErr {
    PyValueError::new_err(format!("{candidate:?} is not a candidate of this input"))
}

/// Puts the selected candidates on the seats of the selected défis with one policy:
/// `"stable"` (deferred acceptance: no blocking pair, strategy-proof for candidates) or
/// `"optimal"` (the documented welfare, by min-cost flow). `doc` is a `team-formation`
/// document (str or bytes of JSON, dict, or pathlib.Path); the rulebook is `rulebook`, or the
/// built-in one of the document's promotion. Bad input raises `ValidationError` with every
/// violation.
#[pyfunction]
#[pyo3(signature = (doc, policy="stable", rulebook=None))]
pub(crate) fn form_teams(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    policy: &str,
    rulebook: Option<PyRef<'_, PyRulebook>>,
) -> PyResult<PyTeams> {
    let policy = policy_of(policy)?;
    let input = checked_input(py, doc, rulebook)?;
    crate::interruptible(py, || core_form(&input, policy))?
        .map(PyTeams)
        .map_err(|e| refused(py, "the teams cannot be formed", &e))
}

/// Both policies on the same input, side by side: a `Table` with one row per policy
/// (first-choice rate, placed, empty seats, total score, welfare, blocking pairs, teams below
/// the minimum size), ready for `pandas.DataFrame(table.to_records())`.
#[pyfunction]
#[pyo3(signature = (doc, rulebook=None))]
pub(crate) fn compare_policies(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
) -> PyResult<PyTable> {
    let input = checked_input(py, doc, rulebook)?;
    let (stable, optimal) = py
        .detach(|| teams::compare(&input))
        .map_err(|e| refused(py, "the teams cannot be formed", &e))?;
    Ok(PyTable::from(comparison_table(&[&stable, &optimal])))
}

/// Référents and buddies on every team, each pair explained.
#[pyclass(name = "Mentors", module = "eig", frozen)]
pub(crate) struct PyMentors(MentorResult);

#[pymethods]
impl PyMentors {
    /// One row per pair.
    #[getter]
    fn pairs(&self) -> PyTable {
        PyTable::from(self.0.table())
    }
    /// One dict per pair, for pandas or polars.
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let t = self.0.table();
        crate::convert::table_records(py, &t.columns, t.rows)
    }
    /// With previous pairs in the input: per follower whose teams differ, the teams they had
    /// and have, and why (`withdrew`, `moved`, `added`), as dicts; empty without.
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::field(py, &self.0.changes)
    }
    /// The pairs announced that the new matching drops (the fewest there can be).
    #[getter]
    fn moved(&self) -> u32 {
        self.0.moved
    }
    /// The sum of the affinities.
    #[getter]
    fn total_affinity(&self) -> f64 {
        self.0.total_affinity
    }
    /// Teams left without a buddy.
    #[getter]
    fn without_buddy(&self) -> Vec<String> {
        self.0.without_buddy.clone()
    }
    /// Why a team has its référents and buddies (affinity parts, loads, conflicts).
    #[pyo3(signature = (team, lang="fr"))]
    fn explain(&self, team: &str, lang: &str) -> PyResult<String> {
        self.0
            .notice(team, crate::convert::lang(lang)?)
            .ok_or_else(|| PyValueError::new_err(format!("{team:?} is not a team of this input")))
    }
    /// The whole result as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::field(py, &self.0)
    }
    fn __len__(&self) -> usize {
        self.0.pairs.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Mentors pairs={} total_affinity={:.2}>",
            self.0.pairs.len(),
            self.0.total_affinity
        )
    }
    fn _repr_html_(&self) -> String {
        self.0.table().to_html(50)
    }
    /// The pairs as the `eig match mentors` command prints them, in `lang` (`"fr"` or
    /// `"en"`): an aligned table (team, followed by, role, affinity, load, bound by,
    /// conflicts).
    #[pyo3(signature = (lang="fr"))]
    fn to_text(&self, lang: &str) -> PyResult<String> {
        Ok(self.0.to_text(crate::convert::lang(lang)?))
    }
}

/// Gives every team of a `mentor-matching` document its référents (and buddies), within
/// their loads and without conflicts of interest, by min-cost flow. `affinity`, when given,
/// replaces the documented affinity: a callable `(team: dict, follower: dict) -> float`
/// (higher is better); an exception in it, or a value that is not finite or is past ±1e12,
/// raises `ValidationError` with an `affinity_failed` violation naming the pair. Infeasible
/// loads raise `ValidationError` with a `matching_infeasible` violation naming the teams and
/// followers that bind.
#[pyfunction]
#[pyo3(signature = (doc, affinity=None))]
pub(crate) fn match_mentors(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    affinity: Option<Bound<'_, PyAny>>,
) -> PyResult<PyMentors> {
    let input = load::<MentorMatching>(py, "mentor matching input", doc)?;
    let result = match affinity {
        None => crate::interruptible(py, || match_mentors_with(&input, None))?,
        Some(f) => {
            // A `KeyboardInterrupt` or `SystemExit` in the affinity stops the matching and is
            // raised as it is.
            let interrupt = crate::Interrupt::default();
            let call = |team: &MentoredTeam, follower: &Follower| -> Result<f64, String> {
                if interrupt.is_set() {
                    return Err("interrupted".to_owned());
                }
                let as_py = |v: &serde_json::Value| to_py(py, v).map_err(|e| e.to_string());
                let t = as_py(&serde_json::to_value(team).map_err(|e| e.to_string())?)?;
                let fo = as_py(&serde_json::to_value(follower).map_err(|e| e.to_string())?)?;
                f.call1((t, fo))
                    .and_then(|v| v.extract::<f64>())
                    .map_err(|e| {
                        let why = e.to_string();
                        let _ordinary = interrupt.keep(py, e);
                        why
                    })
            };
            interrupt.or(match_mentors_with(&input, Some(&call)))?
        }
    };
    result
        .map(PyMentors)
        .map_err(|e| refused(py, "the référents cannot be matched", &e))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTeams>()?;
    m.add_class::<PyMentors>()?;
    m.add_function(wrap_pyfunction!(form_teams, m)?)?;
    m.add_function(wrap_pyfunction!(compare_policies, m)?)?;
    m.add_function(wrap_pyfunction!(match_mentors, m)?)?;
    Ok(())
}
