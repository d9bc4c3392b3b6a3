//! The import of the programme's public data: the readers and the merge of the sources.

use super::json_type;
use crate::diagnostics::{Code, Violation};
use serde_json::Value;
use std::fmt::Display;

/// What a record lacks, for [`record_incomplete`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lacking {
    /// A promotion the library knows.
    Promotion,
    /// A title.
    Title,
    /// A person's name.
    Name,
    /// The name of a host service on the aggregates' map (`admin`).
    ServiceName,
    /// The list of years of the aggregates.
    Years,
    /// A year for a value: it is past the end of the aggregates' list of years.
    YearForValue,
}

/// The shape a value should have, for [`unexpected_type`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A mapping (a YAML dictionary).
    Mapping,
    /// A mapping of records by key.
    Records,
    /// A list.
    List,
    /// A string.
    Text,
    /// A whole number.
    WholeNumber,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// A key figure: a number `amount`, a string `description`, optional strings `before`
    /// and `after`.
    KeyFigure,
    /// An RFC 3339 date-time.
    DateTime,
    /// An org-mode date (`<2018-02-15 jeu.>`).
    OrgDate,
    /// A French day and month (`21 - 25 septembre`, `1er octobre`).
    FrenchDay,
    /// Good or bad news: `1`, `-1`, `0` or nothing.
    News,
    /// A French weekday, day and month that agree (`mardi 12 mai`, in 2020).
    FrenchWeekday,
}

/// What becomes of a value, for [`unexpected_type`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Then {
    /// It is kept in the record's `extra`.
    KeptInExtra,
    /// The record that holds it is refused.
    Refused,
    /// The value stays unknown (null); the record that holds it is kept.
    Unknown,
}

/// How a published value was read, for [`value_normalised`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading<'a> {
    /// As this text.
    Text(&'a str),
    /// As this text, without the spaces around it.
    Trimmed(&'a str),
    /// As a list of one item.
    ListOfOne,
    /// As text: a whole number past 64 bits, which a float would only approximate.
    BigInteger,
    /// As these years.
    Years(&'a [u16]),
    /// As coordinates whose `lon` and `lat` the source swaps: latitude is `lon`.
    SwappedCoordinates {
        /// Entries swapped.
        swapped: usize,
        /// Entries in all.
        of: usize,
    },
    /// As unknown: every series of the section is 0 in this year, a year not counted yet.
    NotYetKnown(u16),
    /// As the first of several promotions, the others kept in `extra`.
    FirstPromotion {
        /// The promotion the record is placed in.
        placed: &'a str,
        /// The others.
        others: &'a [&'a str],
    },
}

/// Why a file is not read, for [`file_skipped`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skip {
    /// Not a regular file: a FIFO, a socket or a device (reading a FIFO would wait forever).
    NotRegular,
    /// A symbolic link whose target does not exist.
    DanglingLink,
    /// Symbolic links that lead back to themselves.
    LinkLoop,
    /// A symbolic link to a file outside the source folder.
    OutsideSource,
}

/// What a reference names nothing among, for [`reference_unresolved`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Among<'a> {
    /// The défis of the dataset; the reference is kept as published.
    Dataset,
    /// The promotions; the label is kept in `extra`.
    Promotions,
    /// The défis of this data file, by `link_to` or by title; the text is refused.
    DefisFile(&'a str),
}

/// What kind of term is unknown, for [`term_unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Term {
    /// A theme.
    Theme,
    /// An expertise.
    Expertise,
    /// A skill of the first site.
    Skill,
    /// A person's profile.
    Profile,
    /// A category letter of the coordination team's progress log.
    LogCategory,
    /// A person's role.
    Role,
}

/// What is kept of an unknown term, for [`term_unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kept<'a> {
    /// The value, as this slug.
    AsSlug(&'a str),
    /// The value, as published.
    AsPublished,
    /// The value, in `extra`; the role stays unknown.
    InExtra,
}

/// Why a YAML text is not read, for [`yaml_invalid`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YamlFault<'a> {
    /// The parser stopped, in its own (English) words.
    Parser(&'a str),
    /// Its lists and mappings nest deeper than this many levels.
    TooDeep(usize),
}

