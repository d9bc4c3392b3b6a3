//! Declared rules (a rulebook's `rules`, written in CEL): compiled once when the rulebook is
//! loaded, with every fault reported on the rulebook, and run over a document's JSON, so that
//! they run even where another part of the document is invalid.

mod cost;
mod fast;
mod lazy;
#[cfg(feature = "matching")]
mod pairs;
mod patterns;
mod typing;

use super::{RulebookChoice, structural};
use crate::diagnostics::Violation;
use crate::diagnostics::message::{self, Failure, Fault, Takes};
use crate::rules::{DeclaredRule, Rulebook, Target};
use crate::schema::SchemaKind;
use cel::common::ast::IdedExpr;
use cel::common::types::{
    CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString, CelUInt,
};
use cel::common::value::{CowVal, Val};
use cel::context::VariableResolver;
use cel::{Context, Env, ExecutionError, Program};
use fast::Outcome;
use serde_json::Value;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, LazyLock};
use typing::{Checker, Node, Ty};

pub(crate) use cost::{DOCUMENT_LIMIT, LIMIT, LOAD_SIZE};
#[cfg(test)]
pub(crate) use patterns::{BUDGET as PATTERN_BUDGET, PATTERN_LIMIT};
/// The deepest expression tree a rule may have.
#[cfg(test)]
pub(crate) const MAX_DEPTH: usize = typing::MAX_DEPTH;

/// The environment every rule runs in: CEL's standard library and its strings extension,
/// with our `matches` (each pattern compiled once, under limits: see [`patterns`]).
static ENV: LazyLock<Arc<Env>> = LazyLock::new(|| {
    use cel::common::types::STRING_TYPE;
    let mut env = Env::stdlib();
    // Registering a fresh environment's extension, or a function it lacks, cannot clash.
    let _ = env.add_extension(cel::extensions::strings);
    let _ = env.add_overload(
        "matches",
        "matches",
        vec![STRING_TYPE, STRING_TYPE],
        patterns::matches,
    );
    let _ = env.add_member_overload(
        "matches",
        "string.matches(string)",
        STRING_TYPE,
        vec![STRING_TYPE],
        patterns::matches,
    );
    Arc::new(env)
});

/// A rule compiled: CEL's program, and the direct evaluator's where the rule's shape allows.
pub(crate) struct Compiled {
    program: Program,
    fast: Option<fast::Fast>,
    /// Its cost bound on a document no larger than [`LOAD_SIZE`] in any list, text or value,
    /// and whether its cost depends on the document's sizes at
    /// all: only then is a bound computed for each document past those sizes.
    load_bound: u128,
    sized: bool,
}

/// The schema kind a rule's target names.
fn kind(target: Target) -> SchemaKind {
    match target {
        Target::ChallengeSubmission => SchemaKind::ChallengeSubmission,
        Target::Application => SchemaKind::Application,
        Target::ScoringGrid => SchemaKind::ScoringGrid,
        Target::Jury => SchemaKind::Jury,
        Target::ScoreSheets => SchemaKind::ScoreSheets,
        Target::TeamFormation => SchemaKind::TeamFormation,
        Target::MentorMatching => SchemaKind::MentorMatching,
        Target::JuryPlan | Target::JurorItem => SchemaKind::JuryPlan,
        // A target added later is checked without a schema.
        _ => SchemaKind::Dataset,
    }
}

/// The target a document kind is checked as, if rules may name it.
pub(crate) fn target_of(kind: SchemaKind) -> Option<Target> {
    if kind == SchemaKind::ChallengeSubmission2024 {
        return Some(Target::ChallengeSubmission);
    }
    // A `juror-item` rule checks pairs, not a document.
    Target::ALL
        .into_iter()
        .find(|t| *t != Target::JurorItem && self::kind(*t) == kind)
}

/// The declared rules for a document of `kind` in the rulebook `choice` names: the given or
/// built-in one (a choice by the document's own promotion takes the built-in rulebooks',
/// which declare none today).
pub(crate) fn declared_rules(kind: SchemaKind, choice: &RulebookChoice) -> RuleSet {
    let Some(target) = target_of(kind) else {
        return RuleSet::default();
    };
    match choice {
        RulebookChoice::Given(rb) => rb.rules(target).clone(),
        RulebookChoice::Builtin(id) => super::CompiledRulebook::builtin_ref(id)
            .map(|rb| rb.rules(target).clone())
            .unwrap_or_default(),
        _ => RuleSet::default(),
    }
}

/// The `juror-item` rules of the rulebook `choice` names (the built-in rulebooks declare
/// none).
#[cfg(feature = "matching")]
pub(crate) fn pair_rules(choice: &RulebookChoice) -> RuleSet {
    match choice {
        RulebookChoice::Given(rb) => rb.rules(Target::JurorItem).clone(),
        RulebookChoice::Builtin(id) => super::CompiledRulebook::builtin_ref(id)
            .map(|rb| rb.rules(Target::JurorItem).clone())
            .unwrap_or_default(),
        _ => RuleSet::default(),
    }
}

/// The declared rules of `rulebook` for a typed document of `kind`, run over its JSON form:
/// for the engines, which take documents already read. A number the type holds as a
/// decimal and that is whole (a score of `10`) is seen as an integer, as it is written.
#[cfg(any(feature = "scoring", feature = "matching"))]
pub(crate) fn run_typed<T: serde::Serialize>(
    rulebook: &Rulebook,
    kind: SchemaKind,
    doc: &T,
) -> Vec<Violation> {
    let Some(target) = target_of(kind) else {
        return Vec::new();
    };
    run_typed_with(&RuleSet::new(rulebook, target), doc)
}

