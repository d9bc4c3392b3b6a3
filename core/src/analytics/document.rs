//! The dataset as a document: its identifiers unique, its references resolved.

use crate::diagnostics::{Code, Violation, duplicate_ids};
use crate::model::{DATASET_FORMAT, DATASET_VERSION, Dataset};
use crate::schema::SchemaKind;
use crate::validate::{Document, Limits};
use std::collections::HashSet;

impl Document for Dataset {
    const KIND: SchemaKind = SchemaKind::Dataset;
    type Context = ();

    /// A dataset holds the bodies of every défi: 64 MiB.
    fn limits() -> Limits {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            ..Limits::default()
        }
    }

    fn check(&self, (): &()) -> Vec<Violation> {
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
