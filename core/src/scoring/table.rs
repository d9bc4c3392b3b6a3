//! A ranking as a table with stable column names: for CSV, and for pandas or polars through
//! the bindings.

use super::{Ranking, Reason};
use crate::diagnostics::Lang;
use crate::table::{Cell, Table};

impl Reason {
    /// The reason's stable snake_case code (the `code` of its JSON form).
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::WithinSeats { .. } => "within_seats",
            Self::Quota { .. } => "quota",
            Self::WaitingList { .. } => "waiting_list",
            Self::BelowCutoff { .. } => "below_cutoff",
            Self::BelowThreshold { .. } => "below_threshold",
            Self::OrganisationCap { .. } => "organisation_cap",
            Self::HiringCap { .. } => "hiring_cap",
            Self::SeatsReserved { .. } => "seats_reserved",
            Self::Eliminated { .. } => "eliminated",
            Self::TooFewJurors { .. } => "too_few_jurors",
        }
    }
}

impl Ranking {
    /// The column names: `rank`, `item`, `label`, `expertise`, `final_score`, `raw_score`,
    /// `raw_rank`, `outcome`, `reason_code`, `reason`, then `criterion_<id>` (the calibrated
    /// aggregate) for each criterion of the grid.
    #[must_use]
    pub fn columns(&self) -> Vec<String> {
        [
            "rank",
            "item",
            "label",
            "expertise",
            "final_score",
            "raw_score",
            "raw_rank",
            "outcome",
            "reason_code",
            "reason",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain(self.criteria.iter().map(|c| format!("criterion_{}", c.id)))
        .collect()
    }

    /// One row per item, in the order of [`Ranking::items`], matching [`Ranking::columns`];
    /// the reason is written in `lang`.
    #[must_use]
    pub fn rows(&self, lang: Lang) -> Vec<Vec<Cell>> {
        self.items
            .iter()
            .map(|i| {
                let text = |s: &str| Cell::Text(Some(s.to_owned()));
                let mut row = vec![
                    Cell::Int(i.rank),
                    text(&i.item),
                    Cell::Text(i.label.clone()),
                    Cell::Text(i.expertise.as_ref().map(|e| e.as_str().to_owned())),
                    Cell::Float(i.final_score),
                    Cell::Float(i.raw_score),
                    Cell::Int(i.raw_rank),
                    text(i.outcome.as_str()),
                    text(i.reason.code()),
                    text(&i.reason.sentence(i.rank, i.final_score, lang)),
                ];
                row.extend(i.criteria.iter().map(|c| Cell::Float(c.calibrated)));
                row
            })
            .collect()
    }

    /// The table as CSV (RFC 4180 quoting, a header line, empty fields for absent values).
    #[must_use]
    pub fn to_csv(&self, lang: Lang) -> String {
        Table {
            name: "ranking".to_owned(),
            columns: self.columns(),
            types: Vec::new(),
            rows: self.rows(lang),
        }
        .to_csv()
    }
}
