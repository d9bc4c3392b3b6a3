//! The mixed-integer programme of a jury plan, and its solution.
//!
//! Variables, for item `i`, slot `p` (one possible panel per slot) and juror `j`:
//! `x[i,p]` item `i` heard in `p`; `u[p]` panel `p` sits; `y[j,p]` juror `j` sits in `p`
//! (only where `j` can); `r[j,p]` `j` is `p`'s référent (only where `j` can be); `t[j,p] ≤ 1`
//! `j`'s seat in `p` is relevant (one of `p`'s items asks for one of `j`'s profiles);
//! `e[o,p] ≥ 0` jurors past the first of organisation `o` in `p`; `s[j] ≥ 0` panels past the
//! first `j` sits on.
//!
//! Constraints: each item in one panel; a sitting panel hears between the rules' numbers of
//! items, within its slot's minutes, and seats between the rules' numbers of jurors; one
//! référent among its jurors; at most the rules' number of one organisation; one juror of
//! each profile an item asks for (and the rules ask of every panel); a juror and an item in
//! conflict never share a panel; a forced juror sits where their item is heard; a juror sits
//! at most once per half-day, within their load. Two slots of the same half-day that no
//! juror tells apart (same minutes, every juror able to sit in both or neither) are
//! interchangeable: the first hears at least as many items (a symmetry cut that keeps an
//! optimum).

use super::PlanOptions;
use super::check::RuledConflicts;
use crate::model::JuryPlan;
use crate::text::fold;
use microlp::{ComparisonOp, OptimizationDirection, Problem, Variable};
use std::collections::BTreeMap;

/// The input, indexed: who can sit where, who may hear what.
pub(super) struct Prepared<'a> {
    pub(super) plan: &'a JuryPlan,
    /// The conflicts the rulebook's rules declare.
    pub(super) ruled: &'a RuledConflicts,
    /// `can_sit[j][p]`: juror `j` is available in slot `p` and may sit at all.
    pub(super) can_sit: Vec<Vec<bool>>,
    /// `conflict[j][i]`: juror `j` may not hear item `i` (see [`super::explain`]).
    pub(super) conflict: Vec<Vec<bool>>,
    /// The half-day of each slot, as an index into the distinct half-days.
    pub(super) time_of: Vec<usize>,
    /// How many distinct half-days.
    pub(super) times: usize,
    /// Each juror's organisation, as an index into the distinct organisations.
    pub(super) org_of: Vec<Option<usize>>,
    /// How many distinct organisations.
    pub(super) orgs: usize,
    /// `has[j]`: the profiles of juror `j`.
    pub(super) has: Vec<Vec<String>>,
    /// `forced_on[i]`: the jurors forced to hear item `i`.
    pub(super) forced_on: Vec<Vec<usize>>,
    /// `relevant[j][i]`: juror `j` holds a profile item `i` asks for.
    relevant: Vec<Vec<bool>>,
    /// With a previous plan: `was_seated[j][p]`, juror `j` sat in slot `p`.
    pub(super) was_seated: Option<Vec<Vec<bool>>>,
    /// With a previous plan: the slot each item was heard in.
    pub(super) was_heard: Vec<Option<usize>>,
}

impl<'a> Prepared<'a> {
    pub(super) fn new(plan: &'a JuryPlan, ruled: &'a RuledConflicts) -> Self {
        let slot_ix: BTreeMap<&str, usize> = plan
            .slots
            .iter()
            .enumerate()
            .map(|(k, s)| (s.id.as_str(), k))
            .collect();
        let mut halves: BTreeMap<(chrono::NaiveDate, crate::model::HalfDay), usize> =
            BTreeMap::new();
        for s in &plan.slots {
            let n = halves.len();
            halves.entry((s.day, s.half_day)).or_insert(n);
        }
        let time_of = plan
            .slots
            .iter()
            .map(|s| halves[&(s.day, s.half_day)])
            .collect();
        let can_sit = plan
            .jurors
            .iter()
            .map(|j| {
                let mut row = vec![j.slots.is_none() && j.load.max > 0; plan.slots.len()];
                if let Some(list) = &j.slots {
                    for id in list {
                        if let Some(&k) = slot_ix.get(id.as_str()) {
                            row[k] = j.load.max > 0;
                        }
                    }
                }
                row
            })
            .collect();
        // Conflicts, from names folded once: the juror's organisation or a declared one among
        // the item's hosts, a declared item, or a forbidden pair.
        let hosts: Vec<Vec<String>> = plan
            .items
            .iter()
            .map(|i| i.hosts.iter().map(|h| fold(h)).collect())
            .collect();
        let item_at: BTreeMap<&str, usize> = plan
            .items
            .iter()
            .enumerate()
            .map(|(k, i)| (i.id.as_str(), k))
            .collect();
        let mut forbidden: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for pair in &plan.forbidden {
            if let Some(&i) = item_at.get(pair.item.as_str()) {
                forbidden.entry(pair.juror.as_str()).or_default().push(i);
            }
        }
        let conflict = plan
            .jurors
            .iter()
            .map(|j| {
                let mut avoid: Vec<String> =
                    j.conflicts.organisations.iter().map(|o| fold(o)).collect();
                avoid.extend(j.organisation.as_deref().map(fold));
                let mut row: Vec<bool> = hosts
                    .iter()
                    .map(|hs| hs.iter().any(|h| avoid.contains(h)))
                    .collect();
                for id in &j.conflicts.items {
                    if let Some(&i) = item_at.get(id.as_str()) {
                        row[i] = true;
                    }
                }
                for &i in forbidden.get(j.id.as_str()).into_iter().flatten() {
                    row[i] = true;
                }
                for id in ruled.items_of(&j.id) {
                    if let Some(&i) = item_at.get(id) {
                        row[i] = true;
                    }
                }
                row
            })
            .collect();
        let mut org_names: BTreeMap<String, usize> = BTreeMap::new();
        let org_of = plan
            .jurors
            .iter()
            .map(|j| {
                j.organisation.as_ref().map(|o| {
                    let n = org_names.len();
                    *org_names.entry(fold(o)).or_insert(n)
                })
            })
            .collect();
        let has: Vec<Vec<String>> = plan
            .jurors
            .iter()
            .map(|j| j.profiles.iter().map(|p| fold(p)).collect())
            .collect();
        let item_ix: BTreeMap<&str, usize> = plan
            .items
            .iter()
            .enumerate()
            .map(|(k, i)| (i.id.as_str(), k))
            .collect();
        let juror_ix: BTreeMap<&str, usize> = plan
            .jurors
            .iter()
            .enumerate()
            .map(|(k, j)| (j.id.as_str(), k))
            .collect();
        let mut forced_on = vec![Vec::new(); plan.items.len()];
        for pin in &plan.forced {
            if let (Some(&i), Some(&j)) = (
                item_ix.get(pin.item.as_str()),
                juror_ix.get(pin.juror.as_str()),
            ) && !forced_on[i].contains(&j)
            {
                forced_on[i].push(j);
            }
        }
        let asked: Vec<Vec<String>> = plan
            .items
            .iter()
            .map(|i| i.profiles.iter().map(|q| fold(q)).collect())
            .collect();
        let relevant = has
            .iter()
            .map(|held: &Vec<String>| {
                asked
                    .iter()
                    .map(|qs| qs.iter().any(|q| held.contains(q)))
                    .collect()
            })
            .collect();
        let mut was_heard = vec![None; plan.items.len()];
        let was_seated = plan.previous.as_ref().map(|prev| {
            let mut seated = vec![vec![false; plan.slots.len()]; plan.jurors.len()];
            for panel in &prev.panels {
                let Some(&p) = slot_ix.get(panel.slot.as_str()) else {
                    continue;
                };
                for id in &panel.jurors {
                    if let Some(&j) = juror_ix.get(id.as_str()) {
                        seated[j][p] = true;
                    }
                }
                for id in &panel.items {
                    if let Some(&i) = item_ix.get(id.as_str()) {
                        was_heard[i] = Some(p);
                    }
                }
            }
            seated
        });
        Self {
            ruled,
            was_seated,
            was_heard,
            relevant,
            plan,
            can_sit,
            conflict,
            time_of,
            times: halves.len(),
            org_of,
            orgs: org_names.len(),
            has,
            forced_on,
        }
    }

