//! The structural pass: the `jsonschema` crate against our generated schema, with format
//! assertion on, and each error turned into a [`Violation`].

use crate::diagnostics::message::{self, Allowed};
use crate::diagnostics::{Code, MAX_VIOLATIONS, Tally, Violation, escape_pointer_token};
use crate::rules::suggest;
use crate::schema::{SchemaKind, present_branch, resolve_ref};
use jsonschema::error::{TypeKind, ValidationErrorKind as K};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// A compiled schema, with the schema itself kept for suggestions.
pub(crate) struct Compiled {
    schema: Value,
    validator: jsonschema::Validator,
}

fn compile(kind: SchemaKind) -> Compiled {
    compile_value(kind.generate(), kind.name())
}

fn compile_value(schema: Value, name: &str) -> Compiled {
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the generated {name} schema does not compile: {e}"));
    Compiled { schema, validator }
}

pub(crate) static SUBMISSION: LazyLock<Compiled> =
    LazyLock::new(|| compile(SchemaKind::ChallengeSubmission));
pub(crate) static SUBMISSION_2024: LazyLock<Compiled> =
    LazyLock::new(|| compile(SchemaKind::ChallengeSubmission2024));
pub(crate) static RULEBOOK: LazyLock<Compiled> = LazyLock::new(|| compile(SchemaKind::Rulebook));
static APPLICATION: LazyLock<Compiled> = LazyLock::new(|| compile(SchemaKind::Application));
static SCORING_GRID: LazyLock<Compiled> = LazyLock::new(|| compile(SchemaKind::ScoringGrid));
static JURY: LazyLock<Compiled> = LazyLock::new(|| compile(SchemaKind::Jury));
static SCORE_SHEETS: LazyLock<Compiled> = LazyLock::new(|| compile(SchemaKind::ScoreSheets));
static DATASET: LazyLock<Compiled> = LazyLock::new(|| compile(SchemaKind::Dataset));
static TEAMS: LazyLock<Compiled> = LazyLock::new(|| compile(SchemaKind::TeamFormation));
static MENTORS: LazyLock<Compiled> = LazyLock::new(|| compile(SchemaKind::MentorMatching));
static JURY_PLAN: LazyLock<Compiled> = LazyLock::new(|| compile(SchemaKind::JuryPlan));

/// The compiled schema of a kind, built once.
pub(crate) fn compiled(kind: SchemaKind) -> &'static Compiled {
    match kind {
        SchemaKind::ChallengeSubmission => &SUBMISSION,
        SchemaKind::ChallengeSubmission2024 => &SUBMISSION_2024,
        SchemaKind::Rulebook => &RULEBOOK,
        SchemaKind::Application => &APPLICATION,
        SchemaKind::ScoringGrid => &SCORING_GRID,
        SchemaKind::Jury => &JURY,
        SchemaKind::ScoreSheets => &SCORE_SHEETS,
        SchemaKind::Dataset => &DATASET,
        SchemaKind::TeamFormation => &TEAMS,
        SchemaKind::MentorMatching => &MENTORS,
        SchemaKind::JuryPlan => &JURY_PLAN,
    }
}

impl Compiled {
    /// The schema itself.
    pub(crate) fn schema(&self) -> &Value {
        &self.schema
    }

    /// Every structural violation of `instance`: the first
    /// [`MAX_VIOLATIONS`](crate::diagnostics::MAX_VIOLATIONS), then one
    /// `too_many_violations` that counts the rest by code, which are never built (a document
    /// of a million wrong items costs the count of them, not a million messages).
    pub(crate) fn check(&self, instance: &Value) -> Vec<Violation> {
        // Most documents are valid: `is_valid` stops at the first failure and builds nothing.
        if self.validator.is_valid(instance) {
            return Vec::new();
        }
        let mut sink = Sink::default();
        if nodes(instance) <= PASS_NODES {
            self.pass(instance, &mut sink, &|_| true, &|p| p.to_owned());
        } else {
            self.sliced(instance, &mut sink, &|p| p.to_owned());
        }
        sink.finish()
    }

    /// One run of the validator over `instance`: its errors whose path `keep` takes, at the
    /// path `real` gives (the document's own, for a piece of it), built or counted.
    fn pass(
        &self,
        instance: &Value,
        sink: &mut Sink,
        keep: &dyn Fn(&str) -> bool,
        real: &dyn Fn(&str) -> String,
    ) {
        sink.runs += 1;
        // The validator gathers a run's errors before it gives the first: holding them here
        // costs nothing more, and lets a value that fails both its format and its pattern (an
        // e-mail address that is not one) be one fault, said by its format.
        let errors: Vec<_> = self.validator.iter_errors(instance).collect();
        let formats: HashSet<&str> = errors
            .iter()
            .filter(|e| matches!(e.kind(), K::Format { .. }))
            .map(|e| e.instance_path().as_str())
            .collect();
        for error in &errors {
            let at = error.instance_path().as_str();
            if !keep(at) || (matches!(error.kind(), K::Pattern { .. }) && formats.contains(at)) {
                continue;
            }
            if let Some(record) = &mut sink.record {
                record.note(at, code_of(error.kind(), error.instance()));
            }
            if sink.full()
                && let Some((code, n)) = code_of(error.kind(), error.instance())
                && sink.seen.contains(code)
            {
                sink.past.add(code, n, true);
                continue;
            }
            let schema_path = error.schema_path().as_str().to_owned();
            self.convert(
                error.kind(),
                error.instance(),
                real(at),
                &schema_path,
                real,
                sink,
            );
        }
    }

