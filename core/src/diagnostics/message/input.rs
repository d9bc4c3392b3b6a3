//! The input pass (bytes, JSON, limits) and the structural pass (the JSON Schema).

use super::{Fix, json_type, schema_type};
use crate::diagnostics::{Code, Violation};
use serde_json::Value;
use std::fmt::Display;

/// Where in the text a fault lies, when the path cannot say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At<'a> {
    /// A JSON Pointer into the parsed document.
    Pointer(&'a str),
    /// A line and a column (1-based) of the text.
    Line(usize, usize),
    /// Not known.
    Unknown,
}

impl At<'_> {
    /// ` (at /a/b)` or ` (line 3, column 4)`, in both languages; nothing when unknown.
    fn words(self) -> (String, String) {
        match self {
            Self::Pointer(p) => (format!(" (en {p})"), format!(" (at {p})")),
            Self::Line(l, c) => (
                format!(" (ligne {l}, colonne {c})"),
                format!(" (line {l}, column {c})"),
            ),
            Self::Unknown => Default::default(),
        }
    }
}

/// What a value should have been, for [`invalid_value`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Allowed<'a> {
    /// One of these values (written as JSON).
    OneOf(&'a [String]),
    /// A finite number.
    Finite,
    /// A finite number of at least 0.
    FiniteAtLeastZero,
    /// The reason the value cannot be read, as the parser gives it.
    Because(&'a str),
    /// A stage that keeps a pool has no number of seats.
    PoolHasNoSeats,
    /// A weighted mean needs a juror who weighs more than 0.
    SomeJurorWeighs,
}

/// `empty_document`.
pub(crate) fn empty_document() -> Violation {
    Violation::new(
        Code::EmptyDocument,
        "",
        "le document est vide",
        "the document is empty",
    )
}

/// `invalid_utf8`: the text stops being UTF-8 at byte `byte` (at this line and column).
pub(crate) fn invalid_utf8(byte: usize, line_col: Option<(usize, usize)>) -> Violation {
    let (fr, en) = line_col
        .map_or(At::Unknown, |(l, c)| At::Line(l, c))
        .words();
    Violation::new(
        Code::InvalidUtf8,
        "",
        format!("le texte n'est pas en UTF-8 valide à l'octet {byte}{fr}"),
        format!("the text is not valid UTF-8 at byte {byte}{en}"),
    )
    .with_params([("byte", super::param(byte))])
}

/// `comments_ignored`: the text has comments on `lines` lines, the first at this line and
/// column.
pub(crate) fn comments_ignored(lines: usize, line: usize, column: usize) -> Violation {
    let (fr, en) = if lines == 1 {
        (
            format!("le texte contient un commentaire (ligne {line}, colonne {column})"),
            format!("the text has a comment (line {line}, column {column})"),
        )
    } else {
        (
            format!(
                "le texte contient des commentaires sur {lines} lignes, le premier à la ligne {line}, \
                 colonne {column}"
            ),
            format!(
                "the text has comments on {lines} lines, the first at line {line}, column \
                 {column}"
            ),
        )
    };
    Violation::new(
        Code::CommentsIgnored,
        "",
        format!(
            "{fr} : eig les ignore, mais ce n'est pas du JSON standard et d'autres outils le \
             refuseront"
        ),
        format!(
            "{en}: eig ignores them, but this is not standard JSON and other tools will refuse it"
        ),
    )
    .with_params([
        ("lines", super::param(lines)),
        ("line", super::param(line)),
        ("column", super::param(column)),
    ])
    .with_hint(
        "avant de transmettre le fichier à un autre outil, supprimez les commentaires : ce qui \
         suit // jusqu'à la fin de la ligne, et ce qui est entre /* et */",
        "before you hand the file to another tool, delete the comments: what follows // to the \
         end of the line, and what lies between /* and */",
    )
}

/// What a JSON parser's error says: `nesting_too_deep` when it stopped at its recursion limit
/// (`max` levels), `invalid_json` otherwise, each with the line and column.
pub(crate) fn json_error(e: &serde_json::Error, max: usize, text: Option<&str>) -> Violation {
    // serde_json counts a line's columns in bytes from 1, and says 0 for the end of a text
    // that ends with a new line (a document cut short): the place, in characters as every
    // other place, is at least the first column of that line.
    let line = e.line().max(1);
    let column = text
        .and_then(|t| t.split('\n').nth(line - 1))
        .map_or(e.column(), |l| {
            let bytes = l.as_bytes();
            let end = e.column().min(bytes.len());
            String::from_utf8_lossy(&bytes[..end]).chars().count()
        })
        .max(1);
    let what = e.to_string();
    let what = what.split(" at line").next().unwrap_or(&what);
    if what == "recursion limit exceeded" {
        nesting_too_deep(max, At::Line(line, column))
    } else {
        invalid_json(line, column, what)
    }
}

/// `invalid_json`: a comment opened with `/*` at this line and column, never closed.
pub(crate) fn comment_not_closed(line: usize, column: usize) -> Violation {
    invalid_json(line, column, COMMENT_NOT_CLOSED)
}

/// The complaint of a `/*` never closed, in the parser's manner.
const COMMENT_NOT_CLOSED: &str = "comment opened with `/*` and never closed with `*/`";

/// `duplicate_key`: the key `key` given a second time, at `path`, line and column.
pub(crate) fn duplicate_key(path: String, key: &str, line: usize, column: usize) -> Violation {
    Violation::new(
        Code::DuplicateKey,
        path,
        format!(
            "la clé « {key} » apparaît deux fois dans le même objet (ligne {line}, colonne \
             {column}) : on ne peut savoir quelle valeur compte ; gardez-en une"
        ),
        format!(
            "the key \"{key}\" appears twice in one object (line {line}, column {column}): \
             which value counts cannot be known; keep one"
        ),
    )
    .with_params([
        ("key", super::param(key)),
        ("line", super::param(line)),
        ("column", super::param(column)),
    ])
}

/// `invalid_json`: the parser's complaint `what` (serde_json's words), at a line and column.
fn invalid_json(line: usize, column: usize, what: &str) -> Violation {
    let v = Violation::new(
        Code::InvalidJson,
        "",
        format!(
            "JSON invalide ligne {line}, colonne {column} : {}",
            json_complaint_fr(what)
        ),
        format!("invalid JSON at line {line}, column {column}: {what}"),
    )
    .with_params([
        ("line", super::param(line)),
        ("column", super::param(column)),
        ("reason", super::param(what)),
    ]);
    match json_hint(what) {
        Some((fr, en)) => v.with_hint(fr, en),
        None => v,
    }
}

/// How to mend the usual syntax errors of a JSON text written by hand.
fn json_hint(what: &str) -> Option<(&'static str, &'static str)> {
    Some(match what {
        COMMENT_NOT_CLOSED => (
            "fermez le commentaire par */, ou retirez-le",
            "close the comment with */, or remove it",
        ),
        "key must be a string" => (
            "écrivez le nom du champ entre guillemets droits, comme \"title\": …",
            "write the field's name between straight double quotes, like \"title\": …",
        ),
        "trailing comma" => (
            "retirez la virgule qui précède la fermeture } ou ]",
            "remove the comma before the closing } or ]",
        ),
        "expected `,` or `}`" | "expected `,` or `]`" => (
            "séparez deux valeurs par une virgule ; vérifiez aussi qu'un texte ne contient pas de \
             guillemet droit \" non précédé d'une barre oblique inverse \\",
            "separate two values with a comma; check too that no text holds a straight quote \" \
             without a backslash \\ before it",
        ),
        "expected value" | "expected ident" => (
            "un texte s'écrit entre guillemets droits (\"…\"), un nombre sans guillemets, et \
             seuls true, false et null s'écrivent sans guillemets",
            "a text goes between straight double quotes (\"…\"), a number without quotes, and \
             only true, false and null go without quotes",
        ),
        "EOF while parsing a list"
        | "EOF while parsing an object"
        | "EOF while parsing a value" => (
            "le document est coupé : vérifiez que chaque { a son } et chaque [ son ]",
            "the document is cut short: check that each { has its } and each [ its ]",
        ),
        "EOF while parsing a string" => (
            "fermez le texte par un guillemet droit \"",
            "close the text with a straight double quote \"",
        ),
        "expected `:`" => (
            "mettez un : entre le nom du champ et sa valeur, comme \"title\": \"…\"",
            "put a : between the field's name and its value, like \"title\": \"…\"",
        ),
        "control character (\\u0000-\\u001F) found while parsing a string" => (
            "un texte tient sur une ligne : remplacez le retour à la ligne par \\n",
            "a text stays on one line: replace the line break with \\n",
        ),
        "trailing characters" => (
            "un document ne contient qu'un objet { … } : retirez ce qui suit sa fin",
            "a document holds one object { … }: remove what follows its end",
        ),
        _ => return None,
    })
}

/// serde_json's syntax errors in French (any other is given as the parser words it).
fn json_complaint_fr(what: &str) -> &str {
    match what {
        "EOF while parsing a list" => "le texte s'arrête au milieu d'une liste (un `]` manque)",
        "EOF while parsing an object" => "le texte s'arrête au milieu d'un objet (un `}` manque)",
        "EOF while parsing a string" => "le texte s'arrête au milieu d'un texte (un `\"` manque)",
        "EOF while parsing a value" => "le texte s'arrête là où une valeur est attendue",
        "expected `:`" => "un `:` est attendu après le nom du champ",
        "expected `,` or `]`" => "un `,` ou un `]` est attendu",
        "expected `,` or `}`" => "un `,` ou un `}` est attendu",
        "expected ident" => "mot inconnu (seuls true, false et null sont permis)",
        "expected value" => "une valeur est attendue",
        "expected `\"`" => "un `\"` est attendu",
        "invalid escape" => "séquence d'échappement invalide après `\\`",
        "invalid number" => "nombre invalide",
        "number out of range" => "nombre hors limites",
        "invalid unicode code point" => "point de code Unicode invalide",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "caractère de contrôle dans un texte (un retour à la ligne s'écrit \\n)"
        }
        "key must be a string" => "le nom d'un champ doit être un texte entre guillemets",
        COMMENT_NOT_CLOSED => "un commentaire ouvert par `/*` n'est jamais fermé par `*/`",
        "lone leading surrogate in hex escape" => "demi-caractère UTF-16 isolé dans un `\\u`",
        "trailing comma" => "virgule en trop avant la fermeture",
        "trailing characters" => "du texte suit la fin du document",
        "unexpected end of hex escape" => "séquence `\\u` incomplète",
        // Any other complaint of the parser: its English words stay in the English message.
        _ => "le texte n'est pas du JSON valide à cet endroit",
    }
}

