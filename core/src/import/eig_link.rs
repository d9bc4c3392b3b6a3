//! The coordination team's handbook (`eig-link`): EIG 2's weekly progress log
//! (`archives/2018/suivi_compilation.csv`, 2018-02 to 2018-08) and EIG 4's calendar of support
//! sessions (`planning.md`, 2020-09 to 2021-06), as activities per défi and date.
//!
//! Every line is kept. A date that cannot be read, a category letter outside the log's legend,
//! a news value other than `1`, `-1`, `0` or nothing: an anomaly with the file and the line,
//! and the line is kept with what could be read. The défis are named as the team wrote them
//! (`SocialConnect`, `CoachÉlève` and `CoachÉlèves`); they are matched to the dataset's défis of
//! EIG 2 when the dataset is merged.

use super::reader::{Ctx, Raw};
use super::{ImportError, RecordKind};
use crate::diagnostics::message::{self, Kept, Shape, Term, Then};
use crate::model::{Activity, ActivityKind, PromotionId, SourceKind, SourceRef};
use serde_json::Value;

const LOG: &str = "archives/2018/suivi_compilation.csv";
const PLANNING: &str = "planning.md";

/// The log's legend (`archives/2018/suivi_2018.org` in the handbook's repository).
const LEGEND: [(char, &str); 9] = [
    ('A', "apprentissage"),
    ('C', "communication"),
    ('D', "donnees"),
    ('I', "installation"),
    ('M', "management"),
    ('P', "production"),
    ('S', "services"),
    ('T', "transformation"),
    ('U', "utilisateur"),
];

pub(crate) fn read(ctx: &mut Ctx<'_>, raw: &mut Raw) -> Result<(), ImportError> {
    ctx.require(LOG)?;
    read_log(ctx, raw)?;
    if ctx.exists(PLANNING) {
        read_planning(ctx, raw)?;
    }
    Ok(())
}

fn source_ref(file: &str, line: usize) -> SourceRef {
    SourceRef {
        source: SourceKind::EigLink,
        file: file.to_owned(),
        key: Some(format!("line {line}")),
    }
}

fn text(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// `<2018-02-15 jeu.>`: the day, when it is a real one.
fn org_date(s: &str) -> Option<String> {
    let inner = s.trim().strip_prefix('<')?.strip_suffix('>')?;
    let day = inner.split_whitespace().next()?;
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .map(|d| d.to_string())
}

fn read_log(ctx: &mut Ctx<'_>, raw: &mut Raw) -> Result<(), ImportError> {
    let text_of = match ctx.read_text(LOG)? {
        Ok(t) => t,
        Err(v) => {
            ctx.read_record(RecordKind::Activity);
            ctx.refuse(RecordKind::Activity, LOG, None, *v);
            return Ok(());
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text_of.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(_) => Vec::new(),
    };
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (defi, livrable, tache, date, cat, ok) = (
        col("Défi"),
        col("Livrable"),
        col("Tâche"),
        col("Fait le"),
        col("Cat"),
        col("OK"),
    );
    let eig2 = PromotionId::new("eig-2");
    for record in reader.records() {
        ctx.read_record(RecordKind::Activity);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                ctx.refuse(
                    RecordKind::Activity,
                    LOG,
                    Some(&format!("line {line}")),
                    message::unexpected_type(
                        format!("/{line}"),
                        Shape::Records,
                        &Value::String(e.to_string()),
                        Then::Refused,
                    ),
                );
                continue;
            }
        };
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        let field = |k: Option<usize>| k.and_then(|k| record.get(k)).unwrap_or("");
        let at = |name: &str| format!("/{line}/{name}");
        let Some(label) = text(field(defi)) else {
            ctx.refuse(
                RecordKind::Activity,
                LOG,
                Some(&format!("line {line}")),
                message::record_incomplete(at("Défi"), message::Lacking::Title),
            );
            continue;
        };
        let published_date = field(date);
        let day = org_date(published_date);
        if day.is_none() && !published_date.trim().is_empty() {
            ctx.anomaly(
                LOG,
                message::unexpected_type(
                    at("Fait le"),
                    Shape::OrgDate,
                    &Value::String(published_date.to_owned()),
                    Then::Unknown,
                ),
            );
        }
        let mut categories = Vec::new();
        let mut unknown: Vec<char> = Vec::new();
        for letter in field(cat).trim().chars() {
            match LEGEND.iter().find(|(l, _)| *l == letter) {
                Some((_, name)) => {
                    if !categories.iter().any(|c| c == name) {
                        categories.push((*name).to_owned());
                    }
                }
                None if unknown.contains(&letter) => {}
                None => {
                    unknown.push(letter);
                    ctx.anomaly(
                        LOG,
                        message::term_unknown(
                            at("Cat"),
                            Term::LogCategory,
                            &letter.to_string(),
                            Kept::AsPublished,
                        ),
                    );
                }
            }
        }
        let published_news = field(ok).trim();
        let news = match published_news {
            "" => None,
            "1" => Some(1),
            "-1" => Some(-1),
            "0" => Some(0),
            other => {
                ctx.anomaly(
                    LOG,
                    message::unexpected_type(
                        at("OK"),
                        Shape::News,
                        &Value::String(other.to_owned()),
                        Then::Unknown,
                    ),
                );
                None
            }
        };
        // Letters outside the legend stay, as published, after the named categories.
        categories.extend(unknown.iter().map(char::to_string));
        raw.activities.push(Activity {
            kind: ActivityKind::Progress,
            promotion: Some(eig2.clone()),
            label,
            challenge: None,
            date: day,
            end_date: None,
            deliverable: text(field(livrable)),
            task: text(field(tache)),
            categories,
            news,
            place: None,
            cancelled: false,
            source: source_ref(LOG, line),
        });
    }
    Ok(())
}

