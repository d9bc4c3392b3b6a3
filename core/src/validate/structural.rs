//! The structural pass: the `jsonschema` crate against our generated schema, with format
//! assertion on, and each error turned into a [`Violation`].

use crate::diagnostics::message::{self, Allowed};
use crate::diagnostics::{Violation, escape_pointer_token};
use crate::rules::suggest;
use crate::schema::{SchemaKind, present_branch, resolve_ref};
use jsonschema::error::{TypeKind, ValidationErrorKind as K};
use serde_json::Value;
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
    }
}

impl Compiled {
    /// The schema itself.
    pub(crate) fn schema(&self) -> &Value {
        &self.schema
    }

    /// Every structural violation of `instance`.
    pub(crate) fn check(&self, instance: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        // Most documents are valid: `is_valid` stops at the first failure and builds nothing.
        if self.validator.is_valid(instance) {
            return out;
        }
        for error in self.validator.iter_errors(instance) {
            let path = error.instance_path().as_str().to_owned();
            let schema_path = error.schema_path().as_str().to_owned();
            self.convert(error.kind(), error.instance(), path, &schema_path, &mut out);
        }
        // An e-mail address that is not one fails both its format and its pattern: the format's
        // violation says it.
        let formats: Vec<String> = out
            .iter()
            .filter(|v| v.code == "invalid_format")
            .map(|v| v.path.clone())
            .collect();
        out.retain(|v| v.code != "pattern_mismatch" || !formats.contains(&v.path));
        out
    }

    fn convert(
        &self,
        kind: &K,
        instance: &Value,
        path: String,
        schema_path: &str,
        out: &mut Vec<Violation>,
    ) {
        let v = match kind {
            K::AdditionalProperties { unexpected } | K::UnevaluatedProperties { unexpected } => {
                let known = self.known_properties(schema_path);
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                let hint = suggest::fields(&known);
                for field in unexpected {
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
                let naive = format == "date-time"
                    && instance.as_str().is_some_and(|s| {
                        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
                            || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").is_ok()
                    });
                if naive {
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
                            let p = e.instance_path().as_str().to_owned();
                            let sp = e.schema_path().as_str().to_owned();
                            self.convert(e.kind(), e.instance(), p, &sp, out);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
