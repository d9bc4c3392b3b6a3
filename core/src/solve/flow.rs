//! Capacitated assignment as a min-cost flow: agents (mentors, référents) with a minimum and
//! a maximum load, tasks (teams) with a demand, allowed pairs with costs, forced pairs.
//!
//! Every task gets exactly its demand in distinct agents, every agent's load stays within its
//! bounds, each allowed pair is used at most once, and the total cost is minimal (or maximal).
//!
//! Two exact methods. Integer costs (and floats that are whole numbers) are solved by cost
//! scaling (push–relabel, in `scaling`), whose time grows with the logarithm of the cost range,
//! not with the range. Fractional costs, and problems cost scaling cannot settle (infeasible
//! ones, or costs too large for its exact arithmetic), go to successive shortest paths: a relaxed
//! optimum (each task takes its cheapest allowed agents, loads ignored) repaired with node
//! potentials, one unit of load at a time, from an agent over its maximum (or to an agent under
//! its minimum) along the cheapest chain of reassignments. When no chain exists, that repair
//! names the binding constraint. Both are deterministic.

use super::lsa::Cost;
use super::scaling;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A capacitated assignment problem.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowProblem<T> {
    /// Smallest load of each agent.
    pub agent_min: Vec<u32>,
    /// Largest load of each agent.
    pub agent_max: Vec<u32>,
    /// How many distinct agents each task needs.
    pub task_demand: Vec<u32>,
    /// Allowed pairs: (agent, task, cost). A pair not listed is forbidden.
    pub arcs: Vec<(usize, usize, T)>,
    /// Pairs that must be in the result; each must also be an allowed pair.
    pub forced: Vec<(usize, usize)>,
}

/// An optimal capacitated assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowSolution<T> {
    /// The (agent, task) pairs chosen, sorted.
    pub pairs: Vec<(usize, usize)>,
    /// Their total cost.
    pub cost: T,
    /// The load of each agent.
    pub loads: Vec<u32>,
}

/// Why a capacitated assignment has no solution, or is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FlowError {
    /// The bounds of the agents do not have one value per agent.
    #[error("{min} minimum loads for {max} maximum loads")]
    AgentCount {
        /// Minimum loads given.
        min: usize,
        /// Maximum loads given.
        max: usize,
    },
    /// An arc names an agent or task that does not exist.
    #[error("pair {index} names agent {agent} and task {task}, out of range")]
    OutOfRange {
        /// The arc's position.
        index: usize,
        /// Its agent.
        agent: usize,
        /// Its task.
        task: usize,
    },
    /// A cost is NaN or infinite.
    #[error("pair {index} (agent {agent}, task {task}) has an invalid cost {value}")]
    InvalidCost {
        /// The arc's position.
        index: usize,
        /// Its agent.
        agent: usize,
        /// Its task.
        task: usize,
        /// The value, as text.
        value: String,
    },
    /// The same pair is listed twice.
    #[error("the pair agent {agent}, task {task} is listed twice")]
    DuplicatePair {
        /// The agent.
        agent: usize,
        /// The task.
        task: usize,
    },
    /// A forced pair is not an allowed pair.
    #[error("the forced pair agent {agent}, task {task} is not an allowed pair")]
    ForcedNotAllowed {
        /// The agent.
        agent: usize,
        /// The task.
        task: usize,
    },
    /// An agent's minimum load is above its maximum.
    #[error("agent {agent} has a minimum load {min} above its maximum {max}")]
    MinAboveMax {
        /// The agent.
        agent: usize,
        /// Its minimum.
        min: u32,
        /// Its maximum.
        max: u32,
    },
    /// Forced pairs give an agent more tasks than its maximum, or a task more agents than its
    /// demand.
    #[error("the forced pairs exceed the {what} of {whose} {index}")]
    ForcedOverflow {
        /// `maximum load` or `demand`.
        what: &'static str,
        /// `agent` or `task`.
        whose: &'static str,
        /// Its index.
        index: usize,
    },
    /// A task has fewer allowed agents than it needs.
    #[error("task {task} needs {demand} agents, only {allowed} are allowed")]
    TaskShort {
        /// The task.
        task: usize,
        /// Its demand.
        demand: u32,
        /// Its allowed agents.
        allowed: usize,
    },
    /// Some tasks need more assignments than all the agents they may use have spare load.
    #[error(
        "tasks {tasks:?} need {demand} assignments, but their allowed agents {agents:?} have a total maximum load of {capacity}"
    )]
    NotEnoughCapacity {
        /// The tasks.
        tasks: Vec<usize>,
        /// Every agent they may use.
        agents: Vec<usize>,
        /// What the tasks need in all.
        demand: u64,
        /// What those agents can take in all.
        capacity: u64,
    },
    /// An agent cannot reach its minimum load.
    #[error(
        "agent {agent} needs a load of at least {min}, but at most {reachable} of its allowed tasks can be given to it (forced pairs aside)"
    )]
    MinimumUnreachable {
        /// The agent.
        agent: usize,
        /// Its minimum load.
        min: u32,
        /// The most it can get.
        reachable: u32,
    },
    /// The work was given up on: run under a [`crate::stop::Stop`] that was raised.
    #[error("{}", crate::stop::Stopped)]
    Stopped,
}

