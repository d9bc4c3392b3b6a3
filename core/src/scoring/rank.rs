//! From checked score sheets to a ranking with outcomes and reasons.

use super::{
    CriterionBreakdown, CriterionInfo, ItemResult, JurorBreakdown, JurorCalibration, Outcome,
    Ranking, Reason, ScoreColumns, aggregate, calibrate,
};
use crate::diagnostics::Violation;
use crate::diagnostics::message::{self, Conflict, Thing};
use crate::diagnostics::{InvalidDocument, Report};
use crate::model::{CalibrationMethod, Expertise, Jury, ScoreSheets, ScoringGrid, SelectionStage};
use crate::rules::{ConflictPolicy, Target};
use crate::schema::SchemaKind;
use crate::text::fold;
use crate::validate::{self, Checked, CompiledRulebook};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Fewest scores a juror needs for their bias to be estimated.
pub const MIN_SCORES_PER_JUROR: usize = 3;

/// Scores one stage from checked documents: checks the sheets against the grid and the jury, calibrates, aggregates,
/// ranks and selects, and explains every item (see the [module](super) documentation).
///
/// # Errors
/// [`InvalidDocument`] with every error found in the documents: unknown references, scores
/// off the scale or not finite, duplicated scores, conflicted scores, an inconsistent grid,
/// jury or stage. Warnings do not stop it; they are in [`Ranking::violations`].
pub fn score(
    grid: &Checked<ScoringGrid>,
    jury: &Checked<Jury>,
    sheets: &Checked<ScoreSheets>,
    stage: &SelectionStage,
    conflicts: ConflictPolicy,
) -> Result<Ranking, InvalidDocument> {
    score_with(grid, jury, sheets, stage, conflicts, Vec::new())
}

/// [`score`], with the violations of the rulebook's declared rules on the documents.
fn score_with(
    grid: &Checked<ScoringGrid>,
    jury: &Checked<Jury>,
    sheets: &Checked<ScoreSheets>,
    stage: &SelectionStage,
    conflicts: ConflictPolicy,
    declared: Vec<Violation>,
) -> Result<Ranking, InvalidDocument> {
    // The documents' own warnings come first, as the report of each document lists them,
    // then what the declared rules found.
    let mut errors: Vec<Violation> = [grid.warnings(), jury.warnings(), sheets.warnings()].concat();
    errors.extend(declared);
    let (grid, jury, sheets): (&ScoringGrid, &Jury, &ScoreSheets) = (grid, jury, sheets);
    // A weighted mean of jurors who all weigh 0 is no mean: the stage would rank nobody.
    if stage.aggregation.method == crate::model::AggregationMethod::WeightedMean
        && !jury.jurors.is_empty()
        && jury.jurors.iter().all(|j| j.weight == 0.0)
    {
        errors.push(message::invalid_value(
            "/jurors/0/weight",
            &0,
            &message::Allowed::SomeJurorWeighs,
        ));
    }
    let policy = Conflicts::new(jury, sheets, conflicts);
    let table = SheetIndex::build(grid, jury, sheets, stage, &policy, &mut errors);
    super::consensus::check(grid, jury, sheets, stage, &mut errors);
    if stage.ranks == crate::model::RankingSheet::Consensus {
        super::consensus::stood_aside(
            jury,
            sheets,
            |j, i| policy.of(jury, sheets, j, i),
            &mut errors,
        );
    }
    if errors.iter().any(Violation::is_error) {
        return Err(InvalidDocument {
            report: Report::new(errors),
        });
    }
    if stage.ranks == crate::model::RankingSheet::Consensus {
        // Each panel's shared sheet is one rater's: checked above, ranked as the jurors' are.
        // One agreed score per item and criterion: nothing to calibrate across panels that
        // heard different items, nor jurors to count.
        let (jury, sheets) = super::consensus::as_raters(jury, sheets);
        let mut stage = stage.clone();
        stage.calibration = CalibrationMethod::None;
        stage.aggregation.min_jurors = 1;
        let none = ConflictPolicy {
            sponsor_may_mentor: true,
            juror_recusal_for_host: false,
        };
        let table = SheetIndex::build(
            grid,
            &jury,
            &sheets,
            &stage,
            &Conflicts::new(&jury, &sheets, none),
            &mut errors,
        );
        return Ok(rank(grid, &jury, &sheets, &stage, &table, errors));
    }
    // The warnings found so far stay in the ranking's violations.
    Ok(rank(grid, jury, sheets, stage, &table, errors))
}

/// The score sheets as index columns.
struct SheetIndex {
    juror: Vec<u32>,
    item: Vec<u32>,
    criterion: Vec<u32>,
    value: Vec<f64>,
}

/// Each id's position in its list.
fn index<'a>(ids: impl IntoIterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect()
}

