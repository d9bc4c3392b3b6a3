//! Aggregation over jurors: one value per (item, criterion), then the weighted final score.

use super::{ColumnsError, ScoreColumns, calibrate};
use crate::model::{Aggregation, AggregationMethod, CalibrationMethod};

/// One aggregated value per (item, criterion), row-major by item.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregated {
    /// How many criteria per item.
    pub n_criteria: usize,
    /// The aggregated score of item `i` on criterion `c` at `i * n_criteria + c`; NaN when
    /// no juror scored it (or every juror's weight is zero).
    pub value: Vec<f64>,
    /// How many jurors scored item `i` on criterion `c`.
    pub jurors: Vec<u32>,
}

impl Aggregated {
    /// The aggregated score of an item on a criterion.
    #[must_use]
    pub fn get(&self, item: usize, criterion: usize) -> f64 {
        self.value[item * self.n_criteria + criterion]
    }

    /// The final score of each item: the weighted mean of its criteria (`weights` are
    /// normalised here). NaN when a criterion is missing.
    #[must_use]
    pub fn final_scores(&self, weights: &[f64]) -> Vec<f64> {
        let total: f64 = weights.iter().sum();
        self.value
            .chunks(self.n_criteria.max(1))
            .map(|row| row.iter().zip(weights).map(|(x, w)| x * (w / total)).sum())
            .collect()
    }
}

/// Aggregates the scores of each (item, criterion) over its jurors.
///
/// `juror_weight` applies to the weighted mean only. The trimmed mean drops
/// `floor(trim × n)` scores at each end.
#[must_use]
pub fn aggregate(
    cols: ScoreColumns<'_>,
    juror_weight: &[f64],
    aggregation: &Aggregation,
) -> Aggregated {
    let ng = cols.n_items * cols.n_criteria;
    let group = |k: usize| cols.item[k] as usize * cols.n_criteria + cols.criterion[k] as usize;
    let mut jurors = vec![0u32; ng];
    for k in 0..cols.value.len() {
        jurors[group(k)] += 1;
    }
    let value = match aggregation.method {
        AggregationMethod::WeightedMean => {
            let mut sum = vec![0.0; ng];
            let mut wsum = vec![0.0; ng];
            for k in 0..cols.value.len() {
                let g = group(k);
                let w = juror_weight
                    .get(cols.juror[k] as usize)
                    .copied()
                    .unwrap_or(1.0);
                sum[g] += w * cols.value[k];
                wsum[g] += w;
            }
            sum.iter()
                .zip(&wsum)
                .map(|(s, w)| if *w > 0.0 { s / w } else { f64::NAN })
                .collect()
        }
        AggregationMethod::Median | AggregationMethod::TrimmedMean => {
            let mut start = vec![0usize; ng + 1];
            for g in 0..ng {
                start[g + 1] = start[g] + jurors[g] as usize;
            }
            let mut fill = start.clone();
            let mut sorted = vec![0.0; cols.value.len()];
            for k in 0..cols.value.len() {
                let g = group(k);
                sorted[fill[g]] = cols.value[k];
                fill[g] += 1;
            }
            let trim = aggregation.trim.unwrap_or(0.0);
            (0..ng)
                .map(|g| {
                    let xs = &mut sorted[start[g]..start[g + 1]];
                    xs.sort_unstable_by(f64::total_cmp);
                    match aggregation.method {
                        AggregationMethod::Median => median(xs),
                        _ => trimmed_mean(xs, trim),
                    }
                })
                .collect()
        }
    };
    Aggregated {
        n_criteria: cols.n_criteria,
        value,
        jurors,
    }
}

