//! Every candidate's placement explained: the choices above it and why each was not given,
//! the seats each défi filled or lacks, the blocking pairs; and the notices in French and
//! English.

use super::prepare::{Prepared, welfare};
use super::rematch::Pins;
use super::{
    BlockingPairIds, Choice, ChoiceOutcome, Placement, Policy, PolicySummary, SeatOutcome,
    Shortfall, Team, TeamResult,
};
use crate::diagnostics::Lang;
use crate::model::TeamFormation;
use crate::rules::Rulebook;
use crate::solve::{StableMatching, blocking_pairs};
use std::fmt::Write as _;

/// A solver's assignment (candidate → seat group), explained: every placement, every team,
/// the blocking pairs and the figures.
pub(super) fn explain(
    input: &TeamFormation,
    rulebook: &Rulebook,
    policy: Policy,
    p: &Prepared,
    assignment: &[Option<usize>],
    pins: &Pins,
) -> TeamResult {
    let mut groups = Groups::new(p, assignment);
    // Who holds their seat by a pin or from the previous placement: a seat they hold is
    // "kept", not given by the policy.
    groups.held = (0..assignment.len())
        .map(|c| {
            pins.forced[c].is_some()
                || (pins.previous[c].is_some() && pins.previous[c] == assignment[c])
        })
        .collect();
    groups.forbidden.clone_from(&pins.forbidden);
    groups.withdrawn.clone_from(&pins.withdrawn);
    groups.stable = policy == Policy::Stable;
    let capacities = p.capacities();
    // Blocking pairs, from the solver's definition. The lists come from `prepare`, well
    // formed by construction: no error to report.
    let matching = StableMatching {
        resident_to_hospital: assignment.to_vec(),
        hospital_to_residents: groups.members.clone(),
    };
    // A pair the input rules out (a veto, a withdrawal, a pin elsewhere) blocks nothing: it is
    // left out of the lists.
    let blocking = if pins.any() {
        let residents: Vec<Vec<usize>> = p
            .resident_lists
            .iter()
            .enumerate()
            .map(|(c, l)| l.iter().copied().filter(|&g| pins.allowed(c, g)).collect())
            .collect();
        let hospitals: Vec<Vec<usize>> = p
            .hospital_lists
            .iter()
            .enumerate()
            .map(|(g, l)| l.iter().copied().filter(|&c| pins.allowed(c, g)).collect())
            .collect();
        blocking_pairs(&residents, &hospitals, &capacities, &matching)
    } else {
        blocking_pairs(&p.resident_lists, &p.hospital_lists, &capacities, &matching)
    }
    .unwrap_or_default();
    let mut tally = Tally::default();
    let placements = (0..input.candidates.len())
        .filter(|&c| !pins.withdrawn[c])
        .map(|c| {
            let (placement, placed) = place(input, p, &groups, &capacities, c, assignment[c]);
            tally.add(input, placed.as_ref());
            placement
        })
        .collect();
    let teams = teams(input, rulebook, p, &groups, assignment, &mut tally);
    let present = pins.withdrawn.iter().filter(|&&w| !w).count();
    let n = u32::try_from(present).unwrap_or(u32::MAX);
    let summary = PolicySummary {
        policy,
        candidates: n,
        placed: tally.placed,
        first_choice_rate: if n == 0 {
            0.0
        } else {
            f64::from(tally.first) / f64::from(n)
        },
        #[allow(clippy::cast_precision_loss)]
        mean_rank: (tally.placed > 0).then(|| tally.rank_sum as f64 / f64::from(tally.placed)),
        seats: tally.seats,
        unfilled_seats: tally.unfilled_seats,
        total_score: tally.total_score,
        welfare: tally.welfare,
        blocking_pairs: u32::try_from(blocking.len()).unwrap_or(u32::MAX),
        teams_below_minimum: tally.below_minimum,
    };
    TeamResult {
        policy,
        placements,
        teams,
        blocking_pairs: blocking
            .iter()
            .map(|b| BlockingPairIds {
                candidate: input.candidates[b.resident].id.clone(),
                challenge: input.challenges[p.groups[b.hospital].challenge].id.clone(),
            })
            .collect(),
        summary,
        changes: Vec::new(),
    }
}

