//! Assignment engines, generic over no domain type: linear sum assignment (dense and sparse)
//! and stable matching with capacities. Team formation and mentor matching build on them.
//!
//! [`teams`] forms défi teams from ranked candidates (stable or welfare-optimal), and
//! [`mentors`] gives teams their référents and buddies; both explain every pair.
//!
//! Every solver is deterministic, and malformed input (NaN costs, wrong shapes, unknown
//! indices) is an error, never a hang or a panic.

mod flow;
mod lsa;
pub mod mentors;
mod stable;
pub mod teams;

pub use flow::{FlowError, FlowProblem, FlowSolution, capacitated_assignment};
pub use lsa::{
    Assignment, AssignmentError, Cost, Csr, linear_sum_assignment, linear_sum_assignment_sparse,
};
pub use stable::{
    BlockingPair, Optimal, StableError, StableMatching, blocking_pairs, hospital_residents,
};