    /// The validator gathers every error of a run before it gives the first: a document of
    /// many nodes is checked in pieces of about [`PASS_NODES`] nodes, so that a million faults
    /// never sit in memory at once. `root` is checked with its large arrays (those the schema
    /// describes) emptied; each of their items is then checked in pieces, in `root` with that
    /// array holding the piece alone, and the lists' own keywords (`minItems`, `maxItems`,
    /// `uniqueItems`) from the schema. Errors under `scope` only are kept (all of them at the
    /// top); `real` gives a path in `root` as a path in the document.
    fn sliced(&self, root: &Value, sink: &mut Sink, real: &dyn Fn(&str) -> String) {
        let mut holes = Vec::new();
        // The root without its large lists: never a copy of them.
        let skeleton = self.without_large_arrays(root, "", "", &mut holes);
        self.run_with_holes(&skeleton, "", &holes, sink, real);
    }

    /// Runs the validator over `skeleton` (errors under `scope` only, none at a hole), then
    /// checks each hole: its own keywords, and its items in pieces, each in `skeleton` with
    /// the hole holding the piece alone, the large lists inside the piece's items emptied in
    /// turn.
    fn run_with_holes(
        &self,
        skeleton: &Value,
        scope: &str,
        holes: &[Hole<'_>],
        sink: &mut Sink,
        real: &dyn Fn(&str) -> String,
    ) {
        let in_scope =
            |p: &str| scope.is_empty() || p.strip_prefix(scope).is_some_and(|r| r.starts_with('/'));
        // The emptied arrays' own keywords are checked below, on their real lengths.
        let keep = |p: &str| in_scope(p) && !holes.iter().any(|h| h.pointer == p);
        self.pass(skeleton, sink, &keep, real);
        let budget = PASS_NODES.max(nodes(skeleton));
        for hole in holes {
            let items = hole.items;
            self.list_keywords(&hole.schema, items, &real(&hole.pointer), sink);
            // The codes of the errors of each small item checked, by its text: once the report
            // is full, an item like one checked before is counted, not checked again (a flood
            // of one wrong value costs one check).
            let mut memo: HashMap<String, Vec<(&'static str, u64)>> = HashMap::new();
            let mut next = 0;
            while next < items.len() {
                // A validation given up on goes no further (its caller drops the report).
                if crate::stop::requested() {
                    return;
                }
                // The next piece: its items' indices, up to the budget of nodes.
                let mut indices = Vec::new();
                let mut size = 0;
                while next < items.len() {
                    let item = &items[next];
                    let n = nodes(item);
                    if !indices.is_empty() && size + n > budget {
                        break;
                    }
                    next += 1;
                    if sink.full()
                        && n <= PASS_NODES / 4
                        && let Some(codes) = memo.get(&canonical(item))
                        && codes.iter().all(|(c, _)| sink.seen.contains(*c))
                    {
                        for (code, count) in codes {
                            sink.past.add(code, *count, true);
                        }
                        continue;
                    }
                    size += n;
                    indices.push(next - 1);
                }
                if indices.is_empty() {
                    continue;
                }
                let shifted = |p: &str| real(&reindex(p, &hole.pointer, &indices));
                // The piece's items, the large lists inside them left out (they are holes of
                // the piece's run, borrowed from the document).
                let mut inner = Vec::new();
                let part: Vec<Value> = indices
                    .iter()
                    .enumerate()
                    .map(|(k, &i)| {
                        if nodes(&items[i]) <= PASS_NODES / 4 {
                            return items[i].clone();
                        }
                        let p = format!("{}/{k}", hole.pointer);
                        self.without_large_arrays(&items[i], &p, &shifted(&p), &mut inner)
                    })
                    .collect();
                let mut piece = skeleton.clone();
                if let Some(slot) = piece.pointer_mut(&hole.pointer) {
                    *slot = Value::Array(part);
                }
                let recording = sink.record.replace(Record {
                    list: hole.pointer.clone(),
                    codes: HashMap::new(),
                });
                self.run_with_holes(&piece, &hole.pointer, &inner, sink, &shifted);
                let record = std::mem::replace(&mut sink.record, recording);
                // The memo serves once the report is full: until then, nothing is kept.
                let mut codes = record
                    .filter(|_| sink.full())
                    .map(|r| r.codes)
                    .unwrap_or_default();
                for (k, &i) in indices.iter().enumerate().filter(|_| sink.full()) {
                    let item = &items[i];
                    if nodes(item) > PASS_NODES / 4 {
                        continue;
                    }
                    match codes.remove(&k) {
                        // A union's errors are built each time: not memoised.
                        Some(None) => {}
                        Some(Some(found)) => {
                            memo.entry(canonical(item)).or_insert(found);
                        }
                        None => {
                            memo.entry(canonical(item)).or_default();
                        }
                    }
                }
            }
        }
    }

    /// A copy of `value` (at `pointer` in the run's root, `real` in the document) with every
    /// array of more than a quarter of [`PASS_NODES`] nodes whose schema is known emptied,
    /// outermost first, each listed in `holes`.
    fn without_large_arrays<'r>(
        &self,
        value: &'r Value,
        pointer: &str,
        real: &str,
        holes: &mut Vec<Hole<'r>>,
    ) -> Value {
        if nodes(value) <= PASS_NODES / 4 {
            return value.clone();
        }
        match value {
            Value::Array(items) => {
                if !pointer.is_empty()
                    && let Some(schema) = self.list_schema(real)
                {
                    holes.push(Hole {
                        pointer: pointer.to_owned(),
                        schema,
                        items,
                    });
                    return Value::Array(Vec::new());
                }
                let copy = items.iter().enumerate().map(|(i, item)| {
                    let (p, r) = (format!("{pointer}/{i}"), format!("{real}/{i}"));
                    self.without_large_arrays(item, &p, &r, holes)
                });
                Value::Array(copy.collect())
            }
            Value::Object(map) => {
                let copy = map.iter().map(|(key, item)| {
                    let token = escape_pointer_token(key);
                    let (p, r) = (format!("{pointer}/{token}"), format!("{real}/{token}"));
                    (key.clone(), self.without_large_arrays(item, &p, &r, holes))
                });
                Value::Object(copy.collect())
            }
            other => other.clone(),
        }
    }

    /// The schema of the list at `pointer` in a document, when the schema describes it plainly
    /// (properties, `items`, `$ref`s and optional values; not a union's branch).
    fn list_schema(&self, pointer: &str) -> Option<Value> {
        // A list reached through a union (an optional value's `anyOf`) is not checked in
        // pieces: the validator reports the errors beneath a union at the union's own path,
        // above the list.
        let mut node = &self.schema;
        for token in pointer.split('/').skip(1) {
            node = plain(node, &self.schema)?;
            node = if token.parse::<usize>().is_ok() && node.get("items").is_some() {
                node.get("items")?
            } else {
                let token = token.replace("~1", "/").replace("~0", "~");
                node.get("properties")?.get(&token)?
            };
        }
        let node = plain(node, &self.schema)?;
        let is_list = node.get("type").and_then(Value::as_str) == Some("array")
            && node.get("items").is_some()
            && node.get("prefixItems").is_none()
            && node.get("contains").is_none();
        is_list.then(|| node.clone())
    }

    /// The violations of a list's own keywords, on its real length and items.
    fn list_keywords(&self, schema: &Value, items: &[Value], path: &str, sink: &mut Sink) {
        let n = items.len() as u64;
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && n < min
        {
            sink.push(message::too_few_items(path.to_owned(), min));
        }
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
            && n > max
        {
            sink.push(message::too_many_items(path.to_owned(), max));
        }
        if schema.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
            let mut seen = HashSet::new();
            if !items.iter().all(|item| seen.insert(canonical(item))) {
                sink.push(message::duplicate_items(path.to_owned(), None));
            }
        }
    }