/// `not_an_object`: the document is `found`, not an object.
pub(crate) fn not_an_object(found: &Value) -> Violation {
    let (en, fr) = json_type(found);
    Violation::new(
        Code::NotAnObject,
        "",
        format!("le document doit être un objet JSON, pas {fr}"),
        format!("the document must be a JSON object, not {en}"),
    )
    .with_params([("found", super::param(json_type(found).0))])
}

/// `too_many_violations`: past the first `max` violations, `omitted` more, by code (most
/// frequent first); an error when one of them is.
pub(crate) fn too_many_violations(
    max: usize,
    omitted: &std::collections::BTreeMap<String, u64>,
    error: bool,
) -> Violation {
    let total: u64 = omitted.values().sum();
    let mut by_count: Vec<(&String, &u64)> = omitted.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let listed: Vec<String> = by_count.iter().map(|(c, n)| format!("{c} ({n})")).collect();
    let listed = listed.join(", ");
    let mut v = Violation::new(
        Code::TooManyViolations,
        "",
        format!(
            "{total} autre(s) violation(s) au-delà des {max} premières, non listées : {listed}"
        ),
        format!("{total} more violation(s) past the first {max}, not listed: {listed}"),
    )
    .with_params([
        ("max", super::param(max)),
        ("omitted", super::param(total)),
        ("by_code", super::param(omitted)),
    ])
    .with_hint(
        "corrigez les violations listées, puis validez de nouveau : les suivantes apparaîtront",
        "fix the violations listed, then validate again: the next ones will show",
    );
    if !error {
        v.severity = crate::diagnostics::Severity::Warning;
    }
    v
}

