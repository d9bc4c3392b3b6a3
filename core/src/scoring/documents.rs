//! The documents of selection as documents: scoring grids, juries, score sheets and
//! applications, each with the checks that need no other document.

use crate::diagnostics::{Code, Violation, duplicate_ids};
use crate::model::{Application, Jury, ScoreSheets, ScoringGrid};
use crate::schema::SchemaKind;
use crate::validate::{Document, Limits};
use std::collections::{HashMap, HashSet};

impl Document for ScoringGrid {
    const KIND: SchemaKind = SchemaKind::ScoringGrid;
    type Context = ();
    fn check(&self, (): &()) -> Vec<Violation> {
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
    type Context = ();
    fn check(&self, (): &()) -> Vec<Violation> {
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
    type Context = ();

    /// Score sheets of a national selection run to tens of megabytes: 512 MiB.
    fn limits() -> Limits {
        Limits {
            max_bytes: 512 * 1024 * 1024,
            ..Limits::default()
        }
    }

    fn check(&self, (): &()) -> Vec<Violation> {
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
    type Context = ();
    fn check(&self, (): &()) -> Vec<Violation> {
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