/// `yaml_invalid`: the text cannot be read from `line` and `column` on.
pub(crate) fn yaml_invalid(line: usize, column: usize, fault: YamlFault<'_>) -> Violation {
    let (fr, en) = match fault {
        YamlFault::Parser(what) => (
            // The parser's words are English: the French message says where, the English what.
            format!(
                "YAML illisible ligne {line}, colonne {column} : vérifiez l'indentation, les « : » \
                 après chaque clé et les guillemets"
            ),
            format!("invalid YAML at line {line}, column {column}: {what}"),
        ),
        YamlFault::TooDeep(max) => (
            format!(
                "YAML refusé ligne {line}, colonne {column} : ses listes et dictionnaires s'y \
                 emboîtent sur plus de {max} niveaux ; il n'est pas lu"
            ),
            format!(
                "YAML refused at line {line}, column {column}: its lists and mappings nest more \
                 than {max} levels deep there; it is not read"
            ),
        ),
    };
    Violation::new(Code::YamlInvalid, "", fr, en).with_params([
        ("line", super::param(line)),
        ("column", super::param(column)),
    ])
}

/// `yaml_alias_limit`: the aliases from `line` on would copy more than `max` values
/// (or use more than `max_aliases` aliases).
pub(crate) fn yaml_alias_limit(line: usize, max: u64, max_aliases: u64) -> Violation {
    // Digits in groups of three: "1 000 000" in French, "1,000,000" in English.
    let grouped = |n: u64, sep: &str| {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    };
    let (max_fr, aliases_fr) = (grouped(max, "\u{202f}"), grouped(max_aliases, "\u{202f}"));
    let (max, max_aliases) = (grouped(max, ","), grouped(max_aliases, ","));
    Violation::new(
        Code::YamlAliasLimit,
        "",
        format!(
            "YAML refusé ligne {line} : ses alias (`*nom`) y copieraient plus de {max_fr} \
             valeurs, ou ils sont plus de {aliases_fr} (une « bombe d'alias ») ; il n'est pas lu"
        ),
        format!(
            "YAML refused at line {line}: its aliases (`*name`) would copy more than {max} \
             values into it, or number more than {max_aliases} (an \"alias bomb\"); it is not \
             read"
        ),
    )
    .with_params([
        ("line", super::param(line)),
        ("max", super::param(max)),
        ("max_aliases", super::param(max_aliases)),
    ])
}

impl Skip {
    /// The reason, in French and in English.
    pub(crate) fn reason(self) -> (&'static str, &'static str) {
        match self {
            Skip::NotRegular => (
                "ce n'est pas un fichier ordinaire (un tube nommé, une socket ou un périphérique)",
                "it is not a regular file (a FIFO, a socket or a device)",
            ),
            Skip::DanglingLink => (
                "ce lien symbolique mène à un fichier qui n'existe pas",
                "this symbolic link leads to a file that does not exist",
            ),
            Skip::LinkLoop => (
                "ces liens symboliques tournent en boucle",
                "these symbolic links go round in a loop",
            ),
            Skip::OutsideSource => (
                "ce lien symbolique mène hors du dossier de la source",
                "this symbolic link leads out of the source folder",
            ),
        }
    }
}

/// `file_skipped`: the file is not read, for this reason.
pub(crate) fn file_skipped(why: Skip) -> Violation {
    let (fr, en) = why.reason();
    Violation::new(
        Code::FileSkipped,
        "",
        format!("fichier ignoré : {fr} ; il n'est pas lu"),
        format!("file skipped: {en}; it is not read"),
    )
}

/// `front_matter_missing`.
pub(crate) fn front_matter_missing() -> Violation {
    Violation::new(
        Code::FrontMatterMissing,
        "",
        "pas d'en-tête YAML entre deux lignes `---` : le fichier est refusé",
        "no YAML front matter between two `---` lines: the file is refused",
    )
}

/// `record_incomplete`: the record lacks what it cannot do without.
pub(crate) fn record_incomplete(path: impl Into<String>, lacking: Lacking) -> Violation {
    let (fr, en) = match lacking {
        Lacking::Promotion => (
            "aucune promotion reconnue : l'enregistrement ne peut être placé et il est refusé",
            "no promotion recognised: the record cannot be placed and is refused",
        ),
        Lacking::Title => (
            "pas de titre : l'enregistrement est refusé",
            "no title: the record is refused",
        ),
        Lacking::Name => (
            "pas de nom : la personne est refusée",
            "no name: the person is refused",
        ),
        Lacking::ServiceName => (
            "pas de nom de service (« admin ») : l'entrée de la carte est refusée",
            "no service name (\"admin\"): the map entry is refused",
        ),
        Lacking::Years => (
            "pas de liste d'années : aucun entonnoir n'est lu",
            "no list of years: no funnel is read",
        ),
        Lacking::YearForValue => (
            "cette valeur est au-delà de la liste des années : elle n'a pas d'année et elle est refusée",
            "this value is past the end of the list of years: it has no year and is refused",
        ),
    };
    Violation::new(Code::RecordIncomplete, path, fr, en)
}

