//! The programme's published aggregates (`etalab/eig-charts`): the selection funnel per year.

use super::{Ctx, ImportError, Origin, Raw, RecordKind};
use crate::diagnostics::message::{self, Lacking, Shape, Then};
use crate::model::{FunnelYear, PromotionId, SourceKind};
use serde_json::Value;

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
            ctx.refuse(RecordKind::Funnel, FILE, None, message::json_error(&e, 128));
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
                            format!("/{section}/{}/{i}", super::escape(name)),
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
            // The aggregates cover EIG 1 to 3, one promotion a year from 2017 (DIG excluded).
            promotion: (2017..=2019)
                .contains(&year)
                .then(|| PromotionId::new(format!("eig-{}", year - 2016))),
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
    Ok(())
}
