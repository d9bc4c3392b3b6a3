//! Min-cost flow by cost scaling (Goldberg–Tarjan push–relabel), for integer costs.
//!
//! The network of a capacitated assignment: a source `S` with a supply of the total demand less
//! the agents' minimum loads, an arc `S → agent` of capacity `max − min` for every agent (whose
//! minimum is a supply of the agent itself), an arc `agent → task` of capacity 1 for every
//! allowed pair, and a demand on every task.
//!
//! Costs are multiplied by `n + 1` (n nodes), so a flow that is ε-optimal for ε = 1 is optimal
//! ([Goldberg 1997, "An efficient implementation of a scaling minimum-cost flow algorithm"]).
//! Each phase divides ε by [`ALPHA`] and restores ε-optimality by pushes along admissible arcs
//! (reduced cost below zero) and relabels that lower a node's price to the most it may be. Two
//! heuristics of that paper keep the phases short: a global price update (a bucket search
//! backwards from the deficits, run at the start of a phase and after every `n` relabels), and
//! push look-ahead (a node with no excess and no admissible arc is relabelled before anything is
//! pushed to it). The time depends on `log(n · C)`, not on `C` itself.
//!
//! Nothing overflows: scaled costs must stay within 2^60, and a price that would leave ±2^60 stops
//! the solver with [`Stop::Range`], so that the caller solves the problem another way. A phase in
//! which an excess node can reach no deficit, or a price falls further than a feasible problem
//! allows, stops with [`Stop::Infeasible`]; the caller then names the binding constraint.

use super::lsa::Cost;
use std::collections::VecDeque;

/// Each phase divides ε by this.
const ALPHA: i64 = 8;
/// The largest scaled cost or price, so that `cost + p(v) − p(w)` never overflows.
const LIMIT: i64 = 1 << 60;

/// Why the solver stopped without a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// The problem has no feasible flow.
    Infeasible,
    /// Costs or prices would leave the range kept for exact arithmetic.
    Range,
}

/// The residual network, in compressed rows: the arcs out of node `v` are
/// `start[v]..start[v + 1]`; `rev[e]` is the arc paired with `e`.
struct Network {
    start: Vec<u32>,
    head: Vec<u32>,
    rev: Vec<u32>,
    cap: Vec<u32>,
    /// The capacity of the pair `e`, `rev[e]`: the residual of `rev[e]` is `pair[e] − cap[e]`,
    /// read without leaving the row.
    pair: Vec<u32>,
    cost: Vec<i64>,
    excess: Vec<i64>,
    price: Vec<i64>,
}

/// The input of the solver, already reduced by the forced pairs.
pub(super) struct Input<'a, T> {
    pub min: &'a [u32],
    pub max: &'a [u32],
    pub demand: &'a [u32],
    /// (agent, task, cost) of every allowed pair; every cost is an exact integer.
    pub arcs: &'a [(usize, usize, T)],
    /// Whether to maximise (the costs are negated).
    pub negate: bool,
    /// Pairs left out of the problem (forced).
    pub skip: &'a [bool],
}

/// Below this many pairs, the whole network is solved at once.
const WHOLE: usize = 20_000;
/// Rounds of candidate pairs before the whole network is solved.
const ROUNDS: usize = 24;

impl<T: Cost> Input<'_, T> {
    /// The integer cost to minimise of pair `k`.
    #[inline]
    fn cost(&self, k: usize) -> i64 {
        let c = self.arcs[k].2.exact_integer().unwrap_or(0);
        if self.negate { -c } else { c }
    }
}

/// Solves the flow; returns for each input arc whether it is used.
///
/// A large problem is first solved on candidate pairs: for each task its cheapest pairs (a few
/// more than its demand) and for each agent its cheapest (a few more than its minimum). Exact
/// potentials of that optimum then price every other pair: when none has a negative reduced
/// cost, the optimum is the whole problem's (no negative cycle can use them); otherwise those
/// pairs join the candidates and the round is solved again. After [`ROUNDS`] rounds, or when
/// the candidates alone admit no flow, the whole network is solved.
pub(super) fn solve<T: Cost>(input: &Input<'_, T>) -> Result<Vec<bool>, Stop> {
    solve_with(input, WHOLE, 4)
}

