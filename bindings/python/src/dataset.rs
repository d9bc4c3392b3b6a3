//! The programme's public history: `import_site`, `import_sites`, `load_dataset`, and the
//! `Dataset` and `Table` classes.

use crate::convert::to_py;
use crate::validation_error;
use arrow_array::RecordBatchIterator;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use eig::analytics::{self, By, ExportOptions};
use eig::import::{ImportError, ImportReport, import_all};
use eig::model::{Dataset, SourceKind};
use eig::table::{ColumnType, Table, record_batch};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList};
use std::path::PathBuf;

/// A table with stable column names and typed columns. It is an Arrow stream (the Arrow
/// PyCapsule interface), so `polars.DataFrame(t)`, `pyarrow.table(t)` and DuckDB read it
/// directly; `to_pandas()`, `to_polars()` and `to_arrow()` import those packages lazily.
#[pyclass(name = "Table", module = "eig", frozen)]
pub(crate) struct PyTable(Table);

impl From<Table> for PyTable {
    fn from(t: Table) -> Self {
        Self(t)
    }
}

#[pymethods]
impl PyTable {
    /// The table's name (`challenges`, `stats_by_promotion`).
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }
    /// The column names.
    #[getter]
    fn columns(&self) -> Vec<String> {
        self.0.columns.clone()
    }
    /// One dict per row.
    fn to_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        crate::convert::table_records(py, &self.0.columns, self.0.rows.clone())
    }
    /// The table as CSV.
    fn to_csv(&self) -> String {
        self.0.to_csv()
    }
    /// The table as JSON Lines.
    fn to_jsonl(&self) -> String {
        self.0.to_jsonl()
    }
    fn __len__(&self) -> usize {
        self.0.rows.len()
    }
    /// The rows as dicts, so that `pandas.DataFrame(t)` works (with pandas' inferred types;
    /// `to_pandas()` keeps the declared ones).
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_records(py)?.try_iter().map(Bound::into_any)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Table {} rows={} columns={}>",
            self.0.name,
            self.0.rows.len(),
            self.0.columns.len()
        )
    }
    fn _repr_html_(&self) -> String {
        self.0.to_html(20)
    }
    /// The table as an Arrow C stream (the Arrow PyCapsule interface): one record batch with
    /// each column of its declared type. `requested_schema` is not honoured (the interface
    /// allows it): the consumer casts if it wants another type.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batch = record_batch(&self.0).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let schema = batch.schema();
        let reader = RecordBatchIterator::new(vec![Ok(batch)], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }
    /// The table as a `pyarrow.Table` (needs pyarrow).
    fn to_arrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        optional(slf.py(), "pyarrow", "to_arrow")?.call_method1("table", (slf,))
    }
    /// The table as a `polars.DataFrame` (needs polars): promotions and other categories as
    /// `Categorical`, dates as `Datetime(time_zone="UTC")`, counts as `UInt32` with nulls.
    /// Ordered categories (promotions) are `Enum`s, so that sorting and pivots follow the
    /// programme's order.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let pl = optional(slf.py(), "polars", "to_polars")?;
        let mut frame = pl.call_method1("DataFrame", (slf,))?;
        let table = &slf.get().0;
        for (k, name) in table.columns.iter().enumerate() {
            if matches!(table.column_type(k), ColumnType::Category(order) if !order.is_empty()) {
                let dtype = pl.call_method1("Enum", (table.categories(k),))?;
                let column = pl
                    .call_method1("col", (name,))?
                    .call_method1("cast", (dtype,))?;
                frame = frame.call_method1("with_columns", (column,))?;
            }
        }
        Ok(frame)
    }
    /// The table as a `pandas.DataFrame` (needs pandas and pyarrow): promotions as an ordered
    /// `category` (EIG 1 … EIG 7 in programme order), dates as `datetime64[us, UTC]`, counts
    /// as nullable `UInt32`, yes/no as nullable `boolean`, lists as Python lists.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let pa = optional(py, "pyarrow", "to_pandas")?;
        let pd = optional(py, "pandas", "to_pandas")?;
        let table = pa.call_method1("table", (slf,))?;
        let mapping = PyDict::new(py);
        mapping.set_item(pa.call_method0("uint32")?, pd.call_method0("UInt32Dtype")?)?;
        mapping.set_item(pa.call_method0("bool_")?, pd.call_method0("BooleanDtype")?)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("types_mapper", mapping.getattr("get")?)?;
        let frame = table.call_method("to_pandas", (), Some(&kwargs))?;
        // pyarrow gives lists as numpy arrays; a notebook expects Python lists.
        for (k, name) in slf.get().0.columns.iter().enumerate() {
            if matches!(
                slf.get().0.column_type(k),
                ColumnType::List | ColumnType::CategoryList
            ) {
                let column = frame.get_item(name)?;
                let lists = column.call_method1("map", (py.eval(c"list", None, None)?,))?;
                frame.set_item(name, lists)?;
            }
        }
        Ok(frame)
    }
}

