//! The published JSON Schemas, generated from the Rust types (draft 2020-12).
//!
//! `eig schema --out schema/` writes them; a test regenerates them and compares with the
//! checked-in files, so the types and the schemas cannot drift.

use crate::model::{
    Application, ChallengeSubmission, Dataset, Jury, MentorMatching, ScoreSheets, ScoringGrid,
    TeamFormation,
};
use crate::rules::Rulebook;
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

/// The version of the schemas (semver), part of every `$id`: the major number changes when a
/// document valid before may be refused, the minor when something is added. See
/// `schema/CHANGELOG.md`.
pub const SCHEMA_VERSION: &str = "2.0.0";

/// The base of every `$id`: `{SCHEMA_BASE}{name}/{SCHEMA_VERSION}/schema.json`, the address at
/// which schema.data.gouv.fr publishes a schema of the organisation `eig` once it is accepted
/// there. Until then the `$id`s name the schemas; the files are in this repository's `schema/`.
pub const SCHEMA_BASE: &str = "https://schema.data.gouv.fr/schemas/eig/";

/// One published schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemaKind {
    /// The défi submission an administration files.
    ChallengeSubmission,
    /// The défi submission in its form `2024` (EIG 7 on): the same document, with the six
    /// sections of the dossier and each host's kind required.
    ChallengeSubmission2024,
    /// A promotion's rulebook.
    Rulebook,
    /// A candidate's application.
    Application,
    /// A jury's scoring grid.
    ScoringGrid,
    /// A jury: jurors, affiliations, conflicts of interest.
    Jury,
    /// The scores a jury gave at one stage.
    ScoreSheets,
    /// The merged dataset of the programme's public history (see [`crate::import`]).
    Dataset,
    /// Selected défis, selected candidates and their scores, for team formation.
    TeamFormation,
    /// Teams and their référents or buddies, for mentor matching.
    MentorMatching,
    /// Slots, jurors, items and panel rules, for jury planning.
    JuryPlan,
}

impl SchemaKind {
    /// Every published schema.
    pub const ALL: [SchemaKind; 11] = [
        SchemaKind::ChallengeSubmission,
        SchemaKind::ChallengeSubmission2024,
        SchemaKind::Rulebook,
        SchemaKind::Application,
        SchemaKind::ScoringGrid,
        SchemaKind::Jury,
        SchemaKind::ScoreSheets,
        SchemaKind::Dataset,
        SchemaKind::TeamFormation,
        SchemaKind::MentorMatching,
        SchemaKind::JuryPlan,
    ];

