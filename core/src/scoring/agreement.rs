//! Agreement between jurors: Krippendorff's alpha, with missing data (each juror scores only
//! the items of their panel), at the nominal, ordinal, interval and ratio levels; per
//! criterion of a stage's score sheets; and the items whose jurors disagree beyond a
//! threshold, for a second reading.
//!
//! `alpha = 1 − D_o / D_e`: `D_o = Σ_u 1/(m_u − 1) Σ_{i≠j in u} δ²(v_i, v_j)` over the units
//! (items) with two values or more (`m_u` values each), and `D_e = Σ_{c,k} n_c n_k δ²(c, k) /
//! (n − 1)` over the values of those units (`n_c` times the value `c`, `n` in all). The
//! distances: nominal `[c ≠ k]`; ordinal `(Σ_{g=c..k} n_g − (n_c + n_k)/2)²`; interval
//! `(c − k)²`; ratio `((c − k)/(c + k))²` (0 when `c + k = 0`). These are Krippendorff's
//! definitions, and the `krippendorff` Python package's, whose results ours equal (a test
//! compares them within 1e-9).

use crate::model::ScoreSheets;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The level of measurement of the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measurement {
    /// Categories without order.
    Nominal,
    /// Ordered categories (ranks).
    Ordinal,
    /// Numbers whose differences mean something (scores on a grid).
    Interval,
    /// Numbers with a true zero.
    Ratio,
}

impl std::str::FromStr for Measurement {
    type Err = AgreementError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "nominal" => Ok(Self::Nominal),
            "ordinal" => Ok(Self::Ordinal),
            "interval" => Ok(Self::Interval),
            "ratio" => Ok(Self::Ratio),
            other => Err(AgreementError::UnknownLevel(other.to_owned())),
        }
    }
}

/// Why alpha cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AgreementError {
    /// The level is none of the four.
    #[error(
        "unknown level of measurement {0:?}: one of \"nominal\", \"ordinal\", \"interval\", \"ratio\""
    )]
    UnknownLevel(String),
    /// A value is infinite.
    #[error("the value at rater {rater}, unit {unit} is not finite ({value})")]
    NotFinite {
        /// The rater (row).
        rater: usize,
        /// The unit (column).
        unit: usize,
        /// The value.
        value: f64,
    },
    /// The raters' rows are not all as long.
    #[error(
        "rater {rater} has {len} units, rater 0 has {expected}: every row has one value per unit (NaN for none)"
    )]
    Ragged {
        /// The rater.
        rater: usize,
        /// Their units.
        len: usize,
        /// The first rater's.
        expected: usize,
    },
    /// A value is not in the domain given.
    #[error("the value {value} at rater {rater}, unit {unit} is not in the value domain given")]
    OutOfDomain {
        /// The rater.
        rater: usize,
        /// The unit.
        unit: usize,
        /// The value.
        value: f64,
    },
    /// Fewer than two values in the domain.
    #[error("there has to be more than one value in the domain")]
    OneValue,
    /// No unit has two values.
    #[error("there has to be at least one unit with values assigned by at least two raters")]
    NoPair,
    /// The spread that flags an item is not a number of points, 0 or more.
    #[error("the spread is a number of points, 0 or more (got {0})")]
    Spread(f64),
    /// Too many distinct values for the ordinal or ratio distances.
    #[error("{0} distinct values: the ordinal and ratio levels take at most {MAX_DISTINCT}")]
    TooManyValues(usize),
}

/// The most distinct values at the ordinal and ratio levels (their expected disagreement
/// takes the square of it in time).
pub const MAX_DISTINCT: usize = 10_000;

