//! The programme's published aggregates (`etalab/eig-charts`), read whole: every series of
//! every section as published figures (programme counts, selection, profiles and gender,
//! funding, communication, support, alumni paths), the selection funnel per year, and the map
//! of host administrations with its coordinates put right.

use super::reader::{Ctx, Origin, Raw};
use super::{ImportError, RecordKind};
use crate::diagnostics::message::{self, Lacking, Reading, Shape, Then};
use crate::model::{
    FigureSource, FigureUnit, FunnelYear, MappedHost, PublishedFigure, SourceKind, SourceRef,
    UnknownReason, aggregates_promotion,
};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

const FILE: &str = "derived/report_aggregates.json";

/// The series read, as (section, series) of the aggregates.
const CANDIDATES: (&str, &str) = ("selection_des_candidats", "Candidats");
const INTERVIEWED: (&str, &str) = ("selection_des_candidats", "Passages devant un jury");
const SELECTED: (&str, &str) = ("selection_des_candidats", "Lauréats");
const CHALLENGES: (&str, &str) = ("programme", "Nombre de défis");
const MENTORS: (&str, &str) = ("programme", "Nombre de mentors");

pub(crate) fn read(ctx: &mut Ctx<'_>, raw: &mut Raw) -> Result<(), ImportError> {
    ctx.require(FILE)?;
    let text = match ctx.read_text(FILE)? {
        Ok(text) => text,
        Err(v) => {
            ctx.read_record(RecordKind::Funnel);
            ctx.refuse(RecordKind::Funnel, FILE, None, *v);
            return Ok(());
        }
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            ctx.read_record(RecordKind::Funnel);
            // serde_json's own recursion limit is the only depth limit here.
            ctx.refuse(
                RecordKind::Funnel,
                FILE,
                None,
                message::json_error(&e, 128, None),
            );
            return Ok(());
        }
    };
    let years: Vec<Option<u16>> = value
        .get("years")
        .and_then(Value::as_array)
        .map(|ys| {
            ys.iter()
                .map(|y| y.as_u64().and_then(|y| u16::try_from(y).ok()))
                .collect()
        })
        .unwrap_or_default();
    if years.is_empty() {
        ctx.anomaly(FILE, message::record_incomplete("/years", Lacking::Years));
    }
    for (i, year) in years.iter().enumerate() {
        ctx.read_record(RecordKind::Funnel);
        let Some(year) = *year else {
            ctx.refuse(
                RecordKind::Funnel,
                FILE,
                Some(&i.to_string()),
                message::unexpected_type(
                    format!("/years/{i}"),
                    Shape::WholeNumber,
                    value
                        .pointer(&format!("/years/{i}"))
                        .unwrap_or(&Value::Null),
                    Then::Refused,
                ),
            );
            continue;
        };
        let mut series = |(section, name): (&str, &str)| -> Option<u32> {
            let v = value.get(section)?.get(name)?.get(i)?;
            match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) => Some(n),
                None => {
                    ctx.anomaly(
                        FILE,
                        message::unexpected_type(
                            format!("/{section}/{}/{i}", super::reader::escape(name)),
                            Shape::WholeNumber,
                            v,
                            Then::Unknown,
                        ),
                    );
                    None
                }
            }
        };
        let funnel = FunnelYear {
            year,
            promotion: aggregates_promotion(year),
            candidates: series(CANDIDATES),
            interviewed: series(INTERVIEWED),
            selected: series(SELECTED),
            challenges: series(CHALLENGES),
            mentors: series(MENTORS),
        };
        raw.funnel.push((
            Origin {
                source: SourceKind::EigCharts,
                file: FILE.to_owned(),
                key: Some(year.to_string()),
                pointer: format!("/years/{i}"),
            },
            funnel,
        ));
    }
    let Some(sections) = value.as_object() else {
        return Ok(());
    };
    for (section, series) in sections {
        match section.as_str() {
            // The transcription's notes and the index of years.
            "years" => {}
            s if s.starts_with('_') => {}
            "administrations_map" => read_map(ctx, raw, series),
            _ => read_section(ctx, raw, section, series, &years),
        }
    }
    Ok(())
}