/// `promotion_label_unknown`: `label` names no promotion.
pub(crate) fn promotion_label_unknown(path: impl Into<String>, label: &str) -> Violation {
    Violation::new(
        Code::PromotionLabelUnknown,
        path,
        format!("« {label} » ne désigne aucune promotion : l'enregistrement est refusé"),
        format!("\"{label}\" names no promotion: the record is refused"),
    )
    .with_params([("label", super::param(label))])
}

/// `duplicate_record`: `title` of `promotion` is already in `first` (a file, and its key).
pub(crate) fn duplicate_record(
    path: impl Into<String>,
    title: &str,
    promotion: &str,
    first: &str,
) -> Violation {
    Violation::new(
        Code::DuplicateRecord,
        path,
        format!("« {title} » ({promotion}) figure déjà dans {first} ; ce doublon est refusé"),
        format!("\"{title}\" ({promotion}) is already in {first}; this repeat is refused"),
    )
    .with_params([
        ("title", super::param(title)),
        ("promotion", super::param(promotion)),
        ("first", super::param(first)),
    ])
}

/// `number_as_string`: the number `value` is written as a string.
pub(crate) fn number_as_string(path: impl Into<String>, value: &str) -> Violation {
    Violation::new(
        Code::NumberAsString,
        path,
        format!("le nombre {value} est écrit comme un texte ; il est lu comme un nombre"),
        format!("the number {value} is stored as a string; it is read as a number"),
    )
    .with_params([("found", super::param(value))])
}

/// `year_for_datetime`: a date-time field holds only `year`.
pub(crate) fn year_for_datetime(path: impl Into<String>, year: u64) -> Violation {
    Violation::new(
        Code::YearForDatetime,
        path,
        format!(
            "{year} est une année seule, pas une date et heure ; la valeur est gardée dans extra"
        ),
        format!("{year} is a bare year, not a date-time; the value is kept in extra"),
    )
    .with_params([("year", super::param(year))])
}

/// `unexpected_type`: `found` where a value of `shape` is expected, and what becomes of it.
pub(crate) fn unexpected_type(
    path: impl Into<String>,
    shape: Shape,
    found: &Value,
    then: Then,
) -> Violation {
    let (want_fr, want_en) = match shape {
        Shape::Mapping => ("un dictionnaire", "a mapping"),
        Shape::Records => ("un dictionnaire d'enregistrements", "a mapping of records"),
        Shape::List => ("une liste", "a list"),
        Shape::Text => ("un texte", "a string"),
        Shape::WholeNumber => ("un nombre entier", "a whole number"),
        Shape::Number => ("un nombre", "a number"),
        Shape::Boolean => ("vrai ou faux", "true or false"),
        Shape::KeyFigure => (
            "un chiffre clé (un nombre `amount`, un texte `description`, des textes `before` et `after` facultatifs)",
            "a key figure (a number `amount`, a string `description`, optional strings `before` and `after`)",
        ),
        Shape::DateTime => ("une date et heure RFC 3339", "an RFC 3339 date-time"),
        Shape::OrgDate => (
            "une date org-mode comme <2018-02-15 jeu.>",
            "an org-mode date such as <2018-02-15 jeu.>",
        ),
        Shape::FrenchDay => (
            "un jour et un mois comme « 1er octobre » ou « 21 - 25 septembre »",
            "a day and month such as \"1er octobre\" or \"21 - 25 septembre\"",
        ),
        Shape::News => ("1, -1, 0 ou rien", "1, -1, 0 or nothing"),
        Shape::FrenchWeekday => (
            "un jour de la semaine, un jour et un mois qui concordent en 2020, comme « mardi 12 mai »",
            "a weekday, day and month that agree in 2020, such as \"mardi 12 mai\"",
        ),
    };
    let (got_en, got_fr) = match (shape, found) {
        (Shape::KeyFigure, Value::Object(_)) => {
            ("an object of another shape", "un objet d'une autre forme")
        }
        (
            Shape::DateTime
            | Shape::WholeNumber
            | Shape::OrgDate
            | Shape::FrenchDay
            | Shape::News
            | Shape::FrenchWeekday,
            Value::String(_) | Value::Number(_),
        ) => ("this value", "cette valeur"),
        _ => json_type(found),
    };
    let (then_fr, then_en) = match then {
        Then::KeptInExtra => (
            "la valeur est gardée dans extra",
            "the value is kept in extra",
        ),
        Then::Refused => ("l'enregistrement est refusé", "the record is refused"),
        Then::Unknown => (
            "cette valeur reste inconnue (nulle), l'enregistrement est gardé",
            "this value stays unknown (null), the record is kept",
        ),
    };
    let shown = match found {
        Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null => format!(" ({found})"),
        Value::Array(_) | Value::Object(_) => String::new(),
    };
    Violation::new(
        Code::UnexpectedType,
        path,
        format!("il faut ici {want_fr}, pas {got_fr}{shown} ; {then_fr}"),
        format!("expected {want_en}, got {got_en}{shown}; {then_en}"),
    )
    .with_params([("found", super::param(super::json_type(found).0))])
}

