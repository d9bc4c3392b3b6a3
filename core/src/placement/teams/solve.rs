//! Solving a checked team formation input with a policy: seat groups, then deferred
//! acceptance or the welfare optimum by min-cost flow.

use super::explain::explain;
use super::prepare::{Prepared, prepare, welfare};
use super::rematch::{self, Pins};
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
    let pins = Pins::new(input_ref, &p);
    let assignment: Vec<Option<usize>> = match policy {
        Policy::Stable => stable(&p, &pins).map_err(|e| internal(&e))?,
        Policy::Optimal => optimal(input_ref, &p, &pins).map_err(|e| internal(&e))?,
    };
    let mut result = explain(input_ref, rulebook, policy, &p, &assignment, &pins);
    result.changes = rematch::changes(input_ref, &result);
    Ok(result)
}

/// The stable policy: deferred acceptance. With pins or a previous placement, the pinned
/// candidates take their seats, then every candidate placed before who can stay keeps their
/// seat (the seat group's best first, while seats remain), and deferred acceptance fills the
/// seats left among the others.
fn stable(p: &Prepared, pins: &Pins) -> Result<Vec<Option<usize>>, String> {
    let capacities = p.capacities();
    if !pins.any() {
        return hospital_residents(
            &p.resident_lists,
            &p.hospital_lists,
            &capacities,
            Optimal::Resident,
        )
        .map(|m| m.resident_to_hospital)
        .map_err(|e| e.to_string());
    }
    let fixed = pins.kept(p);
    let mut left = capacities;
    for g in fixed.iter().flatten() {
        left[*g] = left[*g].saturating_sub(1);
    }
    let free = |c: usize| fixed[c].is_none() && !pins.withdrawn[c];
    let resident_lists: Vec<Vec<usize>> = p
        .resident_lists
        .iter()
        .enumerate()
        .map(|(c, list)| {
            if free(c) {
                list.iter()
                    .copied()
                    .filter(|&g| pins.allowed(c, g))
                    .collect()
            } else {
                Vec::new()
            }
        })
        .collect();
    let hospital_lists: Vec<Vec<usize>> = p
        .hospital_lists
        .iter()
        .enumerate()
        .map(|(g, list)| {
            list.iter()
                .copied()
                .filter(|&c| free(c) && pins.allowed(c, g))
                .collect()
        })
        .collect();
    let matching = hospital_residents(&resident_lists, &hospital_lists, &left, Optimal::Resident)
        .map_err(|e| e.to_string())?;
    Ok(fixed
        .iter()
        .zip(matching.resident_to_hospital)
        .map(|(kept, found)| kept.or(found))
        .collect())
}

fn internal(why: &str) -> InvalidDocument {
    message::internal_error("", Step::FormingTeams, why).into()
}

/// The welfare optimum as a min-cost flow. Each seat group is a task that takes exactly its
/// seats, from the candidates (one seat at most each) or from its own "vacancy" agents (worth
/// 0), so that a seat may stay empty and a candidate unplaced. Seats are few beside the
/// candidates, so the solver's relaxed start (each group takes its best candidates) is close
/// to feasible and its repairs are few.
///
/// Pins are the solver's forced pairs, vetoes and withdrawals remove pairs. With a previous
/// placement, each candidate's previous seat is worth a bonus larger than any difference of
/// welfare (twice the sum of every candidate's largest welfare in absolute value, plus one):
/// the optimum keeps as many candidates as can stay, then has the best welfare.
fn optimal(input: &TeamFormation, p: &Prepared, pins: &Pins) -> Result<Vec<Option<usize>>, String> {
    let nc = input.candidates.len();
    let mut arcs = Vec::new();
    let mut bound = 0.0_f64;
    for (c, list) in p.prefs.iter().enumerate() {
        let n = list.len();
        let mut largest = 0.0_f64;
        for (rank, pref) in list.iter().enumerate() {
            if let Some(g) = pref.group
                && pins.allowed(c, g)
            {
                let w = welfare(input.welfare, pref.score, rank, n);
                largest = largest.max(w.abs());
                arcs.push((c, g, w));
            }
        }
        bound += largest;
    }
    let bonus = 2.0 * bound + 1.0;
    for arc in &mut arcs {
        if pins.previous[arc.0] == Some(arc.1) {
            arc.2 += bonus;
        }
    }
    let mut agents = nc;
    for (g, group) in p.groups.iter().enumerate() {
        for _ in 0..group.seats {
            arcs.push((agents, g, 0.0));
            agents += 1;
        }
    }
    let forced = pins
        .forced
        .iter()
        .enumerate()
        .filter_map(|(c, g)| g.map(|g| (c, g)))
        .collect();
    let problem = FlowProblem {
        agent_min: vec![0; agents],
        agent_max: vec![1; agents],
        task_demand: p.groups.iter().map(|g| g.seats).collect(),
        arcs,
        forced,
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