    /// Whether juror `j` holds profile `q` (folded).
    pub(super) fn holds(&self, j: usize, q: &str) -> bool {
        self.has[j].iter().any(|h| h == q)
    }

    /// Whether juror `j` holds a profile item `i` asks for.
    pub(super) fn relevant(&self, j: usize, i: usize) -> bool {
        self.relevant[j][i]
    }

    /// The distinct half-days juror `j` can sit in.
    pub(super) fn times_of(&self, j: usize) -> usize {
        let mut seen = vec![false; self.times];
        for (p, &ok) in self.can_sit[j].iter().enumerate() {
            if ok {
                seen[self.time_of[p]] = true;
            }
        }
        seen.iter().filter(|&&s| s).count()
    }
}

/// A solved plan, by index.
pub(super) struct Solved {
    /// Per sitting panel: its slot, items, jurors and référent.
    pub(super) panels: Vec<SolvedPanel>,
    pub(super) optimal: bool,
    pub(super) bound: f64,
    pub(super) gap: f64,
    pub(super) nodes: u64,
    pub(super) variables: usize,
    pub(super) constraints: usize,
}

impl Solved {
    /// Panels proven optimal without the search (no programme built).
    fn proven(ix: &Prepared<'_>, panels: Vec<SolvedPanel>) -> Self {
        let bound = value(ix, &panels);
        Self {
            panels,
            optimal: true,
            bound,
            gap: 0.0,
            nodes: 0,
            variables: 0,
            constraints: 0,
        }
    }
}

#[derive(Clone)]
pub(super) struct SolvedPanel {
    pub(super) slot: usize,
    pub(super) items: Vec<usize>,
    pub(super) jurors: Vec<usize>,
    pub(super) referent: Option<usize>,
}

pub(super) enum Outcome {
    Planned(Solved),
    Infeasible,
    OutOfTime,
    /// Past the exact search's size, and no greedy plan found.
    TooLarge,
}

struct Vars {
    x: Vec<Vec<Variable>>,
    u: Vec<Variable>,
    y: Vec<Vec<Option<Variable>>>,
    r: Vec<Vec<Option<Variable>>>,
    /// Relevance of a seat: juror, slot, variable.
    t: Vec<(usize, usize, Variable)>,
    /// Jurors past the first of an organisation: organisation, slot, variable.
    e: Vec<(usize, usize, Variable)>,
    /// Panels past the first: juror, variable.
    s: Vec<(usize, Variable)>,
    /// With a previous plan: whether each juror, then each item previously heard, moved.
    m: Vec<Variable>,
}

/// Builds and solves the programme.
/// The largest programme given to the exact search, in constraints: past it (about ten times
/// the EIG 4 jury), the greedy plan is returned with its gap to a counting bound.
pub const MAX_EXACT_CONSTRAINTS: usize = 20_000;