/// `value_normalised`: `published` was read as `reading`.
pub(crate) fn value_normalised(
    path: impl Into<String>,
    published: &str,
    reading: Reading<'_>,
) -> Violation {
    let (fr, en) = match reading {
        Reading::Text(t) => (format!("« {t} »"), format!("\"{t}\"")),
        Reading::Trimmed(t) => (
            format!("« {t} », sans les espaces autour"),
            format!("\"{t}\", without the spaces around it"),
        ),
        Reading::ListOfOne => (
            "une liste d'un élément".to_owned(),
            "a list of one item".to_owned(),
        ),
        Reading::BigInteger => (
            "un texte : ce nombre entier dépasse 64 bits, un nombre à virgule ne ferait que \
             l'approcher"
                .to_owned(),
            "text: this whole number is past 64 bits, and a float would only approximate it"
                .to_owned(),
        ),
        Reading::Years(years) => {
            let list = years
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            (format!("les années {list}"), format!("the years {list}"))
        }
        Reading::SwappedCoordinates { swapped, of } => (
            format!(
                "des coordonnées inversées dans la source ({swapped} entrées sur {of}) : la \
                 latitude est « lon », la longitude « lat » ; elles sont remises dans l'ordre"
            ),
            format!(
                "coordinates swapped in the source ({swapped} entries of {of}): the latitude \
                 is \"lon\", the longitude \"lat\"; they are put right"
            ),
        ),
        Reading::NotYetKnown(year) => (
            format!(
                "inconnu : toutes les séries de la section valent 0 en {year}, une année pas \
                 encore comptée ; les valeurs sont nulles, avec la raison not_yet_known"
            ),
            format!(
                "unknown: every series of the section is 0 in {year}, a year not counted yet; \
                 the values are null, with the reason not_yet_known"
            ),
        ),
        Reading::FirstPromotion { placed, others } => {
            let others = others.join(", ");
            (
                format!("la promotion {placed}, les autres ({others}) étant gardées dans extra"),
                format!("the promotion {placed}, the others ({others}) kept in extra"),
            )
        }
    };
    Violation::new(
        Code::ValueNormalised,
        path,
        format!("« {published} » lu comme {fr}"),
        format!("\"{published}\" read as {en}"),
    )
    .with_params([("published", super::param(published))])
}

/// `empty_body`.
pub(crate) fn empty_body() -> Violation {
    Violation::new(
        Code::EmptyBody,
        "",
        "le texte du défi est vide",
        "the défi's text is empty",
    )
}

/// `reference_unresolved`: `reference` names nothing `among` what it should.
pub(crate) fn reference_unresolved(
    path: impl Into<String>,
    reference: &str,
    among: Among<'_>,
) -> Violation {
    let (fr, en) = match among {
        Among::Dataset => (
            "aucun défi du jeu de données ; elle est gardée telle quelle".to_owned(),
            "no défi of the dataset; it is kept as published".to_owned(),
        ),
        Among::Promotions => (
            "aucune promotion ; elle est gardée dans extra".to_owned(),
            "no promotion; it is kept in extra".to_owned(),
        ),
        Among::DefisFile(file) => (
            format!("aucun défi de {file}, ni par link_to ni par le titre ; ce texte est refusé"),
            format!("no défi of {file}, neither by link_to nor by title; this text is refused"),
        ),
    };
    Violation::new(
        Code::ReferenceUnresolved,
        path,
        format!("la référence « {reference} » ne désigne {fr}"),
        format!("the reference \"{reference}\" names {en}"),
    )
    .with_params([("reference", super::param(reference))])
}