/// Imports an optional package, or says which method needs it and how to install it.
fn optional<'py>(py: Python<'py>, module: &str, method: &str) -> PyResult<Bound<'py, PyModule>> {
    py.import(module).map_err(|_| {
        pyo3::exceptions::PyImportError::new_err(format!(
            "Table.{method}() needs the package {module}: pip install {module}"
        ))
    })
}

/// The merged dataset of promotions, défis, organisations and people, with the report of the
/// import that made it (`report`, kept in the file on save; `None` for a dataset saved before
/// the report was kept).
#[pyclass(name = "Dataset", module = "eig", frozen)]
pub(crate) struct PyDataset {
    dataset: Dataset,
}

impl PyDataset {
    fn table(&self, name: &str, pseudonymise: bool) -> PyTable {
        let table = analytics::tables(&self.dataset, ExportOptions { pseudonymise })
            .into_iter()
            .find(|t| t.name == name)
            .expect("every entity has a table");
        PyTable(table)
    }
}

#[pymethods]
impl PyDataset {
    /// Promotions: one row each.
    #[getter]
    fn promotions(&self) -> PyTable {
        self.table("promotions", false)
    }
    /// Défis: one row each.
    #[getter]
    fn challenges(&self) -> PyTable {
        self.table("challenges", false)
    }
    /// Organisations: one row each.
    #[getter]
    fn organisations(&self) -> PyTable {
        self.table("organisations", false)
    }
    /// People: one row each (names as published; see `tables(pseudonymise=True)`).
    #[getter]
    fn people(&self) -> PyTable {
        self.table("people", false)
    }
    /// People's roles: one row per person, role and promotion, merged across the sources
    /// (`tables()["roles_by_source"]` keeps one row per source).
    #[getter]
    fn roles(&self) -> PyTable {
        self.table("roles", false)
    }
    /// Fellows and their défis: one row per fellow and défi (the person–défi join).
    #[getter]
    fn fellowships(&self) -> PyTable {
        self.table("fellowships", false)
    }
    /// The published selection funnel, beside the dataset's counts.
    #[getter]
    fn funnel(&self) -> PyTable {
        self.table("funnel", false)
    }
    /// Figures the programme published (every series of the aggregates, numbers of its blog
    /// posts and web pages), one row each with its source, apart from the counts of records.
    #[getter]
    fn figures(&self) -> PyTable {
        self.table("figures", false)
    }
    /// What happened per défi and date (the `eig-link` handbook): EIG 2's progress log, EIG 4's
    /// support sessions.
    #[getter]
    fn activities(&self) -> PyTable {
        self.table("activities", false)
    }
    /// The aggregates' map of host services: one row per service and year, with coordinates.
    #[getter]
    fn map(&self) -> PyTable {
        self.table("map", false)
    }
    /// Every entity's table by name; with `pseudonymise`, people's names become stable
    /// pseudonyms and défis' lists of names are left out (their counts stay).
    #[pyo3(signature = (pseudonymise=false))]
    fn tables<'py>(&self, py: Python<'py>, pseudonymise: bool) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for t in analytics::tables(&self.dataset, ExportOptions { pseudonymise }) {
            d.set_item(t.name.clone(), Py::new(py, PyTable(t))?)?;
        }
        Ok(d)
    }
    /// Statistics grouped `by` `"promotion"`, `"expertise"`, `"theme"`, `"organisation"` or
    /// `"funnel"`.
    #[pyo3(signature = (by="promotion"))]
    fn stats(&self, by: &str) -> PyResult<PyTable> {
        let by = match by {
            "promotion" => By::Promotion,
            "expertise" => By::Expertise,
            "theme" => By::Theme,
            "organisation" => By::Organisation,
            "funnel" => By::Funnel,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown grouping {other:?}: expected promotion, expertise, theme, organisation or funnel"
                )));
            }
        };
        Ok(PyTable(analytics::stats(&self.dataset, by)))
    }
    /// The import's report as a dict (`records`, `output`, `refused`, `anomalies`), or `None`
    /// for a dataset loaded from a file.
    #[getter]
    fn report<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.dataset
            .import_report
            .as_ref()
            .map(|r| {
                let value =
                    serde_json::to_value(r).map_err(|e| PyValueError::new_err(e.to_string()))?;
                to_py(py, &value)
            })
            .transpose()
    }
    /// Anomalies per code (an empty dict for a loaded dataset).
    fn anomalies_by_code(&self) -> std::collections::BTreeMap<String, usize> {
        self.dataset
            .import_report
            .as_ref()
            .map(ImportReport::by_code)
            .unwrap_or_default()
    }
    /// The import's summary as text (`lang` `"fr"` or `"en"`), or `None` for a loaded dataset.
    #[pyo3(signature = (lang="fr", details=false))]
    fn summary(&self, lang: &str, details: bool) -> PyResult<Option<String>> {
        let lang = crate::convert::lang(lang)?;
        Ok(self
            .dataset
            .import_report
            .as_ref()
            .map(|r| r.to_human(lang, details)))
    }
    /// The whole dataset as a dict (the JSON document).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = serde_json::to_value(&self.dataset)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        to_py(py, &value)
    }
    /// The dataset as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.dataset)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }
    /// Writes the dataset to a JSON file that `load_dataset` and `eig stats` read.
    fn save(&self, path: PathBuf) -> PyResult<()> {
        let mut text = self.to_json()?;
        text.push('\n');
        eig::files::write_whole(&path, text.as_bytes())
            .map_err(|e| PyOSError::new_err(e.to_string()))
    }
    fn __repr__(&self) -> String {
        let d = &self.dataset;
        format!(
            "<Dataset promotions={} challenges={} organisations={} people={}>",
            d.promotions.len(),
            d.challenges.len(),
            d.organisations.len(),
            d.people.len()
        )
    }
    fn _repr_html_(&self) -> String {
        analytics::stats(&self.dataset, By::Promotion).to_html(20)
    }
}

