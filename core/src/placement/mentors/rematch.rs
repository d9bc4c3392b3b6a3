//! Pins, vetoes and re-matching for mentor matching: the checks of `forced`, `forbidden`,
//! `previous` and `withdrawn`, and the changes from the pairs already announced.

use super::{MentorResult, in_conflict};
use crate::diagnostics::Violation;
use crate::diagnostics::message::{self, PinFault, PinRole, Thing};
use crate::model::{FollowerKind, MentorMatching, TeamFollower};
use crate::placement::Change;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The pins, vetoes, previous pairs and withdrawals name known teams and followers; each pin
/// can hold (no conflict of interest, not vetoed, no more pins on a team than it needs of that
/// kind, no more pins for a follower than their maximum load).
pub(super) fn check_pins(input: &MentorMatching, out: &mut Vec<Violation>) {
    if input.forced.is_empty()
        && input.forbidden.is_empty()
        && input.previous.is_none()
        && input.withdrawn.is_empty()
    {
        return;
    }
    let team_ids: Vec<&str> = input.teams.iter().map(|t| t.id.as_str()).collect();
    let follower_ids: Vec<&str> = input.followers.iter().map(|f| f.id.as_str()).collect();
    let team = index(&team_ids);
    let follower = index(&follower_ids);
    let mut resolve = |list: &str, k: usize, pair: &TeamFollower| {
        let t = team.get(pair.team.as_str()).copied();
        let f = follower.get(pair.follower.as_str()).copied();
        if t.is_none() {
            out.push(message::unknown_reference(
                format!("/{list}/{k}/team"),
                Thing::Team,
                &pair.team,
                &team_ids,
            ));
        }
        if f.is_none() {
            out.push(message::unknown_reference(
                format!("/{list}/{k}/follower"),
                Thing::Follower,
                &pair.follower,
                &follower_ids,
            ));
        }
        t.zip(f)
    };
    let forbidden: HashSet<(usize, usize)> = input
        .forbidden
        .iter()
        .enumerate()
        .filter_map(|(k, p)| resolve("forbidden", k, p))
        .collect();
    let forced: Vec<Option<(usize, usize)>> = input
        .forced
        .iter()
        .enumerate()
        .map(|(k, p)| resolve("forced", k, p))
        .collect();
    let previous: Vec<Option<(usize, usize)>> = input
        .previous
        .iter()
        .flatten()
        .enumerate()
        .map(|(k, p)| resolve("previous", k, p))
        .collect();
    let mut seen = HashSet::new();
    let mut per_team: BTreeMap<(usize, FollowerKind), u32> = BTreeMap::new();
    let mut per_follower: BTreeMap<usize, u32> = BTreeMap::new();
    // A pin on who withdrew is void: neither checked nor counted.
    let withdrawn: HashSet<&str> = input.withdrawn.iter().map(String::as_str).collect();
    for (k, pair) in forced.iter().enumerate() {
        let Some((t, f)) = *pair else {
            continue;
        };
        if withdrawn.contains(input.followers[f].id.as_str()) {
            continue;
        }
        let (tm, fw) = (&input.teams[t], &input.followers[f]);
        let path = format!("/forced/{k}");
        let fault = |x| message::pin_conflicted(path.clone(), PinRole::Follow, &fw.id, &tm.id, x);
        if !seen.insert((t, f)) {
            out.push(message::duplicate_items(path, Some(&fw.id)));
            continue;
        }
        if in_conflict(tm, fw) {
            let o = fw.organisation.as_deref().unwrap_or_default();
            out.push(fault(PinFault::OwnOrganisation(o)));
            continue;
        }
        if forbidden.contains(&(t, f)) {
            out.push(fault(PinFault::Forbidden));
            continue;
        }
        let places = match fw.kind {
            FollowerKind::Buddy => 1,
            FollowerKind::Referent => tm.needs,
        };
        let on_team = per_team.entry((t, fw.kind)).or_insert(0);
        *on_team += 1;
        if *on_team == places + 1 {
            out.push(fault(PinFault::TooManyPins(places)));
        }
        let load = per_follower.entry(f).or_insert(0);
        *load += 1;
        if *load == fw.max_teams + 1 {
            out.push(fault(PinFault::OverLoad(fw.max_teams)));
        }
    }
    let mut seen = HashSet::new();
    for (k, pair) in previous.iter().enumerate() {
        if let Some((t, f)) = *pair
            && !seen.insert((t, f))
        {
            out.push(message::duplicate_items(
                format!("/previous/{k}"),
                Some(&input.followers[f].id),
            ));
        }
    }
    for (k, id) in input.withdrawn.iter().enumerate() {
        if !follower.contains_key(id.as_str()) {
            out.push(message::unknown_reference(
                format!("/withdrawn/{k}"),
                Thing::Follower,
                id,
                &follower_ids,
            ));
        }
    }
}

