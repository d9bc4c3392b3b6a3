//! Stable matching with capacities (hospital–residents), by deferred acceptance.
//!
//! Residents (candidates) rank hospitals (défi seats); hospitals rank residents and have a
//! capacity. Lists may be incomplete: a pair is acceptable only when each side lists the
//! other. Seats with quotas per category (a défi wants 1 developer and 1 designer) are modelled
//! as one hospital per (défi, category) with its own capacity.
//!
//! The resident-optimal stable matching is unique, and deferred acceptance with residents
//! proposing finds it (and is strategy-proof for residents); with hospitals proposing it finds
//! the hospital-optimal one. Both are deterministic whatever the order of proposals.

use std::collections::{BinaryHeap, VecDeque};

/// Which side's optimum to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Optimal {
    /// Residents propose: the best stable matching for every resident.
    Resident,
    /// Hospitals propose: the best stable matching for every hospital.
    Hospital,
}

/// Why a stable matching problem is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StableError {
    /// A preference list names an index out of range.
    #[error("{side} {index} ranks {what} {named}, which does not exist")]
    UnknownIndex {
        /// `resident` or `hospital`.
        side: &'static str,
        /// The index of the list's owner.
        index: usize,
        /// `hospital` or `resident`.
        what: &'static str,
        /// The out-of-range index.
        named: usize,
    },
    /// A preference list names the same partner twice.
    #[error("{side} {index} ranks {what} {named} twice")]
    Duplicate {
        /// `resident` or `hospital`.
        side: &'static str,
        /// The index of the list's owner.
        index: usize,
        /// `hospital` or `resident`.
        what: &'static str,
        /// The repeated index.
        named: usize,
    },
    /// There is not one capacity per hospital.
    #[error("{got} capacities for {hospitals} hospitals")]
    CapacityCount {
        /// Hospitals.
        hospitals: usize,
        /// Capacities given.
        got: usize,
    },
    /// A matching to check does not give one hospital (or none) per resident.
    #[error("the matching gives {got} places for {residents} residents")]
    MatchingCount {
        /// Residents.
        residents: usize,
        /// Places the matching gives.
        got: usize,
    },
    /// The columns of acceptable pairs do not have one value per row each.
    #[error(
        "resident, hospital, resident_rank and hospital_rank must have the same length ({resident}, {hospital}, {resident_rank}, {hospital_rank})"
    )]
    PairLengths {
        /// Residents given.
        resident: usize,
        /// Hospitals given.
        hospital: usize,
        /// Residents' ranks given.
        resident_rank: usize,
        /// Hospitals' ranks given.
        hospital_rank: usize,
    },
    /// A row of acceptable pairs names a resident or hospital out of range.
    #[error(
        "row {row} names resident {resident} and hospital {hospital}, out of range ({residents} residents, {hospitals} hospitals)"
    )]
    PairOutOfRange {
        /// The row.
        row: usize,
        /// Its resident, as given.
        resident: i64,
        /// Its hospital, as given.
        hospital: i64,
        /// How many residents there are.
        residents: usize,
        /// How many hospitals there are.
        hospitals: usize,
    },
    /// One side gives two partners the same rank.
    #[error("{side} {index} gives the same rank {rank} to {what}s {first} and {second}")]
    RankTie {
        /// `resident` or `hospital`.
        side: &'static str,
        /// The index of the list's owner.
        index: usize,
        /// The rank given twice.
        rank: i64,
        /// `hospital` or `resident`.
        what: &'static str,
        /// One partner given that rank.
        first: usize,
        /// The other.
        second: usize,
    },
    /// A matching to check sends a resident to a hospital that does not exist.
    #[error("the matching sends resident {resident} to hospital {hospital}, which does not exist")]
    MatchingUnknown {
        /// The resident.
        resident: usize,
        /// The out-of-range hospital.
        hospital: usize,
    },
}