/// [`solve`], with the size below which the whole network is solved at once, and how many
/// pairs past its demand (or minimum) each task (or agent) has among the first candidates.
pub(super) fn solve_with<T: Cost>(
    input: &Input<'_, T>,
    whole: usize,
    extra: usize,
) -> Result<Vec<bool>, Stop> {
    let na = input.max.len();
    let nt = input.demand.len();
    let n = 1 + na + nt;
    let total: i64 = input.demand.iter().map(|&d| i64::from(d)).sum();
    let mins: i64 = input.min.iter().map(|&d| i64::from(d)).sum();
    if mins > total {
        return Err(Stop::Infeasible);
    }
    if u32::try_from(input.arcs.len() * 2 + 2 * n).is_err() {
        return Err(Stop::Range);
    }
    let scale = n as i64 + 1;
    let c_max = (0..input.arcs.len())
        .filter(|&k| !input.skip[k])
        .map(|k| input.cost(k).abs())
        .max()
        .unwrap_or(0);
    if c_max.checked_mul(scale).is_none_or(|x| x > LIMIT / 4) {
        return Err(Stop::Range);
    }
    let live = input.skip.iter().filter(|&&s| !s).count();
    if live > whole {
        let mut extra = extra;
        let mut chosen = candidates(input, extra);
        let mut count = chosen.iter().filter(|&&c| c).count();
        // The last optimum and its exact potentials, from which the next round starts.
        let mut last: Option<(Vec<bool>, Vec<i64>)> = None;
        for _ in 0..ROUNDS {
            if count > live / 2 {
                break;
            }
            let (mut net, forward) = Network::build(input, &chosen, scale);
            let solved = match &last {
                Some((used, pi)) => net.warm(input, used, &forward, pi).run_from(),
                None => net.run(),
            };
            match solved {
                Ok(()) => {}
                Err(Stop::Infeasible) if last.is_none() => {
                    // The candidates are too few to carry the flow: take more.
                    extra = extra * 2 + 1;
                    let more = candidates(input, extra);
                    chosen.iter_mut().zip(more).for_each(|(c, m)| *c |= m);
                    count = chosen.iter().filter(|&&c| c).count();
                    continue;
                }
                Err(e) => return Err(e),
            }
            let Some(pi) = net.potentials() else { break };
            let mut violated = false;
            for (k, &(a, t, _)) in input.arcs.iter().enumerate() {
                if !input.skip[k]
                    && !chosen[k]
                    && input.cost(k) * scale + pi[1 + a] - pi[1 + na + t] < 0
                {
                    chosen[k] = true;
                    count += 1;
                    violated = true;
                }
            }
            let used = net.used(&forward);
            if !violated {
                return Ok(used);
            }
            last = Some((used, pi));
        }
    }
    let all = vec![true; input.arcs.len()];
    let (mut net, forward) = Network::build(input, &all, scale);
    net.run()?;
    Ok(net.used(&forward))
}

/// For each task its `demand + extra` cheapest pairs, for each agent its `max + extra`.
fn candidates<T: Cost>(input: &Input<'_, T>, extra: usize) -> Vec<bool> {
    let na = input.max.len();
    let nt = input.demand.len();
    let mut chosen = vec![false; input.arcs.len()];
    // Pairs grouped by task, then by agent (counting sorts), the cheapest of each group taken.
    let mut take = |groups: usize, of: &dyn Fn(usize) -> usize, want: &dyn Fn(usize) -> usize| {
        let mut start = vec![0usize; groups + 1];
        for (k, &(a, t, _)) in input.arcs.iter().enumerate() {
            if !input.skip[k] {
                start[of(if groups == nt { t } else { a }) + 1] += 1;
            }
        }
        for g in 0..groups {
            start[g + 1] += start[g];
        }
        let mut fill = start.clone();
        let mut order = vec![0u32; start[groups]];
        for (k, &(a, t, _)) in input.arcs.iter().enumerate() {
            if !input.skip[k] {
                let g = of(if groups == nt { t } else { a });
                order[fill[g]] = k as u32;
                fill[g] += 1;
            }
        }
        for g in 0..groups {
            let list = &mut order[start[g]..start[g + 1]];
            let w = want(g).min(list.len());
            if w == 0 {
                continue;
            }
            if w < list.len() {
                // Ties are broken by a scramble of the position, not the position itself,
                // so that every agent's (or task's) ties do not fall on the same few tasks.
                list.select_nth_unstable_by_key(w - 1, |&k| {
                    (input.cost(k as usize), k.wrapping_mul(0x9E37_79B9), k)
                });
            }
            for &k in &list[..w] {
                chosen[k as usize] = true;
            }
        }
    };
    take(nt, &|t| t, &|t| input.demand[t] as usize + extra);
    take(na, &|a| a, &|a| input.max[a] as usize + extra);
    chosen
}

