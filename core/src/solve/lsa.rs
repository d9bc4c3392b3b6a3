//! Linear sum assignment: a shortest augmenting path Jonker–Volgenant solver, dense and sparse.
//!
//! Conventions follow scipy's `linear_sum_assignment`: a rectangular cost matrix, every row
//! assigned when there are fewer rows than columns (else every column), the result's rows
//! sorted ascending with one column each. Forbidden pairs are `+∞` (f64; `−∞` when maximising,
//! as scipy), `i64::MAX` or `i128::MAX`, or a missing entry in a sparse matrix. NaN and `−∞`
//! (`+∞` when maximising) are errors. `i128` costs are exact far past 64 bits: scipy's unsigned
//! and big integer inputs are solved with them rather than rounded.
//!
//! Ties are broken deterministically: along a search the column with the smallest reduced
//! distance is taken first, among equals a free column before an assigned one, and among those
//! the lowest column index.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fmt;

/// A cost type: `f64`, `i64` or `i128`.
pub trait Cost:
    Copy
    + PartialOrd
    + fmt::Debug
    + fmt::Display
    + Send
    + Sync
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Neg<Output = Self>
    + std::iter::Sum
{
    /// Zero.
    const ZERO: Self;
    /// The value that marks a forbidden pair, and the initial distance.
    const INFINITY: Self;
    /// Whether the value is a forbidden pair.
    fn is_forbidden(self) -> bool;
    /// Whether the value can never be a cost (NaN, `-∞`, `i64::MIN`).
    fn is_invalid(self) -> bool;
    /// What a valid cost is, for the message of an invalid one.
    const VALID: &'static str;
    /// Whether costs are integers, among which ties are common (the dense solver then
    /// matches along tied minima before its searches).
    const INTEGER: bool;
    /// What a valid cost is when maximising.
    const VALID_MAX: &'static str;
    /// The cost to minimise when this one is maximised: its opposite, the forbidden marker of
    /// the maximising side (f64 `−∞`) becoming the forbidden marker (`+∞`); an integer marker
    /// stays the marker.
    fn to_minimise(self) -> Self;
    /// A total order for heaps.
    fn total_cmp(&self, other: &Self) -> Ordering;
    /// The value as an integer, when it is one exactly (a whole float within ±2^52).
    fn exact_integer(self) -> Option<i64>;
}

impl Cost for f64 {
    const ZERO: Self = 0.0;
    const INFINITY: Self = f64::INFINITY;
    const VALID: &'static str = "a cost is a finite number, or +inf for a forbidden pair";
    const INTEGER: bool = false;
    const VALID_MAX: &'static str =
        "when maximising, a cost is a finite number, or -inf for a forbidden pair";
    #[inline]
    fn to_minimise(self) -> Self {
        -self
    }
    #[inline]
    fn is_forbidden(self) -> bool {
        self == f64::INFINITY
    }
    #[inline]
    fn is_invalid(self) -> bool {
        self.is_nan() || self == f64::NEG_INFINITY
    }
    fn total_cmp(&self, other: &Self) -> Ordering {
        f64::total_cmp(self, other)
    }
    fn exact_integer(self) -> Option<i64> {
        const EXACT: f64 = (1u64 << 52) as f64;
        (self.fract() == 0.0 && self.abs() <= EXACT).then_some(self as i64)
    }
}

impl Cost for i64 {
    const ZERO: Self = 0;
    const INFINITY: Self = i64::MAX;
    const INTEGER: bool = true;
    const VALID: &'static str = "an integer cost lies within ±2^52 (±4503599627370496) to be \
                                 added exactly, or is i64::MAX for a forbidden pair; pass \
                                 larger costs as floats";
    const VALID_MAX: &'static str = Self::VALID;
    #[inline]
    fn to_minimise(self) -> Self {
        if self == i64::MAX { self } else { -self }
    }
    #[inline]
    fn is_forbidden(self) -> bool {
        self == i64::MAX
    }
    #[inline]
    fn is_invalid(self) -> bool {
        // Potentials add and subtract costs: keep them well inside the range.
        !(-(1 << 52)..=(1 << 52)).contains(&self) && self != i64::MAX
    }
    fn total_cmp(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }
    fn exact_integer(self) -> Option<i64> {
        Some(self)
    }
}

impl Cost for i128 {
    const ZERO: Self = 0;
    const INFINITY: Self = i128::MAX;
    const INTEGER: bool = true;
    const VALID: &'static str = "an integer cost lies within ±2^100 to be added exactly, or is \
                                 i128::MAX for a forbidden pair";
    const VALID_MAX: &'static str = Self::VALID;
    #[inline]
    fn to_minimise(self) -> Self {
        if self == i128::MAX { self } else { -self }
    }
    #[inline]
    fn is_forbidden(self) -> bool {
        self == i128::MAX
    }
    #[inline]
    fn is_invalid(self) -> bool {
        !(-(1 << 100)..=(1 << 100)).contains(&self) && self != i128::MAX
    }
    fn total_cmp(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }
    fn exact_integer(self) -> Option<i64> {
        i64::try_from(self)
            .ok()
            .filter(|x| (-(1 << 52)..=(1 << 52)).contains(x))
    }
}