/// [`run_typed`] with the rules already compiled (a [`CompiledRulebook`](super::CompiledRulebook)'s).
#[cfg(any(feature = "scoring", feature = "matching"))]
pub(crate) fn run_typed_with<T: serde::Serialize>(rules: &RuleSet, doc: &T) -> Vec<Violation> {
    if rules.is_empty() {
        return Vec::new();
    }
    match serde_json::to_value(doc) {
        Ok(mut value) => {
            super::document::whole_numbers(&mut value);
            rules.run(&value, &[])
        }
        Err(e) => vec![message::internal_error(
            "",
            message::Step::WritingJson,
            &e.to_string(),
        )],
    }
}

/// Runs `rules` after a document's own load, over the JSON it was read from: their
/// violations join the load's (a rule whose input is structurally invalid is skipped).
#[cfg(feature = "matching")]
pub(crate) fn after_load<T: crate::validate::Document>(
    loaded: Result<crate::validate::Checked<T>, crate::diagnostics::InvalidDocument>,
    value: &Value,
    rules: &RuleSet,
) -> Result<crate::validate::Checked<T>, crate::diagnostics::InvalidDocument> {
    if rules.is_empty() {
        return loaded;
    }
    super::document::with_more(loaded, |blocked| rules.run(value, blocked))
}

/// The column (from 1) of character offset `offset` in `source`.
fn column_of(source: &str, offset: usize) -> usize {
    let before: String = source.chars().take(offset).collect();
    before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1
}

/// The deepest nesting of brackets a rule's text may have: a real rule has a few levels. The
/// CEL parser would stop at 96 with a message of its own, but parsing and evaluating each
/// level costs stack: at 32 levels the deepest rule still runs on a 2 MiB worker thread in a
/// debug build (the test below checks it).
pub(crate) const MAX_BRACKETS: usize = 32;

/// The stack a rule is compiled on: the CEL parser and the checks recurse for each level (a
/// debug build needs about 200 KiB per bracket), more than a worker thread's 2 MiB holds.
const COMPILE_STACK: usize = 64 * 1024 * 1024;

/// Parses a rule; a panic of the parser is caught.
fn parse(text: &str) -> std::thread::Result<Result<Program, cel::ParseErrors>> {
    catch_unwind(AssertUnwindSafe(|| ENV.compile(text)))
}

/// The first `matches` pattern written in the rule that cannot be used (a syntax error, a
/// program past its size limit, or past what the rulebook's patterns may compile to
/// together), with why: refused with the rulebook, not at each document. Each is compiled
/// once, charged to the load's budget (the compiling thread's scope).
fn bad_pattern(expr: &IdedExpr) -> Option<(String, patterns::PatternFault)> {
    use cel::common::ast::{Expr, LiteralValue};
    let found = std::cell::RefCell::new(None);
    cost::any(expr, &|x| {
        if let Expr::Call(call) = x
            && call.func_name == "matches"
            && let Some(arg) = call.args.last()
            && let Expr::Literal(LiteralValue::String(p)) = &arg.expr
            && let Err(fault) = patterns::compiled(p.inner())
        {
            *found.borrow_mut() = Some((p.inner().to_owned(), fault));
            return true;
        }
        false
    });
    found.into_inner()
}

/// The deepest nesting of brackets (`(`, `[`, `{`) in a rule's text, those inside string
/// literals left out.
fn bracket_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Compiles rule `i` of a rulebook, or says why it cannot be (the violation's path is in
/// the rulebook).
#[allow(clippy::result_large_err)]
fn compile(i: usize, rule: &DeclaredRule) -> Result<Arc<Compiled>, Violation> {
    compile_all(&[(i, rule)])
        .pop()
        .unwrap_or_else(|| Err(unsupported(i, rule)))
}

/// Rule `i` refused as an expression the compiler cannot take (it panicked on it).
fn unsupported(i: usize, rule: &DeclaredRule) -> Violation {
    message::rule_invalid(
        format!("/rules/{i}/rule"),
        &rule.id,
        &Fault::Unsupported { what: "expression" },
    )
}

/// Compiles rules (each with its index in the rulebook), in order, on one thread of their own
/// with a large stack, so that the caller's stack does not bound how deep a rule may nest. A
/// rule whose compilation panics is refused, and the others are compiled still: one outcome
/// per rule, always.
#[allow(clippy::result_large_err)]
fn compile_all(rules: &[(usize, &DeclaredRule)]) -> Vec<Compilation> {
    if rules.is_empty() {
        return Vec::new();
    }
    let one = |(i, rule): &(usize, &DeclaredRule)| {
        catch_unwind(AssertUnwindSafe(|| compile_here(*i, rule)))
            .unwrap_or_else(|_| Err(unsupported(*i, rule)))
    };
    // One budget for the patterns of every rule compiled here. A load is not stopped half-way
    // (its outcome is kept by the compiled rulebook for every later use, with or without a
    // stop); its cost is bounded instead: 200 rules, 2,000 characters each, patterns within
    // their size limit and budget.
    let run = || patterns::scoped(|| rules.iter().map(one).collect::<Vec<_>>());
    let mut compiled = std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name("eig-rule-compiler".into())
            .stack_size(COMPILE_STACK)
            .spawn_scoped(scope, run)
        {
            // `one` catches every panic, so the thread ends normally; were it not to, each
            // rule is refused rather than lost.
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                rules
                    .iter()
                    .map(|(i, rule)| Err(unsupported(*i, rule)))
                    .collect()
            }),
            // No thread to be had: compile here.
            Err(_) => run(),
        }
    });
    refuse_past_document_limit(rules, &mut compiled);
    compiled
}

