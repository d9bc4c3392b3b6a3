//! `eig match teams` and `eig match mentors`, and the team part of `eig demo`.

use crate::ExitCode;
use crate::{Fatal, LangArg};
use clap::{Subcommand, ValueEnum};
use eig::Rulebook;
use eig::diagnostics::Lang;
use eig::model::MentorMatching;
use eig::placement::mentors::match_mentors;
use eig::placement::teams::{self, Policy, comparison_table, form_teams};
use eig::validate::{Checked, RulebookChoice, load_document};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum PolicyArg {
    Stable,
    Optimal,
    /// Both, and their comparison.
    Compare,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum MatchFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Subcommand)]
pub(crate) enum MatchAction {
    /// Put the selected candidates on the seats of the selected défis.
    ///
    /// Exit code: 0 on success, 1 when the input is invalid, 2 for usage or I/O problems.
    Teams {
        /// A team formation document (JSON, schema `team-formation`).
        file: PathBuf,
        /// Stable (deferred acceptance), optimal (welfare, min-cost flow), or both compared.
        #[arg(long, value_enum, default_value_t = PolicyArg::Stable)]
        policy: PolicyArg,
        /// A rulebook file; default: the built-in rulebook of the document's promotion.
        #[arg(long)]
        rulebook: Option<PathBuf>,
        /// Output format (CSV: one row per candidate).
        #[arg(long, value_enum, default_value_t = MatchFormat::Table)]
        format: MatchFormat,
        /// Print the explanation of these candidates' placements.
        #[arg(long = "explain", value_name = "CANDIDATE")]
        explain: Vec<String>,
        /// Language of the text.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Give every team its référents (and buddies), within their loads and without conflicts
    /// of interest.
    ///
    /// Exit code: 0 on success, 1 when the input is invalid or infeasible, 2 for usage or I/O.
    Mentors {
        /// A mentor matching document (JSON, schema `mentor-matching`).
        file: PathBuf,
        /// Output format (CSV: one row per pair).
        #[arg(long, value_enum, default_value_t = MatchFormat::Table)]
        format: MatchFormat,
        /// Print the explanation of these teams' pairs.
        #[arg(long = "explain", value_name = "TEAM")]
        explain: Vec<String>,
        /// Language of the text.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
}

pub(crate) fn load<T: eig::validate::Document>(
    path: &Path,
    lang: Lang,
    load: impl FnOnce(&[u8]) -> Result<Checked<T>, eig::InvalidDocument>,
) -> Result<Option<Checked<T>>, Fatal> {
    let bytes = match crate::read_input(&path.display().to_string(), T::KIND).map_err(Fatal)? {
        crate::Read::Bytes(b) => b,
        crate::Read::TooLarge(report) => {
            crate::print_human(&path.display().to_string(), &[], &report, lang);
            return Ok(None);
        }
    };
    match load(&bytes) {
        Ok(doc) => Ok(Some(doc)),
        Err(e) => {
            crate::print_human(&path.display().to_string(), &bytes, &e.report, lang);
            Ok(None)
        }
    }
}

/// The rulebook file given (read and checked), or the built-in one of the document's
/// promotion; `None` when the file is invalid (its violations printed).
pub(crate) fn rulebook_choice(
    rulebook: Option<&Path>,
    lang: Lang,
) -> Result<Option<RulebookChoice>, Fatal> {
    Ok(match rulebook {
        Some(path) => load(path, lang, load_document::<Rulebook>)?
            .map(|rb| RulebookChoice::Given(rb.into_inner().into())),
        None => Some(RulebookChoice::Named),
    })
}

pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<(), Fatal> {
    println!(
        "{}",
        serde_json::to_string_pretty(value)
            .map_err(|e| Fatal(format!("cannot write JSON: {e}")))?
    );
    Ok(())
}

pub(crate) fn run(action: MatchAction) -> Result<ExitCode, Fatal> {
    match action {
        MatchAction::Teams {
            file,
            policy,
            rulebook,
            format,
            explain,
            lang,
        } => teams(
            &file,
            policy,
            rulebook.as_deref(),
            format,
            &explain,
            lang.into(),
        ),
        MatchAction::Mentors {
            file,
            format,
            explain,
            lang,
        } => mentors(&file, format, &explain, lang.into()),
    }
}

fn teams(
    file: &Path,
    policy: PolicyArg,
    rulebook: Option<&Path>,
    format: MatchFormat,
    explain: &[String],
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    // The rulebook given is the one every check and the solver use.
    let Some(choice) = rulebook_choice(rulebook, lang)? else {
        return Ok(ExitCode::from(1));
    };
    let Some(input) = load(file, lang, |b| teams::load(b, &choice))? else {
        return Ok(ExitCode::from(1));
    };
    if input.context().rulebook().is_none() {
        crate::rulebook_for(&choice, input.promotion.as_str())?;
    }
    let policies: &[Policy] = match policy {
        PolicyArg::Stable => &[Policy::Stable],
        PolicyArg::Optimal => &[Policy::Optimal],
        PolicyArg::Compare => &[Policy::Stable, Policy::Optimal],
    };
    let mut results = Vec::new();
    for &p in policies {
        match form_teams(&input, p) {
            Ok(r) => results.push(r),
            Err(e) => {
                crate::print_violations(&file.display().to_string(), e.violations(), lang);
                return Ok(ExitCode::from(1));
            }
        }
    }
    match format {
        MatchFormat::Json => {
            if results.len() == 1 {
                json(&results[0])?;
            } else {
                json(&serde_json::json!({
                    "comparison": comparison_table(&results.iter().collect::<Vec<_>>()).to_json_records(),
                    "stable": results[0],
                    "optimal": results[1],
                }))?;
            }
        }
        MatchFormat::Csv => {
            let mut table = results[0].placements_table();
            for r in &results[1..] {
                table.rows.extend(r.placements_table().rows);
            }
            print!("{}", table.to_csv());
        }
        MatchFormat::Table => {
            for r in &results {
                print!("{}", r.to_text(lang, usize::MAX));
            }
            if results.len() > 1 {
                print!(
                    "\n{}",
                    comparison_table(&results.iter().collect::<Vec<_>>())
                        .to_text_in(lang, usize::MAX)
                        .0
                );
            }
        }
    }
    for candidate in explain {
        for r in &results {
            let text = r.notice(candidate, lang).ok_or_else(|| {
                Fatal(format!(
                    "{candidate:?} is not a candidate of {}",
                    file.display()
                ))
            })?;
            println!("\n[{}] {text}", r.policy.as_str());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn mentors(
    file: &Path,
    format: MatchFormat,
    explain: &[String],
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    let Some(input) = load(file, lang, load_document::<MentorMatching>)? else {
        return Ok(ExitCode::from(1));
    };
    let result = match match_mentors(&input) {
        Ok(r) => r,
        Err(e) => {
            crate::print_violations(&file.display().to_string(), e.violations(), lang);
            return Ok(ExitCode::from(1));
        }
    };
    match format {
        MatchFormat::Json => json(&result)?,
        MatchFormat::Csv => print!("{}", result.table().to_csv()),
        MatchFormat::Table => print!("{}", result.to_text(lang)),
    }
    for team in explain {
        let text = result
            .notice(team, lang)
            .ok_or_else(|| Fatal(format!("{team:?} is not a team of {}", file.display())))?;
        print!("\n{text}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The team part of `eig demo`: both policies on the selected défis and candidates, their
/// comparison, one candidate's explanation, the référents and one pair's explanation.
pub(crate) fn demo(
    p: &eig::synthetic::SyntheticPromotion,
    challenges: &eig::scoring::Ranking,
    candidates: &eig::scoring::Ranking,
    seed: u64,
    lang: Lang,
) -> Result<(), Fatal> {
    let fr = lang == Lang::Fr;
    let input = eig::synthetic::teams_input(p, challenges, candidates, seed);
    let first = |e: eig::InvalidDocument| {
        e.violations()
            .first()
            .map(|v| v.message_en.clone())
            .unwrap_or_default()
    };
    let checked = teams::load_with_rulebook(input.clone(), &p.rulebook)
        .map_err(|e| Fatal(format!("the generated teams do not form: {}", first(e))))?;
    let form = |policy| {
        form_teams(&checked, policy)
            .map_err(|e| Fatal(format!("the generated teams do not form: {}", first(e))))
    };
    let stable = form(Policy::Stable)?;
    let optimal = form(Policy::Optimal)?;
    println!();
    print!("{}", stable.to_text(lang, 8));
    println!(
        "\n== {} ==\n{}",
        if fr {
            "Politiques comparées"
        } else {
            "Policies compared"
        },
        comparison_table(&[&stable, &optimal])
            .to_text_in(lang, usize::MAX)
            .0
    );
    // One explanation: a candidate not on their first choice, else the first candidate.
    let chosen = stable
        .placements
        .iter()
        .find(|x| x.rank.is_some_and(|r| r > 1))
        .or_else(|| stable.placements.first());
    if let Some(c) = chosen
        && let Some(text) = stable.notice(&c.candidate, lang)
    {
        println!(
            "== {} ==\n{text}",
            if fr {
                "Explication d'un placement"
            } else {
                "One placement explained"
            }
        );
    }
    rematch_teams(&input, &stable, &p.rulebook, lang)?;
    let mentors_input = eig::synthetic::mentors_input(p, &input, seed);
    let mentors = Checked::check(mentors_input.clone(), ())
        .and_then(|m| match_mentors(&m))
        .map_err(|e| {
            Fatal(format!(
                "the generated référents do not match: {}",
                first(e)
            ))
        })?;
    println!(
        "== {} ==\n{}",
        if fr {
            "Référents et binômes"
        } else {
            "Référents and buddies"
        },
        mentors.to_text(lang)
    );
    let pair = mentors
        .pairs
        .iter()
        .find(|x| !x.conflicts.is_empty())
        .or_else(|| mentors.pairs.first());
    if let Some(pair) = pair {
        println!(
            "== {} ==\n{}\n",
            if fr {
                "Explication d'un suivi"
            } else {
                "One pair explained"
            },
            pair.notice(lang)
        );
    }
    rematch_mentors(&mentors_input, &mentors, lang)
}

/// The demo's first placed candidate withdraws: the teams are formed again from the placement
/// announced, moving as few people as possible, and the changes are printed.
fn rematch_teams(
    input: &eig::model::TeamFormation,
    announced: &teams::TeamResult,
    rulebook: &Rulebook,
    lang: Lang,
) -> Result<(), Fatal> {
    let fr = lang == Lang::Fr;
    let previous = announced.announced();
    // The first placed candidate whose seat someone else can take (else the first placed).
    let mut shown = None;
    for gone in &previous {
        let mut next = input.clone();
        next.previous = Some(previous.clone());
        next.withdrawn = vec![gone.candidate.clone()];
        let again = teams::load_with_rulebook(next, rulebook)
            .and_then(|checked| form_teams(&checked, Policy::Stable))
            .map_err(|e| Fatal(format!("the teams do not form again: {e}")))?;
        let filled = again.changes.iter().any(|c| c.reason == "added");
        if shown.is_none() || filled {
            shown = Some((gone.candidate.clone(), again));
        }
        if filled {
            break;
        }
    }
    let Some((gone, again)) = shown else {
        return Ok(());
    };
    println!(
        "== {} ==\n{}",
        if fr {
            format!("désistement de {gone} : les équipes sont reformées")
        } else {
            format!("{gone} withdraws: the teams are formed again")
        },
        again.changes_text(lang)
    );
    Ok(())
}

/// The demo's first référent withdraws: the référents are matched again from the pairs
/// announced, dropping as few as possible, and the changes are printed.
fn rematch_mentors(
    input: &MentorMatching,
    announced: &eig::placement::mentors::MentorResult,
    lang: Lang,
) -> Result<(), Fatal> {
    let fr = lang == Lang::Fr;
    let Some(gone) = announced.pairs.first().map(|x| x.follower.clone()) else {
        return Ok(());
    };
    let mut next = input.clone();
    next.previous = Some(announced.announced());
    next.withdrawn = vec![gone.clone()];
    let again = Checked::check(next, ())
        .and_then(|m| match_mentors(&m))
        .map_err(|e| Fatal(format!("the référents do not match again: {e}")))?;
    println!(
        "== {} ==\n{}",
        if fr {
            format!("retrait de {gone} : les référents sont appariés de nouveau")
        } else {
            format!("{gone} withdraws: the référents are matched again")
        },
        again.changes_text(lang)
    );
    Ok(())
}