/// Krippendorff's alpha of `data`, one row per rater and one column per unit, `None` where
/// the rater gave no value. `domain`, when given, is the ordered set of possible values (the
/// data's own distinct values otherwise). Alpha is NaN when no disagreement is expected (every
/// paired value the same), as the Python package gives it.
///
/// ```
/// use eig::scoring::{Measurement, krippendorff_alpha};
/// let n = None;
/// let data = vec![
///     vec![n, n, n, n, n, Some(3.0), Some(4.0), Some(1.0), Some(2.0), Some(1.0), Some(1.0), Some(3.0), Some(3.0), n, Some(3.0)],
///     vec![Some(1.0), n, Some(2.0), Some(1.0), Some(3.0), Some(3.0), Some(4.0), Some(3.0), n, n, n, n, n, n, n],
///     vec![n, n, Some(2.0), Some(1.0), Some(3.0), Some(4.0), Some(4.0), n, Some(2.0), Some(1.0), Some(1.0), Some(3.0), Some(3.0), n, Some(4.0)],
/// ];
/// let nominal = krippendorff_alpha(&data, Measurement::Nominal, None).unwrap();
/// assert!((nominal - 0.691358).abs() < 1e-6);
/// let interval = krippendorff_alpha(&data, Measurement::Interval, None).unwrap();
/// assert!((interval - 0.810845).abs() < 1e-6);
/// ```
///
/// # Errors
/// A ragged matrix, an infinite value, a value out of the domain, a domain of one value, no
/// unit with two values, or too many distinct values (ordinal and ratio).
pub fn krippendorff_alpha(
    data: &[Vec<Option<f64>>],
    level: Measurement,
    domain: Option<&[f64]>,
) -> Result<f64, AgreementError> {
    let units = data.first().map_or(0, Vec::len);
    for (rater, row) in data.iter().enumerate() {
        if row.len() != units {
            return Err(AgreementError::Ragged {
                rater,
                len: row.len(),
                expected: units,
            });
        }
        for (unit, v) in row.iter().enumerate() {
            if let Some(value) = v
                && !value.is_finite()
            {
                return Err(AgreementError::NotFinite {
                    rater,
                    unit,
                    value: *value,
                });
            }
        }
    }
    let mut values: Vec<f64> = data.iter().flatten().flatten().copied().collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let domain: Vec<f64> = match domain {
        Some(d) => {
            for (rater, row) in data.iter().enumerate() {
                for (unit, v) in row.iter().enumerate() {
                    if let Some(value) = v
                        && !d.contains(value)
                    {
                        return Err(AgreementError::OutOfDomain {
                            rater,
                            unit,
                            value: *value,
                        });
                    }
                }
            }
            d.to_vec()
        }
        None => values,
    };
    if domain.len() <= 1 {
        return Err(AgreementError::OneValue);
    }
    let index = |v: f64| domain.iter().position(|d| *d == v).unwrap_or(0);
    // The values of each unit that has two or more, by index into the domain.
    let mut pairable: Vec<Vec<usize>> = Vec::new();
    for unit in 0..units {
        let here: Vec<usize> = data.iter().filter_map(|row| row[unit]).map(index).collect();
        if here.len() >= 2 {
            pairable.push(here);
        }
    }
    if pairable.is_empty() {
        return Err(AgreementError::NoPair);
    }
    let mut n_v = vec![0.0f64; domain.len()];
    for u in &pairable {
        for &c in u {
            n_v[c] += 1.0;
        }
    }
    let n: f64 = n_v.iter().sum();
    let mut prefix = vec![0.0f64; domain.len() + 1];
    for (k, c) in n_v.iter().enumerate() {
        prefix[k + 1] = prefix[k] + c;
    }
    let delta = |c: usize, k: usize| -> f64 {
        match level {
            Measurement::Nominal => f64::from(u8::from(c != k)),
            Measurement::Ordinal => {
                let (a, b) = (c.min(k), c.max(k));
                let between = prefix[b + 1] - prefix[a];
                (between - (n_v[a] + n_v[b]) / 2.0).powi(2)
            }
            Measurement::Interval => (domain[c] - domain[k]).powi(2),
            Measurement::Ratio => {
                let sum = domain[c] + domain[k];
                if sum == 0.0 {
                    0.0
                } else {
                    ((domain[c] - domain[k]) / sum).powi(2)
                }
            }
        }
    };
    // Observed: per unit, over its distinct values.
    let mut observed = 0.0;
    for u in &pairable {
        let mut counts: BTreeMap<usize, f64> = BTreeMap::new();
        for &c in u {
            *counts.entry(c).or_default() += 1.0;
        }
        #[allow(clippy::cast_precision_loss)]
        let m = u.len() as f64;
        let mut within = 0.0;
        for (&c, &nc) in &counts {
            for (&k, &nk) in &counts {
                if c != k {
                    within += nc * nk * delta(c, k);
                }
            }
        }
        observed += within / (m - 1.0);
    }
    // Expected: over the pairable values.
    let expected = match level {
        Measurement::Nominal => (n * n - n_v.iter().map(|c| c * c).sum::<f64>()) / (n - 1.0),
        Measurement::Interval => {
            let mean = n_v.iter().zip(&domain).map(|(c, v)| c * v).sum::<f64>() / n;
            let spread: f64 = n_v
                .iter()
                .zip(&domain)
                .map(|(c, v)| c * (v - mean).powi(2))
                .sum();
            2.0 * n * spread / (n - 1.0)
        }
        Measurement::Ordinal | Measurement::Ratio => {
            let present: Vec<usize> = (0..domain.len()).filter(|&c| n_v[c] > 0.0).collect();
            if present.len() > MAX_DISTINCT {
                return Err(AgreementError::TooManyValues(present.len()));
            }
            let mut total = 0.0;
            for &c in &present {
                for &k in &present {
                    if c != k {
                        total += n_v[c] * n_v[k] * delta(c, k);
                    }
                }
            }
            total / (n - 1.0)
        }
    };
    Ok(1.0 - observed / expected)
}

