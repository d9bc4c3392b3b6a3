//! Why a juror may not hear an item, and the plan's placements with their reasons.

use super::check::RuledConflicts;
use super::model::{Prepared, Solved};
use super::{Hearing, ItemPlacement, JurorPlacement, Panel, PlanObjective, PlanProof, PlannedJury};
use crate::diagnostics::Lang;
use crate::model::{HalfDay, JuryPlan, PlanItem, PlanJuror};
use crate::text::fold;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Why a juror may not hear an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ExclusionReason {
    /// The juror's organisation hosts the item.
    OwnOrganisation {
        /// The organisation.
        organisation: String,
    },
    /// The juror declared a conflict with an organisation that hosts the item.
    DeclaredOrganisation {
        /// The organisation.
        organisation: String,
    },
    /// The juror declared a conflict with the item.
    DeclaredItem,
    /// The pair is forbidden in the plan.
    Forbidden,
    /// A `juror-item` rule of the rulebook refuses the pair.
    Rule {
        /// The rule's id.
        rule: String,
        /// Its message in French.
        message_fr: String,
        /// Its message in English.
        message_en: String,
    },
}

/// A juror and an item they may not hear, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    /// The juror.
    pub juror: String,
    /// The item.
    pub item: String,
    /// Why.
    #[serde(flatten)]
    pub why: ExclusionReason,
}

impl Exclusion {
    /// The reason in words, from the juror's side (`lang`): « votre structure (DINUM)
    /// l'accueille ».
    #[must_use]
    pub fn to_text(&self, lang: Lang) -> String {
        match (&self.why, lang) {
            (ExclusionReason::OwnOrganisation { organisation }, Lang::Fr) => {
                format!("sa structure (« {organisation} ») l'accueille")
            }
            (ExclusionReason::OwnOrganisation { organisation }, Lang::En) => {
                format!("their organisation (\"{organisation}\") hosts it")
            }
            (ExclusionReason::DeclaredOrganisation { organisation }, Lang::Fr) => {
                format!("conflit d'intérêts déclaré avec « {organisation} », qui l'accueille")
            }
            (ExclusionReason::DeclaredOrganisation { organisation }, Lang::En) => {
                format!("a declared conflict of interest with \"{organisation}\", which hosts it")
            }
            (ExclusionReason::DeclaredItem, Lang::Fr) => {
                "conflit d'intérêts déclaré avec lui".to_owned()
            }
            (ExclusionReason::DeclaredItem, Lang::En) => {
                "a declared conflict of interest with it".to_owned()
            }
            (ExclusionReason::Forbidden, Lang::Fr) => "paire interdite dans le plan".to_owned(),
            (ExclusionReason::Forbidden, Lang::En) => "a pair forbidden in the plan".to_owned(),
            (ExclusionReason::Rule { message_fr, .. }, Lang::Fr) => message_fr.clone(),
            (ExclusionReason::Rule { message_en, .. }, Lang::En) => message_en.clone(),
        }
    }
}

/// Why `juror` may not hear `item`, if they may not: their organisation hosts it, they
/// declared a conflict with it or with one of its hosts, the pair is forbidden, or a rule of
/// the rulebook refuses it.
pub(super) fn exclusion(
    plan: &JuryPlan,
    ruled: &RuledConflicts,
    juror: &PlanJuror,
    item: &PlanItem,
) -> Option<ExclusionReason> {
    let hosts: Vec<(String, &String)> = item.hosts.iter().map(|h| (fold(h), h)).collect();
    if let Some(own) = &juror.organisation {
        let own_key = fold(own);
        if let Some((_, h)) = hosts.iter().find(|(k, _)| *k == own_key) {
            return Some(ExclusionReason::OwnOrganisation {
                organisation: (*h).clone(),
            });
        }
    }
    for declared in &juror.conflicts.organisations {
        let key = fold(declared);
        if let Some((_, h)) = hosts.iter().find(|(k, _)| *k == key) {
            return Some(ExclusionReason::DeclaredOrganisation {
                organisation: (*h).clone(),
            });
        }
    }
    if juror.conflicts.items.contains(&item.id) {
        return Some(ExclusionReason::DeclaredItem);
    }
    if plan
        .forbidden
        .iter()
        .any(|p| p.juror == juror.id && p.item == item.id)
    {
        return Some(ExclusionReason::Forbidden);
    }
    ruled
        .reason(&juror.id, &item.id)
        .map(|(rule, message_fr, message_en)| ExclusionReason::Rule {
            rule,
            message_fr,
            message_en,
        })
}

