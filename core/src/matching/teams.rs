//! Team formation: selected candidates onto the seats of the selected défis, with two
//! policies, and an explanation for every candidate.
//!
//! Seats come in groups, one per (défi, expertise); a candidate can only take a seat of their
//! expertise, of a défi they ranked and were scored for. Each group ranks its candidates by
//! their jury score for the défi (higher first; ties by candidate id).
//!
//! - **Stable** ([`Policy::Stable`]): candidate-proposing deferred acceptance over the seat
//!   groups. No candidate and défi would both rather be together (no blocking pair), and no
//!   candidate gains by misreporting their preferences.
//! - **Optimal** ([`Policy::Optimal`]): the placement that maximises the documented welfare
//!   ([`Welfare`]): `score_weight × score + rank_weight × (n − r)` summed over the placed
//!   candidates (`r` the défi's rank in the candidate's list from 0, `n` the list's length),
//!   by min-cost flow. It may leave blocking pairs: they are counted and listed.
//!
//! A défi whose team stays below the rulebook's minimum team size is reported with the seats
//! it lacks and why: no eligible candidate of that expertise, or all of them placed on défis
//! they preferred (or, for the optimal policy, placed elsewhere by the welfare).

use super::{
    FlowProblem, Optimal, StableMatching, blocking_pairs, capacitated_assignment,
    hospital_residents,
};
use crate::model::{TeamFormation, Welfare};
use crate::rules::{Code, Lang, Rulebook, Violation};
use crate::table::{Cell, Table};
use crate::validate::duplicate_ids;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// How seats are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Candidate-proposing deferred acceptance: stable and strategy-proof for candidates.
    Stable,
    /// The welfare optimum, by min-cost flow.
    Optimal,
}

impl Policy {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Stable => "stable",
            Self::Optimal => "optimal",
        }
    }
}

/// Why a candidate is not on one of the défis they ranked above their placement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ChoiceOutcome {
    /// They are placed here.
    Placed {
        /// The lowest score admitted to this seat group.
        cutoff: f64,
    },
    /// The seats of their expertise were full, taken by candidates scored above them (at a
    /// cut-off above their score, or equal and before them by id).
    Full {
        /// The lowest score admitted.
        cutoff: f64,
    },
    /// The défi has no seat for their expertise.
    NoSeat,
    /// Optimal policy only: a seat went to a candidate scored lower, or stayed free, because
    /// the welfare is higher that way (this is a blocking pair).
    NotChosen {
        /// The lowest score admitted, when any seat is taken.
        cutoff: Option<f64>,
    },
}

impl ChoiceOutcome {
    /// The stable snake_case code.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Placed { .. } => "placed",
            Self::Full { .. } => "full",
            Self::NoSeat => "no_seat",
            Self::NotChosen { .. } => "not_chosen",
        }
    }
}

/// One of a candidate's choices, and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// The défi.
    pub challenge: String,
    /// Its rank in the candidate's list (1 for the first).
    pub rank: u32,
    /// The candidate's score for it.
    pub score: f64,
    /// What became of it.
    pub outcome: ChoiceOutcome,
}

/// Where a candidate is placed, and why not higher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    /// The candidate.
    pub candidate: String,
    /// Their expertise.
    pub expertise: String,
    /// The défi they are placed on, if any.
    pub challenge: Option<String>,
    /// Its rank in their list (1 for the first).
    pub rank: Option<u32>,
    /// Their score for it.
    pub score: Option<f64>,
    /// The lowest score admitted to their seat group.
    pub cutoff: Option<f64>,
    /// Their choices up to their placement (every choice when unplaced), in their order.
    pub choices: Vec<Choice>,
}

/// Why a seat group is not filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Shortfall {
    /// No candidate of that expertise ranked the défi.
    NoEligibleCandidate,
    /// Every eligible candidate is placed on a défi they ranked higher.
    AllPlacedOnPreferred {
        /// How many were eligible.
        eligible: u32,
    },
    /// Optimal policy: some eligible candidates are elsewhere or unplaced, for the welfare.
    LeftForWelfare {
        /// How many were eligible.
        eligible: u32,
    },
}