impl Network {
    /// The network of the pairs `include`, with costs multiplied by `scale`; and the arc of
    /// each included pair.
    fn build<T: Cost>(input: &Input<'_, T>, include: &[bool], scale: i64) -> (Network, Vec<u32>) {
        let na = input.max.len();
        let nt = input.demand.len();
        let n = 1 + na + nt;
        let agent = |a: usize| 1 + a;
        let task = |t: usize| 1 + na + t;
        let used = |k: usize| include[k] && !input.skip[k];
        let mut degree = vec![0u32; n + 1];
        for a in 0..na {
            if input.max[a] > input.min[a] {
                degree[0] += 1;
                degree[agent(a)] += 1;
            }
        }
        for (k, &(a, t, _)) in input.arcs.iter().enumerate() {
            if used(k) {
                degree[agent(a)] += 1;
                degree[task(t)] += 1;
            }
        }
        let mut start = vec![0u32; n + 1];
        for v in 0..n {
            start[v + 1] = start[v] + degree[v];
        }
        let m = start[n] as usize;
        let mut net = Network {
            head: vec![0; m],
            rev: vec![0; m],
            cap: vec![0; m],
            pair: vec![0; m],
            cost: vec![0; m],
            excess: vec![0; n],
            price: vec![0; n],
            start,
        };
        let mut fill: Vec<u32> = net.start[..n].to_vec();
        let mut add = |net: &mut Network, u: usize, v: usize, cap: u32, cost: i64| -> u32 {
            let (e, r) = (fill[u], fill[v]);
            fill[u] += 1;
            fill[v] += 1;
            let (ei, ri) = (e as usize, r as usize);
            net.head[ei] = v as u32;
            net.head[ri] = u as u32;
            net.rev[ei] = r;
            net.rev[ri] = e;
            net.cap[ei] = cap;
            net.pair[ei] = cap;
            net.pair[ri] = cap;
            net.cost[ei] = cost;
            net.cost[ri] = -cost;
            e
        };
        for a in 0..na {
            if input.max[a] > input.min[a] {
                add(&mut net, 0, agent(a), input.max[a] - input.min[a], 0);
            }
        }
        let mut forward = vec![u32::MAX; input.arcs.len()];
        for (k, &(a, t, _)) in input.arcs.iter().enumerate() {
            if used(k) {
                forward[k] = add(&mut net, agent(a), task(t), 1, input.cost(k) * scale);
            }
        }
        let total: i64 = input.demand.iter().map(|&d| i64::from(d)).sum();
        let mins: i64 = input.min.iter().map(|&d| i64::from(d)).sum();
        net.excess[0] = total - mins;
        for a in 0..na {
            net.excess[agent(a)] = i64::from(input.min[a]);
        }
        for t in 0..nt {
            net.excess[task(t)] = -i64::from(input.demand[t]);
        }
        (net, forward)
    }

    /// Every phase, from ε = the largest cost down to 1.
    fn run(&mut self) -> Result<(), Stop> {
        let c_max = self.cost.iter().map(|c| c.abs()).max().unwrap_or(0);
        self.phases(c_max.max(1))
    }

