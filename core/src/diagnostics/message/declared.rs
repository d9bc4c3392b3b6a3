//! Declared rules (CEL in a rulebook): one that does not compile, one too costly to run, one
//! that fails on a document, and a rule skipped because what it reads is invalid.

use crate::diagnostics::{Code, Violation};

/// The type of a value in a declared rule, as a fault names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// true or false.
    Bool,
    /// A number.
    Number,
    /// A text.
    Text,
    /// A list.
    List,
    /// An object (a map).
    Object,
    /// null.
    Null,
    /// An instant (`timestamp(...)`).
    Timestamp,
    /// A duration (`duration(...)`).
    Duration,
}

impl Kind {
    fn fr(self) -> &'static str {
        match self {
            Self::Bool => "un booléen",
            Self::Number => "un nombre",
            Self::Text => "un texte",
            Self::List => "une liste",
            Self::Object => "un objet",
            Self::Null => "null",
            Self::Timestamp => "un instant",
            Self::Duration => "une durée",
        }
    }
    fn en(self) -> &'static str {
        match self {
            Self::Bool => "a boolean",
            Self::Number => "a number",
            Self::Text => "a string",
            Self::List => "a list",
            Self::Object => "an object",
            Self::Null => "null",
            Self::Timestamp => "a timestamp",
            Self::Duration => "a duration",
        }
    }
}

/// Why a declared rule does not compile, for [`rule_invalid`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fault<'a> {
    /// The parser stopped at this line and column; `parser` is its own (English) words.
    Syntax {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// The parser's message.
        parser: &'a str,
    },
    /// A function the rules do not offer.
    UnknownFunction {
        /// Its name.
        name: &'a str,
        /// The nearest one offered.
        near: Option<&'a str>,
    },
    /// A variable that is not `self`, `root`, `rulebook`, `index` or a loop's.
    UnknownVariable {
        /// Its name.
        name: &'a str,
        /// The nearest one known.
        near: Option<&'a str>,
        /// The rule's own variables (`self, root, rulebook`), as a list.
        known: &'a str,
    },
    /// A field the document's schema does not have.
    UnknownField {
        /// The field.
        field: &'a str,
        /// Where it is read (`self.seats[]`).
        of: &'a str,
        /// The nearest field of the schema.
        near: Option<&'a str>,
    },
    /// An operator or function applied to values of types that do not go together.
    Types {
        /// The operator or function, as written (`<`, `startsWith`).
        op: &'a str,
        /// The types it was given.
        given: Vec<Kind>,
        /// The column of the expression, from 1.
        column: usize,
    },
    /// The rule gives something other than true or false.
    NotBoolean {
        /// What it gives.
        found: Kind,
    },
    /// `for_each` names something that is not a list of the document.
    NotAList {
        /// The pointer.
        pointer: &'a str,
    },
    /// A construct the rules do not take (a message or struct literal).
    Unsupported {
        /// What it is (its CEL name).
        what: &'a str,
    },
    /// The expression nests deeper than `max` levels.
    TooDeep {
        /// The deepest nesting allowed.
        max: usize,
    },
    /// A `matches` pattern written in the rule is not a regular expression the rules can run.
    Pattern {
        /// The pattern.
        pattern: &'a str,
        /// Why.
        why: &'a PatternFault,
    },
    /// A message has a placeholder other than those its rule offers.
    Placeholder {
        /// The placeholder's name.
        name: &'a str,
        /// What the rule offers.
        takes: Takes,
    },
    /// A `juror-item` rule has a field such rules do not take (`for_each`, `path`, or a
    /// `warning` severity).
    PairField {
        /// The field.
        field: &'a str,
    },
}

/// The placeholders a rule's messages may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Takes {
    /// `{value}`.
    Value,
    /// `{value}` and `{index}` (a rule with `for_each`).
    ValueIndex,
    /// `{juror}` and `{item}` (a `juror-item` rule).
    JurorItem,
}

