use super::{DeclaredRule, Source};
use crate::diagnostics::Violation;
use crate::diagnostics::message::{self, Allowed, Thing};
use crate::model::{
    AggregationMethod, CallWindow, Cohort, Expertise, HiringCap, HostKind, ProductPhase,
    PromotionId, ScoringGrid, SelectionStage, Sprint, StageSubject, SubmissionForm,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// # Rulebook
///
/// The rules of one promotion (règlement), as data: team size, immersion duration, the
/// expertises it recruits, its calls, what it asks of mentors and its conflict-of-interest
/// policy. Every historical promotion has a built-in rulebook ([`Rulebook::builtin`]); a user
/// can load one from a JSON file ([`Rulebook::from_json`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rulebook {
    /// The schema this document follows (optional).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The promotion these rules are for.
    pub promotion: PromotionId,
    /// The promotion's public name (`EIG 4`, `DIG`).
    #[schemars(length(min = 1, max = 100))]
    pub label: String,
    /// A yearly cohort, or rolling sprints.
    pub cohort: Cohort,
    /// How many fellows a défi team may have.
    pub team_size: SizeRange,
    /// How long the immersion lasts, in months.
    pub immersion_months: MonthRange,
    /// The expertises this promotion recruits (slugs of the expertise vocabulary).
    #[schemars(length(min = 1))]
    pub allowed_expertises: Vec<Expertise>,
    /// The form of the défi submission: `2017` (EIG 1–6, the default) or `2024` (EIG 7 on: the
    /// six sections of the dossier). It chooses the schema of the structural pass.
    #[serde(default, skip_serializing_if = "SubmissionForm::is_default")]
    pub submission_form: SubmissionForm,
    /// What the dossier must show to be eligible (EIG 7 on): the host's kind, the product page,
    /// the product's phase. None: no such condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<DossierEligibility>,
    /// The call for projects: when administrations may file défis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_for_projects: Option<CallWindow>,
    /// The call for applications: when candidates may apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_for_applications: Option<CallWindow>,
    /// What is asked of mentors.
    pub mentors: MentorPolicy,
    /// Who must stand aside where.
    pub conflict_of_interest: ConflictPolicy,
    /// The stages of selection (défis, then candidates), each with its grid, aggregation,
    /// calibration, cut-off and quotas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<SelectionStage>,
    /// The scoring grids its stages name, when the rulebook gives them (EIG 7's nine défi
    /// criteria, its candidates' grids); a grid file given with the scores takes precedence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 20))]
    pub grids: Vec<ScoringGrid>,
    /// The recruitment sprints of a rolling promotion (EIG 7), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 100))]
    pub sprints: Vec<Sprint>,
    /// The most people recruited across the sprints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hiring_cap: Option<HiringCap>,
    /// Where the facts of this rulebook come from: per field, with what each source says and,
    /// where two disagree, the value not applied (see [`Source`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 500))]
    pub sources: Vec<Source>,
    /// Rules written as data (CEL), for any kind of document: see [`DeclaredRule`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 200))]
    pub rules: Vec<DeclaredRule>,
}

/// One stage of a rulebook's funnel (see [`Rulebook::funnel`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunnelStage {
    /// The stage's id.
    pub stage: String,
    /// Its French name.
    pub label_fr: String,
    /// Its English name.
    pub label_en: String,
    /// What it selects.
    pub subject: StageSubject,
    /// Its number of seats (`cutoff.top_k`), if it has one.
    pub seats: Option<u32>,
    /// Whether it keeps a pool.
    pub pool: bool,
    /// How many items it considered, as published.
    pub considered: Option<u32>,
    /// How many it kept, as published.
    pub kept: Option<u32>,
}

