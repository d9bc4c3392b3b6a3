//! Declared rules (a rulebook's `rules`, written in CEL): compiled once when the rulebook is
//! loaded, with every fault reported on the rulebook, and run over a document's JSON, so that
//! they run even where another part of the document is invalid.

mod cost;
mod typing;

use super::{RulebookChoice, structural};
use crate::diagnostics::Violation;
use crate::diagnostics::message::{self, Failure, Fault};
use crate::rules::{DeclaredRule, Rulebook, Target};
use crate::schema::SchemaKind;
use cel::common::ast::IdedExpr;
use cel::{Context, Env, ExecutionError, Program};
use serde_json::Value;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, LazyLock, Mutex};
use typing::{Checker, Node, Ty};

pub(crate) use cost::{LIMIT, LOAD_SIZE};

/// The environment every rule runs in: CEL's standard library and its strings extension.
static ENV: LazyLock<Arc<Env>> = LazyLock::new(|| {
    let mut env = Env::stdlib();
    // Registering a fresh environment's extension cannot clash.
    let _ = env.add_extension(cel::extensions::strings);
    Arc::new(env)
});

/// Programs already compiled, by rule: a rulebook is compiled once however many documents it
/// checks. Bounded: cleared when it holds more than this many rules.
static CACHE: LazyLock<Mutex<HashMap<DeclaredRule, Arc<Program>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));
const CACHE_MAX: usize = 4096;

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
        // A target added later is checked without a schema.
        _ => SchemaKind::Dataset,
    }
}

/// The target a document kind is checked as, if rules may name it.
fn target_of(kind: SchemaKind) -> Option<Target> {
    Target::ALL.into_iter().find(|t| self::kind(*t) == kind)
}

/// The declared rules for a document of `kind` in the rulebook `choice` names: the given or
/// built-in one (a choice by the document's own promotion takes the built-in rulebooks',
/// which declare none today).
pub(crate) fn declared_rules(kind: SchemaKind, choice: &RulebookChoice) -> RuleSet {
    let Some(target) = target_of(kind) else {
        return RuleSet::default();
    };
    match choice {
        RulebookChoice::Given(rb) => RuleSet::new(rb, target),
        RulebookChoice::Builtin(id) => Rulebook::builtin(id)
            .map(|rb| RuleSet::new(&rb, target))
            .unwrap_or_default(),
        _ => RuleSet::default(),
    }
}

/// The column (from 1) of character offset `offset` in `source`.
fn column_of(source: &str, offset: usize) -> usize {
    let before: String = source.chars().take(offset).collect();
    before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1
}

/// Compiles rule `i` of a rulebook, or says why it cannot be (the violation's path is in
/// the rulebook).
#[allow(clippy::result_large_err)]
fn compile(i: usize, rule: &DeclaredRule) -> Result<Arc<Program>, Violation> {
    if let Some(p) = CACHE.lock().ok().and_then(|c| c.get(rule).cloned()) {
        return Ok(p);
    }
    let at = |field: &str| format!("/rules/{i}/{field}");
    let program = match catch_unwind(AssertUnwindSafe(|| ENV.compile(&rule.rule))) {
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
    for (field, text) in [
        ("message_fr", &rule.message_fr),
        ("message_en", &rule.message_en),
    ] {
        if let Some(name) = placeholders(text)
            .find(|p| *p != "value" && !(*p == "index" && rule.for_each.is_some()))
        {
            return Err(message::rule_invalid(
                at(field),
                &rule.id,
                &Fault::Placeholder {
                    name,
                    for_each: rule.for_each.is_some(),
                },
            ));
        }
    }
    check_types(i, rule, &program)?;
    let expr = program.expression();
    let bound = cost::cost(expr, cost::Sizes::Load(LOAD_SIZE));
    if bound > u128::from(LIMIT) {
        return Err(message::rule_too_costly(
            at("rule"),
            &rule.id,
            bound,
            LIMIT,
            Some(LOAD_SIZE),
        ));
    }
    let program = Arc::new(program);
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_MAX {
            cache.clear();
        }
        cache.insert(rule.clone(), program.clone());
    }
    Ok(program)
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
    let info = program.source_info();
    let column = |id: u64| {
        info.offset_for(id)
            .map_or(1, |(start, _)| column_of(&rule.rule, start as usize))
    };
    Checker::new(this, root, rulebook, rule.for_each.is_some(), &column)
        .check(program.expression())
        .map_err(|p| message::rule_invalid(format!("/rules/{i}/rule"), &rule.id, &p.fault()))
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
    rulebook
        .rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| compile(i, r).err())
        .collect()
}