/// Plans: a greedy first plan; if it reaches the counting bound it is optimal; else the exact
/// search, seeded with it, within the budget (for programmes up to
/// [`MAX_EXACT_CONSTRAINTS`]); else the first plan with its gap.
pub(super) fn solve(plan: &JuryPlan, ruled: &RuledConflicts, options: PlanOptions) -> Outcome {
    let ix = Prepared::new(plan, ruled);
    let first = super::heuristic::first_plan(&ix).map(|panels| canonical(&ix, panels));
    let upper = upper_bound(&ix);
    // After a change, the previous plan without who withdrew, when it still keeps every rule,
    // moves nobody, and it is the only plan that moves nobody: the optimum.
    if let Some(kept) = kept_previous(&ix) {
        return Outcome::Planned(Solved::proven(&ix, kept));
    }
    // Else, when one move is enough, the best plan that moves one juror or item, found by
    // trying each (exact: see `one_move`).
    if let Some(moved) = one_move(&ix) {
        return Outcome::Planned(Solved::proven(&ix, moved));
    }
    let first_value = first.as_ref().map(|p| value(&ix, p));
    let too_large = estimated_constraints(&ix) > MAX_EXACT_CONSTRAINTS;
    let (problem, vars, size) = if too_large {
        (None, None, (0, 0))
    } else {
        let (p, v, s) = build(&ix);
        (Some(p), Some(v), s)
    };
    // With whole weights, a plan's value is one of few numbers: a bound rounds down to the
    // largest of them.
    let values = Values::new(&ix, upper);
    let finish = |panels: Vec<SolvedPanel>, bound: f64, nodes: u64| {
        let objective = value(&ix, &panels);
        let bound = values.floor(bound.min(upper)).max(objective);
        let optimal = bound - objective <= 1e-6 * objective.abs().max(1.0);
        Outcome::Planned(Solved {
            panels,
            optimal,
            bound: if optimal { objective } else { bound },
            gap: if optimal {
                0.0
            } else {
                (bound - objective) / bound.abs().max(1e-9)
            },
            nodes,
            variables: size.0,
            constraints: size.1,
        })
    };
    if let (Some(panels), Some(v)) = (&first, first_value)
        && upper - v <= 1e-6 * v.abs().max(1.0)
    {
        return finish(panels.clone(), upper, 0);
    }
    let (Some(problem), Some(vars)) = (problem, vars) else {
        return match first {
            Some(panels) => finish(panels, upper, 0),
            None => Outcome::TooLarge,
        };
    };
    let mut opts = microlp::SolveOptions::default();
    opts.time_limit = Some(options.time_limit);
    opts.node_limit = options.node_limit;
    opts.warm_start = first.as_ref().map(|p| warm_start(&ix, &vars, p));
    let outcome = match problem.solve_with(opts) {
        Ok(o) => o,
        Err(microlp::Error::Infeasible) => return Outcome::Infeasible,
        Err(_) => {
            return match first {
                Some(panels) => finish(panels, upper, 0),
                None => Outcome::OutOfTime,
            };
        }
    };
    let stats = outcome.stats();
    let Some(solution) = outcome.solution() else {
        return match first {
            Some(panels) => finish(
                panels,
                stats.best_bound.unwrap_or(upper),
                stats.nodes_solved,
            ),
            None => Outcome::OutOfTime,
        };
    };
    let at = |v: Variable| solution.var_value(v) > 0.5;
    let mut panels = Vec::new();
    for p in 0..plan.slots.len() {
        let items: Vec<usize> = (0..plan.items.len())
            .filter(|&i| at(vars.x[i][p]))
            .collect();
        if items.is_empty() {
            continue;
        }
        let jurors: Vec<usize> = (0..plan.jurors.len())
            .filter(|&j| vars.y[j][p].is_some_and(at))
            .collect();
        let referent = (0..plan.jurors.len()).find(|&j| vars.r[j][p].is_some_and(at));
        panels.push(SolvedPanel {
            slot: p,
            items,
            jurors,
            referent,
        });
    }
    let objective = solution.objective();
    let bound = if outcome.is_optimal() {
        objective
    } else {
        stats.best_bound.unwrap_or(upper).max(objective)
    };
    finish(panels, bound, stats.nodes_solved)
}

/// The programme's constraints, counted before it is built: per juror and slot, one per item
/// in conflict and a few more; per slot, one per item and profile asked, and per organisation.
fn estimated_constraints(ix: &Prepared<'_>) -> usize {
    let plan = ix.plan;
    let np = plan.slots.len();
    let per_juror: usize = ix
        .conflict
        .iter()
        .zip(&ix.can_sit)
        .map(|(row, sits)| {
            let slots = sits.iter().filter(|&&s| s).count();
            slots.saturating_mul(row.iter().filter(|&&c| c).count() + 3)
        })
        .fold(0usize, usize::saturating_add);
    let asked: usize = plan.items.iter().map(|i| i.profiles.len() + 1).sum();
    per_juror
        .saturating_add(np.saturating_mul(asked + ix.orgs + 8))
        .saturating_add(plan.jurors.len() * (ix.times + 2))
}

/// Panels by index from each item's slot and each juror's slots, each panel's référent the
/// first of its jurors who can be (which one chairs changes neither the moves nor the
/// objective).
fn panels_from(
    ix: &Prepared<'_>,
    heard: &[Option<usize>],
    seated: &[Vec<bool>],
) -> Vec<SolvedPanel> {
    let plan = ix.plan;
    (0..plan.slots.len())
        .filter_map(|p| {
            let items: Vec<usize> = (0..plan.items.len())
                .filter(|&i| heard[i] == Some(p))
                .collect();
            if items.is_empty() {
                return None;
            }
            let jurors: Vec<usize> = (0..plan.jurors.len()).filter(|&j| seated[j][p]).collect();
            let referent = plan
                .panel_rules
                .referent
                .then(|| {
                    jurors
                        .iter()
                        .copied()
                        .find(|&j| plan.jurors[j].can_be_referent)
                })
                .flatten();
            Some(SolvedPanel {
                slot: p,
                items,
                jurors,
                referent,
            })
        })
        .collect()
}

/// Whether panels by index keep every rule (the independent checker's verdict).
fn keeps_every_rule(ix: &Prepared<'_>, panels: &[SolvedPanel]) -> bool {
    let solved = Solved {
        panels: panels.to_vec(),
        optimal: false,
        bound: 0.0,
        gap: 0.0,
        nodes: 0,
        variables: 0,
        constraints: 0,
    };
    let result = super::explain::planned(ix.plan, ix.ruled, &solved);
    super::check::broken(ix.plan, ix.ruled, &result).is_empty()
}

/// The previous plan, by index, without who withdrew: when it keeps every rule.
fn kept_previous(ix: &Prepared<'_>) -> Option<Vec<SolvedPanel>> {
    let seated = ix.was_seated.as_ref()?;
    let panels = panels_from(ix, &ix.was_heard, seated);
    keeps_every_rule(ix, &panels).then_some(panels)
}