/// `document_too_large`: `size` bytes against a limit of `limit`.
pub(crate) fn document_too_large(size: usize, limit: usize) -> Violation {
    Violation::new(
        Code::DocumentTooLarge,
        "",
        format!("le document fait {size} octets, au-delà de la limite de {limit} octets"),
        format!("the document is {size} bytes, over the limit of {limit} bytes"),
    )
    .with_params([("size", super::param(size)), ("max", super::param(limit))])
}

/// `nesting_too_deep`: deeper than `max` levels, first at `at`.
pub(crate) fn nesting_too_deep(max: usize, at: At<'_>) -> Violation {
    let (fr, en) = at.words();
    Violation::new(
        Code::NestingTooDeep,
        "",
        format!("imbrication de plus de {max} niveaux{fr}"),
        format!("nesting deeper than {max} levels{en}"),
    )
    .with_params([("max", super::param(max))])
}

/// `unknown_field`: `field` is not known here; `fix` names the field meant (a French name, a
/// typo).
pub(crate) fn unknown_field(path: impl Into<String>, field: &str, fix: Option<Fix>) -> Violation {
    Violation::new(
        Code::UnknownField,
        path,
        format!("champ inconnu « {field} »"),
        format!("unknown field \"{field}\""),
    )
    .with_params([("field", super::param(field))])
    .fix(fix)
}