    /// The name used on the command line and for the file (`challenge-submission`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::ChallengeSubmission => "challenge-submission",
            Self::ChallengeSubmission2024 => "challenge-submission-2024",
            Self::Rulebook => "rulebook",
            Self::Application => "application",
            Self::ScoringGrid => "scoring-grid",
            Self::Jury => "jury",
            Self::ScoreSheets => "score-sheets",
            Self::Dataset => "dataset",
            Self::TeamFormation => "team-formation",
            Self::MentorMatching => "mentor-matching",
            Self::JuryPlan => "jury-plan",
        }
    }

    /// The schema of a défi submission in `form`.
    #[must_use]
    pub fn submission(form: crate::model::SubmissionForm) -> Self {
        match form {
            crate::model::SubmissionForm::Form2024 => Self::ChallengeSubmission2024,
            _ => Self::ChallengeSubmission,
        }
    }

    /// Looks a schema up by name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The file name under `schema/` (`challenge-submission.schema.json`).
    #[must_use]
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The stable, versioned `$id`
    /// (`https://schema.data.gouv.fr/schemas/eig/challenge-submission/2.0.0/schema.json`).
    #[must_use]
    pub fn id(self) -> String {
        format!("{SCHEMA_BASE}{}/{SCHEMA_VERSION}/schema.json", self.name())
    }

    /// The schema's title, in French and in English.
    #[must_use]
    pub const fn titles(self) -> (&'static str, &'static str) {
        match self {
            Self::ChallengeSubmission => ("Défi proposé par une administration", "Défi submission"),
            Self::ChallengeSubmission2024 => (
                "Défi proposé par une administration, formulaire 2024 (EIG 7 et suivantes)",
                "Défi submission, form 2024 (EIG 7 on)",
            ),
            Self::Rulebook => ("Règlement d'une promotion", "Rulebook of a promotion"),
            Self::Application => ("Candidature", "Candidate application"),
            Self::ScoringGrid => ("Grille de notation", "Scoring grid"),
            Self::Jury => ("Jury", "Jury"),
            Self::ScoreSheets => ("Notes d'un jury", "Score sheets"),
            Self::Dataset => ("Jeu de données du programme EIG", "EIG dataset"),
            Self::TeamFormation => ("Formation des équipes", "Team formation"),
            Self::MentorMatching => ("Attribution des référents", "Mentor matching"),
            Self::JuryPlan => ("Plan des jurys d'audition", "Jury plan"),
        }
    }

    /// What the schema describes, in French (the English description is the type's own).
    #[must_use]
    pub const fn description_fr(self) -> &'static str {
        match self {
            Self::ChallengeSubmission => {
                "Le défi qu'une administration dépose à l'appel à projets du programme \
                 Entrepreneurs d'intérêt général (EIG 1 à 6) : le problème, l'impact attendu, \
                 les données, les structures d'accueil, le sponsor, les mentors, les postes, la \
                 durée, les lieux, les thématiques, le contact et la date de dépôt."
            }
            Self::ChallengeSubmission2024 => {
                "Le défi qu'une administration dépose à partir d'EIG 7 : le dossier de 2017 et \
                 les sections du formulaire 2024 (projet, vœux par profil, pilotage, \
                 motivations), avec la nature de chaque structure d'accueil."
            }
            Self::Rulebook => {
                "Les règles d'une promotion : taille des équipes, durée, expertises, appels à \
                 projets et à candidatures, mentors, étapes de sélection, grilles, sources."
            }
            Self::Application => "La candidature d'une personne à une promotion.",
            Self::ScoringGrid => "Les critères, l'échelle et les poids d'une grille de notation.",
            Self::Jury => "Les membres d'un jury, leurs structures et leurs conflits d'intérêts.",
            Self::ScoreSheets => "Les notes qu'un jury a données à une étape de la sélection.",
            Self::Dataset => {
                "L'histoire publique du programme réunie en un jeu de données : promotions, \
                 défis, structures, personnes, sources."
            }
            Self::TeamFormation => {
                "Les défis retenus, les candidats retenus et leurs notes, pour former les équipes."
            }
            Self::MentorMatching => {
                "Les équipes et leurs référents ou binômes possibles, pour les attribuer."
            }
            Self::JuryPlan => {
                "Les créneaux (une salle, une demi-journée), les jurés, les défis ou candidats à \
                 entendre et les règles des groupes, pour placer chaque juré dans un groupe."
            }
        }
    }

    /// The schema as a JSON value.
    #[must_use]
    pub fn generate(self) -> Value {
        match self {
            Self::ChallengeSubmission => in_french(generate::<ChallengeSubmission>(self)),
            Self::ChallengeSubmission2024 => {
                in_french(form_2024(generate::<ChallengeSubmission>(self)))
            }
            Self::Rulebook => generate::<Rulebook>(self),
            Self::Application => generate::<Application>(self),
            Self::ScoringGrid => generate::<ScoringGrid>(self),
            Self::Jury => generate::<Jury>(self),
            Self::ScoreSheets => generate::<ScoreSheets>(self),
            Self::Dataset => generate::<Dataset>(self),
            Self::TeamFormation => generate::<TeamFormation>(self),
            Self::MentorMatching => generate::<MentorMatching>(self),
            Self::JuryPlan => generate::<crate::model::JuryPlan>(self),
        }
    }

    /// The schema as the text written to its file (pretty JSON and a final newline).
    #[must_use]
    pub fn to_file_text(self) -> String {
        let mut text = serde_json::to_string_pretty(&self.generate()).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn generate<T: JsonSchema>(kind: SchemaKind) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let mut value = schema.to_value();
    scrub(&mut value);
    if let Value::Object(map) = &mut value {
        // Put `$schema`, `$id` and `title` first so the files read well.
        let mut ordered = Map::new();
        if let Some(s) = map.remove("$schema") {
            ordered.insert("$schema".into(), s);
        }
        ordered.insert("$id".into(), Value::String(kind.id()));
        map.remove("title");
        let (fr, en) = kind.titles();
        ordered.insert("title".into(), Value::String(format!("{fr} / {en}")));
        let english = map
            .remove("description")
            .and_then(|d| d.as_str().map(str::to_owned))
            .unwrap_or_default();
        ordered.insert(
            "description".into(),
            Value::String(format!("{}\n\n{english}", kind.description_fr())),
        );
        // The version, for a reader (no unknown keyword: strict validators refuse them).
        ordered.insert(
            "$comment".into(),
            Value::String(format!("version {SCHEMA_VERSION}; see schema/CHANGELOG.md")),
        );
        ordered.extend(std::mem::take(map));
        *map = ordered;
    }
    value
}