/// A stage's computation on bare columns, without documents: calibrates (jurors with fewer
/// than `min_scores` scores stay raw), aggregates over jurors per item and criterion, and
/// returns the aggregates with each item's final score. Missing weights count 1 each.
///
/// # Errors
/// [`ColumnsError`] for inconsistent columns, criterion weights that are not one finite
/// non-negative value per criterion with a positive sum, juror weights too few or negative,
/// or a `trim` outside `[0, 0.5)`.
pub fn calibrate_and_aggregate(
    cols: ScoreColumns<'_>,
    calibration: CalibrationMethod,
    min_scores: usize,
    aggregation: &Aggregation,
    juror_weights: Option<&[f64]>,
    criterion_weights: Option<&[f64]>,
) -> Result<(Aggregated, Vec<f64>), ColumnsError> {
    cols.room()?;
    let bad = |m: String| Err(ColumnsError::Parameter(m));
    let ones_c = vec![1.0; cols.n_criteria];
    let weights = criterion_weights.unwrap_or(&ones_c);
    if weights.len() != cols.n_criteria {
        return bad(format!(
            "weights has {} value(s) for {} criteria",
            weights.len(),
            cols.n_criteria
        ));
    }
    if !(weights.iter().all(|w| w.is_finite() && *w >= 0.0) && weights.iter().sum::<f64>() > 0.0) {
        return bad("weights must be finite, at least 0, and not all zero".to_owned());
    }
    let ones_j = vec![1.0; cols.n_jurors];
    let juror_weights = juror_weights.unwrap_or(&ones_j);
    if juror_weights.len() < cols.n_jurors {
        return bad(format!(
            "juror_weights has {} value(s) for {} jurors",
            juror_weights.len(),
            cols.n_jurors
        ));
    }
    if !juror_weights.iter().all(|w| w.is_finite() && *w >= 0.0) {
        return bad("juror_weights must be finite and at least 0".to_owned());
    }
    if let Some(t) = aggregation.trim
        && !(0.0..0.5).contains(&t)
    {
        return bad(format!("trim {t} must be in [0, 0.5)"));
    }
    let fused = match (calibration, aggregation.method) {
        (CalibrationMethod::Additive, AggregationMethod::WeightedMean) => {
            super::calibrate::additive_weighted_mean(cols, min_scores, juror_weights)
        }
        _ => None,
    };
    let a = match fused {
        Some(done) => {
            let (value, jurors) = done?;
            Aggregated {
                n_criteria: cols.n_criteria,
                value,
                jurors,
            }
        }
        None => {
            let cal = calibrate(cols, calibration, min_scores)?;
            let calibrated = ScoreColumns {
                value: &cal.values,
                ..cols
            };
            aggregate(calibrated, juror_weights, aggregation)
        }
    };
    let total = a.final_scores(weights);
    // NaN marks what nobody scored; an infinity is an overflow, never a score.
    let per_item = a.value.chunks(cols.n_criteria.max(1));
    if let Some(item) = total
        .iter()
        .zip(per_item)
        .position(|(t, per)| t.is_infinite() || per.iter().any(|v| v.is_infinite()))
    {
        return Err(ColumnsError::Overflow(format!("item {item}")));
    }
    Ok((a, total))
}

