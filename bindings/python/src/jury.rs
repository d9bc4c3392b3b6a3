//! Juries: `plan_jury`, `generate_jury_plan`, `krippendorff_alpha` and `agreement`.

use crate::dataset::PyTable;
use crate::scoring::{load, load_with};
use crate::{field, validation_error};
use eig::model::{JuryPlan, ScoreSheets};
use eig::placement::jury::{self, PlanOptions, PlannedJury, check_plan, plan_jury as core_plan};
use eig::scoring::{Measurement, krippendorff_alpha as core_alpha};
use eig::validate::{Checked, RulebookChoice};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// A jury plan: the panels (slot, room, jurors, référent, items), every juror's and item's
/// placement with its reasons, the objective and whether it is proven optimal.
#[pyclass(name = "JuryPlan", module = "eig", frozen)]
pub(crate) struct PyJuryPlan {
    input: Checked<JuryPlan>,
    result: PlannedJury,
}

#[pymethods]
impl PyJuryPlan {
    /// The panels, each a dict with `id`, `slot`, `day`, `half_day`, `room`, `jurors`,
    /// `referent`, `items` and `hearings`.
    #[getter]
    fn panels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.result.panels)
    }
    /// One row per hearing: `panel`, `slot`, `day`, `half_day`, `room`, `start`, `minutes`,
    /// `item`, `referent`, `jurors` (`.to_pandas()`, `.to_polars()`, `.to_arrow()`).
    #[getter]
    fn timetable(&self) -> PyTable {
        PyTable::from(self.result.timetable())
    }
    /// One row per juror and panel: `juror`, `panel`, `slot`, `referent`.
    #[getter]
    fn seats(&self) -> PyTable {
        PyTable::from(self.result.seats())
    }
    /// The objective and its parts: `total`, `relevant_seats`, `same_organisation`,
    /// `extra_sittings`.
    #[getter]
    fn objective<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.result.objective)
    }
    /// Whether the plan is proven optimal, the proven bound, the gap, the nodes searched and
    /// the programme's size.
    #[getter]
    fn proof<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.result.proof)
    }
    /// With a previous plan in the input: who moved, from which slots to which, and why
    /// (`withdrew` or `moved`), as dicts; empty without one.
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.result.changes)
    }
    /// True when no plan has a better objective.
    #[getter]
    fn optimal(&self) -> bool {
        self.result.proof.optimal
    }
    /// Why a juror sits where they sit, or where an item is heard and who may not hear it.
    #[pyo3(signature = (who, lang="fr"))]
    fn explain(&self, who: &str, lang: &str) -> PyResult<String> {
        let lang = crate::convert::lang(lang)?;
        self.result
            .explain_juror(who, lang)
            .or_else(|| self.result.explain_item(who, lang))
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "{who:?} is neither a juror nor an item of this plan"
                ))
            })
    }
    /// The rules the plan breaks, checked again independently of the planner (empty when it
    /// keeps them all).
    fn check(&self) -> Vec<String> {
        check_plan(&self.input, &self.result)
    }
    /// The whole plan as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.result)
    }
    /// The timetable as `eig jury plan` prints it, in `lang`.
    #[pyo3(signature = (lang="fr"))]
    fn to_text(&self, lang: &str) -> PyResult<String> {
        Ok(self
            .result
            .to_text(&self.input, crate::convert::lang(lang)?))
    }
    /// The timetable as an HTML table.
    #[pyo3(signature = (lang="fr"))]
    fn to_html(&self, lang: &str) -> PyResult<String> {
        Ok(self
            .result
            .to_html(&self.input, crate::convert::lang(lang)?))
    }
    fn _repr_html_(&self) -> String {
        self.result.to_html(&self.input, eig::diagnostics::Lang::Fr)
    }
    fn __len__(&self) -> usize {
        self.result.panels.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "<JuryPlan panels={} objective={} optimal={}>",
            self.result.panels.len(),
            self.result.objective.total,
            self.result.proof.optimal
        )
    }
}

