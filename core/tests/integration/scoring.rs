//! Scoring on generated promotions: calibration recovers the planted biases, outcomes respect
//! conflicts, quotas, cut-offs and ties, and every explanation adds up.

#![cfg(feature = "synthetic")]

use eig::model::{CalibrationMethod, Cutoff, Quotas, Score, SelectionStage};
use eig::scoring::{Outcome, Ranking, Reason, score};
use eig::synthetic::{Options, promotion};
use proptest::prelude::*;
use std::collections::HashMap;

/// Checks the three documents, then scores the stage (the documents' errors come first).
fn score_raw(
    grid: &eig::model::ScoringGrid,
    jury: &eig::model::Jury,
    sheets: &eig::model::ScoreSheets,
    st: &SelectionStage,
    policy: eig::rules::ConflictPolicy,
) -> Result<Ranking, eig::diagnostics::InvalidDocument> {
    use eig::validate::Checked;
    score(
        &Checked::check(grid.clone(), ())?,
        &Checked::check(jury.clone(), ())?,
        &Checked::check(sheets.clone(), ())?,
        st,
        policy,
    )
}

fn stage(p: &eig::synthetic::SyntheticPromotion, id: &str) -> SelectionStage {
    p.rulebook.stage(id).expect("a generated stage").clone()
}

/// Scores the candidate stage `st` of a generated promotion with these sheets.
fn candidates(
    p: &eig::synthetic::SyntheticPromotion,
    sheets: &eig::model::ScoreSheets,
    st: &SelectionStage,
) -> Result<Ranking, eig::diagnostics::InvalidDocument> {
    score_raw(
        &p.candidate_grid,
        &p.jury,
        sheets,
        st,
        p.rulebook.conflict_of_interest,
    )
}

/// The additive model recovers each planted bias within 0.1 point on the 0–10 scale (the
/// scores are rounded to halves and clamped to the scale, so the fit cannot be exact).
#[test]
fn calibration_recovers_planted_biases() {
    for seed in [1, 2, 3] {
        let p = promotion(&Options {
            seed,
            candidates: 1500,
            ..Options::default()
        })
        .unwrap();
        let st = stage(&p, "candidats");
        let r = candidates(&p, &p.candidate_scores, &st).unwrap();
        assert_eq!(r.components, 1);
        for j in &r.jurors {
            let planted = p.truth.juror_bias[&j.juror];
            assert!(
                (j.bias - planted).abs() < 0.1,
                "seed {seed}: {} estimated {:.3}, planted {planted:.3}",
                j.juror,
                j.bias
            );
        }
        // The calibrated ranking is closer to the true quality than the raw one.
        let truth = &p.truth.candidate_quality;
        let inversions = |rank: &dyn Fn(&eig::scoring::ItemResult) -> Option<u32>| {
            let mut v: Vec<(u32, f64)> = r
                .items
                .iter()
                .filter_map(|i| rank(i).map(|k| (k, truth[&i.item])))
                .collect();
            v.sort_by_key(|x| x.0);
            let mut n = 0u64;
            for a in 0..v.len() {
                for b in a + 1..v.len() {
                    n += u64::from(v[a].1 < v[b].1);
                }
            }
            n
        };
        let calibrated = inversions(&|i| i.rank);
        let raw = inversions(&|i| i.raw_rank);
        assert!(calibrated < raw, "seed {seed}: {calibrated} vs raw {raw}");
    }
}

/// z-scores recover the biases too when every juror sees a similar pool (random panels).
#[test]
fn z_score_calibration_moves_scores_against_the_bias() {
    let p = promotion(&Options {
        candidates: 1500,
        ..Options::default()
    })
    .unwrap();
    let mut st = stage(&p, "candidats");
    st.calibration = CalibrationMethod::ZScore;
    let r = candidates(&p, &p.candidate_scores, &st).unwrap();
    for j in &r.jurors {
        let planted = p.truth.juror_bias[&j.juror];
        assert!(
            (j.bias - planted).abs() < 0.15,
            "{} {} {planted}",
            j.juror,
            j.bias
        );
    }
}

#[test]
fn a_nan_score_is_a_violation() {
    let p = promotion(&Options {
        candidates: 10,
        ..Options::default()
    })
    .unwrap();
    let mut sheets = p.candidate_scores.clone();
    sheets.scores[4].score = f64::NAN;
    sheets.scores[7].score = f64::INFINITY;
    let st = stage(&p, "candidats");
    let err = candidates(&p, &sheets, &st).unwrap_err();
    let found: Vec<(&str, &str)> = err
        .report
        .violations
        .iter()
        .map(|v| (v.code.as_str(), v.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("score_not_finite", "/scores/4/score"),
            ("score_not_finite", "/scores/7/score")
        ]
    );
}