/// Refuses, with the rulebook, each rule that takes the rules of its kind of document past
/// [`DOCUMENT_LIMIT`] together on a document of the load size.
fn refuse_past_document_limit(rules: &[(usize, &DeclaredRule)], compiled: &mut [Compilation]) {
    let mut spent: HashMap<Target, u128> = HashMap::new();
    for ((i, rule), c) in rules.iter().zip(compiled.iter_mut()) {
        let Ok(ok) = c else { continue };
        // Per element with `for_each`, as each rule's own bound at load.
        let total = spent.entry(rule.on).or_default();
        let after = total.saturating_add(ok.load_bound);
        if after > u128::from(DOCUMENT_LIMIT) {
            *c = Err(message::rule_too_costly(
                format!("/rules/{i}/rule"),
                &rule.id,
                after,
                DOCUMENT_LIMIT,
                Some(LOAD_SIZE),
                true,
            ));
        } else {
            *total = after;
        }
    }
}

/// [`compile`], on the current thread.
#[allow(clippy::result_large_err)]
fn compile_here(i: usize, rule: &DeclaredRule) -> Result<Arc<Compiled>, Violation> {
    let at = |field: &str| format!("/rules/{i}/{field}");
    // The parser recurses for each bracket: a text nested deeper than allowed is refused
    // before it reaches the parser (a few hundred brackets would exhaust its stack).
    if bracket_depth(&rule.rule) > MAX_BRACKETS {
        return Err(message::rule_invalid(
            at("rule"),
            &rule.id,
            &Fault::TooDeep { max: MAX_BRACKETS },
        ));
    }
    let program = match parse(&rule.rule) {
        Ok(Ok(p)) => p,
        Ok(Err(errors)) => {
            let first = errors.errors.first();
            let (line, column) = first.map_or((1, 1), |e| {
                (
                    usize::try_from(e.pos.0).unwrap_or(1).max(1),
                    usize::try_from(e.pos.1).unwrap_or(1).max(1),
                )
            });
            let parser = first.map_or("", |e| e.msg.as_str());
            return Err(message::rule_invalid(
                at("rule"),
                &rule.id,
                &Fault::Syntax {
                    line,
                    column,
                    parser,
                },
            ));
        }
        Err(_) => {
            return Err(message::rule_invalid(
                at("rule"),
                &rule.id,
                &Fault::Unsupported { what: "expression" },
            ));
        }
    };
    let pair = rule.on == Target::JurorItem;
    if pair {
        let misplaced = [
            ("for_each", rule.for_each.is_some()),
            ("path", !rule.path.is_empty()),
            (
                "severity",
                rule.severity != crate::diagnostics::Severity::Error,
            ),
        ];
        if let Some((field, _)) = misplaced.into_iter().find(|(_, there)| *there) {
            return Err(message::rule_invalid(
                at(field),
                &rule.id,
                &Fault::PairField { field },
            ));
        }
    }
    let takes = match (pair, rule.for_each.is_some()) {
        (true, _) => Takes::JurorItem,
        (false, true) => Takes::ValueIndex,
        (false, false) => Takes::Value,
    };
    let offered: &[&str] = match takes {
        Takes::Value => &["value"],
        Takes::ValueIndex => &["value", "index"],
        Takes::JurorItem => &["juror", "item"],
    };
    for (field, text) in [
        ("message_fr", &rule.message_fr),
        ("message_en", &rule.message_en),
    ] {
        if let Some(name) = placeholders(text).find(|p| !offered.contains(p)) {
            return Err(message::rule_invalid(
                at(field),
                &rule.id,
                &Fault::Placeholder { name, takes },
            ));
        }
    }
    check_types(i, rule, &program)?;
    let expr = program.expression();
    if let Some((pattern, why)) = bad_pattern(expr) {
        return Err(message::rule_invalid(
            at("rule"),
            &rule.id,
            &Fault::Pattern {
                pattern: &pattern,
                why: &why,
            },
        ));
    }
    let names = if pair { cost::PAIR } else { cost::DOCUMENT };
    let bound = cost::cost(expr, cost::Sizes::Load(LOAD_SIZE, names));
    if bound > u128::from(LIMIT) {
        return Err(message::rule_too_costly(
            at("rule"),
            &rule.id,
            bound,
            LIMIT,
            Some(LOAD_SIZE),
            false,
        ));
    }
    // A rule whose bound does not move when every size doubles costs the same on any document.
    let sized = cost::cost(expr, cost::Sizes::Load(2 * LOAD_SIZE, names)) != bound;
    let fast = fast::compile(expr, names);
    Ok(Arc::new(Compiled {
        program,
        fast,
        load_bound: bound,
        sized,
    }))
}

/// The type check against the schema of the rule's target.
#[allow(clippy::result_large_err)]
fn check_types(i: usize, rule: &DeclaredRule, program: &Program) -> Result<(), Violation> {
    let schema = structural::compiled(kind(rule.on)).schema();
    let root = Ty::of(Node {
        root: schema,
        node: schema,
    });
    let rb = structural::RULEBOOK.schema();
    let rulebook = Ty::of(Node { root: rb, node: rb });
    let info = program.source_info();
    let column = |id: u64| {
        info.offset_for(id)
            .map_or(1, |(start, _)| column_of(&rule.rule, start as usize))
    };
    let refused = |p: typing::Problem| {
        message::rule_invalid(format!("/rules/{i}/rule"), &rule.id, &p.fault())
    };
    if rule.on == Target::JurorItem {
        let of = |list: &str| list_item(schema, list).unwrap_or(Ty::Any);
        let vars = vec![
            ("juror", of("/jurors")),
            ("item", of("/items")),
            ("rulebook", rulebook),
        ];
        return Checker::with_vars(vars, &column)
            .check(program.expression())
            .map_err(refused);
    }
    let this = match &rule.for_each {
        None => root,
        Some(pointer) => match list_item(schema, pointer) {
            Some(t) => t,
            None => {
                return Err(message::rule_invalid(
                    format!("/rules/{i}/for_each"),
                    &rule.id,
                    &Fault::NotAList { pointer },
                ));
            }
        },
    };
    Checker::new(this, root, rulebook, rule.for_each.is_some(), &column)
        .check(program.expression())
        .map_err(refused)
}

