//! The checks of a jury plan's input, and an independent check of a plan against its rules.

use super::PlannedJury;
use crate::diagnostics::InvalidDocument;
use crate::diagnostics::message::{self, PinFault, PinRole, Thing};
use crate::diagnostics::{Violation, duplicate_ids};
use crate::model::JuryPlan;
use crate::schema::SchemaKind;
use crate::text::fold;
use crate::validate::{Checked, Document, RulebookChoice, load_value_with};
use std::collections::{BTreeMap, BTreeSet};

/// What a jury plan's input was checked with: the conflicts of interest that the rulebook's
/// `juror-item` rules declare (none without such rules), and those rules, for the changes the
/// planner tries when no plan exists.
#[derive(Debug, Clone, Default)]
pub struct JuryContext {
    ruled: RuledConflicts,
    rules: crate::validate::RuleSet,
}

impl JuryContext {
    /// The conflicts the rulebook's rules declare.
    #[must_use]
    pub fn ruled(&self) -> &RuledConflicts {
        &self.ruled
    }

    /// The conflicts the same rules declare on `plan` (a change of the input, tried when no
    /// plan exists: a rule may read what the change edits), or `None` when a rule cannot run
    /// on it.
    pub(super) fn ruled_on(&self, plan: &JuryPlan) -> Option<RuledConflicts> {
        if self.rules.is_empty() {
            return Some(RuledConflicts::default());
        }
        let value = serde_json::to_value(plan).ok()?;
        let found = self.rules.pairs(&value);
        if found.violations.iter().any(Violation::is_error) {
            return None;
        }
        Some(RuledConflicts::from_refused(
            plan,
            &self.rules,
            found.refused,
        ))
    }
}

/// The pairs of a juror and an item that a rulebook's `juror-item` rules refuse: conflicts
/// of interest the planner keeps as it keeps the declared ones, each explained by the rule's
/// message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuledConflicts {
    /// Juror → item → the rule, by its position in `rules`.
    pairs: BTreeMap<String, BTreeMap<String, usize>>,
    /// Each rule that refuses a pair: its id and messages (with `{juror}` and `{item}`).
    rules: Vec<(String, String, String)>,
}

impl RuledConflicts {
    /// The pairs `refused` (juror's position, item's position, rule's position in `rules`),
    /// by their ids, each explained by the first rule that refuses it.
    fn from_refused(
        plan: &JuryPlan,
        rules: &crate::validate::RuleSet,
        refused: Vec<(usize, usize, usize)>,
    ) -> Self {
        let mut ruled = Self::default();
        let mut at_rule: BTreeMap<usize, usize> = BTreeMap::new();
        for (j, i, k) in refused {
            let (Some(juror), Some(item), Some(rule)) =
                (plan.jurors.get(j), plan.items.get(i), rules.rule(k))
            else {
                continue;
            };
            let n = *at_rule.entry(k).or_insert_with(|| {
                ruled.rules.push((
                    rule.id.clone(),
                    rule.message_fr.clone(),
                    rule.message_en.clone(),
                ));
                ruled.rules.len() - 1
            });
            ruled
                .pairs
                .entry(juror.id.clone())
                .or_default()
                .entry(item.id.clone())
                .or_insert(n);
        }
        ruled
    }

    /// How many pairs are refused.
    #[must_use]
    pub fn len(&self) -> usize {
        self.pairs.values().map(BTreeMap::len).sum()
    }

    /// Whether no pair is refused.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Whether the rules refuse `juror` on `item`.
    #[must_use]
    pub fn refuses(&self, juror: &str, item: &str) -> bool {
        self.pairs
            .get(juror)
            .is_some_and(|items| items.contains_key(item))
    }

    /// The rule that refuses `juror` on `item`, if one does: its id and its message in French
    /// and in English, filled.
    #[must_use]
    pub fn reason(&self, juror: &str, item: &str) -> Option<(String, String, String)> {
        let k = *self.pairs.get(juror)?.get(item)?;
        let (id, fr, en) = self.rules.get(k)?;
        let fill = |t: &str| t.replace("{juror}", juror).replace("{item}", item);
        Some((id.clone(), fill(fr), fill(en)))
    }

