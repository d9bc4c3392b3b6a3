//! From checked score sheets to a ranking with outcomes and reasons.

use super::{
    CriterionBreakdown, CriterionInfo, ItemResult, JurorBreakdown, JurorCalibration, Outcome,
    Ranking, Reason, ScoreColumns, aggregate, calibrate,
};
use crate::diagnostics::Violation;
use crate::diagnostics::message::{self, Conflict, Thing};
use crate::diagnostics::{InvalidDocument, Report};
use crate::model::{CalibrationMethod, Expertise, Jury, ScoreSheets, ScoringGrid, SelectionStage};
use crate::rules::ConflictPolicy;
use crate::text::fold;
use crate::validate::Checked;
use std::cmp::Ordering;
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
    // The documents' own warnings come first, as the report of each document lists them.
    let mut errors: Vec<Violation> = [grid.warnings(), jury.warnings(), sheets.warnings()].concat();
    let (grid, jury, sheets): (&ScoringGrid, &Jury, &ScoreSheets) = (grid, jury, sheets);
    let table = SheetIndex::build(grid, jury, sheets, stage, conflicts, &mut errors);
    if errors.iter().any(Violation::is_error) {
        return Err(InvalidDocument {
            report: Report::new(errors),
        });
    }
    Ok(rank(grid, jury, sheets, stage, &table))
}

/// The score sheets as index columns.
struct SheetIndex {
    juror: Vec<u32>,
    item: Vec<u32>,
    criterion: Vec<u32>,
    value: Vec<f64>,
}