/// A stable matching: the hospital of each resident, and the residents of each hospital in
/// the hospital's order of preference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StableMatching {
    /// `resident_to_hospital[r]`, or `None` when unmatched.
    pub resident_to_hospital: Vec<Option<usize>>,
    /// The residents of each hospital, best first.
    pub hospital_to_residents: Vec<Vec<usize>>,
}

/// A resident and a hospital who would both rather be together (a blocking pair).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockingPair {
    /// The resident.
    pub resident: usize,
    /// The hospital.
    pub hospital: usize,
}

/// Acceptable pairs as columns, one row each: `resident[k]` and `hospital[k]` are indices,
/// `resident_rank[k]` the rank the resident gives the hospital, `hospital_rank[k]` the rank
/// the hospital gives the resident (lower is better, any integers).
#[derive(Debug, Clone, Copy)]
pub struct RankedPairs<'a> {
    /// The resident of each row.
    pub resident: &'a [i64],
    /// The hospital of each row.
    pub hospital: &'a [i64],
    /// The resident's rank of the hospital.
    pub resident_rank: &'a [i64],
    /// The hospital's rank of the resident.
    pub hospital_rank: &'a [i64],
}

/// The residents' preference lists and the hospitals', each best first.
pub type PreferenceLists = (Vec<Vec<usize>>, Vec<Vec<usize>>);

/// The preference lists of `n_residents` residents and `n_hospitals` hospitals, best first,
/// from one row per acceptable pair (grouped by a counting sort, each list sorted by rank).
///
/// ```
/// use eig::solve::{RankedPairs, preferences_from_pairs};
/// let pairs = RankedPairs {
///     resident: &[0, 0, 1], hospital: &[0, 1, 0],
///     resident_rank: &[2, 1, 1], hospital_rank: &[1, 1, 2],
/// };
/// let (residents, hospitals) = preferences_from_pairs(pairs, 2, 2).unwrap();
/// assert_eq!((residents, hospitals), (vec![vec![1, 0], vec![0]], vec![vec![0, 1], vec![0]]));
/// ```
///
/// # Errors
/// Columns of different lengths, an index out of range (its row), a pair listed twice, or a
/// side giving two partners the same rank.
pub fn preferences_from_pairs(
    pairs: RankedPairs<'_>,
    n_residents: usize,
    n_hospitals: usize,
) -> Result<PreferenceLists, StableError> {
    let RankedPairs {
        resident: r,
        hospital: h,
        resident_rank: rr,
        hospital_rank: hr,
    } = pairs;
    let n = r.len();
    if h.len() != n || rr.len() != n || hr.len() != n {
        return Err(StableError::PairLengths {
            resident: n,
            hospital: h.len(),
            resident_rank: rr.len(),
            hospital_rank: hr.len(),
        });
    }
    let index = |x: i64, bound: usize| usize::try_from(x).ok().filter(|&x| x < bound);
    if let Some(row) =
        (0..n).find(|&k| index(r[k], n_residents).is_none() || index(h[k], n_hospitals).is_none())
    {
        return Err(StableError::PairOutOfRange {
            row,
            resident: r[row],
            hospital: h[row],
            residents: n_residents,
            hospitals: n_hospitals,
        });
    }
    // Each owner's rows by rank (then partner), then ties and repeats, named.
    let lists = |owner: &[i64], count: usize, rank: &[i64], other: &[i64], side, what| {
        let mut start = vec![0usize; count + 1];
        for &o in owner {
            start[o as usize + 1] += 1;
        }
        for i in 0..count {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut rows = vec![0usize; owner.len()];
        for (k, &o) in owner.iter().enumerate() {
            rows[fill[o as usize]] = k;
            fill[o as usize] += 1;
        }
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let part = &mut rows[start[i]..start[i + 1]];
            part.sort_unstable_by_key(|&k| (rank[k], other[k]));
            for w in part.windows(2) {
                let (a, b) = (w[0], w[1]);
                if other[a] == other[b] {
                    return Err(StableError::Duplicate {
                        side,
                        index: i,
                        what,
                        named: other[a] as usize,
                    });
                }
                if rank[a] == rank[b] {
                    return Err(StableError::RankTie {
                        side,
                        index: i,
                        rank: rank[a],
                        what,
                        first: other[a] as usize,
                        second: other[b] as usize,
                    });
                }
            }
            out.push(part.iter().map(|&k| other[k] as usize).collect());
        }
        Ok(out)
    };
    let residents = lists(r, n_residents, rr, h, "resident", "hospital")?;
    let hospitals = lists(h, n_hospitals, hr, r, "hospital", "resident")?;
    Ok((residents, hospitals))
}