#[test]
fn a_conflicted_score_is_refused_never_counted() {
    let p = promotion(&Options {
        candidates: 20,
        ..Options::default()
    })
    .unwrap();
    // The generator's juror 2 declared a conflict with cand-0001 and never scored it.
    let mut sheets = p.candidate_scores.clone();
    sheets.scores.push(Score {
        juror: "jure-02".into(),
        item: "cand-0001".into(),
        criterion: "competences".into(),
        score: 10.0,
        comment: None,
    });
    let st = stage(&p, "candidats");
    let err = candidates(&p, &sheets, &st).unwrap_err();
    assert!(err.report.has("conflicted_score"));
    // A défi juror from the host administration stood aside: a recusal, no score.
    let ch = &p.challenge_scores;
    for r in &ch.recusals {
        assert!(
            !ch.scores
                .iter()
                .any(|s| s.juror == r.juror && s.item == r.item)
        );
    }
}

fn check_ranking(r: &Ranking, st: &SelectionStage) {
    let selected: Vec<_> = r.selected_items().collect();
    if let Some(k) = st.cutoff.top_k {
        assert!(selected.len() <= k as usize);
    }
    if let Some(t) = st.cutoff.threshold {
        assert!(selected.iter().all(|i| i.final_score.unwrap() >= t - 1e-9));
    }
    if let Some(max) = st.quotas.max_per_organisation {
        let mut per: HashMap<&str, u32> = HashMap::new();
        for i in &selected {
            for o in &i.organisations {
                *per.entry(o).or_default() += 1;
            }
        }
        assert!(per.values().all(|&n| n <= max), "{per:?}");
    }
    for (e, &min) in &st.quotas.min_per_expertise {
        let got = selected
            .iter()
            .filter(|i| i.expertise.as_ref() == Some(e))
            .count();
        let unmet = r.violations.iter().any(|v| v.code == "quota_unmet");
        assert!(got >= min as usize || unmet, "{e:?}: {got} < {min}");
    }
    // Ranks are 1..n in order, and scores never increase down the ranking.
    let ranked: Vec<_> = r.items.iter().filter(|i| i.rank.is_some()).collect();
    for (k, i) in ranked.iter().enumerate() {
        assert_eq!(i.rank, Some(k as u32 + 1));
        if k > 0 {
            assert!(ranked[k - 1].final_score.unwrap() >= i.final_score.unwrap() - 1e-9);
        }
    }
    for i in &r.items {
        if let Some(total) = i.final_score {
            let sum: f64 = i.criteria.iter().map(|c| c.contribution).sum();
            assert!((sum - total).abs() < 1e-9);
        }
        // No item is told the seats went to others at a cut-off it beat.
        if let Reason::BelowCutoff {
            cutoff_score: Some(c),
            ..
        } = i.reason
        {
            assert!(i.final_score.unwrap() <= c + 1e-9, "{}", i.item);
        }
        if i.outcome == Outcome::WaitingList
            && let Reason::WaitingList {
                cutoff_score: Some(c),
                reserved_for,
                ..
            } = &i.reason
            && reserved_for.is_empty()
        {
            assert!(i.final_score.unwrap() <= c + 1e-9, "{}", i.item);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn outcomes_respect_cut_offs_quotas_and_order(
        seed in 0u64..1000,
        top_k in 1u32..30,
        threshold in proptest::option::of(3.0f64..8.0),
        org_cap in proptest::option::of(1u32..3),
        quota in 0u32..6,
        calibration in prop_oneof![Just(CalibrationMethod::None), Just(CalibrationMethod::ZScore), Just(CalibrationMethod::Additive)],
    ) {
        let p = promotion(&Options { seed, candidates: 60, challenges: 12, ..Options::default() }).unwrap();
        for (id, grid, sheets) in [("defis", &p.challenge_grid, &p.challenge_scores), ("candidats", &p.candidate_grid, &p.candidate_scores)] {
            let mut st = stage(&p, id);
            st.cutoff = Cutoff { top_k: Some(top_k), threshold };
            st.calibration = calibration;
            st.quotas = Quotas {
                min_per_expertise: if id == "candidats" && quota > 0 {
                    [(eig::model::Expertise::new("design"), quota.min(top_k))].into_iter().collect()
                } else { Default::default() },
                max_per_organisation: org_cap,
            };
            let r = score_raw(grid, &p.jury, sheets, &st, p.rulebook.conflict_of_interest).unwrap();
            check_ranking(&r, &st);
            // The order of the score sheets does not matter.
            let mut shuffled = sheets.clone();
            shuffled.scores.reverse();
            let again = score_raw(grid, &p.jury, &shuffled, &st, p.rulebook.conflict_of_interest).unwrap();
            let outcomes = |r: &Ranking| r.items.iter().map(|i| (i.item.clone(), i.rank, i.outcome)).collect::<Vec<_>>();
            prop_assert_eq!(outcomes(&r), outcomes(&again));
        }
    }
}

#[test]
fn the_generator_is_deterministic_and_valid() {
    let o = Options {
        seed: 9,
        candidates: 100,
        ..Options::default()
    };
    let a = promotion(&o).unwrap();
    assert_eq!(a, promotion(&o).unwrap());
    assert_ne!(a, promotion(&Options { seed: 10, ..o }).unwrap());
    let validator = eig::validate::Validator::new(a.rulebook.clone());
    for s in &a.submissions {
        let bytes = serde_json::to_vec(s).unwrap();
        let report = validator.validate(&bytes);
        assert!(report.valid, "{report}");
    }
    use eig::documents::{Input, validate_document};
    use eig::schema::SchemaKind;
    use eig::validate::RulebookChoice;
    for (kind, bytes) in [
        (
            SchemaKind::ScoringGrid,
            serde_json::to_vec(&a.candidate_grid).unwrap(),
        ),
        (
            SchemaKind::ScoringGrid,
            serde_json::to_vec(&a.challenge_grid).unwrap(),
        ),
        (SchemaKind::Jury, serde_json::to_vec(&a.jury).unwrap()),
        (
            SchemaKind::ScoreSheets,
            serde_json::to_vec(&a.candidate_scores).unwrap(),
        ),
        (
            SchemaKind::ScoreSheets,
            serde_json::to_vec(&a.challenge_scores).unwrap(),
        ),
        (
            SchemaKind::Rulebook,
            serde_json::to_vec(&a.rulebook).unwrap(),
        ),
    ] {
        let report = validate_document(kind, Input::Bytes(&bytes), &RulebookChoice::Named);
        assert!(report.violations.is_empty(), "{}: {report}", kind.name());
    }
    for app in &a.applications {
        let report = validate_document(
            SchemaKind::Application,
            Input::Bytes(&serde_json::to_vec(app).unwrap()),
            &RulebookChoice::Named,
        );
        assert!(report.violations.is_empty(), "{report}");
    }
}

#[test]
fn reason_codes_match_their_json_form_and_rows_match_columns() {
    use eig::diagnostics::Lang;
    let p = promotion(&Options {
        candidates: 80,
        ..Options::default()
    })
    .unwrap();
    let (_, r) = eig::synthetic::rankings(&p).unwrap();
    for i in &r.items {
        let json = serde_json::to_value(&i.reason).unwrap();
        assert_eq!(json["code"], i.reason.code());
    }
    let width = r.columns().len();
    assert!(r.rows(Lang::En).iter().all(|row| row.len() == width));
    let csv = r.to_csv(Lang::Fr);
    assert_eq!(csv.lines().count(), r.items.len() + 1);
    assert!(csv.starts_with("rank,item,label,expertise,final_score,raw_score,raw_rank,"));
}

/// A weighted mean of jurors who all weigh 0 ranks nobody: the stage is refused, saying why;
/// with a median, the weights do not apply and the stage is ranked.
#[test]
fn jurors_who_all_weigh_nothing_are_refused_for_a_weighted_mean() {
    let p = promotion(&Options {
        seed: 3,
        candidates: 40,
        ..Options::default()
    })
    .unwrap();
    let mut jury = p.jury.clone();
    for j in &mut jury.jurors {
        j.weight = 0.0;
    }
    let mut st = stage(&p, "candidats");
    st.aggregation.method = eig::model::AggregationMethod::WeightedMean;
    let policy = p.rulebook.conflict_of_interest;
    let e = score_raw(&p.candidate_grid, &jury, &p.candidate_scores, &st, policy)
        .expect_err("nobody can be ranked");
    let v = e
        .report
        .violations
        .iter()
        .find(|v| v.path == "/jurors/0/weight")
        .unwrap_or_else(|| panic!("{}", e.report));
    assert_eq!(v.code, "invalid_value");
    assert!(
        v.message_en.contains("nobody can be ranked"),
        "{}",
        v.message_en
    );
    st.aggregation.method = eig::model::AggregationMethod::Median;
    let ranking = score_raw(&p.candidate_grid, &jury, &p.candidate_scores, &st, policy).unwrap();
    assert!(ranking.selected > 0);
    // One juror who weighs is enough.
    jury.jurors[0].weight = 1.0;
    st.aggregation.method = eig::model::AggregationMethod::WeightedMean;
    assert!(score_raw(&p.candidate_grid, &jury, &p.candidate_scores, &st, policy).is_ok());
}

/// A calibrated score past the grid's scale is named as such in its notice, in both
/// languages, rather than shown "on the scale 0–10" as if it were a mistake.
#[test]
fn a_calibrated_score_past_the_scale_is_said_to_be() {
    let p = promotion(&Options::default()).unwrap();
    let (_, ranking) = eig::synthetic::rankings(&p).unwrap();
    let past = ranking
        .items
        .iter()
        .find(|r| r.final_score.is_some_and(|x| x > 10.0))
        .expect("the default promotion has a calibrated score above 10");
    let fr = ranking.notice(past, eig::diagnostics::Lang::Fr);
    assert!(
        fr.contains("Cette note calibrée est au-dessus du maximum de l'échelle (10,00)"),
        "{fr}"
    );
    let en = ranking.notice(past, eig::diagnostics::Lang::En);
    assert!(
        en.contains("This calibrated score is above the maximum of the scale (10.00)"),
        "{en}"
    );
    let within = ranking
        .items
        .iter()
        .find(|r| r.final_score.is_some_and(|x| x < 9.0))
        .unwrap();
    assert!(
        !ranking
            .notice(within, eig::diagnostics::Lang::Fr)
            .contains("note calibrée est")
    );
}