    /// The violations of one error of the validator, at `path`; `real` gives the document's
    /// path of a path in this run (a union's branch errors carry their own).
    fn convert(
        &self,
        kind: &K,
        instance: &Value,
        path: String,
        schema_path: &str,
        real: &dyn Fn(&str) -> String,
        out: &mut Sink,
    ) {
        let v = match kind {
            K::AdditionalProperties { unexpected } | K::UnevaluatedProperties { unexpected } => {
                let known = self.known_properties(schema_path);
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                let hint = suggest::fields(&known);
                for (i, field) in unexpected.iter().enumerate() {
                    if out.full() && out.seen.contains(Code::UnknownField.as_str()) {
                        let rest = (unexpected.len() - i) as u64;
                        out.past.add(Code::UnknownField.as_str(), rest, true);
                        return;
                    }
                    out.push(message::unknown_field(
                        format!("{path}/{}", escape_pointer_token(field)),
                        field,
                        hint(field),
                    ));
                }
                return;
            }
            K::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let condition = self.condition(schema_path);
                let when = condition
                    .as_ref()
                    .map(|(field, value)| (field.as_str(), value.as_str()));
                message::missing_field(format!("{path}/{}", escape_pointer_token(name)), name, when)
            }
            K::Type { kind } => {
                let expected: Vec<String> = match kind {
                    TypeKind::Single(t) => vec![t.to_string()],
                    TypeKind::Multiple(ts) => ts.iter().map(|t| t.to_string()).collect(),
                };
                let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
                message::wrong_type(path, &expected, instance)
            }
            K::Enum { options } => {
                let list: Vec<String> = options
                    .as_array()
                    .map(|a| a.iter().map(ToString::to_string).collect())
                    .unwrap_or_default();
                let fix = options
                    .as_array()
                    .and_then(|a| suggest::option(instance, a));
                message::invalid_value(path, instance, &Allowed::OneOf(&list)).fix(fix)
            }
            K::Constant { expected_value } => message::invalid_value(
                path,
                instance,
                &Allowed::OneOf(&[expected_value.to_string()]),
            ),
            K::Format { format } => {
                if naive_date_time(format, instance) {
                    message::missing_time_zone(path, instance).fix(suggest::add_offset(instance))
                } else {
                    message::invalid_format(
                        path,
                        instance,
                        format,
                        suggest::format(instance, format),
                    )
                }
            }
            K::Pattern { pattern } => message::pattern_mismatch(path.clone(), instance, pattern)
                .fix(suggest::pattern(&path, instance, pattern)),
            K::Minimum { limit } => message::below_minimum(path, instance, limit, false),
            K::ExclusiveMinimum { limit } => message::below_minimum(path, instance, limit, true),
            K::Maximum { limit } => message::above_maximum(path, instance, limit, false),
            K::ExclusiveMaximum { limit } => message::above_maximum(path, instance, limit, true),
            K::MinLength { limit } => message::too_short(path, *limit),
            K::MaxLength { limit } => message::too_long(path, *limit),
            K::MinItems { limit } => message::too_few_items(path, *limit),
            K::MaxItems { limit } => message::too_many_items(path, *limit),
            K::UniqueItems => message::duplicate_items(path, None),
            K::OneOfNotValid { context } | K::AnyOf { context } => {
                match self.union(instance, &path, schema_path, context) {
                    Union::Branch(errors) => {
                        for e in errors {
                            let p = real(e.instance_path().as_str());
                            let sp = e.schema_path().as_str().to_owned();
                            self.convert(e.kind(), e.instance(), p, &sp, real, out);
                        }
                        return;
                    }
                    Union::Violation(v) => v,
                }
            }
            other => message::schema_violation(path, other.keyword()),
        };
        out.push(v);
    }

    /// The schema node that `schema_path` names, following local `$ref`s.
    fn node(&self, schema_path: &str) -> Option<&Value> {
        let mut node = &self.schema;
        for raw in schema_path.split('/').skip(1) {
            let seg = raw.replace("~1", "/").replace("~0", "~");
            if seg == "$ref" {
                let target = node.get("$ref")?.as_str()?;
                node = self.schema.pointer(target.strip_prefix('#')?)?;
                continue;
            }
            node = match node {
                Value::Object(m) => m.get(&seg)?,
                Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        // A node that is only a reference stands for its target.
        resolve_ref(node, &self.schema)
    }

    /// The condition of a `then` whose `required` failed: the field and the value its `if`
    /// names (`("method", "trimmed_mean")`).
    fn condition(&self, schema_path: &str) -> Option<(String, String)> {
        let parent = schema_path.strip_suffix("/then/required")?;
        let properties = self.node(&format!("{parent}/if"))?.get("properties")?;
        let (field, rule) = properties.as_object()?.iter().next()?;
        let value = rule.get("const")?;
        let value = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned);
        Some((field.clone(), value))
    }

    /// The property names known at the object whose `additionalProperties` failed.
    fn known_properties(&self, schema_path: &str) -> Vec<String> {
        let parent = schema_path.rsplit_once('/').map_or("", |(p, _)| p);
        self.node(parent)
            .and_then(|n| n.get("properties"))
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Explains a failed `anyOf`/`oneOf` by the branch the value was meant for: the non-null
    /// branch of an optional value, the branch whose `kind` tag matches, or the list of allowed
    /// constants of an enumeration.
    fn union<'e>(
        &self,
        instance: &Value,
        path: &str,
        schema_path: &str,
        context: &'e [Vec<jsonschema::ValidationError<'static>>],
    ) -> Union<'e> {
        let branches = self
            .node(schema_path)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let consts: Vec<&Value> = branches.iter().filter_map(|b| b.get("const")).collect();
        if !branches.is_empty() && consts.len() == branches.len() {
            let list: Vec<String> = consts.iter().map(ToString::to_string).collect();
            let options: Vec<Value> = consts.iter().map(|c| (*c).clone()).collect();
            return Union::Violation(
                message::invalid_value(path, instance, &Allowed::OneOf(&list))
                    .fix(suggest::option(instance, &options)),
            );
        }
        // An optional value that is present: the errors of its non-null branch.
        if !instance.is_null()
            && branches.len() > 1
            && let Some(errors) = present_branch(branches).and_then(|i| context.get(i))
        {
            return Union::Branch(errors);
        }
        // A tagged union: the branch whose `kind` matches.
        let tags: Vec<Value> = branches
            .iter()
            .filter_map(|b| {
                resolve_ref(b, &self.schema)?
                    .pointer("/properties/kind/const")
                    .cloned()
            })
            .collect();
        if !tags.is_empty() {
            if let Some(i) = tags.iter().position(|t| Some(t) == instance.get("kind"))
                && let Some(errors) = context.get(i)
            {
                return Union::Branch(errors);
            }
            let list: Vec<String> = tags.iter().map(ToString::to_string).collect();
            let got = instance.get("kind").unwrap_or(&Value::Null);
            return Union::Violation(message::invalid_value(
                format!("{path}/kind"),
                got,
                &Allowed::OneOf(&list),
            ));
        }
        let keyword = schema_path.rsplit('/').next().unwrap_or("anyOf");
        Union::Violation(message::schema_violation(path, keyword))
    }
}