/// A seat group's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeatOutcome {
    /// The expertise.
    pub expertise: String,
    /// Seats offered.
    pub count: u32,
    /// The candidates placed, by score (highest first).
    pub members: Vec<String>,
    /// The lowest score admitted.
    pub cutoff: Option<f64>,
    /// Seats left empty.
    pub unfilled: u32,
    /// Why seats are left empty.
    pub shortfall: Option<Shortfall>,
}

/// A défi's team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    /// The défi.
    pub challenge: String,
    /// Its seat groups.
    pub seats: Vec<SeatOutcome>,
    /// Fellows placed.
    pub size: u32,
    /// Fellows missing to reach the rulebook's minimum team size (0 when reached).
    pub below_minimum_by: u32,
}

/// The figures a policy is compared on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicySummary {
    /// The policy.
    pub policy: Policy,
    /// Candidates.
    pub candidates: u32,
    /// Candidates placed.
    pub placed: u32,
    /// Share of the candidates placed on their first choice.
    pub first_choice_rate: f64,
    /// Mean rank of their défi among the placed (1 is the first choice).
    pub mean_rank: Option<f64>,
    /// Seats offered.
    pub seats: u32,
    /// Seats left empty.
    pub unfilled_seats: u32,
    /// Sum of the placed candidates' scores.
    pub total_score: f64,
    /// The documented welfare of the placement.
    pub welfare: f64,
    /// Candidate–défi pairs who would both rather be together.
    pub blocking_pairs: u32,
    /// Défis below the minimum team size.
    pub teams_below_minimum: u32,
}

/// A blocking pair, by ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockingPairIds {
    /// The candidate.
    pub candidate: String,
    /// The défi.
    pub challenge: String,
}

/// The teams a policy forms, with every explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamResult {
    /// The policy.
    pub policy: Policy,
    /// One per candidate, in input order.
    pub placements: Vec<Placement>,
    /// One per défi, in input order.
    pub teams: Vec<Team>,
    /// The blocking pairs (none for the stable policy).
    pub blocking_pairs: Vec<BlockingPairIds>,
    /// The figures.
    pub summary: PolicySummary,
}

/// The input's identifiers as indices, and its scores sorted by (candidate, défi): built once,
/// for the checks and the solvers (national inputs hold a million scores).
struct Index {
    /// Known scores as (candidate, défi, score), sorted, the first of each pair only.
    scores: Vec<(u32, u32, f64)>,
    /// `scores[start[c]..start[c + 1]]` are candidate `c`'s.
    start: Vec<usize>,
    /// Input positions of scores naming an unknown candidate or défi, or repeating a pair.
    unknown_candidate: Vec<usize>,
    unknown_challenge: Vec<usize>,
    repeated: Vec<usize>,
    /// Each candidate's preferences as défi indices (`None` for an unknown défi).
    prefs: Vec<Vec<Option<usize>>>,
}

impl Index {
    fn new(input: &TeamFormation) -> Self {
        let mut challenge = HashMap::with_capacity(input.challenges.len());
        for (i, c) in input.challenges.iter().enumerate() {
            challenge.entry(c.id.as_str()).or_insert(i);
        }
        let mut candidate: HashMap<&str, usize> = HashMap::with_capacity(input.candidates.len());
        for (i, c) in input.candidates.iter().enumerate() {
            candidate.entry(c.id.as_str()).or_insert(i);
        }
        let (mut unknown_candidate, mut unknown_challenge) = (Vec::new(), Vec::new());
        let mut keyed: Vec<(u32, u32, usize)> = Vec::with_capacity(input.scores.len());
        // Score sheets list a candidate's scores together: remember the last one looked up.
        let mut last: Option<(&str, Option<usize>)> = None;
        for (i, s) in input.scores.iter().enumerate() {
            let c = match last {
                Some((name, c)) if name == s.candidate => c,
                _ => {
                    let c = candidate.get(s.candidate.as_str()).copied();
                    last = Some((s.candidate.as_str(), c));
                    c
                }
            };
            let d = challenge.get(s.challenge.as_str()).copied();
            if c.is_none() {
                unknown_candidate.push(i);
            }
            if d.is_none() {
                unknown_challenge.push(i);
            }
            if let (Some(c), Some(d)) = (c, d) {
                keyed.push((as_u32(c), as_u32(d), i));
            }
        }
        keyed.sort_unstable();
        let mut repeated = Vec::new();
        let mut scores = Vec::with_capacity(keyed.len());
        for (k, &(c, d, i)) in keyed.iter().enumerate() {
            if k > 0 && keyed[k - 1].0 == c && keyed[k - 1].1 == d {
                repeated.push(i);
            } else {
                scores.push((c, d, input.scores[i].score));
            }
        }
        repeated.sort_unstable();
        let mut start = vec![0; input.candidates.len() + 1];
        for &(c, _, _) in &scores {
            start[c as usize + 1] += 1;
        }
        for c in 0..input.candidates.len() {
            start[c + 1] += start[c];
        }
        let prefs = input
            .candidates
            .iter()
            .map(|c| {
                c.preferences
                    .iter()
                    .map(|d| challenge.get(d.as_str()).copied())
                    .collect()
            })
            .collect();
        Self {
            prefs,
            scores,
            start,
            unknown_candidate,
            unknown_challenge,
            repeated,
        }
    }

