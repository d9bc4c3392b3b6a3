//! Every published document kind behind one trait: the input pass, the structural pass and
//! the document's own consistency checks, into the same [`Report`].

use super::{InvalidDocument, Limits, Report, input, structural};
use crate::model::{
    Application, DATASET_FORMAT, DATASET_VERSION, Dataset, Jury, MentorMatching, ScoreSheets,
    ScoringGrid, TeamFormation,
};
use crate::rules::{Code, Rulebook, Violation};
use crate::schema::SchemaKind;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// A document with a published schema and checks of its own.
pub trait Document: DeserializeOwned + Serialize {
    /// Its schema.
    const KIND: SchemaKind;

    /// The input limits for this kind.
    #[must_use]
    fn limits() -> Limits {
        Limits::default()
    }

    /// Consistency checks that need no other document.
    #[must_use]
    fn check(&self) -> Vec<Violation>;
}

/// Loads a document from JSON bytes, or returns every violation (warnings do not fail it).
///
/// # Errors
/// [`InvalidDocument`] when the report has an error.
pub fn load_document<T: Document>(bytes: &[u8]) -> Result<T, InvalidDocument> {
    match input::parse(bytes, T::limits()) {
        Ok(value) => load_document_value(&value),
        Err(v) => Err(InvalidDocument {
            report: Report::new(vec![v]),
        }),
    }
}

/// [`load_document`] for a document already parsed as JSON.
///
/// # Errors
/// [`InvalidDocument`] when the report has an error.
pub fn load_document_value<T: Document>(value: &Value) -> Result<T, InvalidDocument> {
    let (parsed, mut violations) = super::from_value::<T>(value, structural::compiled(T::KIND));
    if let Some(doc) = &parsed {
        violations.extend(doc.check());
    }
    match parsed {
        Some(doc) if !violations.iter().any(Violation::is_error) => Ok(doc),
        _ => Err(InvalidDocument {
            report: Report::new(violations),
        }),
    }
}

/// Validates a document of any published kind. A défi submission is checked against the
/// built-in rulebook of the promotion it names.
///
/// ```
/// use eig::schema::SchemaKind;
/// let report = eig::validate::validate_document(
///     SchemaKind::ScoringGrid,
///     br#"{"id": "g", "label_fr": "Grille", "label_en": "Grid", "scale": {"min": 0, "max": 10},
///         "criteria": [{"id": "impact", "label_fr": "Impact", "label_en": "Impact", "weight": 0}]}"#,
/// );
/// assert!(report.has("weights_sum_to_zero"));
/// ```
#[must_use]
pub fn validate_document(kind: SchemaKind, bytes: &[u8]) -> Report {
    fn report<T: Document>(bytes: &[u8]) -> Report {
        match input::parse(bytes, T::limits()) {
            Ok(value) => report_value::<T>(&value),
            Err(v) => Report::new(vec![v]),
        }
    }
    match kind {
        SchemaKind::ChallengeSubmission => super::validate_named_promotion(bytes),
        SchemaKind::Rulebook => super::validate_rulebook(bytes),
        SchemaKind::Application => report::<Application>(bytes),
        SchemaKind::ScoringGrid => report::<ScoringGrid>(bytes),
        SchemaKind::Jury => report::<Jury>(bytes),
        SchemaKind::ScoreSheets => report::<ScoreSheets>(bytes),
        SchemaKind::Dataset => report::<Dataset>(bytes),
        SchemaKind::TeamFormation => report::<TeamFormation>(bytes),
        SchemaKind::MentorMatching => report::<MentorMatching>(bytes),
    }
}

