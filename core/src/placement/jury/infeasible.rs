//! Why no plan exists, and the smallest change found that makes one possible.
//!
//! Counting arguments name the rule that binds without solving (panels against slots,
//! référents, seats, each item's possible jurors and profiles, minutes). When they find none
//! and the solver proves that no plan exists, the binding rule is "the rules together". Either
//! way, concrete changes to the input are then tried, smallest first, each **checked by
//! planning again**; the message gives the ones that make a plan possible.

use super::PlanOptions;
use super::check::{JuryContext, RuledConflicts};
use super::model::{Outcome, Prepared};
use crate::diagnostics::{InvalidDocument, message};
use crate::model::{Hearing, JuryPlan};
use std::time::{Duration, Instant};

/// A rule that binds: its kind, its words, and the changes that could lift it.
pub(super) struct Binding {
    kind: &'static str,
    fr: String,
    en: String,
    path: String,
    changes: Vec<Change>,
}

/// A change of the input, in words, and the input it gives.
struct Change {
    kind: &'static str,
    fr: String,
    en: String,
    plan: JuryPlan,
}

impl Binding {
    /// The binding rule when the counting finds none: the rules together.
    pub(super) fn together() -> Self {
        Self {
            kind: "rules_together",
            fr: "les règles prises ensemble (tailles des groupes, charges, disponibilités, \
                 conflits, profils) ne laissent aucun plan"
                .to_owned(),
            en: "the rules taken together (panel sizes, loads, availability, conflicts, \
                 profiles) leave no plan"
                .to_owned(),
            path: String::new(),
            changes: Vec::new(),
        }
    }
}

fn nouns(plan: &JuryPlan) -> (&'static str, &'static str) {
    match plan.hearing {
        Hearing::Challenges => ("défis", "défis"),
        Hearing::Candidates => ("candidats", "candidates"),
    }
}

/// How many panels at least hear every item.
fn panels_needed(plan: &JuryPlan, per_panel: u32) -> usize {
    plan.items.len().div_ceil(per_panel.max(1) as usize)
}

