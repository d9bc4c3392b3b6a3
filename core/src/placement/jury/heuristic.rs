//! A first plan, built greedily: it seeds the exact search (a warm start) and, on inputs too
//! large for it, is the plan returned with its proven gap.
//!
//! Panels: as many as the items, slots and référents allow, spread over the half-days. Items:
//! the most constrained first (fewest jurors free of conflict), each to the panel with the
//! fewest items, then the one it excludes the fewest jurors from. Jurors: the référent of every
//! panel first (the scarcest seats), then panel by panel, the scarcest first, a juror of each
//! profile asked, then up to the minimum size; then more seats up to the maximum, to jurors whose profile is asked and whose
//! organisation is not there yet. Every rule is kept at each step; when a step cannot keep
//! one, fewer panels are tried, then no first plan is given.

use super::model::{Prepared, SolvedPanel};
use crate::text::fold;

/// A greedy plan that keeps every rule, if one is found.
pub(super) fn first_plan(ix: &Prepared<'_>) -> Option<Vec<SolvedPanel>> {
    let plan = ix.plan;
    let rules = &plan.panel_rules;
    let n = plan.items.len();
    let least = n.div_ceil(rules.items.max.max(1) as usize);
    let most = (n / rules.items.min.max(1) as usize).min(plan.slots.len());
    (least..=most)
        .rev()
        .find_map(|panels| with_panels(ix, panels))
}

/// The slots of `count` panels, spread over the half-days (round robin, in input order).
fn slots_for(ix: &Prepared<'_>, count: usize) -> Vec<usize> {
    let mut by_time: Vec<Vec<usize>> = vec![Vec::new(); ix.times];
    for (p, &t) in ix.time_of.iter().enumerate() {
        by_time[t].push(p);
    }
    let mut chosen = Vec::with_capacity(count);
    let mut round = 0;
    while chosen.len() < count {
        let mut any = false;
        for list in &by_time {
            if let Some(&p) = list.get(round) {
                any = true;
                if chosen.len() < count {
                    chosen.push(p);
                }
            }
        }
        if !any {
            break;
        }
        round += 1;
    }
    chosen.sort_unstable();
    chosen
}