/// Why an assignment problem has no solution.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AssignmentError {
    /// The data does not have the size the shape says.
    #[error("the cost data has {got} values, but a {rows}×{cols} matrix needs {expected}")]
    ShapeMismatch {
        /// Rows announced.
        rows: usize,
        /// Columns announced.
        cols: usize,
        /// Values expected.
        expected: usize,
        /// Values given.
        got: usize,
    },
    /// A sparse matrix's index arrays are inconsistent.
    #[error("invalid sparse matrix: {reason}")]
    InvalidSparse {
        /// What is wrong.
        reason: String,
    },
    /// A cost is NaN or `-∞` (or an integer too large to add safely).
    #[error("invalid cost {value} at row {row}, column {col}: {allowed}")]
    InvalidCost {
        /// Row of the bad value.
        row: usize,
        /// Column of the bad value.
        col: usize,
        /// The value, as text.
        value: String,
        /// What a valid cost is.
        allowed: &'static str,
    },
    /// A set of rows (or, when there are more rows than columns, of columns) cannot all be
    /// assigned: together they may use fewer partners than they are (a Hall violator). The
    /// larger of the two lists is that set; the smaller is every partner it may use. Indices
    /// are those of the matrix as given.
    #[error("infeasible: {}", hall_message(rows, cols))]
    Infeasible {
        /// Rows of the violator (the set itself, or all the rows its columns may use).
        rows: Vec<usize>,
        /// Columns of the violator (all the columns its rows may use, or the set itself).
        cols: Vec<usize>,
    },
    /// The work was given up on: run under a [`crate::stop::Stop`] that was raised.
    #[error("{}", crate::stop::Stopped)]
    Stopped,
}

fn hall_message(rows: &[usize], cols: &[usize]) -> String {
    if rows.len() > cols.len() {
        format!(
            "rows {rows:?} can only use columns {cols:?}, {} rows for {} columns",
            rows.len(),
            cols.len()
        )
    } else {
        format!(
            "columns {cols:?} can only use rows {rows:?}, {} columns for {} rows",
            cols.len(),
            rows.len()
        )
    }
}

/// An optimal assignment: `rows[k]` is assigned `cols[k]`; rows ascending.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment<T> {
    /// Assigned rows, ascending.
    pub rows: Vec<usize>,
    /// The column of each row.
    pub cols: Vec<usize>,
    /// The total cost of the assignment (in the original costs, even when maximising).
    pub cost: T,
}

const NONE: usize = usize::MAX;

/// A Hall violator: the rows a failed search settled and the columns it reached, sorted.
fn violator(mut rows: Vec<usize>, mut cols: Vec<usize>) -> (Vec<usize>, Vec<usize>) {
    rows.sort_unstable();
    cols.sort_unstable();
    (rows, cols)
}

/// What a search given up on returns in place of a violator (see [`hall`]).
fn given_up() -> (Vec<usize>, Vec<usize>) {
    (Vec::new(), Vec::new())
}

/// The Hall violator found on the solved orientation, in the matrix's own; or the search
/// was given up on (its stop raised).
fn hall((rows, cols): (Vec<usize>, Vec<usize>), transpose: bool) -> AssignmentError {
    if rows.is_empty() && cols.is_empty() {
        AssignmentError::Stopped
    } else if transpose {
        AssignmentError::Infeasible {
            rows: cols,
            cols: rows,
        }
    } else {
        AssignmentError::Infeasible { rows, cols }
    }
}

/// The (row, column) pairs of the matrix as given, rows ascending, from the solved
/// orientation's column of each row.
fn oriented(col4row: &[usize], transpose: bool) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = col4row
        .iter()
        .enumerate()
        .map(|(r, &c)| if transpose { (c, r) } else { (r, c) })
        .collect();
    pairs.sort_unstable();
    pairs
}

/// Solves a dense problem given row-major (`costs[r * cols + c]`).
///
/// ```
/// use eig::solve::linear_sum_assignment;
/// let cost = [4.0, 1.0, 3.0, 2.0, 0.0, 5.0, 3.0, 2.0, 2.0];
/// let a = linear_sum_assignment(3, 3, &cost, false).unwrap();
/// assert_eq!((a.rows, a.cols, a.cost), (vec![0, 1, 2], vec![1, 0, 2], 5.0));
/// ```
///
/// # Errors
/// A shape mismatch, an invalid cost, or an infeasible problem (with its Hall violator).
pub fn linear_sum_assignment<T: Cost>(
    rows: usize,
    cols: usize,
    costs: &[T],
    maximize: bool,
) -> Result<Assignment<T>, AssignmentError> {
    let expected = rows.saturating_mul(cols);
    if costs.len() != expected {
        return Err(AssignmentError::ShapeMismatch {
            rows,
            cols,
            expected,
            got: costs.len(),
        });
    }
    let invalid = |c: T| {
        if maximize {
            c.to_minimise().is_invalid()
        } else {
            c.is_invalid()
        }
    };
    // One branch-free pass (it vectorises); the first bad value is looked for only if any.
    let any_invalid = costs.iter().fold(false, |bad, &c| bad | invalid(c));
    if let Some(k) = any_invalid
        .then(|| costs.iter().position(|&c| invalid(c)))
        .flatten()
    {
        return Err(AssignmentError::InvalidCost {
            row: k / cols.max(1),
            col: k % cols.max(1),
            value: costs[k].to_string(),
            allowed: if maximize { T::VALID_MAX } else { T::VALID },
        });
    }
    if rows == 0 || cols == 0 {
        return Ok(Assignment {
            rows: Vec::new(),
            cols: Vec::new(),
            cost: T::ZERO,
        });
    }
    // Work on a matrix with no more rows than columns, minimising.
    let transpose = rows > cols;
    let (nr, nc) = if transpose {
        (cols, rows)
    } else {
        (rows, cols)
    };
    // The matrix is read in place when it needs neither transposing nor negating.
    let work: std::borrow::Cow<'_, [T]> = if transpose {
        let mut w = Vec::with_capacity(nr * nc);
        for c in 0..cols {
            w.extend((0..rows).map(|r| costs[r * cols + c]));
        }
        if maximize {
            w.iter_mut().for_each(|x| *x = x.to_minimise());
        }
        w.into()
    } else if maximize {
        costs
            .iter()
            .map(|x| x.to_minimise())
            .collect::<Vec<T>>()
            .into()
    } else {
        costs.into()
    };
    let col4row = solve_dense(nr, nc, &work).map_err(|found| hall(found, transpose))?;
    let pairs = oriented(&col4row, transpose);
    let cost = pairs.iter().map(|&(r, c)| costs[r * cols + c]).sum();
    Ok(Assignment {
        rows: pairs.iter().map(|p| p.0).collect(),
        cols: pairs.iter().map(|p| p.1).collect(),
        cost,
    })
}