/// The type of an element of the list `pointer` names in a schema, or `None` when it names
/// no list.
fn list_item<'s>(schema: &'s Value, pointer: &str) -> Option<Ty<'s>> {
    let mut ty = Ty::of(Node {
        root: schema,
        node: schema,
    });
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        ty = match ty {
            Ty::Object(n) => {
                let p = n.node.get("properties")?.get(&token)?;
                Ty::of(Node {
                    root: n.root,
                    node: p,
                })
            }
            Ty::Any | Ty::Map => Ty::Any,
            _ => return None,
        };
    }
    match ty {
        Ty::List(Some(n)) => Some(Ty::of(n)),
        Ty::List(None) | Ty::Any => Some(Ty::Any),
        _ => None,
    }
}

/// The `{name}` placeholders of a message.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|rest| {
        let name = rest.split('}').next()?;
        (rest.contains('}') && !name.is_empty() && name.len() < 40 && !name.contains(' '))
            .then_some(name)
    })
}

/// The fault of rule `i` of a rulebook, if it does not compile.
pub(crate) fn check_rule(i: usize, rule: &DeclaredRule) -> Option<Violation> {
    compile(i, rule).err()
}

/// Every fault of a rulebook's declared rules, at its path in the rulebook.
pub(crate) fn check_rulebook(rulebook: &Rulebook) -> Vec<Violation> {
    faults(&compile_rulebook(rulebook))
}

/// Every declared rule of a rulebook compiled, in order.
pub(crate) fn compile_rulebook(rulebook: &Rulebook) -> Vec<Compilation> {
    let rules: Vec<(usize, &DeclaredRule)> = rulebook.rules.iter().enumerate().collect();
    compile_all(&rules)
}

/// The faults of compilations.
pub(crate) fn faults(compiled: &[Compilation]) -> Vec<Violation> {
    compiled
        .iter()
        .filter_map(|c| c.as_ref().err().cloned())
        .collect()
}

/// A rule compiled, or why it cannot be (at its path in the rulebook).
pub(crate) type Compilation = Result<Arc<Compiled>, Violation>;

/// The declared rules of a rulebook for one kind of document, compiled, ready to run over
/// many documents.
#[derive(Clone, Default)]
pub(crate) struct RuleSet {
    rules: Arc<[(DeclaredRule, Compilation)]>,
    /// The rulebook as CEL sees it, built once, when a rule reads `rulebook`, and its sizes
    /// (what a value read from it can be).
    rulebook: Option<Arc<dyn Val>>,
    rulebook_sizes: Option<cost::Largest>,
}

/// A value as CEL's own values, built whole and owning its texts, for a value kept beyond the
/// document (the rulebook; the tests compare the lazy document with it). A JSON integer is an
/// `int` (a `uint` past `i64`), any other number a `double`.
fn to_owned_val(v: &Value) -> Box<dyn Val> {
    match v {
        Value::String(s) => Box::new(CelString::from(s.clone())),
        Value::Array(items) => Box::new(CelList::from(
            items.iter().map(to_owned_val).collect::<Vec<_>>(),
        )),
        Value::Object(map) => Box::new(CelMap::from(
            map.iter()
                .map(|(k, v)| (CelMapKey::from(k.clone()), to_owned_val(v)))
                .collect::<HashMap<_, _>>(),
        )),
        Value::Null => Box::new(CelNull),
        Value::Bool(b) => Box::new(CelBool::from(*b)),
        Value::Number(n) => number(n),
    }
}

fn number(n: &serde_json::Number) -> Box<dyn Val> {
    if let Some(i) = n.as_i64() {
        Box::new(CelInt::from(i))
    } else if let Some(u) = n.as_u64() {
        Box::new(CelUInt::from(u))
    } else {
        Box::new(CelDouble::from(n.as_f64().unwrap_or(f64::NAN)))
    }
}

/// The variables of one evaluation, lent to the evaluator without a copy.
struct Vars<'a> {
    this: &'a (dyn Val + 'a),
    root: &'a (dyn Val + 'a),
    rulebook: Option<&'a dyn Val>,
    index: Option<i64>,
}

impl VariableResolver for Vars<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        match variable {
            "self" => Some(CowVal::Borrowed(self.this)),
            "root" => Some(CowVal::Borrowed(self.root)),
            "rulebook" => self.rulebook.map(CowVal::Borrowed),
            "index" => self.index.map(|i| CowVal::owned(CelInt::from(i))),
            _ => None,
        }
    }
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.rules.iter().map(|(r, _)| &r.id))
            .finish()
    }
}