fn near_fr_en(near: Option<&str>) -> (String, String) {
    near.map_or_else(Default::default, |n| {
        (
            format!(" ; vouliez-vous dire « {n} » ?"),
            format!("; did you mean \"{n}\"?"),
        )
    })
}

fn kinds(given: &[Kind], fr: bool) -> String {
    let words: Vec<&str> = given
        .iter()
        .map(|k| if fr { k.fr() } else { k.en() })
        .collect();
    words.join(if fr { " et " } else { " and " })
}

/// `rule_invalid`: the declared rule `rule` (at `path` of the rulebook) does not compile, for
/// `fault`.
pub(crate) fn rule_invalid(path: impl Into<String>, rule: &str, fault: &Fault<'_>) -> Violation {
    let (fr, en) = match fault {
        Fault::Syntax {
            line,
            column,
            parser,
        } => (
            format!(
                "erreur de syntaxe ligne {line}, colonne {column} : l'expression s'interrompt ou continue de façon inattendue à cet endroit"
            ),
            match readable(parser) {
                Some(parser) => format!("syntax error at line {line}, column {column}: {parser}"),
                None => format!(
                    "syntax error at line {line}, column {column}: the expression stops or goes \
                     on unexpectedly there"
                ),
            },
        ),
        Fault::UnknownFunction { name, near } => {
            let (nf, ne) = near_fr_en(*near);
            (
                format!(
                    "la fonction « {name} » n'existe pas dans les règles (voir docs/rules.md){nf}"
                ),
                format!("the rules have no function \"{name}\" (see docs/rules.md){ne}"),
            )
        }
        Fault::UnknownVariable { name, near, known } => {
            let (nf, ne) = near_fr_en(*near);
            (
                format!(
                    "« {name} » n'est pas une variable connue ({known}, ou celle d'un parcours){nf}"
                ),
                format!("\"{name}\" is no known variable ({known}, or a loop's){ne}"),
            )
        }
        Fault::UnknownField { field, of, near } => {
            let (nf, ne) = near_fr_en(*near);
            (
                format!("« {of} » n'a pas de champ « {field} »{nf}"),
                format!("\"{of}\" has no field \"{field}\"{ne}"),
            )
        }
        Fault::Types { op, given, column } => (
            format!(
                "« {op} » ne s'applique pas à {} (colonne {column})",
                kinds(given, true)
            ),
            format!(
                "\"{op}\" does not apply to {} (column {column})",
                kinds(given, false)
            ),
        ),
        Fault::NotBoolean { found } => (
            format!(
                "la règle doit donner vrai ou faux, elle donne {}",
                found.fr()
            ),
            format!("the rule must give true or false; it gives {}", found.en()),
        ),
        Fault::NotAList { pointer } => (
            format!("for_each « {pointer} » ne désigne pas une liste du document"),
            format!("for_each \"{pointer}\" names no list of the document"),
        ),
        Fault::Unsupported { what } => (
            format!("les règles n'acceptent pas « {what} »"),
            format!("the rules do not take \"{what}\""),
        ),
        Fault::Pattern { pattern, why } => {
            use PatternFault as P;
            let (wf, we) = match why {
                P::Syntax(why) => (why.clone(), why.clone()),
                P::TooLarge { limit } => (
                    format!(
                        "compilé, il dépasse la limite de taille de {limit} octets ; écrivez-le plus simple (une classe ASCII comme [a-z0-9_] au lieu de \\w, moins de répétitions)"
                    ),
                    format!(
                        "compiled, it exceeds size limit of {limit} bytes; write it simpler (an ASCII class such as [a-z0-9_] instead of \\w, fewer repetitions)"
                    ),
                ),
                P::OverBudget { budget } => (
                    format!(
                        "les motifs du règlement, compilés ensemble, dépassent {budget} octets ; employez moins de motifs différents"
                    ),
                    format!(
                        "the rulebook's patterns, compiled together, exceed {budget} bytes; use fewer distinct patterns"
                    ),
                ),
            };
            (
                format!("le motif « {pattern} » de matches() n'est pas utilisable : {wf}"),
                format!("the pattern \"{pattern}\" of matches() cannot be used: {we}"),
            )
        }
        Fault::TooDeep { max } => (
            format!(
                "l'expression imbrique plus de {max} niveaux ; découpez-la en plusieurs règles"
            ),
            format!("the expression nests more than {max} levels; split it into several rules"),
        ),
        Fault::Placeholder { name, takes } => {
            let (lf, le) = match takes {
                Takes::ValueIndex => ("{value} et {index}", "{value} and {index}"),
                Takes::Value => (
                    "{value} (et {index} avec for_each)",
                    "{value} ({index} with for_each)",
                ),
                Takes::JurorItem => ("{juror} et {item}", "{juror} and {item}"),
            };
            (
                format!("le message emploie « {{{name}}} », inconnu : il n'accepte que {lf}"),
                format!("the message uses \"{{{name}}}\", which is unknown: it takes only {le}"),
            )
        }
        Fault::PairField { field } if *field == "severity" => (
            "une règle « juror-item » est toujours de gravité « error » : elle dit quelles \
             paires sont en conflit d'intérêts"
                .to_owned(),
            "a \"juror-item\" rule always has severity \"error\": it says which pairs are \
             conflicts of interest"
                .to_owned(),
        ),
        Fault::PairField { field } => (
            format!(
                "une règle « juror-item » ne prend pas « {field} » : elle lit un juré et un \
                 sujet (juror, item)"
            ),
            format!(
                "a \"juror-item\" rule takes no \"{field}\": it reads one juror and one item \
                 (juror, item)"
            ),
        ),
    };
    Violation::new(
        Code::RuleInvalid,
        path,
        format!("la règle « {rule} » ne peut pas être compilée : {fr}"),
        format!("the rule \"{rule}\" cannot be compiled: {en}"),
    )
    .with_params([("rule", super::param(rule))])
    .with_rule(rule)
}