/// `missing_field`: `field` is required (`when` another field has a value: `(field, value)`).
pub(crate) fn missing_field(
    path: impl Into<String>,
    field: &str,
    when: Option<(&str, &str)>,
) -> Violation {
    let (fr, en) = when.map_or_else(Default::default, |(f, v)| {
        (
            format!(" (il l'est quand « {f} » vaut « {v} »)"),
            format!(" (it is required when \"{f}\" is \"{v}\")"),
        )
    });
    Violation::new(
        Code::MissingField,
        path,
        format!("le champ obligatoire « {field} » manque{fr}"),
        format!("the required field \"{field}\" is missing{en}"),
    )
    .with_params([("field", super::param(field))])
}

/// `wrong_type`: one of the JSON Schema types `expected` (`integer`, `string`...), not `found`.
/// A number or a yes/no written between quotes gets the hint to write it without them.
pub(crate) fn wrong_type(path: impl Into<String>, expected: &[&str], found: &Value) -> Violation {
    let (got_en, got_fr) = json_type(found);
    let names: Vec<(&str, &str)> = expected.iter().map(|t| schema_type(t)).collect();
    let fr = names.iter().map(|n| n.1).collect::<Vec<_>>().join(" ou ");
    let en = names.iter().map(|n| n.0).collect::<Vec<_>>().join(" or ");
    let unquoted = found.as_str().map(str::trim).and_then(|t| {
        let number = t.replace(',', ".");
        let wants = |ty: &str| expected.contains(&ty);
        // The number as JSON writes it, exactly (no `+10`, `007`, nor an integer past what a
        // JSON number holds exactly): the words and the patch say the same value.
        let json = |text: &str| {
            serde_json::from_str::<Value>(text)
                .ok()
                .filter(|v| v.to_string().as_str() == text)
        };
        let integer = json(t).filter(|v| v.is_i64() || v.is_u64());
        let decimal = json(&number).filter(|v| v.as_f64().is_some_and(f64::is_finite));
        if wants("integer") && integer.is_some() {
            Some(t.to_owned())
        } else if wants("number") && decimal.is_some() {
            Some(number)
        } else if wants("boolean") {
            match crate::text::fold(t).as_str() {
                "true" | "oui" | "vrai" => Some("true".to_owned()),
                "false" | "non" | "faux" => Some("false".to_owned()),
                _ => None,
            }
        } else {
            None
        }
    });
    Violation::new(
        Code::WrongType,
        path,
        format!("il faut ici {fr}, pas {got_fr}"),
        format!("expected {en}, got {got_en}"),
    )
    .with_params([
        ("expected", super::param(expected)),
        ("found", super::param(json_type(found).0)),
    ])
    .fix(unquoted.map(Fix::Unquote))
}