/// The first hearing of a half-day (09:00 in the morning, 14:00 in the afternoon).
fn opening(half: HalfDay) -> u32 {
    match half {
        HalfDay::Morning => 9 * 60,
        HalfDay::Afternoon => 14 * 60,
    }
}

fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The plan of a solution: panels in timetable order, every juror and item placed, with the
/// reasons of their exclusions.
pub(super) fn planned(plan: &JuryPlan, ruled: &RuledConflicts, solved: &Solved) -> PlannedJury {
    let ix = Prepared::new(plan, ruled);
    let mut order: Vec<&super::model::SolvedPanel> = solved.panels.iter().collect();
    order.sort_by(|a, b| {
        let (sa, sb) = (&plan.slots[a.slot], &plan.slots[b.slot]);
        (sa.day, sa.half_day, a.slot).cmp(&(sb.day, sb.half_day, b.slot))
    });
    let panels: Vec<Panel> = order
        .iter()
        .enumerate()
        .map(|(k, sp)| {
            let slot = &plan.slots[sp.slot];
            let mut at = opening(slot.half_day);
            let hearings = sp
                .items
                .iter()
                .map(|&i| {
                    let item = &plan.items[i];
                    let h = Hearing {
                        item: item.id.clone(),
                        start: clock(at),
                        minutes: item.minutes,
                    };
                    at += item.minutes;
                    h
                })
                .collect();
            Panel {
                id: format!("groupe-{}", k + 1),
                slot: slot.id.clone(),
                day: slot.day,
                half_day: slot.half_day,
                room: slot.room.clone(),
                jurors: sp
                    .jurors
                    .iter()
                    .map(|&j| plan.jurors[j].id.clone())
                    .collect(),
                referent: sp.referent.map(|j| plan.jurors[j].id.clone()),
                items: sp.items.iter().map(|&i| plan.items[i].id.clone()).collect(),
                hearings,
            }
        })
        .collect();
    let exclusions = |j: usize, i: usize| -> Option<Exclusion> {
        exclusion(plan, ruled, &plan.jurors[j], &plan.items[i]).map(|why| Exclusion {
            juror: plan.jurors[j].id.clone(),
            item: plan.items[i].id.clone(),
            why,
        })
    };
    let jurors = (0..plan.jurors.len())
        .map(|j| {
            let id = &plan.jurors[j].id;
            JurorPlacement {
                juror: id.clone(),
                panels: panels
                    .iter()
                    .filter(|p| p.jurors.contains(id))
                    .map(|p| p.id.clone())
                    .collect(),
                referent_of: panels
                    .iter()
                    .filter(|p| p.referent.as_ref() == Some(id))
                    .map(|p| p.id.clone())
                    .collect(),
                excluded: (0..plan.items.len())
                    .filter_map(|i| exclusions(j, i))
                    .collect(),
            }
        })
        .collect();
    let items = (0..plan.items.len())
        .map(|i| {
            let item = &plan.items[i];
            let panel = panels.iter().find(|p| p.items.contains(&item.id));
            let (panel_id, slot, start, sitting) = panel.map_or_else(
                || (String::new(), String::new(), String::new(), Vec::new()),
                |p| {
                    let start = p
                        .hearings
                        .iter()
                        .find(|h| h.item == item.id)
                        .map(|h| h.start.clone())
                        .unwrap_or_default();
                    (p.id.clone(), p.slot.clone(), start, p.jurors.clone())
                },
            );
            let profiles = item
                .profiles
                .iter()
                .map(|q| {
                    let key = fold(q);
                    let holders = (0..plan.jurors.len())
                        .filter(|&j| sitting.contains(&plan.jurors[j].id) && ix.holds(j, &key))
                        .map(|j| plan.jurors[j].id.clone())
                        .collect();
                    (q.clone(), holders)
                })
                .collect();
            ItemPlacement {
                item: item.id.clone(),
                panel: panel_id,
                slot,
                start,
                profiles,
                excluded: (0..plan.jurors.len())
                    .filter_map(|j| exclusions(j, i))
                    .collect(),
            }
        })
        .collect();
    PlannedJury {
        promotion: plan.promotion.as_str().to_owned(),
        objective: objective(plan, &ix, &panels),
        proof: PlanProof {
            optimal: solved.optimal,
            bound: solved.bound,
            gap: solved.gap,
            nodes: solved.nodes,
            variables: solved.variables,
            constraints: solved.constraints,
        },
        panels,
        jurors,
        items,
        changes: Vec::new(),
    }
}