    /// Every phase from a feasible flow and its prices: ε starts at the most negative reduced
    /// cost of a residual arc (the pairs added since the flow was optimal).
    fn run_from(&mut self) -> Result<(), Stop> {
        let mut worst = 0i64;
        for v in 0..self.nodes() {
            for e in self.start[v] as usize..self.start[v + 1] as usize {
                if self.cap[e] > 0 {
                    worst = worst.min(self.reduced(v, e));
                }
            }
        }
        self.phases((-worst).max(1))
    }

    /// Phases from an `eps`-optimal flow (or any flow when `eps` bounds every cost).
    fn phases(&mut self, mut eps: i64) -> Result<(), Stop> {
        let mut work = Work::new(self.nodes());
        loop {
            let old = eps;
            eps = (eps / ALPHA).max(1);
            // Given up on: the shortest-path repair, which the caller falls back to, says so.
            if crate::stop::requested() {
                return Err(Stop::Range);
            }
            self.refine(eps, old, &mut work)?;
            if eps == 1 {
                return Ok(());
            }
        }
    }

    /// Sets the flow to the pairs `used` (a feasible flow of an earlier round, every pair of
    /// which is in this network) and the prices to `pi`.
    fn warm<T: Cost>(
        &mut self,
        input: &Input<'_, T>,
        used: &[bool],
        forward: &[u32],
        pi: &[i64],
    ) -> &mut Self {
        let na = input.max.len();
        let mut load = vec![0u32; na];
        for (k, &(a, _, _)) in input.arcs.iter().enumerate() {
            if used[k] && forward[k] != u32::MAX {
                self.push(1 + a, forward[k] as usize, 1);
                load[a] += 1;
            }
        }
        for e in self.start[0] as usize..self.start[1] as usize {
            let a = self.head[e] as usize - 1;
            let over = load[a].saturating_sub(input.min[a]);
            if over > 0 {
                self.push(0, e, over);
            }
        }
        self.price.copy_from_slice(pi);
        self
    }

    /// Whether each pair is used, from the arc of each.
    fn used(&self, forward: &[u32]) -> Vec<bool> {
        forward
            .iter()
            .map(|&e| e != u32::MAX && self.cap[e as usize] == 0)
            .collect()
    }

    /// Exact potentials of an optimal flow: every residual arc has a reduced cost of at least
    /// zero. The 1-optimal prices are corrected by label-correcting shortest paths (there is no
    /// negative cycle, the flow being optimal).
    fn potentials(&self) -> Option<Vec<i64>> {
        let n = self.nodes();
        let mut pi = self.price.clone();
        // pi must satisfy cost(v, w) + pi(v) − pi(w) ≥ 0: pi(w) ≤ pi(v) + cost(v, w).
        let mut queue: VecDeque<u32> = (0..n as u32).collect();
        let mut queued = vec![true; n];
        let mut rounds = 0usize;
        let limit = n.saturating_mul(n).max(1 << 20);
        while let Some(v) = queue.pop_front() {
            let v = v as usize;
            queued[v] = false;
            rounds += 1;
            if rounds > limit {
                return None;
            }
            for e in self.start[v] as usize..self.start[v + 1] as usize {
                if self.cap[e] == 0 {
                    continue;
                }
                let w = self.head[e] as usize;
                let bound = pi[v] + self.cost[e];
                if pi[w] > bound {
                    pi[w] = bound;
                    if !queued[w] {
                        queued[w] = true;
                        queue.push_back(w as u32);
                    }
                }
            }
        }
        Some(pi)
    }
}

/// Buffers reused from phase to phase.
struct Work {
    current: Vec<u32>,
    queue: VecDeque<u32>,
    start_price: Vec<i64>,
    dist: Vec<u64>,
    buckets: Vec<Vec<u32>>,
}

impl Work {
    fn new(n: usize) -> Self {
        Work {
            current: vec![0; n],
            queue: VecDeque::new(),
            start_price: vec![0; n],
            dist: vec![0; n],
            buckets: Vec::new(),
        }
    }
}

impl Network {
    fn nodes(&self) -> usize {
        self.excess.len()
    }