/// The dense solver on `nr <= nc`: returns the column of each row, or the Hall violator
/// (rows, columns) of the first row that cannot be assigned.
fn solve_dense<T: Cost>(
    nr: usize,
    nc: usize,
    cost: &[T],
) -> Result<Vec<usize>, (Vec<usize>, Vec<usize>)> {
    let mut u = vec![T::ZERO; nr];
    let mut v = vec![T::ZERO; nc];
    let mut col4row = vec![NONE; nr];
    let mut row4col = vec![NONE; nc];

    // Column reduction, square problems only (for rectangular ones, a free column's potential
    // must stay at most zero): each column's potential is its minimum, and a column whose
    // minimum row is still free takes it.
    if nr == nc {
        // Row by row, so the matrix is read in memory order.
        let mut best = vec![T::INFINITY; nc];
        let mut arg = vec![NONE; nc];
        for i in (0..nr).rev() {
            let row = &cost[i * nc..(i + 1) * nc];
            for j in 0..nc {
                // `<=` going upwards keeps the lowest row among equal minima.
                if row[j] <= best[j] && !row[j].is_forbidden() {
                    best[j] = row[j];
                    arg[j] = i;
                }
            }
        }
        for j in 0..nc {
            let i = arg[j];
            if i != NONE {
                v[j] = best[j];
                if col4row[i] == NONE {
                    col4row[i] = j;
                    row4col[j] = i;
                }
            }
        }
    }

    if nr == nc {
        if T::INTEGER {
            tight_matching(nc, cost, &v, &mut col4row, &mut row4col);
        }
        augmenting_row_reduction(nc, cost, &mut v, &mut col4row, &mut row4col);
        augment_square(nc, cost, &mut v, &mut col4row, &mut row4col)?;
        return Ok(col4row);
    }

    let mut spc = vec![T::INFINITY; nc];
    let mut path = vec![NONE; nc];
    // The columns not yet reached by the current search, in `remaining[..n_remaining]`.
    let mut remaining: Vec<usize> = (0..nc).collect();
    let mut sr: Vec<usize> = Vec::with_capacity(nr);
    let mut sc: Vec<usize> = Vec::with_capacity(nc);

    for cur in 0..nr {
        if col4row[cur] != NONE {
            continue;
        }
        if crate::stop::requested() {
            return Err(given_up());
        }
        spc.fill(T::INFINITY);
        for (k, r) in remaining.iter_mut().enumerate() {
            *r = k;
        }
        let mut n_remaining = nc;
        sr.clear();
        sc.clear();
        let mut min_val = T::ZERO;
        let mut i = cur;
        let sink = loop {
            sr.push(i);
            let row = &cost[i * nc..(i + 1) * nc];
            let ui = u[i];
            let mut lowest = T::INFINITY;
            let mut index = NONE;
            for (it, &j) in remaining[..n_remaining].iter().enumerate() {
                let c = row[j];
                if !c.is_forbidden() {
                    let r = min_val + c - ui - v[j];
                    if r < spc[j] {
                        spc[j] = r;
                        path[j] = i;
                    }
                }
                let s = spc[j];
                // Smallest distance first; among equals a free column, then the first seen.
                if s < lowest
                    || (s == lowest
                        && !s.is_forbidden()
                        && row4col[j] == NONE
                        && row4col[remaining[index]] != NONE)
                {
                    lowest = s;
                    index = it;
                }
            }
            if index == NONE || lowest.is_forbidden() {
                return Err(violator(sr.clone(), sc.clone()));
            }
            min_val = lowest;
            let j = remaining[index];
            n_remaining -= 1;
            remaining[index] = remaining[n_remaining];
            sc.push(j);
            if row4col[j] == NONE {
                break j;
            }
            i = row4col[j];
        };
        let path_found = Path {
            cur,
            sink,
            min_val,
            rows: &sr,
            cols: &sc,
            dist: &spc,
            pred: &path,
        };
        path_found.apply(&mut u, &mut v, &mut col4row, &mut row4col);
    }
    Ok(col4row)
}

/// A shortest augmenting path found from the free row `cur` to the free column `sink`, with
/// the rows and columns its search settled and their distances.
struct Path<'a, T> {
    cur: usize,
    sink: usize,
    min_val: T,
    rows: &'a [usize],
    cols: &'a [usize],
    dist: &'a [T],
    pred: &'a [usize],
}

