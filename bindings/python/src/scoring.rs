//! Jury scoring for Python: documents in, a `Ranking` out; calibration and aggregation over
//! numpy columns; the seeded generator.

use crate::convert::{Doc, extract_doc};
use crate::{PyRulebook, field, validation_error, violation_list};
use eig::diagnostics::InvalidDocument;
use eig::diagnostics::Lang;
use eig::model::{
    Aggregation, AggregationMethod, CalibrationMethod, Jury, ScoreSheets, ScoringGrid,
};
use eig::scoring::{self as core, Ranking, ScoreColumns};
use eig::validate::{Checked, Document, RulebookChoice, load_document, load_document_value};
use numpy::{IntoPyArray, PyReadonlyArray1};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// Loads a document of any kind from a Python value, or raises `ValidationError`.
pub(crate) fn load<T: Document<Context = ()>>(
    py: Python<'_>,
    what: &str,
    obj: &Bound<'_, PyAny>,
) -> PyResult<Checked<T>> {
    load_with(py, what, obj, load_document::<T>, load_document_value::<T>)
}

/// Loads a document with the core's loaders for bytes and for values, or raises
/// `ValidationError`.
pub(crate) fn load_with<T: Document>(
    py: Python<'_>,
    what: &str,
    obj: &Bound<'_, PyAny>,
    bytes: impl FnOnce(&[u8]) -> Result<Checked<T>, InvalidDocument>,
    value: impl FnOnce(&serde_json::Value) -> Result<Checked<T>, InvalidDocument>,
) -> PyResult<Checked<T>> {
    let parsed = match extract_doc(obj)? {
        Doc::Bytes(b) => bytes(&b),
        Doc::Value(v) => value(&v),
        Doc::Refused(v) => Err(InvalidDocument::from(v)),
    };
    parsed.map_err(|e| validation_error(py, &format!("invalid {what}"), &e.report))
}

/// The result of one selection stage: each item's rank, outcome and explanation.
#[pyclass(name = "Ranking", module = "eig", frozen)]
pub(crate) struct PyRanking(Ranking, Lang);

/// Rows a notebook shows of a ranking: the first and the last, the count of the others.
const HTML_ROWS: usize = 20;

fn records<'py>(py: Python<'py>, r: &Ranking, lang: Lang) -> PyResult<Bound<'py, PyList>> {
    crate::convert::table_records(py, &r.columns(), r.rows(lang))
}