/// [`validate_document`] for a document already parsed as JSON.
#[must_use]
pub fn validate_document_value(kind: SchemaKind, value: &Value) -> Report {
    match kind {
        SchemaKind::ChallengeSubmission => super::validate_named_promotion_value(value),
        SchemaKind::Rulebook => report_value::<Rulebook>(value),
        SchemaKind::Application => report_value::<Application>(value),
        SchemaKind::ScoringGrid => report_value::<ScoringGrid>(value),
        SchemaKind::Jury => report_value::<Jury>(value),
        SchemaKind::ScoreSheets => report_value::<ScoreSheets>(value),
        SchemaKind::Dataset => report_value::<Dataset>(value),
        SchemaKind::TeamFormation => report_value::<TeamFormation>(value),
        SchemaKind::MentorMatching => report_value::<MentorMatching>(value),
    }
}

fn report_value<T: Document>(value: &Value) -> Report {
    match load_document_value::<T>(value) {
        Ok(doc) => Report::new(doc.check()),
        Err(e) => e.report,
    }
}

impl Document for Rulebook {
    const KIND: SchemaKind = SchemaKind::Rulebook;
    fn check(&self) -> Vec<Violation> {
        Rulebook::check(self)
    }
}

impl Document for Dataset {
    const KIND: SchemaKind = SchemaKind::Dataset;

    /// A dataset holds the bodies of every défi: 64 MiB.
    fn limits() -> Limits {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            ..Limits::default()
        }
    }

    fn check(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        if self.format != DATASET_FORMAT {
            out.push(Violation::new(
                Code::InvalidValue,
                "/format",
                format!(
                    "le format doit être « {DATASET_FORMAT} », pas « {} »",
                    self.format
                ),
                format!(
                    "the format must be \"{DATASET_FORMAT}\", not \"{}\"",
                    self.format
                ),
            ));
        }
        if self.version > DATASET_VERSION {
            out.push(Violation::new(
                Code::AboveMaximum,
                "/version",
                format!(
                    "la version {} est plus récente que celle que cette bibliothèque lit ({DATASET_VERSION})",
                    self.version
                ),
                format!(
                    "version {} is newer than this library reads ({DATASET_VERSION})",
                    self.version
                ),
            ));
        }
        let ids = |what: &str| -> Vec<&str> {
            match what {
                "promotions" => self.promotions.iter().map(|p| p.id.as_str()).collect(),
                "challenges" => self.challenges.iter().map(|c| c.id.as_str()).collect(),
                "organisations" => self.organisations.iter().map(|o| o.id.as_str()).collect(),
                _ => self.people.iter().map(|p| p.id.as_str()).collect(),
            }
        };
        for (list, fr, en) in [
            ("promotions", "la promotion", "the promotion"),
            ("challenges", "le défi", "the défi"),
            ("organisations", "l'organisation", "the organisation"),
            ("people", "la personne", "the person"),
        ] {
            duplicate_ids(ids(list), |i| format!("/{list}/{i}/id"), fr, en, &mut out);
        }
        let promotions: HashSet<&str> = ids("promotions").into_iter().collect();
        let challenges: HashSet<&str> = ids("challenges").into_iter().collect();
        let organisations: HashSet<&str> = ids("organisations").into_iter().collect();
        let mut unknown = |known: &HashSet<&str>, id: &str, path: String, what: &str| {
            if !known.contains(id) {
                out.push(Violation::new(
                    Code::UnknownReference,
                    path,
                    format!("« {id} » n'est l'identifiant d'aucun(e) {what} du jeu de données"),
                    format!("\"{id}\" is not the id of any {what} of the dataset"),
                ));
            }
        };
        for (i, c) in self.challenges.iter().enumerate() {
            unknown(
                &promotions,
                c.promotion.as_str(),
                format!("/challenges/{i}/promotion"),
                "promotion",
            );
            for (k, o) in c.organisations.iter().enumerate() {
                unknown(
                    &organisations,
                    o,
                    format!("/challenges/{i}/organisations/{k}"),
                    "organisation",
                );
            }
        }
        for (i, o) in self.organisations.iter().enumerate() {
            for (k, c) in o.challenges.iter().enumerate() {
                unknown(
                    &challenges,
                    c,
                    format!("/organisations/{i}/challenges/{k}"),
                    "défi",
                );
            }
        }
        for (i, p) in self.people.iter().enumerate() {
            for (r, role) in p.roles.iter().enumerate() {
                if let Some(promotion) = &role.promotion {
                    unknown(
                        &promotions,
                        promotion.as_str(),
                        format!("/people/{i}/roles/{r}/promotion"),
                        "promotion",
                    );
                }
                for (k, c) in role.challenges.iter().enumerate() {
                    unknown(
                        &challenges,
                        c,
                        format!("/people/{i}/roles/{r}/challenges/{k}"),
                        "défi",
                    );
                }
            }
        }
        out
    }
}