/// The median of sorted values (the mean of the two middle ones for an even count).
pub(crate) fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The mean of sorted values after dropping `floor(trim × n)` at each end.
pub(crate) fn trimmed_mean(sorted: &[f64], trim: f64) -> f64 {
    let n = sorted.len();
    // `trim` is below 0.5, so at least one value stays.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let cut = ((trim * n as f64).floor() as usize).min(n.saturating_sub(1) / 2);
    let kept = &sorted[cut..n - cut];
    if kept.is_empty() {
        f64::NAN
    } else {
        kept.iter().sum::<f64>() / kept.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fused additive + weighted-mean path gives the numbers of calibrate then aggregate,
    /// to the last bit; it steps aside when a juror is below `min_scores` or scores a group
    /// twice, or there are more than 64 jurors, and the general path then gives its answer.
    #[test]
    fn the_fused_path_equals_calibrate_then_aggregate() {
        for (nj, ni, nc, min_scores, repeat) in [
            (12usize, 300usize, 3usize, 1usize, false),
            (64, 50, 2, 1, false),
            (5, 40, 1, 1000, false),
            (8, 30, 2, 1, true),
            (70, 20, 2, 1, false),
        ] {
            let (mut juror, mut item, mut criterion, mut value) =
                crate::scoring::random_scores(nj, ni, nc, 11);
            if repeat {
                juror.push(0);
                item.push(0);
                criterion.push(0);
                value.push(3.0);
            }
            let cols = ScoreColumns {
                n_jurors: nj,
                n_items: ni,
                n_criteria: nc,
                juror: &juror,
                item: &item,
                criterion: &criterion,
                value: &value,
            };
            let w: Vec<f64> = (0..nj).map(|j| 1.0 + (j % 3) as f64).collect();
            let fused = crate::scoring::calibrate::additive_weighted_mean(cols, min_scores, &w);
            assert_eq!(fused.is_some(), nj <= 64 && min_scores == 1 && !repeat);
            let cal = calibrate(cols, CalibrationMethod::Additive, min_scores).unwrap();
            let general = aggregate(
                ScoreColumns {
                    value: &cal.values,
                    ..cols
                },
                &w,
                &Aggregation::default(),
            );
            if let Some(done) = fused {
                let (value, jurors) = done.unwrap();
                assert_eq!(jurors, general.jurors);
                let same = value
                    .iter()
                    .zip(&general.value)
                    .all(|(a, b)| a.to_bits() == b.to_bits());
                assert!(same, "{nj} jurors: the fused values differ");
            }
            let (a, _) = calibrate_and_aggregate(
                cols,
                CalibrationMethod::Additive,
                min_scores,
                &Aggregation::default(),
                Some(&w),
                None,
            )
            .unwrap();
            assert!(
                a.value
                    .iter()
                    .zip(&general.value)
                    .all(|(x, y)| x.to_bits() == y.to_bits())
            );
        }
    }

    #[test]
    fn the_three_methods() {
        let cols = ScoreColumns {
            n_jurors: 5,
            n_items: 1,
            n_criteria: 1,
            juror: &[0, 1, 2, 3, 4],
            item: &[0; 5],
            criterion: &[0; 5],
            value: &[1.0, 9.0, 5.0, 6.0, 4.0],
        };
        let w = [2.0, 1.0, 1.0, 1.0, 1.0];
        let mean = aggregate(cols, &w, &Aggregation::default());
        assert!((mean.get(0, 0) - 26.0 / 6.0).abs() < 1e-12);
        let med = Aggregation {
            method: AggregationMethod::Median,
            ..Aggregation::default()
        };
        assert_eq!(aggregate(cols, &w, &med).get(0, 0), 5.0);
        let trimmed = Aggregation {
            method: AggregationMethod::TrimmedMean,
            trim: Some(0.2),
            min_jurors: 1,
        };
        assert_eq!(aggregate(cols, &w, &trimmed).get(0, 0), 5.0);
        assert_eq!(median(&[1.0, 2.0]), 1.5);
        let (agg, total) =
            calibrate_and_aggregate(cols, CalibrationMethod::None, 1, &med, None, Some(&[2.0]))
                .unwrap();
        assert_eq!((agg.get(0, 0), total), (5.0, vec![5.0]));
        for (weights, juror, trim, message) in [
            (
                vec![0.0],
                None,
                None,
                "weights must be finite, at least 0, and not all zero",
            ),
            (
                vec![1.0, 1.0],
                None,
                None,
                "weights has 2 value(s) for 1 criteria",
            ),
            (
                vec![1.0],
                Some(&w[..2]),
                None,
                "juror_weights has 2 value(s) for 5 jurors",
            ),
            (vec![1.0], None, Some(0.5), "trim 0.5 must be in [0, 0.5)"),
        ] {
            let a = Aggregation { trim, ..trimmed };
            let e = calibrate_and_aggregate(
                cols,
                CalibrationMethod::None,
                1,
                &a,
                juror,
                Some(&weights),
            );
            assert_eq!(e.unwrap_err().to_string(), message);
        }
        assert!(median(&[]).is_nan());
    }
}
