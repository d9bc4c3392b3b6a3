//! Calibration of juror bias over a columnar table of scores.
//!
//! Two methods (see [`CalibrationMethod`]):
//! - **z-score**: each juror's scores are standardised with the juror's own mean and deviation,
//!   then mapped back to the grid's scale with the mean and deviation of all scores;
//! - **additive**: `score = quality(item, criterion) + bias(juror) + noise`, fitted by least
//!   squares. The item qualities are eliminated (each is the mean of its scores less the
//!   biases), which leaves one small system over the jurors: a graph Laplacian, solved exactly
//!   per connected group of jurors with the biases of each group summing to zero.

use crate::model::CalibrationMethod;

/// Scores as columns: row `k` is juror `juror[k]`'s score `value[k]` of item `item[k]` on
/// criterion `criterion[k]`. Indices are dense, from zero.
#[derive(Debug, Clone, Copy)]
pub struct ScoreColumns<'a> {
    /// How many jurors (the largest juror index is below this).
    pub n_jurors: usize,
    /// How many items.
    pub n_items: usize,
    /// How many criteria.
    pub n_criteria: usize,
    /// The juror of each score.
    pub juror: &'a [u32],
    /// The item of each score.
    pub item: &'a [u32],
    /// The criterion of each score.
    pub criterion: &'a [u32],
    /// The scores.
    pub value: &'a [f64],
}

/// A column table whose lengths or indices do not agree.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ColumnsError {
    /// The columns do not all have the same length.
    #[error("the columns have different lengths: {0}")]
    Lengths(String),
    /// An index is out of range.
    #[error("row {row}: {column} index {index} is not below {bound}")]
    OutOfRange {
        /// The row.
        row: usize,
        /// The column (`juror`, `item` or `criterion`).
        column: &'static str,
        /// The index found.
        index: u32,
        /// The number of entities.
        bound: usize,
    },
    /// A parameter that goes with the columns is wrong (weights, trim).
    #[error("{0}")]
    Parameter(String),
    /// A result is infinite: the scores are too large to add (near ±1e308).
    #[error("{0}: the scores are too large to add (the result is not a finite number)")]
    Overflow(String),
    /// The columns would take more memory than their rows justify: far more jurors, items or
    /// criteria than scores, or more jurors than the additive calibration solves together.
    #[error("{0}")]
    TooLarge(String),
    /// A score is NaN or infinite.
    #[error("row {row}: the score {value} is not a finite number")]
    NotFinite {
        /// The row.
        row: usize,
        /// The value.
        value: f64,
    },
}

/// The entities (or cells of items × criteria) any columns may have, however few their rows.
const MIN_ROOM: usize = 1 << 20;

/// The most jurors the general additive calibration solves for at once: it holds their
/// Laplacian, a matrix of jurors × jurors (128 MiB at this size).
pub(crate) const MAX_ADDITIVE_JURORS: usize = 4096;