/// The agreement of a stage's jurors: alpha per criterion (jurors as raters, items as units)
/// over the stage and per panel, the items whose jurors' scores on a criterion spread past a
/// threshold, and the consensus scores that fall outside their jurors' scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// Alpha per criterion over the whole stage, in the order the criteria are first scored;
    /// `None` where it is undefined (no item scored twice, or every score the same).
    pub by_criterion: Vec<(String, Option<f64>)>,
    /// Alpha per criterion within each panel the sheets list (none when they list none: a
    /// juror's missing score does not make a panel).
    pub by_panel: Vec<PanelAgreement>,
    /// Items to read again: item, criterion, lowest and highest score.
    pub second_reading: Vec<SecondReading>,
    /// Consensus scores below the lowest or above the highest of their jurors' scores.
    pub consensus_outside: Vec<ConsensusGap>,
}

/// The agreement within one panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanelAgreement {
    /// The panel.
    pub panel: String,
    /// Its jurors.
    pub jurors: Vec<String>,
    /// The items it heard.
    pub items: Vec<String>,
    /// Alpha per criterion over its items and jurors.
    pub by_criterion: Vec<(String, Option<f64>)>,
}

/// An item whose jurors disagree on a criterion past the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecondReading {
    /// The item.
    pub item: String,
    /// The criterion.
    pub criterion: String,
    /// The lowest score.
    pub lowest: f64,
    /// The highest score.
    pub highest: f64,
}

/// A consensus score outside the range of its jurors' individual scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsensusGap {
    /// The item.
    pub item: String,
    /// The criterion.
    pub criterion: String,
    /// The panel's shared score.
    pub consensus: f64,
    /// The lowest individual score.
    pub lowest: f64,
    /// The highest individual score.
    pub highest: f64,
}

/// Alpha per criterion over the scores `keep` lets through (jurors as raters, items as units).
fn alphas(
    sheets: &ScoreSheets,
    criteria: &[&str],
    level: Measurement,
    keep: &dyn Fn(&crate::model::Score) -> bool,
) -> Vec<(String, Option<f64>)> {
    let kept: Vec<&crate::model::Score> = sheets.scores.iter().filter(|s| keep(s)).collect();
    let mut jurors: Vec<&str> = kept.iter().map(|s| s.juror.as_str()).collect();
    jurors.sort_unstable();
    jurors.dedup();
    let mut items: Vec<&str> = kept.iter().map(|s| s.item.as_str()).collect();
    items.sort_unstable();
    items.dedup();
    criteria
        .iter()
        .map(|&c| {
            let mut data = vec![vec![None; items.len()]; jurors.len()];
            for s in kept.iter().filter(|s| s.criterion == c) {
                if let (Ok(j), Ok(i)) = (
                    jurors.binary_search(&s.juror.as_str()),
                    items.binary_search(&s.item.as_str()),
                ) {
                    data[j][i] = Some(s.score);
                }
            }
            let alpha = krippendorff_alpha(&data, level, None)
                .ok()
                .filter(|a| a.is_finite());
            (c.to_owned(), alpha)
        })
        .collect()
}