/// The node a local `$ref` names, followed to its end: `node` itself when it is no reference,
/// `None` when a reference leads nowhere.
pub(crate) fn resolve_ref<'a>(node: &'a Value, root: &'a Value) -> Option<&'a Value> {
    let mut node = node;
    while let Some(target) = node.get("$ref").and_then(Value::as_str) {
        node = root.pointer(target.strip_prefix('#')?)?;
    }
    Some(node)
}

/// The index of the one branch of an `anyOf` that is not `{"type": "null"}`: the branch of
/// an optional value that is present. `None` when there are several, or none.
pub(crate) fn present_branch(branches: &[Value]) -> Option<usize> {
    let mut others = (0..branches.len())
        .filter(|i| branches[*i].get("type").and_then(Value::as_str) != Some("null"));
    let first = others.next()?;
    others.next().is_none().then_some(first)
}

/// The schema's node that a field's pointer (`/hosts/[]/siret`) names: the property, through
/// the `$ref`s, the optional values' non-null branch and the lists' `items`; as a JSON Pointer
/// into the schema.
pub(crate) fn node_of(schema: &Value, field: &str) -> Option<String> {
    let follow = |mut at: String| -> Option<String> {
        loop {
            let node = schema.pointer(&at)?;
            if let Some(target) = node.get("$ref").and_then(Value::as_str) {
                at = target.strip_prefix('#')?.to_owned();
                continue;
            }
            let branch = node
                .get("anyOf")
                .and_then(Value::as_array)
                .and_then(|b| present_branch(b));
            match branch {
                Some(i) => at = format!("{at}/anyOf/{i}"),
                None => return Some(at),
            }
        }
    };
    let mut at = String::new();
    for segment in field.split('/').skip(1) {
        let container = follow(at)?;
        at = if segment == "[]" {
            format!("{container}/items")
        } else {
            format!("{container}/properties/{segment}")
        };
        schema.pointer(&at)?;
    }
    Some(at)
}

/// The défi submission's schema with each field's French name and meaning before its English
/// description ("Titre : un titre court du défi.\n\nShort title of the défi.").
fn in_french(mut schema: Value) -> Value {
    // A definition shared by two fields (the sponsor and the contact are both a `Contact`) gets
    // the name without its owner ("Nom", not "Nom du sponsor").
    let mut named: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for (field, label, meaning) in crate::model::FIELD_TEXTS_FR {
        let Some(at) = node_of(&schema, field) else {
            continue;
        };
        let label = match named.get(&at) {
            Some(first) if first != label => neutral(label),
            _ => (*label).to_owned(),
        };
        named.insert(at.clone(), label.clone());
        let Some(Value::Object(node)) = schema.pointer_mut(&at) else {
            continue;
        };
        let described = node
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        // The English text, without a French one put before it by an earlier field.
        let english = described
            .split_once("\n\n")
            .filter(|(first, _)| first.contains(" : "))
            .map_or(described, |(_, rest)| rest)
            .to_owned();
        let french = format!("{label} : {}", lower_first(meaning));
        let text = if english.is_empty() {
            french
        } else {
            format!("{french}\n\n{english}")
        };
        node.insert("description".into(), Value::String(text));
    }
    schema
}