/// The first position of each identifier.
fn index<'a>(ids: &[&'a str]) -> HashMap<&'a str, usize> {
    ids.iter()
        .enumerate()
        .rev()
        .map(|(i, id)| (*id, i))
        .collect()
}

/// The pins, vetoes and previous pairs as (team, follower) indices of the input, and who
/// withdrew.
pub(super) struct Pins {
    pub(super) forced: HashSet<(usize, usize)>,
    pub(super) forbidden: HashSet<(usize, usize)>,
    pub(super) previous: HashSet<(usize, usize)>,
    pub(super) withdrawn: Vec<bool>,
}

impl Pins {
    /// The pins of a checked input.
    pub(super) fn new(input: &MentorMatching) -> Self {
        let team_ids: Vec<&str> = input.teams.iter().map(|t| t.id.as_str()).collect();
        let follower_ids: Vec<&str> = input.followers.iter().map(|f| f.id.as_str()).collect();
        let (team, follower) = (index(&team_ids), index(&follower_ids));
        let pairs = |list: &[TeamFollower]| -> HashSet<(usize, usize)> {
            list.iter()
                .filter_map(|p| {
                    Some((
                        *team.get(p.team.as_str())?,
                        *follower.get(p.follower.as_str())?,
                    ))
                })
                .collect()
        };
        let mut withdrawn = vec![false; input.followers.len()];
        for id in &input.withdrawn {
            if let Some(&f) = follower.get(id.as_str()) {
                withdrawn[f] = true;
            }
        }
        Self {
            forced: pairs(&input.forced),
            forbidden: pairs(&input.forbidden),
            previous: pairs(input.previous.as_deref().unwrap_or_default()),
            withdrawn,
        }
    }
}

/// The changes from the pairs already announced (none without them), one per follower whose
/// teams differ: who withdrew, who was taken off a team (moved), who only gained teams (added).
pub(super) fn changes(input: &MentorMatching, result: &MentorResult) -> Vec<Change> {
    let Some(previous) = &input.previous else {
        return Vec::new();
    };
    let withdrawn: HashSet<&str> = input.withdrawn.iter().map(String::as_str).collect();
    let order: HashMap<&str, usize> = input
        .teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let teams_of = |pairs: &mut dyn Iterator<Item = (&str, &str)>, id: &str| {
        let set: BTreeSet<(usize, String)> = pairs
            .filter(|(_, f)| *f == id)
            .map(|(t, _)| (order.get(t).copied().unwrap_or(usize::MAX), t.to_owned()))
            .collect();
        set.into_iter().map(|x| x.1).collect::<Vec<String>>()
    };
    let mut out = Vec::new();
    for f in &input.followers {
        let id = f.id.as_str();
        let from = teams_of(
            &mut previous
                .iter()
                .map(|p| (p.team.as_str(), p.follower.as_str())),
            id,
        );
        let to = if withdrawn.contains(id) {
            Vec::new()
        } else {
            teams_of(
                &mut result
                    .pairs
                    .iter()
                    .map(|p| (p.team.as_str(), p.follower.as_str())),
                id,
            )
        };
        if from == to {
            continue;
        }
        let reason = if withdrawn.contains(id) {
            "withdrew"
        } else if from.iter().all(|t| to.contains(t)) {
            "added"
        } else {
            "moved"
        };
        out.push(Change {
            id: id.to_owned(),
            kind: f.kind.as_str().to_owned(),
            from,
            to,
            reason: reason.to_owned(),
        });
    }
    out
}

/// The pairs already announced that the new matching drops, the followers who withdrew left
/// aside: what re-matching makes as few as there can be.
pub(super) fn dropped(input: &MentorMatching, result: &MentorResult) -> usize {
    let withdrawn: HashSet<&str> = input.withdrawn.iter().map(String::as_str).collect();
    let now: HashSet<(&str, &str)> = result
        .pairs
        .iter()
        .map(|p| (p.team.as_str(), p.follower.as_str()))
        .collect();
    let mut seen = HashSet::new();
    input
        .previous
        .iter()
        .flatten()
        .filter(|p| !withdrawn.contains(p.follower.as_str()))
        .filter(|p| seen.insert((p.team.as_str(), p.follower.as_str())))
        .filter(|p| !now.contains(&(p.team.as_str(), p.follower.as_str())))
        .count()
}
