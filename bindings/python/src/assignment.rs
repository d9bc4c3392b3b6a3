//! The assignment engines for Python: conversions of numpy arrays and lists, error mapping.

use eig::matching::{self, AssignmentError, Optimal, StableError};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray2, PyUntypedArrayMethods};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

pyo3::create_exception!(
    eig,
    InfeasibleError,
    pyo3::exceptions::PyValueError,
    "The assignment problem has no solution. `rows` and `cols` name a Hall violator: the larger \
     list cannot all be assigned, the smaller is every partner they may use."
);

fn to_py_err(py: Python<'_>, e: AssignmentError) -> PyErr {
    match e {
        AssignmentError::Infeasible { ref rows, ref cols } => {
            let err = InfeasibleError::new_err(e.to_string());
            let set = err
                .value(py)
                .setattr("rows", rows.clone())
                .and_then(|()| err.value(py).setattr("cols", cols.clone()));
            match set {
                Ok(()) => err,
                Err(other) => other,
            }
        }
        other => PyValueError::new_err(other.to_string()),
    }
}

type Pair<'py> = (Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<i64>>);

fn result<'py, T: matching::Cost>(
    py: Python<'py>,
    solved: Result<matching::Assignment<T>, AssignmentError>,
) -> PyResult<Pair<'py>> {
    let a = solved.map_err(|e| to_py_err(py, e))?;
    let rows: Vec<i64> = a.rows.iter().map(|&r| r as i64).collect();
    let cols: Vec<i64> = a.cols.iter().map(|&c| c as i64).collect();
    Ok((rows.into_pyarray(py), cols.into_pyarray(py)))
}

/// Dense linear sum assignment over a C-contiguous float64 matrix (read in place, GIL
/// released while solving).
#[pyfunction]
fn lsa_f64<'py>(
    py: Python<'py>,
    cost: PyReadonlyArray2<'py, f64>,
    maximize: bool,
) -> PyResult<Pair<'py>> {
    let (rows, cols) = (cost.shape()[0], cost.shape()[1]);
    let data = cost
        .as_slice()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let solved = py.detach(|| matching::linear_sum_assignment(rows, cols, data, maximize));
    result(py, solved)
}

/// Dense linear sum assignment over a C-contiguous int64 matrix (`i64::MAX` is forbidden).
#[pyfunction]
fn lsa_i64<'py>(
    py: Python<'py>,
    cost: PyReadonlyArray2<'py, i64>,
    maximize: bool,
) -> PyResult<Pair<'py>> {
    let (rows, cols) = (cost.shape()[0], cost.shape()[1]);
    let data = cost
        .as_slice()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let solved = py.detach(|| matching::linear_sum_assignment(rows, cols, data, maximize));
    result(py, solved)
}

/// Hospital–residents over integer indices: returns the residents of each hospital, best first.
#[pyfunction]
fn stable_matching(
    py: Python<'_>,
    residents: Vec<Vec<usize>>,
    hospitals: Vec<Vec<usize>>,
    capacities: Vec<usize>,
    optimal: &str,
) -> PyResult<Vec<Vec<usize>>> {
    let side = match optimal {
        "resident" | "residents" => Optimal::Resident,
        "hospital" | "hospitals" => Optimal::Hospital,
        other => {
            return Err(PyValueError::new_err(format!(
                "optimal must be \"resident\" or \"hospital\", not {other:?}"
            )));
        }
    };
    let solved =
        py.detach(|| matching::hospital_residents(&residents, &hospitals, &capacities, side));
    solved
        .map(|m| m.hospital_to_residents)
        .map_err(|e: StableError| PyValueError::new_err(e.to_string()))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("InfeasibleError", m.py().get_type::<InfeasibleError>())?;
    m.add_function(wrap_pyfunction!(lsa_f64, m)?)?;
    m.add_function(wrap_pyfunction!(lsa_i64, m)?)?;
    m.add_function(wrap_pyfunction!(stable_matching, m)?)?;
    Ok(())
}