    /// The pairs refused, in order of juror and item, each with its rule's id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.pairs.iter().flat_map(move |(j, items)| {
            items.iter().filter_map(move |(i, k)| {
                let (id, _, _) = self.rules.get(*k)?;
                Some((j.as_str(), i.as_str(), id.as_str()))
            })
        })
    }

    /// The items the rules refuse `juror` on.
    pub(super) fn items_of(&self, juror: &str) -> impl Iterator<Item = &str> {
        self.pairs
            .get(juror)
            .into_iter()
            .flat_map(|items| items.keys().map(String::as_str))
    }
}

impl Document for JuryPlan {
    const KIND: SchemaKind = SchemaKind::JuryPlan;
    type Context = JuryContext;
    fn check(&self, context: &JuryContext) -> Vec<Violation> {
        check(self, &context.ruled)
    }
}

/// The context of an input: the rulebook `choice` names, its `juror-item` rules run over each
/// pair of the input's JSON (`value`), and what kept one from running.
fn resolve(
    plan: &JuryPlan,
    value: &serde_json::Value,
    choice: &RulebookChoice,
) -> (JuryContext, Vec<Violation>) {
    let rules = crate::validate::pair_rules(choice);
    if rules.is_empty() {
        return (JuryContext::default(), Vec::new());
    }
    let found = rules.pairs(value);
    let ruled = RuledConflicts::from_refused(plan, &rules, found.refused);
    (JuryContext { ruled, rules }, found.violations)
}

/// Loads a jury plan's input (JSON bytes) and checks it with the rulebook `choice` names: its
/// declared rules on `jury-plan` check the input, its `juror-item` rules name the pairs in
/// conflict, which every check and the planner keep.
///
/// # Errors
/// [`InvalidDocument`] with every violation when one is an error.
pub fn load(bytes: &[u8], choice: &RulebookChoice) -> Result<Checked<JuryPlan>, InvalidDocument> {
    let read = crate::validate::read(bytes, JuryPlan::limits())?;
    crate::validate::Read::noted_load(read.comments, load_value(&read.value, choice))
}

/// [`load`] for a document already parsed as JSON.
///
/// # Errors
/// [`InvalidDocument`] with every violation when one is an error.
pub fn load_value(
    value: &serde_json::Value,
    choice: &RulebookChoice,
) -> Result<Checked<JuryPlan>, InvalidDocument> {
    crate::validate::after_load(
        load_value_with(value, |plan| resolve(plan, value, choice)),
        value,
        &crate::validate::declared_rules(SchemaKind::JuryPlan, choice),
    )
}