enum Union<'e> {
    Branch(&'e [jsonschema::ValidationError<'static>]),
    Violation(Violation),
}

/// The structural violations of a document: the first [`MAX_VIOLATIONS`] built, and the
/// first of each code past them; the rest counted.
#[derive(Default)]
struct Sink {
    out: Vec<Violation>,
    past: Tally,
    /// The codes built.
    seen: HashSet<String>,
    /// The validator's runs.
    runs: usize,
    /// Where the codes of a piece's items are noted, while it runs.
    record: Option<Record>,
}

/// The codes of the errors of each item of a list's piece, by its index in the piece, and how
/// many violations each gives (`None` for an item with an error whose code depends on more
/// than its kind). A value's format and pattern errors are paired before they are noted.
struct Record {
    list: String,
    codes: HashMap<usize, Option<Vec<(&'static str, u64)>>>,
}

impl Record {
    fn note(&mut self, at: &str, code: Option<(&'static str, u64)>) {
        let Some(rest) = at
            .strip_prefix(self.list.as_str())
            .and_then(|r| r.strip_prefix('/'))
        else {
            return;
        };
        let Ok(k) = rest.split('/').next().unwrap_or_default().parse::<usize>() else {
            return;
        };
        let entry = self.codes.entry(k).or_insert_with(|| Some(Vec::new()));
        match (entry.as_mut(), code) {
            (Some(codes), Some((code, n))) => match codes.iter_mut().find(|(c, _)| *c == code) {
                Some((_, count)) => *count += n,
                None => codes.push((code, n)),
            },
            _ => *entry = None,
        }
    }
}

/// A large list emptied in a run, checked in pieces.
struct Hole<'r> {
    /// Where, in the run's root.
    pointer: String,
    /// Its schema (for its own keywords).
    schema: Value,
    /// Its items, in the document.
    items: &'r [Value],
}

/// The most nodes (values) of a document the validator sees in one run: its errors, which it
/// gathers all at once, stay within a few megabytes.
const PASS_NODES: usize = 20_000;

/// A schema node through its `$ref`s; `None` for a union (`anyOf`, `oneOf`, `allOf`, `if`).
fn plain<'s>(node: &'s Value, root: &'s Value) -> Option<&'s Value> {
    let node = resolve_ref(node, root)?;
    let union = ["anyOf", "oneOf", "allOf", "if", "not"]
        .iter()
        .any(|k| node.get(k).is_some());
    (!union).then_some(node)
}

/// The number of values in `value`, itself included.
pub(crate) fn nodes(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(nodes).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(nodes).sum::<usize>(),
        _ => 1,
    }
}

