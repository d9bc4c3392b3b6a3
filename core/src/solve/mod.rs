//! Generic solvers, over no domain type (this module imports nothing else of the crate):
//! linear sum assignment (dense and sparse), min-cost flow for capacitated assignment, and
//! stable matching with capacities (deferred acceptance). [`crate::placement`] builds team
//! formation and mentor matching on them.
//!
//! Every solver is deterministic, and malformed input (NaN costs, wrong shapes, unknown
//! indices) is an error, never a hang or a panic.

mod flow;
mod lsa;
mod scaling;
mod stable;

pub use flow::{FlowError, FlowProblem, FlowSolution, capacitated_assignment};
pub use lsa::{
    Assignment, AssignmentError, Cost, Csr, linear_sum_assignment, linear_sum_assignment_sparse,
};
pub use stable::{
    BlockingPair, Optimal, PreferenceLists, RankedPairs, StableError, StableMatching,
    blocking_pairs, hospital_residents, preferences_from_pairs,
};