    #[inline]
    fn reduced(&self, v: usize, e: usize) -> i64 {
        self.cost[e] + self.price[v] - self.price[self.head[e] as usize]
    }

    #[inline]
    fn push(&mut self, v: usize, e: usize, amount: u32) {
        let w = self.head[e] as usize;
        self.cap[e] -= amount;
        self.cap[self.rev[e] as usize] += amount;
        self.excess[v] -= i64::from(amount);
        self.excess[w] += i64::from(amount);
    }

    /// Makes an ε_old-optimal flow ε-optimal (a pseudoflow with no excess left).
    fn refine(&mut self, eps: i64, eps_old: i64, work: &mut Work) -> Result<(), Stop> {
        let n = self.nodes();
        // Saturate every residual arc of negative reduced cost: the pseudoflow is 0-optimal.
        for v in 0..n {
            for e in self.start[v] as usize..self.start[v + 1] as usize {
                if self.cap[e] > 0 && self.reduced(v, e) < 0 {
                    let c = self.cap[e];
                    self.push(v, e, c);
                }
            }
        }
        work.start_price.copy_from_slice(&self.price);
        // A node with excess in a feasible problem has a residual path to a deficit whose
        // reverse was residual at the phase's start: its price cannot fall further than this.
        let bound = (n as i64 + 1).saturating_mul(eps.saturating_add(eps_old));
        self.update_prices(eps, work)?;
        work.queue.clear();
        for v in 0..n {
            work.current[v] = self.start[v];
            if self.excess[v] > 0 {
                work.queue.push_back(v as u32);
            }
        }
        let mut relabels = 0usize;
        while let Some(v) = work.queue.pop_front() {
            self.discharge(v as usize, eps, bound, work, &mut relabels)?;
            if relabels >= n {
                relabels = 0;
                self.update_prices(eps, work)?;
                for u in 0..n {
                    work.current[u] = self.start[u];
                }
                for &u in &work.queue {
                    let u = u as usize;
                    if self.price[u] < work.start_price[u].saturating_sub(bound) {
                        return Err(Stop::Infeasible);
                    }
                }
            }
        }
        Ok(())
    }

    /// Pushes the excess of `v` along admissible arcs, relabelling it when none is left.
    fn discharge(
        &mut self,
        v: usize,
        eps: i64,
        bound: i64,
        work: &mut Work,
        relabels: &mut usize,
    ) -> Result<(), Stop> {
        let end = self.start[v + 1];
        while self.excess[v] > 0 {
            let mut e = work.current[v];
            while e < end {
                let ei = e as usize;
                if self.cap[ei] > 0 && self.reduced(v, ei) < 0 {
                    let w = self.head[ei] as usize;
                    // Look-ahead: a node that could pass nothing on gets a new price first.
                    if self.excess[w] >= 0 && !self.has_admissible(w, work) {
                        self.relabel(w, eps)?;
                        work.current[w] = self.start[w];
                        *relabels += 1;
                        if self.reduced(v, ei) >= 0 {
                            e += 1;
                            continue;
                        }
                    }
                    let was = self.excess[w];
                    let amount = (self.cap[ei] as i64).min(self.excess[v]) as u32;
                    self.push(v, ei, amount);
                    if was <= 0 && self.excess[w] > 0 {
                        work.queue.push_back(w as u32);
                    }
                    if self.excess[v] == 0 {
                        break;
                    }
                }
                e += 1;
            }
            work.current[v] = e;
            if self.excess[v] > 0 {
                if e < end {
                    continue;
                }
                self.relabel(v, eps)?;
                if self.price[v] < work.start_price[v].saturating_sub(bound) {
                    return Err(Stop::Infeasible);
                }
                work.current[v] = self.start[v];
                *relabels += 1;
            }
        }
        Ok(())
    }

    /// Whether `w` has an admissible arc, moving its current arc to the first one.
    fn has_admissible(&self, w: usize, work: &mut Work) -> bool {
        let end = self.start[w + 1];
        let mut e = work.current[w];
        while e < end {
            let ei = e as usize;
            if self.cap[ei] > 0 && self.reduced(w, ei) < 0 {
                work.current[w] = e;
                return true;
            }
            e += 1;
        }
        work.current[w] = end;
        false
    }