/// Checked preferences: for each resident's list entry, the hospital's rank of that resident,
/// or `None` when the hospital does not list them (an unacceptable pair).
struct Prepared {
    /// `res[r]` = list of (hospital, rank of r at that hospital), in r's order, acceptable only.
    res: Vec<Vec<(usize, usize)>>,
    /// `hosp[h]` = list of (resident, rank of h at that resident), in h's order, acceptable only.
    hosp: Vec<Vec<(usize, usize)>>,
}

fn prepare(
    residents: &[Vec<usize>],
    hospitals: &[Vec<usize>],
    capacities: &[usize],
) -> Result<Prepared, StableError> {
    let (nr, nh) = (residents.len(), hospitals.len());
    if capacities.len() != nh {
        return Err(StableError::CapacityCount {
            hospitals: nh,
            got: capacities.len(),
        });
    }
    let check = |lists: &[Vec<usize>], side, what, bound: usize| -> Result<(), StableError> {
        // stamp[x] = 1 + the last list that named x: a repeat within a list is a duplicate.
        let mut stamp = vec![0usize; bound];
        for (index, list) in lists.iter().enumerate() {
            for &named in list {
                if named >= bound {
                    return Err(StableError::UnknownIndex {
                        side,
                        index,
                        what,
                        named,
                    });
                }
                if stamp[named] == index + 1 {
                    return Err(StableError::Duplicate {
                        side,
                        index,
                        what,
                        named,
                    });
                }
                stamp[named] = index + 1;
            }
        }
        Ok(())
    };
    check(residents, "resident", "hospital", nh)?;
    check(hospitals, "hospital", "resident", nr)?;
    // Each side's lists turned over (for each partner, the owners naming it and at which rank),
    // then read back against the partner's own list through a stamp per owner: linear.
    let turned = |lists: &[Vec<usize>], partners: usize| -> (Vec<usize>, Vec<(usize, usize)>) {
        let mut start = vec![0usize; partners + 1];
        for &x in lists.iter().flatten() {
            start[x + 1] += 1;
        }
        for i in 0..partners {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut entries = vec![(0usize, 0usize); start[partners]];
        for (owner, list) in lists.iter().enumerate() {
            for (rank, &x) in list.iter().enumerate() {
                entries[fill[x]] = (owner, rank);
                fill[x] += 1;
            }
        }
        (start, entries)
    };
    let mutual = |own: &[Vec<usize>], other: &[Vec<usize>]| -> Vec<Vec<(usize, usize)>> {
        let (start, entries) = turned(other, own.len());
        let mut stamp = vec![usize::MAX; other.len()];
        let mut rank = vec![0usize; other.len()];
        own.iter()
            .enumerate()
            .map(|(me, list)| {
                for &(o, k) in &entries[start[me]..start[me + 1]] {
                    stamp[o] = me;
                    rank[o] = k;
                }
                list.iter()
                    .filter(|&&x| stamp[x] == me)
                    .map(|&x| (x, rank[x]))
                    .collect()
            })
            .collect()
    };
    let res = mutual(residents, hospitals);
    let hosp = mutual(hospitals, residents);
    Ok(Prepared { res, hosp })
}

/// Computes the resident- or hospital-optimal stable matching.
///
/// ```
/// use eig::solve::{Optimal, hospital_residents};
/// // Two candidates both prefer défi 0, which has one seat and prefers candidate 1.
/// let residents = vec![vec![0, 1], vec![0, 1]];
/// let hospitals = vec![vec![1, 0], vec![0, 1]];
/// let m = hospital_residents(&residents, &hospitals, &[1, 1], Optimal::Resident).unwrap();
/// assert_eq!(m.resident_to_hospital, vec![Some(1), Some(0)]);
/// ```
///
/// # Errors
/// A preference list naming an unknown or repeated index, or a wrong number of capacities.
pub fn hospital_residents(
    residents: &[Vec<usize>],
    hospitals: &[Vec<usize>],
    capacities: &[usize],
    optimal: Optimal,
) -> Result<StableMatching, StableError> {
    let p = prepare(residents, hospitals, capacities)?;
    let (nr, nh) = (residents.len(), hospitals.len());
    let mut resident_to_hospital: Vec<Option<usize>> = vec![None; nr];
    // For each hospital, its residents as a max-heap on the hospital's rank (worst on top).
    let mut held: Vec<BinaryHeap<(usize, usize)>> = vec![BinaryHeap::new(); nh];
    match optimal {
        Optimal::Resident => {
            let mut next = vec![0usize; nr];
            let mut free: VecDeque<usize> = (0..nr).collect();
            while let Some(r) = free.pop_front() {
                let Some(&(h, rank)) = p.res[r].get(next[r]) else {
                    continue;
                };
                next[r] += 1;
                let heap = &mut held[h];
                if heap.len() < capacities[h] {
                    heap.push((rank, r));
                    resident_to_hospital[r] = Some(h);
                } else if heap.peek().is_some_and(|&(worst, _)| rank < worst) {
                    if let Some((_, out)) = heap.pop() {
                        resident_to_hospital[out] = None;
                        free.push_back(out);
                    }
                    heap.push((rank, r));
                    resident_to_hospital[r] = Some(h);
                } else {
                    free.push_back(r);
                }
            }
        }
        Optimal::Hospital => {
            // Each resident holds its best offer: rank of the hospital in the resident's list.
            let mut holding: Vec<Option<(usize, usize)>> = vec![None; nr];
            let mut next = vec![0usize; nh];
            let mut count = vec![0usize; nh];
            let mut queue: VecDeque<usize> = (0..nh).collect();
            while let Some(h) = queue.pop_front() {
                while count[h] < capacities[h] {
                    let Some(&(r, rank_at_r)) = p.hosp[h].get(next[h]) else {
                        break;
                    };
                    next[h] += 1;
                    match holding[r] {
                        Some((cur_rank, _)) if cur_rank <= rank_at_r => {}
                        other => {
                            if let Some((_, old)) = other {
                                count[old] -= 1;
                                queue.push_back(old);
                            }
                            holding[r] = Some((rank_at_r, h));
                            count[h] += 1;
                        }
                    }
                }
            }
            for (r, hold) in holding.iter().enumerate() {
                if let Some((_, h)) = hold {
                    resident_to_hospital[r] = Some(*h);
                }
            }
            // The hospitals' lists, ordered by their ranks of their residents.
            for (r, h) in resident_to_hospital.iter().enumerate() {
                if let Some(h) = h {
                    let rank = p.res[r]
                        .iter()
                        .find(|(hh, _)| hh == h)
                        .map_or(usize::MAX, |x| x.1);
                    held[*h].push((rank, r));
                }
            }
        }
    }
    let hospital_to_residents = held
        .into_iter()
        .map(|heap| heap.into_sorted_vec().into_iter().map(|(_, r)| r).collect())
        .collect();
    Ok(StableMatching {
        resident_to_hospital,
        hospital_to_residents,
    })
}

/// Every blocking pair of a matching: an acceptable pair who both prefer each other to what
/// they have (a hospital "prefers" any acceptable resident while it has a free seat). Also
/// reports nothing for pairs that are not mutually acceptable.
///
/// # Errors
/// As [`hospital_residents`].
pub fn blocking_pairs(
    residents: &[Vec<usize>],
    hospitals: &[Vec<usize>],
    capacities: &[usize],
    matching: &StableMatching,
) -> Result<Vec<BlockingPair>, StableError> {
    let p = prepare(residents, hospitals, capacities)?;
    if matching.resident_to_hospital.len() != residents.len() {
        return Err(StableError::MatchingCount {
            residents: residents.len(),
            got: matching.resident_to_hospital.len(),
        });
    }
    if let Some((resident, hospital)) = matching
        .resident_to_hospital
        .iter()
        .enumerate()
        .find_map(|(r, h)| h.filter(|h| *h >= hospitals.len()).map(|h| (r, h)))
    {
        return Err(StableError::MatchingUnknown { resident, hospital });
    }
    let mut worst_rank: Vec<Option<usize>> = vec![None; hospitals.len()];
    let mut load = vec![0usize; hospitals.len()];
    for (r, h) in matching.resident_to_hospital.iter().enumerate() {
        if let Some(h) = *h {
            load[h] += 1;
            let rank = p.res[r]
                .iter()
                .find(|(hh, _)| *hh == h)
                .map_or(usize::MAX, |x| x.1);
            worst_rank[h] = Some(worst_rank[h].map_or(rank, |w| w.max(rank)));
        }
    }
    let mut out = Vec::new();
    for (r, list) in p.res.iter().enumerate() {
        let current = matching.resident_to_hospital.get(r).copied().flatten();
        for &(h, rank_at_h) in list {
            if Some(h) == current {
                break; // Everything after is worse for the resident.
            }
            let wants = load[h] < capacities[h] || worst_rank[h].is_some_and(|w| rank_at_h < w);
            if wants {
                out.push(BlockingPair {
                    resident: r,
                    hospital: h,
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every stable matching by brute force over all assignments (tiny sizes only).
    fn all_stable(
        res: &[Vec<usize>],
        hosp: &[Vec<usize>],
        cap: &[usize],
    ) -> Vec<Vec<Option<usize>>> {
        let nr = res.len();
        let mut out = Vec::new();
        let mut cur = vec![None; nr];
        fn go(
            r: usize,
            res: &[Vec<usize>],
            hosp: &[Vec<usize>],
            cap: &[usize],
            cur: &mut Vec<Option<usize>>,
            out: &mut Vec<Vec<Option<usize>>>,
        ) {
            if r == res.len() {
                let mut loads = vec![0; cap.len()];
                for h in cur.iter().flatten() {
                    loads[*h] += 1;
                }
                if loads.iter().zip(cap).any(|(l, c)| l > c) {
                    return;
                }
                let m = StableMatching {
                    resident_to_hospital: cur.clone(),
                    hospital_to_residents: vec![Vec::new(); cap.len()],
                };
                if blocking_pairs(res, hosp, cap, &m).unwrap().is_empty() {
                    out.push(cur.clone());
                }
                return;
            }
            cur[r] = None;
            go(r + 1, res, hosp, cap, cur, out);
            for &h in &res[r] {
                if hosp[h].contains(&r) {
                    cur[r] = Some(h);
                    go(r + 1, res, hosp, cap, cur, out);
                }
            }
            cur[r] = None;
        }
        go(0, res, hosp, cap, &mut cur, &mut out);
        out
    }

    fn instance() -> impl Strategy<Value = (Vec<Vec<usize>>, Vec<Vec<usize>>, Vec<usize>)> {
        (1usize..6, 1usize..4).prop_flat_map(|(nr, nh)| {
            (
                proptest::collection::vec(Just((0..nh).collect::<Vec<_>>()).prop_shuffle(), nr),
                proptest::collection::vec(Just((0..nr).collect::<Vec<_>>()).prop_shuffle(), nh),
                proptest::collection::vec(0usize..3, nh),
                proptest::collection::vec(0usize..4, nr),
            )
                .prop_map(|(mut res, hosp, cap, cut)| {
                    for (r, list) in res.iter_mut().enumerate() {
                        list.truncate(list.len().saturating_sub(cut[r] % 2));
                    }
                    (res, hosp, cap)
                })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn both_optima_are_stable_and_optimal((res, hosp, cap) in instance()) {
            let stable = all_stable(&res, &hosp, &cap);
            prop_assert!(!stable.is_empty());
            for side in [Optimal::Resident, Optimal::Hospital] {
                let m = hospital_residents(&res, &hosp, &cap, side).unwrap();
                prop_assert!(blocking_pairs(&res, &hosp, &cap, &m).unwrap().is_empty());
                for (h, list) in m.hospital_to_residents.iter().enumerate() {
                    prop_assert!(list.len() <= cap[h]);
                }
                prop_assert!(stable.contains(&m.resident_to_hospital));
                if side == Optimal::Resident {
                    // No stable matching gives any resident a better hospital.
                    for other in &stable {
                        for r in 0..res.len() {
                            let rank = |h: Option<usize>| h.map_or(usize::MAX, |h| res[r].iter().position(|x| *x == h).unwrap());
                            prop_assert!(rank(m.resident_to_hospital[r]) <= rank(other[r]));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn pairs_become_lists_and_their_faults_are_named() {
        let pairs =
            |r: &'static [i64], h: &'static [i64], rr: &'static [i64], hr: &'static [i64]| {
                RankedPairs {
                    resident: r,
                    hospital: h,
                    resident_rank: rr,
                    hospital_rank: hr,
                }
            };
        // Ranks are any integers; lists come best first.
        let (res, hosp) =
            preferences_from_pairs(pairs(&[1, 0, 1], &[0, 0, 1], &[-5, 9, 7], &[3, 1, 0]), 2, 2)
                .unwrap();
        assert_eq!(
            (res, hosp),
            (vec![vec![0], vec![0, 1]], vec![vec![0, 1], vec![1]])
        );
        let err = |p, nr, nh| preferences_from_pairs(p, nr, nh).unwrap_err().to_string();
        assert_eq!(
            err(pairs(&[0, 0], &[1, 1], &[1, 2], &[1, 1]), 1, 2),
            "resident 0 ranks hospital 1 twice"
        );
        assert_eq!(
            err(pairs(&[0, 1], &[0, 0], &[1, 1], &[4, 4]), 2, 1),
            "hospital 0 gives the same rank 4 to residents 0 and 1"
        );
        assert_eq!(
            err(pairs(&[0, -1], &[0, 0], &[1, 1], &[1, 2]), 2, 1),
            "row 1 names resident -1 and hospital 0, out of range (2 residents, 1 hospitals)"
        );
        assert_eq!(
            err(pairs(&[0], &[0, 0], &[1], &[1]), 1, 1),
            "resident, hospital, resident_rank and hospital_rank must have the same length (1, 2, 1, 1)"
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            hospital_residents(&[vec![2]], &[vec![0]], &[1], Optimal::Resident)
                .unwrap_err()
                .to_string(),
            "resident 0 ranks hospital 2, which does not exist"
        );
        assert!(matches!(
            hospital_residents(&[vec![0, 0]], &[vec![0]], &[1], Optimal::Resident),
            Err(StableError::Duplicate { .. })
        ));
        assert!(matches!(
            hospital_residents(&[vec![0]], &[vec![0]], &[], Optimal::Resident),
            Err(StableError::CapacityCount { .. })
        ));
        // A matching to check that names a hospital out of range, or is too short: an
        // error, never an index out of bounds.
        let m = |h: Vec<Option<usize>>| StableMatching {
            resident_to_hospital: h,
            hospital_to_residents: Vec::new(),
        };
        assert_eq!(
            blocking_pairs(&[vec![0]], &[vec![0]], &[1], &m(vec![Some(7)]))
                .unwrap_err()
                .to_string(),
            "the matching sends resident 0 to hospital 7, which does not exist"
        );
        assert!(matches!(
            blocking_pairs(&[vec![0], vec![0]], &[vec![0, 1]], &[1], &m(vec![None])),
            Err(StableError::MatchingCount {
                residents: 2,
                got: 1
            })
        ));
    }
}
