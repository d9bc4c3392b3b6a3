//! `juror-item` rules: run over every pair of a jury plan's jurors and items, each pair where
//! a rule is false a conflict of interest the planner keeps.

use super::{Compiled, ENV, RuleSet, cost, fast::Outcome, lazy, patterns, with_failure};
use super::{DOCUMENT_LIMIT, LIMIT};
use crate::diagnostics::Violation;
use crate::diagnostics::message::{self, Failure};
use cel::common::value::{CowVal, Val};
use cel::context::VariableResolver;
use cel::{Context, Value as CelValue};
use serde_json::Value;
use std::cell::OnceCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What the `juror-item` rules found on a plan.
#[derive(Debug, Clone, Default)]
pub(crate) struct PairVerdicts {
    /// The pairs refused: (juror's position, item's position, the rule's position in the
    /// set), in the order of the rules, then of the jurors and items.
    pub(crate) refused: Vec<(usize, usize, usize)>,
    /// What kept a rule from running: its cost past a limit, or an evaluation that failed
    /// (one per rule, at the first pair where it failed).
    pub(crate) violations: Vec<Violation>,
}

/// The variables of one pair.
struct PairVars<'a> {
    juror: &'a (dyn Val + 'a),
    item: &'a (dyn Val + 'a),
    rulebook: Option<&'a dyn Val>,
}

impl VariableResolver for PairVars<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        match variable {
            "juror" => Some(CowVal::Borrowed(self.juror)),
            "item" => Some(CowVal::Borrowed(self.item)),
            "rulebook" => self.rulebook.map(CowVal::Borrowed),
            _ => None,
        }
    }
}

/// Why a pair could not be decided.
enum Undecided {
    Failed(cel::ExecutionError),
    Panicked,
    NotBoolean,
}

impl RuleSet {
    /// The rule at `k` (its id and messages).
    pub(crate) fn rule(&self, k: usize) -> Option<&crate::rules::DeclaredRule> {
        self.rules.get(k).map(|(r, _)| r)
    }

    /// Runs every rule over each pair of the plan's `jurors` and `items` (the plan's JSON):
    /// the pairs they refuse, and what kept one from running. A rule's cost over all the
    /// pairs is bounded before it runs, as a document's rules are.
    pub(crate) fn pairs(&self, plan: &Value) -> PairVerdicts {
        if self.rules.is_empty() {
            return PairVerdicts::default();
        }
        patterns::scoped(|| self.all_pairs(plan))
    }

    fn all_pairs(&self, plan: &Value) -> PairVerdicts {
        let list = |name: &str| match plan.get(name) {
            Some(Value::Array(a)) => a.as_slice(),
            _ => &[],
        };
        let (jurors, items) = (list("jurors"), list("items"));
        let sizes = OnceCell::new();
        let sizes = || sizes.get_or_init(|| cost::DocSizes::new(plan, self.rulebook_sizes));
        let mut out = PairVerdicts::default();
        let mut spent = 0u128;
        for (k, (rule, compiled)) in self.rules.iter().enumerate() {
            if crate::stop::requested() {
                break;
            }
            let compiled = match compiled {
                Ok(c) => c,
                // A rulebook built in code, never loaded: its fault.
                Err(v) => {
                    out.violations.push(v.clone());
                    continue;
                }
            };
            let bound = pairs_bound(compiled, jurors, items, self.rulebook_sizes, sizes);
            let pairs = jurors.len().saturating_mul(items.len());
            let refused = if bound > u128::from(LIMIT) {
                Some(message::pair_rule_too_costly(
                    &rule.id, bound, LIMIT, pairs, false,
                ))
            } else if spent.saturating_add(bound) > u128::from(DOCUMENT_LIMIT) {
                Some(message::pair_rule_too_costly(
                    &rule.id,
                    spent.saturating_add(bound),
                    DOCUMENT_LIMIT,
                    pairs,
                    true,
                ))
            } else {
                None
            };
            if let Some(v) = refused {
                out.violations.push(v);
                continue;
            }
            spent = spent.saturating_add(bound);
            self.run_pairs(k, compiled, jurors, items, &mut out);
        }
        out
    }

