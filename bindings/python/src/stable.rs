//! Stable matching from Python's own shapes, converted in one pass here rather than in Python:
//! dicts of names (`matching`'s shape), and integer arrays or table columns.

use eig::solve::{self, Optimal, RankedPairs, StableError};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// `"resident"` or `"hospital"`.
pub(crate) fn side(optimal: &str) -> PyResult<Optimal> {
    match optimal {
        "resident" | "residents" => Ok(Optimal::Resident),
        "hospital" | "hospitals" => Ok(Optimal::Hospital),
        other => Err(PyValueError::new_err(format!(
            "optimal must be \"resident\" or \"hospital\", not {other:?}"
        ))),
    }
}

fn repr(x: &Bound<'_, PyAny>) -> String {
    x.repr()
        .map_or_else(|_| "<unprintable>".to_owned(), |r| r.to_string())
}

/// Preferences given by name, as indices, with the names to give them back.
struct Indexed<'py> {
    r_names: Vec<Bound<'py, PyAny>>,
    h_names: Vec<Bound<'py, PyAny>>,
    r_index: Bound<'py, PyDict>,
    h_index: Bound<'py, PyDict>,
    res: Vec<Vec<usize>>,
    hosp: Vec<Vec<usize>>,
    caps: Vec<usize>,
}

/// A list of partners by name, as indices; an unknown name is an error at once. A name given
/// twice stays twice: the core names the repeat (see [`named`]).
fn ranked<'py>(
    list: &Bound<'py, PyAny>,
    index: &Bound<'py, PyDict>,
    unknown: impl Fn(&Bound<'py, PyAny>) -> PyErr,
) -> PyResult<Vec<usize>> {
    let mut out = Vec::new();
    for x in list.try_iter()? {
        let x = x?;
        let Some(k) = index.get_item(&x)? else {
            return Err(unknown(&x));
        };
        out.push(k.extract()?);
    }
    Ok(out)
}

/// The core's error with residents and hospitals named by `resident(k)` and `hospital(k)`
/// (their Python reprs, or their indices when there are no names).
fn named(
    e: StableError,
    resident: impl Fn(usize) -> String,
    hospital: impl Fn(usize) -> String,
) -> PyErr {
    let name = |side: &str, k: usize| {
        if side == "resident" {
            resident(k)
        } else {
            hospital(k)
        }
    };
    PyValueError::new_err(match e {
        StableError::Duplicate {
            side,
            index,
            what,
            named,
        } => format!(
            "{side} {} ranks {what} {} twice",
            name(side, index),
            name(what, named)
        ),
        StableError::RankTie {
            side,
            index,
            rank,
            what,
            first,
            second,
        } => format!(
            "{side} {} gives the same rank {rank} to {what}s {} and {}",
            name(side, index),
            name(what, first),
            name(what, second)
        ),
        other => other.to_string(),
    })
}

/// A capacity: a non-negative whole number (`1`, `1.0`, `True`, `np.int64(1)`).
fn capacity(h: &Bound<'_, PyAny>, c: &Bound<'_, PyAny>) -> PyResult<usize> {
    let bad = || {
        PyValueError::new_err(format!(
            "the capacity of {} must be a non-negative integer, not {}",
            repr(h),
            repr(c)
        ))
    };
    if let Ok(n) = c.extract::<i128>() {
        return if n < 0 {
            Err(bad())
        } else {
            Ok(usize::try_from(n).unwrap_or(usize::MAX))
        };
    }
    match c.extract::<f64>() {
        Ok(f) if f.is_finite() && f.fract() == 0.0 && f >= 0.0 => Ok(f as usize),
        _ => Err(bad()),
    }
}

impl Indexed<'_> {
    /// The core's error, naming residents and hospitals by their names.
    fn error(&self, e: StableError) -> PyErr {
        named(e, |k| repr(&self.r_names[k]), |k| repr(&self.h_names[k]))
    }
}