impl SheetIndex {
    /// Checks the sheets against the grid, the jury and the stage, and indexes every score
    /// that counts (a conflicted score is refused, never counted).
    fn build(
        grid: &ScoringGrid,
        jury: &Jury,
        sheets: &ScoreSheets,
        stage: &SelectionStage,
        conflicts: &Conflicts<'_>,
        out: &mut Vec<Violation>,
    ) -> SheetIndex {
        check_stage(grid, jury, sheets, stage, out);
        let criterion_ids: Vec<&str> = grid.criteria.iter().map(|c| c.id.as_str()).collect();
        let juror_ids: Vec<&str> = jury.jurors.iter().map(|j| j.id.as_str()).collect();
        let jurors = index(juror_ids.iter().copied());
        let items = index(sheets.items.iter().map(|x| x.id.as_str()));
        let criteria = index(criterion_ids.iter().copied());
        for (i, r) in sheets.recusals.iter().enumerate() {
            if !jurors.contains_key(r.juror.as_str()) {
                out.push(message::unknown_reference(
                    format!("/recusals/{i}/juror"),
                    Thing::Juror,
                    &r.juror,
                    &juror_ids,
                ));
            }
        }
        let n = sheets.scores.len();
        let mut t = SheetIndex {
            juror: Vec::with_capacity(n),
            item: Vec::with_capacity(n),
            criterion: Vec::with_capacity(n),
            value: Vec::with_capacity(n),
        };
        let mut conflict_cache: HashMap<(usize, usize), Option<Conflict<'_>>> = HashMap::new();
        for (k, s) in sheets.scores.iter().enumerate() {
            let j = jurors.get(s.juror.as_str()).copied();
            let i = items.get(s.item.as_str()).copied();
            let c = criteria.get(s.criterion.as_str()).copied();
            if j.is_none() {
                out.push(message::unknown_reference(
                    format!("/scores/{k}/juror"),
                    Thing::Juror,
                    &s.juror,
                    &juror_ids,
                ));
            }
            if c.is_none() {
                out.push(message::unknown_reference(
                    format!("/scores/{k}/criterion"),
                    Thing::Criterion,
                    &s.criterion,
                    &criterion_ids,
                ));
            }
            if s.score.is_finite() && !grid.scale.contains(s.score) {
                out.push(message::score_out_of_scale(
                    format!("/scores/{k}/score"),
                    s.score,
                    grid.scale.min,
                    grid.scale.max,
                ));
            }
            let (Some(j), Some(i), Some(c)) = (j, i, c) else {
                continue;
            };
            let why = *conflict_cache
                .entry((j, i))
                .or_insert_with(|| conflicts.of(jury, sheets, j, i));
            if let Some(why) = why {
                out.push(message::conflicted_score(
                    format!("/scores/{k}"),
                    &s.juror,
                    &s.item,
                    why,
                    None,
                ));
                continue;
            }
            t.juror.push(u32::try_from(j).unwrap_or(u32::MAX));
            t.item.push(u32::try_from(i).unwrap_or(u32::MAX));
            t.criterion.push(u32::try_from(c).unwrap_or(u32::MAX));
            t.value.push(s.score);
        }
        t
    }
}

/// The sheets, the grid and the jury are the ones the stage names; its tie-break criteria are
/// the grid's and its threshold is on the grid's scale.
fn check_stage(
    grid: &ScoringGrid,
    jury: &Jury,
    sheets: &ScoreSheets,
    stage: &SelectionStage,
    out: &mut Vec<Violation>,
) {
    let grid_ids = [grid.id.as_str()];
    if sheets.grid != grid.id {
        out.push(message::unknown_reference(
            "/grid",
            Thing::Grid,
            &sheets.grid,
            &grid_ids,
        ));
    }
    if sheets.jury != jury.id {
        out.push(message::unknown_reference(
            "/jury",
            Thing::Jury,
            &sheets.jury,
            &[jury.id.as_str()],
        ));
    }
    if stage.grid != grid.id {
        out.push(message::unknown_reference(
            "/stage",
            Thing::Grid,
            &stage.grid,
            &grid_ids,
        ));
    }
    let criterion_ids: Vec<&str> = grid.criteria.iter().map(|c| c.id.as_str()).collect();
    for (k, c) in stage.tie_break.criteria.iter().enumerate() {
        if grid.criterion_index(c).is_none() {
            out.push(message::unknown_reference(
                format!("/tie_break/criteria/{k}"),
                Thing::Criterion,
                c,
                &criterion_ids,
            ));
        }
    }
    if stage.cutoff.top_k.is_none() && stage.cutoff.threshold.is_none() {
        out.push(message::cutoff_unknown(&stage.id, stage.pool));
    }
    if let Some(t) = stage.cutoff.threshold
        && !grid.scale.contains(t)
    {
        out.push(message::threshold_outside_scale(
            "/cutoff/threshold",
            t,
            grid.scale.min,
            grid.scale.max,
        ));
    }
}

