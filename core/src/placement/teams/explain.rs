//! Every candidate's placement explained: the choices above it and why each was not given,
//! the seats each défi filled or lacks, the blocking pairs; and the notices in French and
//! English.

use super::solve::{Prepared, welfare};
use super::{
    BlockingPairIds, Choice, ChoiceOutcome, Placement, Policy, PolicySummary, SeatOutcome,
    Shortfall, Team, TeamResult,
};
use crate::diagnostics::Lang;
use crate::model::TeamFormation;
use crate::rules::Rulebook;
use crate::solve::{StableMatching, blocking_pairs};
use std::fmt::Write as _;

pub(super) fn explain(
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
        let head = crate::text::escape_html(lines.next().unwrap_or(""));
        let items: String = lines
            .map(|l| format!("<li>{}</li>", crate::text::escape_html(l.trim())))
            .collect();
        Some(format!("<div><p>{head}</p><ul>{items}</ul></div>"))
    }
}