fn index_dicts<'py>(
    residents: &Bound<'py, PyDict>,
    hospitals: &Bound<'py, PyDict>,
    capacities: &Bound<'py, PyAny>,
) -> PyResult<Indexed<'py>> {
    let py = residents.py();
    let r_names: Vec<Bound<'py, PyAny>> = residents.keys().iter().collect();
    let h_names: Vec<Bound<'py, PyAny>> = hospitals.keys().iter().collect();
    let r_index = PyDict::new(py);
    for (k, r) in r_names.iter().enumerate() {
        r_index.set_item(r, k)?;
    }
    let h_index = PyDict::new(py);
    for (k, h) in h_names.iter().enumerate() {
        h_index.set_item(h, k)?;
    }
    let mut caps_given = Vec::with_capacity(h_names.len());
    let mut missing = Vec::new();
    for h in &h_names {
        match capacities.get_item(h) {
            Ok(c) => caps_given.push(Some(c)),
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(py) => {
                if missing.len() < 5 {
                    missing.push(h.clone());
                }
                caps_given.push(None);
            }
            Err(e) => return Err(e),
        }
    }
    if !missing.is_empty() {
        return Err(PyValueError::new_err(format!(
            "no capacity for hospital(s) {}",
            repr(PyList::new(py, missing)?.as_any())
        )));
    }
    let mut res = Vec::with_capacity(r_names.len());
    for (r, hs) in residents.iter() {
        res.push(ranked(&hs, &h_index, |h| {
            PyValueError::new_err(format!(
                "resident {} ranks unknown hospital {}",
                repr(&r),
                repr(h)
            ))
        })?);
    }
    let mut hosp = Vec::with_capacity(h_names.len());
    for (h, rs) in hospitals.iter() {
        hosp.push(ranked(&rs, &r_index, |r| {
            PyValueError::new_err(format!(
                "hospital {} ranks unknown resident {}",
                repr(&h),
                repr(r)
            ))
        })?);
    }
    let caps = h_names
        .iter()
        .zip(caps_given)
        .map(|(h, c)| c.map_or(Ok(0), |c| capacity(h, &c)))
        .collect::<PyResult<Vec<usize>>>()?;
    Ok(Indexed {
        r_names,
        h_names,
        r_index,
        h_index,
        res,
        hosp,
        caps,
    })
}

/// Hospital–residents from dicts of names: each hospital (in the order given) to its
/// residents, best first.
#[pyfunction]
fn hospital_residents_dicts<'py>(
    py: Python<'py>,
    residents: &Bound<'py, PyDict>,
    hospitals: &Bound<'py, PyDict>,
    capacities: &Bound<'py, PyAny>,
    optimal: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let side = side(optimal)?;
    let x = index_dicts(residents, hospitals, capacities)?;
    let solved = py
        .detach(|| solve::hospital_residents(&x.res, &x.hosp, &x.caps, side))
        .map_err(|e| x.error(e))?;
    let out = PyDict::new(py);
    for (h, rs) in x.h_names.iter().zip(&solved.hospital_to_residents) {
        let names = PyList::new(py, rs.iter().map(|&r| &x.r_names[r]))?;
        out.set_item(h, names)?;
    }
    Ok(out)
}