const NONE: usize = usize::MAX;

#[derive(PartialEq)]
struct Item<T: Cost>(T, usize);
impl<T: Cost> Eq for Item<T> {}
impl<T: Cost> PartialOrd for Item<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T: Cost> Ord for Item<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

/// Solves a capacitated assignment (minimum cost, or maximum with `maximize`).
///
/// ```
/// use eig::solve::{FlowProblem, capacitated_assignment};
/// // Two mentors (at most 1 team each), one team that needs both.
/// let p = FlowProblem {
///     agent_min: vec![0, 0], agent_max: vec![1, 1], task_demand: vec![2],
///     arcs: vec![(0, 0, 3i64), (1, 0, 4)], forced: vec![],
/// };
/// let s = capacitated_assignment(&p, false).unwrap();
/// assert_eq!((s.pairs, s.cost), (vec![(0, 0), (1, 0)], 7));
/// ```
///
/// # Errors
/// Malformed input, or an infeasible problem with the constraint that binds.
pub fn capacitated_assignment<T: Cost>(
    p: &FlowProblem<T>,
    maximize: bool,
) -> Result<FlowSolution<T>, FlowError> {
    let fixed = prepare(p)?;
    // Integer costs (or floats that are whole numbers) are solved by cost scaling, whose time
    // does not grow with the range of the costs. It leaves to the shortest-path repair the
    // problems it cannot settle: infeasible ones, whose binding constraint that repair names,
    // and costs too large for its exact arithmetic.
    if let Some(Ok(used)) = scaled(p, &fixed, maximize, None) {
        return Ok(solution(p, &used, &fixed));
    }
    shortest_paths(p, &fixed, maximize)
}

/// The problem less its forced pairs: which pairs are fixed, and the bounds left.
struct Fixed {
    pairs: Vec<bool>,
    min: Vec<u32>,
    max: Vec<u32>,
    demand: Vec<u32>,
    loads: Vec<u32>,
}

/// Checks the problem and takes the forced pairs out of it.
fn prepare<T: Cost>(p: &FlowProblem<T>) -> Result<Fixed, FlowError> {
    let na = p.agent_max.len();
    let nt = p.task_demand.len();
    if p.agent_min.len() != na {
        return Err(FlowError::AgentCount {
            min: p.agent_min.len(),
            max: na,
        });
    }
    for a in 0..na {
        if p.agent_min[a] > p.agent_max[a] {
            return Err(FlowError::MinAboveMax {
                agent: a,
                min: p.agent_min[a],
                max: p.agent_max[a],
            });
        }
    }
    check_arcs(p, na, nt)?;
    // Forced pairs are fixed: they leave the problem and shrink the bounds.
    let mut fixed = vec![false; p.arcs.len()];
    let mut min = p.agent_min.clone();
    let mut max = p.agent_max.clone();
    let mut demand = p.task_demand.clone();
    let mut forced_loads = vec![0u32; na];
    let mut index_of: std::collections::HashMap<(usize, usize), usize> =
        p.forced.iter().map(|&pair| (pair, NONE)).collect();
    if !index_of.is_empty() {
        for (k, &(a, t, _)) in p.arcs.iter().enumerate() {
            if let Some(slot) = index_of.get_mut(&(a, t)) {
                *slot = k;
            }
        }
    }
    for &(a, t) in &p.forced {
        let k = index_of[&(a, t)];
        if k == NONE {
            return Err(FlowError::ForcedNotAllowed { agent: a, task: t });
        }
        if fixed[k] {
            continue;
        }
        fixed[k] = true;
        max[a] = max[a].checked_sub(1).ok_or(FlowError::ForcedOverflow {
            what: "maximum load",
            whose: "agent",
            index: a,
        })?;
        min[a] = min[a].saturating_sub(1);
        demand[t] = demand[t].checked_sub(1).ok_or(FlowError::ForcedOverflow {
            what: "demand",
            whose: "task",
            index: t,
        })?;
        forced_loads[a] += 1;
    }
    Ok(Fixed {
        pairs: fixed,
        min,
        max,
        demand,
        loads: forced_loads,
    })
}