/// `rule_too_costly`: the rule `rule` would take `cost` steps, over `limit`, on this document or
/// (`at_load`) on any document whose lists hold that many elements; `together`: the rules of
/// its kind of document would, with it.
pub(crate) fn rule_too_costly(
    path: impl Into<String>,
    rule: &str,
    cost: u128,
    limit: u64,
    at_load: Option<u64>,
    together: bool,
) -> Violation {
    let (wf, we) = match at_load {
        Some(size) => (
            format!("sur un document dont les listes ont {size} éléments"),
            format!("on a document whose lists hold {size} elements"),
        ),
        None => ("sur ce document".to_owned(), "on this document".to_owned()),
    };
    let (fr, en) = if together {
        (
            format!(
                "avec la règle « {rule} », les règles de ce type de document demanderaient ensemble jusqu'à {cost} étapes {wf}, au-delà de la limite de {limit} : elle n'a pas été évaluée (allégez les règles qui la précèdent, ou celle-ci)"
            ),
            format!(
                "with the rule \"{rule}\", the rules of this kind of document would take together up to {cost} steps {we}, over the limit of {limit}: it was not evaluated (lighten the rules before it, or this one)"
            ),
        )
    } else {
        (
            format!(
                "la règle « {rule} » demanderait jusqu'à {cost} étapes {wf}, au-delà de la limite de {limit} : elle n'a pas été évaluée (réduisez les parcours imbriqués : all, exists, map, filter ; construisez et parcourez des textes et des listes plus courts)"
            ),
            format!(
                "the rule \"{rule}\" would take up to {cost} steps {we}, over the limit of {limit}: it was not evaluated (nest fewer loops: all, exists, map, filter; build and scan shorter texts and lists)"
            ),
        )
    };
    too_costly(path, rule, cost, limit, at_load, together, (fr, en))
}