/// `path` (under `list`, a pointer, in a piece of it) with the index that follows `list` read
/// as the item's index in the whole list: `indices[k]` for the piece's `k`-th.
fn reindex(path: &str, list: &str, indices: &[usize]) -> String {
    let Some(rest) = path.strip_prefix(list).and_then(|r| r.strip_prefix('/')) else {
        return path.to_owned();
    };
    let (index, tail) = rest.split_once('/').map_or((rest, ""), |(i, t)| (i, t));
    match index.parse::<usize>().ok().and_then(|k| indices.get(k)) {
        Some(i) if tail.is_empty() => format!("{list}/{i}"),
        Some(i) => format!("{list}/{i}/{tail}"),
        None => path.to_owned(),
    }
}

/// A value written so that two values the schema's `uniqueItems` holds equal are written the
/// same (numbers by their value: `1` and `1.0` are one).
fn canonical(value: &Value) -> String {
    match value {
        // A whole number written as such, whether `1` or `1.0`.
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::Number(n) => match n.as_f64() {
            // Exact for a whole number under 2^64 in magnitude (`1e16` is 10000000000000000).
            Some(f) if f.fract() == 0.0 && f.abs() < 1.8e19 => format!("{}", f as i128),
            Some(f) => format!("{f:?}"),
            None => n.to_string(),
        },
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", inner.join(","))
        }
        Value::Object(map) => {
            let mut inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), canonical(v)))
                .collect();
            inner.sort();
            format!("{{{}}}", inner.join(","))
        }
        other => other.to_string(),
    }
}

