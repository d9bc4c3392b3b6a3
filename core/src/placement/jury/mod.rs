//! Jury planning: every item heard by one panel in one slot (a room on a half-day), jurors
//! placed in panels, one référent each, under availability, loads, conflicts of interest,
//! profiles to cover, the spread of organisations, and pins and vetoes.
//!
//! The plan is the optimum of a mixed-integer programme (written out in `model.rs`), solved
//! exactly by branch and bound (the `microlp` crate) within a time and node budget: the result
//! says whether the optimum is proven, and else the proven bound and the gap. The objective is documented on
//! [`PlanWeights`](crate::model::PlanWeights): seats held by a juror whose profile one of the
//! panel's items asks for, minus the jurors past the first of one organisation on a panel,
//! minus the panels past the first a juror sits on. Every hard rule holds whatever the
//! weights, and an independent checker ([`check_plan`]) verifies a plan against them.
//!
//! When no plan exists, the error names the rule that binds and the smallest change found
//! that makes a plan possible, checked by planning again.

mod check;
mod explain;
mod heuristic;
mod infeasible;
mod model;
mod render;

pub use check::{JuryContext, RuledConflicts, check_plan, load, load_value};
pub use explain::{Exclusion, ExclusionReason};
pub use model::MAX_EXACT_CONSTRAINTS;

use crate::diagnostics::InvalidDocument;
use crate::model::{HalfDay, JuryPlan};
use crate::validate::Checked;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The budget of one planning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanOptions {
    /// Wall-clock budget of the search; past it, the best plan found is returned with its
    /// proven gap.
    pub time_limit: Duration,
    /// Most branch-and-bound nodes (deterministic where a time limit is not).
    pub node_limit: Option<u64>,
}

/// The longest time limit a planning takes, in seconds (an hour).
pub const MAX_TIME_LIMIT_SECONDS: f64 = 3600.0;

impl PlanOptions {
    /// The options of a planning stopped after `seconds` (more than 0, at most an hour), as
    /// the front ends take it.
    ///
    /// ```
    /// use eig::placement::jury::PlanOptions;
    /// assert_eq!(PlanOptions::from_seconds(2.5).unwrap().time_limit.as_millis(), 2500);
    /// let e = PlanOptions::from_seconds(-1.0).unwrap_err();
    /// assert_eq!(e, "the time limit is a number of seconds, more than 0 and at most 3600 (got -1)");
    /// ```
    ///
    /// # Errors
    /// The message naming the range, when `seconds` is out of it or not a number.
    pub fn from_seconds(seconds: f64) -> Result<Self, String> {
        if seconds.is_finite() && seconds > 0.0 && seconds <= MAX_TIME_LIMIT_SECONDS {
            Ok(Self {
                time_limit: Duration::from_secs_f64(seconds),
                node_limit: None,
            })
        } else {
            Err(format!(
                "the time limit is a number of seconds, more than 0 and at most \
                 {MAX_TIME_LIMIT_SECONDS} (got {seconds})"
            ))
        }
    }
}

impl Default for PlanOptions {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(10),
            node_limit: None,
        }
    }
}

/// One item on a panel's timetable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hearing {
    /// The item.
    pub item: String,
    /// When its hearing starts (`09:40`).
    pub start: String,
    /// How long it lasts, in minutes.
    pub minutes: u32,
}

/// A panel: the jurors who sit together in one slot, and the items they hear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Panel {
    /// The panel's identifier (`groupe-1`, in timetable order).
    pub id: String,
    /// The slot it sits in.
    pub slot: String,
    /// The slot's day.
    pub day: chrono::NaiveDate,
    /// Morning or afternoon.
    pub half_day: HalfDay,
    /// The slot's room.
    pub room: String,
    /// Its jurors, in input order.
    pub jurors: Vec<String>,
    /// Its référent (keeps time and fills the shared grid), when the rules ask for one.
    pub referent: Option<String>,
    /// The items it hears, in timetable order.
    pub items: Vec<String>,
    /// The timetable of its hearings.
    pub hearings: Vec<Hearing>,
}

/// Where a juror sits and what they do not hear, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JurorPlacement {
    /// The juror.
    pub juror: String,
    /// The panels they sit on.
    pub panels: Vec<String>,
    /// Whether they are the référent of one of them.
    pub referent_of: Vec<String>,
    /// The items they may not hear, and why.
    pub excluded: Vec<Exclusion>,
}

/// Where an item is heard, by whom, and who may not hear it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemPlacement {
    /// The item.
    pub item: String,
    /// The panel that hears it.
    pub panel: String,
    /// Its slot.
    pub slot: String,
    /// When its hearing starts.
    pub start: String,
    /// Each profile it asks for, and the jurors of its panel who hold it.
    pub profiles: Vec<(String, Vec<String>)>,
    /// The jurors who may not hear it, and why.
    pub excluded: Vec<Exclusion>,
}

