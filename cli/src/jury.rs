//! `eig jury plan`: jurors placed in panels, rooms and half-days; `eig jury agreement`: how
//! much a stage's jurors agree, over the stage and per panel.

use crate::ExitCode;
use crate::{Fatal, LangArg};
use clap::{Subcommand, ValueEnum};
use eig::diagnostics::Lang;
use eig::placement::jury::{self, PlanOptions, plan_jury};
use eig::validate::load_document;
use std::path::PathBuf;

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
        #[arg(long, default_value = "10", value_parser = seconds)]
        time_limit: PlanOptions,
        /// Print why these jurors or items are placed as they are.
        #[arg(long = "explain", value_name = "JUROR_OR_ITEM")]
        explain: Vec<String>,
        /// A rulebook file: its `jury-plan` rules check the input, its `juror-item` rules name
        /// more conflicts of interest; default: the built-in rulebook of the input's promotion.
        #[arg(long)]
        rulebook: Option<PathBuf>,
        /// Language of the text.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// How much the jurors of a stage agree: Krippendorff's alpha per criterion over the stage
    /// and per panel (the panels the sheets list), the items whose scores spread past a
    /// threshold (for a second reading), and the panels' shared sheets that fall outside their
    /// jurors' scores.
    ///
    /// Exit code: 0 on success, 1 when the sheets are invalid, 2 for usage or I/O.
    Agreement {
        /// Score sheets (JSON, schema `score-sheets`).
        file: PathBuf,
        /// Level of measurement of the scores.
        #[arg(long, value_enum, default_value_t = LevelArg::Interval)]
        level: LevelArg,
        /// Flag an item on a criterion when its highest and lowest scores differ by more.
        #[arg(long, default_value_t = 3.0)]
        spread: f64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = AgreementFormat::Table)]
        format: AgreementFormat,
        /// Language of the text.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum LevelArg {
    Nominal,
    Ordinal,
    Interval,
    Ratio,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum AgreementFormat {
    /// Alpha per criterion and panel, then the items to read again.
    Table,
    /// The whole agreement.
    Json,
}

fn agreement(
    file: &std::path::Path,
    level: LevelArg,
    spread: f64,
    format: AgreementFormat,
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    use eig::scoring::Measurement;
    let Some(sheets) = crate::teams::load(file, lang, load_document::<eig::model::ScoreSheets>)?
    else {
        return Ok(ExitCode::from(1));
    };
    let level = match level {
        LevelArg::Nominal => Measurement::Nominal,
        LevelArg::Ordinal => Measurement::Ordinal,
        LevelArg::Interval => Measurement::Interval,
        LevelArg::Ratio => Measurement::Ratio,
    };
    let result = eig::scoring::agreement(&sheets, level, spread)
        .map_err(|e| Fatal(format!("--spread: {e}")))?;
    match format {
        AgreementFormat::Json => crate::teams::json(&result)?,
        AgreementFormat::Table => print!("{}", result.to_text(lang, spread)),
    }
    Ok(ExitCode::SUCCESS)
}

fn seconds(text: &str) -> Result<PlanOptions, String> {
    let s: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    PlanOptions::from_seconds(s)
}

pub(crate) fn run(action: JuryAction) -> Result<ExitCode, Fatal> {
    match action {
        JuryAction::Plan {
            file,
            format,
            time_limit,
            explain,
            rulebook,
            lang,
        } => plan(
            &file,
            format,
            time_limit,
            &explain,
            rulebook.as_deref(),
            lang.into(),
        ),
        JuryAction::Agreement {
            file,
            level,
            spread,
            format,
            lang,
        } => agreement(&file, level, spread, format, lang.into()),
    }
}

fn plan(
    file: &std::path::Path,
    format: PlanFormat,
    options: PlanOptions,
    explain: &[String],
    rulebook: Option<&std::path::Path>,
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    let Some(choice) = crate::teams::rulebook_choice(rulebook, lang)? else {
        return Ok(ExitCode::from(1));
    };
    let Some(input) = crate::teams::load(file, lang, |b| jury::load(b, &choice))? else {
        return Ok(ExitCode::from(1));
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