impl Sink {
    /// The violations built, then the one that counts the others, if any.
    fn finish(self) -> Vec<Violation> {
        let Sink { mut out, past, .. } = self;
        // A union's branch can hold a format and a pattern error of one value too: the
        // format's violation says it.
        let formats: HashSet<String> = out
            .iter()
            .filter(|v| v.code == "invalid_format")
            .map(|v| v.path.clone())
            .collect();
        out.retain(|v| v.code != "pattern_mismatch" || !formats.contains(&v.path));
        if !past.is_empty() {
            out.push(past.violation());
        }
        out
    }

    fn full(&self) -> bool {
        self.out.len() >= MAX_VIOLATIONS
    }

    fn push(&mut self, v: Violation) {
        if self.full() && self.seen.contains(&v.code) {
            self.past.add(&v.code, 1, v.is_error());
        } else {
            if !self.seen.contains(&v.code) {
                self.seen.insert(v.code.clone());
            }
            self.out.push(v);
        }
    }
}

/// The code of the violations an error of this kind gives and how many, without building
/// them; `None` for a union, whose violations depend on its branches (they are built).
fn code_of(kind: &K, instance: &Value) -> Option<(&'static str, u64)> {
    let code = match kind {
        K::AdditionalProperties { unexpected } | K::UnevaluatedProperties { unexpected } => {
            return Some((Code::UnknownField.as_str(), unexpected.len() as u64));
        }
        K::Required { .. } => Code::MissingField,
        K::Type { .. } => Code::WrongType,
        K::Enum { .. } | K::Constant { .. } => Code::InvalidValue,
        K::Format { format } if naive_date_time(format, instance) => Code::MissingTimeZone,
        K::Format { .. } => Code::InvalidFormat,
        K::Pattern { .. } => Code::PatternMismatch,
        K::Minimum { .. } | K::ExclusiveMinimum { .. } => Code::BelowMinimum,
        K::Maximum { .. } | K::ExclusiveMaximum { .. } => Code::AboveMaximum,
        K::MinLength { .. } => Code::TooShort,
        K::MaxLength { .. } => Code::TooLong,
        K::MinItems { .. } => Code::TooFewItems,
        K::MaxItems { .. } => Code::TooManyItems,
        K::UniqueItems => Code::DuplicateItems,
        K::OneOfNotValid { .. } | K::AnyOf { .. } => return None,
        _ => Code::SchemaViolation,
    };
    Some((code.as_str(), 1))
}