fn with_panels(ix: &Prepared<'_>, count: usize) -> Option<Vec<SolvedPanel>> {
    let plan = ix.plan;
    let rules = &plan.panel_rules;
    let (ni, nj) = (plan.items.len(), plan.jurors.len());
    let slots = slots_for(ix, count);
    if slots.len() < count {
        return None;
    }
    // Items: the most constrained first, each where it excludes the fewest jurors not
    // already excluded there.
    let conflicted: Vec<Vec<usize>> = (0..ni)
        .map(|i| (0..nj).filter(|&j| ix.conflict[j][i]).collect())
        .collect();
    let mut order: Vec<usize> = (0..ni).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(conflicted[i].len()), i));
    let mut items: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut minutes = vec![0u32; count];
    let mut blocked = vec![vec![false; nj]; count];
    for &i in &order {
        let m = plan.items[i].minutes;
        let best = (0..count)
            .filter(|&k| {
                items[k].len() < rules.items.max as usize
                    && minutes[k] + m <= plan.slots[slots[k]].minutes
            })
            .min_by_key(|&k| {
                let excluded = conflicted[i]
                    .iter()
                    .filter(|&&j| ix.can_sit[j][slots[k]] && !blocked[k][j])
                    .count();
                (items[k].len(), excluded, k)
            })?;
        items[best].push(i);
        minutes[best] += m;
        for &j in &conflicted[i] {
            blocked[best][j] = true;
        }
    }
    if items.iter().any(|l| l.len() < rules.items.min as usize) {
        return None;
    }
    // Jurors.
    let mut load = vec![0u32; nj];
    let mut busy = vec![vec![false; ix.times]; nj];
    let mut seats: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut referent: Vec<Option<usize>> = vec![None; count];
    let eligible = |j: usize, k: usize, load: &[u32], busy: &[Vec<bool>], seats: &[Vec<usize>]| {
        let p = slots[k];
        ix.can_sit[j][p]
            && !busy[j][ix.time_of[p]]
            && load[j] < plan.jurors[j].load.max
            && !blocked[k][j]
            && !seats[k].contains(&j)
            && rules.max_per_organisation.is_none_or(|cap| {
                ix.org_of[j].is_none_or(|o| {
                    seats[k]
                        .iter()
                        .filter(|&&s| ix.org_of[s] == Some(o))
                        .count()
                        < cap as usize
                })
            })
    };
    let relevant = |j: usize, k: usize| items[k].iter().any(|&i| ix.relevant(j, i));
    // How many other panels a juror could still sit on: the scarce are placed where they
    // are the only choice last.
    let choices: Vec<usize> = (0..nj)
        .map(|j| (0..count).filter(|&k| ix.can_sit[j][slots[k]]).count())
        .collect();
    let options = |j: usize| choices[j];
    let mut panel_order: Vec<usize> = (0..count).collect();
    panel_order.sort_by_key(|&k| {
        let refs = (0..nj)
            .filter(|&j| plan.jurors[j].can_be_referent && eligible(j, k, &load, &busy, &seats))
            .count();
        (refs, k)
    });
    let seat =
        |j: usize, k: usize, load: &mut [u32], busy: &mut [Vec<bool>], seats: &mut [Vec<usize>]| {
            load[j] += 1;
            busy[j][ix.time_of[slots[k]]] = true;
            seats[k].push(j);
        };
    // Forced pairs first.
    for (i, forced) in ix.forced_on.iter().enumerate() {
        let k = items.iter().position(|l| l.contains(&i))?;
        for &j in forced {
            if !seats[k].contains(&j) {
                if !eligible(j, k, &load, &busy, &seats) {
                    return None;
                }
                seat(j, k, &mut load, &mut busy, &mut seats);
            }
        }
    }
    // Référents first, for every panel: they are the scarcest seats (a référent seated as a
    // plain member of an earlier panel could leave a later one without any).
    for &k in &panel_order {
        if rules.referent {
            let chosen = seats[k]
                .iter()
                .copied()
                .find(|&j| plan.jurors[j].can_be_referent)
                .or_else(|| {
                    (0..nj)
                        .filter(|&j| {
                            plan.jurors[j].can_be_referent && eligible(j, k, &load, &busy, &seats)
                        })
                        .min_by_key(|&j| (options(j), !relevant(j, k), j))
                })?;
            if !seats[k].contains(&chosen) {
                seat(chosen, k, &mut load, &mut busy, &mut seats);
            }
            referent[k] = Some(chosen);
        }
    }
    for &k in &panel_order {
        // A juror of each profile asked.
        let mut asked: Vec<String> = rules.profiles.iter().map(|q| fold(q)).collect();
        for &i in &items[k] {
            asked.extend(plan.items[i].profiles.iter().map(|q| fold(q)));
        }
        asked.sort();
        asked.dedup();
        for q in &asked {
            if seats[k].iter().any(|&j| ix.holds(j, q)) {
                continue;
            }
            let j = (0..nj)
                .filter(|&j| ix.holds(j, q) && eligible(j, k, &load, &busy, &seats))
                .min_by_key(|&j| (options(j), j))?;
            seat(j, k, &mut load, &mut busy, &mut seats);
        }
        // Up to the minimum size.
        while seats[k].len() < rules.size.min as usize {
            let j = (0..nj)
                .filter(|&j| eligible(j, k, &load, &busy, &seats))
                .min_by_key(|&j| (!relevant(j, k), same_org(ix, j, &seats[k]), options(j), j))?;
            seat(j, k, &mut load, &mut busy, &mut seats);
        }
        if seats[k].len() > rules.size.max as usize {
            return None;
        }
    }
    // Jurors who must sit more.
    for j in 0..nj {
        while load[j] < plan.jurors[j].load.min {
            let k = (0..count)
                .filter(|&k| {
                    seats[k].len() < rules.size.max as usize && eligible(j, k, &load, &busy, &seats)
                })
                .min_by_key(|&k| (seats[k].len(), k))?;
            seat(j, k, &mut load, &mut busy, &mut seats);
        }
    }
    // More seats, panel by panel, while they add to the objective: a relevant juror, best
    // with a new organisation, the one with the fewest other panels first.
    let w = plan.weights;
    for k in 0..count {
        while seats[k].len() < rules.size.max as usize {
            let best = (0..nj)
                .filter(|&j| eligible(j, k, &load, &busy, &seats))
                .map(|j| {
                    let gain = if relevant(j, k) { w.coverage } else { 0.0 }
                        - w.same_organisation * f64::from(u8::from(same_org(ix, j, &seats[k])))
                        - if load[j] >= 1 { w.extra_sitting } else { 0.0 };
                    (gain, j)
                })
                .filter(|&(gain, _)| gain > 1e-9)
                .max_by(|a, b| {
                    a.0.total_cmp(&b.0)
                        .then_with(|| choices[b.1].cmp(&choices[a.1]))
                        .then_with(|| b.1.cmp(&a.1))
                });
            let Some((_, j)) = best else { break };
            seat(j, k, &mut load, &mut busy, &mut seats);
        }
    }
    Some(
        (0..count)
            .map(|k| {
                let mut jurors = seats[k].clone();
                jurors.sort_unstable();
                SolvedPanel {
                    slot: slots[k],
                    items: {
                        let mut l = items[k].clone();
                        l.sort_unstable();
                        l
                    },
                    jurors,
                    referent: referent[k],
                }
            })
            .collect(),
    )
}

fn same_org(ix: &Prepared<'_>, j: usize, seated: &[usize]) -> bool {
    ix.org_of[j].is_some_and(|o| seated.iter().any(|&s| ix.org_of[s] == Some(o)))
}