/// Who moved from the previous plan of `original`, given the new plan.
pub(super) fn changes(original: &JuryPlan, result: &PlannedJury) -> Vec<super::PlanChange> {
    let Some(prev) = &original.previous else {
        return Vec::new();
    };
    let now = result
        .panels
        .iter()
        .map(|p| (p.slot.as_str(), &p.jurors, &p.items));
    let then = prev
        .panels
        .iter()
        .map(|p| (p.slot.as_str(), &p.jurors, &p.items));
    let mut out = Vec::new();
    let jurors = original.jurors.iter().map(|j| ("juror", j.id.as_str()));
    let items = original.items.iter().map(|i| ("item", i.id.as_str()));
    let mut seen = BTreeSet::new();
    let previous_only = prev.panels.iter().flat_map(|p| {
        p.jurors
            .iter()
            .map(|j| ("juror", j.as_str()))
            .chain(p.items.iter().map(|i| ("item", i.as_str())))
    });
    for (kind, id) in jurors.chain(items).chain(previous_only) {
        if !seen.insert((kind, id)) {
            continue;
        }
        let mut from = slots_of(then.clone(), kind, id);
        let withdrew = original.withdrawn.iter().any(|w| w == id);
        let mut to = if withdrew {
            Vec::new()
        } else {
            slots_of(now.clone(), kind, id)
        };
        from.sort();
        to.sort();
        let new_item = kind == "item" && from.is_empty();
        if from != to && !new_item {
            out.push(super::PlanChange {
                id: id.to_owned(),
                kind: kind.to_owned(),
                from,
                to,
                reason: if withdrew { "withdrew" } else { "moved" }.to_owned(),
            });
        }
    }
    out
}

/// The slots of the panels (slot, jurors, items) where the juror or item `id` is.
fn slots_of<'a>(
    panels: impl Iterator<Item = (&'a str, &'a Vec<String>, &'a Vec<String>)>,
    kind: &str,
    id: &str,
) -> Vec<String> {
    panels
        .filter(|(_, jurors, items)| {
            let names = if kind == "juror" { jurors } else { items };
            names.iter().any(|n| n == id)
        })
        .map(|(slot, _, _)| slot.to_owned())
        .collect()
}

/// Panels by index, from panels by identifier.
fn by_index(plan: &JuryPlan, panels: &[Panel]) -> Vec<super::model::SolvedPanel> {
    panels
        .iter()
        .filter_map(|p| {
            Some(super::model::SolvedPanel {
                slot: plan.slots.iter().position(|s| s.id == p.slot)?,
                items: p
                    .items
                    .iter()
                    .filter_map(|i| plan.items.iter().position(|x| x.id == *i))
                    .collect(),
                jurors: p
                    .jurors
                    .iter()
                    .filter_map(|j| plan.jurors.iter().position(|x| x.id == *j))
                    .collect(),
                referent: None,
            })
        })
        .collect()
}

/// The objective of panels, recomputed from the plan itself (not read from the solver).
pub(super) fn objective(plan: &JuryPlan, ix: &Prepared<'_>, panels: &[Panel]) -> PlanObjective {
    let juror_ix = |id: &str| plan.jurors.iter().position(|j| j.id == id);
    let item_ix = |id: &str| plan.items.iter().position(|i| i.id == id);
    let (mut relevant, mut same) = (0u32, 0u32);
    for p in panels {
        let items: Vec<usize> = p.items.iter().filter_map(|i| item_ix(i)).collect();
        let mut orgs: Vec<usize> = Vec::new();
        for j in p.jurors.iter().filter_map(|j| juror_ix(j)) {
            if items.iter().any(|&i| ix.relevant(j, i)) {
                relevant += 1;
            }
            if let Some(o) = ix.org_of[j] {
                orgs.push(o);
            }
        }
        let distinct: BTreeSet<usize> = orgs.iter().copied().collect();
        same += u32::try_from(orgs.len() - distinct.len()).unwrap_or(u32::MAX);
    }
    let extra: u32 = plan
        .jurors
        .iter()
        .map(|j| {
            let n = panels.iter().filter(|p| p.jurors.contains(&j.id)).count();
            u32::try_from(n.saturating_sub(1)).unwrap_or(u32::MAX)
        })
        .sum();
    let w = plan.weights;
    PlanObjective {
        moved: super::model::moves(ix, &by_index(plan, panels)),
        total: w.coverage * f64::from(relevant)
            - w.same_organisation * f64::from(same)
            - w.extra_sitting * f64::from(extra),
        relevant_seats: relevant,
        same_organisation: same,
        extra_sittings: extra,
    }
}