#[pymethods]
impl PyRanking {
    /// The stage's id.
    #[getter]
    fn stage(&self) -> &str {
        &self.0.stage.id
    }
    /// How many items were selected.
    #[getter]
    fn selected(&self) -> u32 {
        self.0.selected
    }
    /// The lowest selected final score.
    #[getter]
    fn cutoff_score(&self) -> Option<f64> {
        self.0.cutoff_score
    }
    /// Warnings: items with too few jurors, jurors left raw, a disconnected graph, quotas.
    #[getter]
    fn violations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        violation_list(py, &self.0.violations)
    }
    /// Each juror's calibration: bias, scale, number of scores, connected group.
    #[getter]
    fn jurors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.0.jurors)
    }
    /// The item ids in rank order (then eliminated and unranked ones).
    #[getter]
    fn items(&self) -> Vec<String> {
        self.0.items.iter().map(|i| i.item.clone()).collect()
    }
    /// One flat dict per item, ready for `pandas.DataFrame(ranking.to_records())`: rank, item,
    /// scores, raw rank, outcome, reason, and one `criterion_<id>` column per criterion.
    #[pyo3(signature = (lang="fr"))]
    fn to_records<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyList>> {
        records(py, &self.0, crate::convert::lang(lang)?)
    }
    /// The decision notice of one item as text.
    #[pyo3(signature = (item, lang="fr"))]
    fn explain(&self, item: &str, lang: &str) -> PyResult<String> {
        self.0
            .explain(item, crate::convert::lang(lang)?)
            .ok_or_else(|| PyValueError::new_err(format!("no item {item:?} in this ranking")))
    }
    /// The decision notice of one item as an HTML fragment.
    #[pyo3(signature = (item, lang="fr"))]
    fn explain_html(&self, item: &str, lang: &str) -> PyResult<String> {
        self.0
            .explain_html(item, crate::convert::lang(lang)?)
            .ok_or_else(|| PyValueError::new_err(format!("no item {item:?} in this ranking")))
    }
    /// Everything known about one item (the JSON form of its explanation), as a dict.
    fn explanation<'py>(&self, py: Python<'py>, item: &str) -> PyResult<Bound<'py, PyAny>> {
        let found = self
            .0
            .item(item)
            .ok_or_else(|| PyValueError::new_err(format!("no item {item:?} in this ranking")))?;
        field(py, found)
    }
    /// The whole ranking as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        field(py, &self.0)
    }
    /// The whole ranking as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.0).map_err(|e| PyValueError::new_err(e.to_string()))
    }
    fn __len__(&self) -> usize {
        self.0.items.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "<Ranking stage={:?} items={} selected={}>",
            self.0.stage.id,
            self.0.items.len(),
            self.0.selected
        )
    }
    /// The language of the notebook view (`score(lang=...)`).
    #[getter]
    fn lang(&self) -> &'static str {
        self.1.as_str()
    }
    /// The first and last rows, with how many are left out (`to_records()` has them all), in
    /// the ranking's language.
    fn _repr_html_(&self) -> String {
        self.0.to_html(self.1, HTML_ROWS)
    }
    /// Every row as HTML, in `lang`.
    #[pyo3(signature = (lang=None, max_rows=None))]
    fn to_html(&self, lang: Option<&str>, max_rows: Option<usize>) -> PyResult<String> {
        let lang = lang.map_or(Ok(self.1), crate::convert::lang)?;
        Ok(self.0.to_html(lang, max_rows.unwrap_or(usize::MAX)))
    }
    /// The ranking as the `eig score` command prints it: an aligned table of text (rank,
    /// item, score, raw rank, outcome, reason; at most `max_rows` rows), then the figures
    /// the programme published for the stage beside this run's, in `lang`.
    #[pyo3(signature = (lang=None, max_rows=None))]
    fn to_text(&self, lang: Option<&str>, max_rows: Option<usize>) -> PyResult<String> {
        let lang = lang.map_or(Ok(self.1), crate::convert::lang)?;
        Ok(self.0.to_text(lang, max_rows.unwrap_or(usize::MAX)))
    }
}

/// Ranks one selection stage and explains every outcome.
///
/// `grid`, `jury` and `scores` are documents (str or bytes of JSON, dict, or pathlib.Path);
/// `grid=None` takes the grid of that id the rulebook gives (EIG 7's). The stage is `stage`
/// (default: the one the score sheets name) of `rulebook` (a `Rulebook`), or of the built-in
/// rulebook of `promotion` (default: the sheets' promotion). `hired_before`: how many people
/// earlier sprints recruited, for a rulebook whose `hiring_cap` names this stage (only the
/// places left are selected; the others get the reason `hiring_cap`). An invalid document, a
/// conflicted score or an unknown reference raises `ValidationError` with every violation.
#[pyfunction]
#[pyo3(signature = (grid, jury, scores, stage=None, rulebook=None, promotion=None, lang="fr", hired_before=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn score(
    py: Python<'_>,
    grid: Option<&Bound<'_, PyAny>>,
    jury: &Bound<'_, PyAny>,
    scores: &Bound<'_, PyAny>,
    stage: Option<&str>,
    rulebook: Option<PyRef<'_, PyRulebook>>,
    promotion: Option<&str>,
    lang: &str,
    hired_before: Option<u32>,
) -> PyResult<PyRanking> {
    let lang = crate::convert::lang(lang)?;
    // A grid given is checked first, as the jury and the sheets are, before the rulebook.
    let given_grid = match grid.filter(|g| !g.is_none()) {
        Some(g) => Some(load::<ScoringGrid>(py, "scoring grid", g)?),
        None => None,
    };
    let jury = load::<Jury>(py, "jury", jury)?;
    let sheets = load::<ScoreSheets>(py, "score sheets", scores)?;
    let choice = RulebookChoice::from_options(promotion, rulebook.map(|rb| rb.inner.clone()))
        .map_err(PyValueError::new_err)?;
    let rb = choice
        .compiled(sheets.promotion.as_str())
        .map_err(|v| PyValueError::new_err(v.message_en))?;
    let ranking = py.detach(|| {
        core::rank_stage(
            &rb,
            stage,
            given_grid.as_ref(),
            &jury,
            &sheets,
            hired_before,
        )
    });
    match ranking {
        Ok(ranking) => Ok(PyRanking(ranking, lang)),
        Err(core::StageError::NoGrid(e)) => Err(PyValueError::new_err(format!("{e} as grid"))),
        Err(core::StageError::NoCap(e)) => Err(PyValueError::new_err(format!("hired_before: {e}"))),
        Err(core::StageError::Refused(e)) => Err(validation_error(
            py,
            "the scores cannot be ranked",
            &e.report,
        )),
        Err(e) => Err(PyValueError::new_err(e.to_string())),
    }
}