/// The stable measure of the series the tables use; others are `section/slug`.
fn measure(section: &str, series: &str) -> String {
    let known = match (section, series) {
        ("programme", "Nombre d'EIG") => "fellows",
        ("programme", "Dont nouveaux EIG") => "new_fellows",
        ("programme", "Nombre de défis") => "challenges",
        ("programme", "Nombre de mentors") => "mentors",
        ("selection_des_candidats", "Candidats") => "candidates",
        ("selection_des_candidats", "Passages devant un jury") => "interviewed",
        ("selection_des_candidats", "Lauréats") => "selected",
        ("eig", "Nombre de femmes") => "women",
        ("eig", "Nombre d'hommes") => "men",
        ("eig", "Nombre de développeurs") => "developers",
        ("eig", "Nombre de data scientists") => "data_scientists",
        ("eig", "Nombre de designers") => "designers",
        ("administrations", "Nombre d'administrations qui ont accueilli un défi par promotion") => {
            "host_organisations"
        }
        ("administrations", "Nombre de Ministères accueillants au moins un défi") => {
            "host_ministries"
        }
        _ => "",
    };
    if known.is_empty() {
        format!("{section}/{}", crate::text::slug(series))
    } else {
        known.to_owned()
    }
}

fn unit(section: &str, series: &str) -> FigureUnit {
    if ["Part ", "Pourcentage", "Taux"]
        .iter()
        .any(|p| series.starts_with(p))
    {
        FigureUnit::Percent
    } else if series.starts_with("Moyenne d'âge") {
        FigureUnit::Years
    } else if section == "financement" {
        FigureUnit::Euros
    } else {
        FigureUnit::Count
    }
}

/// One section: an object of series, each a list of numbers indexed by the years. A year
/// where every series of the section is 0 while another year is not is a year not counted yet.
fn read_section(
    ctx: &mut Ctx<'_>,
    raw: &mut Raw,
    section: &str,
    value: &Value,
    years: &[Option<u16>],
) {
    let path = format!("/{}", super::reader::escape(section));
    let Some(series) = value.as_object() else {
        ctx.read_record(RecordKind::Figure);
        ctx.refuse(
            RecordKind::Figure,
            FILE,
            Some(section),
            message::unexpected_type(path, Shape::Records, value, Then::Refused),
        );
        return;
    };
    let mut numbers: Vec<(&String, Vec<Option<f64>>)> = Vec::new();
    for (name, values) in series {
        let at = format!("{path}/{}", super::reader::escape(name));
        let Some(list) = values.as_array() else {
            ctx.read_record(RecordKind::Figure);
            ctx.refuse(
                RecordKind::Figure,
                FILE,
                Some(&format!("{section}/{name}")),
                message::unexpected_type(at, Shape::List, values, Then::Refused),
            );
            continue;
        };
        let mut row = Vec::new();
        for (i, v) in list.iter().enumerate() {
            ctx.read_record(RecordKind::Figure);
            let key = format!("{section}/{name}/{i}");
            match v.as_f64() {
                Some(x) if i < years.len() => row.push(Some(x)),
                // A value past the list of years has no year to belong to.
                Some(_) => ctx.refuse(
                    RecordKind::Figure,
                    FILE,
                    Some(&key),
                    message::record_incomplete(format!("{at}/{i}"), Lacking::YearForValue),
                ),
                None => {
                    ctx.refuse(
                        RecordKind::Figure,
                        FILE,
                        Some(&key),
                        message::unexpected_type(
                            format!("{at}/{i}"),
                            Shape::Number,
                            v,
                            Then::Refused,
                        ),
                    );
                    row.push(None);
                }
            }
        }
        numbers.push((name, row));
    }
    let zero_year = |i: usize| {
        numbers
            .iter()
            .all(|(_, row)| row.get(i).copied().flatten() == Some(0.0))
    };
    let counted: Vec<bool> = (0..years.len()).map(|i| !zero_year(i)).collect();
    let any_counted = counted.iter().any(|c| *c);
    for (i, year) in years.iter().enumerate() {
        if let Some(year) = year
            && any_counted
            && !counted[i]
            && !numbers.is_empty()
        {
            ctx.anomaly(
                FILE,
                message::value_normalised(path.clone(), "0", Reading::NotYetKnown(*year)),
            );
        }
    }
    for (name, row) in numbers {
        for (i, value) in row.into_iter().enumerate() {
            let (Some(Some(year)), Some(value)) = (years.get(i), value) else {
                continue;
            };
            let unknown = (any_counted && !counted[i]).then_some(UnknownReason::NotYetKnown);
            raw.figures.push(PublishedFigure {
                measure: measure(section, name),
                label: name.clone(),
                promotion: aggregates_promotion(*year),
                year: Some(*year),
                value: unknown.is_none().then_some(value),
                unknown,
                at_least: false,
                unit: unit(section, name),
                source: FigureSource {
                    source: Some(SourceKind::EigCharts),
                    file: Some(FILE.to_owned()),
                    pointer: Some(format!("{path}/{}/{i}", super::reader::escape(name))),
                    publication: None,
                    quote: None,
                },
            });
        }
    }
}