/// Who may not score what: recusals, declared conflicts, and organisations shared between a
/// juror (their declared ones, and their affiliation when the policy says so) and an item.
struct Conflicts<'a> {
    recused: HashSet<(&'a str, &'a str)>,
    juror_orgs: Vec<HashSet<String>>,
    item_orgs: Vec<Vec<String>>,
}

impl<'a> Conflicts<'a> {
    fn new(jury: &Jury, sheets: &'a ScoreSheets, policy: ConflictPolicy) -> Self {
        let recused = sheets
            .recusals
            .iter()
            .map(|r| (r.juror.as_str(), r.item.as_str()))
            .collect();
        let juror_orgs = jury
            .jurors
            .iter()
            .map(|j| {
                let mut set: HashSet<String> =
                    j.conflicts.organisations.iter().map(|o| fold(o)).collect();
                if policy.juror_recusal_for_host
                    && let Some(a) = &j.affiliation
                {
                    set.insert(fold(a));
                }
                set
            })
            .collect();
        let item_orgs = sheets
            .items
            .iter()
            .map(|x| x.organisations.iter().map(|o| fold(o)).collect())
            .collect();
        Self {
            recused,
            juror_orgs,
            item_orgs,
        }
    }

    /// Why juror `j` may not score item `i`, if they may not.
    fn of(&self, jury: &Jury, sheets: &ScoreSheets, j: usize, i: usize) -> Option<Conflict<'_>> {
        let juror = &jury.jurors[j];
        let item = sheets.items[i].id.as_str();
        if self.recused.contains(&(juror.id.as_str(), item)) {
            return Some(Conflict::Recused);
        }
        if juror.conflicts.items.iter().any(|x| x == item) {
            return Some(Conflict::Declared);
        }
        self.item_orgs[i]
            .iter()
            .find(|o| self.juror_orgs[j].contains(*o))
            .map(|o| Conflict::Organisation(o))
    }
}

/// SplitMix64 of `seed ^ fnv1a(id)`: the documented last-resort order.
pub(crate) fn tie_order(seed: u64, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = (seed ^ h).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Scores equal to 9 decimal places are ties.
#[allow(clippy::cast_possible_truncation)]
fn quantise(x: f64) -> i64 {
    (x * 1e9).round() as i64
}

/// What an item's outcome is, and why.
type Decision = (Outcome, Reason);

/// The documents of one stage, checked and indexed.
#[derive(Clone, Copy)]
struct Stage<'a> {
    grid: &'a ScoringGrid,
    jury: &'a Jury,
    sheets: &'a ScoreSheets,
    stage: &'a SelectionStage,
    t: &'a SheetIndex,
}

impl Stage<'_> {
    fn columns(&self) -> ScoreColumns<'_> {
        ScoreColumns {
            n_jurors: self.jury.jurors.len(),
            n_items: self.sheets.items.len(),
            n_criteria: self.grid.criteria.len(),
            juror: &self.t.juror,
            item: &self.t.item,
            criterion: &self.t.criterion,
            value: &self.t.value,
        }
    }
}

/// The stage's scores: calibrated, aggregated per criterion (raw and calibrated), and final.
struct Scores {
    cal: super::Calibration,
    raw: super::Aggregated,
    agg: super::Aggregated,
    /// Each criterion's weight, normalised to sum to 1.
    crit_w: Vec<f64>,
    raw_final: Vec<f64>,
    final_: Vec<f64>,
}