/// `a` as a one-dimensional numpy array (a list, a pandas Series, any array), with the kind
/// of its dtype (`i`, `u`, `f`, `b`...).
fn one_dimensional<'py>(name: &str, a: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyAny>, char)> {
    let np = a.py().import("numpy")?;
    let arr = np.call_method1("asarray", (a,)).map_err(|e| {
        PyTypeError::new_err(format!("{name} must be a one-dimensional array: {e}"))
    })?;
    let ndim: usize = arr.getattr("ndim")?.extract()?;
    if ndim != 1 {
        return Err(PyValueError::new_err(format!(
            "{name} must be a one-dimensional array, not {ndim}-dimensional"
        )));
    }
    let kind: char = arr.getattr("dtype")?.getattr("kind")?.extract()?;
    Ok((arr, kind))
}

/// A column of indices from 0 as read from Python: int64 or uint64, contiguous.
enum IndexColumn<'py> {
    Signed(PyReadonlyArray1<'py, i64>),
    Unsigned(PyReadonlyArray1<'py, u64>),
}

/// A column of indices from 0: any integer array (int8 to uint64, contiguous or not, a list,
/// a pandas Series), read in place when it is contiguous int64.
fn index_column<'py>(name: &str, a: &Bound<'py, PyAny>) -> PyResult<IndexColumn<'py>> {
    if let Ok(arr) = a.extract::<PyReadonlyArray1<'py, i64>>()
        && arr.as_slice().is_ok()
    {
        return Ok(IndexColumn::Signed(arr));
    }
    let (arr, kind) = one_dimensional(name, a)?;
    let np = a.py().import("numpy")?;
    match kind {
        'i' => Ok(IndexColumn::Signed(
            np.call_method1("ascontiguousarray", (arr, "int64"))?
                .extract()?,
        )),
        'u' => Ok(IndexColumn::Unsigned(
            np.call_method1("ascontiguousarray", (arr, "uint64"))?
                .extract()?,
        )),
        _ => {
            let dtype = arr.getattr("dtype")?.str()?;
            Err(PyTypeError::new_err(format!(
                "{name} must hold integer indices from 0, not {dtype} values"
            )))
        }
    }
}

/// The values of an [`IndexColumn`], which any thread may read.
#[derive(Clone, Copy)]
enum IndexSlice<'a> {
    Signed(&'a [i64]),
    Unsigned(&'a [u64]),
}

impl IndexColumn<'_> {
    fn values(&self) -> PyResult<IndexSlice<'_>> {
        let e = |e: numpy::AsSliceError| PyValueError::new_err(e.to_string());
        Ok(match self {
            IndexColumn::Signed(a) => IndexSlice::Signed(a.as_slice().map_err(e)?),
            IndexColumn::Unsigned(a) => IndexSlice::Unsigned(a.as_slice().map_err(e)?),
        })
    }
}

fn value_count(column: IndexSlice<'_>) -> usize {
    match column {
        IndexSlice::Signed(a) => a.len(),
        IndexSlice::Unsigned(a) => a.len(),
    }
}