impl<T: Cost> Path<'_, T> {
    /// Updates the potentials of the settled rows and columns, then flips the path.
    fn apply(&self, u: &mut [T], v: &mut [T], col4row: &mut [usize], row4col: &mut [usize]) {
        u[self.cur] = u[self.cur] + self.min_val;
        for &r in self.rows {
            if r != self.cur {
                u[r] = u[r] + self.min_val - self.dist[col4row[r]];
            }
        }
        for &j in self.cols {
            v[j] = v[j] - (self.min_val - self.dist[j]);
        }
        let mut j = self.sink;
        loop {
            let r = self.pred[j];
            row4col[j] = r;
            let prev = col4row[r];
            col4row[r] = j;
            if r == self.cur {
                break;
            }
            j = prev;
        }
    }
}

/// After the column reduction (every column's potential its minimum, every row's zero), the
/// pairs at a column's minimum are tight: any matching among them keeps the potentials
/// optimal. Integer costs tie often (costs 0–99 on 1000 rows give each column about ten
/// minima), so a maximum matching over them (Hopcroft–Karp) places most rows before any
/// search. Each row keeps at most `TIGHT` tight columns, so a matrix of equal costs costs no
/// more than a scan and a few phases.
fn tight_matching<T: Cost>(
    n: usize,
    cost: &[T],
    v: &[T],
    col4row: &mut [usize],
    row4col: &mut [usize],
) {
    const TIGHT: usize = 16;
    let mut start = Vec::with_capacity(n + 1);
    let mut adj: Vec<u32> = Vec::with_capacity(4 * n);
    start.push(0usize);
    for i in 0..n {
        let row = &cost[i * n..(i + 1) * n];
        let mut kept = 0;
        for (j, (&c, &vj)) in row.iter().zip(v).enumerate() {
            if c == vj && !c.is_forbidden() {
                adj.push(j as u32);
                kept += 1;
                if kept == TIGHT {
                    break;
                }
            }
        }
        start.push(adj.len());
    }
    // Hopcroft–Karp: phases of shortest augmenting paths (a breadth-first layering from the
    // free rows, then disjoint paths along it), O(E √V) in all; at most 64 phases.
    let mut dist = vec![usize::MAX; n];
    let mut next = vec![0usize; n];
    let mut queue: Vec<usize> = Vec::with_capacity(n);
    let mut stack: Vec<usize> = Vec::new();
    for _phase in 0..64 {
        queue.clear();
        for i in 0..n {
            if col4row[i] == NONE {
                dist[i] = 0;
                queue.push(i);
            } else {
                dist[i] = usize::MAX;
            }
        }
        let mut reachable_free = false;
        let mut head = 0;
        while head < queue.len() {
            let i = queue[head];
            head += 1;
            for &j in &adj[start[i]..start[i + 1]] {
                match row4col[j as usize] {
                    NONE => reachable_free = true,
                    w if dist[w] == usize::MAX => {
                        dist[w] = dist[i] + 1;
                        queue.push(w);
                    }
                    _ => {}
                }
            }
        }
        if !reachable_free {
            return;
        }
        next[..n].copy_from_slice(&start[..n]);
        let mut augmented = false;
        for root in 0..n {
            if col4row[root] != NONE {
                continue;
            }
            // Depth first along the layers; a row that leads nowhere leaves them.
            stack.clear();
            stack.push(root);
            let mut found = NONE;
            while let Some(&i) = stack.last() {
                if next[i] == start[i + 1] {
                    dist[i] = usize::MAX;
                    stack.pop();
                    continue;
                }
                let j = adj[next[i]] as usize;
                next[i] += 1;
                match row4col[j] {
                    NONE => {
                        found = j;
                        break;
                    }
                    w if dist[w] == dist[i] + 1 => stack.push(w),
                    _ => {}
                }
            }
            if found == NONE {
                continue;
            }
            // Flip the path: each row on the stack takes the column it reached.
            augmented = true;
            let mut j = found;
            while let Some(i) = stack.pop() {
                let prev = col4row[i];
                col4row[i] = j;
                row4col[j] = i;
                dist[i] = usize::MAX;
                j = prev;
            }
        }
        if !augmented {
            return;
        }
    }
}

/// Jonker and Volgenant's augmenting row reduction (two passes), for square problems after the
/// column reduction: free rows take their cheapest column in `c - v`, lowering that column's
/// potential to the second cheapest, and the rows they displace are reduced in turn. It keeps
/// every assigned row on a minimum of its `c - v`, and leaves few rows to the augmentation.
fn augmenting_row_reduction<T: Cost>(
    n: usize,
    cost: &[T],
    v: &mut [T],
    col4row: &mut [usize],
    row4col: &mut [usize],
) {
    let mut free: Vec<usize> = (0..n).filter(|&i| col4row[i] == NONE).collect();
    for _pass in 0..2 {
        let n_free = free.len();
        let mut current = 0usize;
        let mut new_free = 0usize;
        let mut steps = 0usize;
        while current < n_free {
            steps += 1;
            let i = free[current];
            current += 1;
            let row = &cost[i * n..(i + 1) * n];
            let (mut j1, mut v1, mut j2, mut v2) = (NONE, T::INFINITY, NONE, T::INFINITY);
            for j in 0..n {
                if row[j].is_forbidden() {
                    continue;
                }
                let c = row[j] - v[j];
                if c < v2 {
                    if c >= v1 {
                        v2 = c;
                        j2 = j;
                    } else {
                        v2 = v1;
                        j2 = j1;
                        v1 = c;
                        j1 = j;
                    }
                }
            }
            if j1 == NONE {
                // No allowed column: the augmentation will report the infeasibility.
                free[new_free] = i;
                new_free += 1;
                continue;
            }
            let mut i0 = row4col[j1];
            let lowers = j2 != NONE && v1 < v2;
            // A budget of reductions per pass: past it, displaced rows wait for the
            // augmentation, which does the remaining work more cheaply on large matrices
            // (measured: 16 steps per free row gave the best times from 1000² to 5000²).
            if steps < n_free * 16 {
                if lowers {
                    v[j1] = v[j1] - (v2 - v1);
                } else if i0 != NONE && j2 != NONE {
                    j1 = j2;
                    i0 = row4col[j2];
                }
                if i0 != NONE {
                    col4row[i0] = NONE;
                    if lowers {
                        current -= 1;
                        free[current] = i0;
                    } else {
                        free[new_free] = i0;
                        new_free += 1;
                    }
                }
            } else if i0 != NONE {
                col4row[i0] = NONE;
                free[new_free] = i0;
                new_free += 1;
            }
            col4row[i] = j1;
            row4col[j1] = i;
        }
        free.truncate(new_free);
    }
}