fn rank(
    grid: &ScoringGrid,
    jury: &Jury,
    sheets: &ScoreSheets,
    stage: &SelectionStage,
    t: &SheetIndex,
    mut warnings: Vec<Violation>,
) -> Ranking {
    let ctx = Stage {
        grid,
        jury,
        sheets,
        stage,
        t,
    };
    let sc = scores(ctx, &mut warnings);
    let mut flagged = flags(ctx, &sc, &mut warnings);
    let ranked = order(ctx, &sc.final_, &sc.agg, &flagged);
    let mut raw_rank = vec![None; sheets.items.len()];
    for (r, &i) in order(ctx, &sc.raw_final, &sc.raw, &flagged)
        .iter()
        .enumerate()
    {
        raw_rank[i] = Some(u32::try_from(r + 1).unwrap_or(u32::MAX));
    }
    let mut sel = select(ctx, &ranked, &sc.final_, &mut warnings);
    waiting_list(stage, &ranked, &mut sel.decided, sel.cutoff_score);

    // Explanations: the ranked items in their order, then the others by id.
    let mut per_item: Vec<Vec<usize>> = vec![Vec::new(); sheets.items.len()];
    for (row, &i) in t.item.iter().enumerate() {
        per_item[i as usize].push(row);
    }
    let explain = |i: usize, rank: Option<u32>, d: Decision| {
        explain_item(ctx, &sc, &per_item[i], raw_rank[i], i, rank, d)
    };
    let mut items = Vec::with_capacity(sheets.items.len());
    for (r, &i) in ranked.iter().enumerate() {
        let d = sel.decided[i].take().unwrap_or((
            Outcome::NotSelected,
            Reason::BelowCutoff {
                seats: 0,
                cutoff_score: sel.cutoff_score,
            },
        ));
        items.push(explain(
            i,
            Some(u32::try_from(r + 1).unwrap_or(u32::MAX)),
            d,
        ));
    }
    let mut rest: Vec<usize> = (0..sheets.items.len())
        .filter(|&i| flagged[i].is_some())
        .collect();
    rest.sort_by(|&a, &b| sheets.items[a].id.cmp(&sheets.items[b].id));
    for i in rest {
        if let Some(d) = flagged[i].take() {
            items.push(explain(i, None, d));
        }
    }
    let criteria = grid
        .criteria
        .iter()
        .zip(&sc.crit_w)
        .map(|(c, &w)| CriterionInfo {
            id: c.id.clone(),
            label_fr: c.label_fr.clone(),
            label_en: c.label_en.clone(),
            weight: w,
        })
        .collect();
    let cal = &sc.cal;
    let jurors = jury
        .jurors
        .iter()
        .enumerate()
        .map(|(j, juror)| JurorCalibration {
            juror: juror.id.clone(),
            scores: cal.counts[j],
            calibrated: cal.calibrated[j],
            bias: cal.bias[j],
            scale: cal.scale[j],
            component: (cal.component[j] != usize::MAX).then_some(cal.component[j]),
        })
        .collect();
    Ranking {
        stage: stage.clone(),
        grid: grid.id.clone(),
        criteria,
        scale: (grid.scale.min, grid.scale.max),
        items,
        selected: u32::try_from(sel.selected).unwrap_or(u32::MAX),
        cutoff_score: sel.cutoff_score,
        jurors,
        components: cal.components,
        violations: warnings,
    }
}

/// Calibrates, aggregates and weighs the criteria; warns of jurors left raw and of a
/// disconnected calibration.
fn scores(ctx: Stage<'_>, warnings: &mut Vec<Violation>) -> Scores {
    let Stage {
        grid, jury, stage, ..
    } = ctx;
    let cols = ctx.columns();
    // The columns were built from checked documents, so calibration cannot fail.
    let cal = calibrate(cols, stage.calibration, MIN_SCORES_PER_JUROR)
        .unwrap_or_else(|e| unreachable!("checked columns: {e}"));
    let weights: Vec<f64> = jury.jurors.iter().map(|j| j.weight).collect();
    let raw = aggregate(cols, &weights, &stage.aggregation);
    let calibrating = stage.calibration != CalibrationMethod::None;
    let agg = if calibrating {
        let calibrated = ScoreColumns {
            value: &cal.values,
            ..cols
        };
        aggregate(calibrated, &weights, &stage.aggregation)
    } else {
        raw.clone()
    };
    let total_w = grid.total_weight();
    let crit_w: Vec<f64> = grid.criteria.iter().map(|c| c.weight / total_w).collect();
    let raw_final = raw.final_scores(&crit_w);
    let final_ = agg.final_scores(&crit_w);
    if calibrating {
        for (j, juror) in jury.jurors.iter().enumerate() {
            if cal.counts[j] > 0 && !cal.calibrated[j] {
                warnings.push(message::juror_too_few_scores(
                    format!("/jurors/{j}"),
                    &juror.id,
                    cal.counts[j],
                ));
            }
        }
        if cal.components > 1 {
            warnings.push(message::calibration_disconnected(cal.components));
        }
    }
    Scores {
        cal,
        raw,
        agg,
        crit_w,
        raw_final,
        final_,
    }
}

/// The items that are not ranked: too few jurors on a criterion (with a warning), or below
/// an eliminatory threshold.
fn flags(ctx: Stage<'_>, sc: &Scores, warnings: &mut Vec<Violation>) -> Vec<Option<Decision>> {
    let Stage {
        grid,
        sheets,
        stage,
        ..
    } = ctx;
    let nc = grid.criteria.len();
    let min_j = stage.aggregation.min_jurors;
    let agg = &sc.agg;
    let flag = |i: usize| -> Option<(Decision, Option<Violation>)> {
        for (c, crit) in grid.criteria.iter().enumerate() {
            let n = agg.jurors[i * nc + c];
            if n < min_j || agg.get(i, c).is_nan() {
                let warning = message::too_few_jurors(
                    format!("/items/{i}"),
                    &sheets.items[i].id,
                    n,
                    &crit.id,
                    min_j,
                );
                let reason = Reason::TooFewJurors {
                    criterion: crit.id.clone(),
                    jurors: n,
                    min: min_j,
                };
                return Some(((Outcome::Unranked, reason), Some(warning)));
            }
        }
        grid.criteria.iter().enumerate().find_map(|(c, crit)| {
            let th = crit.eliminatory_below?;
            let score = agg.get(i, c);
            (score < th).then(|| {
                let reason = Reason::Eliminated {
                    criterion: crit.id.clone(),
                    score,
                    threshold: th,
                };
                ((Outcome::Eliminated, reason), None)
            })
        })
    };
    (0..sheets.items.len())
        .map(|i| {
            let (decision, warning) = flag(i)?;
            warnings.extend(warning);
            Some(decision)
        })
        .collect()
}