/// What a défi dossier must show to be eligible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DossierEligibility {
    /// The kinds of host organisation the promotion takes (empty: any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub host_kinds: Vec<HostKind>,
    /// The address every product page must start with (`https://beta.gouv.fr/`); when set, a
    /// product page is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 8, max = 200))]
    pub product_page_prefix: Option<String>,
    /// The phases a product may be in (empty: any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub product_phases: Vec<ProductPhase>,
}

/// An inclusive range of team sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SizeRange {
    /// Smallest allowed.
    #[schemars(range(min = 1))]
    pub min: u32,
    /// Largest allowed.
    #[schemars(range(min = 1))]
    pub max: u32,
}

/// An inclusive range of months; no `max` means no upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthRange {
    /// Shortest allowed.
    #[schemars(range(min = 1))]
    pub min: u32,
    /// Longest allowed, if bounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub max: Option<u32>,
}

impl SizeRange {
    /// Whether `n` is inside.
    #[must_use]
    pub fn contains(&self, n: u32) -> bool {
        (self.min..=self.max).contains(&n)
    }
}

impl MonthRange {
    /// Whether `n` is inside.
    #[must_use]
    pub fn contains(&self, n: u32) -> bool {
        n >= self.min && self.max.is_none_or(|m| n <= m)
    }
}

/// What a promotion asks of the mentors a défi proposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MentorPolicy {
    /// Fewest mentors a submission must propose.
    pub min_mentors: u32,
    /// Smallest share of working time each mentor gives, in percent.
    #[schemars(range(max = 100))]
    pub min_commitment_percent: u8,
}

/// The conflict-of-interest policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictPolicy {
    /// Whether the sponsor may also be one of the mentors.
    pub sponsor_may_mentor: bool,
    /// Whether a juror from a host organisation must recuse themself from scoring its défi.
    pub juror_recusal_for_host: bool,
}

impl Rulebook {
    /// Consistency checks that the schema cannot express.
    #[must_use]
    pub fn check(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        if self.team_size.min > self.team_size.max {
            out.push(message::range_inverted(
                "/team_size",
                &self.team_size.min,
                &self.team_size.max,
                false,
            ));
        }
        if let Some(max) = self
            .immersion_months
            .max
            .filter(|m| *m < self.immersion_months.min)
        {
            out.push(message::range_inverted(
                "/immersion_months",
                &self.immersion_months.min,
                &max,
                false,
            ));
        }
        for (name, window) in [
            ("call_for_projects", &self.call_for_projects),
            ("call_for_applications", &self.call_for_applications),
        ] {
            if let Some(w) = window
                && let (Some(o), Some(c)) = (w.opens, w.closes)
                && c < o
            {
                out.push(message::window_inverted(format!("/{name}"), &o, &c));
            }
        }
        self.check_stages(&mut out);
        self.check_process(&mut out);
        crate::diagnostics::duplicate_ids(
            self.rules.iter().map(|r| r.id.as_str()),
            |i| format!("/rules/{i}/id"),
            Thing::Rule,
            &mut out,
        );
        out
    }

    fn check_stages(&self, out: &mut Vec<Violation>) {
        crate::diagnostics::duplicate_ids(
            self.stages.iter().map(|s| s.id.as_str()),
            |i| format!("/stages/{i}/id"),
            Thing::Stage,
            out,
        );
        for (i, stage) in self.stages.iter().enumerate() {
            if let Some(after) = &stage.after
                && !self.stages[..i].iter().any(|s| &s.id == after)
            {
                let earlier: Vec<&str> = self.stages[..i].iter().map(|s| s.id.as_str()).collect();
                out.push(message::unknown_reference(
                    format!("/stages/{i}/after"),
                    Thing::Stage,
                    after,
                    &earlier,
                ));
            }
            let agg = &stage.aggregation;
            if agg.method == AggregationMethod::TrimmedMean && agg.trim.is_none() {
                out.push(message::missing_field(
                    format!("/stages/{i}/aggregation/trim"),
                    "trim",
                    Some(("method", "trimmed_mean")),
                ));
            }
            if let Some(t) = agg.trim {
                let path = || format!("/stages/{i}/aggregation/trim");
                if t < 0.0 {
                    out.push(message::below_minimum(path(), &t, &0, false));
                } else if t >= 0.5 || t.is_nan() {
                    out.push(message::above_maximum(path(), &t, &0.5, true));
                }
            }
            let reserved: u64 = stage
                .quotas
                .min_per_expertise
                .values()
                .map(|n| u64::from(*n))
                .sum();
            if let Some(k) = stage.cutoff.top_k
                && reserved > u64::from(k)
            {
                out.push(message::quota_exceeds_seats(
                    format!("/stages/{i}/quotas/min_per_expertise"),
                    reserved,
                    k,
                ));
            }
            if let Some(t) = stage.cutoff.threshold
                && !t.is_finite()
            {
                out.push(message::invalid_value(
                    format!("/stages/{i}/cutoff/threshold"),
                    &t,
                    &Allowed::Finite,
                ));
            }
        }
    }