/// `invalid_value`: `value` is not what is `allowed`.
pub(crate) fn invalid_value(
    path: impl Into<String>,
    value: &dyn Display,
    allowed: &Allowed<'_>,
) -> Violation {
    let (fr, en) = match allowed {
        // A long list (the IANA time zones) is not read by anyone: the hint names the nearest.
        Allowed::OneOf(list) if list.len() > 30 => (
            format!("l'une des {} valeurs que le schéma énumère", list.len()),
            format!("one of the {} values the schema lists", list.len()),
        ),
        Allowed::OneOf(list) => {
            let list = list.join(", ");
            (
                format!("valeurs permises : {list}"),
                format!("allowed values: {list}"),
            )
        }
        Allowed::Finite => (
            "un nombre fini est attendu".to_owned(),
            "a finite number is expected".to_owned(),
        ),
        Allowed::FiniteAtLeastZero => (
            "un nombre fini, positif ou nul, est attendu".to_owned(),
            "a finite number of at least 0 is expected".to_owned(),
        ),
        // The reader's words are English: the French message says what it can without them.
        Allowed::Because(why) => (
            "la valeur ne peut pas être lue à cet endroit".to_owned(),
            (*why).to_owned(),
        ),
        Allowed::SomeJurorWeighs => (
            "la moyenne pondérée de l'étape demande au moins un juré de poids supérieur à 0 : \
             avec tous les poids à 0, personne ne peut être classé"
                .to_owned(),
            "the stage's weighted mean needs at least one juror who weighs more than 0: with \
             every weight 0, nobody can be ranked"
                .to_owned(),
        ),
        Allowed::PoolHasNoSeats => (
            "une étape qui constitue un vivier n'a pas de nombre de places : retirez top_k ou pool"
                .to_owned(),
            "a stage that keeps a pool has no number of seats: remove top_k or pool".to_owned(),
        ),
    };
    Violation::new(
        Code::InvalidValue,
        path,
        format!("{value} n'est pas une valeur permise ({fr})"),
        format!("{value} is not an allowed value ({en})"),
    )
    .with_params([
        ("found", super::param(super::number_or_text(value))),
        (
            "allowed",
            super::param(match allowed {
                Allowed::OneOf(list) => Some(*list),
                _ => None,
            }),
        ),
    ])
}

/// `invalid_format`: `value` is not in the JSON Schema `format` (`date-time`, `email`...).
/// `fix` is what the person meant, when it can be told; otherwise the hint shows an example.
pub(crate) fn invalid_format(
    path: impl Into<String>,
    value: &Value,
    format: &str,
    fix: Option<Fix>,
) -> Violation {
    let (fr, en, example) = match format {
        "date-time" => (
            "date et heure",
            "date-time",
            Some("2020-02-28T17:00:00+01:00"),
        ),
        "date" => ("date", "date", Some("2020-02-28")),
        "email" | "idn-email" => (
            "adresse électronique",
            "e-mail address",
            Some("prenom.nom@numerique.gouv.fr"),
        ),
        "uri" | "iri" => (
            "adresse web",
            "web address",
            Some("https://beta.gouv.fr/startups/"),
        ),
        other => (other, other, None),
    };
    let v = Violation::new(
        Code::InvalidFormat,
        path,
        format!("{value} n'est pas au format {fr}"),
        format!("{value} is not a valid {en}"),
    )
    .with_params([
        ("found", super::param(value)),
        ("format", super::param(format)),
    ]);
    match (fix, example) {
        (Some(fix), _) => v.fix(Some(fix)),
        (None, Some(e)) => v.with_hint(
            &format!("écrivez-la sous cette forme : {e}"),
            &format!("write it in this form: {e}"),
        ),
        (None, None) => v,
    }
}

/// `missing_time_zone`: a date-time without offset.
pub(crate) fn missing_time_zone(path: impl Into<String>, value: &Value) -> Violation {
    Violation::new(
        Code::MissingTimeZone,
        path,
        format!(
            "{value} n'a pas de fuseau horaire : ajoutez le décalage, par exemple +01:00 pour l'heure de Paris en hiver"
        ),
        format!(
            "{value} has no time zone: add the offset, for example +01:00 for Paris winter time"
        ),
    ).with_params([("found", super::param(value))])
}