impl ScoreColumns<'_> {
    /// Refuses columns whose per-entity arrays or grid of items × criteria would be far larger
    /// than their rows (ids with gaps: number them densely).
    ///
    /// # Errors
    /// [`ColumnsError::TooLarge`].
    pub fn room(&self) -> Result<(), ColumnsError> {
        let n = self.value.len();
        let (nj, ni, nc) = (self.n_jurors, self.n_items, self.n_criteria);
        let room = n.saturating_mul(16).max(MIN_ROOM);
        for (what, count) in [
            ("jurors", nj),
            ("items", ni),
            ("criteria", nc),
            ("items × criteria", ni.saturating_mul(nc)),
        ] {
            if count > room {
                return Err(ColumnsError::TooLarge(format!(
                    "{count} {what} for {n} scores: more than 16 per score (number the ids densely from 0; eig.calibrate and eig.aggregate in Python do)"
                )));
            }
        }
        Ok(())
    }

    /// Checks lengths, index ranges and finiteness.
    ///
    /// # Errors
    /// The first problem found, with its row.
    pub fn check(&self) -> Result<(), ColumnsError> {
        let n = self.value.len();
        if self.juror.len() != n || self.item.len() != n || self.criterion.len() != n {
            return Err(ColumnsError::Lengths(format!(
                "juror {}, item {}, criterion {}, score {n}",
                self.juror.len(),
                self.item.len(),
                self.criterion.len()
            )));
        }
        self.room()?;
        let (nj, ni, nc) = (self.n_jurors, self.n_items, self.n_criteria);
        // One branch-free pass (it vectorises) when all is well; the first problem is looked
        // for only when there is one.
        let below = |column: &[u32], bound: usize| {
            let bound = u32::try_from(bound).unwrap_or(u32::MAX);
            column.iter().fold(0u32, |top, &x| top.max(x)) < bound || column.is_empty()
        };
        let bad = !(below(self.juror, nj)
            && below(self.item, ni)
            && below(self.criterion, nc)
            && self.value.iter().fold(true, |ok, v| ok & v.is_finite()));
        if !bad {
            return Ok(());
        }
        for (column, data, bound) in [
            ("juror", self.juror, self.n_jurors),
            ("item", self.item, self.n_items),
            ("criterion", self.criterion, self.n_criteria),
        ] {
            if let Some(row) = data.iter().position(|&x| x as usize >= bound) {
                return Err(ColumnsError::OutOfRange {
                    row,
                    column,
                    index: data[row],
                    bound,
                });
            }
        }
        if let Some(row) = self.value.iter().position(|x| !x.is_finite()) {
            return Err(ColumnsError::NotFinite {
                row,
                value: self.value[row],
            });
        }
        Ok(())
    }

    fn len(&self) -> usize {
        self.value.len()
    }

    fn group(&self, k: usize) -> usize {
        self.item[k] as usize * self.n_criteria + self.criterion[k] as usize
    }
}

/// The result of a calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// The method used.
    pub method: CalibrationMethod,
    /// The calibrated score of each row, on the grid's scale.
    pub values: Vec<f64>,
    /// Per juror: the additive bias (additive), or the juror's mean less the overall mean
    /// (z-score); 0 for a juror left raw.
    pub bias: Vec<f64>,
    /// Per juror: the factor applied to deviations from the juror's mean (z-score: overall
    /// deviation over the juror's); 1 for the additive model and raw jurors.
    pub scale: Vec<f64>,
    /// Per juror: how many scores they gave.
    pub counts: Vec<usize>,
    /// Per juror: whether their scores were calibrated (false: too few scores, or all equal
    /// under z-score).
    pub calibrated: Vec<bool>,
    /// Per juror: the connected group of jurors they belong to (additive), in order of first
    /// juror; jurors without scores get `usize::MAX`.
    pub component: Vec<usize>,
    /// How many connected groups hold calibrated jurors (1 when the graph is connected).
    pub components: usize,
}

/// Calibrates scores. Jurors with fewer than `min_scores` scores are left raw.
///
/// ```
/// use eig::model::CalibrationMethod;
/// use eig::scoring::{ScoreColumns, calibrate};
///
/// // Two jurors score three items; juror 1 is one point harsher.
/// let cols = ScoreColumns {
///     n_jurors: 2, n_items: 3, n_criteria: 1,
///     juror: &[0, 1, 0, 1, 0, 1],
///     item: &[0, 0, 1, 1, 2, 2],
///     criterion: &[0; 6],
///     value: &[7.0, 6.0, 5.0, 4.0, 9.0, 8.0],
/// };
/// let c = calibrate(cols, CalibrationMethod::Additive, 1).unwrap();
/// assert!((c.bias[0] - 0.5).abs() < 1e-12 && (c.bias[1] + 0.5).abs() < 1e-12);
/// assert!((c.values[0] - c.values[1]).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`ColumnsError`] when the columns are inconsistent.
pub fn calibrate(
    cols: ScoreColumns<'_>,
    method: CalibrationMethod,
    min_scores: usize,
) -> Result<Calibration, ColumnsError> {
    cols.room()?;
    if method == CalibrationMethod::Additive
        && let Some(done) = additive_masked(cols, min_scores)
    {
        return done;
    }
    calibrate_general(cols, method, min_scores)
}

