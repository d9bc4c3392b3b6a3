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

    /// Score sheets of a national selection run to tens of megabytes: 512 MiB.
    fn limits() -> Limits {
        Limits {
            max_bytes: 512 * 1024 * 1024,
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