/// The indices of a column as u32, each checked, and one more than the largest; an index out
/// of range is named with its row. Needs no Python: it runs on any thread.
fn checked_indices(name: &str, column: IndexSlice<'_>) -> Result<(Vec<u32>, usize), String> {
    /// Converts in one branch-free pass (it vectorises), OR-ing the high halves (a negative
    /// value, cast, has some); only when one is out of range is the first such value looked
    /// for, to be named.
    fn checked<T: Copy + std::fmt::Display>(
        name: &str,
        values: &[T],
        wide: impl Fn(T) -> u64,
    ) -> Result<(Vec<u32>, usize), String> {
        let mut out = Vec::with_capacity(values.len());
        let mut high = 0u64;
        out.extend(values.iter().map(|&x| {
            let w = wide(x);
            high |= w >> 32;
            w as u32
        }));
        if high == 0 {
            let n = out.iter().copied().max().map_or(0, |m| m as usize + 1);
            return Ok((out, n));
        }
        let (k, x) = values
            .iter()
            .enumerate()
            .find(|(_, x)| wide(**x) > u64::from(u32::MAX))
            .map_or((0, String::new()), |(k, x)| (k, x.to_string()));
        Err(format!(
            "{name}[{k}] = {x} is not an index from 0 to 4294967295"
        ))
    }
    match column {
        IndexSlice::Signed(a) => checked(name, a, |x| x as u64),
        IndexSlice::Unsigned(a) => checked(name, a, |x| x),
    }
}

/// A column of scores as float64: a contiguous float64 array is read in place; any other
/// numeric array (float32, integers, a strided view, a list, a pandas Series) is converted.
fn scores<'py>(a: &Bound<'py, PyAny>) -> PyResult<PyReadonlyArray1<'py, f64>> {
    if let Ok(arr) = a.extract::<PyReadonlyArray1<'py, f64>>()
        && arr.as_slice().is_ok()
    {
        return Ok(arr);
    }
    let (arr, kind) = one_dimensional("score", a)?;
    if !matches!(kind, 'i' | 'u' | 'f') {
        let dtype = arr.getattr("dtype")?.str()?;
        return Err(PyTypeError::new_err(format!(
            "score must hold numbers, not {dtype} values"
        )));
    }
    let np = a.py().import("numpy")?;
    let converted = np.call_method1("ascontiguousarray", (arr, "float64"))?;
    converted.extract::<PyReadonlyArray1<'py, f64>>()
}

struct Columns {
    juror: Vec<u32>,
    item: Vec<u32>,
    criterion: Vec<u32>,
    n: (usize, usize, usize),
    /// The distinct ids of each column, in increasing order: the engines see each id as its
    /// position here, so that memory follows the ids present, not the largest.
    ids: (Vec<u32>, Vec<u32>, Vec<u32>),
}

/// The distinct values of `column` in increasing order, and `column` rewritten as positions
/// among them. `n` is one more than the largest value. Linear when the values are dense
/// (no rewrite at all when every value below `n` is there); past that, a sort of the values.
fn factorise(column: &mut [u32], n: usize) -> Vec<u32> {
    if n <= 2 * column.len() + 1024 {
        let mut rank = vec![u32::MAX; n];
        for &x in column.iter() {
            rank[x as usize] = 0;
        }
        let mut ids = Vec::new();
        for (x, r) in rank.iter_mut().enumerate() {
            if *r == 0 {
                *r = ids.len() as u32;
                ids.push(x as u32);
            }
        }
        if ids.len() < n {
            for x in column.iter_mut() {
                *x = rank[*x as usize];
            }
        }
        return ids;
    }
    let mut ids = column.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for x in column.iter_mut() {
        // Every value is among the ids.
        *x = ids.binary_search(x).unwrap_or_default() as u32;
    }
    ids
}

/// Weights given per id (`len > largest id`) or per distinct id in increasing order
/// (`len == ids.len()`), as one weight per distinct id.
fn per_id(name: &str, weights: Option<Vec<f64>>, ids: &[u32]) -> PyResult<Option<Vec<f64>>> {
    let Some(w) = weights else { return Ok(None) };
    if w.len() == ids.len() {
        return Ok(Some(w));
    }
    if ids.last().is_some_and(|&m| (m as usize) < w.len()) {
        return Ok(Some(ids.iter().map(|&i| w[i as usize]).collect()));
    }
    Err(PyValueError::new_err(format!(
        "{name} has {} weights: give one per distinct id ({}, in increasing order of id) or one per id from 0 to the largest ({})",
        w.len(),
        ids.len(),
        ids.last().map_or(0, |&m| m as usize + 1)
    )))
}

impl Columns {
    fn view<'a>(&'a self, value: &'a [f64]) -> ScoreColumns<'a> {
        ScoreColumns {
            n_jurors: self.n.0,
            n_items: self.n.1,
            n_criteria: self.n.2,
            juror: &self.juror,
            item: &self.item,
            criterion: &self.criterion,
            value,
        }
    }
}

