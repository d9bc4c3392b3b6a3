//! Assignment engines, generic over no domain type: linear sum assignment (dense and sparse)
//! and stable matching with capacities. Team formation and mentor matching build on them.
//!
//! Every solver is deterministic, and malformed input (NaN costs, wrong shapes, unknown
//! indices) is an error, never a hang or a panic.

mod flow;
mod lsa;
mod stable;

pub use flow::{FlowError, FlowProblem, FlowSolution, capacitated_assignment};
pub use lsa::{
    Assignment, AssignmentError, Cost, Csr, linear_sum_assignment, linear_sum_assignment_sparse,
};
pub use stable::{
    BlockingPair, Optimal, StableError, StableMatching, blocking_pairs, hospital_residents,
};