/// Every method, any number of jurors: [`calibrate`] without the masked fit.
fn calibrate_general(
    cols: ScoreColumns<'_>,
    method: CalibrationMethod,
    min_scores: usize,
) -> Result<Calibration, ColumnsError> {
    cols.check()?;
    if method == CalibrationMethod::Additive && cols.n_jurors > MAX_ADDITIVE_JURORS {
        return Err(ColumnsError::TooLarge(format!(
            "the additive calibration solves for every juror together: at most {MAX_ADDITIVE_JURORS} jurors, not {}",
            cols.n_jurors
        )));
    }
    let counts = juror_counts(cols.juror, cols.n_jurors);
    let mut out = Calibration {
        method,
        // Filled by the method: the additive one writes every row once, without a copy first.
        values: Vec::new(),
        bias: vec![0.0; cols.n_jurors],
        scale: vec![1.0; cols.n_jurors],
        calibrated: counts.iter().map(|&n| n > 0 && n >= min_scores).collect(),
        component: vec![usize::MAX; cols.n_jurors],
        components: 0,
        counts,
    };
    match method {
        CalibrationMethod::None => {
            out.values = cols.value.to_vec();
            out.calibrated.iter_mut().for_each(|c| *c = false);
        }
        CalibrationMethod::ZScore => {
            out.values = cols.value.to_vec();
            z_score(cols, &mut out);
        }
        CalibrationMethod::Additive => additive(cols, &mut out),
    }
    // Sums past ±1e308 give infinities, and their differences NaN: either is an overflow.
    if let Some(row) = out.values.iter().position(|v| !v.is_finite()) {
        return Err(ColumnsError::Overflow(format!(
            "the calibrated score of row {row}"
        )));
    }
    if let Some(j) =
        (0..cols.n_jurors).find(|&j| !(out.bias[j].is_finite() && out.scale[j].is_finite()))
    {
        return Err(ColumnsError::Overflow(format!("the bias of juror {j}")));
    }
    Ok(out)
}

fn z_score(cols: ScoreColumns<'_>, out: &mut Calibration) {
    let nj = cols.n_jurors;
    let mut sum = vec![0.0; nj];
    for (&j, &x) in cols.juror.iter().zip(cols.value) {
        sum[j as usize] += x;
    }
    let mean: Vec<f64> = sum
        .iter()
        .zip(&out.counts)
        .map(|(s, &n)| if n > 0 { s / n as f64 } else { 0.0 })
        .collect();
    let mut sq = vec![0.0; nj];
    for (&j, &x) in cols.juror.iter().zip(cols.value) {
        let d = x - mean[j as usize];
        sq[j as usize] += d * d;
    }
    let sd: Vec<f64> = sq
        .iter()
        .zip(&out.counts)
        .map(|(s, &n)| if n > 0 { (s / n as f64).sqrt() } else { 0.0 })
        .collect();
    for (c, s) in out.calibrated.iter_mut().zip(&sd) {
        if *s <= 1e-12 {
            *c = false;
        }
    }
    // The overall mean and deviation, over the calibrated jurors' scores.
    let (mut n, mut s, mut s2) = (0usize, 0.0, 0.0);
    for (&j, &x) in cols.juror.iter().zip(cols.value) {
        if out.calibrated[j as usize] {
            n += 1;
            s += x;
        }
    }
    let mu = if n > 0 { s / n as f64 } else { 0.0 };
    for (&j, &x) in cols.juror.iter().zip(cols.value) {
        if out.calibrated[j as usize] {
            s2 += (x - mu) * (x - mu);
        }
    }
    let sigma = if n > 0 { (s2 / n as f64).sqrt() } else { 0.0 };
    for j in 0..nj {
        if out.calibrated[j] {
            out.bias[j] = mean[j] - mu;
            out.scale[j] = sigma / sd[j];
        }
    }
    for (k, &j) in cols.juror.iter().enumerate() {
        let j = j as usize;
        if out.calibrated[j] {
            out.values[k] = mu + (cols.value[k] - mean[j]) * out.scale[j];
        }
    }
    out.components = usize::from(out.calibrated.iter().any(|&c| c));
    for j in 0..nj {
        if out.counts[j] > 0 {
            out.component[j] = 0;
        }
    }
}