impl RuleSet {
    /// The rules of `rulebook` that check `target`.
    pub(crate) fn new(rulebook: &Rulebook, target: Target) -> Self {
        let mine: Vec<(usize, &DeclaredRule)> = rulebook
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.on == target)
            .collect();
        let rules: Arc<[_]> = mine
            .iter()
            .map(|(_, r)| (*r).clone())
            .zip(compile_all(&mine))
            .collect();
        Self::of(rulebook, rules)
    }

    /// The rules of `rulebook` that check `target`, from `compiled`, the compilation of each of
    /// its rules in order (made once, when the rulebook was loaded).
    pub(crate) fn from_compiled(
        rulebook: &Rulebook,
        target: Target,
        compiled: &[Compilation],
    ) -> Self {
        let rules: Arc<[_]> = rulebook
            .rules
            .iter()
            .zip(compiled)
            .filter(|(r, _)| r.on == target)
            .map(|(r, c)| (r.clone(), c.clone()))
            .collect();
        Self::of(rulebook, rules)
    }

    fn of(rulebook: &Rulebook, rules: Arc<[(DeclaredRule, Compilation)]>) -> Self {
        let reads_rulebook = rules.iter().any(|(_, p)| {
            p.as_ref()
                .is_ok_and(|p| p.program.references().has_variable("rulebook"))
        });
        let json = reads_rulebook
            .then(|| serde_json::to_value(rulebook).ok())
            .flatten();
        Self {
            rules,
            rulebook: json.as_ref().map(|j| Arc::from(to_owned_val(j))),
            rulebook_sizes: json.as_ref().map(cost::largest),
        }
    }

    /// Whether there is no rule to run.
    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The ids of the rules, in order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|(r, _)| r.id.as_str())
    }

    /// Runs every rule over `doc`. `blocked` holds the document's structural errors: a rule
    /// that cannot be evaluated where they are is skipped (`rule_skipped`), not failed.
    pub(crate) fn run(&self, doc: &Value, blocked: &[Violation]) -> Vec<Violation> {
        if self.rules.is_empty() {
            return Vec::new();
        }
        // One budget for the patterns the document's rules compile.
        patterns::scoped(|| self.run_all(doc, blocked))
    }

    fn run_all(&self, doc: &Value, blocked: &[Violation]) -> Vec<Violation> {
        let mut out = Vec::new();
        // CEL's view of the document, built when a rule needs CEL's interpreter.
        let root = std::cell::OnceCell::new();
        let root = || root.get_or_init(|| lazy::val(doc));
        // The document's sizes bound what a rule walks, builds and scans: measured when a rule
        // whose cost depends on them first needs them.
        let sizes = std::cell::OnceCell::new();
        let sizes = || sizes.get_or_init(|| cost::DocSizes::new(doc, self.rulebook_sizes));
        // The steps the rules run so far may take, against [`DOCUMENT_LIMIT`].
        let mut spent = 0u128;
        for (rule, compiled) in self.rules.iter() {
            // Whoever runs the validation under a stop will drop this report.
            if crate::stop::requested() {
                break;
            }
            match compiled {
                Ok(c) => {
                    let run = Run {
                        doc,
                        root: &root,
                        sizes: &sizes,
                        blocked,
                    };
                    self.run_one(rule, c, &run, &mut spent, &mut out);
                }
                // A rulebook built in code, never loaded: its fault, with the document's path.
                Err(v) => {
                    let mut v = v.clone();
                    v.path = rule.path.clone();
                    out.push(v);
                }
            }
        }
        out
    }

    fn run_one(
        &self,
        rule: &DeclaredRule,
        compiled: &Compiled,
        run: &Run<'_, '_>,
        spent: &mut u128,
        out: &mut Vec<Violation>,
    ) {
        let Run {
            doc,
            root,
            sizes,
            blocked,
        } = *run;
        let (list, whole) = match &rule.for_each {
            None => (None, Some(doc)),
            Some(p) => match doc.pointer(p) {
                None | Some(Value::Null) => return,
                Some(Value::Array(a)) => (Some(a.as_slice()), None),
                Some(_) => {
                    out.push(self.cannot_run(rule, p, blocked, &Failure::NotAList(p)));
                    return;
                }
            },
        };
        let count = list.map_or(1, <[Value]>::len);
        let items = whole.into_iter().map(|d| (d, None)).chain(
            list.into_iter()
                .flatten()
                .enumerate()
                .map(|(i, el)| (el, Some(i))),
        );
        let program = &compiled.program;
        let expr: &IdedExpr = program.expression();
        // A rule whose cost does not depend on sizes is within its load-time bound; so is one
        // on a document no larger than assumed then.
        let load_bound = compiled.load_bound.saturating_mul(count as u128);
        let bound = if compiled.sized && !sizes().within_load() {
            let doc_sizes = sizes();
            items.clone().fold(0u128, |acc, (this, _)| {
                acc.saturating_add(cost::cost(expr, cost::Sizes::document(this, doc_sizes)))
            })
        } else {
            load_bound
        };
        let at = || rule.for_each.clone().unwrap_or_default() + &rule.path;
        if bound > u128::from(LIMIT) {
            out.push(message::rule_too_costly(
                at(),
                &rule.id,
                bound,
                LIMIT,
                None,
                false,
            ));
            return;
        }
        let after = spent.saturating_add(bound);
        if after > u128::from(DOCUMENT_LIMIT) {
            out.push(message::rule_too_costly(
                at(),
                &rule.id,
                after,
                DOCUMENT_LIMIT,
                None,
                true,
            ));
            return;
        }
        *spent = after;
        for (this, index) in items {
            if list.is_some() && crate::stop::requested() {
                return;
            }
            let at = || match (&rule.for_each, index) {
                (Some(p), Some(i)) => format!("{p}/{i}{}", rule.path),
                _ => rule.path.clone(),
            };
            let index = index.map(|i| i64::try_from(i).unwrap_or(i64::MAX));
            // The direct evaluator where it is sure of CEL's answer, else CEL's interpreter.
            let quick = compiled.fast.as_ref().map_or(Outcome::Unsure, |f| {
                catch_unwind(AssertUnwindSafe(|| f.eval(this, doc, index)))
                    .unwrap_or(Outcome::Unsure)
            });
            let result = match quick {
                Outcome::Verdict(b) => Ok(Ok(cel::Value::Bool(b))),
                Outcome::NotBoolean => {
                    out.push(self.cannot_run(rule, &at(), blocked, &Failure::NotBoolean));
                    continue;
                }
                // An error where the document's structure is at fault is a skip, whatever
                // the error: no need for CEL's message.
                Outcome::Error if !blocked.is_empty() => {
                    out.extend(self.skipped(rule, &at(), blocked));
                    continue;
                }
                Outcome::Error | Outcome::Unsure => {
                    let root = root().as_ref();
                    let element = rule.for_each.is_some().then(|| lazy::val(this));
                    let vars = Vars {
                        this: element.as_deref().unwrap_or(root),
                        root,
                        rulebook: self.rulebook.as_deref(),
                        index,
                    };
                    catch_unwind(AssertUnwindSafe(|| {
                        let mut ctx = Context::with_env(ENV.clone());
                        ctx.set_variable_resolver(&vars);
                        program.execute(&ctx)
                    }))
                }
            };
            match result {
                Ok(Ok(cel::Value::Bool(true))) => {}
                Ok(Ok(cel::Value::Bool(false))) => {
                    let at = at();
                    let value = doc.pointer(&at);
                    let index = index.and_then(|i| usize::try_from(i).ok());
                    out.push(Violation::custom(
                        rule.id.clone(),
                        rule.code(),
                        rule.severity,
                        at.clone(),
                        fill(&rule.message_fr, value, index, "(absent)"),
                        fill(&rule.message_en, value, index, "(absent)"),
                    ));
                }
                Ok(Ok(_)) => out.push(self.cannot_run(rule, &at(), blocked, &Failure::NotBoolean)),
                Ok(Err(e)) => with_failure(&e, |failure| {
                    out.push(self.cannot_run(rule, &at(), blocked, failure));
                }),
                Err(_) => out.push(self.cannot_run(
                    rule,
                    &at(),
                    blocked,
                    &Failure::Other("the evaluator panicked"),
                )),
            }
        }
    }

    /// A rule that could not be evaluated: skipped where the document's structure is at
    /// fault, failed otherwise.
    fn cannot_run(
        &self,
        rule: &DeclaredRule,
        at: &str,
        blocked: &[Violation],
        failure: &Failure<'_>,
    ) -> Violation {
        self.skipped(rule, at, blocked)
            .unwrap_or_else(|| message::rule_error(at, &rule.id, failure))
    }

    /// `rule_skipped`, naming the structural error nearest the rule's input, when the
    /// document has one.
    fn skipped(&self, rule: &DeclaredRule, at: &str, blocked: &[Violation]) -> Option<Violation> {
        let scope = rule.for_each.as_deref().unwrap_or(&rule.path);
        blocked
            .iter()
            .find(|v| !scope.is_empty() && v.path.starts_with(scope))
            .or_else(|| blocked.first())
            .map(|v| message::rule_skipped(at, message::Skipped::Rule(&rule.id), &v.path))
    }
}