/// Whether a panel keeps the rules that are its own alone: its number of items and jurors,
/// its minutes, a juror who can chair (when one must), no juror unavailable or in conflict
/// with its items, the profiles asked, at most so many of one organisation.
/// A plan whose panel breaks one of them breaks a rule (the independent checker decides the
/// rest): this only rules out candidates early.
fn locally_sound(ix: &Prepared<'_>, p: &SolvedPanel) -> bool {
    let plan = ix.plan;
    let rules = &plan.panel_rules;
    let (ni, nj) = (p.items.len(), p.jurors.len());
    let minutes: u32 = p.items.iter().map(|&i| plan.items[i].minutes).sum();
    (rules.items.min as usize..=rules.items.max as usize).contains(&ni)
        && (rules.size.min as usize..=rules.size.max as usize).contains(&nj)
        && minutes <= plan.slots[p.slot].minutes
        && (!rules.referent || p.jurors.iter().any(|&j| plan.jurors[j].can_be_referent))
        && p.jurors
            .iter()
            .all(|&j| ix.can_sit[j][p.slot] && p.items.iter().all(|&i| !ix.conflict[j][i]))
        && rules
            .profiles
            .iter()
            .chain(p.items.iter().flat_map(|&i| &plan.items[i].profiles))
            .all(|q| {
                let q = fold(q);
                p.jurors.iter().any(|&j| ix.holds(j, &q))
            })
        && rules.max_per_organisation.is_none_or(|cap| {
            p.jurors.iter().all(|&j| {
                ix.org_of[j].is_none_or(|o| {
                    p.jurors
                        .iter()
                        .filter(|&&k| ix.org_of[k] == Some(o))
                        .count()
                        <= cap as usize
                })
            })
        })
}

/// The best plan that moves exactly one juror or item from the previous plan, when the
/// previous plan (without who withdrew) breaks a rule and one move is enough: every such plan
/// is tried, the independent checker decides which keep every rule, the best objective wins
/// (the first found on a tie). It is exact when each juror sits at most once and every item was
/// heard before: then a plan that moves one juror puts them on one panel or none, and one that
/// moves an item puts it in another slot. Otherwise, or when no single move keeps every rule,
/// `None`, and the exact search decides.
fn one_move(ix: &Prepared<'_>) -> Option<Vec<SolvedPanel>> {
    let seated = ix.was_seated.as_ref()?;
    let plan = ix.plan;
    if plan.jurors.iter().any(|j| j.load.max > 1) || ix.was_heard.iter().any(Option::is_none) {
        return None;
    }
    let np = plan.slots.len();
    let base = panels_from(ix, &ix.was_heard, seated);
    let unsound: Vec<usize> = base
        .iter()
        .filter(|p| !locally_sound(ix, p))
        .map(|p| p.slot)
        .collect();
    // One move changes two panels at most: more unsound panels than that, no single move.
    if unsound.len() > 2 {
        return None;
    }
    let mut candidates: Vec<(f64, Vec<SolvedPanel>)> = Vec::new();
    let mut consider = |panels: Vec<SolvedPanel>, touched: &[usize]| {
        if unsound.iter().any(|s| !touched.contains(s))
            || panels
                .iter()
                .filter(|p| touched.contains(&p.slot))
                .any(|p| !locally_sound(ix, p))
            || moves(ix, &panels) != 1
        {
            return;
        }
        candidates.push((plain_value(ix, &panels), panels));
    };
    let open: Vec<usize> = (0..np)
        .filter(|&p| ix.was_heard.contains(&Some(p)))
        .collect();
    // A juror moved: to another panel, onto one, or off every one.
    for j in 0..plan.jurors.len() {
        let from: Vec<usize> = (0..np).filter(|&p| seated[j][p]).collect();
        let mut mine = seated.clone();
        for target in std::iter::once(None).chain(open.iter().copied().map(Some)) {
            mine[j].iter_mut().for_each(|x| *x = false);
            let mut touched = from.clone();
            if let Some(p) = target {
                if !ix.can_sit[j][p] {
                    continue;
                }
                mine[j][p] = true;
                touched.push(p);
            }
            consider(panels_from(ix, &ix.was_heard, &mine), &touched);
        }
    }
    // An item moved to another slot.
    for i in 0..plan.items.len() {
        let mut heard = ix.was_heard.clone();
        let from = heard[i].unwrap_or(0);
        for p in 0..np {
            heard[i] = Some(p);
            consider(panels_from(ix, &heard, seated), &[from, p]);
        }
    }
    // The best first: the first that keeps every rule is the answer.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    candidates
        .into_iter()
        .find(|(_, panels)| keeps_every_rule(ix, panels))
        .map(|(_, panels)| panels)
}

/// The values a plan's objective can take, when the weights are whole numbers: `coverage × a
/// − same_organisation × b − extra_sitting × c − moved × m` with `a` at most the seats the
/// counting bound allows and each penalty only where it can occur. A relaxation's bound
/// rounds down to the largest of them: a search stopped by its budget with a bound less than
/// the next value above its plan has still proven it optimal.
struct Values {
    /// The weight of a seat covered, and the most seats covered.
    coverage: u64,
    seats: u64,
    /// The penalties that can occur.
    penalties: Vec<u64>,
    /// Whether the weights are whole numbers (else no rounding).
    whole: bool,
}

/// The largest difference between a bound and a value that is rounded; past it the bound is
/// kept as it is (a weak bound, early in a search).
const MAX_ROUNDED: u64 = 100_000;

