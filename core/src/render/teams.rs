//! The teams of a formation and the pairs of a mentor matching as text.

use crate::diagnostics::Lang;
use crate::placement::mentors::MentorResult;
use crate::placement::teams::TeamResult;
use crate::table::Table;
use std::fmt::Write as _;

impl TeamResult {
    /// The teams as `eig match teams` prints them: a title with the policy, one line per défi
    /// (at most `max_teams`, then how many more) with each seat's expertise, members and
    /// shortfall, then the summary (placed, first choices, empty seats, total score, blocking
    /// pairs).
    #[must_use]
    pub fn to_text(&self, lang: Lang, max_teams: usize) -> String {
        let fr = lang == Lang::Fr;
        let mut out = format!(
            "== {} ({}) ==\n",
            if fr { "Équipes" } else { "Teams" },
            self.policy.label(lang)
        );
        for team in self.teams.iter().take(max_teams) {
            let seats: Vec<String> = team
                .seats
                .iter()
                .map(|s| {
                    let members = if s.members.is_empty() {
                        "—".to_owned()
                    } else {
                        s.members.join(", ")
                    };
                    let missing = s
                        .shortfall
                        .as_ref()
                        .map(|x| {
                            if fr {
                                format!(" ({} vide(s) : {})", s.unfilled, x.label(lang))
                            } else {
                                format!(" ({} empty: {})", s.unfilled, x.label(lang))
                            }
                        })
                        .unwrap_or_default();
                    format!("{} {members}{missing}", s.expertise)
                })
                .collect();
            let below = if team.below_minimum_by > 0 {
                if fr {
                    format!("  ! sous la taille minimale de {}", team.below_minimum_by)
                } else {
                    format!("  ! below the minimum size by {}", team.below_minimum_by)
                }
            } else {
                String::new()
            };
            let _ = writeln!(out, "  {}  {}{below}", team.challenge, seats.join(" | "));
        }
        if self.teams.len() > max_teams {
            let more = self.teams.len() - max_teams;
            let _ = if fr {
                writeln!(out, "  … et {more} autre(s) défi(s)")
            } else {
                writeln!(out, "  … and {more} more défi(s)")
            };
        }
        let s = &self.summary;
        let _ = if fr {
            writeln!(
                out,
                "  {} placé(s) sur {} ; premier choix {:.0} % ; postes vides {} ; note totale {} ; paires bloquantes {}",
                s.placed,
                s.candidates,
                100.0 * s.first_choice_rate,
                s.unfilled_seats,
                crate::table::decimal(s.total_score, 1, lang),
                s.blocking_pairs
            )
        } else {
            writeln!(
                out,
                "  {} placed of {}; first choice {:.0} %; empty seats {}; total score {:.1}; blocking pairs {}",
                s.placed,
                s.candidates,
                100.0 * s.first_choice_rate,
                s.unfilled_seats,
                s.total_score,
                s.blocking_pairs
            )
        };
        out.push_str(&self.changes_text(lang));
        out
    }

    /// The changes from the placement announced, under a title with the number moved (nothing
    /// without a previous placement, or when nothing changed).
    #[must_use]
    pub fn changes_text(&self, lang: Lang) -> String {
        let moved = self.moved();
        crate::placement::Change::list_text(
            &self.changes,
            (
                &format!(
                    "changements depuis le placement annoncé ({moved} déplacement(s), le moins possible)"
                ),
                &format!(
                    "changes from the placement announced ({moved} moved, the fewest possible)"
                ),
            ),
            lang,
        )
    }
}

impl MentorResult {
    /// The pairs as `eig match mentors` prints them, in `lang`: an aligned table of each
    /// pair's team, follower, role, affinity, load, binding bound and conflicts (the whole
    /// table, with every column and its stable names, is [`MentorResult::table`]).
    #[must_use]
    pub fn to_text(&self, lang: Lang) -> String {
        let full = self.table();
        let keep = [
            "team",
            "follower",
            "kind",
            "affinity",
            "load",
            "bound_by",
            "conflicts",
        ];
        let idx: Vec<usize> = keep
            .iter()
            .filter_map(|k| full.columns.iter().position(|c| c == k))
            .collect();
        Table {
            name: full.name.clone(),
            columns: idx.iter().map(|&i| full.columns[i].clone()).collect(),
            types: idx.iter().map(|&i| full.column_type(i)).collect(),
            rows: full
                .rows
                .iter()
                .map(|row| idx.iter().map(|&i| row[i].clone()).collect())
                .collect(),
        }
        .to_text_in(lang, usize::MAX)
        .0 + &self.changes_text(lang)
    }

    /// The changes from the pairs announced, under a title with the number of pairs dropped
    /// (nothing without previous pairs, or when nothing changed).
    #[must_use]
    pub fn changes_text(&self, lang: Lang) -> String {
        crate::placement::Change::list_text(
            &self.changes,
            (
                &format!(
                    "changements depuis les suivis annoncés ({} suivi(s) retiré(s), le moins possible)",
                    self.moved
                ),
                &format!(
                    "changes from the pairs announced ({} pair(s) dropped, the fewest possible)",
                    self.moved
                ),
            ),
            lang,
        )
    }
}
