//! Solving a checked team formation input with a policy: seat groups, then deferred
//! acceptance or the welfare optimum by min-cost flow.

use super::explain::explain;
use super::prepare::{Prepared, prepare, welfare};
use super::{Policy, TeamResult};
use crate::diagnostics::InvalidDocument;
use crate::diagnostics::message::{self, Step};
use crate::model::TeamFormation;
use crate::solve::{FlowProblem, Optimal, capacitated_assignment, hospital_residents};
use crate::validate::Checked;

/// Forms the teams with one policy, from an input checked with its rulebook (see
/// [`load`](super::load)); the checks do not run again.
///
/// # Errors
/// `promotion_unknown` when the input was checked without a rulebook; `internal_error` if a
/// solver fails.
pub fn form_teams(
    input: &Checked<TeamFormation>,
    policy: Policy,
) -> Result<TeamResult, InvalidDocument> {
    let context = input.context();
    let Some(rulebook) = context.rulebook() else {
        return Err(crate::validate::RulebookChoice::Named
            .resolve(input.promotion.as_str())
            .err()
            .map_or_else(|| InvalidDocument::new(Vec::new()), InvalidDocument::from));
    };
    let input_ref: &TeamFormation = input;
    let p = prepare(input_ref, &context.index);
    let capacities = p.capacities();
    let assignment: Vec<Option<usize>> = match policy {
        Policy::Stable => {
            hospital_residents(
                &p.resident_lists,
                &p.hospital_lists,
                &capacities,
                Optimal::Resident,
            )
            .map_err(|e| internal(&e.to_string()))?
            .resident_to_hospital
        }
        Policy::Optimal => optimal(input_ref, &p).map_err(|e| internal(&e))?,
    };
    Ok(explain(input_ref, rulebook, policy, &p, &assignment))
}

fn internal(why: &str) -> InvalidDocument {
    message::internal_error("", Step::FormingTeams, why).into()
}

/// The welfare optimum as a min-cost flow. Each seat group is a task that takes exactly its
/// seats, from the candidates (one seat at most each) or from its own "vacancy" agents (worth
/// 0), so that a seat may stay empty and a candidate unplaced. Seats are few beside the
/// candidates, so the solver's relaxed start (each group takes its best candidates) is close
/// to feasible and its repairs are few.
fn optimal(input: &TeamFormation, p: &Prepared) -> Result<Vec<Option<usize>>, String> {
    let nc = input.candidates.len();
    let mut arcs = Vec::new();
    for (c, list) in p.prefs.iter().enumerate() {
        let n = list.len();
        for (rank, pref) in list.iter().enumerate() {
            if let Some(g) = pref.group {
                arcs.push((c, g, welfare(input.welfare, pref.score, rank, n)));
            }
        }
    }
    let mut agents = nc;
    for (g, group) in p.groups.iter().enumerate() {
        for _ in 0..group.seats {
            arcs.push((agents, g, 0.0));
            agents += 1;
        }
    }
    let problem = FlowProblem {
        agent_min: vec![0; agents],
        agent_max: vec![1; agents],
        task_demand: p.groups.iter().map(|g| g.seats).collect(),
        arcs,
        forced: Vec::new(),
    };
    let solution = capacitated_assignment(&problem, true).map_err(|e| e.to_string())?;
    let mut out = vec![None; nc];
    for (a, g) in solution.pairs {
        if a < nc {
            out[a] = Some(g);
        }
    }
    Ok(out)
}

/// Both policies on the same input, for their comparison.
///
/// # Errors
/// As [`form_teams`].
pub fn compare(
    input: &Checked<TeamFormation>,
) -> Result<(TeamResult, TeamResult), InvalidDocument> {
    Ok((
        form_teams(input, Policy::Stable)?,
        form_teams(input, Policy::Optimal)?,
    ))
}