/// A `rule_too_costly` violation with its words and parameters.
fn too_costly(
    path: impl Into<String>,
    rule: &str,
    cost: u128,
    limit: u64,
    at_load: Option<u64>,
    together: bool,
    (fr, en): (String, String),
) -> Violation {
    Violation::new(Code::RuleTooCostly, path, fr, en)
        .with_params([
            ("rule", super::param(rule)),
            (
                "cost",
                super::param(u64::try_from(cost).unwrap_or(u64::MAX)),
            ),
            ("max", super::param(limit)),
            ("cost_at_load_size", super::param(at_load)),
            ("together", super::param(together)),
        ])
        .with_rule(rule)
}

/// `rule_too_costly` for a `juror-item` rule, evaluated once per pair: past `limit` steps
/// over the `pairs` of jurors and items, alone or `together` with the `juror-item` rules before
/// it (`cost` is where the count stopped, past the limit).
pub(crate) fn pair_rule_too_costly(
    rule: &str,
    cost: u128,
    limit: u64,
    pairs: usize,
    together: bool,
) -> Violation {
    let (with_fr, with_en) = if together {
        (
            " avec les règles « juror-item » qui la précèdent",
            " with the \"juror-item\" rules before it",
        )
    } else {
        ("", "")
    };
    let words = (
        format!(
            "la règle « {rule} » est évaluée pour chacune des {pairs} paires d'un juré et d'un \
             sujet de ce plan : elle demanderait{with_fr} plus de {limit} étapes, et n'a pas été \
             évaluée (allégez-la, ou planifiez des jurys plus petits)"
        ),
        format!(
            "the rule \"{rule}\" is evaluated for each of the {pairs} pairs of a juror and an \
             item of this plan: it would take{with_en} more than {limit} steps, and was not \
             evaluated (lighten it, or plan smaller juries)"
        ),
    );
    too_costly("/jurors", rule, cost, limit, None, together, words)
}

/// Why a pattern of `matches()` cannot be used (see `validate::declared::patterns`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatternFault {
    /// Not a regular expression: the engine's (English) words.
    Syntax(String),
    /// It compiles to more than `limit` bytes.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The patterns of its scope together compile to more than `budget` bytes.
    OverBudget {
        /// The budget, in bytes.
        budget: usize,
    },
}

