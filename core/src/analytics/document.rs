//! The dataset as a document: its identifiers unique, its references resolved.

use crate::diagnostics::message::{self, Allowed, Thing};
use crate::diagnostics::{Violation, duplicate_ids};
use crate::model::{DATASET_FORMAT, DATASET_VERSION, Dataset};
use crate::schema::SchemaKind;
use crate::validate::{Document, Limits};
use std::collections::HashSet;

impl Document for Dataset {
    const KIND: SchemaKind = SchemaKind::Dataset;
    type Context = ();

    /// A dataset holds the bodies of every défi (the programme's whole public history is
    /// 2 MB): 16 MiB, within which checking costs at most the budget per megabyte of
    /// docs/limits.md.
    fn limits() -> Limits {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            ..Limits::default()
        }
    }

    fn check(&self, (): &()) -> Vec<Violation> {
        let mut out = Vec::new();
        if self.format != DATASET_FORMAT {
            out.push(message::invalid_value(
                "/format",
                &serde_json::Value::from(self.format.as_str()),
                &Allowed::OneOf(&[serde_json::Value::from(DATASET_FORMAT).to_string()]),
            ));
        }
        if self.version > DATASET_VERSION {
            out.push(message::above_maximum(
                "/version",
                &self.version,
                &DATASET_VERSION,
                false,
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
        for (list, thing) in [
            ("promotions", Thing::Promotion),
            ("challenges", Thing::Challenge),
            ("organisations", Thing::Organisation),
            ("people", Thing::Person),
        ] {
            duplicate_ids(ids(list), |i| format!("/{list}/{i}/id"), thing, &mut out);
        }
        let known = |list: &str, thing: Thing| {
            let ids = ids(list);
            let set = ids.iter().copied().collect();
            Known { ids, set, thing }
        };
        let promotions = known("promotions", Thing::Promotion);
        let challenges = known("challenges", Thing::Challenge);
        let organisations = known("organisations", Thing::Organisation);
        let mut unknown = |known: &Known<'_>, id: &str, path: String| {
            if !known.set.contains(id) {
                out.push(message::unknown_reference(
                    path,
                    known.thing,
                    id,
                    &known.ids,
                ));
            }
        };
        for (i, c) in self.challenges.iter().enumerate() {
            unknown(
                &promotions,
                c.promotion.as_str(),
                format!("/challenges/{i}/promotion"),
            );
            for (k, o) in c.organisations.iter().enumerate() {
                unknown(
                    &organisations,
                    o,
                    format!("/challenges/{i}/organisations/{k}"),
                );
            }
        }
        for (i, o) in self.organisations.iter().enumerate() {
            for (k, c) in o.challenges.iter().enumerate() {
                unknown(&challenges, c, format!("/organisations/{i}/challenges/{k}"));
            }
        }
        for (i, p) in self.people.iter().enumerate() {
            for (r, role) in p.roles.iter().enumerate() {
                if let Some(promotion) = &role.promotion {
                    unknown(
                        &promotions,
                        promotion.as_str(),
                        format!("/people/{i}/roles/{r}/promotion"),
                    );
                }
                for (k, c) in role.challenges.iter().enumerate() {
                    unknown(
                        &challenges,
                        c,
                        format!("/people/{i}/roles/{r}/challenges/{k}"),
                    );
                }
            }
        }
        out
    }
}

/// The ids of one list of a dataset, for the references that name them.
struct Known<'a> {
    ids: Vec<&'a str>,
    set: HashSet<&'a str>,
    thing: Thing,
}