/// Every violation of the input, with its path.
fn check(plan: &JuryPlan, ruled: &RuledConflicts) -> Vec<Violation> {
    let mut out = Vec::new();
    duplicate_ids(
        plan.slots.iter().map(|s| s.id.as_str()),
        |i| format!("/slots/{i}/id"),
        Thing::Slot,
        &mut out,
    );
    duplicate_ids(
        plan.jurors.iter().map(|j| j.id.as_str()),
        |i| format!("/jurors/{i}/id"),
        Thing::Juror,
        &mut out,
    );
    duplicate_ids(
        plan.items.iter().map(|i| i.id.as_str()),
        |i| format!("/items/{i}/id"),
        Thing::Item,
        &mut out,
    );
    let mut rooms: BTreeMap<(chrono::NaiveDate, crate::model::HalfDay, String), &str> =
        BTreeMap::new();
    for (k, s) in plan.slots.iter().enumerate() {
        let key = (s.day, s.half_day, fold(&s.room));
        if let Some(first) = rooms.get(&key) {
            if *first != s.id {
                let (fr, en) = s.half_day.words();
                let when = (
                    format!("{} {fr}", s.day.format("%d/%m/%Y")),
                    format!("{} {en}", s.day),
                );
                out.push(message::slot_duplicated(
                    format!("/slots/{k}"),
                    &s.id,
                    &s.room,
                    (&when.0, &when.1),
                    first,
                ));
            }
        } else {
            rooms.insert(key, &s.id);
        }
    }
    let rules = &plan.panel_rules;
    for (name, range) in [("size", rules.size), ("items", rules.items)] {
        if range.min > range.max {
            out.push(message::range_inverted(
                format!("/panel_rules/{name}/min"),
                &range.min,
                &range.max,
                false,
            ));
        }
    }
    let slot_ids: Vec<&str> = plan.slots.iter().map(|s| s.id.as_str()).collect();
    let known_slots: BTreeSet<&str> = slot_ids.iter().copied().collect();
    for (k, j) in plan.jurors.iter().enumerate() {
        if j.load.min > j.load.max {
            out.push(message::range_inverted(
                format!("/jurors/{k}/load/min"),
                &j.load.min,
                &j.load.max,
                false,
            ));
        }
        let mut any = j.slots.is_none();
        for (n, s) in j.slots.iter().flatten().enumerate() {
            if known_slots.contains(s.as_str()) {
                any = true;
            } else {
                out.push(message::unknown_reference(
                    format!("/jurors/{k}/slots/{n}"),
                    Thing::Slot,
                    s,
                    &slot_ids,
                ));
            }
        }
        if (!any || j.load.max == 0) && j.load.min > 0 {
            out.push(message::juror_unavailable(
                format!("/jurors/{k}"),
                &j.id,
                j.load.min,
            ));
        }
    }
    // Profiles: what is asked must be held by a juror.
    let mut held: Vec<&str> = plan
        .jurors
        .iter()
        .flat_map(|j| j.profiles.iter().map(String::as_str))
        .collect();
    held.sort_unstable();
    held.dedup();
    let held_keys: BTreeSet<String> = held.iter().map(|h| fold(h)).collect();
    let asked = plan
        .panel_rules
        .profiles
        .iter()
        .enumerate()
        .map(|(n, q)| (format!("/panel_rules/profiles/{n}"), q))
        .chain(plan.items.iter().enumerate().flat_map(|(k, i)| {
            i.profiles
                .iter()
                .enumerate()
                .map(move |(n, q)| (format!("/items/{k}/profiles/{n}"), q))
        }));
    for (path, q) in asked {
        if !held_keys.contains(&fold(q)) {
            out.push(message::profile_unknown(path, q, &held));
        }
    }
    // Pins and vetoes name known people, and a pin never breaks a conflict.
    let juror_ids: Vec<&str> = plan.jurors.iter().map(|j| j.id.as_str()).collect();
    let item_ids: Vec<&str> = plan.items.iter().map(|i| i.id.as_str()).collect();
    for (list, name) in [(&plan.forced, "forced"), (&plan.forbidden, "forbidden")] {
        for (k, pair) in list.iter().enumerate() {
            let juror = plan.jurors.iter().find(|j| j.id == pair.juror);
            let item = plan.items.iter().find(|i| i.id == pair.item);
            if juror.is_none() {
                out.push(message::unknown_reference(
                    format!("/{name}/{k}/juror"),
                    Thing::Juror,
                    &pair.juror,
                    &juror_ids,
                ));
            }
            if item.is_none() {
                out.push(message::unknown_reference(
                    format!("/{name}/{k}/item"),
                    Thing::Item,
                    &pair.item,
                    &item_ids,
                ));
            }
            if name == "forced"
                && let (Some(j), Some(i)) = (juror, item)
                && let Some(why) = super::explain::exclusion(plan, ruled, j, i)
            {
                let fault = match &why {
                    super::ExclusionReason::OwnOrganisation { organisation } => {
                        PinFault::OwnOrganisation(organisation)
                    }
                    super::ExclusionReason::Forbidden => PinFault::Forbidden,
                    super::ExclusionReason::Rule {
                        rule,
                        message_fr,
                        message_en,
                    } => PinFault::Rule {
                        rule,
                        fr: message_fr,
                        en: message_en,
                    },
                    _ => PinFault::Declared,
                };
                out.push(message::pin_conflicted(
                    format!("/forced/{k}"),
                    PinRole::Hear,
                    &j.id,
                    &i.id,
                    fault,
                ));
            }
        }
    }
    // The previous plan and the withdrawals name known slots, jurors and items.
    let withdrawn: BTreeSet<&str> = plan.withdrawn.iter().map(String::as_str).collect();
    let mut previous_names: BTreeSet<&str> = BTreeSet::new();
    for (k, panel) in plan
        .previous
        .iter()
        .flat_map(|p| p.panels.iter())
        .enumerate()
    {
        if !known_slots.contains(panel.slot.as_str()) {
            out.push(message::unknown_reference(
                format!("/previous/panels/{k}/slot"),
                Thing::Slot,
                &panel.slot,
                &slot_ids,
            ));
        }
        for (list, name, thing, known) in [
            (&panel.jurors, "jurors", Thing::Juror, &juror_ids),
            (&panel.items, "items", Thing::Item, &item_ids),
        ] {
            for (n, id) in list.iter().enumerate() {
                previous_names.insert(id);
                if !known.contains(&id.as_str()) && !withdrawn.contains(id.as_str()) {
                    out.push(message::unknown_reference(
                        format!("/previous/panels/{k}/{name}/{n}"),
                        thing,
                        id,
                        known,
                    ));
                }
            }
        }
    }
    for (n, id) in plan.withdrawn.iter().enumerate() {
        let known = juror_ids.contains(&id.as_str())
            || item_ids.contains(&id.as_str())
            || previous_names.contains(id.as_str());
        if !known {
            let mut both = juror_ids.clone();
            both.extend(item_ids.iter().copied());
            out.push(message::unknown_reference(
                format!("/withdrawn/{n}"),
                Thing::Juror,
                id,
                &both,
            ));
        }
    }
    out
}

