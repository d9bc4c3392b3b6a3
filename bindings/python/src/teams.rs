//! Team formation and mentor matching: `form_teams`, `compare_policies`, `match_mentors`.

use crate::PyRulebook;
use crate::convert::to_py;
use crate::dataset::PyTable;
use crate::scoring::{lang, load};
use crate::{builtin_rulebook, validation_error};
use eig::matching::mentors::{MentorResult, match_mentors_with};
use eig::matching::teams::{Policy, TeamResult, comparison_table, form_teams as core_form};
use eig::model::{Follower, MentorMatching, MentoredTeam, TeamFormation};
use eig::rules::Violation;
use eig::validate::Report;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

fn refused(py: Python<'_>, what: &str, vs: Vec<Violation>) -> PyErr {
    validation_error(py, what, &Report::new(vs))
}

fn policy_of(name: &str) -> PyResult<Policy> {
    match name {
        "stable" => Ok(Policy::Stable),
        "optimal" => Ok(Policy::Optimal),
        other => Err(PyValueError::new_err(format!(
            "policy must be \"stable\" or \"optimal\", not {other:?}"
        ))),
    }
}

fn input_and_rulebook(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
) -> PyResult<(TeamFormation, eig::Rulebook)> {
    let input: TeamFormation = load(py, "team formation input", doc)?;
    let rb = match rulebook {
        Some(rb) => rb.inner.clone(),
        None => builtin_rulebook(input.promotion.as_str())?,
    };
    Ok((input, rb))
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
        crate::dataset::table_records(py, &t.columns, t.rows)
    }
    /// Why a candidate is where they are, as text (`lang` `"fr"` or `"en"`).
    #[pyo3(signature = (candidate, lang="fr"))]
    fn explain(&self, candidate: &str, lang: &str) -> PyResult<String> {
        self.0
            .notice(candidate, self::lang(lang)?)
            .ok_or_else(|| unknown_candidate(candidate))
    }
    /// The same as an HTML fragment.
    #[pyo3(signature = (candidate, lang="fr"))]
    fn explain_html(&self, candidate: &str, lang: &str) -> PyResult<String> {
        self.0
            .notice_html(candidate, self::lang(lang)?)
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
    let (input, rb) = input_and_rulebook(py, doc, rulebook)?;
    py.detach(|| core_form(&input, &rb, policy))
        .map(PyTeams)
        .map_err(|vs| refused(py, "the teams cannot be formed", vs))
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
    let (input, rb) = input_and_rulebook(py, doc, rulebook)?;
    let (stable, optimal) = py
        .detach(|| eig::matching::teams::compare(&input, &rb))
        .map_err(|vs| refused(py, "the teams cannot be formed", vs))?;
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
        crate::dataset::table_records(py, &t.columns, t.rows)
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
            .notice(team, self::lang(lang)?)
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
}

/// Gives every team of a `mentor-matching` document its référents (and buddies), within
/// their loads and without conflicts of interest, by min-cost flow. `affinity`, when given,
/// replaces the documented affinity: a callable `(team: dict, follower: dict) -> float`
/// (higher is better); an exception in it, or a value that is not finite, raises
/// `ValidationError` naming the pair. Infeasible loads raise `ValidationError` with a
/// `matching_infeasible` violation naming the teams and followers that bind.
#[pyfunction]
#[pyo3(signature = (doc, affinity=None))]
pub(crate) fn match_mentors(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    affinity: Option<Bound<'_, PyAny>>,
) -> PyResult<PyMentors> {
    let input: MentorMatching = load(py, "mentor matching input", doc)?;
    let result = match affinity {
        None => py.detach(|| match_mentors_with(&input, None)),
        Some(f) => {
            let call = |team: &MentoredTeam, follower: &Follower| -> Result<f64, String> {
                let as_py = |v: &serde_json::Value| to_py(py, v).map_err(|e| e.to_string());
                let t = as_py(&serde_json::to_value(team).map_err(|e| e.to_string())?)?;
                let fo = as_py(&serde_json::to_value(follower).map_err(|e| e.to_string())?)?;
                f.call1((t, fo))
                    .and_then(|v| v.extract::<f64>())
                    .map_err(|e| e.to_string())
            };
            match_mentors_with(&input, Some(&call))
        }
    };
    result
        .map(PyMentors)
        .map_err(|vs| refused(py, "the référents cannot be matched", vs))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTeams>()?;
    m.add_class::<PyMentors>()?;
    m.add_function(wrap_pyfunction!(form_teams, m)?)?;
    m.add_function(wrap_pyfunction!(compare_policies, m)?)?;
    m.add_function(wrap_pyfunction!(match_mentors, m)?)?;
    Ok(())
}
