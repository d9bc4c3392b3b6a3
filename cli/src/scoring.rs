//! `eig score`, `eig explain`, `eig generate` and `eig demo`.

use super::{ExplainFormat, Fatal, ScoreFormat, ScoreInputs, print_human};
use crate::ExitCode;
use eig::diagnostics::InvalidDocument;
use eig::diagnostics::{Lang, Violation};
use eig::documents::{Input, validate_document};
use eig::model::{Application, Jury, ScoreSheets, ScoringGrid};
use eig::rules::Target;
use eig::schema::SchemaKind;
use eig::scoring::{Outcome, Ranking, StageError, rank_stage};
use eig::synthetic::{Options, SyntheticPromotion, promotion};
use eig::validate::{
    Checked, CompiledRulebook, Document, RulebookChoice, Validator, load_document,
};
use serde::Serialize;
use std::path::Path;

/// The bytes of a document already loaded once (so within its size limit).
fn read(path: &Path, kind: SchemaKind) -> Result<Vec<u8>, Fatal> {
    match super::read_input(&path.display().to_string(), kind).map_err(Fatal)? {
        super::Read::Bytes(b) => Ok(b),
        super::Read::TooLarge(_) => Err(Fatal(format!(
            "{}: past the size limit of {} bytes",
            path.display(),
            eig::documents::max_bytes(kind)
        ))),
    }
}

/// Loads one document; an invalid one is printed with its violations and ends with exit 1.
fn load<T: Document<Context = ()>>(
    path: &Path,
    lang: Lang,
) -> Result<Result<Checked<T>, ()>, Fatal> {
    let bytes = match super::read_input(&path.display().to_string(), T::KIND).map_err(Fatal)? {
        super::Read::Bytes(b) => b,
        super::Read::TooLarge(report) => {
            print_human(&path.display().to_string(), &[], &report, lang);
            return Ok(Err(()));
        }
    };
    Ok(match load_document::<T>(&bytes) {
        Ok(doc) => Ok(doc),
        Err(e) => {
            print_human(&path.display().to_string(), &bytes, &e.report, lang);
            Err(())
        }
    })
}