impl Values {
    fn new(ix: &Prepared<'_>, upper: f64) -> Self {
        let plan = ix.plan;
        let w = plan.weights;
        let whole = |x: f64| x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 1e12;
        let mut penalties = Vec::new();
        let mut all = vec![w.coverage];
        if plan.panel_rules.max_per_organisation != Some(1) {
            all.push(w.same_organisation);
            penalties.push(w.same_organisation);
        }
        if plan.jurors.iter().any(|j| j.load.max > 1) {
            all.push(w.extra_sitting);
            penalties.push(w.extra_sitting);
        }
        if ix.was_seated.is_some() {
            let m = move_weight(ix);
            all.push(m);
            penalties.push(m);
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let int = |x: f64| x as u64;
        // The counting bound is `coverage × seats`.
        let seats = if w.coverage > 0.0 {
            int((upper / w.coverage + 1e-9).floor())
        } else {
            0
        };
        Self {
            coverage: int(w.coverage),
            seats,
            penalties: penalties.into_iter().map(int).filter(|&p| p > 0).collect(),
            whole: all.into_iter().all(whole),
        }
    }

    /// The largest value a plan can have at most `bound` (a bound a hair below a value, by
    /// rounding, counts as that value); `bound` itself when the weights are not whole, or
    /// when the bound is far above every value.
    fn floor(&self, bound: f64) -> f64 {
        if !self.whole || !bound.is_finite() {
            return bound;
        }
        // Relative, as the optimality test: the relaxation's rounding grows with the values.
        let b = bound + 1e-6 * bound.abs().max(1.0);
        #[allow(clippy::cast_precision_loss)]
        let highest = self.coverage.saturating_mul(self.seats) as f64;
        if highest <= b {
            return highest;
        }
        // Each penalty sum up to the largest needed, and for each need the least sum that
        // meets it.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let most = (highest - b).ceil() as u64;
        // A penalty past the largest need meets every need alone, and any sum with it is
        // larger: the least sum is the smaller of the table's (the other penalties') and the
        // least such penalty. The table stays small (a move weighs up to 10⁹).
        let (penalties, big): (Vec<u64>, Vec<u64>) =
            self.penalties.iter().partition(|&&p| p <= most);
        let least_big = big.into_iter().min();
        let top = penalties.iter().copied().max().unwrap_or(0);
        let Some(size) = (most <= MAX_ROUNDED)
            .then(|| usize::try_from(most + top + 1).ok())
            .flatten()
        else {
            return bound;
        };
        let mut reach = vec![false; size];
        reach[0] = true;
        for s in 0..size {
            if reach[s] {
                for &p in &penalties {
                    if let Some(t) = usize::try_from(p).ok().and_then(|p| s.checked_add(p))
                        && t < size
                    {
                        reach[t] = true;
                    }
                }
            }
        }
        let mut least = vec![None; size + 1];
        for s in (0..size).rev() {
            least[s] = if reach[s] { Some(s) } else { least[s + 1] };
        }
        let mut best = f64::NEG_INFINITY;
        let mut a = self.seats;
        loop {
            #[allow(clippy::cast_precision_loss)]
            let top_value = self.coverage.saturating_mul(a) as f64;
            if top_value <= b {
                best = best.max(top_value);
                break;
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let need = (top_value - b).ceil() as usize;
            let small = least.get(need).copied().flatten().map(|r| r as u64);
            let least_sum = match (small, least_big) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(r) = least_sum {
                #[allow(clippy::cast_precision_loss)]
                let v = top_value - r as f64;
                best = best.max(v);
            }
            if a == 0 || self.coverage == 0 {
                break;
            }
            a -= 1;
        }
        if best.is_finite() { best } else { bound }
    }
}

/// The weight of one person moved from a previous plan: more than any difference of the
/// objective, so that the fewest moves come first.
pub(super) fn move_weight(ix: &Prepared<'_>) -> f64 {
    let plan = ix.plan;
    let w = plan.weights;
    let seats: f64 = plan.jurors.iter().map(|j| f64::from(j.load.max)).sum();
    (w.coverage + w.same_organisation + w.extra_sitting) * (seats + 1.0) + 1.0
}

/// People moved from the previous plan: jurors whose seats changed, items heard elsewhere.
pub(super) fn moves(ix: &Prepared<'_>, panels: &[SolvedPanel]) -> u32 {
    let Some(seated) = &ix.was_seated else {
        return 0;
    };
    let mut now = vec![vec![false; ix.plan.slots.len()]; ix.plan.jurors.len()];
    let mut heard = vec![None; ix.plan.items.len()];
    for p in panels {
        for &j in &p.jurors {
            now[j][p.slot] = true;
        }
        for &i in &p.items {
            heard[i] = Some(p.slot);
        }
    }
    let jurors = now.iter().zip(seated).filter(|(a, b)| a != b).count();
    let items = heard
        .iter()
        .zip(&ix.was_heard)
        .filter(|(now, was)| was.is_some() && now != was)
        .count();
    u32::try_from(jurors + items).unwrap_or(u32::MAX)
}

/// The objective of panels by index (the programme's, recomputed), less the moves' weight.
fn value(ix: &Prepared<'_>, panels: &[SolvedPanel]) -> f64 {
    plain_value(ix, panels) - move_weight(ix) * f64::from(moves(ix, panels))
}

/// The objective of panels by index, without the moves.
fn plain_value(ix: &Prepared<'_>, panels: &[SolvedPanel]) -> f64 {
    let plan = ix.plan;
    let w = plan.weights;
    let mut total = 0.0;
    let mut load = vec![0u32; plan.jurors.len()];
    for p in panels {
        let mut orgs = Vec::new();
        for &j in &p.jurors {
            load[j] += 1;
            if p.items.iter().any(|&i| ix.relevant(j, i)) {
                total += w.coverage;
            }
            if let Some(o) = ix.org_of[j] {
                if orgs.contains(&o) {
                    total -= w.same_organisation;
                } else {
                    orgs.push(o);
                }
            }
        }
    }
    for l in load {
        total -= w.extra_sitting * f64::from(l.saturating_sub(1));
    }
    total
}

/// A counting bound on the objective: every juror who holds a profile some item asks for,
/// seated as often as they can, within the seats of the most panels, and no penalty.
fn upper_bound(ix: &Prepared<'_>) -> f64 {
    let plan = ix.plan;
    let rules = &plan.panel_rules;
    let n = plan.items.len();
    let mut panels = (n / rules.items.min.max(1) as usize).min(plan.slots.len());
    if rules.referent {
        let chairs: usize = (0..plan.jurors.len())
            .filter(|&j| plan.jurors[j].can_be_referent)
            .map(|j| (plan.jurors[j].load.max as usize).min(ix.times_of(j)))
            .sum();
        panels = panels.min(chairs);
    }
    let seats = panels * rules.size.max as usize;
    let relevant: usize = (0..plan.jurors.len())
        .filter(|&j| (0..n).any(|i| ix.relevant(j, i) && !ix.conflict[j][i]))
        .map(|j| (plan.jurors[j].load.max as usize).min(ix.times_of(j)))
        .sum();
    #[allow(clippy::cast_precision_loss)]
    let bound = plan.weights.coverage * relevant.min(seats) as f64;
    bound
}

/// The panels moved so that of two interchangeable slots the first hears at least as many
/// items (the programme's symmetry cut), so that a first plan seeds the search.
fn canonical(ix: &Prepared<'_>, mut panels: Vec<SolvedPanel>) -> Vec<SolvedPanel> {
    let np = ix.plan.slots.len();
    let mut done = vec![false; np];
    for p in 0..np {
        if done[p] {
            continue;
        }
        let class: Vec<usize> = (p..np).filter(|&q| twins(ix, p, q)).collect();
        for &q in &class {
            done[q] = true;
        }
        let mut members: Vec<usize> = panels
            .iter()
            .enumerate()
            .filter(|(_, sp)| class.contains(&sp.slot))
            .map(|(k, _)| k)
            .collect();
        members.sort_by_key(|&k| (std::cmp::Reverse(panels[k].items.len()), panels[k].slot));
        for (k, &slot) in members.iter().zip(&class) {
            panels[*k].slot = slot;
        }
    }
    panels
}

/// Whether slots `p` and `q` are interchangeable: the same half-day and minutes, and every
/// juror able to sit in both or in neither.
fn twins(ix: &Prepared<'_>, p: usize, q: usize) -> bool {
    let slots = &ix.plan.slots;
    // A previous plan tells the slots apart.
    ix.was_seated.is_none()
        && ix.time_of[q] == ix.time_of[p]
        && slots[q].minutes == slots[p].minutes
        && ix.can_sit.iter().all(|row| row[p] == row[q])
}

/// Every variable's value in a plan, for the search's warm start.
#[allow(clippy::needless_range_loop)]
fn warm_start(ix: &Prepared<'_>, vars: &Vars, panels: &[SolvedPanel]) -> Vec<(Variable, f64)> {
    let plan = ix.plan;
    let (ni, np, nj) = (plan.items.len(), plan.slots.len(), plan.jurors.len());
    let at = |p: usize| panels.iter().find(|sp| sp.slot == p);
    let mut out = Vec::new();
    let one = |b: bool| if b { 1.0 } else { 0.0 };
    for p in 0..np {
        let panel = at(p);
        out.push((vars.u[p], one(panel.is_some())));
        for i in 0..ni {
            out.push((
                vars.x[i][p],
                one(panel.is_some_and(|sp| sp.items.contains(&i))),
            ));
        }
        for j in 0..nj {
            let seated = panel.is_some_and(|sp| sp.jurors.contains(&j));
            if let Some(v) = vars.y[j][p] {
                out.push((v, one(seated)));
            }
            if let Some(v) = vars.r[j][p] {
                out.push((v, one(panel.is_some_and(|sp| sp.referent == Some(j)))));
            }
        }
    }
    for &(j, p, v) in &vars.t {
        let relevant = at(p).is_some_and(|sp| {
            sp.jurors.contains(&j) && sp.items.iter().any(|&i| ix.relevant(j, i))
        });
        out.push((v, one(relevant)));
    }
    for &(o, p, v) in &vars.e {
        let n = at(p).map_or(0, |sp| {
            sp.jurors
                .iter()
                .filter(|&&j| ix.org_of[j] == Some(o))
                .count()
        });
        #[allow(clippy::cast_precision_loss)]
        out.push((v, n.saturating_sub(1) as f64));
    }
    for &(j, v) in &vars.s {
        let n = panels.iter().filter(|sp| sp.jurors.contains(&j)).count();
        #[allow(clippy::cast_precision_loss)]
        out.push((v, n.saturating_sub(1) as f64));
    }
    if let Some(seated) = &ix.was_seated {
        let mut k = 0;
        for j in 0..nj {
            let moved =
                (0..np).any(|p| seated[j][p] != at(p).is_some_and(|sp| sp.jurors.contains(&j)));
            out.push((vars.m[k], one(moved)));
            k += 1;
        }
        for i in 0..ni {
            if let Some(p) = ix.was_heard[i] {
                out.push((
                    vars.m[k],
                    one(!at(p).is_some_and(|sp| sp.items.contains(&i))),
                ));
                k += 1;
            }
        }
    }
    out
}

/// A linear expression as microlp takes it.
type Terms = Vec<(Variable, f64)>;

// The programme is written as its formulas read: indices over items, slots and jurors.
#[allow(clippy::needless_range_loop)]
fn build(ix: &Prepared<'_>) -> (Problem, Vars, (usize, usize)) {
    let plan = ix.plan;
    let rules = &plan.panel_rules;
    let w = plan.weights;
    let (ni, np, nj) = (plan.items.len(), plan.slots.len(), plan.jurors.len());
    let mut pb = Builder {
        problem: Problem::new(OptimizationDirection::Maximize),
        variables: 0,
        constraints: 0,
    };
    let x: Vec<Vec<Variable>> = (0..ni)
        .map(|_| (0..np).map(|_| pb.binary()).collect())
        .collect();
    let u: Vec<Variable> = (0..np).map(|_| pb.binary()).collect();
    let y: Vec<Vec<Option<Variable>>> = (0..nj)
        .map(|j| {
            (0..np)
                .map(|p| ix.can_sit[j][p].then(|| pb.binary()))
                .collect()
        })
        .collect();
    let r: Vec<Vec<Option<Variable>>> = (0..nj)
        .map(|j| {
            (0..np)
                .map(|p| {
                    (rules.referent && plan.jurors[j].can_be_referent && ix.can_sit[j][p])
                        .then(|| pb.binary())
                })
                .collect()
        })
        .collect();
    let (mut tv, mut ev, mut sv) = (Vec::new(), Vec::new(), Vec::new());
    let items_of = |j: usize| -> Vec<usize> { (0..ni).filter(|&i| ix.relevant(j, i)).collect() };
    let relevant: Vec<Vec<usize>> = (0..nj).map(items_of).collect();

    // Each item in exactly one panel.
    for xi in &x {
        let terms: Terms = xi.iter().map(|&v| (v, 1.0)).collect();
        pb.add(&terms, ComparisonOp::Eq, 1.0);
    }
    for p in 0..np {
        let slot = &plan.slots[p];
        let heard: Terms = (0..ni).map(|i| (x[i][p], 1.0)).collect();
        let with_u = |mut t: Terms, k: f64| {
            t.push((u[p], -k));
            t
        };
        pb.add(
            &with_u(heard.clone(), f64::from(rules.items.min)),
            ComparisonOp::Ge,
            0.0,
        );
        pb.add(
            &with_u(heard, f64::from(rules.items.max)),
            ComparisonOp::Le,
            0.0,
        );
        let minutes: Terms = (0..ni)
            .map(|i| (x[i][p], f64::from(plan.items[i].minutes)))
            .collect();
        pb.add(&minutes, ComparisonOp::Le, f64::from(slot.minutes));
        let seats: Terms = (0..nj).filter_map(|j| y[j][p].map(|v| (v, 1.0))).collect();
        pb.add(
            &with_u(seats.clone(), f64::from(rules.size.min)),
            ComparisonOp::Ge,
            0.0,
        );
        pb.add(
            &with_u(seats, f64::from(rules.size.max)),
            ComparisonOp::Le,
            0.0,
        );
        if rules.referent {
            let refs: Terms = (0..nj).filter_map(|j| r[j][p].map(|v| (v, 1.0))).collect();
            pb.add(&with_u(refs, 1.0), ComparisonOp::Eq, 0.0);
        }
        for j in 0..nj {
            if let (Some(rv), Some(yv)) = (r[j][p], y[j][p]) {
                pb.add(&[(rv, 1.0), (yv, -1.0)], ComparisonOp::Le, 0.0);
            }
        }
        // Organisations: the cap, and the jurors past the first.
        for o in 0..ix.orgs {
            let members: Terms = (0..nj)
                .filter(|&j| ix.org_of[j] == Some(o))
                .filter_map(|j| y[j][p].map(|v| (v, 1.0)))
                .collect();
            if members.len() < 2 {
                continue;
            }
            if let Some(cap) = rules.max_per_organisation
                && (members.len() as u64) > u64::from(cap)
            {
                pb.add(&members, ComparisonOp::Le, f64::from(cap));
            }
            if w.same_organisation > 0.0 {
                let e = pb.real(-w.same_organisation, (0.0, f64::INFINITY));
                ev.push((o, p, e));
                let mut t = members;
                t.push((e, -1.0));
                pb.add(&t, ComparisonOp::Le, 1.0);
            }
        }
        // Profiles every panel includes, and those its items ask for.
        for q in &rules.profiles {
            let q = fold(q);
            let mut t: Terms = (0..nj)
                .filter(|&j| ix.holds(j, &q))
                .filter_map(|j| y[j][p].map(|v| (v, 1.0)))
                .collect();
            t.push((u[p], -1.0));
            pb.add(&t, ComparisonOp::Ge, 0.0);
        }
        for i in 0..ni {
            for q in &plan.items[i].profiles {
                let q = fold(q);
                let mut t: Terms = (0..nj)
                    .filter(|&j| ix.holds(j, &q) && !ix.conflict[j][i])
                    .filter_map(|j| y[j][p].map(|v| (v, 1.0)))
                    .collect();
                t.push((x[i][p], -1.0));
                pb.add(&t, ComparisonOp::Ge, 0.0);
            }
            for &j in &ix.forced_on[i] {
                match y[j][p] {
                    Some(yv) => pb.add(&[(x[i][p], 1.0), (yv, -1.0)], ComparisonOp::Le, 0.0),
                    None => pb.add(&[(x[i][p], 1.0)], ComparisonOp::Eq, 0.0),
                }
            }
        }
        for j in 0..nj {
            let Some(yv) = y[j][p] else { continue };
            for i in 0..ni {
                if ix.conflict[j][i] {
                    pb.add(&[(yv, 1.0), (x[i][p], 1.0)], ComparisonOp::Le, 1.0);
                }
            }
            if w.coverage > 0.0 && !relevant[j].is_empty() {
                let t = pb.real(w.coverage, (0.0, 1.0));
                tv.push((j, p, t));
                pb.add(&[(t, 1.0), (yv, -1.0)], ComparisonOp::Le, 0.0);
                let mut terms: Terms = relevant[j].iter().map(|&i| (x[i][p], 1.0)).collect();
                terms.push((t, -1.0));
                pb.add(&terms, ComparisonOp::Ge, 0.0);
            }
        }
    }
    // Jurors: once per half-day, within their load.
    for j in 0..nj {
        for time in 0..ix.times {
            let t: Terms = (0..np)
                .filter(|&p| ix.time_of[p] == time)
                .filter_map(|p| y[j][p].map(|v| (v, 1.0)))
                .collect();
            if t.len() > 1 {
                pb.add(&t, ComparisonOp::Le, 1.0);
            }
        }
        let load: Terms = (0..np).filter_map(|p| y[j][p].map(|v| (v, 1.0))).collect();
        let juror = &plan.jurors[j];
        if juror.load.min > 0 {
            pb.add(&load, ComparisonOp::Ge, f64::from(juror.load.min));
        }
        if (load.len() as u64) > u64::from(juror.load.max) {
            pb.add(&load, ComparisonOp::Le, f64::from(juror.load.max));
        }
        if w.extra_sitting > 0.0 && load.len() > 1 && juror.load.max > 1 {
            let s = pb.real(-w.extra_sitting, (0.0, f64::INFINITY));
            sv.push((j, s));
            let mut t = load;
            t.push((s, -1.0));
            pb.add(&t, ComparisonOp::Le, 1.0);
        }
    }
    // With a previous plan: one variable per person, 1 when they moved, weighted first.
    let mut mv = Vec::new();
    if let Some(seated) = &ix.was_seated {
        let big = move_weight(ix);
        for j in 0..nj {
            let m = pb.real(-big, (0.0, 1.0));
            mv.push(m);
            for p in 0..np {
                match (seated[j][p], y[j][p]) {
                    (true, Some(yv)) => pb.add(&[(m, 1.0), (yv, 1.0)], ComparisonOp::Ge, 1.0),
                    (true, None) => pb.add(&[(m, 1.0)], ComparisonOp::Ge, 1.0),
                    (false, Some(yv)) => pb.add(&[(m, 1.0), (yv, -1.0)], ComparisonOp::Ge, 0.0),
                    (false, None) => {}
                }
            }
        }
        for i in 0..ni {
            if let Some(p) = ix.was_heard[i] {
                let m = pb.real(-big, (0.0, 1.0));
                mv.push(m);
                pb.add(&[(m, 1.0), (x[i][p], 1.0)], ComparisonOp::Ge, 1.0);
            }
        }
    }
    // How many panels sit: enough to hear every item, few enough that each hears its
    // minimum, and, with référents, no more than they can chair (valid cuts that tighten the
    // relaxation).
    let all: Terms = u.iter().map(|&v| (v, 1.0)).collect();
    let least = ni.div_ceil(rules.items.max.max(1) as usize);
    pb.add(&all, ComparisonOp::Ge, least as f64);
    let most = ni / (rules.items.min.max(1) as usize);
    if most < np {
        pb.add(&all, ComparisonOp::Le, most as f64);
    }
    if rules.referent {
        let chairs: usize = (0..nj)
            .filter(|&j| plan.jurors[j].can_be_referent)
            .map(|j| (plan.jurors[j].load.max as usize).min(ix.times_of(j)))
            .sum();
        if chairs < np {
            pb.add(&all, ComparisonOp::Le, chairs as f64);
        }
        // Per half-day: no more panels than référents free then.
        for time in 0..ix.times {
            let here: Terms = (0..np)
                .filter(|&p| ix.time_of[p] == time)
                .map(|p| (u[p], 1.0))
                .collect();
            let free = (0..nj)
                .filter(|&j| {
                    plan.jurors[j].can_be_referent
                        && (0..np).any(|p| ix.time_of[p] == time && ix.can_sit[j][p])
                })
                .count();
            if free < here.len() {
                pb.add(&here, ComparisonOp::Le, free as f64);
            }
        }
    }
    // Symmetry: of two interchangeable slots of one half-day, the first hears at least as
    // many items.
    for p in 0..np {
        let twin = (p + 1..np).find(|&q| twins(ix, p, q));
        if let Some(q) = twin {
            let mut t: Terms = (0..ni).map(|i| (x[i][p], 1.0)).collect();
            t.extend((0..ni).map(|i| (x[i][q], -1.0)));
            pb.add(&t, ComparisonOp::Ge, 0.0);
        }
    }
    let size = (pb.variables, pb.constraints);
    (
        pb.problem,
        Vars {
            x,
            u,
            y,
            r,
            t: tv,
            e: ev,
            s: sv,
            m: mv,
        },
        size,
    )
}

/// A programme being built, with its size.
struct Builder {
    problem: Problem,
    variables: usize,
    constraints: usize,
}

impl Builder {
    fn binary(&mut self) -> Variable {
        self.variables += 1;
        self.problem.add_binary_var(0.0)
    }

    fn real(&mut self, objective: f64, bounds: (f64, f64)) -> Variable {
        self.variables += 1;
        self.problem.add_var(objective, bounds)
    }

    fn add(&mut self, terms: &[(Variable, f64)], op: ComparisonOp, rhs: f64) {
        self.constraints += 1;
        self.problem.add_constraint(terms, op, rhs);
    }
}

#[cfg(test)]
mod tests {
    use super::Values;

    fn values(coverage: u64, seats: u64, penalties: &[u64]) -> Values {
        Values {
            coverage,
            seats,
            penalties: penalties.to_vec(),
            whole: true,
        }
    }

    /// Every value of `coverage × a − Σ penalties` with `a` at most `seats`, found by
    /// enumeration, the largest at most `bound`.
    fn brute_floor(v: &Values, bound: f64) -> f64 {
        let mut sums = vec![0u64];
        loop {
            let before = sums.len();
            let more: Vec<u64> = sums
                .iter()
                .flat_map(|s| v.penalties.iter().map(move |p| s + p))
                .filter(|&s| s <= 200)
                .collect();
            sums.extend(more);
            sums.sort_unstable();
            sums.dedup();
            if sums.len() == before {
                break;
            }
        }
        let mut best = f64::NEG_INFINITY;
        for a in 0..=v.seats {
            for s in &sums {
                #[allow(clippy::cast_precision_loss)]
                let x = (v.coverage * a) as f64 - *s as f64;
                if x <= bound + 1e-6 {
                    best = best.max(x);
                }
            }
        }
        best
    }

    #[test]
    fn a_bound_rounds_down_to_a_value_a_plan_can_have() {
        // EIG 4, seed 7: 43 seats at 10, a same-organisation penalty of 3, no extra sitting;
        // a bound of 428.5 proves 427.
        let seed7 = values(10, 43, &[3]);
        assert_eq!(seed7.floor(428.5), 427.0);
        assert_eq!(seed7.floor(430.0), 430.0);
        assert_eq!(seed7.floor(429.999_999_9), 430.0);
        assert_eq!(seed7.floor(426.9), 424.0);
        assert_eq!(seed7.floor(1e9), 430.0);
        assert_eq!(values(10, 43, &[3, 1]).floor(428.5), 428.0);
        assert_eq!(values(10, 43, &[]).floor(428.5), 420.0);
        // A move weighs up to 10⁹ when re-planning: the table stays small, the value the same.
        assert_eq!(values(10, 43, &[3, 1_200_000_000]).floor(428.5), 427.0);
        // Near 4e8 the relaxation's rounding is relative: a bound a hair under a value counts
        // as that value.
        assert_eq!(
            values(1000, 400_000, &[3]).floor(399_999_999.9),
            400_000_000.0
        );
        let mut not_whole = values(10, 43, &[3]);
        not_whole.whole = false;
        assert_eq!(not_whole.floor(428.5), 428.5);
        // Against an enumeration of every value, on small weights and bounds.
        for coverage in [0, 1, 3, 10] {
            for penalties in [&[][..], &[2], &[3, 5], &[4, 6], &[7, 1]] {
                let v = values(coverage, 6, penalties);
                for tenth in -300..700 {
                    let bound = f64::from(tenth) / 10.0;
                    let want = brute_floor(&v, bound);
                    let got = v.floor(bound);
                    if want.is_finite() {
                        assert_eq!(got, want, "{coverage} {penalties:?} {bound}");
                    } else {
                        assert_eq!(got, bound, "{coverage} {penalties:?} {bound}");
                    }
                }
            }
        }
    }
}