/// The counting arguments: the first rule found to bind, with its changes.
pub(super) fn counting(plan: &JuryPlan, ruled: &RuledConflicts) -> Option<Binding> {
    let ix = Prepared::new(plan, ruled);
    let rules = &plan.panel_rules;
    let (n_fr, n_en) = nouns(plan);
    let n = plan.items.len();
    let need = panels_needed(plan, rules.items.max);
    // Minutes: an item longer than every slot.
    let longest_slot = plan.slots.iter().map(|s| s.minutes).max().unwrap_or(0);
    if let Some((k, item)) = plan
        .items
        .iter()
        .enumerate()
        .find(|(_, i)| i.minutes > longest_slot)
    {
        let mut p = plan.clone();
        for s in &mut p.slots {
            s.minutes = s.minutes.max(item.minutes);
        }
        return Some(Binding {
            kind: "minutes",
            fr: format!(
                "{} dure {} minutes, plus que le plus long créneau ({longest_slot} minutes)",
                item.id, item.minutes
            ),
            en: format!(
                "{} lasts {} minutes, longer than the longest slot ({longest_slot} minutes)",
                item.id, item.minutes
            ),
            path: format!("/items/{k}/minutes"),
            changes: vec![Change {
                kind: "slot_minutes",
                fr: format!("donnez aux créneaux au moins {} minutes", item.minutes),
                en: format!("give the slots at least {} minutes", item.minutes),
                plan: p,
            }],
        });
    }
    // Panels against slots.
    if need > plan.slots.len() {
        let mut changes = Vec::new();
        if let Some(per) = (rules.items.max + 1..=rules.items.max + 50)
            .find(|&m| panels_needed(plan, m) <= plan.slots.len())
        {
            let mut p = plan.clone();
            p.panel_rules.items.max = per;
            changes.push(Change {
                kind: "items_per_panel",
                fr: format!("laissez un groupe entendre jusqu'à {per} {n_fr}"),
                en: format!("let a panel hear up to {per} {n_en}"),
                plan: p,
            });
        }
        return Some(Binding {
            kind: "slots",
            fr: format!(
                "{n} {n_fr} entendus {} à la fois demandent au moins {need} groupes, mais il \
                 n'y a que {} créneaux",
                range_fr(rules.items.min, rules.items.max),
                plan.slots.len()
            ),
            en: format!(
                "{n} {n_en} heard {} at a time need at least {need} panels, but there are only \
                 {} slots",
                range_en(rules.items.min, rules.items.max),
                plan.slots.len()
            ),
            path: "/slots".to_owned(),
            changes,
        });
    }
    // Référents.
    let sittings = |j: usize| (plan.jurors[j].load.max as usize).min(ix.times_of(j));
    if rules.referent {
        let capable: Vec<usize> = (0..plan.jurors.len())
            .filter(|&j| plan.jurors[j].can_be_referent)
            .collect();
        let available: usize = capable.iter().map(|&j| sittings(j)).sum();
        if available < need {
            let missing = need - available;
            let mut others: Vec<usize> = (0..plan.jurors.len())
                .filter(|&j| !plan.jurors[j].can_be_referent && sittings(j) > 0)
                .collect();
            others.sort_by_key(|&j| std::cmp::Reverse(sittings(j)));
            let mut changes = Vec::new();
            let mut p = plan.clone();
            let mut named = Vec::new();
            let mut gained = 0;
            for &j in &others {
                if gained >= missing {
                    break;
                }
                p.jurors[j].can_be_referent = true;
                named.push(plan.jurors[j].id.as_str());
                gained += sittings(j);
            }
            if gained >= missing {
                let list = named.join(", ");
                changes.push(Change {
                    kind: "mark_referent",
                    fr: format!(
                        "marquez {} comme référent possible ({list})",
                        if named.len() == 1 {
                            "un juré de plus".to_owned()
                        } else {
                            format!("{} jurés de plus", named.len())
                        }
                    ),
                    en: format!(
                        "mark {} as possible référent ({list})",
                        if named.len() == 1 {
                            "one more juror".to_owned()
                        } else {
                            format!("{} more jurors", named.len())
                        }
                    ),
                    plan: p,
                });
            }
            if let Some(per) = (rules.items.max + 1..=rules.items.max + 50)
                .find(|&m| panels_needed(plan, m) <= available)
            {
                let mut p = plan.clone();
                p.panel_rules.items.max = per;
                changes.push(Change {
                    kind: "items_per_panel",
                    fr: format!("laissez un groupe entendre {per} {n_fr}"),
                    en: format!("let a panel hear {per} {n_en}"),
                    plan: p,
                });
            }
            return Some(Binding {
                kind: "referents",
                fr: format!(
                    "{n} {n_fr} entendus {} à la fois demandent au moins {need} groupes, mais \
                     les jurés qui peuvent être référents n'en tiennent que {available}",
                    range_fr(rules.items.min, rules.items.max)
                ),
                en: format!(
                    "{n} {n_en} heard {} at a time need at least {need} panels, but the jurors \
                     who can be référent can chair only {available}",
                    range_en(rules.items.min, rules.items.max)
                ),
                path: "/jurors".to_owned(),
                changes,
            });
        }
    }
    // Seats.
    let seats: usize = (0..plan.jurors.len()).map(sittings).sum();
    let asked = need * rules.size.min as usize;
    if seats < asked {
        let mut changes = Vec::new();
        let fit = u32::try_from(seats / need.max(1)).unwrap_or(u32::MAX);
        if fit >= 1 && fit < rules.size.min {
            changes.push(smaller_panels(plan, fit));
        }
        let mut p = plan.clone();
        for j in &mut p.jurors {
            j.load.max += 1;
        }
        changes.push(Change {
            kind: "juror_load",
            fr: "laissez chaque juré siéger une demi-journée de plus".to_owned(),
            en: "let every juror sit one more half-day".to_owned(),
            plan: p,
        });
        return Some(Binding {
            kind: "seats",
            fr: format!(
                "{need} groupes d'au moins {} jurés demandent {asked} places, mais les jurés \
                 n'en tiennent que {seats}",
                rules.size.min
            ),
            en: format!(
                "{need} panels of at least {} jurors need {asked} seats, but the jurors can take \
                 only {seats}",
                rules.size.min
            ),
            path: "/jurors".to_owned(),
            changes,
        });
    }
    // Each item: its possible jurors, and its profiles.
    for (i, item) in plan.items.iter().enumerate() {
        let possible: Vec<usize> = (0..plan.jurors.len())
            .filter(|&j| !ix.conflict[j][i] && sittings(j) > 0)
            .collect();
        if possible.len() < rules.size.min as usize {
            let fit = u32::try_from(possible.len()).unwrap_or(0);
            let mut changes = Vec::new();
            if fit >= 1 {
                changes.push(smaller_panels(plan, fit));
            }
            return Some(Binding {
                kind: "item_jurors",
                fr: format!(
                    "{} ne peut être entendu que par {} jurés sans conflit d'intérêts, moins \
                     qu'un groupe ({})",
                    item.id,
                    possible.len(),
                    rules.size.min
                ),
                en: format!(
                    "{} can be heard by only {} jurors without a conflict of interest, fewer \
                     than a panel ({})",
                    item.id,
                    possible.len(),
                    rules.size.min
                ),
                path: format!("/items/{i}"),
                changes,
            });
        }
        for (n, q) in item.profiles.iter().enumerate() {
            let key = crate::text::fold(q);
            if !possible.iter().any(|&j| ix.holds(j, &key)) {
                let mut p = plan.clone();
                p.items[i].profiles.remove(n);
                return Some(Binding {
                    kind: "item_profile",
                    fr: format!(
                        "{} demande le profil « {q} », mais tous les jurés qui l'ont sont en \
                         conflit d'intérêts avec lui ou indisponibles",
                        item.id
                    ),
                    en: format!(
                        "{} asks for the profile \"{q}\", but every juror who holds it has a \
                         conflict of interest with it or cannot sit",
                        item.id
                    ),
                    path: format!("/items/{i}/profiles/{n}"),
                    changes: vec![Change {
                        kind: "drop_profile",
                        fr: format!("laissez le groupe de {} siéger sans « {q} »", item.id),
                        en: format!("let the panel of {} sit without \"{q}\"", item.id),
                        plan: p,
                    }],
                });
            }
        }
    }
    None
}

