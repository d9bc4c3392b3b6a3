//! A checked input as the solvers see it: seat groups, each candidate's list of groups, each
//! group's list of candidates; and the documented welfare of a placement.

use super::check::Index;
use crate::model::{TeamFormation, Welfare};
use std::collections::HashMap;

/// The seats of one défi for one expertise.
pub(super) struct SeatGroup {
    /// The défi's index in the input.
    pub(super) challenge: usize,
    /// The expertise.
    pub(super) expertise: String,
    /// How many seats.
    pub(super) seats: u32,
}

/// One choice of a candidate's list, as the solvers read it.
#[derive(Clone, Copy)]
pub(super) struct Preference {
    /// The défi's index in the input.
    pub(super) challenge: usize,
    /// The seat group of the candidate's expertise at that défi, if the défi has one.
    pub(super) group: Option<usize>,
    /// The candidate's jury score for the défi.
    pub(super) score: f64,
}

/// The problem in indices: seat groups, the candidates' lists of groups, the groups' lists of
/// candidates.
pub(super) struct Prepared {
    /// Every seat group, by défi then expertise as first met.
    pub(super) groups: Vec<SeatGroup>,
    /// Per candidate: their preferences, in their order (défis ranked twice or without a
    /// score left out).
    pub(super) prefs: Vec<Vec<Preference>>,
    /// Per candidate: their acceptable groups, in their order.
    pub(super) resident_lists: Vec<Vec<usize>>,
    /// Per group: its acceptable candidates, best first.
    pub(super) hospital_lists: Vec<Vec<usize>>,
    /// Per candidate, for each group of their list: their position in that group's list.
    pub(super) rank_in_group: Vec<Vec<usize>>,
}

/// Seat groups, and each candidate's preferences over them.
pub(super) fn prepare(input: &TeamFormation, ix: &Index) -> Prepared {
    let (groups, by_challenge) = seat_groups(input);
    let mut prefs = Vec::with_capacity(input.candidates.len());
    let mut resident_lists = Vec::with_capacity(input.candidates.len());
    let mut applicants: Vec<Vec<(f64, usize)>> = vec![Vec::new(); groups.len()];
    for (c, cand) in input.candidates.iter().enumerate() {
        let mut list: Vec<Preference> = Vec::with_capacity(cand.preferences.len());
        let mut groups_of_c = Vec::with_capacity(cand.preferences.len());
        for &d in &ix.prefs[c] {
            let Some(d) = d else {
                continue;
            };
            let Some(score) = ix.score(c, d) else {
                continue;
            };
            if list.iter().any(|x| x.challenge == d) {
                continue;
            }
            let group = by_challenge[d]
                .iter()
                .find(|(e, _)| *e == cand.expertise.as_str())
                .map(|x| x.1);
            if let Some(g) = group {
                groups_of_c.push(g);
                applicants[g].push((score, c));
            }
            list.push(Preference {
                challenge: d,
                group,
                score,
            });
        }
        prefs.push(list);
        resident_lists.push(groups_of_c);
    }
    let hospital_lists = best_first(input, applicants);
    let rank_in_group = positions(&resident_lists, &hospital_lists);
    Prepared {
        groups,
        prefs,
        resident_lists,
        hospital_lists,
        rank_in_group,
    }
}

/// Per défi, its seat group for each expertise (few: no hashing per preference).
type GroupsByChallenge<'a> = Vec<Vec<(&'a str, usize)>>;

/// The seat groups, and per défi its group for each expertise.
fn seat_groups(input: &TeamFormation) -> (Vec<SeatGroup>, GroupsByChallenge<'_>) {
    let mut groups = Vec::new();
    let mut group_of: HashMap<(usize, &str), usize> = HashMap::new();
    for (d, c) in input.challenges.iter().enumerate() {
        for s in &c.seats {
            group_of
                .entry((d, s.expertise.as_str()))
                .or_insert_with(|| {
                    groups.push(SeatGroup {
                        challenge: d,
                        expertise: s.expertise.0.clone(),
                        seats: s.count,
                    });
                    groups.len() - 1
                });
        }
    }
    let mut by_challenge: GroupsByChallenge<'_> = vec![Vec::new(); input.challenges.len()];
    for (&(d, e), &g) in &group_of {
        by_challenge[d].push((e, g));
    }
    (groups, by_challenge)
}

/// Each group's applicants, best score first (ties by candidate id).
fn best_first(input: &TeamFormation, applicants: Vec<Vec<(f64, usize)>>) -> Vec<Vec<usize>> {
    applicants
        .into_iter()
        .map(|mut list| {
            list.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then_with(|| input.candidates[a.1].id.cmp(&input.candidates[b.1].id))
            });
            list.into_iter().map(|x| x.1).collect()
        })
        .collect()
}

/// Per candidate, for each group of their list, their position in that group's list.
fn positions(resident_lists: &[Vec<usize>], hospital_lists: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut rank_in_group: Vec<Vec<usize>> =
        resident_lists.iter().map(|l| vec![0; l.len()]).collect();
    for (g, list) in hospital_lists.iter().enumerate() {
        for (pos, &c) in list.iter().enumerate() {
            if let Some(k) = resident_lists[c].iter().position(|&x| x == g) {
                rank_in_group[c][k] = pos;
            }
        }
    }
    rank_in_group
}

impl Prepared {
    /// Candidate `c`'s position in group `g`'s list (`usize::MAX` when not in it).
    pub(super) fn position(&self, g: usize, c: usize) -> usize {
        self.resident_lists[c]
            .iter()
            .position(|&x| x == g)
            .map_or(usize::MAX, |k| self.rank_in_group[c][k])
    }

    /// Each group's number of seats.
    pub(super) fn capacities(&self) -> Vec<usize> {
        self.groups.iter().map(|g| g.seats as usize).collect()
    }
}

/// The documented welfare of placing a candidate on the `rank`-th (from 0) of `n` choices.
#[must_use]
pub fn welfare(w: Welfare, score: f64, rank: usize, n: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let preference = (n - rank) as f64;
    w.score_weight * score + w.rank_weight * preference
}