impl Document for TeamFormation {
    const KIND: SchemaKind = SchemaKind::TeamFormation;

    /// National inputs hold a million scores: 512 MiB.
    fn limits() -> Limits {
        Limits {
            max_bytes: 512 * 1024 * 1024,
            ..Limits::default()
        }
    }

    /// Identifiers, references and scores; with the built-in rulebook of the promotion when
    /// there is one, the expertises and team sizes too.
    fn check(&self) -> Vec<Violation> {
        crate::matching::teams::check_with(
            self,
            Rulebook::builtin(self.promotion.as_str()).as_ref(),
        )
    }
}

impl Document for MentorMatching {
    const KIND: SchemaKind = SchemaKind::MentorMatching;
    fn check(&self) -> Vec<Violation> {
        crate::matching::mentors::check(self)
    }
}

/// Reports every repeated identifier of a list, at the repeat.
pub(crate) fn duplicate_ids<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    path: impl Fn(usize) -> String,
    what_fr: &str,
    what_en: &str,
    out: &mut Vec<Violation>,
) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.into_iter().enumerate() {
        if let Some(j) = first.get(id) {
            out.push(Violation::new(
                Code::DuplicateId,
                path(i),
                format!("{what_fr} « {id} » figure déjà à la position {j}"),
                format!("{what_en} \"{id}\" already appears at position {j}"),
            ));
        } else {
            first.insert(id, i);
        }
    }
}

impl Document for ScoringGrid {
    const KIND: SchemaKind = SchemaKind::ScoringGrid;
    fn check(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        duplicate_ids(
            self.criteria.iter().map(|c| c.id.as_str()),
            |i| format!("/criteria/{i}/id"),
            "le critère",
            "the criterion",
            &mut out,
        );
        let Self { scale, .. } = self;
        if !(scale.min.is_finite() && scale.max.is_finite() && scale.min < scale.max) {
            out.push(Violation::new(
                Code::RangeInverted,
                "/scale",
                format!(
                    "l'échelle va de {} à {} : le minimum doit être sous le maximum",
                    scale.min, scale.max
                ),
                format!(
                    "the scale runs from {} to {}: its minimum must be below its maximum",
                    scale.min, scale.max
                ),
            ));
        }
        for (i, c) in self.criteria.iter().enumerate() {
            if !c.weight.is_finite() || c.weight < 0.0 {
                out.push(Violation::new(
                    Code::InvalidValue,
                    format!("/criteria/{i}/weight"),
                    format!("le poids {} n'est pas un nombre positif fini", c.weight),
                    format!(
                        "the weight {} is not a finite number of at least 0",
                        c.weight
                    ),
                ));
            }
            if let Some(t) = c.eliminatory_below
                && !scale.contains(t)
            {
                out.push(Violation::new(
                    Code::ThresholdOutsideScale,
                    format!("/criteria/{i}/eliminatory_below"),
                    format!(
                        "le seuil éliminatoire {t} est hors de l'échelle [{}, {}]",
                        scale.min, scale.max
                    ),
                    format!(
                        "the eliminatory threshold {t} is outside the scale [{}, {}]",
                        scale.min, scale.max
                    ),
                ));
            }
        }
        let total = self.total_weight();
        if total.is_finite() && total <= 0.0 {
            out.push(Violation::new(
                Code::WeightsSumToZero,
                "/criteria",
                "les poids des critères ont une somme nulle : aucune note finale n'est calculable",
                "the criteria's weights sum to zero: no final score can be computed",
            ));
        }
        out
    }
}