/// The items not flagged, best first: by final score, then the tie-break criteria, then the
/// documented seeded order, then id.
fn order(
    ctx: Stage<'_>,
    scores: &[f64],
    aggs: &super::Aggregated,
    flagged: &[Option<Decision>],
) -> Vec<usize> {
    let Stage {
        grid,
        sheets,
        stage,
        ..
    } = ctx;
    let tie_criteria: Vec<usize> = stage
        .tie_break
        .criteria
        .iter()
        .filter_map(|c| grid.criterion_index(c))
        .collect();
    let key = |i: usize| {
        (
            quantise(scores[i]),
            tie_criteria
                .iter()
                .map(|&c| quantise(aggs.get(i, c)))
                .collect::<Vec<_>>(),
            tie_order(stage.tie_break.seed, &sheets.items[i].id),
        )
    };
    let mut ranked: Vec<(usize, _)> = (0..sheets.items.len())
        .filter(|&i| flagged[i].is_none())
        .map(|i| (i, key(i)))
        .collect();
    ranked.sort_by(|(a, ka), (b, kb)| {
        kb.0.cmp(&ka.0)
            .then_with(|| kb.1.cmp(&ka.1))
            .then_with(|| ka.2.cmp(&kb.2))
            .then_with(|| sheets.items[*a].id.cmp(&sheets.items[*b].id))
    });
    ranked.into_iter().map(|(i, _)| i).collect()
}

/// The outcome of the selection: what was decided for each item (the ones left `None` are
/// below the cut-off), how many were selected, and the last selected score.
struct Selection {
    decided: Vec<Option<Decision>>,
    selected: usize,
    cutoff_score: Option<f64>,
}

/// Each quota's seats still to fill, against the items that pass the threshold; a quota that
/// cannot be met is a warning, and its seats go to the next items.
fn quotas_needed(
    ctx: Stage<'_>,
    ranked: &[usize],
    passes: &dyn Fn(usize) -> bool,
    warnings: &mut Vec<Violation>,
) -> BTreeMap<Expertise, u32> {
    let mut need = BTreeMap::new();
    for (e, &min) in &ctx.stage.quotas.min_per_expertise {
        let available = ranked
            .iter()
            .filter(|&&i| passes(i) && ctx.sheets.items[i].expertise.as_ref() == Some(e))
            .count();
        let available = u32::try_from(available).unwrap_or(u32::MAX);
        if available < min {
            warnings.push(message::quota_unmet(
                format!("/quotas/min_per_expertise/{}", e.as_str()),
                min,
                e.as_str(),
                available,
            ));
        }
        if min.min(available) > 0 {
            need.insert(e.clone(), min.min(available));
        }
    }
    need
}

/// Selects down the ranking: the threshold, the seats, the cap per organisation, and the
/// seats the quotas reserve.
fn select(
    ctx: Stage<'_>,
    ranked: &[usize],
    final_: &[f64],
    warnings: &mut Vec<Violation>,
) -> Selection {
    let stage = ctx.stage;
    let threshold = stage.cutoff.threshold;
    let seats = stage.cutoff.top_k;
    let k = seats.map_or(usize::MAX, |k| k as usize);
    let passes = |i: usize| threshold.is_none_or(|t| final_[i] >= t - 1e-9);
    let mut need = quotas_needed(ctx, ranked, &passes, warnings);
    let mut org_count: HashMap<String, u32> = HashMap::new();
    let mut selected = 0usize;
    let mut decided: Vec<Option<Decision>> = vec![None; ctx.sheets.items.len()];
    let mut skipped_for_quota = false;
    for &i in ranked {
        let item = &ctx.sheets.items[i];
        if !passes(i) {
            let reason = Reason::BelowThreshold {
                threshold: threshold.unwrap_or_default(),
            };
            decided[i] = Some((Outcome::NotSelected, reason));
            continue;
        }
        if selected >= k {
            continue; // BelowCutoff, filled in once the cut-off score is known.
        }
        if let Some(max) = stage.quotas.max_per_organisation
            && let Some(org) = item
                .organisations
                .iter()
                .find(|o| org_count.get(&fold(o)).copied().unwrap_or(0) >= max)
        {
            let reason = Reason::OrganisationCap {
                organisation: org.clone(),
                max,
            };
            decided[i] = Some((Outcome::NotSelected, reason));
            continue;
        }
        let unmet: u64 = need.values().map(|&n| u64::from(n)).sum();
        let helps = item
            .expertise
            .as_ref()
            .and_then(|e| need.get(e))
            .is_some_and(|&n| n > 0);
        if !helps && (k - selected) as u64 <= unmet {
            let expertises = need
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(e, _)| e.clone())
                .collect();
            decided[i] = Some((Outcome::NotSelected, Reason::SeatsReserved { expertises }));
            skipped_for_quota = true;
            continue;
        }
        let why = if helps && skipped_for_quota {
            let e = item.expertise.clone().unwrap_or_else(|| Expertise::new(""));
            let min = stage.quotas.min_per_expertise.get(&e).copied().unwrap_or(0);
            Reason::Quota { expertise: e, min }
        } else {
            Reason::WithinSeats { seats }
        };
        if helps
            && let Some(e) = &item.expertise
            && let Some(n) = need.get_mut(e)
        {
            *n -= 1;
        }
        for o in &item.organisations {
            *org_count.entry(fold(o)).or_default() += 1;
        }
        selected += 1;
        decided[i] = Some((Outcome::Selected, why));
    }
    let cutoff_score = ranked
        .iter()
        .filter(|&&i| matches!(decided[i], Some((Outcome::Selected, _))))
        .map(|&i| final_[i])
        .next_back();
    Selection {
        decided,
        selected,
        cutoff_score,
    }
}

