//! The activities (the progress log, the support calendar): each tied to its défi by title.

use super::*;

/// The activities, their défi labels matched to the dataset's défis of their promotion (the
/// log's spellings: `CoachÉlève` and `CoachÉlèves`, `SocialConnect`). A label that names no
/// défi is reported once, on its first line, and kept as published.
pub(super) fn activities(
    mut raw: Vec<crate::model::Activity>,
    challenges: &[DatasetChallenge],
    report: &mut ImportReport,
) -> Vec<crate::model::Activity> {
    let titles = Titles::new(challenges);
    let squeeze = |s: &str| fold(s).replace(' ', "");
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for a in &mut raw {
        written(report, RecordKind::Activity);
        // A session names no défi; nor does a webinar whose label is its theme.
        if a.kind == crate::model::ActivityKind::Session
            || (a.kind == crate::model::ActivityKind::Webinar && a.task.as_ref() == Some(&a.label))
        {
            continue;
        }
        let promotions: Vec<PromotionId> = a.promotion.iter().cloned().collect();
        let found = match titles.resolve(&a.label, &promotions) {
            Resolved::One(i) => Some(i),
            // The log runs words together and varies a plural: compare without spaces, then
            // without a final s.
            _ => {
                let key = squeeze(&a.label);
                let singular = |k: &str| k.trim_end_matches('s').to_owned();
                titles.challenges.iter().position(|c| {
                    Some(&c.promotion) == a.promotion.as_ref()
                        && (squeeze(&c.title) == key
                            || singular(&squeeze(&c.title)) == singular(&key))
                })
            }
        };
        let origin = crate::import::reader::Origin {
            source: a.source.source,
            file: a.source.file.clone(),
            key: a.source.key.clone(),
            pointer: String::new(),
        };
        // The log's lines are `line N` (a CSV column `Défi`); the webinars' items `item N`
        // (a YAML list `defis`).
        let key = a.source.key.as_deref().unwrap_or("");
        let here = match (key.strip_prefix("line "), key.strip_prefix("item ")) {
            (Some(n), _) => format!("/{n}/Défi"),
            (None, Some(n)) => format!("/{n}/defis"),
            (None, None) => String::new(),
        };
        if let Some(i) = found {
            let title = &titles.challenges[i].title;
            // Another spelling of the défi's title (`CoachÉlève`): said once per spelling.
            if fold(title) != fold(&a.label) && reported.insert(a.label.clone()) {
                anomaly(
                    report,
                    &origin,
                    message::value_normalised(here.clone(), &a.label, Reading::Text(title)),
                );
            }
            a.challenge = Some(titles.challenges[i].id.clone());
        } else if reported.insert(a.label.clone()) {
            anomaly(
                report,
                &origin,
                message::reference_unresolved(here, &a.label, Among::Dataset),
            );
        }
    }
    raw
}