    /// Candidate `c`'s score for défi `d`.
    fn score(&self, c: usize, d: usize) -> Option<f64> {
        self.scores[self.start[c]..self.start[c + 1]]
            .iter()
            .find(|x| x.1 as usize == d)
            .map(|x| x.2)
    }
}

fn as_u32(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

/// Checks a team formation input against a rulebook: every violation, with its path.
#[must_use]
pub fn check(input: &TeamFormation, rulebook: &Rulebook) -> Vec<Violation> {
    check_indexed(input, Some(rulebook), &Index::new(input))
}

/// [`check`], with the rulebook's checks (expertises, team sizes) only when one is given.
#[must_use]
pub fn check_with(input: &TeamFormation, rulebook: Option<&Rulebook>) -> Vec<Violation> {
    check_indexed(input, rulebook, &Index::new(input))
}

fn check_indexed(input: &TeamFormation, rulebook: Option<&Rulebook>, ix: &Index) -> Vec<Violation> {
    let mut out = Vec::new();
    if input.challenges.is_empty() {
        out.push(Violation::new(
            Code::EmptyPromotion,
            "/challenges",
            "aucun défi : il n'y a pas d'équipe à former",
            "no défi: there is no team to form",
        ));
    }
    if input.candidates.is_empty() {
        out.push(Violation::new(
            Code::EmptyPromotion,
            "/candidates",
            "aucun candidat : il n'y a personne à placer",
            "no candidate: there is nobody to place",
        ));
    }
    duplicate_ids(
        input.challenges.iter().map(|c| c.id.as_str()),
        |i| format!("/challenges/{i}/id"),
        "le défi",
        "the défi",
        &mut out,
    );
    duplicate_ids(
        input.candidates.iter().map(|c| c.id.as_str()),
        |i| format!("/candidates/{i}/id"),
        "le candidat",
        "the candidate",
        &mut out,
    );
    for (i, c) in input.challenges.iter().enumerate() {
        let mut seen = HashSet::new();
        let mut total = 0u32;
        for (k, s) in c.seats.iter().enumerate() {
            total = total.saturating_add(s.count);
            out.extend(not_allowed(
                rulebook,
                format!("/challenges/{i}/seats/{k}/expertise"),
                s.expertise.as_str(),
            ));
            if !seen.insert(s.expertise.as_str()) {
                out.push(Violation::new(
                    Code::SeatExpertiseDuplicated,
                    format!("/challenges/{i}/seats/{k}/expertise"),
                    format!("l'expertise « {} » a déjà un groupe de postes", s.expertise),
                    format!("the expertise \"{}\" already has a seat group", s.expertise),
                ));
            }
        }
        if let Some(rulebook) = rulebook
            && total > rulebook.team_size.max
        {
            let r = rulebook.team_size;
            out.push(Violation::new(
                Code::TeamSizeOutOfRange,
                format!("/challenges/{i}/seats"),
                format!(
                    "{total} postes au total ; {} permet des équipes de {} à {}",
                    rulebook.label, r.min, r.max
                ),
                format!(
                    "{total} seats in total; {} allows teams of {} to {}",
                    rulebook.label, r.min, r.max
                ),
            ));
        }
    }
    for &i in &ix.unknown_candidate {
        let s = &input.scores[i];
        out.push(unknown(
            format!("/scores/{i}/candidate"),
            &s.candidate,
            "candidat",
            "candidate",
        ));
    }
    for &i in &ix.unknown_challenge {
        let s = &input.scores[i];
        out.push(unknown(
            format!("/scores/{i}/challenge"),
            &s.challenge,
            "défi",
            "défi",
        ));
    }
    for (i, s) in input.scores.iter().enumerate() {
        if !s.score.is_finite() {
            out.push(Violation::new(
                Code::ScoreNotFinite,
                format!("/scores/{i}/score"),
                format!("la note {} n'est pas un nombre fini", s.score),
                format!("the score {} is not a finite number", s.score),
            ));
        }
    }
    for &i in &ix.repeated {
        let s = &input.scores[i];
        out.push(Violation::new(
            Code::ScoreDuplicated,
            format!("/scores/{i}"),
            format!("{} a déjà une note pour {}", s.candidate, s.challenge),
            format!("{} already has a score for {}", s.candidate, s.challenge),
        ));
    }
    for (i, c) in input.candidates.iter().enumerate() {
        out.extend(not_allowed(
            rulebook,
            format!("/candidates/{i}/expertise"),
            c.expertise.as_str(),
        ));
        for (k, d) in c.preferences.iter().enumerate() {
            let path = || format!("/candidates/{i}/preferences/{k}");
            let Some(di) = ix.prefs[i][k] else {
                out.push(unknown(path(), d, "défi", "défi"));
                continue;
            };
            if ix.prefs[i][..k].contains(&Some(di)) {
                out.push(Violation::new(
                    Code::DuplicateItems,
                    path(),
                    format!("le défi « {d} » est déjà classé plus haut"),
                    format!("the défi \"{d}\" is already ranked higher"),
                ));
            } else if ix.score(i, di).is_none() {
                out.push(Violation::new(
                    Code::PreferenceNotApplied,
                    path(),
                    format!(
                        "{} classe le défi « {d} » sans y avoir candidaté (aucune note)",
                        c.id
                    ),
                    format!(
                        "{} ranks the défi \"{d}\" without having applied to it (no score)",
                        c.id
                    ),
                ));
            }
        }
    }
    let w = input.welfare;
    for (name, v) in [
        ("score_weight", w.score_weight),
        ("rank_weight", w.rank_weight),
    ] {
        if !v.is_finite() || v < 0.0 {
            out.push(Violation::new(
                Code::BelowMinimum,
                format!("/welfare/{name}"),
                format!("le poids {v} doit être un nombre fini positif ou nul"),
                format!("the weight {v} must be a finite number of at least 0"),
            ));
        }
    }
    out
}

/// `expertise_not_allowed` when a rulebook is given and does not recruit the expertise.
fn not_allowed(rulebook: Option<&Rulebook>, path: String, expertise: &str) -> Option<Violation> {
    let rulebook = rulebook?;
    if rulebook
        .allowed_expertises
        .iter()
        .any(|a| a.as_str() == expertise)
    {
        return None;
    }
    let list = rulebook
        .allowed_expertises
        .iter()
        .map(|e| e.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Some(Violation::new(
        Code::ExpertiseNotAllowed,
        path,
        format!(
            "{} ne recrute pas l'expertise « {expertise} » (permises : {list})",
            rulebook.label
        ),
        format!(
            "{} does not recruit the expertise \"{expertise}\" (allowed: {list})",
            rulebook.label
        ),
    ))
}

fn unknown(path: String, id: &str, fr: &str, en: &str) -> Violation {
    Violation::new(
        Code::UnknownReference,
        path,
        format!("« {id} » n'est aucun {fr} de la liste"),
        format!("\"{id}\" is no {en} of the list"),
    )
}

/// The problem in indices: seat groups, the candidates' lists of groups, the groups' lists of
/// candidates.
struct Prepared {
    /// (challenge index, expertise, count) per group.
    groups: Vec<(usize, String, u32)>,
    /// Per candidate: their preferences as (challenge index, group if any, score).
    prefs: Vec<Vec<(usize, Option<usize>, f64)>>,
    /// Per candidate: their acceptable groups, in their order.
    resident_lists: Vec<Vec<usize>>,
    /// Per group: its acceptable candidates, best first.
    hospital_lists: Vec<Vec<usize>>,
    /// Per candidate, for each group of their list: their position in that group's list.
    rank_in_group: Vec<Vec<usize>>,
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
    fn position(&self, g: usize, c: usize) -> usize {
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

/// Forms the teams with one policy.
///
/// # Errors
/// Every violation of the input (see [`check`]), when one is an error.
pub fn form_teams(
    input: &TeamFormation,
    rulebook: &Rulebook,
    policy: Policy,
) -> Result<TeamResult, Vec<Violation>> {
    let ix = Index::new(input);
    let violations = check_indexed(input, Some(rulebook), &ix);
    if violations.iter().any(Violation::is_error) {
        return Err(violations);
    }
    let p = prepare(input, &ix);
    let capacities: Vec<usize> = p.groups.iter().map(|g| g.2 as usize).collect();
    let assignment: Vec<Option<usize>> = match policy {
        Policy::Stable => {
            hospital_residents(
                &p.resident_lists,
                &p.hospital_lists,
                &capacities,
                Optimal::Resident,
            )
            .map_err(|e| vec![internal(&e.to_string())])?
            .resident_to_hospital
        }
        Policy::Optimal => optimal(input, &p).map_err(|e| vec![internal(&e)])?,
    };
    Ok(explain(
        input,
        rulebook,
        policy,
        &p,
        &capacities,
        assignment,
    ))
}

fn internal(message: &str) -> Violation {
    Violation::new(
        Code::RuleFailed,
        "",
        format!("le calcul a échoué : {message}"),
        format!("the computation failed: {message}"),
    )
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

fn explain(
    input: &TeamFormation,
    rulebook: &Rulebook,
    policy: Policy,
    p: &Prepared,
    capacities: &[usize],
    assignment: Vec<Option<usize>>,
) -> TeamResult {
    let ng = p.groups.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ng];
    for (c, g) in assignment.iter().enumerate() {
        if let Some(g) = g {
            members[*g].push(c);
        }
    }
    for (g, m) in members.iter_mut().enumerate() {
        m.sort_by_key(|&c| p.position(g, c));
    }
    let score_of = |c: usize, g: usize| {
        p.prefs[c]
            .iter()
            .find(|(_, gg, _)| *gg == Some(g))
            .map_or(f64::NAN, |x| x.2)
    };
    let cutoff: Vec<Option<f64>> = (0..ng)
        .map(|g| members[g].last().map(|&c| score_of(c, g)))
        .collect();
    // Blocking pairs, from the solver's definition.
    let matching = StableMatching {
        resident_to_hospital: assignment.clone(),
        hospital_to_residents: members.clone(),
    };
    // The lists come from `prepare`, well formed by construction: no error to report.
    let blocking = blocking_pairs(&p.resident_lists, &p.hospital_lists, capacities, &matching)
        .unwrap_or_default();
    let mut placements = Vec::with_capacity(input.candidates.len());
    let (mut placed, mut first, mut rank_sum, mut total_score, mut total_welfare) =
        (0u32, 0u32, 0u64, 0.0, 0.0);
    for (c, cand) in input.candidates.iter().enumerate() {
        let mine = assignment[c];
        let mut choices = Vec::new();
        let mut placement = Placement {
            candidate: cand.id.clone(),
            expertise: cand.expertise.0.clone(),
            challenge: None,
            rank: None,
            score: None,
            cutoff: None,
            choices: Vec::new(),
        };
        let n = p.prefs[c].len();
        for (k, &(d, g, s)) in p.prefs[c].iter().enumerate() {
            let rank = u32::try_from(k + 1).unwrap_or(u32::MAX);
            let challenge = input.challenges[d].id.clone();
            let outcome = match g {
                None => ChoiceOutcome::NoSeat,
                Some(g) if Some(g) == mine => {
                    let cut = cutoff[g].unwrap_or(s);
                    placement.challenge = Some(challenge.clone());
                    placement.rank = Some(rank);
                    placement.score = Some(s);
                    placement.cutoff = Some(cut);
                    placed += 1;
                    first += u32::from(k == 0);
                    rank_sum += u64::from(rank);
                    total_score += s;
                    total_welfare += welfare(input.welfare, s, k, n);
                    ChoiceOutcome::Placed { cutoff: cut }
                }
                Some(g) => {
                    let full = members[g].len() >= capacities[g];
                    let worst = members[g].last().map(|&w| p.position(g, w));
                    let behind = worst.is_some_and(|w| p.position(g, c) > w);
                    match (full, cutoff[g]) {
                        (true, Some(cut)) if behind => ChoiceOutcome::Full { cutoff: cut },
                        (_, cut) => ChoiceOutcome::NotChosen { cutoff: cut },
                    }
                }
            };
            let stop = matches!(outcome, ChoiceOutcome::Placed { .. });
            choices.push(Choice {
                challenge,
                rank,
                score: s,
                outcome,
            });
            if stop {
                break;
            }
        }
        placement.choices = choices;
        placements.push(placement);
    }
    let min = rulebook.team_size.min;
    let mut teams = Vec::with_capacity(input.challenges.len());
    let mut unfilled_seats = 0u32;
    let mut seats_total = 0u32;
    let mut below = 0u32;
    for (d, ch) in input.challenges.iter().enumerate() {
        let mut seats = Vec::new();
        let mut size = 0u32;
        for (g, (gd, expertise, count)) in p.groups.iter().enumerate() {
            if *gd != d {
                continue;
            }
            let filled = u32::try_from(members[g].len()).unwrap_or(u32::MAX);
            let unfilled = count.saturating_sub(filled);
            size += filled;
            seats_total += count;
            unfilled_seats += unfilled;
            let shortfall = (unfilled > 0).then(|| {
                let eligible = &p.hospital_lists[g];
                let n = u32::try_from(eligible.len()).unwrap_or(u32::MAX);
                if eligible.is_empty() {
                    Shortfall::NoEligibleCandidate
                } else if eligible.iter().all(|&c| {
                    assignment[c].is_some_and(|h| {
                        let rank_of = |x: usize| p.resident_lists[c].iter().position(|&y| y == x);
                        rank_of(h) < rank_of(g)
                    })
                }) {
                    Shortfall::AllPlacedOnPreferred { eligible: n }
                } else {
                    Shortfall::LeftForWelfare { eligible: n }
                }
            });
            seats.push(SeatOutcome {
                expertise: expertise.clone(),
                count: *count,
                members: members[g]
                    .iter()
                    .map(|&c| input.candidates[c].id.clone())
                    .collect(),
                cutoff: cutoff[g],
                unfilled,
                shortfall,
            });
        }
        let below_minimum_by = min.saturating_sub(size);
        below += u32::from(below_minimum_by > 0);
        teams.push(Team {
            challenge: ch.id.clone(),
            seats,
            size,
            below_minimum_by,
        });
    }
    let n = u32::try_from(input.candidates.len()).unwrap_or(u32::MAX);
    let summary = PolicySummary {
        policy,
        candidates: n,
        placed,
        first_choice_rate: if n == 0 {
            0.0
        } else {
            f64::from(first) / f64::from(n)
        },
        #[allow(clippy::cast_precision_loss)]
        mean_rank: (placed > 0).then(|| rank_sum as f64 / f64::from(placed)),
        seats: seats_total,
        unfilled_seats,
        total_score,
        welfare: total_welfare,
        blocking_pairs: u32::try_from(blocking.len()).unwrap_or(u32::MAX),
        teams_below_minimum: below,
    };
    TeamResult {
        policy,
        placements,
        teams,
        blocking_pairs: blocking
            .iter()
            .map(|b| BlockingPairIds {
                candidate: input.candidates[b.resident].id.clone(),
                challenge: input.challenges[p.groups[b.hospital].0].id.clone(),
            })
            .collect(),
        summary,
    }
}

/// Both policies on the same input, for their comparison.
///
/// # Errors
/// As [`form_teams`].
pub fn compare(
    input: &TeamFormation,
    rulebook: &Rulebook,
) -> Result<(TeamResult, TeamResult), Vec<Violation>> {
    Ok((
        form_teams(input, rulebook, Policy::Stable)?,
        form_teams(input, rulebook, Policy::Optimal)?,
    ))
}

fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl TeamResult {
    /// The placement of a candidate.
    #[must_use]
    pub fn placement(&self, candidate: &str) -> Option<&Placement> {
        self.placements.iter().find(|p| p.candidate == candidate)
    }

    /// The explanation a candidate can ask for: where they are placed (their rank of the
    /// défi, their score, the cut-off), and for each défi they ranked higher, why not.
    #[must_use]
    pub fn notice(&self, candidate: &str, lang: Lang) -> Option<String> {
        let p = self.placement(candidate)?;
        let fr = lang == Lang::Fr;
        let mut s = String::new();
        match (&p.challenge, p.rank, p.score, p.cutoff) {
            (Some(d), Some(r), Some(score), Some(cut)) => {
                let _ = writeln!(
                    s,
                    "{}",
                    if fr {
                        format!(
                            "{candidate} est placé·e sur le défi {d}, son choix n° {r}, avec la note {} (note la plus basse admise sur ces postes : {}).",
                            num(score),
                            num(cut)
                        )
                    } else {
                        format!(
                            "{candidate} is placed on the défi {d}, their choice no. {r}, with the score {} (lowest score admitted to these seats: {}).",
                            num(score),
                            num(cut)
                        )
                    }
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "{}",
                    if fr {
                        format!("{candidate} n'est placé·e sur aucun des défis classés.")
                    } else {
                        format!("{candidate} is placed on none of the défis they ranked.")
                    }
                );
            }
        }
        for c in &p.choices {
            let line = match &c.outcome {
                ChoiceOutcome::Placed { .. } => continue,
                ChoiceOutcome::Full { cutoff } => {
                    if fr {
                        format!(
                            "choix n° {} ({}) : postes pourvus, note la plus basse admise {} ; votre note {}",
                            c.rank,
                            c.challenge,
                            num(*cutoff),
                            num(c.score)
                        )
                    } else {
                        format!(
                            "choice no. {} ({}): seats filled, lowest score admitted {}; your score {}",
                            c.rank,
                            c.challenge,
                            num(*cutoff),
                            num(c.score)
                        )
                    }
                }
                ChoiceOutcome::NoSeat => {
                    if fr {
                        format!(
                            "choix n° {} ({}) : pas de poste pour votre expertise ({})",
                            c.rank, c.challenge, p.expertise
                        )
                    } else {
                        format!(
                            "choice no. {} ({}): no seat for your expertise ({})",
                            c.rank, c.challenge, p.expertise
                        )
                    }
                }
                ChoiceOutcome::NotChosen { cutoff } => {
                    let cut = cutoff.map_or_else(
                        || {
                            if fr {
                                "un poste resté libre".to_owned()
                            } else {
                                "a seat left free".to_owned()
                            }
                        },
                        |x| {
                            if fr {
                                format!("note la plus basse admise {}", num(x))
                            } else {
                                format!("lowest score admitted {}", num(x))
                            }
                        },
                    );
                    if fr {
                        format!(
                            "choix n° {} ({}) : non retenu par l'optimum du bien-être ({cut} ; votre note {})",
                            c.rank,
                            c.challenge,
                            num(c.score)
                        )
                    } else {
                        format!(
                            "choice no. {} ({}): not chosen by the welfare optimum ({cut}; your score {})",
                            c.rank,
                            c.challenge,
                            num(c.score)
                        )
                    }
                }
            };
            let _ = writeln!(s, "  {line}");
        }
        Some(s)
    }

    /// The explanation as an HTML fragment (escaped), for notebooks.
    #[must_use]
    pub fn notice_html(&self, candidate: &str, lang: Lang) -> Option<String> {
        let text = self.notice(candidate, lang)?;
        let mut lines = text.lines();
        let head = crate::table::escape_html(lines.next().unwrap_or(""));
        let items: String = lines
            .map(|l| format!("<li>{}</li>", crate::table::escape_html(l.trim())))
            .collect();
        Some(format!("<div><p>{head}</p><ul>{items}</ul></div>"))
    }
}

impl TeamResult {
    /// One row per candidate: `policy`, `candidate`, `expertise`, `challenge`, `rank`,
    /// `score`, `cutoff`, `choices`, `first_choice`, and `reason_code`, why not their first
    /// choice (`placed`, `full`, `no_seat`, `not_chosen`).
    #[must_use]
    pub fn placements_table(&self) -> Table {
        let mut t = Table::new(
            "placements",
            &[
                "policy",
                "candidate",
                "expertise",
                "challenge",
                "rank",
                "score",
                "cutoff",
                "choices",
                "first_choice",
                "reason_code",
            ],
        );
        for p in &self.placements {
            t.rows.push(vec![
                Cell::Text(Some(self.policy.as_str().to_owned())),
                Cell::Text(Some(p.candidate.clone())),
                Cell::Text(Some(p.expertise.clone())),
                Cell::Text(p.challenge.clone()),
                Cell::Int(p.rank),
                Cell::Float(p.score),
                Cell::Float(p.cutoff),
                Cell::List(p.choices.iter().map(|c| c.challenge.clone()).collect()),
                Cell::Text(p.choices.first().map(|c| c.challenge.clone())),
                Cell::Text(p.choices.first().map(|c| c.outcome.code().to_owned())),
            ]);
        }
        t
    }

    /// One row per seat group: `policy`, `challenge`, `expertise`, `seats`, `members`,
    /// `cutoff`, `unfilled`, `shortfall`, `team_size`, `below_minimum_by`.
    #[must_use]
    pub fn teams_table(&self) -> Table {
        let mut t = Table::new(
            "teams",
            &[
                "policy",
                "challenge",
                "expertise",
                "seats",
                "members",
                "cutoff",
                "unfilled",
                "shortfall",
                "team_size",
                "below_minimum_by",
            ],
        );
        for team in &self.teams {
            for s in &team.seats {
                t.rows.push(vec![
                    Cell::Text(Some(self.policy.as_str().to_owned())),
                    Cell::Text(Some(team.challenge.clone())),
                    Cell::Text(Some(s.expertise.clone())),
                    Cell::Int(Some(s.count)),
                    Cell::List(s.members.clone()),
                    Cell::Float(s.cutoff),
                    Cell::Int(Some(s.unfilled)),
                    Cell::Text(s.shortfall.as_ref().map(|x| x.code().to_owned())),
                    Cell::Int(Some(team.size)),
                    Cell::Int(Some(team.below_minimum_by)),
                ]);
            }
        }
        t
    }
}

impl Shortfall {
    /// The stable snake_case code.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::NoEligibleCandidate => "no_eligible_candidate",
            Self::AllPlacedOnPreferred { .. } => "all_placed_on_preferred",
            Self::LeftForWelfare { .. } => "left_for_welfare",
        }
    }
}

/// The policies side by side, one row each: `policy`, `candidates`, `placed`,
/// `first_choice_rate`, `mean_rank`, `seats`, `unfilled_seats`, `total_score`, `welfare`,
/// `blocking_pairs`, `teams_below_minimum`.
#[must_use]
pub fn comparison_table(results: &[&TeamResult]) -> Table {
    let mut t = Table::new(
        "policy_comparison",
        &[
            "policy",
            "candidates",
            "placed",
            "first_choice_rate",
            "mean_rank",
            "seats",
            "unfilled_seats",
            "total_score",
            "welfare",
            "blocking_pairs",
            "teams_below_minimum",
        ],
    );
    for r in results {
        let s = &r.summary;
        t.rows.push(vec![
            Cell::Text(Some(s.policy.as_str().to_owned())),
            Cell::Int(Some(s.candidates)),
            Cell::Int(Some(s.placed)),
            Cell::Float(Some(s.first_choice_rate)),
            Cell::Float(s.mean_rank),
            Cell::Int(Some(s.seats)),
            Cell::Int(Some(s.unfilled_seats)),
            Cell::Float(Some(s.total_score)),
            Cell::Float(Some(s.welfare)),
            Cell::Int(Some(s.blocking_pairs)),
            Cell::Int(Some(s.teams_below_minimum)),
        ]);
    }
    t
}