impl Document for Jury {
    const KIND: SchemaKind = SchemaKind::Jury;
    fn check(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        duplicate_ids(
            self.jurors.iter().map(|j| j.id.as_str()),
            |i| format!("/jurors/{i}/id"),
            "le juré",
            "the juror",
            &mut out,
        );
        for (i, j) in self.jurors.iter().enumerate() {
            if !j.weight.is_finite() || j.weight < 0.0 {
                out.push(Violation::new(
                    Code::InvalidValue,
                    format!("/jurors/{i}/weight"),
                    format!("le poids {} n'est pas un nombre positif fini", j.weight),
                    format!(
                        "the weight {} is not a finite number of at least 0",
                        j.weight
                    ),
                ));
            }
        }
        out
    }
}

impl Document for ScoreSheets {
    const KIND: SchemaKind = SchemaKind::ScoreSheets;

    /// Score sheets of a national selection run to tens of megabytes: 512 MiB.
    fn limits() -> Limits {
        Limits {
            max_bytes: 512 * 1024 * 1024,
            ..Limits::default()
        }
    }

    fn check(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        duplicate_ids(
            self.items.iter().map(|x| x.id.as_str()),
            |i| format!("/items/{i}/id"),
            "l'élément",
            "the item",
            &mut out,
        );
        let items: HashSet<&str> = self.items.iter().map(|x| x.id.as_str()).collect();
        let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for (i, s) in self.scores.iter().enumerate() {
            if !s.score.is_finite() {
                out.push(Violation::new(
                    Code::ScoreNotFinite,
                    format!("/scores/{i}/score"),
                    format!("la note {} n'est pas un nombre fini", s.score),
                    format!("the score {} is not a finite number", s.score),
                ));
            }
            if !items.contains(s.item.as_str()) {
                out.push(unknown_item(&s.item, format!("/scores/{i}/item")));
            }
            let key = (s.juror.as_str(), s.item.as_str(), s.criterion.as_str());
            if let Some(j) = seen.get(&key) {
                out.push(Violation::new(
                    Code::ScoreDuplicated,
                    format!("/scores/{i}"),
                    format!(
                        "{} a déjà noté « {} » sur « {} » (note {j})",
                        s.juror, s.item, s.criterion
                    ),
                    format!(
                        "{} already scored \"{}\" on \"{}\" (score {j})",
                        s.juror, s.item, s.criterion
                    ),
                ));
            } else {
                seen.insert(key, i);
            }
        }
        for (i, r) in self.recusals.iter().enumerate() {
            if !items.contains(r.item.as_str()) {
                out.push(unknown_item(&r.item, format!("/recusals/{i}/item")));
            }
        }
        out
    }
}

fn unknown_item(id: &str, path: String) -> Violation {
    Violation::new(
        Code::UnknownReference,
        path,
        format!("l'élément « {id} » ne figure pas dans la liste `items`"),
        format!("the item \"{id}\" is not in the `items` list"),
    )
}

impl Document for Application {
    const KIND: SchemaKind = SchemaKind::Application;
    fn check(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        let e = &self.eligibility;
        for (field, ok, fr, en) in [
            (
                "right_to_work_in_france",
                e.right_to_work_in_france,
                "le droit de travailler en France",
                "the right to work in France",
            ),
            (
                "not_employed_by_host",
                e.not_employed_by_host,
                "ne pas être agent de l'administration d'accueil",
                "not being employed by the host administration",
            ),
            (
                "accepts_charter",
                e.accepts_charter,
                "l'acceptation de la charte",
                "accepting the charter",
            ),
        ] {
            if !ok {
                out.push(Violation::new(
                    Code::EligibilityNotDeclared,
                    format!("/eligibility/{field}"),
                    format!("la candidature ne déclare pas {fr}"),
                    format!("the application does not declare {en}"),
                ));
            }
        }
        out
    }
}