/// The waiting list, in rank order, from the items below the cut-off or behind reserved
/// seats; the others below the cut-off are not selected.
fn waiting_list(
    stage: &SelectionStage,
    ranked: &[usize],
    decided: &mut [Option<Decision>],
    cutoff_score: Option<f64>,
) {
    let mut position = 0u32;
    for &i in ranked {
        let waiting = position < stage.waiting_list
            && matches!(&decided[i], None | Some((_, Reason::SeatsReserved { .. })));
        if waiting {
            position += 1;
            let reserved_for = match decided[i].take() {
                Some((_, Reason::SeatsReserved { expertises })) => expertises,
                _ => Vec::new(),
            };
            let reason = Reason::WaitingList {
                position,
                cutoff_score,
                reserved_for,
            };
            decided[i] = Some((Outcome::WaitingList, reason));
        } else if decided[i].is_none() {
            let reason = Reason::BelowCutoff {
                seats: stage.cutoff.top_k.unwrap_or_default(),
                cutoff_score,
            };
            decided[i] = Some((Outcome::NotSelected, reason));
        }
    }
}

/// One item's result: its scores per criterion and per juror, raw and calibrated, its ranks,
/// and the decision with its reason.
fn explain_item(
    ctx: Stage<'_>,
    sc: &Scores,
    rows: &[usize],
    raw_rank: Option<u32>,
    i: usize,
    rank: Option<u32>,
    (outcome, reason): Decision,
) -> ItemResult {
    let Stage {
        grid,
        jury,
        sheets,
        stage,
        t,
    } = ctx;
    let nc = grid.criteria.len();
    let item = &sheets.items[i];
    let opt = |x: f64| (!x.is_nan()).then_some(x);
    let breakdown = grid
        .criteria
        .iter()
        .enumerate()
        .map(|(c, crit)| CriterionBreakdown {
            criterion: crit.id.clone(),
            weight: sc.crit_w[c],
            raw: opt(sc.raw.get(i, c)),
            calibrated: opt(sc.agg.get(i, c)),
            contribution: sc.crit_w[c] * sc.agg.get(i, c),
            jurors: sc.agg.jurors[i * nc + c],
        })
        .collect();
    type Sheet = (Vec<Option<f64>>, Vec<Option<f64>>);
    let mut by_juror: BTreeMap<u32, Sheet> = BTreeMap::new();
    for &row in rows {
        let e = by_juror
            .entry(t.juror[row])
            .or_insert_with(|| (vec![None; nc], vec![None; nc]));
        e.0[t.criterion[row] as usize] = Some(t.value[row]);
        e.1[t.criterion[row] as usize] = Some(sc.cal.values[row]);
    }
    let total = |xs: &[Option<f64>]| -> Option<f64> {
        xs.iter()
            .zip(&sc.crit_w)
            .map(|(x, w)| x.map(|x| x * w))
            .sum::<Option<f64>>()
    };
    let jurors = by_juror
        .into_iter()
        .map(|(j, (r, c))| JurorBreakdown {
            juror: jury.jurors[j as usize].id.clone(),
            raw_total: total(&r),
            calibrated_total: total(&c),
            raw: r,
            calibrated: c,
            bias: sc.cal.bias[j as usize],
        })
        .collect();
    ItemResult {
        item: item.id.clone(),
        label: item.label.clone(),
        expertise: item.expertise.clone(),
        organisations: item.organisations.clone(),
        rank,
        raw_rank,
        final_score: opt(sc.final_[i]),
        raw_score: opt(sc.raw_final[i]),
        calibration: stage.calibration,
        criteria: breakdown,
        jurors,
        outcome,
        reason,
    }
}