/// What the value of each pattern of the published schemas must look like, in words: no
/// regular expression is shown to a person. `structural.rs` tests that every pattern of every
/// schema is here.
pub(crate) const PATTERN_WORDS: &[(&str, &str, &str)] = &[
    (
        "^[a-z0-9]+(-[a-z0-9]+)*$",
        "un code en minuscules, sans accents ni espaces, aux mots reliés par des tirets (comme \
         data-science)",
        "a lower-case code without accents or spaces, its words joined by hyphens (like \
         data-science)",
    ),
    (
        "^(eig-[1-9][0-9]*|dig-[0-9]{4})$",
        "un identifiant de promotion : eig- suivi de son numéro (comme eig-7), ou dig- suivi de \
         l'année (comme dig-2019)",
        "a promotion id: eig- and its number (like eig-7), or dig- and the year (like dig-2019)",
    ),
    (
        "^[0-9]{14}$",
        "un numéro SIRET : 14 chiffres, sans espaces",
        "a SIRET number: 14 digits, without spaces",
    ),
    (
        "^[0-9]{9}$",
        "un numéro SIREN : 9 chiffres, sans espaces",
        "a SIREN number: 9 digits, without spaces",
    ),
    (
        "^[0-9]{5}$",
        "un code postal : 5 chiffres, sans espaces (comme 75007)",
        "a postcode: 5 digits, without spaces (like 75007)",
    ),
    (
        "^\\+?[0-9 .()-]{6,20}$",
        "un numéro de téléphone : de 6 à 20 chiffres, espaces, points, tirets ou parenthèses, \
         avec un + au début pour l'indicatif (comme +33 1 23 45 67 89)",
        "a phone number: 6 to 20 digits, spaces, dots, hyphens or brackets, with a leading + \
         for the country code (like +33 1 23 45 67 89)",
    ),
    (
        "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
        "un identifiant : lettres sans accents, chiffres, points, tirets et soulignés, 64 \
         caractères au plus, commençant par une lettre ou un chiffre (comme jure-01)",
        "an id: letters without accents, digits, dots, hyphens and underscores, at most 64 \
         characters, starting with a letter or a digit (like jure-01)",
    ),
    (
        "^[a-z][a-z0-9_]*$",
        "un code en minuscules : lettres sans accents, chiffres et soulignés, commençant par \
         une lettre (comme team_size)",
        "a lower-case code: letters without accents, digits and underscores, starting with a \
         letter (like team_size)",
    ),
    (
        "^(/([^~/]|~[01])*)*$",
        "un chemin vers un champ (JSON Pointer), vide ou commençant par / (comme /hosts/0/siret)",
        "a path to a field (JSON Pointer), empty or starting with / (like /hosts/0/siret)",
    ),
    (
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$",
        "une date et heure locale, sans décalage : année-mois-jourTheure:minute[:seconde] \
         (comme 2025-10-05T23:59:59)",
        "a local date and time, without offset: year-month-dayThour:minute[:second] (like \
         2025-10-05T23:59:59)",
    ),
    (
        "^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$",
        "une adresse électronique entière, dont le nom de domaine a une fin (comme \
         prenom.nom@numerique.gouv.fr)",
        "a whole e-mail address, whose domain has an ending (like prenom.nom@numerique.gouv.fr)",
    ),
];

/// `pattern_mismatch`: `value` does not match `pattern`, said in words (never the regular
/// expression).
pub(crate) fn pattern_mismatch(path: impl Into<String>, value: &Value, pattern: &str) -> Violation {
    let (fr, en) = PATTERN_WORDS.iter().find(|(p, _, _)| *p == pattern).map_or(
        (
            "la forme que le schéma décrit à cet endroit",
            "the form the schema describes here",
        ),
        |(_, fr, en)| (*fr, *en),
    );
    Violation::new(
        Code::PatternMismatch,
        path,
        format!("{value} n'a pas la forme attendue : il faut ici {fr}"),
        format!("{value} is not in the expected form: expected {en}"),
    )
    .with_params([
        ("found", super::param(value)),
        ("pattern", super::param(pattern)),
    ])
}