fn import_error(e: ImportError) -> PyErr {
    match e {
        ImportError::Io { .. } => PyOSError::new_err(e.to_string()),
        other => PyValueError::new_err(other.to_string()),
    }
}

fn source_kind(format: &str) -> PyResult<SourceKind> {
    SourceKind::from_name(format).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown format {format:?}: expected site-eig, site-eig-v3, eig-charts or eig-link"
        ))
    })
}

/// Imports sources into one dataset: a list of folders, each a path (its format told by the
/// files only that format has) or a `(format, folder)` pair, where the format is
/// `"site-eig"`, `"site-eig-v3"`, `"eig-charts"` or `"eig-link"`. Anomalies do not raise: they
/// are in `report`. A folder that is not of its format, or whose format cannot be told, raises
/// `ValueError`; an unreadable file, `OSError`.
#[pyfunction]
pub(crate) fn import_sites(py: Python<'_>, sources: Vec<Bound<'_, PyAny>>) -> PyResult<PyDataset> {
    let pairs: Vec<(SourceKind, PathBuf)> = sources
        .iter()
        .map(|item| {
            if let Ok((f, p)) = item.extract::<(String, PathBuf)>() {
                return Ok((source_kind(&f)?, p));
            }
            let dir: PathBuf = item.extract().map_err(|_| {
                pyo3::exceptions::PyTypeError::new_err(
                    "each source is a folder, or a (format, folder) pair",
                )
            })?;
            let kind = eig::import::detect(&dir).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "cannot tell the format of {}: none of site-eig (_data/defis.yml), \
                     site-eig-v3 (site/content/defis/), eig-charts \
                     (derived/report_aggregates.json) or eig-link \
                     (archives/2018/suivi_compilation.csv) is there, or several are; give it \
                     as (\"site-eig\", folder)",
                    dir.display()
                ))
            })?;
            Ok((kind, dir))
        })
        .collect::<PyResult<_>>()?;
    let done = py
        .detach(|| {
            let refs: Vec<_> = pairs.iter().map(|(k, p)| (*k, p.as_path())).collect();
            import_all(&refs)
        })
        .map_err(import_error)?;
    Ok(PyDataset {
        dataset: done.dataset,
    })
}

/// Imports one site's folder (`format`: `"site-eig"`, `"site-eig-v3"`, `"eig-charts"` or `"eig-link"`).
#[pyfunction]
#[pyo3(signature = (dir, format="site-eig-v3"))]
pub(crate) fn import_site(py: Python<'_>, dir: PathBuf, format: &str) -> PyResult<PyDataset> {
    let pair = (format.to_owned(), dir).into_pyobject(py)?.into_any();
    import_sites(py, vec![pair])
}

/// Loads a dataset file (from `eig import --out` or `Dataset.save`). An invalid file raises
/// `ValidationError` with every violation.
#[pyfunction]
pub(crate) fn load_dataset(py: Python<'_>, path: PathBuf) -> PyResult<PyDataset> {
    let bytes =
        std::fs::read(&path).map_err(|e| PyOSError::new_err(format!("{}: {e}", path.display())))?;
    let dataset = analytics::load_dataset(&bytes).map_err(|e| {
        validation_error(
            py,
            &format!("{} is not a valid dataset", path.display()),
            &e.report,
        )
    })?;
    Ok(PyDataset { dataset })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyTable>()?;
    m.add_class::<PyDataset>()?;
    m.add_function(wrap_pyfunction!(import_site, m)?)?;
    m.add_function(wrap_pyfunction!(import_sites, m)?)?;
    m.add_function(wrap_pyfunction!(load_dataset, m)?)?;
    Ok(())
}