/// `c - v`, with a forbidden pair staying forbidden.
#[inline]
fn reduced<T: Cost>(c: T, v: T) -> T {
    if c.is_forbidden() { T::INFINITY } else { c - v }
}

/// Jonker and Volgenant's augmentation for square problems: for each free row, a shortest
/// path search that settles every column at the current minimum distance as one batch, then
/// updates the column potentials of the settled columns only.
fn augment_square<T: Cost>(
    n: usize,
    cost: &[T],
    v: &mut [T],
    col4row: &mut [usize],
    row4col: &mut [usize],
) -> Result<(), (Vec<usize>, Vec<usize>)> {
    let free: Vec<usize> = (0..n).filter(|&i| col4row[i] == NONE).collect();
    let mut d = vec![T::INFINITY; n];
    let mut pred = vec![NONE; n];
    let mut cols: Vec<usize> = (0..n).collect();
    for &start in &free {
        if crate::stop::requested() {
            return Err(given_up());
        }
        let row = &cost[start * n..(start + 1) * n];
        for j in 0..n {
            cols[j] = j;
            d[j] = reduced(row[j], v[j]);
            pred[j] = start;
        }
        let (mut lo, mut hi, mut n_ready) = (0usize, 0usize, 0usize);
        let mut sink = NONE;
        while sink == NONE {
            if lo == hi {
                // Gather the columns at the smallest distance into cols[lo..hi].
                n_ready = lo;
                hi = lo + 1;
                let mut mind = d[cols[lo]];
                // The scan covers every column after `lo` once; `hi` moves inside it.
                #[allow(clippy::mut_range_bound)]
                for k in hi..n {
                    let j = cols[k];
                    let dj = d[j];
                    if dj <= mind {
                        if dj < mind {
                            hi = lo;
                            mind = dj;
                        }
                        cols[k] = cols[hi];
                        cols[hi] = j;
                        hi += 1;
                    }
                }
                if mind.is_forbidden() {
                    // Nothing more is reachable: a Hall violator.
                    let cs: Vec<usize> = cols[..lo].to_vec();
                    let mut rs: Vec<usize> = cs.iter().map(|&j| row4col[j]).collect();
                    rs.push(start);
                    return Err(violator(rs, cs));
                }
                // Among them, a free column ends the search (the lowest index first).
                sink = cols[lo..hi]
                    .iter()
                    .copied()
                    .filter(|&j| row4col[j] == NONE)
                    .min()
                    .unwrap_or(NONE);
            }
            if sink != NONE {
                break;
            }
            // Scan the rows of the columns at the minimum.
            while lo != hi && sink == NONE {
                let j0 = cols[lo];
                lo += 1;
                let i = row4col[j0];
                let mind = d[j0];
                let irow = &cost[i * n..(i + 1) * n];
                let h = irow[j0] - v[j0] - mind;
                let mut k = hi;
                while k < n {
                    let j = cols[k];
                    let c = irow[j];
                    if !c.is_forbidden() {
                        let cred = c - v[j] - h;
                        if cred < d[j] {
                            d[j] = cred;
                            pred[j] = i;
                            if cred == mind {
                                if row4col[j] == NONE {
                                    sink = j;
                                    break;
                                }
                                cols[k] = cols[hi];
                                cols[hi] = j;
                                hi += 1;
                            }
                        }
                    }
                    k += 1;
                }
            }
        }
        // Column potentials of the settled columns.
        let mind = d[sink];
        for &j in &cols[..n_ready] {
            v[j] = v[j] + d[j] - mind;
        }
        // Augment.
        let mut j = sink;
        loop {
            let i = pred[j];
            row4col[j] = i;
            let prev = col4row[i];
            col4row[i] = j;
            if i == start {
                break;
            }
            j = prev;
        }
    }
    Ok(())
}

/// A sparse cost matrix in compressed sparse row form: row `r`'s entries are
/// `indices[indptr[r]..indptr[r + 1]]` with costs `data[...]`. A missing entry is forbidden.
#[derive(Debug, Clone, Copy)]
pub struct Csr<'a, T> {
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
    /// Row pointers (`rows + 1` values).
    pub indptr: &'a [usize],
    /// Column of each entry.
    pub indices: &'a [usize],
    /// Cost of each entry.
    pub data: &'a [T],
}

#[derive(PartialEq)]
struct HeapItem<T: Cost>(T, bool, usize);
impl<T: Cost> Eq for HeapItem<T> {}
impl<T: Cost> PartialOrd for HeapItem<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T: Cost> Ord for HeapItem<T> {
    // A max-heap: reversed, so the smallest distance, then a free column, then the lowest
    // index comes out first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then(other.1.cmp(&self.1))
            .then(other.2.cmp(&self.2))
    }
}