/// Cost scaling, when every cost is an integer: which pairs are used, or why it stopped.
///
/// `candidates` overrides the size past which candidate pairs are tried first, and how many
/// each task and agent gets (for tests).
fn scaled<T: Cost>(
    p: &FlowProblem<T>,
    fixed: &Fixed,
    maximize: bool,
    candidates: Option<(usize, usize)>,
) -> Option<Result<Vec<bool>, scaling::Stop>> {
    if !p.arcs.iter().all(|a| a.2.exact_integer().is_some()) {
        return None;
    }
    let input = scaling::Input {
        min: &fixed.min,
        max: &fixed.max,
        demand: &fixed.demand,
        arcs: &p.arcs,
        negate: maximize,
        skip: &fixed.pairs,
    };
    Some(match candidates {
        None => scaling::solve(&input),
        Some((whole, extra)) => scaling::solve_with(&input, whole, extra),
    })
}

/// The relaxed optimum repaired by successive shortest paths; names the binding constraint of
/// an infeasible problem.
fn shortest_paths<T: Cost>(
    p: &FlowProblem<T>,
    fixed: &Fixed,
    maximize: bool,
) -> Result<FlowSolution<T>, FlowError> {
    let na = p.agent_max.len();
    let nt = p.task_demand.len();
    let (min, max) = (&fixed.min, &fixed.max);
    let demand = &fixed.demand;
    let fixed_pairs = &fixed.pairs;

    // Arcs by task and by agent, costs negated to maximise.
    let cost_of = |k: usize| if maximize { -p.arcs[k].2 } else { p.arcs[k].2 };
    let mut by_task: Vec<Vec<usize>> = vec![Vec::new(); nt];
    let mut by_agent: Vec<Vec<usize>> = vec![Vec::new(); na];
    for k in 0..p.arcs.len() {
        if !fixed_pairs[k] {
            by_task[p.arcs[k].1].push(k);
            by_agent[p.arcs[k].0].push(k);
        }
    }

    // The relaxed optimum: each task takes its cheapest allowed agents.
    let mut used = vec![false; p.arcs.len()];
    let mut task_used: Vec<Vec<usize>> = vec![Vec::new(); nt];
    // The used arcs of each agent, so a search never scans an agent's unused ones for them.
    let mut agent_used: Vec<Vec<usize>> = vec![Vec::new(); na];
    let mut load = vec![0u32; na];
    // Potentials: node 0 is the source, then agents, then tasks.
    let src = 0usize;
    let agent_node = |a: usize| 1 + a;
    let task_node = |t: usize| 1 + na + t;
    let nodes = 1 + na + nt;
    let mut pi = vec![T::ZERO; nodes];
    for t in 0..nt {
        let d = demand[t] as usize;
        let list = &mut by_task[t];
        if d == 0 {
            // No arc is used: a potential at or below every cost keeps them non-negative.
            pi[task_node(t)] = list
                .iter()
                .map(|&k| cost_of(k))
                .fold(T::ZERO, |m, c| if c < m { c } else { m });
            continue;
        }
        if list.len() < d {
            return Err(FlowError::TaskShort {
                task: t,
                demand: demand[t],
                allowed: list.len(),
            });
        }
        list.sort_by(|&x, &y| {
            cost_of(x)
                .total_cmp(&cost_of(y))
                .then(p.arcs[x].0.cmp(&p.arcs[y].0))
        });
        // Any d cheapest arcs are a relaxed optimum; among ties at the d-th cost, the least
        // loaded agents (then the lowest index) are taken, which leaves less to repair.
        let cut = cost_of(list[d - 1]);
        let below = list.iter().take_while(|&&k| cost_of(k) < cut).count();
        let tied_end = below
            + list[below..]
                .iter()
                .take_while(|&&k| cost_of(k) == cut)
                .count();
        list[below..tied_end].sort_by_key(|&k| (load[p.arcs[k].0], p.arcs[k].0));
        for &k in &list[..d] {
            used[k] = true;
            task_used[t].push(k);
            agent_used[p.arcs[k].0].push(k);
            load[p.arcs[k].0] += 1;
        }
        // Reduced costs: unused a→t is c + π_a − π_t ≥ 0, used t→a is −c + π_t − π_a ≥ 0.
        pi[task_node(t)] = cost_of(list[d - 1]);
    }

    // The source's arcs carry clamp(load, min, max); imbalances are repaired by shortest paths.
    let mut inflow: Vec<u32> = (0..na).map(|a| load[a].clamp(min[a], max[a])).collect();
    // Excess of each node: positive must leave, negative must arrive.
    let mut excess = vec![0i64; nodes];
    for a in 0..na {
        let e = i64::from(inflow[a]) - i64::from(load[a]);
        excess[agent_node(a)] += e;
        excess[src] -= e;
    }

    let mut dist = vec![T::INFINITY; nodes];
    let mut done = vec![false; nodes];
    // pred[v] = (previous node, arc), with NONE as the arc of a source arc (src ↔ agent).
    let mut pred: Vec<(usize, usize)> = vec![(NONE, NONE); nodes];
    let mut touched: Vec<usize> = Vec::new();
    let mut settled: Vec<usize> = Vec::new();
    let mut heap: BinaryHeap<Item<T>> = BinaryHeap::new();
    loop {
        if crate::stop::requested() {
            return Err(FlowError::Stopped);
        }
        for &v in &touched {
            dist[v] = T::INFINITY;
            done[v] = false;
            pred[v] = (NONE, NONE);
        }
        touched.clear();
        settled.clear();
        heap.clear();
        // Search from the side with few nodes: backwards from overloaded agents when the
        // source has units to place (their few tasks lead to many candidate agents), forwards
        // from agents under their minimum otherwise.
        let reverse = excess[src] > 0;
        for v in 0..nodes {
            if (reverse && excess[v] < 0) || (!reverse && excess[v] > 0) {
                dist[v] = T::ZERO;
                touched.push(v);
                heap.push(Item(T::ZERO, v));
            }
        }
        if heap.is_empty() {
            break;
        }
        let mut found = NONE;
        while let Some(Item(d, u)) = heap.pop() {
            if done[u] || d > dist[u] {
                continue;
            }
            done[u] = true;
            settled.push(u);
            if (reverse && excess[u] > 0) || (!reverse && excess[u] < 0) {
                found = u;
                break;
            }
            // Relax the residual arc between `u` and `v` (v→u when searching backwards) whose
            // cost is `c`; `via` remembers the arc to walk back along.
            macro_rules! relax {
                ($v:expr, $c:expr, $arc:expr) => {{
                    let v = $v;
                    if !done[v] {
                        let r = if reverse {
                            d + $c + pi[v] - pi[u]
                        } else {
                            d + $c + pi[u] - pi[v]
                        };
                        if r < dist[v] {
                            if dist[v].is_forbidden() {
                                touched.push(v);
                            }
                            dist[v] = r;
                            pred[v] = (u, $arc);
                            heap.push(Item(r, v));
                        }
                    }
                }};
            }
            if !reverse {
                if u == src {
                    for a in 0..na {
                        if inflow[a] < max[a] {
                            relax!(agent_node(a), T::ZERO, NONE);
                        }
                    }
                } else if u <= na {
                    let a = u - 1;
                    if inflow[a] > min[a] {
                        relax!(src, T::ZERO, NONE);
                    }
                    for &k in &by_agent[a] {
                        if !used[k] {
                            relax!(task_node(p.arcs[k].1), cost_of(k), k);
                        }
                    }
                } else {
                    for &k in &task_used[u - 1 - na] {
                        relax!(agent_node(p.arcs[k].0), -cost_of(k), k);
                    }
                }
            } else if u == src {
                // Arcs into the source: agent→src, open when the agent is above its minimum.
                for a in 0..na {
                    if inflow[a] > min[a] {
                        relax!(agent_node(a), T::ZERO, NONE);
                    }
                }
            } else if u <= na {
                // Arcs into an agent: src→agent (spare load) and task→agent (a used pair).
                let a = u - 1;
                if inflow[a] < max[a] {
                    relax!(src, T::ZERO, NONE);
                }
                for &k in &agent_used[a] {
                    relax!(task_node(p.arcs[k].1), -cost_of(k), k);
                }
            } else {
                // Arcs into a task: agent→task for every unused allowed pair.
                for &k in &by_task[u - 1 - na] {
                    if !used[k] {
                        relax!(agent_node(p.arcs[k].0), cost_of(k), k);
                    }
                }
            }
        }
        if found == NONE {
            let sources: Vec<usize> = (0..nodes).filter(|&v| excess[v] > 0).collect();
            return Err(explain(p, max, demand, &sources, &by_task, &task_used, na));
        }
        // Potentials: settled nodes move by their distance less the one found.
        let df = dist[found];
        for &v in &settled {
            pi[v] = if reverse {
                pi[v] + df - dist[v]
            } else {
                pi[v] + dist[v] - df
            };
        }
        // Augment one unit along the path. Each step is the arc `from → to` (forward).
        let mut v = found;
        loop {
            let (u, k) = pred[v];
            if u == NONE {
                break;
            }
            let (from, to) = if reverse { (v, u) } else { (u, v) };
            if k == NONE {
                if from == src {
                    inflow[to - 1] += 1;
                } else {
                    inflow[from - 1] -= 1;
                }
            } else if from != src && from <= na {
                used[k] = true;
                task_used[p.arcs[k].1].push(k);
                agent_used[p.arcs[k].0].push(k);
            } else {
                used[k] = false;
                for list in [&mut task_used[p.arcs[k].1], &mut agent_used[p.arcs[k].0]] {
                    if let Some(pos) = list.iter().position(|&x| x == k) {
                        list.swap_remove(pos);
                    }
                }
            }
            v = u;
        }
        // `v` is where the search started: a deficit node backwards, an excess node forwards.
        let (from_node, to_node) = if reverse { (found, v) } else { (v, found) };
        excess[from_node] -= 1;
        excess[to_node] += 1;
    }

    Ok(solution(p, &used, fixed))
}

