//! Conversions between Python objects and JSON values, with clear errors for what JSON cannot
//! hold (NaN, non-string keys, other types).

use eig::diagnostics::{Lang, Violation};
use eig::table::Cell;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;

/// Deepest nesting accepted from Python objects (the core's limit for documents).
const MAX_DEPTH: usize = 64;

/// A document as given from Python: raw bytes to parse, a value already built, or a value
/// refused before it was built (reported like the same document given as text).
pub(crate) enum Doc<'a> {
    Bytes(Cow<'a, [u8]>),
    Value(Value),
    Refused(Violation),
}

impl Doc<'_> {
    /// Whether its validation may be long enough to be worth a thread that Ctrl-C can stop:
    /// 256 KiB of text, or an object holding a list of a thousand items or more.
    pub(crate) fn is_large(&self) -> bool {
        match self {
            Doc::Bytes(b) => b.len() >= 256 * 1024,
            Doc::Value(Value::Object(map)) => map
                .values()
                .any(|v| v.as_array().is_some_and(|a| a.len() >= 1024)),
            Doc::Value(_) | Doc::Refused(_) => false,
        }
    }
}

/// Why a Python object could not become a JSON value.
pub(crate) enum ConvError {
    /// A Python error to raise (wrong type, NaN...).
    Py(PyErr),
    /// Nested deeper than the core's limit: a `nesting_too_deep` violation, as for text.
    TooDeep,
}

impl From<PyErr> for ConvError {
    fn from(e: PyErr) -> Self {
        Self::Py(e)
    }
}

fn too_deep() -> Violation {
    Violation::nesting_too_deep(MAX_DEPTH)
}

/// Converts a Python object to JSON, raising on what JSON cannot hold.
pub(crate) fn to_json_value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    match to_value(obj, &mut String::new(), 0) {
        Ok(v) => Ok(v),
        Err(ConvError::Py(e)) => Err(e),
        Err(ConvError::TooDeep) => Err(PyValueError::new_err(format!(
            "the value is nested deeper than {MAX_DEPTH} levels"
        ))),
    }
}

/// Reads a document: `str` or `bytes` of JSON, a `dict`, or an `os.PathLike` to a file.
///
/// `bytes` are borrowed, not copied: the document lives as long as `obj`.
pub(crate) fn extract_doc<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Doc<'a>> {
    if let Ok(s) = obj.cast::<PyString>() {
        if let Some(v) = names_a_file(&s.to_cow()?) {
            return Ok(Doc::Refused(v));
        }
        return Ok(Doc::Bytes(match s.to_cow()? {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        }));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Doc::Bytes(Cow::Borrowed(b.as_bytes())));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        // A bytearray can change under us: copy it.
        return Ok(Doc::Bytes(Cow::Owned(b.to_vec())));
    }
    if obj.cast::<PyDict>().is_ok() {
        return match to_value(obj, &mut String::new(), 0) {
            Ok(v) => Ok(Doc::Value(v)),
            Err(ConvError::Py(e)) => Err(e),
            Err(ConvError::TooDeep) => Ok(Doc::Refused(too_deep())),
        };
    }
    if obj.hasattr("__fspath__")? {
        let path = obj.py().import("pathlib")?.getattr("Path")?.call1((obj,))?;
        let bytes = path.call_method0("read_bytes")?;
        return Ok(Doc::Bytes(Cow::Owned(
            bytes.cast::<PyBytes>()?.as_bytes().to_vec(),
        )));
    }
    Err(PyTypeError::new_err(format!(
        "expected a JSON document as str, bytes, dict or pathlib.Path, got {}",
        type_name(obj)
    )))
}

/// A `str` is JSON text; one that is not JSON but names an existing file gets the
/// `invalid_json` violation with a hint to pass a `pathlib.Path`.
fn names_a_file(text: &str) -> Option<Violation> {
    let short = text.len() < 4096 && !text.contains('\n');
    if !short || !std::path::Path::new(text.trim()).is_file() {
        return None;
    }
    let violation =
        eig::validate::read_json(text.as_bytes(), eig::validate::Limits::default()).err()?;
    (violation.code == "invalid_json").then(|| {
        (*violation).with_hint(
            &format!(
                "ce texte est le nom d'un fichier qui existe : pour le lire, passez pathlib.Path({text:?})"
            ),
            &format!(
                "this text is the name of an existing file: to read it, pass pathlib.Path({text:?})"
            ),
        )
    })
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

fn with_article(name: &str) -> String {
    let vowel = name.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {name}", if vowel { "an" } else { "a" })
}

fn at(path: &str) -> &str {
    if path.is_empty() { "/" } else { path }
}

/// A numpy scalar (`np.int64(3)`, `np.uint8`, `np.float32`, `np.bool_`) as the Python
/// `int`, `float` or `bool` it stands for; `None` for anything else. (`np.float64` is a
/// `float` already.)
fn numpy_scalar<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
    let ty = obj.get_type();
    let module = ty.module()?;
    if module.to_cow()? != "numpy" {
        return Ok(None);
    }
    let name = ty.name()?;
    let name = name.to_cow()?;
    if name == "bool" || name == "bool_" {
        return Ok(Some(
            PyBool::new(obj.py(), obj.is_truthy()?)
                .to_owned()
                .into_any(),
        ));
    }
    if obj.hasattr("__index__")? {
        return Ok(Some(obj.call_method0("__index__")?));
    }
    if name.starts_with("float") && obj.hasattr("__float__")? {
        return Ok(Some(obj.call_method0("__float__")?));
    }
    Ok(None)
}

