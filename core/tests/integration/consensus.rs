//! Panels and their shared (consensus) sheets: the stage ranks on them when the rulebook says
//! so, a missing consensus score is named, and agreement is given per panel, equal to alpha
//! computed on the panel's own scores.

#![cfg(feature = "synthetic")]

use eig::model::{
    CalibrationMethod, ConsensusScore, RankingSheet, ScoreSheets, SelectionStage, SheetPanel,
};
use eig::scoring::{Measurement, agreement, krippendorff_alpha, score};
use eig::synthetic::{Options, promotion};
use eig::validate::Checked;
use std::collections::BTreeMap;

/// The défi stage of a generated promotion, its jurors split into two panels that each hear
/// half the défis (the other scores dropped), and each panel's shared sheet: the mean of its
/// jurors' scores, rounded to a half point.
fn panelled() -> (
    eig::synthetic::SyntheticPromotion,
    ScoreSheets,
    SelectionStage,
) {
    let p = promotion(&Options::default()).unwrap();
    let mut sheets = p.challenge_scores.clone();
    let jurors: Vec<String> = p.jury.jurors.iter().map(|j| j.id.clone()).collect();
    let items: Vec<String> = sheets.items.iter().map(|i| i.id.clone()).collect();
    let (ja, jb) = jurors.split_at(jurors.len() / 2);
    let (ia, ib) = items.split_at(items.len() / 2);
    sheets.panels = vec![
        SheetPanel {
            id: "groupe-a".into(),
            jurors: ja.to_vec(),
            items: ia.to_vec(),
        },
        SheetPanel {
            id: "groupe-b".into(),
            jurors: jb.to_vec(),
            items: ib.to_vec(),
        },
    ];
    let panel_of = |juror: &str, item: &str| {
        sheets
            .panels
            .iter()
            .find(|p| p.jurors.iter().any(|j| j == juror) && p.items.iter().any(|i| i == item))
            .map(|p| p.id.clone())
    };
    sheets
        .scores
        .retain(|s| panel_of(&s.juror, &s.item).is_some());
    // The recusals stay: a juror who stood aside from an item left the room while their
    // panel agreed on it.
    let mut sums: BTreeMap<(String, String, String), (f64, f64)> = BTreeMap::new();
    for s in &sheets.scores {
        let panel = panel_of(&s.juror, &s.item).unwrap();
        let e = sums
            .entry((panel, s.item.clone(), s.criterion.clone()))
            .or_default();
        e.0 += s.score;
        e.1 += 1.0;
    }
    sheets.consensus = sums
        .into_iter()
        .map(|((panel, item, criterion), (sum, n))| ConsensusScore {
            panel: Some(panel),
            item,
            criterion,
            score: (sum / n * 2.0).round() / 2.0,
            comment: None,
        })
        .collect();
    let mut stage = p.rulebook.stage("defis").unwrap().clone();
    stage.ranks = RankingSheet::Consensus;
    stage.calibration = CalibrationMethod::None;
    (p, sheets, stage)
}

fn run(
    p: &eig::synthetic::SyntheticPromotion,
    sheets: &ScoreSheets,
    stage: &SelectionStage,
) -> Result<eig::scoring::Ranking, eig::diagnostics::InvalidDocument> {
    score(
        &Checked::check(p.challenge_grid.clone(), ())?,
        &Checked::check(p.jury.clone(), ())?,
        &Checked::check(sheets.clone(), ())?,
        stage,
        p.rulebook.conflict_of_interest,
    )
}