fn columns(
    juror: &Bound<'_, PyAny>,
    item: &Bound<'_, PyAny>,
    criterion: &Bound<'_, PyAny>,
) -> PyResult<Columns> {
    let (juror, item, criterion) = (
        index_column("juror", juror)?,
        index_column("item", item)?,
        index_column("criterion", criterion)?,
    );
    let (juror, item, criterion) = (juror.values()?, item.values()?, criterion.values()?);
    // Past 100,000 rows the three columns are converted on two threads: they are
    // independent, and a million rows take about half a millisecond each.
    let (juror, item, criterion) = if value_count(juror) < 100_000 {
        (
            checked_indices("juror", juror),
            checked_indices("item", item),
            checked_indices("criterion", criterion),
        )
    } else {
        std::thread::scope(|s| {
            let first = s.spawn(|| checked_indices("juror", juror));
            let item = checked_indices("item", item);
            let criterion = checked_indices("criterion", criterion);
            let juror = first
                .join()
                .unwrap_or_else(|_| Err("internal error converting juror".to_owned()));
            (juror, item, criterion)
        })
    };
    let bad = |e: String| PyValueError::new_err(e);
    let ((juror, nj), (item, ni), (criterion, nc)) = (
        juror.map_err(bad)?,
        item.map_err(bad)?,
        criterion.map_err(bad)?,
    );
    let (mut juror, mut item, mut criterion) = (juror, item, criterion);
    let ids = (
        factorise(&mut juror, nj),
        factorise(&mut item, ni),
        factorise(&mut criterion, nc),
    );
    Ok(Columns {
        juror,
        item,
        criterion,
        n: (ids.0.len(), ids.1.len(), ids.2.len()),
        ids,
    })
}

fn method(name: &str) -> PyResult<CalibrationMethod> {
    match name {
        "none" => Ok(CalibrationMethod::None),
        "z_score" | "zscore" => Ok(CalibrationMethod::ZScore),
        "additive" => Ok(CalibrationMethod::Additive),
        other => Err(PyValueError::new_err(format!(
            "method must be \"none\", \"z_score\" or \"additive\", not {other:?}"
        ))),
    }
}

/// Calibrates juror bias over score columns (arrays of equal length: `juror`, `item` and
/// `criterion` integer ids from 0 to 4294967295, and `score` numbers; numpy arrays of any
/// numeric dtype or stride, lists or pandas Series). Returns a dict: `values` (the
/// calibrated scores, one per row), `jurors` (the distinct juror ids, increasing), per juror
/// in that order `bias`, `scale`, `counts`, `calibrated`, `component`, and `components` (the
/// number of connected groups of jurors). Memory follows the rows and the ids present, not
/// the largest id.
#[pyfunction]
#[pyo3(signature = (juror, item, criterion, score, method="additive", min_scores=3))]
pub(crate) fn calibrate<'py>(
    py: Python<'py>,
    juror: &Bound<'py, PyAny>,
    item: &Bound<'py, PyAny>,
    criterion: &Bound<'py, PyAny>,
    score: &Bound<'py, PyAny>,
    method: &str,
    min_scores: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let m = self::method(method)?;
    let c = columns(juror, item, criterion)?;
    let score = scores(score)?;
    let values = score
        .as_slice()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let cols = c.view(values);
    let cal = py
        .detach(|| core::calibrate(cols, m, min_scores))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let d = PyDict::new(py);
    d.set_item("values", cal.values.into_pyarray(py))?;
    d.set_item("bias", cal.bias.into_pyarray(py))?;
    d.set_item("scale", cal.scale.into_pyarray(py))?;
    let counts: Vec<i64> = cal.counts.iter().map(|&n| n as i64).collect();
    d.set_item("counts", counts.into_pyarray(py))?;
    d.set_item("calibrated", cal.calibrated)?;
    let component: Vec<i64> = cal
        .component
        .iter()
        .map(|&c| if c == usize::MAX { -1 } else { c as i64 })
        .collect();
    d.set_item("component", component.into_pyarray(py))?;
    d.set_item("components", cal.components)?;
    let jurors: Vec<i64> = c.ids.0.iter().map(|&j| i64::from(j)).collect();
    d.set_item("jurors", jurors.into_pyarray(py))?;
    Ok(d)
}