/// The agreement of score sheets at `level`, over the stage and per panel, with the items whose
/// scores on a criterion spread (highest − lowest) past `spread` flagged for a second reading,
/// and the consensus scores outside their jurors' range.
///
/// # Errors
/// [`AgreementError::Spread`] when `spread` is negative or not a number.
pub fn agreement(
    sheets: &ScoreSheets,
    level: Measurement,
    spread: f64,
) -> Result<Agreement, AgreementError> {
    if !(spread.is_finite() && spread >= 0.0) {
        return Err(AgreementError::Spread(spread));
    }
    let mut criteria: Vec<&str> = Vec::new();
    for s in &sheets.scores {
        if !criteria.contains(&s.criterion.as_str()) {
            criteria.push(&s.criterion);
        }
    }
    let by_criterion = alphas(sheets, &criteria, level, &|_| true);
    let by_panel = sheets
        .panels
        .iter()
        .map(|p| (p.id.clone(), p.jurors.clone(), p.items.clone()))
        .map(|(panel, jurors, items)| {
            let (js, is): (BTreeSet<&str>, BTreeSet<&str>) = (
                jurors.iter().map(String::as_str).collect(),
                items.iter().map(String::as_str).collect(),
            );
            let by_criterion = alphas(sheets, &criteria, level, &|s| {
                js.contains(s.juror.as_str()) && is.contains(s.item.as_str())
            });
            PanelAgreement {
                panel,
                jurors,
                items,
                by_criterion,
            }
        })
        .collect();
    // Each (item, criterion)'s lowest and highest individual score, items in id order.
    let mut range: BTreeMap<(&str, &str), (f64, f64, usize)> = BTreeMap::new();
    for s in &sheets.scores {
        let r = range
            .entry((s.item.as_str(), s.criterion.as_str()))
            .or_insert((f64::INFINITY, f64::NEG_INFINITY, 0));
        r.0 = r.0.min(s.score);
        r.1 = r.1.max(s.score);
        r.2 += 1;
    }
    let mut second_reading = Vec::new();
    for c in &criteria {
        for (&(item, crit), &(lowest, highest, n)) in &range {
            if crit == *c && n >= 2 && highest - lowest > spread {
                second_reading.push(SecondReading {
                    item: item.to_owned(),
                    criterion: crit.to_owned(),
                    lowest,
                    highest,
                });
            }
        }
    }
    let consensus_outside = sheets
        .consensus
        .iter()
        .filter_map(|c| {
            let &(lowest, highest, _) = range.get(&(c.item.as_str(), c.criterion.as_str()))?;
            (c.score < lowest || c.score > highest).then(|| ConsensusGap {
                item: c.item.clone(),
                criterion: c.criterion.clone(),
                consensus: c.score,
                lowest,
                highest,
            })
        })
        .collect();
    Ok(Agreement {
        by_criterion,
        by_panel,
        second_reading,
        consensus_outside,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[&[f64]]) -> Vec<Vec<Option<f64>>> {
        data.iter()
            .map(|r| r.iter().map(|v| (!v.is_nan()).then_some(*v)).collect())
            .collect()
    }

    #[test]
    fn the_published_example_gives_the_published_values() {
        // Krippendorff's example with missing data (4 raters, 12 units), as the Python
        // package's documentation gives it: ordinal 0.815, ratio 0.797.
        let nan = f64::NAN;
        let data = rows(&[
            &[1., 2., 3., 3., 2., 1., 4., 1., 2., nan, nan, nan],
            &[1., 2., 3., 3., 2., 2., 4., 1., 2., 5., nan, 3.],
            &[nan, 3., 3., 3., 2., 3., 4., 2., 2., 5., 1., nan],
            &[1., 2., 3., 3., 2., 4., 4., 1., 2., 5., 1., nan],
        ]);
        let ordinal = krippendorff_alpha(&data, Measurement::Ordinal, None).unwrap();
        assert!((ordinal - 0.815).abs() < 5e-4, "{ordinal}");
        let ratio = krippendorff_alpha(&data, Measurement::Ratio, None).unwrap();
        assert!((ratio - 0.797).abs() < 5e-4, "{ratio}");
        let domain = [1., 2., 3., 4., 5.];
        let same = krippendorff_alpha(&data, Measurement::Ordinal, Some(&domain)).unwrap();
        assert!((same - ordinal).abs() < 1e-12);
    }

    #[test]
    fn bad_input_is_named() {
        let one = rows(&[&[1., 1.], &[1., 1.]]);
        assert_eq!(
            krippendorff_alpha(&one, Measurement::Interval, None),
            Err(AgreementError::OneValue)
        );
        let unpaired = rows(&[&[1., f64::NAN], &[f64::NAN, 2.]]);
        assert_eq!(
            krippendorff_alpha(&unpaired, Measurement::Interval, None),
            Err(AgreementError::NoPair)
        );
        let ragged = vec![vec![Some(1.0)], vec![Some(1.0), Some(2.0)]];
        assert!(matches!(
            krippendorff_alpha(&ragged, Measurement::Interval, None),
            Err(AgreementError::Ragged { rater: 1, .. })
        ));
        let out = rows(&[&[1., 2.], &[1., 3.]]);
        assert!(matches!(
            krippendorff_alpha(&out, Measurement::Interval, Some(&[1.0, 2.0])),
            Err(AgreementError::OutOfDomain { value, .. }) if value == 3.0
        ));
        assert!("cardinal".parse::<Measurement>().is_err());
    }

    #[test]
    fn perfect_agreement_is_one() {
        let data = rows(&[&[1., 2., 3.], &[1., 2., 3.]]);
        for level in [
            Measurement::Nominal,
            Measurement::Ordinal,
            Measurement::Interval,
            Measurement::Ratio,
        ] {
            let a = krippendorff_alpha(&data, level, None).unwrap();
            assert!((a - 1.0).abs() < 1e-12, "{level:?}: {a}");
        }
    }
}
