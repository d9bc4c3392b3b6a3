//! The regular expressions of `matches()`: each distinct pattern compiled once per process
//! (a bounded cache shared by every thread), each under a size limit, and all those one
//! rulebook's load or one document's rules compile under a budget of bytes.
//!
//! The budget is charged by what each distinct pattern compiles to (its memory, at least
//! [`MIN_CHARGE`]), once per scope, whether or not the cache already held it: the verdict
//! on a rulebook or a document is the same on every run and every machine. A pattern past
//! the size limit stops compiling there, so refusing one costs a few milliseconds.
//!
//! CEL's own `matches` would compile the pattern at every call, without limit; the
//! environment the rules run in registers [`matches`] instead (see `ENV` in the module
//! above).

pub(crate) use crate::diagnostics::message::PatternFault;
use cel::ExecutionError;
use cel::common::types::{CelBool, CelString};
use cel::common::value::CowVal;
use regex_automata::meta::{self, Regex};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex};

/// The largest program one pattern may compile to, in bytes.
pub(crate) const PATTERN_LIMIT: usize = 1 << 20;

/// The bytes all the patterns of one scope (a rulebook's load, a document's rules) may
/// compile to together.
pub(crate) const BUDGET: usize = 16 << 20;

/// What each distinct pattern costs at least: compiling a small pattern takes time that
/// its few bytes do not show.
pub(crate) const MIN_CHARGE: usize = 4 << 10;

/// How many compiled patterns the process keeps.
const CACHE_ENTRIES: usize = 1024;

/// A pattern compiled, or why not, and what it costs its scope.
#[derive(Clone)]
struct Entry {
    compiled: Result<Arc<Regex>, PatternFault>,
    charge: usize,
}

/// The compiled patterns of the process.
static CACHE: LazyLock<Mutex<HashMap<String, Entry>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// `pattern` compiled (from the cache when there), with its charge.
fn entry(pattern: &str) -> Entry {
    if let Some(e) = CACHE.lock().ok().and_then(|c| c.get(pattern).cloned()) {
        return e;
    }
    let built = Regex::builder()
        .configure(
            Regex::config()
                .nfa_size_limit(Some(PATTERN_LIMIT))
                .onepass_size_limit(Some(PATTERN_LIMIT))
                .dfa_size_limit(Some(PATTERN_LIMIT))
                .hybrid_cache_capacity(2 * PATTERN_LIMIT),
        )
        .build(pattern);
    let e = match built {
        Ok(re) => Entry {
            charge: re.memory_usage().max(MIN_CHARGE),
            compiled: Ok(Arc::new(re)),
        },
        Err(err) => Entry {
            // A refusal for size cost the building up to the limit.
            charge: if err.size_limit().is_some() {
                PATTERN_LIMIT
            } else {
                MIN_CHARGE
            },
            compiled: Err(fault(&err)),
        },
    };
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(pattern.to_owned(), e.clone());
    }
    e
}

fn fault(err: &meta::BuildError) -> PatternFault {
    if let Some(limit) = err.size_limit() {
        return PatternFault::TooLarge { limit };
    }
    // The engine's last line says what is wrong ("error: unclosed group").
    let text = err
        .syntax_error()
        .map_or_else(|| err.to_string(), ToString::to_string);
    let why = text.lines().last().unwrap_or_default().trim();
    PatternFault::Syntax(why.strip_prefix("error: ").unwrap_or(why).to_owned())
}

/// The patterns one scope has compiled, and the bytes they cost.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    seen: HashSet<String>,
    spent: usize,
}

impl Budget {
    /// `pattern` compiled, charged to this scope the first time it asks for it.
    pub(crate) fn get(&mut self, pattern: &str) -> Result<Arc<Regex>, PatternFault> {
        if self.seen.contains(pattern) {
            return entry(pattern).compiled;
        }
        if self.spent >= BUDGET {
            return Err(PatternFault::OverBudget { budget: BUDGET });
        }
        let e = entry(pattern);
        self.spent = self.spent.saturating_add(e.charge);
        if e.compiled.is_ok() && self.spent > BUDGET {
            return Err(PatternFault::OverBudget { budget: BUDGET });
        }
        self.seen.insert(pattern.to_owned());
        e.compiled
    }
}