/// A field's name without its owner: "Nom du sponsor" → "Nom".
fn neutral(label: &str) -> String {
    label.split(" du ").next().unwrap_or(label).to_owned()
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}

/// The sections of the dossier that the form 2024 requires, beside the form 2017's fields.
pub const FORM_2024_SECTIONS: [&str; 4] = ["project", "wishes", "steering", "motivations"];

/// The submission schema made into its form 2024: the dossier's sections required, at least one
/// wish, and each host's kind.
fn form_2024(mut schema: Value) -> Value {
    let push_required = |object: &mut Value, names: &[&str]| {
        if let Some(Value::Array(required)) = object.get_mut("required") {
            required.extend(names.iter().map(|n| Value::String((*n).to_owned())));
        }
    };
    push_required(&mut schema, &FORM_2024_SECTIONS);
    if let Some(wishes) = schema.pointer_mut("/properties/wishes") {
        wishes["minItems"] = Value::from(1);
    }
    if let Some(host) = schema.pointer_mut("/$defs/HostOrganisation") {
        push_required(host, &["kind"]);
    }
    if let Some(Value::String(d)) = schema.get_mut("description") {
        d.push_str(
            "\n\nForm 2024 (EIG 7 on): the dossier's sections `project`, `wishes`, `steering` \
             and `motivations` and each host's `kind` are required.",
        );
    }
    schema
}

/// The `format` values that draft 2020-12 defines. Anything else (schemars' `uint8`, `int64`,
/// `partial-date-time`...) would make strict validators reject or ignore the schema.
const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// A local date-time without offset (`2020-02-28T17:00:00`), as chrono's `NaiveDateTime`.
const LOCAL_DATE_TIME: &str =
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$";

fn scrub(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(format)) = map.get("format")
                && !STANDARD_FORMATS.contains(&format.as_str())
            {
                let local = format == "partial-date-time";
                map.remove("format");
                if local {
                    map.insert("pattern".into(), Value::String(LOCAL_DATE_TIME.into()));
                }
            }
            for v in map.values_mut() {
                scrub(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(f)) = m.get("format") {
                    out.push(f.clone());
                }
                m.values().for_each(|v| formats(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| formats(v, out)),
            _ => {}
        }
    }

    #[test]
    fn only_standard_formats_remain() {
        for kind in SchemaKind::ALL {
            let mut found = Vec::new();
            formats(&kind.generate(), &mut found);
            for f in &found {
                assert!(
                    STANDARD_FORMATS.contains(&f.as_str()),
                    "{}: {f}",
                    kind.name()
                );
            }
        }
    }

    #[test]
    fn every_field_of_the_submission_has_its_french_description() {
        for kind in [
            SchemaKind::ChallengeSubmission,
            SchemaKind::ChallengeSubmission2024,
        ] {
            let schema = kind.generate();
            for (field, label, _) in crate::model::FIELD_TEXTS_FR {
                if *field == "/$schema" {
                    continue;
                }
                let at = node_of(&schema, field)
                    .unwrap_or_else(|| panic!("{}: no node for {field}", kind.name()));
                let d = schema.pointer(&at).unwrap()["description"]
                    .as_str()
                    .unwrap_or_default();
                assert!(
                    d.starts_with(&format!("{label} : "))
                        || d.starts_with(&format!("{} : ", neutral(label))),
                    "{field}: {d}"
                );
            }
        }
    }

    #[test]
    fn header() {
        let s = SchemaKind::ChallengeSubmission.generate();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(
            s["$id"],
            "https://schema.data.gouv.fr/schemas/eig/challenge-submission/2.0.0/schema.json"
        );
        assert_eq!(
            s["title"],
            "Défi proposé par une administration / Défi submission"
        );
        assert_eq!(s["additionalProperties"], false);
    }
}