/// `reference_ambiguous`: `reference` may name any of `ids`.
pub(crate) fn reference_ambiguous(
    path: impl Into<String>,
    reference: &str,
    ids: &[&str],
) -> Violation {
    let ids = ids.join(", ");
    Violation::new(
        Code::ReferenceAmbiguous,
        path,
        format!("la référence « {reference} » peut désigner {ids} ; elle est gardée telle quelle"),
        format!("the reference \"{reference}\" may name {ids}; it is kept as published"),
    )
    .with_params([
        ("reference", super::param(reference)),
        ("ids", super::param(ids)),
    ])
}

/// `sites_disagree`: the sites give `here` and `there` (in `other_file`) for `field` (in
/// `promotion`, for a person's role).
pub(crate) fn sites_disagree(
    path: impl Into<String>,
    field: &str,
    promotion: Option<&str>,
    here: &dyn Display,
    there: &dyn Display,
    other_file: &str,
) -> Violation {
    let (fr, en) = promotion.map_or_else(Default::default, |p| {
        (format!(" en {p}"), format!(" in {p}"))
    });
    Violation::new(
        Code::SitesDisagree,
        path,
        format!(
            "les sites diffèrent sur « {field} »{fr} : {here} ici, {there} dans {other_file} ; les deux valeurs sont gardées"
        ),
        format!(
            "the sites disagree on \"{field}\"{en}: {here} here, {there} in {other_file}; both values are kept"
        ),
    ).with_params([("field", super::param(field)), ("promotion", super::param(promotion)), ("here", super::param(here.to_string())), ("there", super::param(there.to_string())), ("other_file", super::param(other_file))])
}

/// `title_matched_loosely`: `title` was matched with the other site's `other`.
pub(crate) fn title_matched_loosely(
    path: impl Into<String>,
    title: &str,
    other: &str,
) -> Violation {
    Violation::new(
        Code::TitleMatchedLoosely,
        path,
        format!(
            "« {title} » est rapproché de « {other} » de l'autre site (même promotion, titres égaux aux chiffres près)"
        ),
        format!(
            "\"{title}\" is matched with the other site's \"{other}\" (same promotion, titles equal but for digits)"
        ),
    ).with_params([("title", super::param(title)), ("other", super::param(other))])
}

/// `key_title_mismatch`: a record's `key` differs from its title or name `title`.
pub(crate) fn key_title_mismatch(path: impl Into<String>, key: &str, title: &str) -> Violation {
    Violation::new(
        Code::KeyTitleMismatch,
        path,
        format!("la clé « {key} » diffère de l'intitulé « {title} » ; elle est gardée comme alias"),
        format!(
            "the key \"{key}\" differs from the record's name \"{title}\"; it is kept as an alias"
        ),
    )
    .with_params([("key", super::param(key)), ("title", super::param(title))])
}

/// `promotion_inferred`: `reference` is in `promotion`, which the record's `listed` promotions
/// lack.
pub(crate) fn promotion_inferred(
    path: impl Into<String>,
    reference: &str,
    promotion: &str,
    listed: &[&str],
) -> Violation {
    let (fr, en) = if listed.is_empty() {
        ("aucune".to_owned(), "none".to_owned())
    } else {
        (listed.join(", "), listed.join(", "))
    };
    Violation::new(
        Code::PromotionInferred,
        path,
        format!(
            "le défi « {reference} » est de la promotion {promotion}, que la fiche ne cite pas (elle cite : {fr}) ; un rôle en {promotion} est ajouté, marqué déduit"
        ),
        format!(
            "the défi \"{reference}\" is in {promotion}, which the record does not list (it lists: {en}); a role in {promotion} is added, marked inferred"
        ),
    ).with_params([("reference", super::param(reference)), ("promotion", super::param(promotion)), ("listed", super::param(listed))])
}