/// The objective of a plan, and its parts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlanObjective {
    /// The weighted total the planner maximised.
    pub total: f64,
    /// Seats held by a juror whose profile one of the panel's items asks for.
    pub relevant_seats: u32,
    /// Jurors past the first of one organisation on a panel.
    pub same_organisation: u32,
    /// With a previous plan, the people moved from it (jurors whose seats changed, items
    /// heard in another slot): the fewest possible, before the objective.
    pub moved: u32,
    /// Panels past the first a juror sits on.
    pub extra_sittings: u32,
}

/// Whether the plan is proven optimal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PlanProof {
    /// True when no plan has a better objective (with a previous plan: no plan moves fewer
    /// people, and none moving as few has a better objective).
    pub optimal: bool,
    /// The proven bound: no plan's objective is above it.
    pub bound: f64,
    /// The relative gap between the plan and the bound (0 when optimal).
    pub gap: f64,
    /// Branch-and-bound nodes solved.
    pub nodes: u64,
    /// The programme's size: variables (0 when the plan is past the exact search's size, see
    /// [`MAX_EXACT_CONSTRAINTS`], and the greedy plan is given with its gap).
    pub variables: usize,
    /// Constraints (0 likewise).
    pub constraints: usize,
}

/// A jury plan: the panels, where each juror and item is, and the objective with its proof.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedJury {
    /// The promotion.
    pub promotion: String,
    /// The panels, in timetable order (day, half-day, room).
    pub panels: Vec<Panel>,
    /// Every juror, in input order.
    pub jurors: Vec<JurorPlacement>,
    /// Every item, in input order.
    pub items: Vec<ItemPlacement>,
    /// The objective and its parts.
    pub objective: PlanObjective,
    /// Whether it is proven optimal, and the bound.
    pub proof: PlanProof,
    /// With a previous plan: who moved, from which slots to which, and why (empty without).
    pub changes: Vec<PlanChange>,
}

/// A juror or an item whose slots differ from the previous plan (`withdrew` or `moved`).
pub use super::Change as PlanChange;

impl PlannedJury {
    /// The plan this result announces, as the `previous` of a later re-plan: each panel's slot,
    /// jurors and items.
    #[must_use]
    pub fn announced(&self) -> crate::model::PreviousPlan {
        crate::model::PreviousPlan {
            panels: self
                .panels
                .iter()
                .map(|p| crate::model::PreviousPanel {
                    slot: p.slot.clone(),
                    jurors: p.jurors.clone(),
                    items: p.items.clone(),
                })
                .collect(),
        }
    }

    /// The panel that hears `item`.
    #[must_use]
    pub fn panel_of_item(&self, item: &str) -> Option<&Panel> {
        self.panels
            .iter()
            .find(|p| p.items.iter().any(|i| i == item))
    }
}

/// Plans the jury of a checked input (see [`load_document`](crate::validate::load_document)).
///
/// # Errors
/// `plan_infeasible` naming the rule that binds and, when one was found, the smallest change
/// that makes a plan possible; or a plan not found within the budget (the same code, saying
/// so).
pub fn plan_jury(
    input: &Checked<JuryPlan>,
    options: PlanOptions,
) -> Result<PlannedJury, InvalidDocument> {
    plan_value(input, input.context(), options)
}

/// The input without the jurors and items that withdrew (and the pins that name them).
pub(crate) fn without_withdrawn(plan: &JuryPlan) -> std::borrow::Cow<'_, JuryPlan> {
    if plan.withdrawn.is_empty() {
        return std::borrow::Cow::Borrowed(plan);
    }
    let gone = |id: &String| plan.withdrawn.contains(id);
    let mut p = plan.clone();
    p.jurors.retain(|j| !gone(&j.id));
    p.items.retain(|i| !gone(&i.id));
    p.forced.retain(|x| !gone(&x.juror) && !gone(&x.item));
    p.forbidden.retain(|x| !gone(&x.juror) && !gone(&x.item));
    std::borrow::Cow::Owned(p)
}

/// Plans a jury from an input whose checks passed.
pub(crate) fn plan_value(
    original: &JuryPlan,
    context: &JuryContext,
    options: PlanOptions,
) -> Result<PlannedJury, InvalidDocument> {
    let plan = &*without_withdrawn(original);
    let ruled = context.ruled();
    if let Some(binding) = infeasible::counting(plan, ruled) {
        return Err(infeasible::explain(plan, context, &binding, options));
    }
    match model::solve(plan, ruled, options) {
        model::Outcome::Planned(solved) => {
            let mut result = explain::planned(plan, ruled, &solved);
            result.changes = explain::changes(original, &result);
            Ok(result)
        }
        model::Outcome::Infeasible => Err(infeasible::explain(
            plan,
            context,
            &infeasible::Binding::together(),
            options,
        )),
        model::Outcome::OutOfTime => Err(infeasible::out_of_time(options)),
        model::Outcome::TooLarge => Err(infeasible::too_large()),
    }
}