/// Each seat group's members (best first) and cut-off: the lowest score it admitted.
struct Groups {
    members: Vec<Vec<usize>>,
    cutoff: Vec<Option<f64>>,
    /// Per candidate: whether they hold their seat by a pin or from the previous placement.
    held: Vec<bool>,
    /// The vetoed (candidate, group) pairs.
    forbidden: std::collections::HashSet<(usize, usize)>,
    /// Per candidate: whether they withdrew.
    withdrawn: Vec<bool>,
    /// The policy.
    stable: bool,
}

impl Groups {
    fn new(p: &Prepared, assignment: &[Option<usize>]) -> Self {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); p.groups.len()];
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
                .find(|x| x.group == Some(g))
                .map_or(f64::NAN, |x| x.score)
        };
        let cutoff = members
            .iter()
            .enumerate()
            .map(|(g, m)| m.last().map(|&c| score_of(c, g)))
            .collect();
        Self {
            members,
            cutoff,
            held: Vec::new(),
            forbidden: std::collections::HashSet::new(),
            withdrawn: Vec::new(),
            stable: true,
        }
    }
}

/// Where a candidate is placed: the rank (from 0) of the défi in their list of `n`, and
/// their score.
struct Placed {
    rank: usize,
    n: usize,
    score: f64,
}

/// The figures of a policy, added up candidate by candidate, then team by team.
#[derive(Default)]
struct Tally {
    placed: u32,
    first: u32,
    rank_sum: u64,
    total_score: f64,
    welfare: f64,
    seats: u32,
    unfilled_seats: u32,
    below_minimum: u32,
}

impl Tally {
    fn add(&mut self, input: &TeamFormation, placed: Option<&Placed>) {
        let Some(p) = placed else {
            return;
        };
        self.placed += 1;
        self.first += u32::from(p.rank == 0);
        self.rank_sum += p.rank as u64 + 1;
        self.total_score += p.score;
        self.welfare += welfare(input.welfare, p.score, p.rank, p.n);
    }
}

/// Candidate `c`'s placement and each choice down to it, with why each choice above was not
/// given.
fn place(
    input: &TeamFormation,
    p: &Prepared,
    groups: &Groups,
    capacities: &[usize],
    c: usize,
    mine: Option<usize>,
) -> (Placement, Option<Placed>) {
    let candidate = &input.candidates[c];
    let mut placement = Placement {
        candidate: candidate.id.clone(),
        expertise: candidate.expertise.0.clone(),
        challenge: None,
        rank: None,
        score: None,
        cutoff: None,
        choices: Vec::new(),
    };
    let mut placed = None;
    let n = p.prefs[c].len();
    for (k, pref) in p.prefs[c].iter().enumerate() {
        let rank = u32::try_from(k + 1).unwrap_or(u32::MAX);
        let challenge = input.challenges[pref.challenge].id.clone();
        let outcome = match pref.group {
            None => ChoiceOutcome::NoSeat,
            Some(g) if Some(g) == mine => {
                let cut = groups.cutoff[g].unwrap_or(pref.score);
                placement.challenge = Some(challenge.clone());
                placement.rank = Some(rank);
                placement.score = Some(pref.score);
                placement.cutoff = Some(cut);
                placed = Some(Placed {
                    rank: k,
                    n,
                    score: pref.score,
                });
                ChoiceOutcome::Placed { cutoff: cut }
            }
            Some(g) if groups.forbidden.contains(&(c, g)) => ChoiceOutcome::Forbidden,
            Some(g) => {
                let members = &groups.members[g];
                let full = members.len() >= capacities[g];
                let worst = members.last().map(|&w| p.position(g, w));
                let behind = worst.is_some_and(|w| p.position(g, c) > w);
                // A member placed behind them who holds the seat by a pin or from before.
                let held_behind = members
                    .iter()
                    .any(|&m| groups.held[m] && p.position(g, m) > p.position(g, c));
                match (full, groups.cutoff[g]) {
                    (true, Some(cut)) if behind => ChoiceOutcome::Full { cutoff: cut },
                    (true, cut) if held_behind => ChoiceOutcome::Kept { cutoff: cut },
                    _ if mine.is_some() && groups.held[c] => ChoiceOutcome::Stayed,
                    (_, cut) => ChoiceOutcome::NotChosen { cutoff: cut },
                }
            }
        };
        let stop = matches!(outcome, ChoiceOutcome::Placed { .. });
        placement.choices.push(Choice {
            challenge,
            rank,
            score: pref.score,
            outcome,
        });
        if stop {
            break;
        }
    }
    (placement, placed)
}

