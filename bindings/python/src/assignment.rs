//! The assignment engines for Python: conversions of numpy arrays and lists, error mapping.

use crate::convert::slice;
use crate::detached;
use eig::solve::{self, AssignmentError, Cost, FlowError, FlowProblem, StableError};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1, PyUntypedArrayMethods};
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

/// Whether a problem of `n` costs is worth solving on a thread that Ctrl-C can stop.
fn large(n: usize) -> bool {
    n >= 1 << 18
}

type Pair<'py> = (Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<i64>>);

fn result<'py, T: solve::Cost>(
    py: Python<'py>,
    solved: Result<solve::Assignment<T>, AssignmentError>,
) -> PyResult<Pair<'py>> {
    let a = solved.map_err(|e| to_py_err(py, e))?;
    let rows: Vec<i64> = a.rows.iter().map(|&r| r as i64).collect();
    let cols: Vec<i64> = a.cols.iter().map(|&c| c as i64).collect();
    Ok((rows.into_pyarray(py), cols.into_pyarray(py)))
}

/// A C-contiguous int64, uint64 or float64 array, read in place.
enum Costs<'py, D: numpy::ndarray::Dimension> {
    Int(numpy::PyReadonlyArray<'py, i64, D>),
    UInt(numpy::PyReadonlyArray<'py, u64, D>),
    Float(numpy::PyReadonlyArray<'py, f64, D>),
}

fn costs<'py, D: numpy::ndarray::Dimension>(obj: &Bound<'py, PyAny>) -> PyResult<Costs<'py, D>> {
    if let Ok(a) = obj.extract::<numpy::PyReadonlyArray<'py, i64, D>>() {
        return Ok(Costs::Int(a));
    }
    if let Ok(a) = obj.extract::<numpy::PyReadonlyArray<'py, u64, D>>() {
        return Ok(Costs::UInt(a));
    }
    obj.extract::<numpy::PyReadonlyArray<'py, f64, D>>()
        .map(Costs::Float)
        .map_err(|_| PyValueError::new_err("costs must be an int64, uint64 or float64 numpy array"))
}

/// An integer cost as i128, the forbidden marker `i64::MAX` becoming `i128::MAX`.
fn widen(x: i128) -> i128 {
    if x == i128::from(i64::MAX) {
        i128::MAX
    } else {
        x
    }
}

/// Integer costs that int64 arithmetic cannot add exactly (the core's own test of an i64
/// cost), as i128, where they are exact; `None` when int64 is enough.
fn wide_int(data: &[i64]) -> Option<Vec<i128>> {
    // One branch-free pass (it vectorises).
    let wide = data.iter().fold(false, |w, &x| w | x.is_invalid());
    wide.then(|| data.iter().map(|&x| widen(i128::from(x))).collect())
}

/// Unsigned costs as i128.
fn wide_uint(data: &[u64]) -> Vec<i128> {
    data.iter().map(|&x| widen(i128::from(x))).collect()
}

/// Dense linear sum assignment over a C-contiguous int64 (`i64::MAX` forbidden) or float64
/// (`inf` forbidden) matrix, read in place, the GIL released while solving.
#[pyfunction]
fn lsa<'py>(py: Python<'py>, cost: &Bound<'py, PyAny>, maximize: bool) -> PyResult<Pair<'py>> {
    match costs::<numpy::Ix2>(cost)? {
        Costs::Int(a) => {
            let (rows, cols, data) = (a.shape()[0], a.shape()[1], slice(&a)?);
            let solved = detached(py, large(data.len()), || {
                solve::linear_sum_assignment(rows, cols, data, maximize)
            })?;
            // An int64 cost past ±2^52 is invalid for int64 arithmetic (the solver's check,
            // without a second scan): solved exactly in i128 instead.
            if let Err(AssignmentError::InvalidCost { .. }) = solved
                && let Some(wide) = wide_int(data)
            {
                return lsa_wide(py, rows, cols, wide, maximize);
            }
            result(py, solved)
        }
        Costs::UInt(a) => {
            let (rows, cols, data) = (a.shape()[0], a.shape()[1], slice(&a)?);
            lsa_wide(py, rows, cols, wide_uint(data), maximize)
        }
        Costs::Float(a) => {
            let (rows, cols, data) = (a.shape()[0], a.shape()[1], slice(&a)?);
            let solved = detached(py, large(data.len()), || {
                solve::linear_sum_assignment(rows, cols, data, maximize)
            })?;
            result(py, solved)
        }
    }
}

/// Dense linear sum assignment over exact integers of any size up to ±2^100, row by row
/// (Python ints past 64 bits; `i64::MAX` forbidden, as for int64 matrices).
#[pyfunction]
fn lsa_wide<'py>(
    py: Python<'py>,
    rows: usize,
    cols: usize,
    mut values: Vec<i128>,
    maximize: bool,
) -> PyResult<Pair<'py>> {
    values.iter_mut().for_each(|x| *x = widen(*x));
    let solved = detached(py, large(values.len()), || {
        solve::linear_sum_assignment(rows, cols, &values, maximize)
    })?;
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
    let side = crate::stable::side(optimal)?;
    let solved = py.detach(|| solve::hospital_residents(&residents, &hospitals, &capacities, side));
    solved
        .map(|m| m.hospital_to_residents)
        .map_err(|e: StableError| PyValueError::new_err(e.to_string()))
}