/// Converts a Python object to JSON. `path` is the JSON Pointer of `obj`, for messages.
fn to_value(obj: &Bound<'_, PyAny>, path: &mut String, depth: usize) -> Result<Value, ConvError> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.cast::<PyInt>().is_ok() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(PyValueError::new_err(format!(
            "the integer at {} does not fit in 64 bits",
            at(path)
        ))
        .into());
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let x = f.value();
        // NaN is how pandas and numpy write a missing value: null, which the schema accepts
        // where a value may be absent and names where one is required.
        if x.is_nan() {
            return Ok(Value::Null);
        }
        return Number::from_f64(x).map(Value::Number).ok_or_else(|| {
            PyValueError::new_err(format!("{x} at {} is not a JSON number", at(path))).into()
        });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Some(number) = numpy_scalar(obj)? {
        return to_value(&number, path, depth);
    }
    // Containers count levels as the core counts brackets: the document itself is level 1.
    let container = obj.cast::<PyDict>().is_ok()
        || obj.cast::<PyList>().is_ok()
        || obj.cast::<PyTuple>().is_ok();
    if container && depth >= MAX_DEPTH {
        return Err(ConvError::TooDeep);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        // A snapshot of the items: Python code that runs while converting (a subclass's
        // method) may change the dict, which a live iteration cannot survive.
        for item in d.items().iter() {
            let pair = item.cast::<PyTuple>().map_err(PyErr::from)?;
            let (k, v) = (pair.get_item(0)?, pair.get_item(1)?);
            let Ok(key) = k.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "the dict key {} at {} is not a string (it is {})",
                    k.repr().map_or_else(|_| "?".to_owned(), |r| r.to_string()),
                    at(path),
                    with_article(&type_name(&k))
                ))
                .into());
            };
            let key = key.to_cow()?.into_owned();
            let len = path.len();
            path.push('/');
            path.push_str(&eig::diagnostics::escape_pointer_token(&key));
            let value = to_value(&v, path, depth + 1)?;
            path.truncate(len);
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    // The elements as the list holds them (as `json.dumps` reads a list subclass), each read
    // by its index: a list changed while converting cannot break the walk.
    let elements: Option<Vec<Bound<'_, PyAny>>> = if let Ok(l) = obj.cast::<PyList>() {
        Some(l.iter().collect())
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        Some(t.iter().collect())
    } else {
        None
    };
    if let Some(elements) = elements {
        let mut items = Vec::with_capacity(elements.len());
        for (i, item) in elements.iter().enumerate() {
            let len = path.len();
            path.push('/');
            path.push_str(&i.to_string());
            items.push(to_value(item, path, depth + 1)?);
            path.truncate(len);
        }
        return Ok(Value::Array(items));
    }
    // pandas' missing values (`pd.NaT`, `pd.NA`) are null too.
    let name = type_name(obj);
    if name == "NaTType" || name == "NAType" {
        return Ok(Value::Null);
    }
    // A date or time (`datetime`, `date`, `pd.Timestamp`) as the ISO 8601 text the schemas
    // read; a datetime without a time zone has no offset, which a `date-time` field refuses.
    let datetime = obj.py().import("datetime")?;
    if obj.is_instance(&datetime.getattr("date")?)?
        || obj.is_instance(&datetime.getattr("time")?)?
    {
        let text: String = obj.call_method0("isoformat")?.extract()?;
        return Ok(Value::String(text));
    }
    Err(PyTypeError::new_err(format!(
        "{} at {} cannot be written as JSON",
        with_article(&name),
        at(path)
    ))
    .into())
}

/// Converts a JSON value to Python objects (dicts keep the document's key order).
pub(crate) fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A message language named by a front end (`"fr"`, `"en"`), or `ValueError`.
pub(crate) fn lang(l: &str) -> PyResult<Lang> {
    l.parse()
        .map_err(|e: eig::diagnostics::ParseEnumError| PyValueError::new_err(e.to_string()))
}

/// Rows of a table as a list of dicts (lists stay lists; absent values are `None`).
pub(crate) fn table_records<'py>(
    py: Python<'py>,
    columns: &[String],
    rows: Vec<Vec<Cell>>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for row in rows {
        let d = PyDict::new(py);
        for (name, cell) in columns.iter().zip(row) {
            match cell {
                Cell::Int(x) => d.set_item(name, x)?,
                Cell::Float(x) => d.set_item(name, x)?,
                Cell::Text(x) => d.set_item(name, x)?,
                Cell::Bool(x) => d.set_item(name, x)?,
                Cell::List(x) => d.set_item(name, x)?,
            }
        }
        list.append(d)?;
    }
    Ok(list)
}

/// A numpy array's data, read in place: it must be contiguous.
pub(crate) fn slice<'a, T: numpy::Element, D: numpy::ndarray::Dimension>(
    a: &'a numpy::PyReadonlyArray<'_, T, D>,
) -> PyResult<&'a [T]> {
    a.as_slice()
        .map_err(|e| PyValueError::new_err(e.to_string()))
}