/// The pairs used or forced, their cost and the agents' loads.
fn solution<T: Cost>(p: &FlowProblem<T>, used: &[bool], fixed: &Fixed) -> FlowSolution<T> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut loads = fixed.loads.clone();
    let fixed = &fixed.pairs;
    for k in 0..p.arcs.len() {
        if used[k] || fixed[k] {
            pairs.push((p.arcs[k].0, p.arcs[k].1));
            if used[k] {
                loads[p.arcs[k].0] += 1;
            }
        }
    }
    pairs.sort_unstable();
    let cost = (0..p.arcs.len())
        .filter(|&k| used[k] || fixed[k])
        .map(|k| p.arcs[k].2)
        .sum();
    FlowSolution { pairs, cost, loads }
}

/// The first malformed arc, in the order of the list: out of range, an invalid cost, or a pair
/// listed a second time. Linear: the pairs are grouped by agent, not hashed.
fn check_arcs<T: Cost>(p: &FlowProblem<T>, na: usize, nt: usize) -> Result<(), FlowError> {
    let mut bad: Option<(usize, FlowError)> = None;
    for (k, &(a, t, c)) in p.arcs.iter().enumerate() {
        if a >= na || t >= nt {
            bad = Some((
                k,
                FlowError::OutOfRange {
                    index: k,
                    agent: a,
                    task: t,
                },
            ));
            break;
        }
        if c.is_invalid() || c.is_forbidden() {
            bad = Some((
                k,
                FlowError::InvalidCost {
                    index: k,
                    agent: a,
                    task: t,
                    value: c.to_string(),
                },
            ));
            break;
        }
    }
    let limit = bad.as_ref().map_or(p.arcs.len(), |(k, _)| *k);
    // The pairs before `limit`, grouped by agent in list order (a counting sort).
    let mut start = vec![0usize; na + 1];
    for &(a, _, _) in &p.arcs[..limit] {
        start[a + 1] += 1;
    }
    for a in 0..na {
        start[a + 1] += start[a];
    }
    let mut fill = start.clone();
    let mut order = vec![0usize; limit];
    for (k, &(a, _, _)) in p.arcs[..limit].iter().enumerate() {
        order[fill[a]] = k;
        fill[a] += 1;
    }
    // The earliest second listing of a pair.
    let mut owner = vec![NONE; nt];
    let mut duplicate = NONE;
    for a in 0..na {
        for &k in &order[start[a]..start[a + 1]] {
            let t = p.arcs[k].1;
            if owner[t] == a {
                duplicate = duplicate.min(k);
            } else {
                owner[t] = a;
            }
        }
    }
    if duplicate != NONE {
        let (agent, task, _) = p.arcs[duplicate];
        return Err(FlowError::DuplicatePair { agent, task });
    }
    bad.map_or(Ok(()), |(_, e)| Err(e))
}