    fn run_pairs(
        &self,
        k: usize,
        compiled: &Compiled,
        jurors: &[Value],
        items: &[Value],
        out: &mut PairVerdicts,
    ) {
        let rule = &self.rules[k].0;
        // CEL's views of the jurors and items, built when the interpreter first needs them.
        let juror_vals: Vec<OnceCell<Box<dyn Val + '_>>> =
            jurors.iter().map(|_| OnceCell::new()).collect();
        let item_vals: Vec<OnceCell<Box<dyn Val + '_>>> =
            items.iter().map(|_| OnceCell::new()).collect();
        for (j, juror) in jurors.iter().enumerate() {
            if crate::stop::requested() {
                return;
            }
            for (i, item) in items.iter().enumerate() {
                let quick = compiled.fast.as_ref().map_or(Outcome::Unsure, |f| {
                    catch_unwind(AssertUnwindSafe(|| f.eval(juror, item, None)))
                        .unwrap_or(Outcome::Unsure)
                });
                let verdict = match quick {
                    Outcome::Verdict(b) => Ok(b),
                    Outcome::NotBoolean => Err(Undecided::NotBoolean),
                    Outcome::Error | Outcome::Unsure => {
                        let vars = PairVars {
                            juror: juror_vals[j].get_or_init(|| lazy::val(juror)).as_ref(),
                            item: item_vals[i].get_or_init(|| lazy::val(item)).as_ref(),
                            rulebook: self.rulebook.as_deref(),
                        };
                        interpret(compiled, &vars)
                    }
                };
                match verdict {
                    Ok(true) => {}
                    Ok(false) => out.refused.push((j, i, k)),
                    Err(why) => {
                        let item_id = item.get("id").and_then(Value::as_str).unwrap_or("?");
                        let at = format!("/jurors/{j}");
                        let failed = |failure: &Failure<'_>| {
                            message::pair_rule_error(&at, &rule.id, item_id, failure)
                        };
                        out.violations.push(match why {
                            Undecided::NotBoolean => failed(&Failure::NotBoolean),
                            Undecided::Panicked => {
                                failed(&Failure::Other("the evaluator panicked"))
                            }
                            Undecided::Failed(e) => with_failure(&e, failed),
                        });
                        // One failure per rule: its pairs are not known, so no plan is made.
                        return;
                    }
                }
            }
        }
    }
}

/// The verdict of CEL's interpreter on one pair.
fn interpret(compiled: &Compiled, vars: &PairVars<'_>) -> Result<bool, Undecided> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut ctx = Context::with_env(ENV.clone());
        ctx.set_variable_resolver(vars);
        compiled.program.execute(&ctx)
    }));
    match result {
        Ok(Ok(CelValue::Bool(b))) => Ok(b),
        Ok(Ok(_)) => Err(Undecided::NotBoolean),
        Ok(Err(e)) => Err(Undecided::Failed(e)),
        Err(_) => Err(Undecided::Panicked),
    }
}

/// An upper bound on the steps of a rule over every pair: its bound at load for each pair
/// when its cost does not depend on sizes; else one bound for every pair, from the largest
/// juror and item (and the rulebook, when the rule reads it), when that is within the limit;
/// else each pair's own, measured (stopped once past the limit, where the exact figure no
/// longer matters).
fn pairs_bound<'d>(
    compiled: &Compiled,
    jurors: &'d [Value],
    items: &'d [Value],
    rulebook: Option<cost::Largest>,
    sizes: impl Fn() -> &'d cost::DocSizes<'d>,
) -> u128 {
    let pairs = (jurors.len() as u128).saturating_mul(items.len() as u128);
    if !compiled.sized || sizes().within_load() {
        return compiled.load_bound.saturating_mul(pairs);
    }
    let expr = compiled.program.expression();
    let largest = jurors
        .iter()
        .chain(items)
        .map(|v| cost::largest(v).total)
        .chain(rulebook.map(|r| r.total))
        .max()
        .unwrap_or(0);
    let uniform = cost::cost(expr, cost::Sizes::Load(largest, cost::PAIR)).saturating_mul(pairs);
    if uniform <= u128::from(LIMIT) {
        return uniform;
    }
    let doc = sizes();
    let mut total = 0u128;
    for juror in jurors {
        for item in items {
            total = total.saturating_add(cost::cost(expr, cost::Sizes::pair(juror, item, doc)));
            if total > u128::from(LIMIT) {
                return total;
            }
        }
    }
    total
}