/// ` (excluded)` after a bound that the value may not equal.
const fn excluded(exclusive: bool) -> (&'static str, &'static str) {
    if exclusive {
        (" (exclu)", " (excluded)")
    } else {
        ("", "")
    }
}

/// `below_minimum`: `value` under `min` (or equal to it, when the minimum is `exclusive`).
pub(crate) fn below_minimum(
    path: impl Into<String>,
    value: &dyn Display,
    min: &dyn Display,
    exclusive: bool,
) -> Violation {
    let (fr, en) = excluded(exclusive);
    Violation::new(
        Code::BelowMinimum,
        path,
        format!("{value} est trop petit : le minimum est {min}{fr}"),
        format!("{value} is too small: the minimum is {min}{en}"),
    )
    .with_params([
        ("found", super::param(super::number_or_text(value))),
        ("min", super::param(super::number_or_text(min))),
        ("exclusive", super::param(exclusive)),
    ])
}

/// `above_maximum`: `value` over `max` (or equal to it, when the maximum is `exclusive`).
pub(crate) fn above_maximum(
    path: impl Into<String>,
    value: &dyn Display,
    max: &dyn Display,
    exclusive: bool,
) -> Violation {
    let (fr, en) = excluded(exclusive);
    Violation::new(
        Code::AboveMaximum,
        path,
        format!("{value} est trop grand : le maximum est {max}{fr}"),
        format!("{value} is too large: the maximum is {max}{en}"),
    )
    .with_params([
        ("found", super::param(super::number_or_text(value))),
        ("max", super::param(super::number_or_text(max))),
        ("exclusive", super::param(exclusive)),
    ])
}

/// `too_short`: a text shorter than `min` characters.
pub(crate) fn too_short(path: impl Into<String>, min: u64) -> Violation {
    Violation::new(
        Code::TooShort,
        path,
        format!("le texte fait moins de {min} caractère(s)"),
        format!("the text is shorter than {min} character(s)"),
    )
    .with_params([("min", super::param(min))])
}

/// `too_long`: a text longer than `max` characters.
pub(crate) fn too_long(path: impl Into<String>, max: u64) -> Violation {
    Violation::new(
        Code::TooLong,
        path,
        format!("le texte dépasse {max} caractères"),
        format!("the text is longer than {max} characters"),
    )
    .with_params([("max", super::param(max))])
}

/// `too_few_items`: a list with fewer than `min` items.
pub(crate) fn too_few_items(path: impl Into<String>, min: u64) -> Violation {
    Violation::new(
        Code::TooFewItems,
        path,
        format!("la liste doit avoir au moins {min} élément(s)"),
        format!("the list must have at least {min} item(s)"),
    )
    .with_params([("min", super::param(min))])
}

/// `too_many_items`: a list with more than `max` items.
pub(crate) fn too_many_items(path: impl Into<String>, max: u64) -> Violation {
    Violation::new(
        Code::TooManyItems,
        path,
        format!("la liste doit avoir au plus {max} élément(s)"),
        format!("the list must have at most {max} item(s)"),
    )
    .with_params([("max", super::param(max))])
}

/// `duplicate_items`: a list repeats `item` (when known) earlier in it.
pub(crate) fn duplicate_items(path: impl Into<String>, item: Option<&str>) -> Violation {
    let (fr, en) = item.map_or_else(
        || ("un élément".to_owned(), "an item".to_owned()),
        |i| (format!("« {i} »"), format!("\"{i}\"")),
    );
    Violation::new(
        Code::DuplicateItems,
        path,
        format!("la liste répète {fr}, qui figure déjà plus haut"),
        format!("the list repeats {en}, already listed above"),
    )
    .with_params([("item", super::param(item))])
}

/// `schema_violation`: the schema's `keyword` is not met (nothing more precise is known).
pub(crate) fn schema_violation(path: impl Into<String>, keyword: &str) -> Violation {
    Violation::new(
        Code::SchemaViolation,
        path,
        format!("la valeur ne respecte pas la contrainte « {keyword} » du schéma"),
        format!("the value does not meet the schema's \"{keyword}\" constraint"),
    )
    .with_params([("keyword", super::param(keyword))])
}
