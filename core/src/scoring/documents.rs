//! The documents of selection as documents: scoring grids, juries, score sheets and
//! applications, each with the checks that need no other document.

use crate::diagnostics::message::{self, Allowed, Declaration, Thing};
use crate::diagnostics::{Violation, duplicate_ids};
use crate::model::{Application, Jury, ScoreSheets, ScoringGrid};
use crate::schema::SchemaKind;
use crate::validate::{Document, Limits};
use std::collections::{HashMap, HashSet};

impl Document for ScoringGrid {
    const KIND: SchemaKind = SchemaKind::ScoringGrid;
    type Context = ();
    fn check(&self, (): &()) -> Vec<Violation> {
        let mut out = Vec::new();
        duplicate_ids(
            self.criteria.iter().map(|c| c.id.as_str()),
            |i| format!("/criteria/{i}/id"),
            Thing::Criterion,
            &mut out,
        );
        let Self { scale, .. } = self;
        if !(scale.min.is_finite() && scale.max.is_finite() && scale.min < scale.max) {
            out.push(message::range_inverted(
                "/scale", &scale.min, &scale.max, true,
            ));
        }
        for (i, c) in self.criteria.iter().enumerate() {
            if !c.weight.is_finite() || c.weight < 0.0 {
                out.push(message::invalid_value(
                    format!("/criteria/{i}/weight"),
                    &c.weight,
                    &Allowed::FiniteAtLeastZero,
                ));
            }
            if let Some(t) = c.eliminatory_below
                && !scale.contains(t)
            {
                out.push(message::threshold_outside_scale(
                    format!("/criteria/{i}/eliminatory_below"),
                    t,
                    scale.min,
                    scale.max,
                ));
            }
        }
        let total = self.total_weight();
        if total.is_finite() && total <= 0.0 {
            out.push(message::weights_sum_to_zero());
        }
        out
    }
}

impl Document for Jury {
    const KIND: SchemaKind = SchemaKind::Jury;
    type Context = ();
    fn check(&self, (): &()) -> Vec<Violation> {
        let mut out = Vec::new();
        duplicate_ids(
            self.jurors.iter().map(|j| j.id.as_str()),
            |i| format!("/jurors/{i}/id"),
            Thing::Juror,
            &mut out,
        );
        for (i, j) in self.jurors.iter().enumerate() {
            if !j.weight.is_finite() || j.weight < 0.0 {
                out.push(message::invalid_value(
                    format!("/jurors/{i}/weight"),
                    &j.weight,
                    &Allowed::FiniteAtLeastZero,
                ));
            }
        }
        out
    }
}

impl Document for ScoreSheets {
    const KIND: SchemaKind = SchemaKind::ScoreSheets;
    type Context = ();

    /// The score sheets of a national selection (a thousand candidates, ten jurors, ten
    /// criteria: 100,000 rows) are about 9 MB: 16 MiB, within which checking and ranking cost at
    /// most the budget per megabyte of docs/limits.md.
    fn limits() -> Limits {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            ..Limits::default()
        }
    }

    fn check(&self, (): &()) -> Vec<Violation> {
        let mut out = Vec::new();
        duplicate_ids(
            self.items.iter().map(|x| x.id.as_str()),
            |i| format!("/items/{i}/id"),
            Thing::Item,
            &mut out,
        );
        let item_ids: Vec<&str> = self.items.iter().map(|x| x.id.as_str()).collect();
        let items: HashSet<&str> = item_ids.iter().copied().collect();
        let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for (i, s) in self.scores.iter().enumerate() {
            if !s.score.is_finite() {
                out.push(message::score_not_finite(
                    format!("/scores/{i}/score"),
                    s.score,
                ));
            }
            if !items.contains(s.item.as_str()) {
                out.push(message::unknown_reference(
                    format!("/scores/{i}/item"),
                    Thing::Item,
                    &s.item,
                    &item_ids,
                ));
            }
            let key = (s.juror.as_str(), s.item.as_str(), s.criterion.as_str());
            if let Some(j) = seen.get(&key) {
                out.push(message::score_duplicated(
                    format!("/scores/{i}"),
                    &[&s.juror, &s.item, &s.criterion],
                    Some(*j),
                ));
            } else {
                seen.insert(key, i);
            }
        }
        for (i, r) in self.recusals.iter().enumerate() {
            if !items.contains(r.item.as_str()) {
                out.push(message::unknown_reference(
                    format!("/recusals/{i}/item"),
                    Thing::Item,
                    &r.item,
                    &item_ids,
                ));
            }
        }
        check_panels(self, &item_ids, &items, &mut out);
        out
    }
}

impl Document for Application {
    const KIND: SchemaKind = SchemaKind::Application;
    type Context = ();
    fn check(&self, (): &()) -> Vec<Violation> {
        let mut out = Vec::new();
        let e = &self.eligibility;
        for (field, ok, declaration) in [
            (
                "right_to_work_in_france",
                e.right_to_work_in_france,
                Declaration::RightToWork,
            ),
            (
                "not_employed_by_host",
                e.not_employed_by_host,
                Declaration::NotEmployedByHost,
            ),
            (
                "accepts_charter",
                e.accepts_charter,
                Declaration::AcceptsCharter,
            ),
        ] {
            if !ok {
                out.push(message::eligibility_not_declared(
                    format!("/eligibility/{field}"),
                    declaration,
                ));
            }
        }
        out
    }
}