    fn check_process(&self, out: &mut Vec<Violation>) {
        crate::diagnostics::duplicate_ids(
            self.grids.iter().map(|g| g.id.as_str()),
            |i| format!("/grids/{i}/id"),
            Thing::Grid,
            out,
        );
        crate::diagnostics::duplicate_ids(
            self.sprints.iter().map(|s| s.id.as_str()),
            |i| format!("/sprints/{i}/id"),
            Thing::Sprint,
            out,
        );
        for (i, sprint) in self.sprints.iter().enumerate() {
            let w = &sprint.applications;
            if let (Some(o), Some(c)) = (w.opens, w.closes)
                && c < o
            {
                out.push(message::window_inverted(
                    format!("/sprints/{i}/applications"),
                    &o,
                    &c,
                ));
            }
            if sprint.interviews.to < sprint.interviews.from {
                out.push(message::window_inverted(
                    format!("/sprints/{i}/interviews"),
                    &sprint.interviews.from,
                    &sprint.interviews.to,
                ));
            }
        }
        if let Some(cap) = &self.hiring_cap
            && self.stage(&cap.stage).is_none()
        {
            let known: Vec<&str> = self.stages.iter().map(|s| s.id.as_str()).collect();
            out.push(message::unknown_reference(
                "/hiring_cap/stage",
                Thing::Stage,
                &cap.stage,
                &known,
            ));
        }
        for (i, stage) in self.stages.iter().enumerate() {
            if stage.pool
                && let Some(k) = stage.cutoff.top_k
            {
                out.push(message::invalid_value(
                    format!("/stages/{i}/cutoff/top_k"),
                    &k,
                    &Allowed::PoolHasNoSeats,
                ));
            }
        }
    }

    /// The selection funnel as the rulebook declares it, one row per stage, with what the
    /// programme published for it where it did, to compare with a run.
    #[must_use]
    pub fn funnel(&self) -> Vec<FunnelStage> {
        self.stages
            .iter()
            .map(|s| {
                let published = s.published.unwrap_or_default();
                FunnelStage {
                    stage: s.id.clone(),
                    label_fr: s.label_fr.clone(),
                    label_en: s.label_en.clone(),
                    subject: s.subject,
                    seats: s.cutoff.top_k,
                    pool: s.pool,
                    considered: published.considered,
                    kept: published.kept,
                }
            })
            .collect()
    }

    /// The grid with this id, if the rulebook gives it.
    #[must_use]
    pub fn grid(&self, id: &str) -> Option<&ScoringGrid> {
        self.grids.iter().find(|g| g.id == id)
    }

    /// The selection stage with this id.
    #[must_use]
    pub fn stage(&self, id: &str) -> Option<&SelectionStage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// Whether the promotion recruits this expertise.
    #[must_use]
    pub fn allows(&self, expertise: &Expertise) -> bool {
        self.allowed_expertises.contains(expertise)
    }
}