/// Aggregates score columns over jurors, then over criteria: returns `(per_criterion,
/// final)`, a float64 array of shape (items, criteria) and one of shape (items,), the items
/// and criteria being the distinct ids of their columns in increasing order (`np.unique`).
/// NaN marks a criterion nobody scored for an item. `weights` are the criteria's weights
/// (default: equal), `juror_weights` apply to the weighted mean, each given per distinct id
/// or per id from 0; `method` is `weighted_mean`, `median` or
/// `trimmed_mean` (with `trim`). With `calibration` other than `none`, the scores are
/// calibrated first.
#[pyfunction]
#[pyo3(signature = (juror, item, criterion, score, weights=None, juror_weights=None, method="weighted_mean", trim=None, calibration="none", min_scores=3))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn aggregate<'py>(
    py: Python<'py>,
    juror: &Bound<'py, PyAny>,
    item: &Bound<'py, PyAny>,
    criterion: &Bound<'py, PyAny>,
    score: &Bound<'py, PyAny>,
    weights: Option<Vec<f64>>,
    juror_weights: Option<Vec<f64>>,
    method: &str,
    trim: Option<f64>,
    calibration: &str,
    min_scores: usize,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let agg_method = match method {
        "weighted_mean" | "mean" => AggregationMethod::WeightedMean,
        "median" => AggregationMethod::Median,
        "trimmed_mean" => AggregationMethod::TrimmedMean,
        other => {
            return Err(PyValueError::new_err(format!(
                "method must be \"weighted_mean\", \"median\" or \"trimmed_mean\", not {other:?}"
            )));
        }
    };
    let cal_method = self::method(calibration)?;
    let c = columns(juror, item, criterion)?;
    let weights = per_id("weights", weights, &c.ids.2)?;
    let juror_weights = per_id("juror_weights", juror_weights, &c.ids.0)?;
    let score = scores(score)?;
    let values = score
        .as_slice()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let cols = c.view(values);
    let aggregation = Aggregation {
        method: agg_method,
        trim,
        min_jurors: 1,
    };
    let (per, fin) = py
        .detach(|| {
            core::calibrate_and_aggregate(
                cols,
                cal_method,
                min_scores,
                &aggregation,
                juror_weights.as_deref(),
                weights.as_deref(),
            )
        })
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let per = per.value;
    let per = per
        .into_pyarray(py)
        .call_method1("reshape", ((c.n.1, c.n.2),))?;
    Ok((per, fin.into_pyarray(py).into_any()))
}

/// A seeded synthetic promotion as a dict of documents: `rulebook`, `submissions`,
/// `applications`, `challenge_grid`, `candidate_grid`, `jury`, `challenge_scores`,
/// `candidate_scores`, `truth` (the planted juror biases and qualities), and, once both stages
/// are scored, `teams` (a `team-formation` document) and `mentors` (a `mentor-matching`
/// document). No real person is in it; the same seed gives the same promotion everywhere.
#[pyfunction]
#[pyo3(signature = (seed=2017, challenges=20, candidates=800, jurors=12))]
pub(crate) fn generate<'py>(
    py: Python<'py>,
    seed: u64,
    challenges: usize,
    candidates: usize,
    jurors: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let options = eig::synthetic::Options {
        seed,
        challenges,
        candidates,
        jurors,
        ..Default::default()
    };
    // Sizes out of range are refused before anything is allocated.
    let generated = py.detach(|| {
        // Sizes out of range are refused before anything is allocated.
        eig::synthetic::promotion(&options).map(|p| {
            let (challenges, candidates) = eig::synthetic::rankings(&p)?;
            let teams = eig::synthetic::teams_input(&p, &challenges, &candidates, seed);
            let mentors = eig::synthetic::mentors_input(&p, &teams, seed);
            Ok::<_, InvalidDocument>((p, teams, mentors))
        })
    });
    let (p, teams, mentors) = generated
        .map_err(|e| PyValueError::new_err(e.to_string()))?
        .map_err(|e| validation_error(py, "the generated promotion does not score", &e.report))?;
    let d = field(py, &p)?;
    d.set_item("teams", field(py, &teams)?)?;
    d.set_item("mentors", field(py, &mentors)?)?;
    Ok(d)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRanking>()?;
    m.add_function(wrap_pyfunction!(score, m)?)?;
    m.add_function(wrap_pyfunction!(calibrate, m)?)?;
    m.add_function(wrap_pyfunction!(aggregate, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    Ok(())
}
