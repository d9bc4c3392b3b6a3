//! Pins, vetoes and re-matching: the checks of `forced`, `forbidden`, `previous` and
//! `withdrawn`, the pairs each policy must keep, and the changes from the placement already
//! announced.

use super::check::Index;
use super::prepare::Prepared;
use super::{Placement, TeamResult};
use crate::diagnostics::Violation;
use crate::diagnostics::message::{self, PinFault, PinRole, Thing};
use crate::model::{CandidateChallenge, TeamFormation};
use crate::placement::Change;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The pins, vetoes, previous placement and withdrawals name known candidates and défis; each
/// pin can hold (a seat of the candidate's expertise on a défi they ranked, not vetoed, one
/// pin per candidate, no more pins than seats).
pub(super) fn check_pins(input: &TeamFormation, ix: &Index, out: &mut Vec<Violation>) {
    if input.forced.is_empty()
        && input.forbidden.is_empty()
        && input.previous.is_none()
        && input.withdrawn.is_empty()
    {
        return;
    }
    let challenge_ids: Vec<&str> = input.challenges.iter().map(|c| c.id.as_str()).collect();
    let candidate_ids: Vec<&str> = input.candidates.iter().map(|c| c.id.as_str()).collect();
    let challenge: HashMap<&str, usize> = challenge_ids
        .iter()
        .enumerate()
        .rev()
        .map(|(i, id)| (*id, i))
        .collect();
    let candidate: HashMap<&str, usize> = candidate_ids
        .iter()
        .enumerate()
        .rev()
        .map(|(i, id)| (*id, i))
        .collect();
    let mut resolve = |list: &str, k: usize, pair: &CandidateChallenge| {
        let c = candidate.get(pair.candidate.as_str()).copied();
        let d = challenge.get(pair.challenge.as_str()).copied();
        if c.is_none() {
            out.push(message::unknown_reference(
                format!("/{list}/{k}/candidate"),
                Thing::Candidate,
                &pair.candidate,
                &candidate_ids,
            ));
        }
        if d.is_none() {
            out.push(message::unknown_reference(
                format!("/{list}/{k}/challenge"),
                Thing::Challenge,
                &pair.challenge,
                &challenge_ids,
            ));
        }
        c.zip(d)
    };
    let forbidden: HashSet<(usize, usize)> = input
        .forbidden
        .iter()
        .enumerate()
        .filter_map(|(k, pair)| resolve("forbidden", k, pair))
        .collect();
    let mut pinned: HashMap<usize, usize> = HashMap::new();
    let mut pins_per_group: BTreeMap<(usize, &str), (u32, usize)> = BTreeMap::new();
    let forced: Vec<Option<(usize, usize)>> = input
        .forced
        .iter()
        .enumerate()
        .map(|(k, pair)| resolve("forced", k, pair))
        .collect();
    let mut previous_seen: HashSet<usize> = HashSet::new();
    let previous: Vec<Option<(usize, usize)>> = input
        .previous
        .iter()
        .flatten()
        .enumerate()
        .map(|(k, pair)| resolve("previous", k, pair))
        .collect();
    // A pin on who withdrew is void: neither checked nor counted.
    let withdrawn: HashSet<&str> = input.withdrawn.iter().map(String::as_str).collect();
    for (k, pair) in forced.iter().enumerate() {
        let Some((c, d)) = *pair else {
            continue;
        };
        if withdrawn.contains(input.candidates[c].id.as_str()) {
            continue;
        }
        let cand = &input.candidates[c];
        let path = format!("/forced/{k}");
        let fault = |f| {
            message::pin_conflicted(
                path.clone(),
                PinRole::Seat,
                &cand.id,
                &input.challenges[d].id,
                f,
            )
        };
        let seats = input.challenges[d]
            .seats
            .iter()
            .find(|s| s.expertise == cand.expertise)
            .map(|s| s.count);
        if let Some(&other) = pinned.get(&c) {
            if other == d {
                out.push(message::duplicate_items(path, Some(&cand.id)));
            } else {
                out.push(fault(PinFault::PinnedElsewhere(
                    &input.challenges[other].id,
                )));
            }
            continue;
        }
        pinned.insert(c, d);
        if forbidden.contains(&(c, d)) {
            out.push(fault(PinFault::Forbidden));
        } else if seats.is_none() {
            out.push(fault(PinFault::NoSeat(cand.expertise.as_str())));
        } else if !ix.prefs[c].contains(&Some(d)) || ix.score(c, d).is_none() {
            out.push(fault(PinFault::NotRanked));
        } else if let Some(n) = seats {
            let entry = pins_per_group
                .entry((d, cand.expertise.as_str()))
                .or_insert((0, k));
            entry.0 += 1;
            if entry.0 == n + 1 {
                out.push(fault(PinFault::TooManyPins(n)));
            }
        }
    }
    for (k, pair) in previous.iter().enumerate() {
        if let Some((c, _)) = *pair
            && !previous_seen.insert(c)
        {
            out.push(message::duplicate_items(
                format!("/previous/{k}/candidate"),
                Some(&input.candidates[c].id),
            ));
        }
    }
    for (k, id) in input.withdrawn.iter().enumerate() {
        if !candidate.contains_key(id.as_str()) {
            out.push(message::unknown_reference(
                format!("/withdrawn/{k}"),
                Thing::Candidate,
                id,
                &candidate_ids,
            ));
        }
    }
}

