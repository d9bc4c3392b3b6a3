//! A jury plan as a timetable (text, HTML, a table for CSV and Arrow) and explanations.

use super::{Panel, PlannedJury};
use crate::diagnostics::Lang;
use crate::model::JuryPlan;
use crate::table::{Cell, Table};
use crate::text::escape_html;
use std::fmt::Write as _;

fn when(panel: &Panel, lang: Lang) -> String {
    let (fr, en) = panel.half_day.words();
    match lang {
        Lang::Fr => format!("{} {fr}", panel.day.format("%d/%m/%Y")),
        Lang::En => format!("{} {en}", panel.day),
    }
}

impl PlannedJury {
    /// One row per hearing, in timetable order: `panel`, `slot`, `day`, `half_day`, `room`,
    /// `start`, `minutes`, `item`, `referent`, `jurors`.
    #[must_use]
    pub fn timetable(&self) -> Table {
        let mut t = Table::new(
            "timetable",
            &[
                "panel", "slot", "day", "half_day", "room", "start", "minutes", "item", "referent",
                "jurors",
            ],
        );
        for p in &self.panels {
            for h in &p.hearings {
                t.rows.push(vec![
                    Cell::Text(Some(p.id.clone())),
                    Cell::Text(Some(p.slot.clone())),
                    Cell::Text(Some(p.day.to_string())),
                    Cell::Text(Some(p.half_day.words().1.to_owned())),
                    Cell::Text(Some(p.room.clone())),
                    Cell::Text(Some(h.start.clone())),
                    Cell::Int(Some(h.minutes)),
                    Cell::Text(Some(h.item.clone())),
                    Cell::Text(p.referent.clone()),
                    Cell::List(p.jurors.clone()),
                ]);
            }
        }
        t
    }

    /// One row per juror and panel: `juror`, `panel`, `slot`, `referent`; a juror who sits
    /// nowhere has one row without a panel.
    #[must_use]
    pub fn seats(&self) -> Table {
        let mut t = Table::new("seats", &["juror", "panel", "slot", "referent"]);
        for j in &self.jurors {
            if j.panels.is_empty() {
                t.rows.push(vec![
                    Cell::Text(Some(j.juror.clone())),
                    Cell::Text(None),
                    Cell::Text(None),
                    Cell::Bool(Some(false)),
                ]);
            }
            for p in &j.panels {
                let slot = self
                    .panels
                    .iter()
                    .find(|x| x.id == *p)
                    .map(|x| x.slot.clone());
                t.rows.push(vec![
                    Cell::Text(Some(j.juror.clone())),
                    Cell::Text(Some(p.clone())),
                    Cell::Text(slot),
                    Cell::Bool(Some(j.referent_of.contains(p))),
                ]);
            }
        }
        t
    }

    /// The timetable in words: each panel, its slot, référent and jurors, then its hearings;
    /// then the objective and whether it is proven optimal.
    #[must_use]
    pub fn to_text(&self, plan: &JuryPlan, lang: Lang) -> String {
        let mut out = String::new();
        let title = |id: &str| {
            plan.items
                .iter()
                .find(|i| i.id == id)
                .and_then(|i| i.title.clone())
        };
        for p in &self.panels {
            let referent = p.referent.as_deref().unwrap_or("—");
            let _ = match lang {
                Lang::Fr => writeln!(
                    out,
                    "{} · {} · {} ({}) · référent {referent}\n  jurés : {}",
                    p.id,
                    when(p, lang),
                    p.room,
                    p.slot,
                    p.jurors.join(", ")
                ),
                Lang::En => writeln!(
                    out,
                    "{} · {} · {} ({}) · référent {referent}\n  jurors: {}",
                    p.id,
                    when(p, lang),
                    p.room,
                    p.slot,
                    p.jurors.join(", ")
                ),
            };
            for h in &p.hearings {
                let t = title(&h.item)
                    .map(|t| format!(" — {t}"))
                    .unwrap_or_default();
                let _ = writeln!(out, "  {} {} ({} min){t}", h.start, h.item, h.minutes);
            }
        }
        if !self.changes.is_empty() {
            let _ = match lang {
                Lang::Fr => writeln!(
                    out,
                    "\nchangements depuis le plan annoncé ({} personne(s) ou élément(s) déplacé(s), le moins possible) :",
                    self.objective.moved
                ),
                Lang::En => writeln!(
                    out,
                    "\nchanges from the plan announced ({} people or items moved, the fewest possible):",
                    self.objective.moved
                ),
            };
            for c in &self.changes {
                let _ = writeln!(out, "  {}", c.to_text(lang));
            }
        }
        let o = &self.objective;
        let proof = &self.proof;
        let _ = match lang {
            Lang::Fr => writeln!(
                out,
                "\n{} groupes · objectif {} : {} places tenues par un profil demandé, {} juré(s) \
                 en plus d'une même structure, {} demi-journée(s) en plus · {}",
                self.panels.len(),
                number(o.total, lang),
                o.relevant_seats,
                o.same_organisation,
                o.extra_sittings,
                if proof.optimal {
                    "optimum prouvé".to_owned()
                } else {
                    format!(
                        "borne prouvée {} (écart {} %)",
                        number(proof.bound, lang),
                        number(proof.gap * 100.0, lang)
                    )
                }
            ),
            Lang::En => writeln!(
                out,
                "\n{} panels · objective {}: {} seats held by a profile asked for, {} juror(s) \
                 past the first of one organisation, {} extra half-day(s) · {}",
                self.panels.len(),
                number(o.total, lang),
                o.relevant_seats,
                o.same_organisation,
                o.extra_sittings,
                if proof.optimal {
                    "proven optimal".to_owned()
                } else {
                    format!(
                        "proven bound {} (gap {} %)",
                        number(proof.bound, lang),
                        number(proof.gap * 100.0, lang)
                    )
                }
            ),
        };
        out
    }