/// Whether a failed `date-time` is a date and time without its offset.
fn naive_date_time(format: &str, instance: &Value) -> bool {
    format == "date-time"
        && instance.as_str().is_some_and(|s| {
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
                || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").is_ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The code an error is counted under, past the limit, is the code its violations have
    /// when they are built: over every document of the conformance corpus, and floods.
    #[test]
    fn a_counted_error_has_the_code_it_would_be_built_with() {
        let cases =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/cases");
        let mut docs: Vec<(SchemaKind, Value)> = Vec::new();
        for entry in std::fs::read_dir(cases).unwrap() {
            let dir = entry.unwrap().path();
            let case: Value =
                serde_json::from_slice(&std::fs::read(dir.join("case.json")).unwrap()).unwrap();
            let kind = case["document"]
                .as_str()
                .map_or(Some(SchemaKind::ChallengeSubmission), SchemaKind::from_name);
            if let (Some(kind), Ok(doc)) = (
                kind,
                serde_json::from_slice::<Value>(&std::fs::read(dir.join("input.json")).unwrap()),
            ) {
                docs.push((kind, doc));
            }
        }
        let mut flood = docs[0].1.clone();
        flood["themes"] = json!([1, "x", null, "2024-01-01T10:00"]);
        flood["submitted_at"] = json!("2024-01-01T10:00");
        flood["duration_months"] = json!(-3);
        docs.push((SchemaKind::ChallengeSubmission, flood));
        let mut seen = std::collections::BTreeSet::new();
        for (kind, doc) in &docs {
            let c = compiled(*kind);
            for error in c.validator.iter_errors(doc) {
                let Some((code, n)) = code_of(error.kind(), error.instance()) else {
                    continue;
                };
                let mut sink = Sink::default();
                let path = error.instance_path().as_str().to_owned();
                let sp = error.schema_path().as_str().to_owned();
                c.convert(
                    error.kind(),
                    error.instance(),
                    path,
                    &sp,
                    &|p| p.to_owned(),
                    &mut sink,
                );
                assert_eq!(sink.out.len() as u64, n, "{kind:?} {doc}");
                assert!(
                    sink.out.iter().all(|v| v.code == code),
                    "{code}: {:?}",
                    sink.out
                );
                seen.insert(code);
            }
        }
        assert!(seen.len() >= 8, "{seen:?}");
    }

    /// A document of many nodes, checked in pieces, gets the violations it gets in one run:
    /// in lists of valid and invalid items, nested lists, and the lists' own keywords.
    #[test]
    fn a_document_checked_in_pieces_gets_what_one_run_gets() {
        let valid: Value = serde_json::from_slice(include_bytes!(
            "../../../examples/submissions/eig-5-valid-flood-alerts.json"
        ))
        .unwrap();
        let theme = valid["themes"][0].clone();
        let mut themes = vec![theme; 30_000];
        for i in (0..30_000).step_by(61) {
            themes[i] = json!(i);
        }
        let mut submission = valid.clone();
        submission["themes"] = Value::Array(themes);
        submission["seats"][0]["count"] = json!("deux");
        let juror = |i: usize| json!({"id": format!("j{i}"), "name": format!("Juré {i}")});
        let mut jurors: Vec<Value> = (0..12_000).map(juror).collect();
        jurors[11_999] = json!({"id": 5});
        jurors[7] = json!({"id": "j7", "name": "x", "seat": true});
        let jury = json!({"id": "jury", "jurors": jurors});
        // Under the list's maximum, a few faults far in.
        let mut long = jury.clone();
        let mut jurors: Vec<Value> = (0..7_000).map(juror).collect();
        for i in [6_001, 6_500, 6_999] {
            jurors[i]["name"] = json!(i);
        }
        long["jurors"] = Value::Array(jurors);
        // A union (an optional value) inside the items of a list checked in pieces: its
        // branch's error at the item's own index.
        let mut hosts = valid.clone();
        let host = valid["hosts"][0].clone();
        let mut items = vec![host; 12_000];
        items[11_000]["siret"] = json!("123");
        items[3]["siret"] = json!(5);
        hosts["hosts"] = Value::Array(items);
        // A large list under an optional value: checked whole (the validator reports a
        // union's errors at the union's path).
        let mut rulebook =
            serde_json::to_value(crate::rules::Rulebook::builtin("eig-7").unwrap()).unwrap();
        let kinds: Vec<Value> = (0..25_000).map(|i| json!(format!("k{i}"))).collect();
        rulebook["eligibility"]["host_kinds"] = Value::Array(kinds[..600].to_vec());
        let mut many = rulebook.clone();
        many["eligibility"]["host_kinds"] = Value::Array(kinds);
        for (kind, doc, in_pieces) in [
            (SchemaKind::ChallengeSubmission, submission, true),
            (SchemaKind::Jury, jury, true),
            (SchemaKind::Jury, long, true),
            (SchemaKind::ChallengeSubmission, hosts, true),
            (SchemaKind::Rulebook, rulebook, false),
        ] {
            let c = compiled(kind);
            let mut whole = Sink::default();
            c.pass(&doc, &mut whole, &|_| true, &|p| p.to_owned());
            let mut pieces = Sink::default();
            c.sliced(&doc, &mut pieces, &|p| p.to_owned());
            let rows = |sink: &Sink| {
                let mut rows: Vec<(String, String, String)> = sink
                    .out
                    .iter()
                    .map(|v| (v.code.clone(), v.path.clone(), v.message_en.clone()))
                    .collect();
                rows.sort();
                rows
            };
            assert!(whole.past.is_empty() && pieces.past.is_empty());
            assert_eq!(pieces.runs > 2, in_pieces, "{kind:?}: {} runs", pieces.runs);
            assert!(!whole.out.is_empty());
            assert_eq!(rows(&pieces), rows(&whole), "{kind:?}");
        }
        // Past the limit, the list under a union is counted as one run counts it.
        let c = compiled(SchemaKind::Rulebook);
        let out = c.check(&many);
        let last = out.last().unwrap();
        assert_eq!(last.code, "too_many_violations", "{:?}", out.len());
        assert!(last.params.get("omitted").and_then(|n| n.as_u64()).unwrap() > 20_000);
    }

    /// Past the limit, a flood checked in pieces (its repeated items counted from the first
    /// check of their like) counts by code what one run counts.
    #[test]
    fn a_flood_checked_in_pieces_counts_what_one_run_counts() {
        let mut doc: Value = serde_json::from_slice(include_bytes!(
            "../../../examples/submissions/eig-5-valid-flood-alerts.json"
        ))
        .unwrap();
        let theme = doc["themes"][0].clone();
        let kinds = [
            json!(1),
            json!("not a theme"),
            theme,
            json!(null),
            json!([2]),
            json!(7),
        ];
        doc["themes"] = Value::Array((0..90_000).map(|i| kinds[i % 6].clone()).collect());
        doc["hosts"][0]["siret"] = json!(3);
        let c = compiled(SchemaKind::ChallengeSubmission);
        let totals = |out: &[Violation]| {
            let mut by_code = std::collections::BTreeMap::new();
            for v in out {
                if let Some(Value::Object(counts)) = v.params.get("by_code") {
                    for (code, n) in counts {
                        *by_code.entry(code.clone()).or_insert(0) += n.as_u64().unwrap();
                    }
                } else {
                    *by_code.entry(v.code.clone()).or_insert(0) += 1;
                }
            }
            by_code
        };
        let mut whole = Sink::default();
        c.pass(&doc, &mut whole, &|_| true, &|p| p.to_owned());
        let mut pieces = Sink::default();
        c.sliced(&doc, &mut pieces, &|p| p.to_owned());
        // The skeleton, then one piece: the later items are like those checked.
        assert_eq!(pieces.runs, 2);
        let (whole, pieces) = (whole.finish(), pieces.finish());
        assert_eq!(totals(&pieces), totals(&whole));
        assert!(totals(&whole)["pattern_mismatch"] > 10_000);
        assert_eq!(pieces.len(), whole.len());
    }

    /// A document with thousands of faults gets the first thousand, then one violation that
    /// counts the rest by code: every fault is counted once.
    #[test]
    fn a_flood_of_faults_is_counted_past_the_limit() {
        let mut doc: Value = serde_json::from_slice(include_bytes!(
            "../../../examples/submissions/eig-5-valid-flood-alerts.json"
        ))
        .unwrap();
        doc["themes"] = json!(vec![1; 5000]);
        for i in 0..1200 {
            doc[format!("x{i}")] = json!(i);
        }
        doc["contact"] = json!({"email": "not an address"});
        let c = compiled(SchemaKind::ChallengeSubmission);
        let total: u64 = c
            .validator
            .iter_errors(&doc)
            .filter_map(|e| code_of(e.kind(), e.instance()).map(|(_, n)| n))
            .sum();
        let out = c.check(&doc);
        // The first thousand, the first of each other code, then the count.
        assert!(
            (MAX_VIOLATIONS + 1..MAX_VIOLATIONS + 8).contains(&out.len()),
            "{}",
            out.len()
        );
        let last = out.last().unwrap();
        assert_eq!(last.code, "too_many_violations");
        assert!(last.is_error());
        let omitted = last.params.get("omitted").and_then(|n| n.as_u64()).unwrap();
        // A value that fails its format and its pattern is one fault, said by the format.
        let at = |want: fn(&K) -> bool| -> HashSet<String> {
            c.validator
                .iter_errors(&doc)
                .filter(|e| want(e.kind()))
                .map(|e| e.instance_path().as_str().to_owned())
                .collect()
        };
        let formats = at(|k| matches!(k, K::Format { .. }));
        let pattern_and_format = at(|k| matches!(k, K::Pattern { .. }))
            .intersection(&formats)
            .count() as u64;
        assert!(pattern_and_format > 0);
        assert_eq!(omitted + (out.len() - 1) as u64 + pattern_and_format, total);
        let by_code = last.params.get("by_code").unwrap();
        assert!(by_code["wrong_type"].as_u64().unwrap() > 3000, "{by_code}");
        assert!(
            by_code["unknown_field"].as_u64().unwrap() > 100,
            "{by_code}"
        );
    }

    #[test]
    fn an_unexplained_union_is_a_schema_violation() {
        let c = compile_value(
            json!({"type": "object", "properties": {"a": {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 3}]}}}),
            "test",
        );
        let v = c.check(&json!({"a": 1}));
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].code.as_str(), v[0].path.as_str()),
            ("schema_violation", "/a")
        );
    }

    #[test]
    fn every_pattern_of_every_schema_is_said_in_words() {
        fn patterns(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::String(p)) = m.get("pattern") {
                        out.push(p.clone());
                    }
                    m.values().for_each(|v| patterns(v, out));
                }
                Value::Array(a) => a.iter().for_each(|v| patterns(v, out)),
                _ => {}
            }
        }
        let mut all = Vec::new();
        for kind in SchemaKind::ALL {
            patterns(&kind.generate(), &mut all);
        }
        all.sort();
        all.dedup();
        for p in all {
            let v = message::pattern_mismatch("/x", &Value::from("?"), &p);
            assert!(
                !v.message_fr.contains("le schéma décrit"),
                "the pattern {p} has no words in PATTERN_WORDS"
            );
            assert!(!v.message_fr.contains('^') && !v.message_en.contains('^'));
        }
    }

    #[test]
    fn an_optional_value_reports_its_own_error() {
        let v = SUBMISSION.check(&json!({"hosts": [{"name": "Agence", "siret": "123"}]}));
        let siret = v.iter().find(|v| v.path == "/hosts/0/siret").unwrap();
        assert_eq!(siret.code, "pattern_mismatch");
    }
}