/// How many scores each juror gave. Four interleaved tallies: consecutive rows of one juror
/// do not wait on each other's increment.
fn juror_counts(juror: &[u32], nj: usize) -> Vec<usize> {
    let mut lanes = vec![[0usize; 4]; nj];
    let mut chunks = juror.chunks_exact(4);
    for c in &mut chunks {
        for (lane, &j) in c.iter().enumerate() {
            lanes[j as usize][lane] += 1;
        }
    }
    for &j in chunks.remainder() {
        lanes[j as usize][0] += 1;
    }
    lanes.iter().map(|l| l.iter().sum()).collect()
}

/// Σ over each juror's rows of `term(k)`, in four interleaved sums (row k in sum k mod 4),
/// added pairwise at the end: consecutive rows of one juror do not wait on each other's
/// addition. The order is fixed, so the result is the same on every run.
fn juror_sums(juror: &[u32], nj: usize, term: impl Fn(usize) -> Option<f64>) -> Vec<f64> {
    let mut lanes = vec![[0.0f64; 4]; nj];
    for (k, &j) in juror.iter().enumerate() {
        if let Some(t) = term(k) {
            lanes[j as usize][k % 4] += t;
        }
    }
    lanes
        .iter()
        .map(|l| (l[0] + l[1]) + (l[2] + l[3]))
        .collect()
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The normal equations over the jurors: `r` and the Laplacian `L`, with the union-find
/// forest of jurors who share a group.
type System = (Vec<f64>, Vec<f64>, Vec<usize>);

fn link(parent: &mut [usize], m: impl Iterator<Item = usize>) {
    let mut root = None;
    for b in m {
        let rb = find(parent, b);
        match root {
            None => root = Some(rb),
            Some(r) if r != rb => parent[rb] = r,
            Some(_) => {}
        }
    }
}

/// With at most 64 jurors, each (item, criterion) group's jurors fit in a bit mask: one pass
/// over the scores, then `L` adds up once per distinct set of jurors. `None` when a juror
/// scored a group twice (the general path then counts each score).
fn masked_system(cols: ScoreColumns<'_>, used: &[bool]) -> Option<System> {
    let nj = cols.n_jurors;
    if nj > 64 {
        return None;
    }
    let ng = cols.n_items * cols.n_criteria;
    let mut mask = vec![0u64; ng];
    let mut count = vec![0u32; ng];
    let mut sums = vec![0.0; ng];
    for k in 0..cols.len() {
        let j = cols.juror[k] as usize;
        if used[j] {
            let g = cols.group(k);
            mask[g] |= 1 << j;
            count[g] += 1;
            sums[g] += cols.value[k];
        }
    }
    system_of_groups(cols, |j| used[j], mask, &count, &sums)
}

/// The normal equations from each group's jurors (bit masks), count and sum of scores, over
/// the rows of the jurors `used`; `None` when a juror scored a group twice (the general path
/// then counts each score).
fn system_of_groups(
    cols: ScoreColumns<'_>,
    used: impl Fn(usize) -> bool,
    mask: Vec<u64>,
    count: &[u32],
    sums: &[f64],
) -> Option<System> {
    if mask.iter().zip(count).any(|(m, &n)| m.count_ones() != n) {
        return None;
    }
    let mean: Vec<f64> = sums
        .iter()
        .zip(count)
        .map(|(s, &n)| s / f64::from(n))
        .collect();
    let rhs = juror_sums(cols.juror, cols.n_jurors, |k| {
        used(cols.juror[k] as usize).then(|| cols.value[k] - mean[cols.group(k)])
    });
    let (lap, parent) = laplacian_of_masks(mask, cols.n_jurors);
    Some((rhs, lap, parent))
}

/// The Laplacian of the jurors from the set of jurors of each group (bit masks), added up
/// once per distinct set, with the union-find forest of jurors who share a group.
fn laplacian_of_masks(mask: Vec<u64>, nj: usize) -> (Vec<f64>, Vec<usize>) {
    let mut sets: Vec<u64> = mask.into_iter().filter(|m| m.count_ones() >= 2).collect();
    sets.sort_unstable();
    let mut lap = vec![0.0; nj * nj];
    let mut parent: Vec<usize> = (0..nj).collect();
    let mut at = 0;
    while at < sets.len() {
        let m = sets[at];
        let mut end = at;
        while end < sets.len() && sets[end] == m {
            end += 1;
        }
        let times = (end - at) as f64;
        let members: Vec<usize> = (0..nj).filter(|&j| m >> j & 1 == 1).collect();
        let w = times / members.len() as f64;
        for &a in &members {
            lap[a * nj + a] += times;
            for &b in &members {
                lap[a * nj + b] -= w;
            }
        }
        link(&mut parent, members.into_iter());
        at = end;
    }
    (lap, parent)
}

/// Any number of jurors: the scores grouped by (item, criterion) with a counting sort.
fn sorted_system(cols: ScoreColumns<'_>, used: &[bool]) -> System {
    let nj = cols.n_jurors;
    let ng = cols.n_items * cols.n_criteria;
    let used = |k: usize| used[cols.juror[k] as usize];
    let mut start = vec![0usize; ng + 1];
    let mut sums = vec![0.0; ng];
    for k in 0..cols.len() {
        if used(k) {
            let g = cols.group(k);
            start[g + 1] += 1;
            sums[g] += cols.value[k];
        }
    }
    for g in 0..ng {
        start[g + 1] += start[g];
    }
    let mut fill = start.clone();
    let mut members = vec![0u32; start[ng]];
    for k in 0..cols.len() {
        if used(k) {
            let g = cols.group(k);
            members[fill[g]] = cols.juror[k];
            fill[g] += 1;
        }
    }
    // r_j = Σ (score − group mean); L = Σ_groups (diag(1) − 11ᵀ/n) over the group's jurors.
    let rhs = juror_sums(cols.juror, nj, |k| {
        used(k).then(|| {
            let g = cols.group(k);
            let n = (start[g + 1] - start[g]) as f64;
            cols.value[k] - sums[g] / n
        })
    });
    let mut lap = vec![0.0; nj * nj];
    let mut parent: Vec<usize> = (0..nj).collect();
    for g in 0..ng {
        let m = &members[start[g]..start[g + 1]];
        if m.len() < 2 {
            continue;
        }
        let inv = 1.0 / m.len() as f64;
        for &a in m {
            let row = a as usize * nj;
            lap[row + a as usize] += 1.0;
            for &b in m {
                lap[row + b as usize] -= inv;
            }
        }
        link(&mut parent, m.iter().map(|&j| j as usize));
    }
    (rhs, lap, parent)
}

fn additive(cols: ScoreColumns<'_>, out: &mut Calibration) {
    let (rhs, lap, parent) = masked_system(cols, &out.calibrated)
        .unwrap_or_else(|| sorted_system(cols, &out.calibrated));
    solve_biases(&rhs, &lap, parent, out);
    // A juror left raw has a bias of 0: every row is its score less its juror's bias.
    out.values = cols
        .juror
        .iter()
        .zip(cols.value)
        .map(|(&j, &v)| v - out.bias[j as usize])
        .collect();
}

/// The biases from the normal equations, per connected group of calibrated jurors (numbered
/// in order of their first juror), each group's summing to zero.
fn solve_biases(rhs: &[f64], lap: &[f64], mut parent: Vec<usize>, out: &mut Calibration) {
    let nj = rhs.len();
    let mut label = vec![usize::MAX; nj];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for j in 0..nj {
        if !out.calibrated[j] {
            continue;
        }
        let r = find(&mut parent, j);
        if label[r] == usize::MAX {
            label[r] = groups.len();
            groups.push(Vec::new());
        }
        groups[label[r]].push(j);
        out.component[j] = label[r];
    }
    out.components = groups.len();
    for group in &groups {
        let m = group.len();
        if m == 1 {
            continue; // A juror alone: the bias cannot be told from the items' quality.
        }
        // (L + 11ᵀ) b = r has the solution of L b = r with Σ b = 0, and is positive definite.
        let mut a = vec![0.0; m * m];
        let mut b: Vec<f64> = group.iter().map(|&j| rhs[j]).collect();
        for (x, &jx) in group.iter().enumerate() {
            for (y, &jy) in group.iter().enumerate() {
                a[x * m + y] = lap[jx * nj + jy] + 1.0;
            }
        }
        cholesky_solve(&mut a, &mut b, m);
        for (x, &j) in group.iter().enumerate() {
            out.bias[j] = b[x];
        }
    }
}

/// The additive fit in two passes over the scores, for the common case: at most 64 jurors,
/// none scoring a group twice, every juror with scores calibrated. The first pass also checks
/// the columns (a problem is then named by [`ScoreColumns::check`]). The same operations in
/// the same order as the general path, so the same biases to the last bit. `None` outside
/// that case.
struct MaskedFit {
    /// Per (item, criterion): how many scores.
    count: Vec<u32>,
    /// Biases, components, counts; `values` and `scale` left empty.
    out: Calibration,
}

fn masked_fit(
    cols: ScoreColumns<'_>,
    min_scores: usize,
) -> Option<Result<MaskedFit, ColumnsError>> {
    let nj = cols.n_jurors;
    let n = cols.len();
    if nj > 64 || cols.juror.len() != n || cols.item.len() != n || cols.criterion.len() != n {
        return None;
    }
    let ng = cols.n_items.checked_mul(cols.n_criteria)?;
    let mut counts = vec![[0usize; 4]; nj];
    let mut mask = vec![0u64; ng];
    let mut count = vec![0u32; ng];
    let mut sums = vec![0.0; ng];
    let mut bad = false;
    for k in 0..n {
        let (j, i, c) = (
            cols.juror[k] as usize,
            cols.item[k] as usize,
            cols.criterion[k] as usize,
        );
        let v = cols.value[k];
        if j >= nj || i >= cols.n_items || c >= cols.n_criteria || !v.is_finite() {
            bad = true;
            continue;
        }
        let g = i * cols.n_criteria + c;
        counts[j][k % 4] += 1;
        mask[g] |= 1 << j;
        count[g] += 1;
        sums[g] += v;
    }
    if bad {
        return cols.check().err().map(Err);
    }
    let counts: Vec<usize> = counts.iter().map(|l| l.iter().sum()).collect();
    if counts.iter().any(|&m| m > 0 && m < min_scores) {
        return None;
    }
    let (rhs, lap, parent) = system_of_groups(cols, |_| true, mask, &count, &sums)?;
    let mut out = Calibration {
        method: CalibrationMethod::Additive,
        values: Vec::new(),
        bias: vec![0.0; nj],
        scale: Vec::new(),
        calibrated: counts.iter().map(|&m| m > 0).collect(),
        component: vec![usize::MAX; nj],
        components: 0,
        counts,
    };
    solve_biases(&rhs, &lap, parent, &mut out);
    Some(Ok(MaskedFit { count, out }))
}

/// The calibration by the masked fit, its values in one more pass; `None` outside its case.
fn additive_masked(
    cols: ScoreColumns<'_>,
    min_scores: usize,
) -> Option<Result<Calibration, ColumnsError>> {
    let mut out = match masked_fit(cols, min_scores)? {
        Ok(fit) => fit.out,
        Err(e) => return Some(Err(e)),
    };
    let mut infinite = usize::MAX;
    out.values = cols
        .juror
        .iter()
        .zip(cols.value)
        .enumerate()
        .map(|(k, (&j, &v))| {
            let x = v - out.bias[j as usize];
            if !x.is_finite() && infinite == usize::MAX {
                infinite = k;
            }
            x
        })
        .collect();
    out.scale = vec![1.0; cols.n_jurors];
    Some(overflow(infinite, &out.bias).map(|()| out))
}

/// The overflow errors of a calibration, in the order the general path reports them: the
/// first row whose calibrated score is not finite, then the first juror whose bias is not.
fn overflow(infinite_row: usize, bias: &[f64]) -> Result<(), ColumnsError> {
    if infinite_row != usize::MAX {
        return Err(ColumnsError::Overflow(format!(
            "the calibrated score of row {infinite_row}"
        )));
    }
    if let Some(j) = bias.iter().position(|b| !b.is_finite()) {
        return Err(ColumnsError::Overflow(format!("the bias of juror {j}")));
    }
    Ok(())
}

/// Per (item, criterion): the aggregated value, and how many jurors scored it.
pub(crate) type GroupMeans = (Vec<f64>, Vec<u32>);

/// The additive calibration and the weighted mean per (item, criterion) in three passes over
/// the scores (the masked fit's two, then one): the same numbers to the last bit as
/// [`calibrate`] then [`super::aggregate`]. Returns the aggregated value and the number of
/// jurors of each group; `None` outside the masked fit's case.
pub(crate) fn additive_weighted_mean(
    cols: ScoreColumns<'_>,
    min_scores: usize,
    juror_weight: &[f64],
) -> Option<Result<GroupMeans, ColumnsError>> {
    let nj = cols.n_jurors;
    if juror_weight.len() < nj {
        return None;
    }
    let MaskedFit { count, out } = match masked_fit(cols, min_scores)? {
        Ok(fit) => fit,
        Err(e) => return Some(Err(e)),
    };
    let ng = count.len();
    let mut sum = vec![0.0; ng];
    let mut wsum = vec![0.0; ng];
    let mut infinite = usize::MAX;
    for k in 0..cols.len() {
        let j = cols.juror[k] as usize;
        let g = cols.group(k);
        let v = cols.value[k] - out.bias[j];
        if !v.is_finite() && infinite == usize::MAX {
            infinite = k;
        }
        let w = juror_weight[j];
        sum[g] += w * v;
        wsum[g] += w;
    }
    if let Err(e) = overflow(infinite, &out.bias) {
        return Some(Err(e));
    }
    let value = sum
        .iter()
        .zip(&wsum)
        .map(|(s, w)| if *w > 0.0 { s / w } else { f64::NAN })
        .collect();
    Some(Ok((value, count)))
}

/// Solves `a x = b` in place for a symmetric positive definite `a` (row-major, `m × m`).
fn cholesky_solve(a: &mut [f64], b: &mut [f64], m: usize) {
    for i in 0..m {
        for j in 0..=i {
            let mut s = a[i * m + j];
            for k in 0..j {
                s -= a[i * m + k] * a[j * m + k];
            }
            if i == j {
                a[i * m + i] = s.max(1e-300).sqrt();
            } else {
                a[i * m + j] = s / a[j * m + j];
            }
        }
    }
    for i in 0..m {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i * m + k] * b[k];
        }
        b[i] = s / a[i * m + i];
    }
    for i in (0..m).rev() {
        let mut s = b[i];
        for k in i + 1..m {
            s -= a[k * m + i] * b[k];
        }
        b[i] = s / a[i * m + i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masked fit (two passes, checks inside) gives the general path's calibration to the
    /// last bit, and the general path's error for bad columns.
    #[test]
    fn the_masked_fit_equals_the_general_path() {
        for (nj, ni, nc) in [(3usize, 50usize, 2usize), (20, 200, 5), (64, 30, 1)] {
            let (juror, item, criterion, value) = crate::scoring::random_scores(nj, ni, nc, 7);
            let cols = ScoreColumns {
                n_jurors: nj,
                n_items: ni,
                n_criteria: nc,
                juror: &juror,
                item: &item,
                criterion: &criterion,
                value: &value,
            };
            let fast = additive_masked(cols, 1).unwrap().unwrap();
            let general = calibrate_general(cols, CalibrationMethod::Additive, 1).unwrap();
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&fast.values), bits(&general.values));
            assert_eq!(bits(&fast.bias), bits(&general.bias));
            assert_eq!(
                (
                    &fast.scale,
                    &fast.counts,
                    &fast.calibrated,
                    &fast.component,
                    fast.components
                ),
                (
                    &general.scale,
                    &general.counts,
                    &general.calibrated,
                    &general.component,
                    general.components
                )
            );
            // A bad row: the same error as the general path's check.
            let mut broken = value.clone();
            broken[7] = f64::NAN;
            let bad = ScoreColumns {
                value: &broken,
                ..cols
            };
            assert_eq!(
                additive_masked(bad, 1).unwrap().unwrap_err().to_string(),
                calibrate_general(bad, CalibrationMethod::Additive, 1)
                    .unwrap_err()
                    .to_string()
            );
        }
    }

    #[test]
    fn additive_recovers_an_exact_bias() {
        // 3 jurors, 4 items, 2 criteria; score = quality + bias exactly.
        let bias = [0.8, -0.3, -0.5];
        let (mut juror, mut item, mut crit, mut value) = (vec![], vec![], vec![], vec![]);
        for i in 0..4u32 {
            for c in 0..2u32 {
                for (j, b) in bias.iter().enumerate() {
                    if (i + j as u32) % 4 == 3 {
                        continue; // some missing scores
                    }
                    juror.push(j as u32);
                    item.push(i);
                    crit.push(c);
                    value.push(f64::from(i) + f64::from(c) * 0.5 + b);
                }
            }
        }
        let cols = ScoreColumns {
            n_jurors: 3,
            n_items: 4,
            n_criteria: 2,
            juror: &juror,
            item: &item,
            criterion: &crit,
            value: &value,
        };
        let c = calibrate(cols, CalibrationMethod::Additive, 1).unwrap();
        for (got, want) in c.bias.iter().zip(bias) {
            assert!((got - want).abs() < 1e-9, "{:?}", c.bias);
        }
        assert_eq!(c.components, 1);
    }

    #[test]
    fn the_masked_and_sorted_systems_agree() {
        let (mut juror, mut item, mut crit, mut value) = (vec![], vec![], vec![], vec![]);
        let mut s: u64 = 3;
        for i in 0..40u32 {
            for j in 0..7u32 {
                for c in 0..3u32 {
                    s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    if (s >> 33).is_multiple_of(5) {
                        continue;
                    }
                    juror.push(j);
                    item.push(i);
                    crit.push(c);
                    value.push(((s >> 40) % 21) as f64 / 2.0);
                }
            }
        }
        let cols = ScoreColumns {
            n_jurors: 7,
            n_items: 40,
            n_criteria: 3,
            juror: &juror,
            item: &item,
            criterion: &crit,
            value: &value,
        };
        let used = vec![true; 7];
        let (r1, l1, _) = masked_system(cols, &used).unwrap();
        let (r2, l2, _) = sorted_system(cols, &used);
        for (a, b) in r1.iter().zip(&r2).chain(l1.iter().zip(&l2)) {
            assert!((a - b).abs() < 1e-9);
        }
    }

    #[test]
    fn disconnected_jurors_form_two_groups() {
        let cols = ScoreColumns {
            n_jurors: 4,
            n_items: 2,
            n_criteria: 1,
            juror: &[0, 1, 2, 3],
            item: &[0, 0, 1, 1],
            criterion: &[0; 4],
            value: &[5.0, 7.0, 2.0, 4.0],
        };
        let c = calibrate(cols, CalibrationMethod::Additive, 1).unwrap();
        assert_eq!(c.components, 2);
        assert_eq!(c.component, vec![0, 0, 1, 1]);
        assert!((c.bias[0] + 1.0).abs() < 1e-12 && (c.bias[2] + 1.0).abs() < 1e-12);
    }

    #[test]
    fn z_score_maps_back_to_the_overall_spread() {
        let cols = ScoreColumns {
            n_jurors: 2,
            n_items: 2,
            n_criteria: 1,
            juror: &[0, 0, 1, 1],
            item: &[0, 1, 0, 1],
            criterion: &[0; 4],
            value: &[2.0, 4.0, 6.0, 10.0],
        };
        let c = calibrate(cols, CalibrationMethod::ZScore, 2).unwrap();
        // Both jurors put item 1 above item 0 by one of their deviations.
        assert!((c.values[1] - c.values[0] - (c.values[3] - c.values[2])).abs() < 1e-12);
        let mean: f64 = c.values.iter().sum::<f64>() / 4.0;
        assert!((mean - 5.5).abs() < 1e-12);
    }

    #[test]
    fn too_few_scores_stay_raw_and_bad_columns_are_named() {
        let cols = ScoreColumns {
            n_jurors: 2,
            n_items: 1,
            n_criteria: 1,
            juror: &[0, 1],
            item: &[0, 0],
            criterion: &[0, 0],
            value: &[5.0, 7.0],
        };
        let c = calibrate(cols, CalibrationMethod::Additive, 2).unwrap();
        assert_eq!(c.calibrated, vec![false, false]);
        assert_eq!(c.values, vec![5.0, 7.0]);
        let bad = ScoreColumns {
            value: &[5.0, f64::NAN],
            ..cols
        };
        assert_eq!(
            calibrate(bad, CalibrationMethod::ZScore, 1)
                .unwrap_err()
                .to_string(),
            "row 1: the score NaN is not a finite number"
        );
    }
}