/// France's mainland and Corsica: latitudes 41 to 52, longitudes -6 to 10.
fn in_france(latitude: f64, longitude: f64) -> bool {
    (41.0..=52.0).contains(&latitude) && (-6.0..=10.0).contains(&longitude)
}

/// The map: by ministry, a list of host services with défis per year (`eig2018`) and
/// coordinates, whose `lon` and `lat` the source swaps.
fn read_map(ctx: &mut Ctx<'_>, raw: &mut Raw, value: &Value) {
    let path = "/administrations_map";
    let Some(ministries) = value.as_object() else {
        ctx.read_record(RecordKind::MapEntry);
        ctx.refuse(
            RecordKind::MapEntry,
            FILE,
            Some("administrations_map"),
            message::unexpected_type(path, Shape::Records, value, Then::Refused),
        );
        return;
    };
    let mut swapped = 0;
    let mut entries = 0;
    for (ministry, list) in ministries {
        let at = format!("{path}/{}", super::reader::escape(ministry));
        let Some(list) = list.as_array() else {
            ctx.read_record(RecordKind::MapEntry);
            ctx.refuse(
                RecordKind::MapEntry,
                FILE,
                Some(ministry),
                message::unexpected_type(at, Shape::List, list, Then::Refused),
            );
            continue;
        };
        for (i, entry) in list.iter().enumerate() {
            ctx.read_record(RecordKind::MapEntry);
            let here = format!("{at}/{i}");
            let empty = Map::new();
            let fields = entry.as_object().unwrap_or(&empty);
            let Some(service) = fields.get("admin").and_then(Value::as_str) else {
                ctx.refuse(
                    RecordKind::MapEntry,
                    FILE,
                    Some(&format!("{ministry}/{i}")),
                    message::record_incomplete(here, Lacking::ServiceName),
                );
                continue;
            };
            let mut challenges = BTreeMap::new();
            for (key, v) in fields {
                let Some(year) = key.strip_prefix("eig").and_then(|y| y.parse::<u16>().ok()) else {
                    if !["admin", "lon", "lat"].contains(&key.as_str()) {
                        ctx.anomaly(
                            FILE,
                            message::unexpected_type(
                                format!("{here}/{}", super::reader::escape(key)),
                                Shape::WholeNumber,
                                v,
                                Then::Unknown,
                            ),
                        );
                    }
                    continue;
                };
                match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
                    Some(n) => {
                        challenges.insert(year, n);
                    }
                    None => ctx.anomaly(
                        FILE,
                        message::unexpected_type(
                            format!("{here}/{key}"),
                            Shape::WholeNumber,
                            v,
                            Then::Unknown,
                        ),
                    ),
                }
            }
            let lon = fields.get("lon").and_then(Value::as_f64);
            let lat = fields.get("lat").and_then(Value::as_f64);
            entries += 1;
            let (latitude, longitude) = match (lat, lon) {
                (Some(lat), Some(lon)) if !in_france(lat, lon) && in_france(lon, lat) => {
                    swapped += 1;
                    (Some(lon), Some(lat))
                }
                other => other,
            };
            raw.map.push(MappedHost {
                ministry: ministry.clone(),
                service: service.to_owned(),
                challenges,
                latitude,
                longitude,
                source: SourceRef {
                    source: SourceKind::EigCharts,
                    file: FILE.to_owned(),
                    key: Some(here),
                },
            });
        }
    }
    if swapped > 0 {
        ctx.anomaly(
            FILE,
            message::value_normalised(
                path,
                "lon, lat",
                Reading::SwappedCoordinates {
                    swapped,
                    of: entries,
                },
            ),
        );
    }
}