/// The blocking pairs of a matching (hospital → its residents) given by name.
#[pyfunction]
fn blocking_pairs_dicts<'py>(
    residents: &Bound<'py, PyDict>,
    hospitals: &Bound<'py, PyDict>,
    capacities: &Bound<'py, PyAny>,
    matching: &Bound<'py, PyDict>,
) -> PyResult<Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>> {
    let x = index_dicts(residents, hospitals, capacities)?;
    let mut assignment: Vec<Option<usize>> = vec![None; x.r_names.len()];
    for (h, rs) in matching.iter() {
        let Some(hk) = x.h_index.get_item(&h)? else {
            return Err(PyValueError::new_err(format!(
                "the matching names unknown hospital {}",
                repr(&h)
            )));
        };
        let hk: usize = hk.extract()?;
        for r in rs.try_iter()? {
            let r = r?;
            let Some(rk) = x.r_index.get_item(&r)? else {
                return Err(PyValueError::new_err(format!(
                    "the matching names unknown resident {}",
                    repr(&r)
                )));
            };
            let rk: usize = rk.extract()?;
            if assignment[rk].is_some() {
                return Err(PyValueError::new_err(format!(
                    "resident {} is matched twice",
                    repr(&r)
                )));
            }
            assignment[rk] = Some(hk);
        }
    }
    let m = solve::StableMatching {
        resident_to_hospital: assignment,
        hospital_to_residents: Vec::new(),
    };
    let pairs = solve::blocking_pairs(&x.res, &x.hosp, &x.caps, &m).map_err(|e| x.error(e))?;
    Ok(pairs
        .into_iter()
        .map(|p| (x.r_names[p.resident].clone(), x.h_names[p.hospital].clone()))
        .collect())
}

/// Hospital–residents from one row per acceptable pair: `resident[k]` and `hospital[k]` are
/// indices, `resident_rank[k]` the rank the resident gives the hospital and
/// `hospital_rank[k]` the rank the hospital gives the resident (lower is better). Returns the
/// hospital of each resident, −1 when unmatched. `labels` (resident names, hospital names)
/// name them in errors.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (resident, hospital, resident_rank, hospital_rank, capacities, optimal, n_residents, labels=None))]
fn hospital_residents_arrays<'py>(
    py: Python<'py>,
    resident: PyReadonlyArray1<'py, i64>,
    hospital: PyReadonlyArray1<'py, i64>,
    resident_rank: PyReadonlyArray1<'py, i64>,
    hospital_rank: PyReadonlyArray1<'py, i64>,
    capacities: PyReadonlyArray1<'py, i64>,
    optimal: &str,
    n_residents: usize,
    labels: Option<(Bound<'py, PyList>, Bound<'py, PyList>)>,
) -> PyResult<Bound<'py, PyArray1<i64>>> {
    let side = side(optimal)?;
    let as_slice = crate::convert::slice;
    let pairs = RankedPairs {
        resident: as_slice(&resident)?,
        hospital: as_slice(&hospital)?,
        resident_rank: as_slice(&resident_rank)?,
        hospital_rank: as_slice(&hospital_rank)?,
    };
    let caps_in = as_slice(&capacities)?;
    let label = |list: Option<&Bound<'py, PyList>>, k: usize| match list {
        Some(names) => names
            .get_item(k)
            .map_or_else(|_| k.to_string(), |x| repr(&x)),
        None => k.to_string(),
    };
    let (r_labels, h_labels) = match &labels {
        Some((r, h)) => (Some(r), Some(h)),
        None => (None, None),
    };
    let error = |e| named(e, |k| label(r_labels, k), |k| label(h_labels, k));
    let mut caps = Vec::with_capacity(caps_in.len());
    for (j, &c) in caps_in.iter().enumerate() {
        caps.push(usize::try_from(c).map_err(|_| {
            PyValueError::new_err(format!(
                "the capacity of hospital {} must be a non-negative integer, not {c}",
                label(h_labels, j)
            ))
        })?);
    }
    let (res, hosp) =
        solve::preferences_from_pairs(pairs, n_residents, caps.len()).map_err(error)?;
    let solved = py
        .detach(|| solve::hospital_residents(&res, &hosp, &caps, side))
        .map_err(error)?;
    let out: Vec<i64> = solved
        .resident_to_hospital
        .iter()
        .map(|h| h.map_or(-1, |h| h as i64))
        .collect();
    Ok(out.into_pyarray(py))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(hospital_residents_dicts, m)?)?;
    m.add_function(wrap_pyfunction!(blocking_pairs_dicts, m)?)?;
    m.add_function(wrap_pyfunction!(hospital_residents_arrays, m)?)?;
    Ok(())
}
