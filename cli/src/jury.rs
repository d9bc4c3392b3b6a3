//! `eig jury plan`: jurors placed in panels, rooms and half-days.

use crate::ExitCode;
use crate::{Fatal, LangArg};
use clap::{Subcommand, ValueEnum};
use eig::diagnostics::Lang;
use eig::model::JuryPlan;
use eig::placement::jury::{PlanOptions, plan_jury};
use eig::validate::load_document;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum PlanFormat {
    /// The timetable in words, panel by panel.
    Table,
    /// The whole plan: panels, jurors, items, objective and proof.
    Json,
    /// One row per hearing.
    Csv,
    /// The timetable as an HTML table.
    Html,
}

#[derive(Debug, Subcommand)]
pub(crate) enum JuryAction {
    /// Place the jurors in panels, rooms and half-days: every item heard by one panel with
    /// one référent, under availability, loads, conflicts of interest, the profiles to cover
    /// and the spread of organisations. The plan is optimal for the documented objective, and
    /// says so (or gives its proven gap when stopped by the time limit); when no plan exists,
    /// the rule that binds is named with a change that makes one possible, checked.
    ///
    /// Exit code: 0 on success, 1 when the input is invalid or no plan exists, 2 for usage or
    /// I/O.
    Plan {
        /// A jury plan input (JSON, schema `jury-plan`; `eig generate` writes one).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
        format: PlanFormat,
        /// Most seconds the search may take; past it, the best plan found and its proven gap.
        #[arg(long, default_value_t = 10.0, value_parser = seconds)]
        time_limit: f64,
        /// Print why these jurors or items are placed as they are.
        #[arg(long = "explain", value_name = "JUROR_OR_ITEM")]
        explain: Vec<String>,
        /// Language of the text.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
}

fn seconds(text: &str) -> Result<f64, String> {
    let s: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if s.is_finite() && s > 0.0 && s <= 3600.0 {
        Ok(s)
    } else {
        Err("the time limit is between 0 and 3600 seconds".to_owned())
    }
}

pub(crate) fn run(action: JuryAction) -> Result<ExitCode, Fatal> {
    match action {
        JuryAction::Plan {
            file,
            format,
            time_limit,
            explain,
            lang,
        } => plan(&file, format, time_limit, &explain, lang.into()),
    }
}

fn plan(
    file: &std::path::Path,
    format: PlanFormat,
    time_limit: f64,
    explain: &[String],
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    let Some(input) = crate::teams::load(file, lang, load_document::<JuryPlan>)? else {
        return Ok(ExitCode::from(1));
    };
    let options = PlanOptions {
        time_limit: Duration::from_secs_f64(time_limit),
        node_limit: None,
    };
    let result = match plan_jury(&input, options) {
        Ok(r) => r,
        Err(e) => {
            crate::print_violations(&file.display().to_string(), e.violations(), lang);
            return Ok(ExitCode::from(1));
        }
    };
    match format {
        PlanFormat::Json => crate::teams::json(&result)?,
        PlanFormat::Csv => print!("{}", result.timetable().to_csv()),
        PlanFormat::Html => print!("{}", result.to_html(&input, lang)),
        PlanFormat::Table => print!("{}", result.to_text(&input, lang)),
    }
    for who in explain {
        let text = result
            .explain_juror(who, lang)
            .or_else(|| result.explain_item(who, lang))
            .ok_or_else(|| {
                Fatal(format!(
                    "{who:?} is neither a juror nor an item of {}",
                    file.display()
                ))
            })?;
        println!("\n{text}");
    }
    Ok(ExitCode::SUCCESS)
}