impl SheetIndex {
    fn build(
        grid: &ScoringGrid,
        jury: &Jury,
        sheets: &ScoreSheets,
        stage: &SelectionStage,
        policy: ConflictPolicy,
        out: &mut Vec<Violation>,
    ) -> SheetIndex {
        if sheets.grid != grid.id {
            out.push(message::unknown_reference(
                "/grid",
                Thing::Grid,
                &sheets.grid,
                &[grid.id.as_str()],
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
                &[grid.id.as_str()],
            ));
        }
        let criterion_ids: Vec<&str> = grid.criteria.iter().map(|c| c.id.as_str()).collect();
        let juror_ids: Vec<&str> = jury.jurors.iter().map(|j| j.id.as_str()).collect();
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
        let jurors: HashMap<&str, usize> = jury
            .jurors
            .iter()
            .enumerate()
            .map(|(i, j)| (j.id.as_str(), i))
            .collect();
        let items: HashMap<&str, usize> = sheets
            .items
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.as_str(), i))
            .collect();
        let criteria: HashMap<&str, usize> = grid
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let recused: HashSet<(&str, &str)> = sheets
            .recusals
            .iter()
            .map(|r| (r.juror.as_str(), r.item.as_str()))
            .collect();
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
        let juror_orgs: Vec<HashSet<String>> = jury
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
        let item_orgs: Vec<Vec<String>> = sheets
            .items
            .iter()
            .map(|x| x.organisations.iter().map(|o| fold(o)).collect())
            .collect();
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
            let why = *conflict_cache.entry((j, i)).or_insert_with(|| {
                let juror = &jury.jurors[j];
                if recused.contains(&(juror.id.as_str(), s.item.as_str())) {
                    return Some(Conflict::Recused);
                }
                if juror.conflicts.items.iter().any(|x| x == &s.item) {
                    return Some(Conflict::Declared);
                }
                item_orgs[i]
                    .iter()
                    .find(|o| juror_orgs[j].contains(*o))
                    .map(|o| Conflict::Organisation(o))
            });
            if let Some(why) = why {
                out.push(message::conflicted_score(
                    format!("/scores/{k}"),
                    &s.juror,
                    &s.item,
                    why,
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

#[allow(clippy::too_many_lines)]
fn rank(
    grid: &ScoringGrid,
    jury: &Jury,
    sheets: &ScoreSheets,
    stage: &SelectionStage,
    t: &SheetIndex,
) -> Ranking {
    let nj = jury.jurors.len();
    let ni = sheets.items.len();
    let nc = grid.criteria.len();
    let cols = ScoreColumns {
        n_jurors: nj,
        n_items: ni,
        n_criteria: nc,
        juror: &t.juror,
        item: &t.item,
        criterion: &t.criterion,
        value: &t.value,
    };
    let mut warnings = Vec::new();
    // The columns were built from checked documents, so calibration cannot fail.
    let cal = calibrate(cols, stage.calibration, MIN_SCORES_PER_JUROR)
        .unwrap_or_else(|e| unreachable!("checked columns: {e}"));
    let weights: Vec<f64> = jury.jurors.iter().map(|j| j.weight).collect();
    let raw = aggregate(cols, &weights, &stage.aggregation);
    let calibrated_cols = ScoreColumns {
        value: &cal.values,
        ..cols
    };
    let calibrating = stage.calibration != CalibrationMethod::None;
    let agg = if calibrating {
        aggregate(calibrated_cols, &weights, &stage.aggregation)
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

    // Flags: too few jurors, then eliminatory thresholds.
    let min_j = stage.aggregation.min_jurors;
    let mut reason: Vec<Option<(Outcome, Reason)>> = vec![None; ni];
    #[allow(clippy::needless_range_loop)]
    for i in 0..ni {
        for (c, crit) in grid.criteria.iter().enumerate() {
            let n = agg.jurors[i * nc + c];
            if n < min_j || agg.get(i, c).is_nan() {
                warnings.push(message::too_few_jurors(
                    format!("/items/{i}"),
                    &sheets.items[i].id,
                    n,
                    &crit.id,
                    min_j,
                ));
                reason[i] = Some((
                    Outcome::Unranked,
                    Reason::TooFewJurors {
                        criterion: crit.id.clone(),
                        jurors: n,
                        min: min_j,
                    },
                ));
                break;
            }
        }
        if reason[i].is_some() {
            continue;
        }
        for (c, crit) in grid.criteria.iter().enumerate() {
            if let Some(th) = crit.eliminatory_below
                && agg.get(i, c) < th
            {
                reason[i] = Some((
                    Outcome::Eliminated,
                    Reason::Eliminated {
                        criterion: crit.id.clone(),
                        score: agg.get(i, c),
                        threshold: th,
                    },
                ));
                break;
            }
        }
    }

    // Ranking orders.
    let tie_criteria: Vec<usize> = stage
        .tie_break
        .criteria
        .iter()
        .filter_map(|c| grid.criterion_index(c))
        .collect();
    let order_by = |scores: &[f64], aggs: &super::Aggregated| {
        let mut ranked: Vec<usize> = (0..ni).filter(|&i| reason[i].is_none()).collect();
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
        let keys: Vec<_> = (0..ni)
            .map(|i| {
                if reason[i].is_none() {
                    Some(key(i))
                } else {
                    None
                }
            })
            .collect();
        ranked.sort_by(|&a, &b| {
            let (ka, kb) = (keys[a].as_ref(), keys[b].as_ref());
            match (ka, kb) {
                (Some(ka), Some(kb)) => {
                    kb.0.cmp(&ka.0)
                        .then_with(|| kb.1.cmp(&ka.1))
                        .then_with(|| ka.2.cmp(&kb.2))
                        .then_with(|| sheets.items[a].id.cmp(&sheets.items[b].id))
                }
                _ => Ordering::Equal,
            }
        });
        ranked
    };
    let ranked = order_by(&final_, &agg);
    let mut raw_rank = vec![None; ni];
    for (r, &i) in order_by(&raw_final, &raw).iter().enumerate() {
        raw_rank[i] = Some(u32::try_from(r + 1).unwrap_or(u32::MAX));
    }

    // Selection.
    let threshold = stage.cutoff.threshold;
    let seats = stage.cutoff.top_k;
    let k = seats.map_or(usize::MAX, |k| k as usize);
    let passes = |i: usize| threshold.is_none_or(|t| final_[i] >= t - 1e-9);
    let mut need: BTreeMap<Expertise, u32> = BTreeMap::new();
    for (e, &min) in &stage.quotas.min_per_expertise {
        let available = ranked
            .iter()
            .filter(|&&i| passes(i) && sheets.items[i].expertise.as_ref() == Some(e))
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
    let mut org_count: HashMap<String, u32> = HashMap::new();
    let mut selected = 0usize;
    let mut decided: Vec<Option<(Outcome, Reason)>> = vec![None; ni];
    let mut skipped_for_quota = false;
    for &i in &ranked {
        let item = &sheets.items[i];
        if !passes(i) {
            decided[i] = Some((
                Outcome::NotSelected,
                Reason::BelowThreshold {
                    threshold: threshold.unwrap_or_default(),
                },
            ));
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
            decided[i] = Some((
                Outcome::NotSelected,
                Reason::OrganisationCap {
                    organisation: org.clone(),
                    max,
                },
            ));
            continue;
        }
        let unmet: u64 = need.values().map(|&n| u64::from(n)).sum();
        let helps = item
            .expertise
            .as_ref()
            .and_then(|e| need.get(e))
            .is_some_and(|&n| n > 0);
        if !helps && (k - selected) as u64 <= unmet {
            decided[i] = Some((
                Outcome::NotSelected,
                Reason::SeatsReserved {
                    expertises: need
                        .iter()
                        .filter(|(_, n)| **n > 0)
                        .map(|(e, _)| e.clone())
                        .collect(),
                },
            ));
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
    let mut position = 0u32;
    for &i in &ranked {
        let waiting = position < stage.waiting_list
            && matches!(&decided[i], None | Some((_, Reason::SeatsReserved { .. })));
        if waiting {
            position += 1;
            let reserved_for = match decided[i].take() {
                Some((_, Reason::SeatsReserved { expertises })) => expertises,
                _ => Vec::new(),
            };
            decided[i] = Some((
                Outcome::WaitingList,
                Reason::WaitingList {
                    position,
                    cutoff_score,
                    reserved_for,
                },
            ));
        } else if decided[i].is_none() {
            decided[i] = Some((
                Outcome::NotSelected,
                Reason::BelowCutoff {
                    seats: seats.unwrap_or_default(),
                    cutoff_score,
                },
            ));
        }
    }

    // Explanations.
    let mut per_item: Vec<Vec<usize>> = vec![Vec::new(); ni];
    for (row, &i) in t.item.iter().enumerate() {
        per_item[i as usize].push(row);
    }
    let criteria: Vec<CriterionInfo> = grid
        .criteria
        .iter()
        .zip(&crit_w)
        .map(|(c, &w)| CriterionInfo {
            id: c.id.clone(),
            label_fr: c.label_fr.clone(),
            label_en: c.label_en.clone(),
            weight: w,
        })
        .collect();
    let explain = |i: usize, rank: Option<u32>, (outcome, reason): (Outcome, Reason)| {
        let item = &sheets.items[i];
        let opt = |x: f64| (!x.is_nan()).then_some(x);
        let breakdown = grid
            .criteria
            .iter()
            .enumerate()
            .map(|(c, crit)| CriterionBreakdown {
                criterion: crit.id.clone(),
                weight: crit_w[c],
                raw: opt(raw.get(i, c)),
                calibrated: opt(agg.get(i, c)),
                contribution: crit_w[c] * agg.get(i, c),
                jurors: agg.jurors[i * nc + c],
            })
            .collect();
        type Sheet = (Vec<Option<f64>>, Vec<Option<f64>>);
        let mut by_juror: BTreeMap<u32, Sheet> = BTreeMap::new();
        for &row in &per_item[i] {
            let e = by_juror
                .entry(t.juror[row])
                .or_insert_with(|| (vec![None; nc], vec![None; nc]));
            e.0[t.criterion[row] as usize] = Some(t.value[row]);
            e.1[t.criterion[row] as usize] = Some(cal.values[row]);
        }
        let total = |xs: &[Option<f64>]| -> Option<f64> {
            xs.iter()
                .zip(&crit_w)
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
                bias: cal.bias[j as usize],
            })
            .collect();
        ItemResult {
            item: item.id.clone(),
            label: item.label.clone(),
            expertise: item.expertise.clone(),
            organisations: item.organisations.clone(),
            rank,
            raw_rank: raw_rank[i],
            final_score: opt(final_[i]),
            raw_score: opt(raw_final[i]),
            calibration: stage.calibration,
            criteria: breakdown,
            jurors,
            outcome,
            reason,
        }
    };
    let mut items = Vec::with_capacity(ni);
    for (r, &i) in ranked.iter().enumerate() {
        let d = decided[i].take().unwrap_or((
            Outcome::NotSelected,
            Reason::BelowCutoff {
                seats: 0,
                cutoff_score,
            },
        ));
        items.push(explain(
            i,
            Some(u32::try_from(r + 1).unwrap_or(u32::MAX)),
            d,
        ));
    }
    let mut rest: Vec<usize> = (0..ni).filter(|&i| reason[i].is_some()).collect();
    rest.sort_by(|&a, &b| sheets.items[a].id.cmp(&sheets.items[b].id));
    for i in rest {
        let d = reason[i].take().unwrap_or((
            Outcome::Unranked,
            Reason::TooFewJurors {
                criterion: String::new(),
                jurors: 0,
                min: min_j,
            },
        ));
        items.push(explain(i, None, d));
    }
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
        selected: u32::try_from(selected).unwrap_or(u32::MAX),
        cutoff_score,
        jurors,
        components: cal.components,
        violations: warnings,
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
    let id = stage.unwrap_or(&sheets.stage);
    let Some(found) = rulebook.stage(id) else {
        let known: Vec<&str> = rulebook.stages.iter().map(|s| s.id.as_str()).collect();
        return Err(message::unknown_reference("/stage", Thing::Stage, id, &known).into());
    };
    score(grid, jury, sheets, found, rulebook.conflict_of_interest)
}