/// Places the jurors of a `jury-plan` document in panels, rooms and half-days: every item
/// heard by one panel with one référent, under availability, loads, conflicts of interest,
/// the profiles to cover and the spread of organisations; optimal for the documented
/// objective, or stopped by `time_limit` (seconds) with its proven gap. No plan raises
/// `ValidationError` with a `plan_infeasible` violation naming the rule that binds and a
/// change that makes a plan possible, checked by planning again. With a `rulebook`, its
/// `jury-plan` rules check the input and its `juror-item` rules name more conflicts of
/// interest (each pair where one is false).
#[pyfunction]
#[pyo3(signature = (doc, time_limit=10.0, rulebook=None))]
pub(crate) fn plan_jury(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    time_limit: f64,
    rulebook: Option<PyRef<'_, crate::PyRulebook>>,
) -> PyResult<PyJuryPlan> {
    let options = PlanOptions::from_seconds(time_limit)
        .map_err(|e| PyValueError::new_err(format!("time_limit: {e}")))?;
    let choice = RulebookChoice::from(rulebook.map(|rb| rb.inner.clone()));
    let input = load_with(
        py,
        "jury plan input",
        doc,
        |b| jury::load(b, &choice),
        |v| jury::load_value(v, &choice),
    )?;
    let result = crate::interruptible(py, || core_plan(&input, options))?
        .map_err(|e| validation_error(py, "no jury plan keeps every rule", &e.report))?;
    Ok(PyJuryPlan { input, result })
}

/// A seeded synthetic `jury-plan` document shaped as the EIG 4 défi jury was run (50 jurors,
/// 21 défis, 2 days with 2 rooms in parallel by default): no real person in it.
#[pyfunction]
#[pyo3(signature = (seed=2020, jurors=50, items=21, days=2, rooms=2))]
pub(crate) fn generate_jury_plan<'py>(
    py: Python<'py>,
    seed: u64,
    jurors: usize,
    items: usize,
    days: usize,
    rooms: usize,
) -> PyResult<Bound<'py, PyAny>> {
    if !(1..=2000).contains(&jurors)
        || !(1..=1000).contains(&items)
        || !(1..=100).contains(&days)
        || !(1..=26).contains(&rooms)
    {
        return Err(PyValueError::new_err(
            "jurors 1 to 2000, items 1 to 1000, days 1 to 100, rooms 1 to 26",
        ));
    }
    let plan = eig::synthetic::jury_plan(&eig::synthetic::JuryPlanOptions {
        seed,
        jurors,
        items,
        days,
        rooms,
    });
    field(py, &plan)
}

/// One value of the reliability data: None or NaN is missing.
fn value(v: &Bound<'_, PyAny>) -> PyResult<Option<f64>> {
    if v.is_none() {
        return Ok(None);
    }
    let x: f64 = v.extract().map_err(|_| {
        PyValueError::new_err(format!(
            "the reliability data holds numbers (NaN or None for missing), not {}",
            v.get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string())
        ))
    })?;
    Ok((!x.is_nan()).then_some(x))
}

/// Krippendorff's alpha of `reliability_data`, raters as rows and units as columns, NaN (or
/// None) where a rater gave no value: the `krippendorff` package's own argument shape and
/// results. `level_of_measurement` is `"nominal"`, `"ordinal"`, `"interval"` or `"ratio"`;
/// `value_domain`, the ordered possible values (the data's own by default).
#[pyfunction]
#[pyo3(signature = (reliability_data, level_of_measurement="interval", value_domain=None))]
pub(crate) fn krippendorff_alpha(
    reliability_data: &Bound<'_, PyAny>,
    level_of_measurement: &str,
    value_domain: Option<Vec<f64>>,
) -> PyResult<f64> {
    let level: Measurement = level_of_measurement
        .parse()
        .map_err(|e: eig::scoring::AgreementError| PyValueError::new_err(e.to_string()))?;
    let mut data = Vec::new();
    for row in reliability_data.try_iter()? {
        let row = row?;
        let mut values = Vec::new();
        for v in row.try_iter()? {
            values.push(value(&v?)?);
        }
        data.push(values);
    }
    core_alpha(&data, level, value_domain.as_deref())
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The agreement of a stage's jurors from its `score-sheets` document: alpha per criterion
/// (jurors as raters, items as units) at `level_of_measurement`, and the items whose scores on
/// a criterion spread past `spread` (highest − lowest), for a second reading.
#[pyfunction]
#[pyo3(signature = (sheets, level_of_measurement="interval", spread=3.0))]
pub(crate) fn agreement<'py>(
    py: Python<'py>,
    sheets: &Bound<'py, PyAny>,
    level_of_measurement: &str,
    spread: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let level: Measurement = level_of_measurement
        .parse()
        .map_err(|e: eig::scoring::AgreementError| PyValueError::new_err(e.to_string()))?;
    let sheets = load::<ScoreSheets>(py, "score sheets", sheets)?;
    let result = eig::scoring::agreement(&sheets, level, spread)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    field(py, &result)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyJuryPlan>()?;
    m.add_function(wrap_pyfunction!(plan_jury, m)?)?;
    m.add_function(wrap_pyfunction!(generate_jury_plan, m)?)?;
    m.add_function(wrap_pyfunction!(krippendorff_alpha, m)?)?;
    m.add_function(wrap_pyfunction!(agreement, m)?)?;
    Ok(())
}