/// Names the constraint that binds when no repair path exists.
#[allow(clippy::too_many_arguments)]
fn explain<T: Cost>(
    p: &FlowProblem<T>,
    max: &[u32],
    demand: &[u32],
    sources: &[usize],
    by_task: &[Vec<usize>],
    task_used: &[Vec<usize>],
    na: usize,
) -> FlowError {
    // An agent under its minimum that nothing can be moved to.
    if let Some(&s) = sources.iter().find(|&&s| s != 0) {
        let a = s - 1;
        // No repair path is left: the load it has is the most it can get.
        let reachable = task_used
            .iter()
            .flatten()
            .filter(|&&k| p.arcs[k].0 == a)
            .count();
        return FlowError::MinimumUnreachable {
            agent: a,
            min: p.agent_min[a],
            reachable: u32::try_from(reachable).unwrap_or(u32::MAX),
        };
    }
    // Agents over their maximum: the tasks they serve, and every agent those tasks may use,
    // closed under "a task may use this agent" and "this full agent serves that task".
    let over: Vec<usize> = (0..na)
        .filter(|&a| {
            task_used
                .iter()
                .flatten()
                .filter(|&&k| p.arcs[k].0 == a)
                .count() as u32
                > max[a]
        })
        .collect();
    let mut in_tasks = vec![false; demand.len()];
    let mut in_agents = vec![false; na];
    let mut stack: Vec<usize> = over.clone();
    for &a in &over {
        in_agents[a] = true;
    }
    while let Some(a) = stack.pop() {
        for (t, list) in task_used.iter().enumerate() {
            if !in_tasks[t] && list.iter().any(|&k| p.arcs[k].0 == a) {
                in_tasks[t] = true;
                for &k in &by_task[t] {
                    let b = p.arcs[k].0;
                    if !in_agents[b] {
                        in_agents[b] = true;
                        stack.push(b);
                    }
                }
            }
        }
    }
    let tasks: Vec<usize> = (0..demand.len()).filter(|&t| in_tasks[t]).collect();
    let agents: Vec<usize> = (0..na).filter(|&a| in_agents[a]).collect();
    FlowError::NotEnoughCapacity {
        demand: tasks.iter().map(|&t| u64::from(p.task_demand[t])).sum(),
        capacity: agents.iter().map(|&a| u64::from(p.agent_max[a])).sum(),
        tasks,
        agents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(p: &FlowProblem<i64>, maximize: bool) -> Option<i64> {
        let m = p.arcs.len();
        let mut best: Option<i64> = None;
        for mask in 0u32..(1 << m) {
            let chosen = |k: usize| mask & (1 << k) != 0;
            if p.forced
                .iter()
                .any(|&(a, t)| !(0..m).any(|k| chosen(k) && p.arcs[k].0 == a && p.arcs[k].1 == t))
            {
                continue;
            }
            let mut load = vec![0u32; p.agent_max.len()];
            let mut got = vec![0u32; p.task_demand.len()];
            let mut cost = 0;
            for k in (0..m).filter(|&k| chosen(k)) {
                load[p.arcs[k].0] += 1;
                got[p.arcs[k].1] += 1;
                cost += p.arcs[k].2;
            }
            let ok = got == p.task_demand
                && load
                    .iter()
                    .enumerate()
                    .all(|(a, &l)| l >= p.agent_min[a] && l <= p.agent_max[a]);
            if ok {
                best =
                    Some(best.map_or(cost, |b| if maximize { b.max(cost) } else { b.min(cost) }));
            }
        }
        best
    }

    fn problem() -> impl Strategy<Value = FlowProblem<i64>> {
        (1usize..4, 1usize..4).prop_flat_map(|(na, nt)| {
            let pairs: Vec<(usize, usize)> =
                (0..na).flat_map(|a| (0..nt).map(move |t| (a, t))).collect();
            (
                proptest::collection::vec(0u32..2, na),
                proptest::collection::vec(0u32..3, na),
                proptest::collection::vec(0u32..3, nt),
                proptest::sample::subsequence(pairs, 0..=(na * nt).min(10)),
                proptest::collection::vec(-5i64..10, 12),
                proptest::collection::vec(proptest::bool::weighted(0.15), 12),
            )
                .prop_map(|(min, extra, demand, arcs, costs, force)| {
                    let max: Vec<u32> = min.iter().zip(&extra).map(|(m, e)| m + e).collect();
                    let arcs: Vec<(usize, usize, i64)> = arcs
                        .into_iter()
                        .enumerate()
                        .map(|(k, (a, t))| (a, t, costs[k]))
                        .collect();
                    let forced = arcs
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| force[*k])
                        .map(|(_, x)| (x.0, x.1))
                        .collect();
                    FlowProblem {
                        agent_min: min,
                        agent_max: max,
                        task_demand: demand,
                        arcs,
                        forced,
                    }
                })
        })
    }

    /// Every method, each on its own: cost scaling on the whole network, cost scaling from the
    /// fewest candidate pairs (rounds of pricing, more candidates when they carry no flow),
    /// both of which must settle every feasible problem themselves; and the shortest-path
    /// repair.
    fn both(p: &FlowProblem<i64>, maximize: bool) -> [Result<FlowSolution<i64>, FlowError>; 3] {
        let by_scaling = |candidates| {
            prepare(p).and_then(|fixed| match scaled(p, &fixed, maximize, candidates) {
                Some(Ok(used)) => Ok(solution(p, &used, &fixed)),
                Some(Err(scaling::Stop::Infeasible)) => shortest_paths(p, &fixed, maximize)
                    .map(|s| panic!("cost scaling found no flow, the repair found {s:?}")),
                other => panic!("cost scaling stopped: {other:?}"),
            })
        };
        let by_paths = prepare(p).and_then(|fixed| shortest_paths(p, &fixed, maximize));
        [
            by_scaling(Some((usize::MAX, 0))),
            by_scaling(Some((0, 0))),
            by_paths,
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]
        #[test]
        fn optimal_against_brute_force(p in problem(), maximize in proptest::bool::ANY) {
            let best = brute(&p, maximize);
            for solved in both(&p, maximize) {
                match (best, solved) {
                    (None, Err(_)) => {}
                    (Some(b), Ok(s)) => {
                        prop_assert_eq!(s.cost, b);
                        let mut got = vec![0u32; p.task_demand.len()];
                        for &(_, t) in &s.pairs { got[t] += 1; }
                        prop_assert_eq!(&got, &p.task_demand);
                        for (a, &l) in s.loads.iter().enumerate() {
                            prop_assert!(l >= p.agent_min[a] && l <= p.agent_max[a]);
                        }
                        for f in &p.forced { prop_assert!(s.pairs.contains(f)); }
                    }
                    (b, s) => prop_assert!(false, "brute force {:?}, solver {:?}", b, s),
                }
            }
        }

    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]
        /// Larger instances, costs up to 10^9: the methods agree on the optimum, and on
        /// whether there is one.
        #[test]
        fn methods_agree_on_large_costs(
            na in 2usize..25,
            nt in 2usize..40,
            seed in any::<u64>(),
            range in prop_oneof![Just(10i64), Just(10_000), Just(1_000_000_000)],
            maximize in proptest::bool::ANY,
        ) {
            let mut x = seed | 1;
            let mut next = move || { x ^= x << 13; x ^= x >> 7; x ^= x << 17; x };
            let mut arcs = Vec::new();
            for a in 0..na {
                for t in 0..nt {
                    if next() % 3 != 0 {
                        arcs.push((a, t, (next() % (2 * range as u64 + 1)) as i64 - range));
                    }
                }
            }
            let agent_min: Vec<u32> = (0..na).map(|_| (next() % 2) as u32).collect();
            let agent_max: Vec<u32> = agent_min.iter().map(|m| m + (next() % 6) as u32).collect();
            let task_demand: Vec<u32> = (0..nt).map(|_| (next() % 3) as u32).collect();
            let forced = arcs.iter().filter(|_| next() % 40 == 0).map(|&(a, t, _)| (a, t)).collect();
            let p = FlowProblem { agent_min, agent_max, task_demand, arcs, forced };
            let [a, b, c] = both(&p, maximize);
            match (a, b, c) {
                (Ok(a), Ok(b), Ok(c)) => {
                    prop_assert_eq!(a.cost, c.cost);
                    prop_assert_eq!(b.cost, c.cost);
                }
                (Err(_), Err(_), Err(_)) => {}
                (a, b, c) => prop_assert!(false, "scaling {:?}, candidates {:?}, repair {:?}", a, b, c),
            }
        }
    }

    /// Every team prefers the same mentors (cost grows with the mentor's index, ties common):
    /// the cheapest candidates overload them, rounds of pricing add pairs, each round starting
    /// from the last optimum. All methods reach the same optimum, maximising too.
    #[test]
    fn skewed_costs_need_rounds_of_candidates() {
        for (range, maximize) in [(10i64, false), (1_000, false), (1_000_000, true)] {
            let (na, nt) = (60usize, 100usize);
            let mut x = 0x2545_F491_4F6C_DD1Du64;
            let mut arcs = Vec::new();
            for a in 0..na {
                for t in 0..nt {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    if !x.is_multiple_of(50) {
                        let skew = a as i64 * range / na as i64;
                        let c = skew + (x >> 20) as i64 % (range / 10 + 1);
                        arcs.push((a, t, if maximize { -c } else { c }));
                    }
                }
            }
            let p = FlowProblem {
                agent_min: vec![0; na],
                agent_max: vec![6; na],
                task_demand: vec![3; nt],
                arcs,
                forced: vec![(5, 7), (59, 0)],
            };
            let [a, b, c] = both(&p, maximize);
            let (a, b, c) = (a.unwrap(), b.unwrap(), c.unwrap());
            assert_eq!((a.cost, b.cost), (c.cost, c.cost), "range {range}");
            assert_eq!(capacitated_assignment(&p, maximize).unwrap().cost, c.cost);
        }
    }

    #[test]
    fn infeasibility_names_the_binding_constraint() {
        // Team 0 needs 2 mentors and only mentor 0 is allowed.
        let p = FlowProblem {
            agent_min: vec![0, 0],
            agent_max: vec![3, 3],
            task_demand: vec![2],
            arcs: vec![(0, 0, 1i64)],
            forced: vec![],
        };
        assert_eq!(
            capacitated_assignment(&p, false).unwrap_err().to_string(),
            "task 0 needs 2 agents, only 1 are allowed"
        );
        // Teams 0 and 1 both need mentor 0, whose maximum load is 1; mentor 1 is free but not allowed.
        let p = FlowProblem {
            agent_min: vec![0, 0],
            agent_max: vec![1, 5],
            task_demand: vec![1, 1],
            arcs: vec![(0, 0, 1i64), (0, 1, 1)],
            forced: vec![],
        };
        assert_eq!(
            capacitated_assignment(&p, false).unwrap_err(),
            FlowError::NotEnoughCapacity {
                tasks: vec![0, 1],
                agents: vec![0],
                demand: 2,
                capacity: 1
            }
        );
        // Mentor 1 must take 2 teams but may only take team 1.
        let p = FlowProblem {
            agent_min: vec![0, 2],
            agent_max: vec![2, 2],
            task_demand: vec![1, 1],
            arcs: vec![(0, 0, 1i64), (0, 1, 1), (1, 1, 5)],
            forced: vec![],
        };
        assert!(matches!(
            capacitated_assignment(&p, false),
            Err(FlowError::MinimumUnreachable {
                agent: 1,
                min: 2,
                ..
            })
        ));
        let bad = FlowProblem {
            agent_min: vec![0],
            agent_max: vec![1],
            task_demand: vec![1],
            arcs: vec![(0, 0, f64::NAN)],
            forced: vec![],
        };
        assert!(matches!(
            capacitated_assignment(&bad, false),
            Err(FlowError::InvalidCost { .. })
        ));
    }
}
