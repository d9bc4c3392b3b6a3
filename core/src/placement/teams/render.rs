//! Team formation results as tables with stable column names.

use super::{Shortfall, TeamResult};
use crate::diagnostics::Lang;
use crate::table::{Cell, Table};

impl TeamResult {
    /// One row per candidate: `policy`, `candidate`, `expertise`, `challenge`, `rank`,
    /// `score`, `cutoff`, `choices`, `first_choice`, and `reason_code`, why not their first
    /// choice (`placed`, `full`, `no_seat`, `not_chosen`, `kept`, `stayed`, `forbidden`).
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
    /// Why the seats are empty, in words.
    #[must_use]
    pub const fn label(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::NoEligibleCandidate, Lang::Fr) => "aucun candidat éligible",
            (Self::NoEligibleCandidate, Lang::En) => "no eligible candidate",
            (Self::AllPlacedOnPreferred { .. }, Lang::Fr) => {
                "les éligibles sont placés sur un choix qu'ils préfèrent"
            }
            (Self::AllPlacedOnPreferred { .. }, Lang::En) => {
                "the eligible are placed on a choice they prefer"
            }
            (Self::LeftForWelfare { .. }, Lang::Fr) => "laissés libres par l'optimum du bien-être",
            (Self::LeftForWelfare { .. }, Lang::En) => "left free by the welfare optimum",
            (Self::KeptElsewhere { .. }, Lang::Fr) => {
                "les éligibles gardent la place imposée ou déjà annoncée"
            }
            (Self::KeptElsewhere { .. }, Lang::En) => {
                "the eligible keep the place pinned or already announced"
            }
        }
    }

    /// The stable snake_case code.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::NoEligibleCandidate => "no_eligible_candidate",
            Self::AllPlacedOnPreferred { .. } => "all_placed_on_preferred",
            Self::LeftForWelfare { .. } => "left_for_welfare",
            Self::KeptElsewhere { .. } => "kept_elsewhere",
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