/// The blocking pairs of a matching over integer indices (`assignment[r]` is the hospital of
/// resident `r`, or `None`).
#[pyfunction]
fn blocking_pairs(
    residents: Vec<Vec<usize>>,
    hospitals: Vec<Vec<usize>>,
    capacities: Vec<usize>,
    assignment: Vec<Option<usize>>,
) -> PyResult<Vec<(usize, usize)>> {
    if assignment.len() != residents.len() {
        return Err(PyValueError::new_err(
            "one hospital (or None) per resident is needed",
        ));
    }
    let m = solve::StableMatching {
        resident_to_hospital: assignment,
        hospital_to_residents: Vec::new(),
    };
    solve::blocking_pairs(&residents, &hospitals, &capacities, &m)
        .map(|pairs| {
            pairs
                .into_iter()
                .map(|p| (p.resident, p.hospital))
                .collect()
        })
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

fn flow_err(e: FlowError) -> PyErr {
    match e {
        FlowError::TaskShort { .. }
        | FlowError::NotEnoughCapacity { .. }
        | FlowError::MinimumUnreachable { .. }
        | FlowError::ForcedOverflow { .. } => InfeasibleError::new_err(e.to_string()),
        other => PyValueError::new_err(other.to_string()),
    }
}

#[allow(clippy::too_many_arguments)]
fn flow<'py, T: solve::Cost>(
    py: Python<'py>,
    agents: PyReadonlyArray1<'py, i64>,
    tasks: PyReadonlyArray1<'py, i64>,
    costs: &[T],
    demand: Vec<u32>,
    max_load: Vec<u32>,
    min_load: Vec<u32>,
    forced: Vec<(usize, usize)>,
    maximize: bool,
) -> PyResult<Pair<'py>> {
    let a = agents
        .as_slice()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let t = tasks
        .as_slice()
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    if a.len() != t.len() || a.len() != costs.len() {
        return Err(PyValueError::new_err(format!(
            "agents, tasks and costs must have the same length ({}, {}, {})",
            a.len(),
            t.len(),
            costs.len()
        )));
    }
    // One pass, into a vector of the final size: no intermediate index vectors.
    let mut arcs = Vec::with_capacity(a.len());
    for k in 0..a.len() {
        let index = |name: &str, x: i64| {
            usize::try_from(x)
                .map_err(|_| PyValueError::new_err(format!("{name} has a negative index {x}")))
        };
        arcs.push((index("agents", a[k])?, index("tasks", t[k])?, costs[k]));
    }
    let problem = FlowProblem {
        agent_min: min_load,
        agent_max: max_load,
        task_demand: demand,
        arcs,
        forced,
    };
    let solved = detached(py, large(problem.arcs.len()), || {
        solve::capacitated_assignment(&problem, maximize)
    })?
    .map_err(flow_err)?;
    let rows: Vec<i64> = solved.pairs.iter().map(|p| p.0 as i64).collect();
    let cols: Vec<i64> = solved.pairs.iter().map(|p| p.1 as i64).collect();
    Ok((rows.into_pyarray(py), cols.into_pyarray(py)))
}

/// Capacitated assignment over allowed pairs given as three arrays (agents, tasks, and int64
/// or float64 costs).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn capacitated<'py>(
    py: Python<'py>,
    agents: PyReadonlyArray1<'py, i64>,
    tasks: PyReadonlyArray1<'py, i64>,
    costs_array: &Bound<'py, PyAny>,
    demand: Vec<u32>,
    max_load: Vec<u32>,
    min_load: Vec<u32>,
    forced: Vec<(usize, usize)>,
    maximize: bool,
) -> PyResult<Pair<'py>> {
    // One call for every cost type: int64 (i128 when past ±2^52), uint64 (i128), float64.
    macro_rules! solve {
        ($costs:expr) => {
            flow(
                py, agents, tasks, $costs, demand, max_load, min_load, forced, maximize,
            )
        };
    }
    match costs::<numpy::Ix1>(costs_array)? {
        Costs::Int(c) => {
            let data = slice(&c)?;
            match wide_int(data) {
                Some(wide) => solve!(&wide),
                None => solve!(data),
            }
        }
        Costs::UInt(c) => solve!(&wide_uint(slice(&c)?)),
        Costs::Float(c) => solve!(slice(&c)?),
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("InfeasibleError", m.py().get_type::<InfeasibleError>())?;
    m.add_function(wrap_pyfunction!(lsa, m)?)?;
    m.add_function(wrap_pyfunction!(lsa_wide, m)?)?;
    m.add_function(wrap_pyfunction!(stable_matching, m)?)?;
    m.add_function(wrap_pyfunction!(blocking_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(capacitated, m)?)?;
    Ok(())
}