/// Every défi's team: its seat groups filled or short (and why), against the rulebook's
/// minimum team size.
fn teams(
    input: &TeamFormation,
    rulebook: &Rulebook,
    p: &Prepared,
    groups: &Groups,
    assignment: &[Option<usize>],
    tally: &mut Tally,
) -> Vec<Team> {
    let min = rulebook.team_size.min;
    let mut teams = Vec::with_capacity(input.challenges.len());
    for (d, ch) in input.challenges.iter().enumerate() {
        let mut seats = Vec::new();
        let mut size = 0u32;
        for (g, group) in p.groups.iter().enumerate() {
            if group.challenge != d {
                continue;
            }
            let members = &groups.members[g];
            let filled = u32::try_from(members.len()).unwrap_or(u32::MAX);
            let unfilled = group.seats.saturating_sub(filled);
            size += filled;
            tally.seats += group.seats;
            tally.unfilled_seats += unfilled;
            seats.push(SeatOutcome {
                expertise: group.expertise.clone(),
                count: group.seats,
                members: members
                    .iter()
                    .map(|&c| input.candidates[c].id.clone())
                    .collect(),
                cutoff: groups.cutoff[g],
                unfilled,
                shortfall: (unfilled > 0).then(|| shortfall(p, groups, assignment, g)),
            });
        }
        let below_minimum_by = min.saturating_sub(size);
        tally.below_minimum += u32::from(below_minimum_by > 0);
        teams.push(Team {
            challenge: ch.id.clone(),
            seats,
            size,
            below_minimum_by,
        });
    }
    teams
}

/// Why seat group `g` has seats left: no eligible candidate, all of them placed on défis they
/// preferred, or some left elsewhere by the welfare optimum.
fn shortfall(p: &Prepared, groups: &Groups, assignment: &[Option<usize>], g: usize) -> Shortfall {
    // The eligible: who ranked the défi with a seat of their expertise, did not withdraw, is
    // not vetoed there, and is not one of its members.
    let eligible: Vec<usize> = p.hospital_lists[g]
        .iter()
        .copied()
        .filter(|&c| {
            !groups.withdrawn.get(c).copied().unwrap_or(false)
                && !groups.forbidden.contains(&(c, g))
                && assignment[c] != Some(g)
        })
        .collect();
    let n = u32::try_from(eligible.len()).unwrap_or(u32::MAX);
    if eligible.is_empty() {
        return Shortfall::NoEligibleCandidate;
    }
    let preferred = |c: usize| {
        assignment[c].is_some_and(|h| {
            let rank_of = |x: usize| p.resident_lists[c].iter().position(|&y| y == x);
            rank_of(h) < rank_of(g)
        })
    };
    if eligible.iter().all(|&c| preferred(c)) {
        Shortfall::AllPlacedOnPreferred { eligible: n }
    } else if groups.stable
        || eligible
            .iter()
            .all(|&c| preferred(c) || groups.held.get(c).copied().unwrap_or(false))
    {
        Shortfall::KeptElsewhere { eligible: n }
    } else {
        Shortfall::LeftForWelfare { eligible: n }
    }
}

/// Two scores a notice compares (a candidate's and a cut-off), with as many decimals as it
/// takes to tell them apart (two at least, six at most): "9.3 against 9.3" hides a
/// difference, or a tie.
fn pair(a: f64, b: f64, lang: Lang) -> (String, String) {
    let mut decimals = 2;
    while decimals < 6
        && a != b
        && crate::table::decimal_trimmed(a, decimals, lang)
            == crate::table::decimal_trimmed(b, decimals, lang)
    {
        decimals += 1;
    }
    (
        crate::table::decimal_trimmed(a, decimals, lang),
        crate::table::decimal_trimmed(b, decimals, lang),
    )
}