/// Why a declared rule failed on a document, for [`rule_error`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure<'a> {
    /// A field it reads is absent (use `has(...)` for an optional one).
    NoSuchField(&'a str),
    /// An operator or function got values of types that do not go together.
    Types {
        /// The operator or function (CEL's name).
        op: &'a str,
        /// The types, as CEL names them.
        given: &'a [String],
    },
    /// A list was read past its end.
    IndexOutOfBounds,
    /// A division or remainder by zero.
    DivisionByZero,
    /// The rule gave something other than true or false.
    NotBoolean,
    /// `for_each` names something that is not a list in this document.
    NotAList(&'a str),
    /// Anything else, in the evaluator's (English) words.
    Other(&'a str),
}

/// `rule_error`: the declared rule `rule` could not be evaluated on this document.
pub(crate) fn rule_error(path: impl Into<String>, rule: &str, failure: &Failure<'_>) -> Violation {
    rule_error_for(path, rule, None, failure)
}

/// `rule_error`, for a `juror-item` rule with the item it was evaluated on.
fn rule_error_for(
    path: impl Into<String>,
    rule: &str,
    item: Option<&str>,
    failure: &Failure<'_>,
) -> Violation {
    let (where_fr, where_en) = item.map_or_else(Default::default, |i| {
        (
            format!(" pour ce juré et « {i} »"),
            format!(" for this juror and \"{i}\""),
        )
    });
    let (fr, en) = match failure {
        Failure::NoSuchField(f) => (
            format!("le champ « {f} » est absent (pour un champ facultatif, écrivez has(...))"),
            format!("the field \"{f}\" is absent (for an optional field, write has(...))"),
        ),
        Failure::Types { op, given } => (
            format!(
                "« {op} » a reçu des valeurs de types qui ne vont pas ensemble ({})",
                given.join(", ")
            ),
            format!(
                "\"{op}\" got values of types that do not go together ({})",
                given.join(", ")
            ),
        ),
        Failure::IndexOutOfBounds => (
            "une liste est lue au-delà de sa fin".to_owned(),
            "a list is read past its end".to_owned(),
        ),
        Failure::DivisionByZero => (
            "division par zéro".to_owned(),
            "division by zero".to_owned(),
        ),
        Failure::NotBoolean => (
            "elle ne donne ni vrai ni faux".to_owned(),
            "it gives neither true nor false".to_owned(),
        ),
        Failure::NotAList(p) => (
            format!("for_each « {p} » n'est pas une liste dans ce document"),
            format!("for_each \"{p}\" is not a list in this document"),
        ),
        Failure::Other(why) => (
            "l'évaluation a échoué (le détail est dans le message en anglais)".to_owned(),
            (*why).to_owned(),
        ),
    };
    Violation::new(
        Code::RuleError,
        path,
        format!(
            "la règle « {rule} » n'a pas pu être évaluée{where_fr} : {fr} ; la règle ou le document est à revoir"
        ),
        format!("the rule \"{rule}\" could not be evaluated{where_en}: {en}; the rule or the document needs a look"),
    ).with_params([("rule", super::param(rule))])
    .with_rule(rule)
}

/// `rule_error` for a `juror-item` rule: it could not be evaluated on the juror at `path` with
/// `item`.
pub(crate) fn pair_rule_error(
    path: impl Into<String>,
    rule: &str,
    item: &str,
    failure: &Failure<'_>,
) -> Violation {
    rule_error_for(path, rule, Some(item), failure)
}

/// What did not run, for [`rule_skipped`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skipped<'a> {
    /// A rule, by its id.
    Rule(&'a str),
    /// The consistency checks of a kind of document, by its name.
    Checks(&'a str),
}

/// `rule_skipped`: `what` did not run, since it reads `blocked`, which is invalid.
pub(crate) fn rule_skipped(path: impl Into<String>, what: Skipped<'_>, blocked: &str) -> Violation {
    let shown = if blocked.is_empty() { "/" } else { blocked };
    let (fr, en, id) = match what {
        Skipped::Rule(rule) => (
            format!(
                "la règle « {rule} » n'a pas été appliquée : elle lit {shown}, qui est invalide"
            ),
            format!("the rule \"{rule}\" did not run: it reads {shown}, which is invalid"),
            rule,
        ),
        Skipped::Checks(kind) => (
            format!(
                "les contrôles de cohérence du document « {kind} » n'ont pas été faits : ils lisent {shown}, qui est invalide"
            ),
            format!(
                "the consistency checks of the \"{kind}\" document did not run: they read {shown}, which is invalid"
            ),
            kind,
        ),
    };
    Violation::new(
        Code::RuleSkipped,
        path,
        format!("{fr} (corrigez l'erreur à cet endroit, puis validez de nouveau)"),
        format!("{en} (fix the error there, then validate again)"),
    )
    .with_params([
        (
            "skipped",
            super::param(match what {
                Skipped::Rule(x) | Skipped::Checks(x) => x,
            }),
        ),
        ("blocked_by", super::param(blocked)),
    ])
    .with_rule(id)
}

/// The parser's complaint when it is a sentence a rule's author can read; `None` for its
/// internals (`OtherError(ParseError { … })`, "Incomplete `ExprContext`").
fn readable(parser: &str) -> Option<&str> {
    let parser = parser
        .strip_prefix("Syntax error: ")
        .unwrap_or(parser)
        .trim();
    let internal = parser.is_empty()
        || parser.contains("Error(")
        || parser.contains("Error {")
        || parser.contains("Context")
        || parser.contains("Incomplete")
        || parser.contains("::");
    (!internal).then_some(parser)
}