/// Scores the stage named by `stage` (default: the one the score sheets name) of a rulebook.
///
/// # Errors
/// [`InvalidDocument`] as for [`score`], or an `unknown_reference` at `/stage` when the
/// rulebook has no such stage.
pub fn score_stage(
    rulebook: &crate::rules::Rulebook,
    stage: Option<&str>,
    grid: &Checked<ScoringGrid>,
    jury: &Checked<Jury>,
    sheets: &Checked<ScoreSheets>,
) -> Result<Ranking, InvalidDocument> {
    // The rulebook's declared rules for the three documents, over their JSON forms.
    let declared: Vec<Violation> = [
        validate::run_typed(rulebook, SchemaKind::ScoringGrid, grid.value()),
        validate::run_typed(rulebook, SchemaKind::Jury, jury.value()),
        validate::run_typed(rulebook, SchemaKind::ScoreSheets, sheets.value()),
    ]
    .concat();
    stage_ranking(rulebook, stage, grid, jury, sheets, declared)
}

/// The ranking of the stage `stage` names (default: the one the sheets name), `declared`
/// being what the rulebook's declared rules found in the three documents.
fn stage_ranking(
    rulebook: &crate::rules::Rulebook,
    stage: Option<&str>,
    grid: &Checked<ScoringGrid>,
    jury: &Checked<Jury>,
    sheets: &Checked<ScoreSheets>,
    declared: Vec<Violation>,
) -> Result<Ranking, InvalidDocument> {
    let id = stage.unwrap_or(&sheets.stage);
    let Some(found) = rulebook.stage(id) else {
        let known: Vec<&str> = rulebook.stages.iter().map(|s| s.id.as_str()).collect();
        return Err(message::unknown_reference("/stage", Thing::Stage, id, &known).into());
    };
    score_with(
        grid,
        jury,
        sheets,
        found,
        rulebook.conflict_of_interest,
        declared,
    )
}

/// Why [`rank_stage`] gives no ranking.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StageError {
    /// No grid was given and the rulebook gives none for the stage, or its grid is invalid:
    /// the sentence says which.
    #[error("{0}")]
    NoGrid(String),
    /// The documents cannot be ranked: every violation.
    #[error(transparent)]
    Refused(#[from] InvalidDocument),
    /// A hiring cap was asked for and the rulebook has none on the stage: the sentence says
    /// so.
    #[error("{0}")]
    NoCap(String),
}

/// Scores a stage as the CLI, Python and uniffi do: on the grid given or, when none is, the
/// rulebook's grid for the stage ([`rulebook_grid`]); with the rulebook's declared rules on
/// the three documents, compiled once with the rulebook ([`score_stage`] compiles them for
/// each call); then, when `hired_before` is given, the rulebook's hiring cap
/// ([`cap_hiring`]).
///
/// ```
/// # #[cfg(feature = "synthetic")] {
/// use eig::scoring::{StageError, rank_stage};
/// use eig::synthetic::{promotion, Options};
/// use eig::validate::{CompiledRulebook, load_document};
/// let p = promotion(&Options { seed: 1, candidates: 60, ..Options::default() }).unwrap();
/// let rulebook = CompiledRulebook::new(p.rulebook.clone());
/// let grid = load_document::<eig::model::ScoringGrid>(&serde_json::to_vec(&p.candidate_grid).unwrap()).unwrap();
/// # let jury = load_document::<eig::model::Jury>(&serde_json::to_vec(&p.jury).unwrap()).unwrap();
/// # let sheets = load_document::<eig::model::ScoreSheets>(&serde_json::to_vec(&p.candidate_scores).unwrap()).unwrap();
/// let ranking = rank_stage(&rulebook, None, Some(&grid), &jury, &sheets, None).unwrap();
/// assert_eq!(ranking.stage.id, "candidats");
/// let unknown = rank_stage(&rulebook, Some("oral"), Some(&grid), &jury, &sheets, None);
/// assert!(matches!(unknown, Err(StageError::Refused(e)) if e.report.has("unknown_reference")));
/// # }
/// ```
///
/// # Errors
/// [`StageError`]: no grid to score on, the documents refused, or no hiring cap.
pub fn rank_stage(
    rulebook: &CompiledRulebook,
    stage: Option<&str>,
    grid: Option<&Checked<ScoringGrid>>,
    jury: &Checked<Jury>,
    sheets: &Checked<ScoreSheets>,
    hired_before: Option<u32>,
) -> Result<Ranking, StageError> {
    let rb = rulebook.rulebook();
    let from_rulebook;
    let grid = match grid {
        Some(g) => g,
        None => {
            from_rulebook = rulebook_grid(rb, stage, sheets).map_err(StageError::NoGrid)?;
            &from_rulebook
        }
    };
    let declared: Vec<Violation> = [
        validate::run_typed_with(rulebook.rules(Target::ScoringGrid), grid.value()),
        validate::run_typed_with(rulebook.rules(Target::Jury), jury.value()),
        validate::run_typed_with(rulebook.rules(Target::ScoreSheets), sheets.value()),
    ]
    .concat();
    let mut ranking = stage_ranking(rb, stage, grid, jury, sheets, declared)?;
    if let Some(before) = hired_before {
        cap_hiring(rb, &mut ranking, before).map_err(StageError::NoCap)?;
    }
    Ok(ranking)
}