/// Checks a plan against the rules of its input, independently of how it was made: every
/// item heard once, in a slot of the input, each panel within its sizes, minutes and
/// organisations, with its référent and profiles, no juror twice in a half-day or past their
/// load or where they cannot sit, no conflict of interest, every forced pair kept. Each
/// broken rule, in words; empty when the plan keeps them all.
#[must_use]
pub fn check_plan(input: &Checked<JuryPlan>, result: &PlannedJury) -> Vec<String> {
    broken(input, input.context().ruled(), result)
}

/// [`check_plan`] on an input and the conflicts its rulebook's rules declare.
pub(super) fn broken(
    original: &JuryPlan,
    ruled: &RuledConflicts,
    result: &PlannedJury,
) -> Vec<String> {
    let plan = &*super::without_withdrawn(original);
    let mut broken = Vec::new();
    let rules = &plan.panel_rules;
    let mut heard: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sittings: BTreeMap<&str, Vec<(chrono::NaiveDate, crate::model::HalfDay)>> =
        BTreeMap::new();
    let mut used_slots = BTreeSet::new();
    for panel in &result.panels {
        let Some(slot) = plan.slots.iter().find(|s| s.id == panel.slot) else {
            broken.push(format!("{}: unknown slot {}", panel.id, panel.slot));
            continue;
        };
        if !used_slots.insert(slot.id.as_str()) {
            broken.push(format!("{}: slot {} used twice", panel.id, slot.id));
        }
        let n_items = u32::try_from(panel.items.len()).unwrap_or(u32::MAX);
        let n_jurors = u32::try_from(panel.jurors.len()).unwrap_or(u32::MAX);
        if n_items < rules.items.min || n_items > rules.items.max {
            broken.push(format!("{}: hears {n_items} items", panel.id));
        }
        if n_jurors < rules.size.min || n_jurors > rules.size.max {
            broken.push(format!("{}: seats {n_jurors} jurors", panel.id));
        }
        let items: Vec<_> = panel
            .items
            .iter()
            .filter_map(|id| plan.items.iter().find(|i| i.id == *id))
            .collect();
        let jurors: Vec<_> = panel
            .jurors
            .iter()
            .filter_map(|id| plan.jurors.iter().find(|j| j.id == *id))
            .collect();
        if items.len() != panel.items.len() || jurors.len() != panel.jurors.len() {
            broken.push(format!("{}: names an unknown juror or item", panel.id));
        }
        let minutes: u32 = items.iter().map(|i| i.minutes).sum();
        if minutes > slot.minutes {
            broken.push(format!(
                "{}: {minutes} minutes in a slot of {}",
                panel.id, slot.minutes
            ));
        }
        for i in &items {
            *heard.entry(i.id.as_str()).or_default() += 1;
        }
        if rules.referent {
            match &panel.referent {
                Some(r) if panel.jurors.contains(r) => {
                    let can = plan.jurors.iter().any(|j| j.id == *r && j.can_be_referent);
                    if !can {
                        broken.push(format!("{}: {r} cannot be référent", panel.id));
                    }
                }
                _ => broken.push(format!("{}: no référent among its jurors", panel.id)),
            }
        }
        if let Some(cap) = rules.max_per_organisation {
            let mut per: BTreeMap<String, u32> = BTreeMap::new();
            for j in &jurors {
                if let Some(o) = &j.organisation {
                    *per.entry(fold(o)).or_default() += 1;
                }
            }
            for (o, n) in per {
                if n > cap {
                    broken.push(format!("{}: {n} jurors of {o}", panel.id));
                }
            }
        }
        let holds = |q: &str| {
            jurors
                .iter()
                .any(|j| j.profiles.iter().any(|p| fold(p) == fold(q)))
        };
        for q in &rules.profiles {
            if !holds(q) {
                broken.push(format!("{}: no juror of profile {q}", panel.id));
            }
        }
        for i in &items {
            for q in &i.profiles {
                let covered = jurors
                    .iter()
                    .any(|j| j.profiles.iter().any(|p| fold(p) == fold(q)));
                if !covered {
                    broken.push(format!(
                        "{}: no juror of profile {q} for {}",
                        panel.id, i.id
                    ));
                }
            }
            for j in &jurors {
                let own = j
                    .organisation
                    .as_ref()
                    .is_some_and(|o| i.hosts.iter().any(|h| fold(h) == fold(o)));
                let declared_org = j
                    .conflicts
                    .organisations
                    .iter()
                    .any(|o| i.hosts.iter().any(|h| fold(h) == fold(o)));
                let declared_item = j.conflicts.items.contains(&i.id);
                let forbidden = plan
                    .forbidden
                    .iter()
                    .any(|p| p.juror == j.id && p.item == i.id);
                let by_rule = ruled.refuses(&j.id, &i.id);
                if own || declared_org || declared_item || forbidden || by_rule {
                    broken.push(format!("{}: {} may not hear {}", panel.id, j.id, i.id));
                }
            }
        }
        for j in &jurors {
            if let Some(list) = &j.slots
                && !list.contains(&slot.id)
            {
                broken.push(format!("{}: {} cannot sit in {}", panel.id, j.id, slot.id));
            }
            sittings
                .entry(j.id.as_str())
                .or_default()
                .push((slot.day, slot.half_day));
        }
    }
    for i in &plan.items {
        let n = heard.get(i.id.as_str()).copied().unwrap_or(0);
        if n != 1 {
            broken.push(format!("{} heard {n} times", i.id));
        }
    }
    for j in &plan.jurors {
        let times = sittings.get(j.id.as_str()).cloned().unwrap_or_default();
        let n = u32::try_from(times.len()).unwrap_or(u32::MAX);
        if n < j.load.min || n > j.load.max {
            broken.push(format!("{} sits on {n} panels", j.id));
        }
        let distinct: BTreeSet<_> = times.iter().collect();
        if distinct.len() != times.len() {
            broken.push(format!("{} sits twice in one half-day", j.id));
        }
    }
    for pin in &plan.forced {
        let kept = result
            .panels
            .iter()
            .any(|p| p.items.contains(&pin.item) && p.jurors.contains(&pin.juror));
        if !kept {
            broken.push(format!("forced pair {} – {} not kept", pin.juror, pin.item));
        }
    }
    broken
}