    /// Lowers the price of `v` to the highest at which one of its residual arcs is admissible
    /// and every one is at least −ε.
    fn relabel(&mut self, v: usize, eps: i64) -> Result<(), Stop> {
        let mut best = i64::MIN;
        for e in self.start[v] as usize..self.start[v + 1] as usize {
            if self.cap[e] > 0 {
                let p = self.price[self.head[e] as usize] - self.cost[e];
                if p > best {
                    best = p;
                }
            }
        }
        if best == i64::MIN {
            // No residual arc at all: if it has excess, nothing can carry it away.
            return if self.excess[v] > 0 {
                Err(Stop::Infeasible)
            } else {
                Ok(())
            };
        }
        let p = best - eps;
        if p < -LIMIT {
            return Err(Stop::Range);
        }
        self.price[v] = p;
        Ok(())
    }

    /// The global price update: each node's price falls by ε times its distance to a deficit,
    /// an arc of reduced cost `c` having length ⌊c/ε⌋ + 1. Keeps ε-optimality and makes the
    /// shortest routes to the deficits admissible.
    fn update_prices(&mut self, eps: i64, work: &mut Work) -> Result<(), Stop> {
        let n = self.nodes();
        const UNSEEN: u64 = u64::MAX;
        let dist = &mut work.dist;
        dist.fill(UNSEEN);
        // Distances past this are all treated as this plus one, which keeps ε-optimality.
        let cap = 4 * n as u64 + 16;
        for b in &mut work.buckets {
            b.clear();
        }
        let bucket = |buckets: &mut Vec<Vec<u32>>, d: u64, v: usize| {
            let d = d as usize;
            if buckets.len() <= d {
                buckets.resize_with(d + 1, Vec::new);
            }
            buckets[d].push(v as u32);
        };
        let mut waiting = 0usize;
        for (v, &x) in self.excess.iter().enumerate() {
            if x < 0 {
                dist[v] = 0;
                bucket(&mut work.buckets, 0, v);
            } else if x > 0 {
                waiting += 1;
            }
        }
        if waiting == 0 {
            return Ok(());
        }
        let mut done = vec![false; n];
        let mut level: u64 = 0;
        let mut capped = false;
        let mut last = 0u64;
        while waiting > 0 && (level as usize) < work.buckets.len() {
            while let Some(w) = work.buckets[level as usize].pop() {
                let w = w as usize;
                if done[w] || dist[w] != level {
                    continue;
                }
                done[w] = true;
                last = level;
                if self.excess[w] > 0 {
                    waiting -= 1;
                }
                for e in self.start[w] as usize..self.start[w + 1] as usize {
                    let v = self.head[e] as usize;
                    // The arc paired with e, v → w, if it is residual.
                    if done[v] || self.pair[e] == self.cap[e] {
                        continue;
                    }
                    let c = -self.cost[e] + self.price[v] - self.price[w];
                    let len = (c.div_euclid(eps) + 1).max(0) as u64;
                    let d = level + len;
                    if d > cap {
                        capped = true;
                        continue;
                    }
                    if d < dist[v] {
                        dist[v] = d;
                        bucket(&mut work.buckets, d, v);
                    }
                }
            }
            level += 1;
        }
        if waiting > 0 && !capped {
            // Every residual path was followed: some excess can reach no deficit.
            return Err(Stop::Infeasible);
        }
        // The level is finished through `last`; nodes not finished get one more.
        let rest = last + 1;
        for v in 0..n {
            let d = if done[v] { dist[v] } else { rest };
            if d > 0 {
                let drop = i64::try_from(d)
                    .ok()
                    .and_then(|d| d.checked_mul(eps))
                    .ok_or(Stop::Range)?;
                let p = self.price[v] - drop;
                if p < -LIMIT {
                    return Err(Stop::Range);
                }
                self.price[v] = p;
            }
        }
        Ok(())
    }
}