/// Solves a sparse problem (rows ≤ columns is not required; a missing entry is forbidden).
///
/// ```
/// use eig::solve::{Csr, linear_sum_assignment_sparse};
/// // Row 0 may use columns 0 and 1, row 1 only column 0.
/// let m = Csr { rows: 2, cols: 2, indptr: &[0, 2, 3], indices: &[0, 1, 0], data: &[1i64, 5, 2] };
/// let a = linear_sum_assignment_sparse(&m, false).unwrap();
/// assert_eq!((a.cols, a.cost), (vec![1, 0], 7));
/// ```
///
/// # Errors
/// Inconsistent index arrays, an invalid cost, or an infeasible problem.
pub fn linear_sum_assignment_sparse<T: Cost>(
    m: &Csr<'_, T>,
    maximize: bool,
) -> Result<Assignment<T>, AssignmentError> {
    let bad = |reason: String| AssignmentError::InvalidSparse { reason };
    if m.indptr.len() != m.rows + 1 {
        return Err(bad(format!(
            "indptr has {} values for {} rows",
            m.indptr.len(),
            m.rows
        )));
    }
    if m.indices.len() != m.data.len() {
        return Err(bad(format!(
            "{} indices for {} values",
            m.indices.len(),
            m.data.len()
        )));
    }
    if m.indptr.first() != Some(&0)
        || m.indptr.windows(2).any(|w| w[0] > w[1])
        || m.indptr[m.rows] != m.data.len()
    {
        return Err(bad(
            "indptr must start at 0, never decrease and end at the number of values".into(),
        ));
    }
    for r in 0..m.rows {
        for k in m.indptr[r]..m.indptr[r + 1] {
            if m.indices[k] >= m.cols {
                return Err(bad(format!(
                    "column {} at row {r} is out of range",
                    m.indices[k]
                )));
            }
            let c = m.data[k];
            if (maximize && c.to_minimise().is_invalid()) || (!maximize && c.is_invalid()) {
                return Err(AssignmentError::InvalidCost {
                    row: r,
                    col: m.indices[k],
                    value: c.to_string(),
                    allowed: if maximize { T::VALID_MAX } else { T::VALID },
                });
            }
        }
    }
    // Work with rows ≤ columns, minimising; transposing a sparse matrix is a counting sort.
    let transpose = m.rows > m.cols;
    let (nr, nc) = if transpose {
        (m.cols, m.rows)
    } else {
        (m.rows, m.cols)
    };
    let mut indptr = vec![0usize; nr + 1];
    let mut indices = vec![0usize; m.data.len()];
    let mut data = vec![T::ZERO; m.data.len()];
    if transpose {
        for &c in m.indices {
            indptr[c + 1] += 1;
        }
        for k in 0..nr {
            indptr[k + 1] += indptr[k];
        }
        let mut next = indptr.clone();
        for r in 0..m.rows {
            for k in m.indptr[r]..m.indptr[r + 1] {
                let c = m.indices[k];
                indices[next[c]] = r;
                data[next[c]] = m.data[k];
                next[c] += 1;
            }
        }
    } else {
        indptr.copy_from_slice(m.indptr);
        indices.copy_from_slice(m.indices);
        data.copy_from_slice(m.data);
    }
    if maximize {
        for x in &mut data {
            *x = x.to_minimise();
        }
    }
    let col4row =
        solve_sparse(nr, nc, &indptr, &indices, &data).map_err(|found| hall(found, transpose))?;
    let pairs = oriented(&col4row, transpose);
    let lookup = |r: usize, c: usize| -> T {
        let (a, b) = (m.indptr[r], m.indptr[r + 1]);
        // The cheapest entry if a pair is repeated.
        m.indices[a..b]
            .iter()
            .zip(&m.data[a..b])
            .filter(|(cc, _)| **cc == c)
            .map(|(_, d)| *d)
            .fold(None, |acc: Option<T>, d| match acc {
                Some(x) if (if maximize { x >= d } else { x <= d }) => Some(x),
                _ => Some(d),
            })
            .unwrap_or(T::ZERO)
    };
    let cost = pairs.iter().map(|&(r, c)| lookup(r, c)).sum();
    Ok(Assignment {
        rows: pairs.iter().map(|p| p.0).collect(),
        cols: pairs.iter().map(|p| p.1).collect(),
        cost,
    })
}