/// The change that accepts panels of `fit` jurors.
fn smaller_panels(plan: &JuryPlan, fit: u32) -> Change {
    let mut p = plan.clone();
    p.panel_rules.size.min = fit;
    Change {
        kind: "panel_size",
        fr: format!("acceptez des groupes de {fit} jurés"),
        en: format!("accept panels of {fit} jurors"),
        plan: p,
    }
}

fn range_fr(min: u32, max: u32) -> String {
    if min == max {
        min.to_string()
    } else if max == min + 1 {
        format!("{min} ou {max}")
    } else {
        format!("{min} à {max}")
    }
}

fn range_en(min: u32, max: u32) -> String {
    if min == max {
        min.to_string()
    } else if max == min + 1 {
        format!("{min} or {max}")
    } else {
        format!("{min} to {max}")
    }
}

/// The changes tried when no counting argument binds, smallest first.
fn general_changes(plan: &JuryPlan, ruled: &RuledConflicts) -> Vec<Change> {
    let rules = &plan.panel_rules;
    let (n_fr, n_en) = nouns(plan);
    let mut out = Vec::new();
    let mut with = |kind, fr: String, en: String, edit: &dyn Fn(&mut JuryPlan)| {
        let mut p = plan.clone();
        edit(&mut p);
        out.push(Change {
            kind,
            fr,
            en,
            plan: p,
        });
    };
    let per = rules.items.max + 1;
    with(
        "items_per_panel",
        format!("laissez un groupe entendre jusqu'à {per} {n_fr}"),
        format!("let a panel hear up to {per} {n_en}"),
        &|p| p.panel_rules.items.max += 1,
    );
    if rules.items.min > 1 {
        let fewer = rules.items.min - 1;
        with(
            "items_per_panel_min",
            format!("laissez un groupe n'entendre que {fewer} {n_fr}"),
            format!("let a panel hear only {fewer} {n_en}"),
            &|p| p.panel_rules.items.min -= 1,
        );
    }
    if rules.size.min > 1 {
        let fewer = rules.size.min - 1;
        with(
            "panel_size",
            format!("acceptez des groupes de {fewer} jurés"),
            format!("accept panels of {fewer} jurors"),
            &|p| p.panel_rules.size.min -= 1,
        );
    }
    if let Some(cap) = rules.max_per_organisation {
        let more = cap + 1;
        with(
            "max_per_organisation",
            format!("acceptez {more} jurés d'une même structure dans un groupe"),
            format!("accept {more} jurors of one organisation on a panel"),
            &|p| p.panel_rules.max_per_organisation = Some(more),
        );
    }
    with(
        "juror_load",
        "laissez chaque juré siéger une demi-journée de plus".to_owned(),
        "let every juror sit one more half-day".to_owned(),
        &|p| {
            for j in &mut p.jurors {
                j.load.max += 1;
            }
        },
    );
    if rules.referent {
        let ix = Prepared::new(plan, ruled);
        let mut others: Vec<usize> = (0..plan.jurors.len())
            .filter(|&j| !plan.jurors[j].can_be_referent && ix.times_of(j) > 0)
            .collect();
        others.sort_by_key(|&j| std::cmp::Reverse(ix.times_of(j)));
        for &j in others.iter().take(2) {
            let id = plan.jurors[j].id.clone();
            with(
                "mark_referent",
                format!("marquez {id} comme référent possible"),
                format!("mark {id} as possible référent"),
                &|p| p.jurors[j].can_be_referent = true,
            );
        }
    }
    for (k, pin) in plan.forced.iter().enumerate().take(3) {
        with(
            "drop_forced",
            format!("ne forcez pas {} à entendre {}", pin.juror, pin.item),
            format!("do not force {} to hear {}", pin.juror, pin.item),
            &|p| {
                p.forced.remove(k);
            },
        );
    }
    out
}