    /// The timetable as an HTML table (escaped), one row per hearing.
    #[must_use]
    pub fn to_html(&self, plan: &JuryPlan, lang: Lang) -> String {
        let heads = match lang {
            Lang::Fr => [
                "Groupe",
                "Quand",
                "Salle",
                "Heure",
                "Élément",
                "Référent",
                "Jurés",
            ],
            Lang::En => [
                "Panel",
                "When",
                "Room",
                "Time",
                "Item",
                "Référent",
                "Jurors",
            ],
        };
        let mut out = String::from("<table class=\"jury-plan\">\n<thead><tr>");
        for h in heads {
            let _ = write!(out, "<th>{h}</th>");
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for p in &self.panels {
            for h in &p.hearings {
                let title = plan
                    .items
                    .iter()
                    .find(|i| i.id == h.item)
                    .and_then(|i| i.title.clone())
                    .map(|t| format!(" — {t}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>",
                    escape_html(&p.id),
                    escape_html(&when(p, lang)),
                    escape_html(&p.room),
                    escape_html(&h.start),
                    escape_html(&h.item),
                    escape_html(&title),
                    escape_html(p.referent.as_deref().unwrap_or("")),
                    escape_html(&p.jurors.join(", "))
                );
            }
        }
        out.push_str("</tbody>\n</table>\n");
        out
    }

    /// Why `juror` sits where they sit and may not hear what they may not, in words.
    #[must_use]
    pub fn explain_juror(&self, juror: &str, lang: Lang) -> Option<String> {
        let j = self.jurors.iter().find(|j| j.juror == juror)?;
        let mut out = String::new();
        let panels: Vec<String> = j
            .panels
            .iter()
            .filter_map(|id| self.panels.iter().find(|p| p.id == *id))
            .map(|p| {
                let chair = if j.referent_of.contains(&p.id) {
                    match lang {
                        Lang::Fr => ", référent",
                        Lang::En => ", référent",
                    }
                } else {
                    ""
                };
                format!(
                    "{} ({}, {}{chair}) : {}",
                    p.id,
                    when(p, lang),
                    p.room,
                    p.items.join(", ")
                )
            })
            .collect();
        let _ = match (lang, panels.is_empty()) {
            (Lang::Fr, true) => write!(out, "{juror} ne siège dans aucun groupe"),
            (Lang::En, true) => write!(out, "{juror} sits on no panel"),
            (Lang::Fr, false) => write!(out, "{juror} siège dans {}", panels.join(" ; ")),
            (Lang::En, false) => write!(out, "{juror} sits on {}", panels.join("; ")),
        };
        for e in &j.excluded {
            let _ = match lang {
                Lang::Fr => write!(out, "\n  pas sur {} : {}", e.item, e.to_text(lang)),
                Lang::En => write!(out, "\n  not on {}: {}", e.item, e.to_text(lang)),
            };
        }
        Some(out)
    }

    /// Where `item` is heard, by whom, which profiles they bring, and who may not hear it.
    #[must_use]
    pub fn explain_item(&self, item: &str, lang: Lang) -> Option<String> {
        let i = self.items.iter().find(|i| i.item == item)?;
        let p = self.panels.iter().find(|p| p.id == i.panel)?;
        let mut out = match lang {
            Lang::Fr => format!(
                "{item} est entendu par {} ({}, {}) à {} ; référent {}",
                p.id,
                when(p, lang),
                p.room,
                i.start,
                p.referent.as_deref().unwrap_or("—")
            ),
            Lang::En => format!(
                "{item} is heard by {} ({}, {}) at {}; référent {}",
                p.id,
                when(p, lang),
                p.room,
                i.start,
                p.referent.as_deref().unwrap_or("—")
            ),
        };
        for (q, holders) in &i.profiles {
            let _ = match lang {
                Lang::Fr => write!(out, "\n  profil {q} : {}", holders.join(", ")),
                Lang::En => write!(out, "\n  profile {q}: {}", holders.join(", ")),
            };
        }
        for e in &i.excluded {
            let _ = match lang {
                Lang::Fr => write!(out, "\n  sans {} : {}", e.juror, e.to_text(lang)),
                Lang::En => write!(out, "\n  without {}: {}", e.juror, e.to_text(lang)),
            };
        }
        Some(out)
    }
}

/// A number as the language writes it (`12,5` in French).
fn number(x: f64, lang: Lang) -> String {
    let text = if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round())
    } else {
        format!("{x:.2}")
    };
    match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}