/// Runs `f` with the failure an evaluation error is.
fn with_failure<R>(e: &ExecutionError, f: impl FnOnce(&Failure<'_>) -> R) -> R {
    let (owned, given);
    let failure = match e {
        ExecutionError::NoSuchKey(k) => Failure::NoSuchField(k),
        ExecutionError::NoSuchOverload(o) => {
            given = o.argument_types().to_vec();
            Failure::Types {
                op: o.function(),
                given: &given,
            }
        }
        ExecutionError::IndexOutOfBounds(_) => Failure::IndexOutOfBounds,
        ExecutionError::DivisionByZero(_) | ExecutionError::RemainderByZero(_) => {
            Failure::DivisionByZero
        }
        other => {
            owned = other.to_string();
            Failure::Other(&owned)
        }
    };
    f(&failure)
}

/// What every rule run over one document shares.
struct Run<'d, 'r> {
    doc: &'d Value,
    root: &'r dyn Fn() -> &'r Box<dyn Val + 'd>,
    sizes: &'r dyn Fn() -> &'r cost::DocSizes<'d>,
    blocked: &'r [Violation],
}

/// A message with its placeholders filled.
fn fill(text: &str, value: Option<&Value>, index: Option<usize>, absent: &str) -> String {
    if !text.contains('{') {
        return text.to_owned();
    }
    let mut out = text.to_owned();
    if out.contains("{value}") {
        let shown = match value {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => absent.to_owned(),
        };
        out = out.replace("{value}", &shown);
    }
    if let Some(i) = index {
        out = out.replace("{index}", &i.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rules nested as deep as allowed compile, and run on a test thread's small stack (2 MiB,
    /// in a debug build); one level more is refused before the parser, which a few hundred
    /// levels would overflow.
    #[test]
    fn deep_brackets_are_refused_before_the_parser() {
        let rule = |text: String| DeclaredRule {
            id: "deep".into(),
            on: Target::ChallengeSubmission,
            severity: crate::diagnostics::Severity::Error,
            code: None,
            rule: text,
            for_each: None,
            path: String::new(),
            message_fr: "x".into(),
            message_en: "x".into(),
        };
        let shapes = |n: usize| {
            [
                format!("{}true{}", "(".repeat(n), ")".repeat(n)),
                format!("{}{} == []", "[".repeat(n), "]".repeat(n)),
                format!("{}self.title{} == ''", "string(".repeat(n), ")".repeat(n)),
                // No bracket, but a tree as deep as allowed: chains of operators.
                format!("1{} > 0", " + 1".repeat(typing::MAX_DEPTH - 3)),
                format!(
                    "self.title == 'a'{}",
                    " || self.title == 'b'".repeat(typing::MAX_DEPTH - 3)
                ),
            ]
        };
        let n = MAX_BRACKETS;
        let document =
            include_bytes!("../../../../examples/submissions/eig-5-valid-flood-alerts.json");
        let mut compiled = 0;
        for text in shapes(n) {
            // Compiled, or refused for its type or depth: never a crash. A compiled rule runs
            // on this thread's small stack.
            let result = compile(0, &rule(text.clone()));
            if result.is_ok() {
                compiled += 1;
                let mut rulebook = Rulebook::builtin("eig-5").expect("eig-5");
                rulebook.rules.push(rule(text));
                let _ = crate::validate::Validator::new(rulebook).validate(document);
            }
        }
        assert_eq!(compiled, 5, "the deepest rules allowed compile");
        for text in shapes(n + 1)
            .into_iter()
            .take(3)
            .chain([format!("{}1", "(".repeat(5_000))])
        {
            let v = compile(0, &rule(text)).err().expect("refused");
            assert!(
                v.message_en.contains("nests more than 32"),
                "{}",
                v.message_en
            );
        }
        assert_eq!(bracket_depth("size('((((') + [(1)][0]"), 2);
    }

    /// A pattern the regular-expression engine refuses is refused with the rulebook, saying
    /// why, instead of failing on every document.
    #[test]
    fn a_bad_pattern_is_refused_at_load() {
        let rule = |text: &str| DeclaredRule {
            id: "motif".into(),
            on: Target::ChallengeSubmission,
            severity: crate::diagnostics::Severity::Error,
            code: None,
            rule: text.into(),
            for_each: None,
            path: String::new(),
            message_fr: "x".into(),
            message_en: "x".into(),
        };
        for (text, says) in [
            (
                "self.title.matches('(a{1000}){1000}')",
                "exceeds size limit",
            ),
            ("self.title.matches('(abc')", "unclosed group"),
            (
                "matches(self.title, '[z-a]')",
                "invalid character class range",
            ),
        ] {
            let v = compile(0, &rule(text)).err().expect("refused");
            assert_eq!(v.code.as_str(), "rule_invalid");
            assert!(v.message_en.contains(says), "{}", v.message_en);
            assert!(
                v.message_fr.contains("n'est pas utilisable"),
                "{}",
                v.message_fr
            );
        }
        assert!(compile(0, &rule("self.title.matches('^[A-Z]')")).is_ok());
    }

    /// Every function the type check lets through is one the evaluator has.
    #[test]
    fn every_function_offered_exists() {
        let samples = [
            ("all", "[1].all(x, x > 0)"),
            ("exists", "[1].exists(x, x > 0)"),
            ("exists_one", "[1].exists_one(x, x > 0)"),
            ("map", "[1].map(x, x + 1) == [2]"),
            ("filter", "[1].filter(x, x > 0) == [1]"),
            ("has", "has({'a': 1}.a)"),
            ("size", "size('ab') == 2"),
            ("contains", "'abc'.contains('b')"),
            ("startsWith", "'abc'.startsWith('a')"),
            ("endsWith", "'abc'.endsWith('c')"),
            ("matches", "'abc'.matches('^a')"),
            ("int", "int('2') == 2"),
            ("uint", "uint(2) == 2u"),
            ("double", "double(2) == 2.0"),
            ("string", "string(2) == '2'"),
            ("bool", "bool('true')"),
            (
                "timestamp",
                "timestamp('2020-01-01T00:00:00Z') < timestamp('2021-01-01T00:00:00Z')",
            ),
            ("duration", "duration('1h') > duration('1m')"),
            ("dyn", "dyn(1) == 1"),
            ("type", "type(1) == int"),
            (
                "getFullYear",
                "timestamp('2020-01-01T00:00:00Z').getFullYear() == 2020",
            ),
            (
                "getMonth",
                "timestamp('2020-01-01T00:00:00Z').getMonth() == 0",
            ),
            (
                "getDayOfMonth",
                "timestamp('2020-01-01T00:00:00Z').getDayOfMonth() == 0",
            ),
            (
                "getDate",
                "timestamp('2020-01-01T00:00:00Z').getDate() == 1",
            ),
            (
                "getDayOfWeek",
                "timestamp('2020-01-01T00:00:00Z').getDayOfWeek() == 3",
            ),
            (
                "getDayOfYear",
                "timestamp('2020-01-01T00:00:00Z').getDayOfYear() == 0",
            ),
            (
                "getHours",
                "timestamp('2020-01-01T10:00:00Z').getHours('Europe/Paris') == 11",
            ),
            (
                "getMinutes",
                "timestamp('2020-01-01T00:00:00Z').getMinutes() == 0",
            ),
            (
                "getSeconds",
                "timestamp('2020-01-01T00:00:00Z').getSeconds() == 0",
            ),
            (
                "getMilliseconds",
                "timestamp('2020-01-01T00:00:00Z').getMilliseconds() == 0",
            ),
            ("lowerAscii", "'AB'.lowerAscii() == 'ab'"),
            ("upperAscii", "'ab'.upperAscii() == 'AB'"),
            ("trim", "' a '.trim() == 'a'"),
            ("replace", "'ab'.replace('a', 'c') == 'cb'"),
            ("split", "'a,b'.split(',') == ['a', 'b']"),
            ("join", "['a', 'b'].join(',') == 'a,b'"),
            ("substring", "'abc'.substring(1) == 'bc'"),
            ("charAt", "'abc'.charAt(1) == 'b'"),
            ("indexOf", "'abc'.indexOf('c') == 2"),
            ("lastIndexOf", "'abca'.lastIndexOf('a') == 3"),
            ("reverse", "'abc'.reverse() == 'cba'"),
            ("hasValue", "optional.of(1).hasValue()"),
            ("orValue", "optional.none().orValue(2) == 2"),
            ("value", "optional.of(1).value() == 1"),
            ("or", "optional.none().or(optional.of(1)).value() == 1"),
            ("optional.of", "optional.of(1).hasValue()"),
            ("optional.none", "!optional.none().hasValue()"),
            (
                "optional.ofNonZeroValue",
                "!optional.ofNonZeroValue(0).hasValue()",
            ),
        ];
        for name in typing::FUNCTIONS {
            let (_, src) = samples
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("no sample for {name}"));
            let program = ENV.compile(src).unwrap_or_else(|e| panic!("{src}: {e}"));
            let got = program.execute(&Context::with_env(ENV.clone()));
            assert_eq!(got, Ok(cel::Value::Bool(true)), "{name}: {src}");
        }
    }
}

/// Documents the evaluators' tests run rules on: the three example submissions (first), then
/// three made to have every JSON type and edge (nesting, `uint`, decimals, texts past ASCII).
#[cfg(test)]
fn sample_documents() -> Vec<Value> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [
        "examples/submissions/eig-5-valid-flood-alerts.json",
        "examples/submissions/eig-6-invalid-late-and-mistyped.json",
        "examples/submissions/eig-7-valid-product-director.json",
    ]
    .iter()
    .map(|p| serde_json::from_slice(&std::fs::read(root.join(p)).unwrap()).unwrap())
    .chain([
        serde_json::json!({"a": [1, 2, [3, {"b": "c"}]], "m": {"x": 1, "y": {"z": null}},
            "e": [], "o": {}, "n": -1.5, "u": 18446744073709551615u64, "s": "é"}),
        serde_json::json!({"a": [1, 2, 3], "m": {"x": "1"}, "e": [], "n": 2.0, "u": 3,
            "s": "a", "sponsor": null, "duration_months": 10}),
        serde_json::json!({"a": ["1", 0, true], "s": true, "n": 1, "u": -1}),
    ])
    .collect()
}

#[cfg(test)]
mod lazy_tests {
    use super::*;

    fn eval(program: &Program, root: &(dyn Val + '_)) -> Result<cel::Value, ExecutionError> {
        let vars = Vars {
            this: root,
            root,
            rulebook: None,
            index: Some(1),
        };
        let mut ctx = Context::with_env(ENV.clone());
        ctx.set_variable_resolver(&vars);
        program.execute(&ctx)
    }

    /// The lazy document gives the same result as CEL's own values, on every expression and
    /// document here: equality both ways, `in`, `+`, iteration, `size`, `has`, errors.
    #[test]
    fn the_lazy_document_is_the_same_as_the_whole_one() {
        let docs = sample_documents();
        let exprs = [
            "self.seats == self.seats",
            "self.seats != []",
            "[] == self.e",
            "self.e == []",
            "{} == self.o",
            "self.o == {}",
            "self.m == {'x': 1, 'y': {'z': null}}",
            "{'x': 1, 'y': {'z': null}} == self.m",
            "self.a == [1, 2, [3, {'b': 'c'}]]",
            "[1, 2, [3, {'b': 'c'}]] == self.a",
            "self.a[2][1].b == 'c'",
            "self.a[2][1]['b']",
            "self.a[5]",
            "self.a['x']",
            "self.m[1]",
            "self.m.q",
            "has(self.m.x) && !has(self.m.q)",
            "has(self.m.y.z)",
            "self.m.y.z == null",
            "'x' in self.m",
            "1 in self.a",
            "[3, {'b': 'c'}] in self.a",
            "self.a + [4]",
            "[0] + self.a",
            "self.a.map(x, x)",
            // A map's keys come in no set order (CEL's maps are hash maps): compare sets.
            "self.m.map(k, k).size() == 2 && 'y' in self.m.map(k, k)",
            "self.m.all(k, k.size() == 1)",
            "self.a.exists(x, x == [3, {'b': 'c'}])",
            "size(self) > 3",
            "size(self.a) == 3 && self.a.size() == 3",
            "self.seats.map(s, s.count).exists(c, c > 1)",
            "self.seats.filter(s, s.expertise == 'design').size()",
            "self.mentors.all(m, m.commitment_percent >= 20)",
            "self.hosts[0].name.startsWith('Min')",
            "self.themes == ['environnement', 'securite']",
            "['environnement', 'securite'] == self.themes",
            "self.themes + ['x']",
            "'securite' in self.themes",
            "self.duration_months + 1",
            "self.u",
            "self.n * 2.0",
            "self.s.size()",
            "type(self.a) == list && type(self.m) == map",
            "self.data.exists_one(d, d.personal_data)",
            "self.locations[0].postcode.matches('^[0-9]{5}$')",
            "timestamp(self.submitted_at).getFullYear()",
            "dyn(self.seats) == self.seats",
            "self.?product_page.orValue('none')",
            "self.a[?0].orValue(0)",
            "self.sponsor",
            "self.a",
            "self",
        ];
        for doc in &docs {
            let whole = to_owned_val(doc);
            let lazy = lazy::val(doc);
            for expr in exprs {
                let program = ENV.compile(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
                let want = eval(&program, whole.as_ref());
                let got = eval(&program, lazy.as_ref());
                assert_eq!(got, want, "{expr} on {doc}");
            }
        }
    }
}