#[test]
fn the_shared_sheet_ranks_when_the_stage_says_so() {
    let (p, sheets, stage) = panelled();
    let ranking = run(&p, &sheets, &stage).expect("the stage ranks");
    let weights: BTreeMap<&str, f64> = ranking
        .criteria
        .iter()
        .map(|c| (c.id.as_str(), c.weight))
        .collect();
    for item in ranking.items.iter().filter(|i| i.final_score.is_some()) {
        // Without calibration, the final score is the weighted consensus of the item.
        let expected: f64 = sheets
            .consensus
            .iter()
            .filter(|c| c.item == item.item)
            .map(|c| weights[c.criterion.as_str()] * c.score)
            .sum();
        let got = item.final_score.unwrap();
        assert!(
            (got - expected).abs() < 1e-9,
            "{}: {got} vs {expected}",
            item.item
        );
        // The raters are the panels.
        assert_eq!(item.jurors.len(), 1, "{}", item.item);
        assert!(item.jurors[0].juror.starts_with("groupe-"));
    }
    // The same sheets ranked on the individual scores give other final scores.
    let mut individual = stage.clone();
    individual.ranks = RankingSheet::Individual;
    let other = run(&p, &sheets, &individual).unwrap();
    assert!(
        other
            .items
            .iter()
            .all(|i| i.jurors.iter().all(|j| j.juror.starts_with("jure")))
    );
    assert_ne!(
        other
            .items
            .iter()
            .map(|i| i.final_score)
            .collect::<Vec<_>>(),
        ranking
            .items
            .iter()
            .map(|i| i.final_score)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_missing_or_bad_consensus_score_is_named() {
    let (p, mut sheets, stage) = panelled();
    // The sheets on their own: a consensus score of a panel not listed.
    sheets.consensus[1].panel = Some("groupe-z".into());
    let err = Checked::check(sheets.clone(), ()).unwrap_err();
    let v = &err.report.violations[0];
    assert_eq!(
        (v.code.as_str(), v.path.as_str()),
        ("unknown_reference", "/consensus/1/panel")
    );
    assert!(
        v.message_en.contains("\"groupe-z\" names no known panel"),
        "{}",
        v.message_en
    );
    sheets.consensus[1].panel = Some("groupe-a".into());
    // With the grid, the jury and the stage.
    let gone = sheets.consensus.remove(0);
    sheets.consensus[0].score = 42.0;
    sheets.panels[0].jurors.push("jure-99".into());
    let err = run(&p, &sheets, &stage).unwrap_err();
    let got: Vec<(&str, &str)> = err
        .report
        .violations
        .iter()
        .map(|v| (v.code.as_str(), v.path.as_str()))
        .collect();
    assert!(
        got.contains(&("consensus_missing", "/consensus")),
        "{got:?}"
    );
    assert!(
        got.contains(&("score_out_of_scale", "/consensus/0/score")),
        "{got:?}"
    );
    let juror = format!("/panels/0/jurors/{}", sheets.panels[0].jurors.len() - 1);
    assert!(
        got.contains(&("unknown_reference", juror.as_str())),
        "{got:?}"
    );
    let missing = err
        .report
        .violations
        .iter()
        .find(|v| v.code == "consensus_missing")
        .unwrap();
    assert!(
        missing.message_en.contains(&format!(
            "but {} has no score there for: {}",
            gone.item, gone.criterion
        )),
        "{}",
        missing.message_en
    );
    // Ranked on the individual sheets, a missing consensus score is no error.
    let mut individual = stage;
    individual.ranks = RankingSheet::Individual;
    sheets.consensus[0].score = 5.0;
    sheets.panels[0].jurors.pop();
    run(&p, &sheets, &individual).expect("the individual sheets rank");
}

#[test]
fn agreement_per_panel_is_alpha_on_the_panel_s_own_scores() {
    let (_, sheets, _) = panelled();
    let a = agreement(&sheets, Measurement::Interval, 3.0).unwrap();
    assert_eq!(a.by_panel.len(), 2);
    for panel in &a.by_panel {
        let p = sheets.panels.iter().find(|x| x.id == panel.panel).unwrap();
        for (criterion, alpha) in &panel.by_criterion {
            let data: Vec<Vec<Option<f64>>> = p
                .jurors
                .iter()
                .map(|j| {
                    p.items
                        .iter()
                        .map(|i| {
                            sheets
                                .scores
                                .iter()
                                .find(|s| {
                                    &s.juror == j && &s.item == i && &s.criterion == criterion
                                })
                                .map(|s| s.score)
                        })
                        .collect()
                })
                .collect();
            let direct = krippendorff_alpha(&data, Measurement::Interval, None).ok();
            assert_eq!(alpha.is_some(), direct.is_some());
            if let (Some(x), Some(y)) = (alpha, direct) {
                assert!((x - y).abs() < 1e-12, "{}: {x} vs {y}", panel.panel);
            }
        }
    }
    // Each shared sheet is its panel's rounded mean: never outside its jurors' range.
    assert!(a.consensus_outside.is_empty(), "{:?}", a.consensus_outside);
    // A shared score above every juror's is flagged.
    let mut far = sheets.clone();
    let (item, criterion) = (
        far.consensus[0].item.clone(),
        far.consensus[0].criterion.clone(),
    );
    let highest = far
        .scores
        .iter()
        .filter(|s| s.item == item && s.criterion == criterion)
        .map(|s| s.score)
        .fold(f64::NEG_INFINITY, f64::max);
    far.consensus[0].score = highest + 0.5;
    let gaps = agreement(&far, Measurement::Interval, 3.0)
        .unwrap()
        .consensus_outside;
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(
        (gaps[0].item.as_str(), gaps[0].highest),
        (item.as_str(), highest)
    );
}

/// With panels listed, a shared score names its panel, and an item that panel heard.
#[test]
fn a_shared_score_names_its_panel_and_an_item_it_heard() {
    let (_, mut sheets, _) = panelled();
    sheets.consensus[0].panel = None;
    let other = sheets.panels[1].items[0].clone();
    sheets.consensus[1].panel = Some("groupe-a".into());
    sheets.consensus[1].item = other.clone();
    let err = Checked::check(sheets, ()).unwrap_err();
    let got: Vec<(&str, &str)> = err
        .report
        .violations
        .iter()
        .map(|v| (v.code.as_str(), v.path.as_str()))
        .collect();
    assert!(
        got.contains(&("missing_field", "/consensus/0/panel")),
        "{got:?}"
    );
    assert!(
        got.contains(&("unknown_reference", "/consensus/1/item")),
        "{got:?}"
    );
}

/// A panel that counted a juror who may not score an item, and who did not stand aside: its
/// shared score of the item is refused, once, naming the panel and the juror; a recusal
/// recorded (the juror left the room) lets it rank.
#[test]
fn a_shared_score_with_a_conflicted_juror_who_stayed_is_refused() {
    let (mut p, mut sheets, stage) = panelled();
    let panel = sheets.panels[0].clone();
    let (juror, item) = panel
        .jurors
        .iter()
        .flat_map(|j| panel.items.iter().map(move |i| (j.clone(), i.clone())))
        .find(|(j, i)| {
            !sheets
                .recusals
                .iter()
                .any(|r| r.juror == *j && r.item == *i)
        })
        .unwrap();
    p.jury
        .jurors
        .iter_mut()
        .find(|j| j.id == juror)
        .unwrap()
        .conflicts
        .items
        .push(item.clone());
    // Their own scores of it are left out: only the shared sheet carries their part.
    sheets
        .scores
        .retain(|s| !(s.juror == juror && s.item == item));
    let v = run(&p, &sheets, &stage)
        .expect_err("the shared score is refused")
        .report
        .violations;
    let refused: Vec<_> = v
        .iter()
        .filter(|v| v.code.as_str() == "conflicted_score")
        .collect();
    assert_eq!(refused.len(), 1, "{v:?}");
    let first = sheets
        .consensus
        .iter()
        .position(|c| c.item == item && c.panel.as_deref() == Some(&panel.id))
        .unwrap();
    assert_eq!(refused[0].path, format!("/consensus/{first}"));
    assert!(
        refused[0].message_en.contains(&format!(
            "shared score refused: panel {} counted juror {juror}, who declared a conflict of interest for \"{item}\"",
            panel.id
        )),
        "{}",
        refused[0].message_en
    );
    // Under individual ranking the shared sheet does not rank: nothing to refuse.
    let mut individual = stage.clone();
    individual.ranks = RankingSheet::Individual;
    assert!(run(&p, &sheets, &individual).is_ok());
    // The juror left the room: the recusal recorded, the shared sheet ranks.
    sheets.recusals.push(eig::model::Recusal {
        juror: juror.clone(),
        item: item.clone(),
        reason: None,
    });
    assert!(run(&p, &sheets, &stage).is_ok());
}