/// The error of a binding rule, with the changes (its own, then the general ones) that make
/// a plan possible, each checked by planning again: two at most, within the budget.
pub(super) fn explain(
    plan: &JuryPlan,
    context: &JuryContext,
    binding: &Binding,
    options: PlanOptions,
) -> InvalidDocument {
    let started = Instant::now();
    let budget = options.time_limit.min(Duration::from_secs(20));
    let per_try = PlanOptions {
        time_limit: (budget / 4).max(Duration::from_millis(200)),
        node_limit: options.node_limit,
    };
    let own: Vec<&Change> = binding.changes.iter().collect();
    let general = if own.is_empty() {
        general_changes(plan, context.ruled())
    } else {
        Vec::new()
    };
    let mut found: Vec<&Change> = Vec::new();
    for change in own.into_iter().chain(general.iter()) {
        if found.len() >= 2 || started.elapsed() >= budget {
            break;
        }
        if found.iter().any(|f| f.kind == change.kind) {
            continue;
        }
        // The rulebook's rules may read what the change edits: their conflicts on it.
        let Some(ruled) = context.ruled_on(&change.plan) else {
            continue;
        };
        let solvable = counting(&change.plan, &ruled).is_none()
            && matches!(
                super::model::solve(&change.plan, &ruled, per_try),
                Outcome::Planned(_)
            );
        if solvable {
            found.push(change);
        }
    }
    let relaxation = (!found.is_empty()).then(|| {
        (
            found.iter().map(|c| c.kind).collect::<Vec<_>>().join(","),
            found
                .iter()
                .map(|c| c.fr.as_str())
                .collect::<Vec<_>>()
                .join(", ou "),
            found
                .iter()
                .map(|c| c.en.as_str())
                .collect::<Vec<_>>()
                .join(", or "),
        )
    });
    InvalidDocument::new(vec![message::plan_infeasible(
        binding.path.clone(),
        (binding.kind, &binding.fr, &binding.en),
        relaxation
            .as_ref()
            .map(|(k, fr, en)| (k.as_str(), fr.as_str(), en.as_str())),
    )])
}

/// The error of a search that found no plan within its budget.
pub(super) fn out_of_time(options: PlanOptions) -> InvalidDocument {
    let secs = options.time_limit.as_secs_f64();
    InvalidDocument::new(vec![message::plan_infeasible(
        "",
        (
            "budget",
            &format!(
                "aucun plan trouvé en {secs} s (ni la preuve qu'il n'y en a pas) : donnez plus \
                 de temps (--time-limit) ou assouplissez une règle"
            ),
            &format!(
                "no plan found in {secs} s (nor a proof that none exists): give more time \
                 (--time-limit) or relax a rule"
            ),
        ),
        None,
    )])
}

/// The error of a plan past the exact search's size for which the greedy plan failed.
pub(super) fn too_large() -> InvalidDocument {
    let limit = super::MAX_EXACT_CONSTRAINTS;
    InvalidDocument::new(vec![message::plan_infeasible(
        "",
        (
            "too_large",
            &format!(
                "le plan dépasse la taille de la recherche exacte ({limit} contraintes) et la \
                 construction gloutonne n'a pas trouvé de plan : découpez le jury (par jour ou \
                 par salle) ou assouplissez une règle"
            ),
            &format!(
                "the plan is past the exact search's size ({limit} constraints) and the greedy \
                 construction found no plan: split the jury (by day or by room) or relax a rule"
            ),
        ),
        None,
    )])
}