/// The grid a stage is scored on when no grid document is given: the one of that id the
/// rulebook gives (EIG 7's), for the stage `stage` (default: the one the sheets name).
///
/// # Errors
/// A sentence naming the grid the rulebook does not give, or why its grid is invalid.
pub fn rulebook_grid(
    rulebook: &crate::rules::Rulebook,
    stage: Option<&str>,
    sheets: &ScoreSheets,
) -> Result<Checked<ScoringGrid>, String> {
    let stage = stage.unwrap_or(&sheets.stage);
    let id = rulebook
        .stage(stage)
        .map_or(sheets.grid.as_str(), |s| s.grid.as_str());
    let Some(grid) = rulebook.grid(id) else {
        return Err(format!(
            "the rulebook of {} gives no grid {id:?}: give one",
            rulebook.label
        ));
    };
    let value = serde_json::to_value(grid).map_err(|e| e.to_string())?;
    validate::load_document_value::<ScoringGrid>(&value)
        .map_err(|e| format!("the rulebook's grid {id:?} is invalid: {}", e.report))
}

/// Applies the rulebook's `hiring_cap` to the ranking of its stage, `hired_before` being the
/// people earlier sprints recruited (see [`apply_hiring_cap`]). Returns how many are
/// recruited in all.
///
/// # Errors
/// A sentence saying the rulebook has no cap on the ranking's stage.
pub fn cap_hiring(
    rulebook: &crate::rules::Rulebook,
    ranking: &mut Ranking,
    hired_before: u32,
) -> Result<u32, String> {
    match rulebook
        .hiring_cap
        .as_ref()
        .filter(|c| c.stage == ranking.stage.id)
    {
        Some(cap) => Ok(apply_hiring_cap(
            std::slice::from_mut(ranking),
            cap.max,
            hired_before,
        )),
        None => Err(format!(
            "the rulebook of {} has no hiring cap on the stage {:?}",
            rulebook.label, ranking.stage.id
        )),
    }
}

/// Applies a cap on recruitments across the rankings of successive sprints, in order: the
/// items their stage selected are kept in sprint order, then rank order, until `cap` are
/// recruited counting the `already` recruited before; the others become not selected, with
/// the reason [`Reason::HiringCap`]. Each ranking's `selected` and `cutoff_score` follow.
/// Returns how many are recruited in all, `already` included.
///
/// ```
/// # #[cfg(feature = "synthetic")] {
/// use eig::scoring::{apply_hiring_cap, score_stage, Outcome};
/// use eig::synthetic::{promotion, Options};
/// use eig::validate::Checked;
/// let p = promotion(&Options { seed: 1, candidates: 60, ..Options::default() }).unwrap();
/// let load = |v: serde_json::Value| v;
/// # let grid = eig::validate::load_document::<eig::model::ScoringGrid>(&serde_json::to_vec(&p.candidate_grid).unwrap()).unwrap();
/// # let jury = eig::validate::load_document::<eig::model::Jury>(&serde_json::to_vec(&p.jury).unwrap()).unwrap();
/// # let sheets = eig::validate::load_document::<eig::model::ScoreSheets>(&serde_json::to_vec(&p.candidate_scores).unwrap()).unwrap();
/// let mut sprints = vec![score_stage(&p.rulebook, None, &grid, &jury, &sheets).unwrap()];
/// let before = sprints[0].selected;
/// assert_eq!(apply_hiring_cap(&mut sprints, 5, 2), 5.min(before + 2));
/// assert_eq!(sprints[0].selected, 3.min(before));
/// # }
/// ```
pub fn apply_hiring_cap(rankings: &mut [Ranking], cap: u32, already: u32) -> u32 {
    let mut hired = already;
    for ranking in rankings.iter_mut() {
        let mut order: Vec<usize> = (0..ranking.items.len())
            .filter(|&i| ranking.items[i].outcome == Outcome::Selected)
            .collect();
        order.sort_by_key(|&i| (ranking.items[i].rank.unwrap_or(u32::MAX), i));
        for i in order {
            if hired < cap {
                hired += 1;
            } else {
                let item = &mut ranking.items[i];
                item.outcome = Outcome::NotSelected;
                item.reason = Reason::HiringCap { cap };
            }
        }
        let kept: Vec<f64> = ranking
            .items
            .iter()
            .filter(|r| r.outcome == Outcome::Selected)
            .filter_map(|r| r.final_score)
            .collect();
        ranking.selected = u32::try_from(
            ranking
                .items
                .iter()
                .filter(|r| r.outcome == Outcome::Selected)
                .count(),
        )
        .unwrap_or(u32::MAX);
        ranking.cutoff_score = kept.into_iter().reduce(f64::min);
    }
    hired
}