/// What contradicts an inferred role, for [`inference_contradicted`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Contradiction<'a> {
    /// A source gives the person this other role in the promotion.
    Declared {
        /// The role (`mentor`).
        role: &'a str,
        /// The source that gives it.
        source: &'a str,
    },
    /// The défi names the person in this other role (`mentor`).
    NamedOnDefi(&'a str),
    /// The défi names its people, and not this person, in this role (`fellow`).
    NotNamedOnDefi(&'a str),
}

/// `inference_contradicted`: `reference` is in `promotion`, which the record does not list,
/// but the role `would` there is contradicted.
pub(crate) fn inference_contradicted(
    path: impl Into<String>,
    reference: &str,
    promotion: &str,
    would: &str,
    because: Contradiction<'_>,
) -> Violation {
    let (fr, en) = match because {
        Contradiction::Declared { role, source } => (
            format!("{source} lui donne le rôle {role} dans cette promotion"),
            format!("{source} gives them the role {role} in that promotion"),
        ),
        Contradiction::NamedOnDefi(role) => (
            format!("le défi le nomme comme {role}"),
            format!("the défi names them as {role}"),
        ),
        Contradiction::NotNamedOnDefi(role) => (
            format!("le défi nomme ses {role}s sans le citer"),
            format!("the défi names its {role}s and not them"),
        ),
    };
    Violation::new(
        Code::InferenceContradicted,
        path,
        format!(
            "le défi « {reference} » est de la promotion {promotion}, que la fiche ne cite pas, mais {fr} : aucun rôle {would} n'est déduit en {promotion}"
        ),
        format!(
            "the défi \"{reference}\" is in {promotion}, which the record does not list, but {en}: no {would} role is inferred in {promotion}"
        ),
    ).with_params([("reference", super::param(reference)), ("promotion", super::param(promotion)), ("would", super::param(would))])
}

/// `term_unknown`: `label`, a `term`, is not in the vocabulary; what is `kept` of it.
pub(crate) fn term_unknown(
    path: impl Into<String>,
    term: Term,
    label: &str,
    kept: Kept<'_>,
) -> Violation {
    let (what_fr, what_en) = match term {
        Term::Theme => ("la thématique", "the theme"),
        Term::Expertise => ("l'expertise", "the expertise"),
        Term::Skill => ("la compétence", "the skill"),
        Term::Profile => ("le profil", "the profile"),
        Term::Role => ("le rôle", "the role"),
        Term::LogCategory => (
            "la lettre de catégorie (hors de la légende A C D I M P S T U)",
            "the category letter (outside the legend A C D I M P S T U)",
        ),
    };
    let (kept_fr, kept_en) = match kept {
        Kept::AsSlug(id) => (
            format!("la valeur est gardée comme « {id} »"),
            format!("the value is kept as \"{id}\""),
        ),
        Kept::AsPublished => (
            "la valeur est gardée telle quelle".to_owned(),
            "the value is kept as published".to_owned(),
        ),
        Kept::InExtra => (
            "la valeur est gardée dans extra ; le rôle reste inconnu".to_owned(),
            "the value is kept in extra; the role stays unknown".to_owned(),
        ),
    };
    Violation::new(
        Code::TermUnknown,
        path,
        format!("{what_fr} « {label} » n'est pas au vocabulaire de la bibliothèque ; {kept_fr}"),
        format!("{what_en} \"{label}\" is not in the library's vocabulary; {kept_en}"),
    )
    .with_params([("label", super::param(label))])
}

/// `field_not_in_format`: `name` is not a field of the source's format.
pub(crate) fn field_not_in_format(path: impl Into<String>, name: &str) -> Violation {
    Violation::new(
        Code::FieldNotInFormat,
        path,
        format!("le champ « {name} » n'existe pas dans ce format ; il est gardé dans extra"),
        format!("the field \"{name}\" is not part of this format; it is kept in extra"),
    )
    .with_params([("field", super::param(name))])
}

/// `figure_not_found`: the file does not hold `quote`, which gives `measure` = `value`.
pub(crate) fn figure_not_found(measure: &str, value: f64, quote: &str) -> Violation {
    Violation::new(
        Code::FigureNotFound,
        "",
        format!(
            "ce fichier ne contient plus les mots « {quote} », qui donnent {measure} = {value} : le chiffre n'est pas importé"
        ),
        format!(
            "this file no longer holds the words \"{quote}\", which give {measure} = {value}: the figure is not imported"
        ),
    ).with_params([("measure", super::param(measure)), ("value", super::param(value)), ("quote", super::param(quote))])
}