fn rank(inputs: &ScoreInputs, lang: Lang) -> Result<Result<Ranking, ()>, Fatal> {
    let grid = match &inputs.grid {
        Some(path) => Some(load::<ScoringGrid>(path, lang)?),
        None => None,
    };
    let jury = load::<Jury>(&inputs.jury, lang)?;
    let sheets = load::<ScoreSheets>(&inputs.scores, lang)?;
    let (Ok(jury), Ok(sheets)) = (jury, sheets) else {
        return Ok(Err(()));
    };
    if matches!(grid, Some(Err(()))) {
        return Ok(Err(()));
    }
    let given = match &inputs.rulebook {
        Some(path) => {
            // Its report and the rulebook, its rules compiled once for both.
            let bytes = read(path, SchemaKind::Rulebook)?;
            match CompiledRulebook::check_json(&bytes) {
                (_, Some(rb)) => Some(rb),
                (report, None) => {
                    print_human(&path.display().to_string(), &bytes, &report, lang);
                    return Ok(Err(()));
                }
            }
        }
        None => None,
    };
    let choice = RulebookChoice::from_options(inputs.promotion.as_deref(), given)
        .map_err(|e| Fatal(e.to_owned()))?;
    let mut compiled = super::rulebook_for(&choice, sheets.promotion.as_str())?;
    // The rulebook's declared rules for each document, reported against its own file (with
    // its lines), then left out of the scoring, which would report them all together.
    let mine = |t: Target| matches!(t, Target::ScoringGrid | Target::Jury | Target::ScoreSheets);
    let mut shown = Vec::new();
    if compiled.rulebook().rules.iter().any(|r| mine(r.on)) {
        let given = RulebookChoice::Given(compiled.clone());
        let mut failed = false;
        let files = [
            (inputs.grid.as_ref(), SchemaKind::ScoringGrid),
            (Some(&inputs.jury), SchemaKind::Jury),
            (Some(&inputs.scores), SchemaKind::ScoreSheets),
        ];
        for (path, kind) in files.into_iter().filter_map(|(p, k)| p.map(|p| (p, k))) {
            let bytes = read(path, kind)?;
            let report = validate_document(kind, Input::Bytes(&bytes), &given);
            let file = path.display().to_string();
            if report.valid {
                crate::print_violations(&file, &report.violations, lang);
            } else {
                print_human(&file, &bytes, &report, lang);
                failed = true;
            }
            shown.extend(report.violations);
        }
        if failed {
            return Ok(Err(()));
        }
        let mut rest = compiled.rulebook().clone();
        rest.rules.retain(|r| !mine(r.on));
        compiled = rest.into();
    }
    let grid = grid.and_then(Result::ok);
    let (stage, before) = (inputs.stage.as_deref(), inputs.hired_before);
    match rank_stage(&compiled, stage, grid.as_ref(), &jury, &sheets, before) {
        Ok(mut r) => {
            r.violations.retain(|v| !shown.contains(v));
            Ok(Ok(r))
        }
        Err(StageError::NoGrid(e)) => Err(Fatal(format!("{e} with --grid"))),
        Err(StageError::NoCap(e)) => Err(Fatal(format!("--hired-before: {e}"))),
        Err(StageError::Refused(InvalidDocument { report })) => {
            // Each violation against the file it names: the jury's (`/jurors/…`, a weight
            // for instance) at its line in the jury, the others in the score sheets.
            let (jury, sheets): (Vec<_>, Vec<_>) = report
                .violations
                .into_iter()
                .partition(|v| v.path.starts_with("/jurors/") || v.path == "/jurors");
            for (path, kind, violations) in [
                (&inputs.jury, SchemaKind::Jury, jury),
                (&inputs.scores, SchemaKind::ScoreSheets, sheets),
            ] {
                if violations.is_empty() {
                    continue;
                }
                let bytes = read(path, kind)?;
                let report = eig::diagnostics::Report::new(violations);
                print_human(&path.display().to_string(), &bytes, &report, lang);
            }
            Ok(Err(()))
        }
        Err(e) => Err(Fatal(e.to_string())),
    }
}

pub(crate) fn score(
    inputs: &ScoreInputs,
    format: ScoreFormat,
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    let Ok(ranking) = rank(inputs, lang)? else {
        return Ok(ExitCode::from(1));
    };
    crate::print_violations(
        &inputs.scores.display().to_string(),
        &ranking.violations,
        lang,
    );
    match format {
        ScoreFormat::Json => println!("{}", to_json(&ranking)?),
        ScoreFormat::Csv => print!("{}", ranking.to_csv(lang)),
        ScoreFormat::Table => print!("{}", ranking.to_text(lang, usize::MAX)),
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn explain(
    items: &[String],
    inputs: &ScoreInputs,
    format: ExplainFormat,
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    let Ok(ranking) = rank(inputs, lang)? else {
        return Ok(ExitCode::from(1));
    };
    let mut missing = Vec::new();
    let mut json = Vec::new();
    for id in items {
        let Some(item) = ranking.item(id) else {
            missing.push(id.as_str());
            continue;
        };
        match format {
            ExplainFormat::Text => println!("{}", ranking.notice(item, lang)),
            ExplainFormat::Html => {
                println!("{}", ranking.explain_html(id, lang).unwrap_or_default())
            }
            ExplainFormat::Json => json.push(serde_json::json!({
                "item": item,
                "notice": ranking.notice(item, lang),
            })),
        }
    }
    if let ExplainFormat::Json = format {
        println!("{}", to_json(&json)?);
    }
    if missing.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Fatal(format!(
            "no item {} in {}",
            missing.join(", "),
            inputs.scores.display()
        )))
    }
}

fn to_json<T: Serialize>(x: &T) -> Result<String, Fatal> {
    serde_json::to_string_pretty(x).map_err(|e| Fatal(e.to_string()))
}