fn solve_sparse<T: Cost>(
    nr: usize,
    nc: usize,
    indptr: &[usize],
    indices: &[usize],
    data: &[T],
) -> Result<Vec<usize>, (Vec<usize>, Vec<usize>)> {
    let mut u = vec![T::ZERO; nr];
    let mut v = vec![T::ZERO; nc];
    let mut col4row = vec![NONE; nr];
    let mut row4col = vec![NONE; nc];
    let mut spc = vec![T::INFINITY; nc];
    let mut path = vec![NONE; nc];
    let mut done = vec![false; nc];
    let mut touched: Vec<usize> = Vec::new();
    let mut sr: Vec<usize> = Vec::new();
    let mut sc: Vec<usize> = Vec::new();
    let mut heap: BinaryHeap<HeapItem<T>> = BinaryHeap::new();

    for cur in 0..nr {
        if crate::stop::requested() {
            return Err(given_up());
        }
        for &j in &touched {
            spc[j] = T::INFINITY;
            done[j] = false;
        }
        touched.clear();
        sr.clear();
        sc.clear();
        heap.clear();
        let mut min_val = T::ZERO;
        let mut i = cur;
        let sink = loop {
            sr.push(i);
            let ui = u[i];
            for k in indptr[i]..indptr[i + 1] {
                let j = indices[k];
                if done[j] || data[k].is_forbidden() {
                    continue;
                }
                let r = min_val + data[k] - ui - v[j];
                if r < spc[j] {
                    if spc[j].is_forbidden() {
                        touched.push(j);
                    }
                    spc[j] = r;
                    path[j] = i;
                    heap.push(HeapItem(r, row4col[j] != NONE, j));
                }
            }
            let next = loop {
                match heap.pop() {
                    None => break None,
                    Some(HeapItem(d, _, j)) if !done[j] && d == spc[j] => break Some(j),
                    Some(_) => {}
                }
            };
            let Some(j) = next else {
                return Err(violator(sr.clone(), sc.clone()));
            };
            min_val = spc[j];
            done[j] = true;
            sc.push(j);
            if row4col[j] == NONE {
                break j;
            }
            i = row4col[j];
        };
        let path_found = Path {
            cur,
            sink,
            min_val,
            rows: &sr,
            cols: &sc,
            dist: &spc,
            pred: &path,
        };
        path_found.apply(&mut u, &mut v, &mut col4row, &mut row4col);
    }
    Ok(col4row)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The optimum by trying every injection (small sizes only).
    pub(crate) fn brute_force(rows: usize, cols: usize, c: &[f64]) -> Option<f64> {
        fn go(r: usize, rows: usize, cols: usize, c: &[f64], used: &mut Vec<bool>) -> Option<f64> {
            if r == rows {
                return Some(0.0);
            }
            let mut best: Option<f64> = None;
            for j in 0..cols {
                let x = c[r * cols + j];
                if used[j] || x.is_infinite() {
                    continue;
                }
                used[j] = true;
                if let Some(rest) = go(r + 1, rows, cols, c, used) {
                    best = Some(best.map_or(x + rest, |b: f64| b.min(x + rest)));
                }
                used[j] = false;
            }
            best
        }
        if rows <= cols {
            go(0, rows, cols, c, &mut vec![false; cols])
        } else {
            let t: Vec<f64> = (0..cols)
                .flat_map(|j| (0..rows).map(move |i| c[i * cols + j]))
                .collect();
            go(0, cols, rows, &t, &mut vec![false; rows])
        }
    }

    #[test]
    fn scipy_example_and_rectangles() {
        let cost = [4.0, 1.0, 3.0, 2.0, 0.0, 5.0, 3.0, 2.0, 2.0];
        let a = linear_sum_assignment(3, 3, &cost, false).unwrap();
        assert_eq!((a.cols.clone(), a.cost), (vec![1, 0, 2], 5.0));
        let a = linear_sum_assignment(3, 3, &cost, true).unwrap();
        assert_eq!(a.cost, 11.0);
        // 2×3 and its transpose.
        let wide = [1.0, 2.0, 3.0, 2.0, 4.0, 6.0];
        let a = linear_sum_assignment(2, 3, &wide, false).unwrap();
        assert_eq!(
            (a.rows.clone(), a.cols.clone(), a.cost),
            (vec![0, 1], vec![1, 0], 4.0)
        );
        let tall = [1.0, 2.0, 2.0, 4.0, 3.0, 6.0];
        let a = linear_sum_assignment(3, 2, &tall, false).unwrap();
        assert_eq!((a.rows, a.cols, a.cost), (vec![0, 1], vec![1, 0], 4.0));
    }

    #[test]
    fn errors_name_what_is_wrong() {
        assert!(matches!(
            linear_sum_assignment(2, 2, &[1.0; 3], false),
            Err(AssignmentError::ShapeMismatch {
                expected: 4,
                got: 3,
                ..
            })
        ));
        assert_eq!(
            linear_sum_assignment(2, 2, &[1.0, f64::NAN, 0.0, 0.0], false).unwrap_err(),
            AssignmentError::InvalidCost {
                row: 0,
                col: 1,
                value: "NaN".into(),
                allowed: <f64 as Cost>::VALID,
            }
        );
        assert!(linear_sum_assignment(1, 1, &[f64::NEG_INFINITY], false).is_err());
        // Rows 0 and 2 can only use column 1.
        let inf = f64::INFINITY;
        let c = [inf, 1.0, inf, 1.0, 2.0, 3.0, inf, 5.0, inf];
        assert_eq!(
            linear_sum_assignment(3, 3, &c, false).unwrap_err(),
            AssignmentError::Infeasible {
                rows: vec![0, 2],
                cols: vec![1]
            }
        );
        let e = linear_sum_assignment(3, 3, &c, false)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "infeasible: rows [0, 2] can only use columns [1], 2 rows for 1 columns"
        );
    }

    #[test]
    fn integers_and_forbidden_pairs() {
        let m = i64::MAX;
        let c = [m, 3, 1, m];
        let a = linear_sum_assignment(2, 2, &c, false).unwrap();
        assert_eq!((a.cols, a.cost), (vec![1, 0], 4));
    }

    #[test]
    fn sparse_matches_dense() {
        let cost = [4.0, 1.0, 3.0, 2.0, 0.0, 5.0, 3.0, 2.0, 2.0];
        let m = Csr {
            rows: 3,
            cols: 3,
            indptr: &[0, 3, 6, 9],
            indices: &[0, 1, 2, 0, 1, 2, 0, 1, 2],
            data: &cost,
        };
        let a = linear_sum_assignment_sparse(&m, false).unwrap();
        assert_eq!((a.cols, a.cost), (vec![1, 0, 2], 5.0));
        let bad = Csr {
            rows: 2,
            cols: 2,
            indptr: &[0, 1, 2],
            indices: &[0, 0],
            data: &[1.0, 1.0],
        };
        assert_eq!(
            linear_sum_assignment_sparse(&bad, false).unwrap_err(),
            AssignmentError::Infeasible {
                rows: vec![0, 1],
                cols: vec![0]
            }
        );
    }

    /// Larger integer matrices, with the tight matching, give the optimum of the same costs
    /// as floats (no tight matching): constant, few values, many values.
    #[test]
    fn integer_matrices_agree_with_the_float_path() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for (n, hi) in [(150usize, 1u64), (200, 3), (300, 100), (120, 1_000_000)] {
            let c: Vec<i64> = (0..n * n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x % hi) as i64
                })
                .collect();
            let f: Vec<f64> = c.iter().map(|&v| v as f64).collect();
            for maximize in [false, true] {
                let a = linear_sum_assignment(n, n, &c, maximize).unwrap();
                let b = linear_sum_assignment(n, n, &f, maximize).unwrap();
                assert_eq!(a.cost as f64, b.cost, "n {n}, costs below {hi}");
                let mut cols = a.cols.clone();
                cols.sort_unstable();
                cols.dedup();
                assert_eq!(cols.len(), n);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(600))]
        /// Integer costs with many ties (0 to 3) and forbidden pairs: the tight matching, the
        /// row reduction and the searches together still reach the optimum, in i64 and i128.
        #[test]
        fn integer_ties_against_brute_force(
            rows in 1usize..7, cols in 1usize..7,
            raw in proptest::collection::vec(0i64..4, 49),
            holes in proptest::collection::vec(proptest::bool::weighted(0.15), 49),
            maximize in proptest::bool::ANY,
        ) {
            let c: Vec<i64> = (0..rows * cols).map(|k| if holes[k] { i64::MAX } else { raw[k] }).collect();
            let signed: Vec<f64> = c.iter().map(|&x| if x == i64::MAX { f64::INFINITY } else if maximize { -(x as f64) } else { x as f64 }).collect();
            let best = brute_force(rows, cols, &signed);
            let got = linear_sum_assignment(rows, cols, &c, maximize);
            let wide: Vec<i128> = c.iter().map(|&x| if x == i64::MAX { i128::MAX } else { i128::from(x) }).collect();
            let got_wide = linear_sum_assignment(rows, cols, &wide, maximize);
            match best {
                None => proptest::prop_assert!(got.is_err() && got_wide.is_err()),
                Some(b) => {
                    let want = if maximize { -b } else { b };
                    let a = got.unwrap();
                    proptest::prop_assert_eq!(a.cost as f64, want);
                    proptest::prop_assert_eq!(got_wide.unwrap().cost as f64, want);
                    let mut seen = std::collections::HashSet::new();
                    for (r, c2) in a.rows.iter().zip(&a.cols) {
                        proptest::prop_assert!(seen.insert(*c2));
                        proptest::prop_assert!(c[r * cols + c2] != i64::MAX);
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn optimal_against_brute_force(
            rows in 1usize..6, cols in 1usize..6,
            raw in proptest::collection::vec(0u8..20, 36),
            holes in proptest::collection::vec(proptest::bool::weighted(0.2), 36),
            maximize in proptest::bool::ANY,
        ) {
            // A forbidden pair is +inf, or -inf when maximising (scipy's convention).
            let hole = if maximize { f64::NEG_INFINITY } else { f64::INFINITY };
            let c: Vec<f64> = (0..rows * cols).map(|k| if holes[k] { hole } else { f64::from(raw[k]) }).collect();
            let signed: Vec<f64> = c.iter().map(|x| if !x.is_finite() { f64::INFINITY } else if maximize { -x } else { *x }).collect();
            let best = brute_force(rows, cols, &signed);
            let got = linear_sum_assignment(rows, cols, &c, maximize);
            let sparse_parts: Vec<(usize, f64)> = (0..rows * cols).filter(|k| c[*k].is_finite()).map(|k| (k, c[k])).collect();
            let mut indptr = vec![0usize; rows + 1];
            for (k, _) in &sparse_parts { indptr[k / cols + 1] += 1; }
            for r in 0..rows { indptr[r + 1] += indptr[r]; }
            let indices: Vec<usize> = sparse_parts.iter().map(|(k, _)| k % cols).collect();
            let data: Vec<f64> = sparse_parts.iter().map(|(_, x)| *x).collect();
            let sparse = linear_sum_assignment_sparse(&Csr { rows, cols, indptr: &indptr, indices: &indices, data: &data }, maximize);
            match best {
                None => {
                    let Err(AssignmentError::Infeasible { rows: rs, cols: cs }) = got else { panic!("expected infeasible, got {got:?}") };
                    proptest::prop_assert_eq!(rs.len().abs_diff(cs.len()), 1);
                    // Every allowed column of the violating rows is in the set (in the orientation solved).
                    proptest::prop_assert!(sparse.is_err());
                }
                Some(b) => {
                    let a = got.unwrap();
                    let want = if maximize { -b } else { b };
                    proptest::prop_assert_eq!(a.cost, want);
                    proptest::prop_assert_eq!(a.rows.len(), rows.min(cols));
                    let mut seen = std::collections::HashSet::new();
                    for (r, c2) in a.rows.iter().zip(&a.cols) {
                        proptest::prop_assert!(seen.insert(*c2));
                        proptest::prop_assert!(c[r * cols + c2].is_finite());
                    }
                    proptest::prop_assert!(a.rows.windows(2).all(|w| w[0] < w[1]));
                    proptest::prop_assert_eq!(sparse.unwrap().cost, want);
                }
            }
        }
    }
}