thread_local! {
    /// The budget of the scope running on this thread (a document's rules), for CEL's
    /// `matches`, which is a plain function.
    static SCOPE: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

/// Runs `f` with a fresh budget for the patterns `matches` compiles on this thread.
pub(crate) fn scoped<T>(f: impl FnOnce() -> T) -> T {
    let outer = SCOPE.with(|s| s.replace(Some(Budget::default())));
    let out = f();
    SCOPE.with(|s| *s.borrow_mut() = outer);
    out
}

/// `pattern` compiled, charged to the current scope (a scope of its own when there is none).
pub(crate) fn compiled(pattern: &str) -> Result<Arc<Regex>, PatternFault> {
    SCOPE.with(|s| match s.borrow_mut().as_mut() {
        Some(budget) => budget.get(pattern),
        None => Budget::default().get(pattern),
    })
}

/// CEL's `matches` (`text.matches(pattern)` and `matches(text, pattern)`), over the cache.
pub(super) fn matches<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let text = |i: usize| {
        args.get(i)
            .and_then(|a| a.downcast_ref::<CelString>())
            .map(|s| s.inner().to_owned())
    };
    let (Some(haystack), Some(pattern)) = (text(0), text(1)) else {
        return Err(ExecutionError::function_error(
            "matches",
            "matches() takes a text and a pattern",
        ));
    };
    match compiled(&pattern) {
        Ok(re) => Ok(CowVal::owned(CelBool::from(re.is_match(&haystack)))),
        Err(fault) => Err(ExecutionError::function_error(
            "matches",
            describe(&pattern, &fault),
        )),
    }
}

/// A pattern's fault, in English (for CEL's error).
pub(crate) fn describe(pattern: &str, fault: &PatternFault) -> String {
    let shown: String = pattern.chars().take(80).collect();
    match fault {
        PatternFault::Syntax(why) => format!("'{shown}' not a valid regex: {why}"),
        PatternFault::TooLarge { limit } => {
            format!("'{shown}' compiled exceeds size limit of {limit} bytes")
        }
        PatternFault::OverBudget { budget } => format!(
            "'{shown}' not compiled: the patterns of one document exceed their budget of {budget} bytes"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_scope_pays_for_what_it_compiles_once() {
        let mut b = Budget::default();
        assert!(b.get("^[0-9]{14}$").is_ok());
        let after_one = b.spent;
        assert!(after_one >= MIN_CHARGE);
        assert!(b.get("^[0-9]{14}$").is_ok());
        assert_eq!(b.spent, after_one, "a pattern asked twice is paid once");
        // Another scope pays again, whatever the cache holds.
        let mut c = Budget::default();
        assert!(c.get("^[0-9]{14}$").is_ok());
        assert_eq!(c.spent, after_one);
    }

    #[test]
    fn a_pattern_past_the_limit_is_refused_for_its_size() {
        let mut b = Budget::default();
        let e = b.get(r"\w{100}N").unwrap_err();
        assert_eq!(
            e,
            PatternFault::TooLarge {
                limit: PATTERN_LIMIT
            }
        );
        assert!(
            matches!(b.get("(unclosed"), Err(PatternFault::Syntax(w)) if w.contains("unclosed"))
        );
    }

    #[test]
    fn the_budget_stops_a_scope_that_compiles_too_much() {
        let mut b = Budget::default();
        let mut refused = None;
        for i in 0..10_000 {
            if let Err(e) = b.get(&format!("^x{i}$")) {
                refused = Some((i, e));
                break;
            }
        }
        let (i, e) = refused.expect("the budget ends");
        assert_eq!(e, PatternFault::OverBudget { budget: BUDGET });
        assert!(i <= BUDGET / MIN_CHARGE, "{i}");
        // Once spent, a new pattern is refused without compiling; one seen still runs.
        assert!(b.get("^x0$").is_ok());
    }
}