fn write_json<T: Serialize>(path: &Path, x: &T) -> Result<(), Fatal> {
    let mut text = to_json(x)?;
    text.push('\n');
    crate::write_output(path, text.as_bytes(), &[])
}

pub(crate) fn generate(out: &Path, options: &Options) -> Result<ExitCode, Fatal> {
    let p = promotion(options).map_err(|e| Fatal(e.to_string()))?;
    let mkdir =
        |d: &Path| std::fs::create_dir_all(d).map_err(|e| Fatal(format!("{}: {e}", d.display())));
    mkdir(out)?;
    mkdir(&out.join("submissions"))?;
    mkdir(&out.join("applications"))?;
    write_json(&out.join("rulebook.json"), &p.rulebook)?;
    write_json(&out.join("jury.json"), &p.jury)?;
    write_json(&out.join("grid-defis.json"), &p.challenge_grid)?;
    write_json(&out.join("grid-candidats.json"), &p.candidate_grid)?;
    write_json(&out.join("scores-defis.json"), &p.challenge_scores)?;
    write_json(&out.join("scores-candidats.json"), &p.candidate_scores)?;
    write_json(&out.join("truth.json"), &p.truth)?;
    for (k, s) in p.submissions.iter().enumerate() {
        write_json(
            &out.join("submissions")
                .join(format!("{}.json", eig::synthetic::challenge_id(k))),
            s,
        )?;
    }
    for a in &p.applications {
        write_json(&out.join("applications").join(format!("{}.json", a.id)), a)?;
    }
    let (teams, mentors) = team_inputs(&p, options.seed)?;
    write_json(&out.join("teams.json"), &teams)?;
    write_json(&out.join("mentors.json"), &mentors)?;
    // The hearings of the défis, as the EIG 4 jury was run: 50 jurors over two days, two
    // rooms in parallel.
    let plan = eig::synthetic::jury_plan(&eig::synthetic::JuryPlanOptions {
        seed: options.seed,
        items: p.submissions.len(),
        ..eig::synthetic::JuryPlanOptions::default()
    });
    write_json(&out.join("jury-plan.json"), &plan)?;
    println!(
        "wrote {}: rulebook.json, jury.json, grid-defis.json, grid-candidats.json, scores-defis.json, scores-candidats.json, truth.json, teams.json, mentors.json, jury-plan.json, {} submissions, {} applications (seed {})",
        out.display(),
        p.submissions.len(),
        p.applications.len(),
        options.seed
    );
    println!(
        "next: eig score --rulebook {0}/rulebook.json --grid {0}/grid-candidats.json --jury {0}/jury.json --scores {0}/scores-candidats.json",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Scores both stages of a synthetic promotion.
fn rankings(p: &SyntheticPromotion) -> Result<(Ranking, Ranking), Fatal> {
    eig::synthetic::rankings(p).map_err(|e| {
        Fatal(format!(
            "the generated documents do not score: {}",
            e.report
        ))
    })
}

/// The team formation and mentor matching inputs of a synthetic promotion, once scored.
fn team_inputs(
    p: &SyntheticPromotion,
    seed: u64,
) -> Result<(eig::model::TeamFormation, eig::model::MentorMatching), Fatal> {
    let (challenges, candidates) = rankings(p)?;
    let teams = eig::synthetic::teams_input(p, &challenges, &candidates, seed);
    let mentors = eig::synthetic::mentors_input(p, &teams, seed);
    Ok((teams, mentors))
}

fn validate_all(p: &SyntheticPromotion) -> (usize, usize, usize) {
    let validator = Validator::new(p.rulebook.clone());
    let bad_submissions = p
        .submissions
        .iter()
        .filter(|s| !validator.validate_submission(s).valid)
        .count();
    let bad_applications = p
        .applications
        .iter()
        .filter(|a: &&Application| a.check(&()).iter().any(Violation::is_error))
        .count();
    let bad_docs = [
        p.challenge_grid.check(&()),
        p.candidate_grid.check(&()),
        p.jury.check(&()),
        p.challenge_scores.check(&()),
        p.candidate_scores.check(&()),
    ]
    .iter()
    .filter(|v| v.iter().any(Violation::is_error))
    .count();
    (bad_submissions, bad_applications, bad_docs)
}

pub(crate) fn demo(options: &Options, lang: Lang) -> Result<ExitCode, Fatal> {
    let fr = lang == Lang::Fr;
    let start = std::time::Instant::now();
    let p = promotion(options).map_err(|e| Fatal(e.to_string()))?;
    let (bs, ba, bd) = validate_all(&p);
    let colon = if fr { " :" } else { ":" };
    println!(
        "{} {}{colon} {} défis, {} {}, {} {}, {} {}",
        if fr {
            "Promotion générée, graine"
        } else {
            "Generated promotion, seed"
        },
        options.seed,
        p.submissions.len(),
        p.applications.len(),
        if fr { "candidatures" } else { "applications" },
        p.jury.jurors.len(),
        if fr { "jurés" } else { "jurors" },
        p.candidate_scores.scores.len() + p.challenge_scores.scores.len(),
        if fr { "notes" } else { "scores" },
    );
    println!(
        "Validation{colon} {} {}, {} {}, {} {}",
        p.submissions.len() - bs,
        if fr { "défis valides" } else { "valid défis" },
        p.applications.len() - ba,
        if fr {
            "candidatures valides"
        } else {
            "valid applications"
        },
        5 - bd,
        if fr {
            "documents de jury valides sur 5"
        } else {
            "valid jury documents of 5"
        },
    );
    let (challenge_ranking, candidate_ranking) = rankings(&p)?;
    let rankings = [challenge_ranking, candidate_ranking];
    for ranking in &rankings {
        let label = if fr {
            &ranking.stage.label_fr
        } else {
            &ranking.stage.label_en
        };
        let count = |o: Outcome| ranking.items.iter().filter(|r| r.outcome == o).count();
        let (selected, waiting, total) = (
            count(Outcome::Selected),
            count(Outcome::WaitingList),
            ranking.items.len(),
        );
        if fr {
            println!(
                "\n== {label} ({selected} retenu(s), {waiting} sur liste d'attente, sur {total}) =="
            );
        } else {
            println!(
                "\n== {label} ({selected} selected, {waiting} on the waiting list, of {total}) =="
            );
        }
        print!("{}", ranking.to_text(lang, 8));
        for v in &ranking.violations {
            println!("  ! [{}] {}", v.code, v.message(lang));
        }
    }
    let candidates = &rankings[1];
    println!(
        "\n== {} ==",
        if fr {
            "Biais des jurés : estimé (modèle additif) et planté"
        } else {
            "Juror bias: estimated (additive model) and planted"
        }
    );
    for j in &candidates.jurors {
        let signed = |x: f64| {
            let s = format!("{x:+.2}");
            if fr { s.replace('.', ",") } else { s }
        };
        println!(
            "  {} {} ({})",
            j.juror,
            signed(j.bias),
            signed(
                p.truth
                    .juror_bias
                    .get(&j.juror)
                    .copied()
                    .unwrap_or_default()
            )
        );
    }
    // One notice: the best candidate whose rank moved most with calibration, else the first.
    let chosen = candidates
        .items
        .iter()
        .filter(|r| r.outcome != Outcome::Selected && r.rank.is_some())
        .find(|r| r.raw_rank.is_some_and(|raw| Some(raw) != r.rank))
        .or_else(|| candidates.items.first());
    if let Some(item) = chosen {
        println!(
            "\n== {} ==\n{}",
            if fr {
                "Explication d'une décision"
            } else {
                "One decision explained"
            },
            candidates.notice(item, lang)
        );
    }
    crate::teams::demo(&p, &rankings[0], &rankings[1], options.seed, lang)?;
    println!(
        "{} {} s",
        if fr { "Durée :" } else { "Time:" },
        eig::table::decimal(start.elapsed().as_secs_f64(), 2, lang)
    );
    Ok(ExitCode::SUCCESS)
}