/// The pairs (candidate, seat group) the input pins or vetoes, the previous placement by
/// candidate, and who withdrew, in indices of the prepared problem.
pub(super) struct Pins {
    /// Per candidate: the group they are pinned to.
    pub(super) forced: Vec<Option<usize>>,
    /// Vetoed (candidate, group) pairs.
    pub(super) forbidden: HashSet<(usize, usize)>,
    /// Per candidate: the group they were placed in, when it still exists for them (`None`
    /// also for who was not placed).
    pub(super) previous: Vec<Option<usize>>,
    /// Per candidate: whether they withdrew.
    pub(super) withdrawn: Vec<bool>,
}

impl Pins {
    /// The pins of a checked input, over its prepared seat groups.
    pub(super) fn new(input: &TeamFormation, p: &Prepared) -> Self {
        let n = input.candidates.len();
        let candidate: HashMap<&str, usize> = input
            .candidates
            .iter()
            .enumerate()
            .rev()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        // The group of (candidate, défi): the candidate's expertise at that défi, if they
        // ranked it (a pair a candidate could never take is no group).
        let group = |pair: &CandidateChallenge| {
            let c = *candidate.get(pair.candidate.as_str())?;
            let g = p.prefs[c]
                .iter()
                .find(|x| input.challenges[x.challenge].id == pair.challenge)?
                .group?;
            Some((c, g))
        };
        let mut withdrawn = vec![false; n];
        for id in &input.withdrawn {
            if let Some(&c) = candidate.get(id.as_str()) {
                withdrawn[c] = true;
            }
        }
        let mut forced = vec![None; n];
        for (c, g) in input.forced.iter().filter_map(group) {
            if !withdrawn[c] {
                forced[c] = Some(g);
            }
        }
        let forbidden: HashSet<(usize, usize)> = input.forbidden.iter().filter_map(group).collect();
        let mut previous = vec![None; n];
        for (c, g) in input.previous.iter().flatten().filter_map(group) {
            if !forbidden.contains(&(c, g)) {
                previous[c] = Some(g);
            }
        }
        Self {
            forced,
            forbidden,
            previous,
            withdrawn,
        }
    }

    /// Whether the input pins, vetoes, withdraws or has a previous placement.
    pub(super) fn any(&self) -> bool {
        self.withdrawn.iter().any(|&w| w)
            || !self.forbidden.is_empty()
            || self.forced.iter().any(Option::is_some)
            || self.previous.iter().any(Option::is_some)
    }

    /// The seats that stay as they are: every pin, then in each seat group the candidates
    /// placed there before who can stay, the group's best first, while seats remain.
    pub(super) fn kept(&self, p: &Prepared) -> Vec<Option<usize>> {
        let mut kept = self.forced.clone();
        let mut left = p.capacities();
        for g in kept.iter().flatten() {
            left[*g] = left[*g].saturating_sub(1);
        }
        for (g, list) in p.hospital_lists.iter().enumerate() {
            for &c in list {
                if left[g] > 0
                    && kept[c].is_none()
                    && self.previous[c] == Some(g)
                    && self.allowed(c, g)
                {
                    kept[c] = Some(g);
                    left[g] -= 1;
                }
            }
        }
        kept
    }

    /// Whether candidate `c` may take a seat of group `g`.
    pub(super) fn allowed(&self, c: usize, g: usize) -> bool {
        !self.withdrawn[c]
            && !self.forbidden.contains(&(c, g))
            && self.forced[c].is_none_or(|f| f == g)
    }
}

/// The changes from the placement already announced (none without one): who withdrew, who
/// was moved off their défi, who was given a seat they did not have.
pub(super) fn changes(input: &TeamFormation, result: &TeamResult) -> Vec<Change> {
    let Some(previous) = &input.previous else {
        return Vec::new();
    };
    let before: HashMap<&str, &str> = previous
        .iter()
        .map(|p| (p.candidate.as_str(), p.challenge.as_str()))
        .collect();
    let withdrawn: HashSet<&str> = input.withdrawn.iter().map(String::as_str).collect();
    let placed: HashMap<&str, &Placement> = result
        .placements
        .iter()
        .map(|p| (p.candidate.as_str(), p))
        .collect();
    let mut out = Vec::new();
    for cand in &input.candidates {
        let id = cand.id.as_str();
        let from: Vec<String> = before
            .get(id)
            .map(|d| (*d).to_owned())
            .into_iter()
            .collect();
        let to: Vec<String> = if withdrawn.contains(id) {
            Vec::new()
        } else {
            placed
                .get(id)
                .and_then(|p| p.challenge.clone())
                .into_iter()
                .collect()
        };
        if from == to {
            continue;
        }
        let reason = if withdrawn.contains(id) {
            "withdrew"
        } else if from.is_empty() {
            "added"
        } else {
            "moved"
        };
        out.push(Change {
            id: id.to_owned(),
            kind: "candidate".to_owned(),
            from,
            to,
            reason: reason.to_owned(),
        });
    }
    out
}
