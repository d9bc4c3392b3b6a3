//! Solving a checked team formation input with a policy: seat groups, then deferred
//! acceptance or the welfare optimum by min-cost flow.

use super::check::Index;
use super::{Policy, TeamResult};
use crate::diagnostics::InvalidDocument;
use crate::diagnostics::message::{self, Step};
use crate::model::{TeamFormation, Welfare};
use crate::solve::{FlowProblem, Optimal, capacitated_assignment, hospital_residents};
use crate::validate::Checked;
use std::collections::HashMap;

/// The problem in indices: seat groups, the candidates' lists of groups, the groups' lists of
/// candidates.
pub(super) struct Prepared {
    /// (challenge index, expertise, count) per group.
    pub(super) groups: Vec<(usize, String, u32)>,
    /// Per candidate: their preferences as (challenge index, group if any, score).
    pub(super) prefs: Vec<Vec<(usize, Option<usize>, f64)>>,
    /// Per candidate: their acceptable groups, in their order.
    pub(super) resident_lists: Vec<Vec<usize>>,
    /// Per group: its acceptable candidates, best first.
    pub(super) hospital_lists: Vec<Vec<usize>>,
    /// Per candidate, for each group of their list: their position in that group's list.
    pub(super) rank_in_group: Vec<Vec<usize>>,
}

fn prepare(input: &TeamFormation, ix: &Index) -> Prepared {
    let mut groups = Vec::new();
    let mut group_of: HashMap<(usize, &str), usize> = HashMap::new();
    for (d, c) in input.challenges.iter().enumerate() {
        for s in &c.seats {
            group_of
                .entry((d, s.expertise.as_str()))
                .or_insert_with(|| {
                    groups.push((d, s.expertise.0.clone(), s.count));
                    groups.len() - 1
                });
        }
    }
    // Per challenge, its group for each expertise (few), to avoid hashing per preference.
    let mut by_challenge: Vec<Vec<(&str, usize)>> = vec![Vec::new(); input.challenges.len()];
    for (&(d, e), &g) in &group_of {
        by_challenge[d].push((e, g));
    }
    let mut prefs = Vec::with_capacity(input.candidates.len());
    let mut resident_lists = Vec::with_capacity(input.candidates.len());
    let mut applicants: Vec<Vec<(f64, usize)>> = vec![Vec::new(); groups.len()];
    for (c, cand) in input.candidates.iter().enumerate() {
        let mut list = Vec::with_capacity(cand.preferences.len());
        let mut groups_of_c = Vec::with_capacity(cand.preferences.len());
        for &d in &ix.prefs[c] {
            let Some(d) = d else {
                continue;
            };
            let Some(s) = ix.score(c, d) else {
                continue;
            };
            if list.iter().any(|x: &(usize, Option<usize>, f64)| x.0 == d) {
                continue;
            }
            let g = by_challenge[d]
                .iter()
                .find(|(e, _)| *e == cand.expertise.as_str())
                .map(|x| x.1);
            if let Some(g) = g {
                groups_of_c.push(g);
                applicants[g].push((s, c));
            }
            list.push((d, g, s));
        }
        prefs.push(list);
        resident_lists.push(groups_of_c);
    }
    let hospital_lists: Vec<Vec<usize>> = applicants
        .into_iter()
        .map(|mut list| {
            list.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then_with(|| input.candidates[a.1].id.cmp(&input.candidates[b.1].id))
            });
            list.into_iter().map(|x| x.1).collect()
        })
        .collect();
    let mut rank_in_group: Vec<Vec<usize>> = resident_lists
        .iter()
        .map(|l: &Vec<usize>| vec![0; l.len()])
        .collect();
    for (g, list) in hospital_lists.iter().enumerate() {
        for (pos, &c) in list.iter().enumerate() {
            if let Some(k) = resident_lists[c].iter().position(|&x| x == g) {
                rank_in_group[c][k] = pos;
            }
        }
    }
    Prepared {
        groups,
        prefs,
        resident_lists,
        hospital_lists,
        rank_in_group,
    }
}

impl Prepared {
    /// Candidate `c`'s position in group `g`'s list (`usize::MAX` when not in it).
    pub(super) fn position(&self, g: usize, c: usize) -> usize {
        self.resident_lists[c]
            .iter()
            .position(|&x| x == g)
            .map_or(usize::MAX, |k| self.rank_in_group[c][k])
    }
}

/// The documented welfare of placing a candidate on the `rank`-th (from 0) of `n` choices.
#[must_use]
pub fn welfare(w: Welfare, score: f64, rank: usize, n: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let preference = (n - rank) as f64;
    w.score_weight * score + w.rank_weight * preference
}

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
    let capacities: Vec<usize> = p.groups.iter().map(|g| g.2 as usize).collect();
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
    Ok(super::explain::explain(
        input_ref,
        rulebook,
        policy,
        &p,
        &capacities,
        assignment,
    ))
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
        for (rank, (_, g, s)) in list.iter().enumerate() {
            if let Some(g) = g {
                arcs.push((c, *g, welfare(input.welfare, *s, rank, n)));
            }
        }
    }
    let mut agents = nc;
    for (g, group) in p.groups.iter().enumerate() {
        for _ in 0..group.2 {
            arcs.push((agents, g, 0.0));
            agents += 1;
        }
    }
    let problem = FlowProblem {
        agent_min: vec![0; agents],
        agent_max: vec![1; agents],
        task_demand: p.groups.iter().map(|g| g.2).collect(),
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