/// An application against its promotion's calls: filed inside one of the rulebook's sprints
/// (EIG 7), or else inside its call for applications (`applied_outside_window`); a call whose
/// ends the rulebook does not give is said so (`call_window_unknown`).
#[must_use]
pub fn check_application_window(
    application: &Application,
    rulebook: &crate::rules::Rulebook,
) -> Vec<Violation> {
    let mut windows: Vec<(String, &crate::model::CallWindow)> = rulebook
        .sprints
        .iter()
        .map(|s| (s.label_fr.clone(), &s.applications))
        .collect();
    if windows.is_empty()
        && let Some(w) = &rulebook.call_for_applications
    {
        windows.push(("appel à candidatures".to_owned(), w));
    }
    let mut out = Vec::new();
    let unknown = windows
        .iter()
        .any(|(_, w)| w.opens.is_none() || w.closes.is_none());
    if windows.is_empty() || unknown {
        let (o, c) = windows.first().map_or((false, false), |(_, w)| {
            (w.opens.is_some(), w.closes.is_some())
        });
        out.push(message::call_window_unknown(&rulebook.label, o, c, false));
    }
    if windows.is_empty() {
        return out;
    }
    let inside = windows.iter().any(|(_, w)| {
        let at = application.submitted_at.with_timezone(&w.time_zone);
        w.opens_at().is_none_or(|o| at >= o) && w.closes_at().is_none_or(|c| at <= c)
    });
    if !inside {
        let tz = windows[0].1.time_zone;
        let at = application.submitted_at.with_timezone(&tz);
        let before = windows
            .iter()
            .filter_map(|(n, w)| w.closes_at().filter(|c| *c < at).map(|c| (n.as_str(), c)))
            .max_by_key(|(_, c)| *c);
        let after = windows
            .iter()
            .filter_map(|(n, w)| w.opens_at().filter(|o| *o > at).map(|o| (n.as_str(), o)))
            .min_by_key(|(_, o)| *o);
        out.push(message::applied_outside_window(at, before, after));
    }
    out
}

/// The panels name known items, once each; each consensus score names a known panel (when
/// panels are listed) that heard its item, a known item, is finite, and is the only one of its
/// panel, item and criterion.
fn check_panels(
    sheets: &ScoreSheets,
    item_ids: &[&str],
    items: &HashSet<&str>,
    out: &mut Vec<Violation>,
) {
    duplicate_ids(
        sheets.panels.iter().map(|p| p.id.as_str()),
        |i| format!("/panels/{i}/id"),
        Thing::Panel,
        out,
    );
    let mut heard_by: HashMap<&str, &str> = HashMap::new();
    for (i, p) in sheets.panels.iter().enumerate() {
        for (k, item) in p.items.iter().enumerate() {
            if !items.contains(item.as_str()) {
                out.push(message::unknown_reference(
                    format!("/panels/{i}/items/{k}"),
                    Thing::Item,
                    item,
                    item_ids,
                ));
            } else if heard_by.insert(item.as_str(), p.id.as_str()).is_some() {
                out.push(message::duplicate_items(
                    format!("/panels/{i}/items/{k}"),
                    Some(item),
                ));
            }
        }
    }
    let panel_ids: Vec<&str> = sheets.panels.iter().map(|p| p.id.as_str()).collect();
    let mut seen: HashSet<(Option<&str>, &str, &str)> = HashSet::new();
    for (i, c) in sheets.consensus.iter().enumerate() {
        if !c.score.is_finite() {
            out.push(message::score_not_finite(
                format!("/consensus/{i}/score"),
                c.score,
            ));
        }
        if !items.contains(c.item.as_str()) {
            out.push(message::unknown_reference(
                format!("/consensus/{i}/item"),
                Thing::Item,
                &c.item,
                item_ids,
            ));
        }
        if c.panel.is_none() && !sheets.panels.is_empty() {
            out.push(message::missing_field(
                format!("/consensus/{i}/panel"),
                "panel",
                None,
            ));
        }
        if let Some(panel) = &c.panel
            && !sheets.panels.is_empty()
        {
            let heard: Vec<&str> = sheets
                .panels
                .iter()
                .find(|p| &p.id == panel)
                .map(|p| p.items.iter().map(String::as_str).collect())
                .unwrap_or_default();
            if !panel_ids.contains(&panel.as_str()) {
                out.push(message::unknown_reference(
                    format!("/consensus/{i}/panel"),
                    Thing::Panel,
                    panel,
                    &panel_ids,
                ));
            } else if items.contains(c.item.as_str()) && !heard.contains(&c.item.as_str()) {
                // A known item this panel did not hear: named among the items it heard.
                out.push(message::unknown_reference(
                    format!("/consensus/{i}/item"),
                    Thing::Item,
                    &c.item,
                    &heard,
                ));
            }
        }
        if !seen.insert((c.panel.as_deref(), c.item.as_str(), c.criterion.as_str())) {
            out.push(message::score_duplicated(
                format!("/consensus/{i}"),
                &[c.panel.as_deref().unwrap_or("—"), &c.item, &c.criterion],
                None,
            ));
        }
    }
}