/// French months, and the year of each in EIG 4's calendar (September 2020 to June 2021).
const MONTHS: [(&str, u32, i32); 10] = [
    ("septembre", 9, 2020),
    ("octobre", 10, 2020),
    ("novembre", 11, 2020),
    ("décembre", 12, 2020),
    ("janvier", 1, 2021),
    ("février", 2, 2021),
    ("mars", 3, 2021),
    ("avril", 4, 2021),
    ("mai", 5, 2021),
    ("juin", 6, 2021),
];

/// `21 - 25 septembre`, `1er octobre`: the first and last day, in EIG 4's calendar year.
fn french_days(s: &str) -> Option<(String, Option<String>)> {
    let s = s.trim().to_lowercase();
    let (days, month) = s.rsplit_once(' ')?;
    let (m, y) = MONTHS
        .iter()
        .find(|(name, _, _)| *name == month)
        .map(|(_, m, y)| (*m, *y))?;
    let day = |d: &str| -> Option<String> {
        let d: u32 = d.trim().trim_end_matches("er").parse().ok()?;
        chrono::NaiveDate::from_ymd_opt(y, m, d).map(|d| d.to_string())
    };
    match days.split_once('-') {
        Some((a, b)) => Some((day(a)?, Some(day(b)?))),
        None => Some((day(days)?, None)),
    }
}

fn read_planning(ctx: &mut Ctx<'_>, raw: &mut Raw) -> Result<(), ImportError> {
    let text_of = match ctx.read_text(PLANNING)? {
        Ok(t) => t,
        Err(v) => {
            ctx.read_record(RecordKind::Activity);
            ctx.refuse(RecordKind::Activity, PLANNING, None, *v);
            return Ok(());
        }
    };
    let eig4 = PromotionId::new("eig-4");
    let mut in_table = false;
    for (i, line) in text_of.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = line.trim();
        if trimmed.starts_with("## ") {
            in_table = trimmed.contains("Planning des sessions");
            continue;
        }
        if !in_table || !trimmed.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = trimmed
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        // The header and the line under it.
        if cells
            .first()
            .is_some_and(|c| *c == "SESSIONS" || c.starts_with("---"))
        {
            continue;
        }
        ctx.read_record(RecordKind::Activity);
        let cancelled = cells.first().is_some_and(|c| c.starts_with("~~"));
        let clean = |s: &str| -> String {
            s.replace("~~", "")
                .replace("**", "")
                .replace("[ANNULE]", "")
                .trim()
                .to_owned()
        };
        let cell = |k: usize| cells.get(k).map(|c| clean(c)).unwrap_or_default();
        let title = cell(0);
        if title.is_empty() {
            ctx.refuse(
                RecordKind::Activity,
                PLANNING,
                Some(&format!("line {line_no}")),
                message::record_incomplete(format!("/{line_no}/SESSIONS"), message::Lacking::Title),
            );
            continue;
        }
        let dates = cell(2);
        let (date, end_date) = match french_days(&dates) {
            Some((a, b)) => (Some(a), b),
            None => {
                ctx.anomaly(
                    PLANNING,
                    message::unexpected_type(
                        format!("/{line_no}/Dates"),
                        Shape::FrenchDay,
                        &Value::String(dates.clone()),
                        Then::Unknown,
                    ),
                );
                (None, None)
            }
        };
        let hours = cell(3);
        let place = cell(4);
        raw.activities.push(Activity {
            kind: ActivityKind::Session,
            promotion: Some(eig4.clone()),
            label: title,
            challenge: None,
            date,
            end_date,
            deliverable: None,
            task: text(&cell(1)),
            categories: Vec::new(),
            news: None,
            place: text(
                &[hours, place]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ; "),
            ),
            cancelled,
            source: source_ref(PLANNING, line_no),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_dates_and_french_days_are_read() {
        assert_eq!(org_date("<2018-02-15 jeu.>").as_deref(), Some("2018-02-15"));
        assert_eq!(org_date("<2018-02-30 ven.>"), None);
        assert_eq!(org_date("2018-02-15"), None);
        assert_eq!(
            french_days("21 - 25 septembre"),
            Some(("2020-09-21".into(), Some("2020-09-25".into())))
        );
        assert_eq!(
            french_days("1er octobre"),
            Some(("2020-10-01".into(), None))
        );
        assert_eq!(french_days("14 janvier"), Some(("2021-01-14".into(), None)));
        assert_eq!(french_days("_A venir_"), None);
    }
}