/// The declared rules of a rulebook for one kind of document, compiled, ready to run over
/// many documents.
#[derive(Clone, Default)]
pub(crate) struct RuleSet {
    rules: Vec<(DeclaredRule, Result<Arc<Program>, Violation>)>,
    rulebook: Option<Arc<cel::Value>>,
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
        let rules: Vec<_> = rulebook
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.on == target)
            .map(|(i, r)| (r.clone(), compile(i, r)))
            .collect();
        let rulebook = (!rules.is_empty())
            .then(|| cel::to_value(rulebook).ok().map(Arc::new))
            .flatten();
        Self { rules, rulebook }
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
        let mut out = Vec::new();
        if self.rules.is_empty() {
            return out;
        }
        let Ok(root) = cel::to_value(doc) else {
            return out;
        };
        let largest = cost::largest(doc);
        for (rule, program) in &self.rules {
            match program {
                Ok(p) => self.run_one(rule, p, doc, &root, largest, blocked, &mut out),
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

    #[allow(clippy::too_many_arguments)]
    fn run_one(
        &self,
        rule: &DeclaredRule,
        program: &Program,
        doc: &Value,
        root: &cel::Value,
        largest: u64,
        blocked: &[Violation],
        out: &mut Vec<Violation>,
    ) {
        let items: Vec<(String, &Value, Option<usize>)> = match &rule.for_each {
            None => vec![(String::new(), doc, None)],
            Some(p) => match doc.pointer(p) {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(a)) => a
                    .iter()
                    .enumerate()
                    .map(|(i, el)| (format!("{p}/{i}"), el, Some(i)))
                    .collect(),
                Some(_) => {
                    out.push(self.cannot_run(rule, p, blocked, &Failure::NotAList(p)));
                    return;
                }
            },
        };
        let expr: &IdedExpr = program.expression();
        let bound = items.iter().fold(0u128, |acc, (_, this, _)| {
            acc.saturating_add(cost::cost(
                expr,
                cost::Sizes::Doc {
                    this,
                    root: doc,
                    largest,
                },
            ))
        });
        if bound > u128::from(LIMIT) {
            let at = rule.for_each.clone().unwrap_or_default() + &rule.path;
            out.push(message::rule_too_costly(at, &rule.id, bound, LIMIT, None));
            return;
        }
        for (prefix, this, index) in items {
            let at = format!("{prefix}{}", rule.path);
            let this_cel = if rule.for_each.is_some() {
                match cel::to_value(this) {
                    Ok(v) => v,
                    Err(_) => continue,
                }
            } else {
                root.clone()
            };
            let result = catch_unwind(AssertUnwindSafe(|| {
                let mut ctx = Context::with_env(ENV.clone());
                ctx.add_variable_from_value("self", this_cel);
                ctx.add_variable_from_value("root", root.clone());
                if let Some(rb) = &self.rulebook {
                    ctx.add_variable_from_value("rulebook", (**rb).clone());
                }
                if let Some(i) = index {
                    ctx.add_variable_from_value("index", i64::try_from(i).unwrap_or(i64::MAX));
                }
                program.execute(&ctx)
            }));
            match result {
                Ok(Ok(cel::Value::Bool(true))) => {}
                Ok(Ok(cel::Value::Bool(false))) => {
                    let value = doc.pointer(&at);
                    out.push(Violation::custom(
                        rule.id.clone(),
                        rule.code(),
                        rule.severity,
                        at.clone(),
                        fill(&rule.message_fr, value, index, "(absent)"),
                        fill(&rule.message_en, value, index, "(absent)"),
                    ));
                }
                Ok(Ok(_)) => out.push(self.cannot_run(rule, &at, blocked, &Failure::NotBoolean)),
                Ok(Err(e)) => {
                    let (owned, given);
                    let failure = match &e {
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
                    out.push(self.cannot_run(rule, &at, blocked, &failure));
                }
                Err(_) => out.push(self.cannot_run(
                    rule,
                    &at,
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
        let scope = rule.for_each.as_deref().unwrap_or(&rule.path);
        let near = blocked
            .iter()
            .find(|v| !scope.is_empty() && v.path.starts_with(scope))
            .or_else(|| blocked.first());
        match near {
            Some(v) => message::rule_skipped(at, &rule.id, &v.path),
            None => message::rule_error(at, &rule.id, failure),
        }
    }
}

/// A message with its placeholders filled.
fn fill(text: &str, value: Option<&Value>, index: Option<usize>, absent: &str) -> String {
    let shown = match value {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => absent.to_owned(),
    };
    let mut out = text.replace("{value}", &shown);
    if let Some(i) = index {
        out = out.replace("{index}", &i.to_string());
    }
    out
}
