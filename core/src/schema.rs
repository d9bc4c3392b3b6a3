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

/// The version of the schemas, part of every `$id`. Bumped on any breaking change.
pub const SCHEMA_VERSION: &str = "1";

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
}

impl SchemaKind {
    /// Every published schema.
    pub const ALL: [SchemaKind; 10] = [
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

    /// The stable, versioned `$id`.
    #[must_use]
    pub fn id(self) -> String {
        format!("urn:eig:schema:v{SCHEMA_VERSION}:{}", self.name())
    }

    /// The schema as a JSON value.
    #[must_use]
    pub fn generate(self) -> Value {
        match self {
            Self::ChallengeSubmission => generate::<ChallengeSubmission>(self, "Défi submission"),
            Self::ChallengeSubmission2024 => form_2024(generate::<ChallengeSubmission>(
                self,
                "Défi submission, form 2024 (EIG 7 on)",
            )),
            Self::Rulebook => generate::<Rulebook>(self, "Rulebook"),
            Self::Application => generate::<Application>(self, "Candidate application"),
            Self::ScoringGrid => generate::<ScoringGrid>(self, "Scoring grid"),
            Self::Jury => generate::<Jury>(self, "Jury"),
            Self::ScoreSheets => generate::<ScoreSheets>(self, "Score sheets"),
            Self::Dataset => generate::<Dataset>(self, "EIG dataset"),
            Self::TeamFormation => generate::<TeamFormation>(self, "Team formation"),
            Self::MentorMatching => generate::<MentorMatching>(self, "Mentor matching"),
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

fn generate<T: JsonSchema>(kind: SchemaKind, title: &str) -> Value {
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
        ordered.insert("title".into(), Value::String(title.to_owned()));
        ordered.insert("x-version".into(), Value::String(SCHEMA_VERSION.to_owned()));
        ordered.extend(std::mem::take(map));
        *map = ordered;
    }
    value
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
    fn header() {
        let s = SchemaKind::ChallengeSubmission.generate();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(s["$id"], "urn:eig:schema:v1:challenge-submission");
        assert_eq!(s["title"], "Défi submission");
        assert_eq!(s["additionalProperties"], false);
    }
}