/// What a notice adds when a candidate's score equals the lowest one admitted: how the tie
/// was broken (the candidates' identifiers, in alphabetical order, as the preference lists
/// sort them).
fn tie(score: f64, cutoff: f64, lang: Lang) -> &'static str {
    match (score == cutoff, lang) {
        (false, _) => "",
        (true, Lang::Fr) => {
            " ; à égalité de note, la place va à l'identifiant qui vient le premier dans \
             l'ordre alphabétique"
        }
        (true, Lang::En) => {
            "; at equal scores, the seat goes to the identifier that comes first in alphabetical \
             order"
        }
    }
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
                        let (score, cut) = pair(score, cut, lang);
                        format!(
                            "{candidate} est placé·e sur le défi {d}, son choix n° {r}, avec la note {score} (note la plus basse admise sur ces postes : {cut})."
                        )
                    } else {
                        let (score, cut) = pair(score, cut, lang);
                        format!(
                            "{candidate} is placed on the défi {d}, their choice no. {r}, with the score {score} (lowest score admitted to these seats: {cut})."
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
                    let (cut, yours) = pair(*cutoff, c.score, lang);
                    let tie = tie(c.score, *cutoff, lang);
                    if fr {
                        format!(
                            "choix n° {} ({}) : postes pourvus, note la plus basse admise {cut} ; votre note {yours}{tie}",
                            c.rank, c.challenge,
                        )
                    } else {
                        format!(
                            "choice no. {} ({}): seats filled, lowest score admitted {cut}; your score {yours}{tie}",
                            c.rank, c.challenge,
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
                ChoiceOutcome::Forbidden => {
                    if fr {
                        format!(
                            "choix n° {} ({}) : cette paire est exclue par les données d'entrée (forbidden)",
                            c.rank, c.challenge,
                        )
                    } else {
                        format!(
                            "choice no. {} ({}): this pair is ruled out by the input (forbidden)",
                            c.rank, c.challenge,
                        )
                    }
                }
                ChoiceOutcome::Stayed => {
                    if fr {
                        format!(
                            "choix n° {} ({}) : vous gardez la place imposée ou déjà annoncée ; le nouveau placement ne déplace personne sans nécessité",
                            c.rank, c.challenge,
                        )
                    } else {
                        format!(
                            "choice no. {} ({}): you keep the place pinned or already announced; the new placement moves nobody it need not",
                            c.rank, c.challenge,
                        )
                    }
                }
                ChoiceOutcome::Kept { cutoff } => {
                    let yours = crate::table::decimal_trimmed(c.score, 2, lang);
                    let cut = cutoff.map_or_else(String::new, |x| {
                        let (cut, _) = pair(x, c.score, lang);
                        if fr {
                            format!("note la plus basse admise {cut} ; ")
                        } else {
                            format!("lowest score admitted {cut}; ")
                        }
                    });
                    if fr {
                        format!(
                            "choix n° {} ({}) : postes gardés par des personnes imposées ou déjà placées, que le nouveau placement ne déplace pas ({cut}votre note {yours})",
                            c.rank, c.challenge,
                        )
                    } else {
                        format!(
                            "choice no. {} ({}): seats kept by people pinned or already placed, whom the new placement does not move ({cut}your score {yours})",
                            c.rank, c.challenge,
                        )
                    }
                }
                ChoiceOutcome::NotChosen { cutoff } => {
                    let (cut_words, yours) = match cutoff {
                        Some(x) => {
                            let (cut, yours) = pair(*x, c.score, lang);
                            (Some(cut), yours)
                        }
                        None => (None, crate::table::decimal_trimmed(c.score, 2, lang)),
                    };
                    let cut = cut_words.map_or_else(
                        || {
                            if fr {
                                "un poste resté libre".to_owned()
                            } else {
                                "a seat left free".to_owned()
                            }
                        },
                        |x| {
                            if fr {
                                format!("note la plus basse admise {x}")
                            } else {
                                format!("lowest score admitted {x}")
                            }
                        },
                    );
                    if fr {
                        format!(
                            "choix n° {} ({}) : non retenu par l'optimum du bien-être ({cut} ; votre note {yours})",
                            c.rank, c.challenge,
                        )
                    } else {
                        format!(
                            "choice no. {} ({}): not chosen by the welfare optimum ({cut}; your score {yours})",
                            c.rank, c.challenge,
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
        let head = crate::text::escape_html(lines.next().unwrap_or(""));
        let items: String = lines
            .map(|l| format!("<li>{}</li>", crate::text::escape_html(l.trim())))
            .collect();
        Some(format!("<div><p>{head}</p><ul>{items}</ul></div>"))
    }
}
