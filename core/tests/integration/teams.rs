//! Team formation and mentor matching: the stable policy has no blocking pair, the optimal
//! policy matches a brute force, capacities and conflicts hold, and every explanation agrees
//! with the result.

#![cfg(feature = "matching")]

use eig::Rulebook;
use eig::diagnostics::Lang;
use eig::diagnostics::Violation;
use eig::model::{
    AffinityWeights, Expertise, Follower, FollowerKind, MentorMatching, MentoredTeam, PairScore,
    PromotionId, SeatGroup, TeamCandidate, TeamChallenge, TeamFormation, Welfare,
};
use eig::placement::mentors::{
    CustomAffinity, MentorResult, affinity, in_conflict, match_mentors, match_mentors_with,
};
use eig::placement::teams::{
    self, ChoiceOutcome, Policy, Shortfall, TeamResult, form_teams, welfare,
};
use eig::validate::Checked;
use proptest::prelude::*;
use std::collections::HashMap;

/// Checks the input with the rulebook, then forms the teams: the checks' violations or the
/// solver's, as one list.
pub(super) fn form(
    input: &TeamFormation,
    rb: &Rulebook,
    policy: Policy,
) -> Result<TeamResult, Vec<Violation>> {
    let checked = teams::load_with_rulebook(input.clone(), rb).map_err(|e| e.report.violations)?;
    form_teams(&checked, policy).map_err(|e| e.report.violations)
}

/// Checks the input, then matches mentors with the documented or a custom affinity.
pub(super) fn mentors(
    input: &MentorMatching,
    custom: Option<CustomAffinity<'_>>,
) -> Result<MentorResult, Vec<Violation>> {
    let checked = Checked::check(input.clone(), ()).map_err(|e| e.report.violations)?;
    match custom {
        None => match_mentors(&checked),
        Some(c) => match_mentors_with(&checked, Some(c)),
    }
    .map_err(|e| e.report.violations)
}

pub(super) const EXPERTISES: [&str; 2] = ["developpement", "design"];

pub(super) fn rulebook(min: u32) -> Rulebook {
    let mut rb = Rulebook::builtin("eig-4").unwrap();
    rb.team_size.min = min;
    rb.team_size.max = 10;
    rb
}

/// A small instance: défis with 1 or 2 seat groups, candidates with a list and scores.
pub(super) fn instance() -> impl Strategy<Value = TeamFormation> {
    let challenges = prop::collection::vec(prop::collection::vec((0usize..2, 1u32..3), 1..3), 1..4);
    (challenges, 1usize..6)
        .prop_flat_map(|(challenges, nc)| {
            let nd = challenges.len();
            let candidates = prop::collection::vec(
                (
                    0usize..2,
                    Just((0..nd).collect::<Vec<_>>()).prop_shuffle(),
                    0usize..=nd,
                    prop::collection::vec(0u8..6, nd),
                ),
                nc,
            );
            (Just(challenges), candidates, 0.0f64..2.0, 0.0f64..2.0)
        })
        .prop_map(|(challenges, candidates, sw, rw)| {
            let challenges: Vec<TeamChallenge> = challenges
                .iter()
                .enumerate()
                .map(|(d, groups)| {
                    let mut seats: Vec<SeatGroup> = Vec::new();
                    for &(e, count) in groups {
                        if !seats.iter().any(|s| s.expertise.as_str() == EXPERTISES[e]) {
                            seats.push(SeatGroup {
                                expertise: Expertise::new(EXPERTISES[e]),
                                count,
                            });
                        }
                    }
                    TeamChallenge {
                        id: format!("d{d}"),
                        seats,
                    }
                })
                .collect();
            let mut scores = Vec::new();
            let candidates = candidates
                .into_iter()
                .enumerate()
                .map(|(c, (e, order, len, marks))| {
                    let preferences: Vec<String> =
                        order[..len].iter().map(|d| format!("d{d}")).collect();
                    for &d in &order[..len] {
                        scores.push(PairScore {
                            candidate: format!("c{c}"),
                            challenge: format!("d{d}"),
                            score: f64::from(marks[d]),
                        });
                    }
                    TeamCandidate {
                        id: format!("c{c}"),
                        expertise: Expertise::new(EXPERTISES[e]),
                        preferences,
                    }
                })
                .collect();
            TeamFormation {
                schema: None,
                promotion: PromotionId::new("eig-4"),
                challenges,
                candidates,
                scores,
                welfare: Welfare {
                    score_weight: sw,
                    rank_weight: rw,
                },
                forced: Vec::new(),
                forbidden: Vec::new(),
                previous: None,
                withdrawn: Vec::new(),
            }
        })
}

pub(super) fn score_of(input: &TeamFormation, c: &str, d: &str) -> f64 {
    input
        .scores
        .iter()
        .find(|s| s.candidate == c && s.challenge == d)
        .unwrap()
        .score
}

/// The best welfare over every placement that respects the seats, by enumeration.
fn brute_force(input: &TeamFormation) -> f64 {
    // Options of each candidate: (défi index in their list, défi id) with a seat of theirs.
    let options: Vec<Vec<(usize, String)>> = input
        .candidates
        .iter()
        .map(|c| {
            c.preferences
                .iter()
                .enumerate()
                .filter(|(_, d)| {
                    input
                        .challenges
                        .iter()
                        .find(|x| x.id == **d)
                        .is_some_and(|x| x.seats.iter().any(|s| s.expertise == c.expertise))
                })
                .map(|(k, d)| (k, d.clone()))
                .collect()
        })
        .collect();
    let capacity = |d: &str, e: &Expertise| {
        input
            .challenges
            .iter()
            .find(|x| x.id == d)
            .and_then(|x| x.seats.iter().find(|s| s.expertise == *e))
            .map_or(0, |s| s.count)
    };
    fn go(
        c: usize,
        input: &TeamFormation,
        options: &[Vec<(usize, String)>],
        used: &mut HashMap<(String, String), u32>,
        capacity: &dyn Fn(&str, &Expertise) -> u32,
    ) -> f64 {
        if c == options.len() {
            return 0.0;
        }
        let cand = &input.candidates[c];
        let mut best = go(c + 1, input, options, used, capacity);
        for (k, d) in &options[c] {
            let key = (d.clone(), cand.expertise.0.clone());
            let n = used.get(&key).copied().unwrap_or(0);
            if n < capacity(d, &cand.expertise) {
                used.insert(key.clone(), n + 1);
                let w = welfare(
                    input.welfare,
                    score_of(input, &cand.id, d),
                    *k,
                    cand.preferences.len(),
                );
                best = best.max(w + go(c + 1, input, options, used, capacity));
                used.insert(key, n);
            }
        }
        best
    }
    go(0, input, &options, &mut HashMap::new(), &capacity)
}

/// Capacities hold, every placement is on a listed défi with a seat of the expertise, and the
/// explanations agree with the result.
pub(super) fn consistent(input: &TeamFormation, r: &TeamResult) {
    let mut load: HashMap<(String, String), u32> = HashMap::new();
    for p in &r.placements {
        let cand = input
            .candidates
            .iter()
            .find(|c| c.id == p.candidate)
            .unwrap();
        if let Some(d) = &p.challenge {
            assert!(cand.preferences.contains(d));
            *load.entry((d.clone(), p.expertise.clone())).or_default() += 1;
            assert_eq!(p.score, Some(score_of(input, &p.candidate, d)));
            assert!(p.cutoff.unwrap() <= p.score.unwrap() + 1e-12);
        }
        for ch in &p.choices {
            let team = r
                .teams
                .iter()
                .find(|t| t.challenge == ch.challenge)
                .unwrap();
            let seat = team.seats.iter().find(|s| s.expertise == p.expertise);
            match &ch.outcome {
                ChoiceOutcome::NoSeat => assert!(seat.is_none()),
                ChoiceOutcome::Full { cutoff } => {
                    let seat = seat.unwrap();
                    assert_eq!(seat.unfilled, 0);
                    assert_eq!(seat.cutoff, Some(*cutoff));
                    // Never told a seat was full at a cut-off they beat.
                    assert!(ch.score <= *cutoff, "{} beat {cutoff}", ch.score);
                    if (ch.score - cutoff).abs() < 1e-12 {
                        let last = seat.members.last().unwrap();
                        assert!(p.candidate > *last, "tie lost by id");
                    }
                }
                ChoiceOutcome::NotChosen { .. } => assert_eq!(r.policy, Policy::Optimal),
                ChoiceOutcome::Placed { cutoff } => {
                    assert_eq!(Some(&ch.challenge), p.challenge.as_ref());
                    assert_eq!(Some(*cutoff), p.cutoff);
                }
                other => panic!("an outcome this test does not know: {other:?}"),
            }
        }
        let notice = r.notice(&p.candidate, Lang::En).unwrap();
        assert!(notice.contains(&p.candidate));
    }
    for t in &r.teams {
        for s in &t.seats {
            let n = load
                .get(&(t.challenge.clone(), s.expertise.clone()))
                .copied()
                .unwrap_or(0);
            assert_eq!(n as usize, s.members.len());
            assert!(n <= s.count);
            assert_eq!(s.unfilled, s.count - n);
            assert_eq!(s.shortfall.is_some(), s.unfilled > 0);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn stable_has_no_blocking_pair_and_optimal_matches_brute_force(input in instance()) {
        let rb = rulebook(1);
        let stable = form(&input, &rb, Policy::Stable).unwrap();
        prop_assert_eq!(stable.summary.blocking_pairs, 0);
        prop_assert!(stable.blocking_pairs.is_empty());
        consistent(&input, &stable);
        // Stable: every choice above the placement was full at a cut-off at or above theirs.
        for p in &stable.placements {
            for ch in &p.choices {
                let not_chosen = matches!(ch.outcome, ChoiceOutcome::NotChosen { .. });
                prop_assert!(!not_chosen, "a stable choice is never 'not chosen'");
            }
        }
        let optimal = form(&input, &rb, Policy::Optimal).unwrap();
        consistent(&input, &optimal);
        let best = brute_force(&input);
        prop_assert!((optimal.summary.welfare - best).abs() < 1e-6,
            "optimal {} brute force {}", optimal.summary.welfare, best);
        prop_assert!(stable.summary.welfare <= best + 1e-6);
        prop_assert_eq!(optimal.summary.blocking_pairs as usize, optimal.blocking_pairs.len());
        // Deterministic.
        prop_assert_eq!(&form(&input, &rb, Policy::Optimal).unwrap(), &optimal);
    }
}

/// A candidate: id, expertise, and (défi, score) in their order of preference.
type Candidate<'a> = (&'a str, &'a str, &'a [(&'a str, f64)]);

fn input_of(challenges: &[(&str, &[(&str, u32)])], candidates: &[Candidate<'_>]) -> TeamFormation {
    TeamFormation {
        schema: None,
        promotion: PromotionId::new("eig-4"),
        challenges: challenges
            .iter()
            .map(|(id, seats)| TeamChallenge {
                id: (*id).to_owned(),
                seats: seats
                    .iter()
                    .map(|(e, n)| SeatGroup {
                        expertise: Expertise::new(*e),
                        count: *n,
                    })
                    .collect(),
            })
            .collect(),
        candidates: candidates
            .iter()
            .map(|(id, e, prefs)| TeamCandidate {
                id: (*id).to_owned(),
                expertise: Expertise::new(*e),
                preferences: prefs.iter().map(|(d, _)| (*d).to_owned()).collect(),
            })
            .collect(),
        scores: candidates
            .iter()
            .flat_map(|(id, _, prefs)| {
                prefs.iter().map(move |(d, s)| PairScore {
                    candidate: (*id).to_owned(),
                    challenge: (*d).to_owned(),
                    score: *s,
                })
            })
            .collect(),
        welfare: Welfare::default(),
        forced: Vec::new(),
        forbidden: Vec::new(),
        previous: None,
        withdrawn: Vec::new(),
    }
}

#[test]
fn a_candidate_is_told_why_not_their_first_choice() {
    let input = input_of(
        &[
            ("alpha", &[("developpement", 1)]),
            ("beta", &[("developpement", 1), ("design", 1)]),
        ],
        &[
            ("ana", "developpement", &[("alpha", 9.0), ("beta", 8.0)]),
            ("bob", "developpement", &[("alpha", 7.0), ("beta", 6.0)]),
            ("eve", "design", &[("alpha", 9.5)]),
        ],
    );
    let r = form(&input, &rulebook(2), Policy::Stable).unwrap();
    let bob = r.placement("bob").unwrap();
    assert_eq!(bob.challenge.as_deref(), Some("beta"));
    assert_eq!(bob.rank, Some(2));
    assert_eq!(bob.choices[0].outcome, ChoiceOutcome::Full { cutoff: 9.0 });
    let text = r.notice("bob", Lang::En).unwrap();
    assert!(
        text.contains("choice no. 1 (alpha): seats filled, lowest score admitted 9; your score 7"),
        "{text}"
    );
    let fr = r.notice("bob", Lang::Fr).unwrap();
    assert!(fr.contains("son choix n° 2"), "{fr}");
    // Eve ranked only a défi with no design seat: unplaced, told why.
    let eve = r.placement("eve").unwrap();
    assert_eq!(eve.challenge, None);
    assert_eq!(eve.choices[0].outcome, ChoiceOutcome::NoSeat);
    // alpha is below the minimum team size of 2; beta's design seat has no eligible candidate.
    let alpha = &r.teams[0];
    assert_eq!((alpha.size, alpha.below_minimum_by), (1, 1));
    let beta = &r.teams[1];
    assert_eq!(
        beta.seats[1].shortfall,
        Some(Shortfall::NoEligibleCandidate)
    );
    assert_eq!(r.summary.teams_below_minimum, 2);
    assert!(r.notice_html("bob", Lang::En).unwrap().contains("<li>"));
}

#[test]
fn the_optimal_policy_trades_stability_for_welfare() {
    // Ana prefers alpha but scores higher at beta; Bob only wants alpha. Stable: Ana takes
    // alpha (she outscores Bob there), Bob is left out. Optimal, with rank weight 0: Ana at
    // beta and Bob at alpha, and Ana–alpha is a blocking pair.
    let mut input = input_of(
        &[
            ("alpha", &[("developpement", 1)]),
            ("beta", &[("developpement", 1)]),
        ],
        &[
            ("ana", "developpement", &[("alpha", 8.0), ("beta", 9.0)]),
            ("bob", "developpement", &[("alpha", 7.0)]),
        ],
    );
    input.welfare.rank_weight = 0.0;
    let rb = rulebook(1);
    let stable = form(&input, &rb, Policy::Stable).unwrap();
    assert_eq!(
        stable.placement("ana").unwrap().challenge.as_deref(),
        Some("alpha")
    );
    assert_eq!(stable.placement("bob").unwrap().challenge, None);
    let optimal = form(&input, &rb, Policy::Optimal).unwrap();
    assert_eq!(
        optimal.placement("ana").unwrap().challenge.as_deref(),
        Some("beta")
    );
    assert_eq!(
        optimal.placement("bob").unwrap().challenge.as_deref(),
        Some("alpha")
    );
    assert_eq!(optimal.summary.blocking_pairs, 1);
    assert_eq!(optimal.blocking_pairs[0].candidate, "ana");
    assert_eq!(
        optimal.placement("ana").unwrap().choices[0].outcome,
        ChoiceOutcome::NotChosen { cutoff: Some(7.0) }
    );
    assert!(optimal.summary.welfare > stable.summary.welfare);
    assert_eq!(stable.summary.first_choice_rate, 0.5);
}

#[test]
fn bad_input_gets_a_violation_with_its_path() {
    let mut input = input_of(
        &[
            ("alpha", &[("developpement", 1), ("direction-technique", 1)]),
            ("alpha", &[("design", 1)]),
        ],
        &[
            ("ana", "developpement", &[("alpha", 8.0)]),
            ("ana", "developpement", &[]),
        ],
    );
    input.candidates[1].preferences.push("gamma".into());
    input.candidates[0].preferences.push("beta".into());
    let rb = Rulebook::builtin("eig-4").unwrap();
    let err = form(&input, &rb, Policy::Stable).unwrap_err();
    let got: Vec<(&str, &str)> = err
        .iter()
        .map(|v| (v.code.as_str(), v.path.as_str()))
        .collect();
    for want in [
        ("duplicate_id", "/challenges/1/id"),
        ("duplicate_id", "/candidates/1/id"),
        ("expertise_not_allowed", "/challenges/0/seats/1/expertise"),
        ("unknown_reference", "/candidates/1/preferences/0"),
        ("unknown_reference", "/candidates/0/preferences/1"),
    ] {
        assert!(got.contains(&want), "{want:?} in {got:?}");
    }
    let mut not_applied = input_of(
        &[("alpha", &[("developpement", 1)])],
        &[("ana", "developpement", &[])],
    );
    not_applied.candidates[0].preferences.push("alpha".into());
    let err = form(&not_applied, &rb, Policy::Optimal).unwrap_err();
    assert_eq!(err[0].code, "preference_not_applied");
    assert_eq!(err[0].path, "/candidates/0/preferences/0");
    let empty = input_of(&[], &[]);
    let err = form(&empty, &rb, Policy::Stable).unwrap_err();
    assert_eq!(
        err.iter().filter(|v| v.code == "empty_promotion").count(),
        2
    );
}

pub(super) fn follower(
    id: &str,
    kind: FollowerKind,
    max: u32,
    org: Option<&str>,
    exp: &[&str],
) -> Follower {
    Follower {
        id: id.to_owned(),
        kind,
        min_teams: 0,
        max_teams: max,
        expertises: exp.iter().map(|e| Expertise::new(*e)).collect(),
        themes: Vec::new(),
        city: Some("Paris".to_owned()),
        remote: false,
        organisation: org.map(str::to_owned),
    }
}

pub(super) fn team(id: &str, org: &str, exp: &[&str], city: &str) -> MentoredTeam {
    MentoredTeam {
        id: id.to_owned(),
        organisations: vec![org.to_owned()],
        expertises: exp.iter().map(|e| Expertise::new(*e)).collect(),
        themes: Vec::new(),
        city: Some(city.to_owned()),
        needs: 1,
        mentors: vec!["Agent public".to_owned()],
    }
}

#[test]
fn referents_respect_loads_and_conflicts_and_explain_themselves() {
    let input = MentorMatching {
        schema: None,
        promotion: PromotionId::new("eig-4"),
        teams: vec![
            team("alpha", "Ministère de l’Intérieur", &["design"], "Paris"),
            team("beta", "Cour des comptes", &["design"], "Lyon"),
            team("gamma", "Cour des comptes", &["developpement"], "Paris"),
        ],
        followers: vec![
            follower(
                "rita",
                FollowerKind::Referent,
                2,
                Some("ministère de l'intérieur"),
                &["design"],
            ),
            follower("remi", FollowerKind::Referent, 1, None, &["design"]),
            follower("rose", FollowerKind::Referent, 1, None, &["developpement"]),
            follower("bea", FollowerKind::Buddy, 1, None, &[]),
        ],
        weights: AffinityWeights::default(),
        forced: Vec::new(),
        forbidden: Vec::new(),
        previous: None,
        withdrawn: Vec::new(),
    };
    let r = mentors(&input, None).unwrap();
    let referent = |t: &str| {
        r.pairs
            .iter()
            .find(|p| p.team == t && p.kind == FollowerKind::Referent)
            .unwrap()
    };
    // Rita came from the Interior ministry: never on alpha.
    assert_ne!(referent("alpha").follower, "rita");
    assert_eq!(referent("alpha").conflicts, ["rita"]);
    for p in &r.pairs {
        assert!(p.load <= p.max_teams);
        let t = input.teams.iter().find(|t| t.id == p.team).unwrap();
        let f = input.followers.iter().find(|f| f.id == p.follower).unwrap();
        assert!(!in_conflict(t, f));
        if p.affinity.custom.is_none() {
            assert_eq!(p.affinity, affinity(input.weights, t, f));
        }
    }
    // One buddy for three teams: two teams go without.
    assert_eq!(r.without_buddy.len(), 2);
    let text = referent("alpha").notice(Lang::En);
    assert!(
        text.contains("affinity") && text.contains("conflict of interest: rita"),
        "{text}"
    );
    // A custom affinity replaces the documented one; an error in it names the pair.
    let custom = |t: &MentoredTeam, f: &Follower| -> Result<f64, String> {
        Ok(if t.id == "gamma" && f.id == "rita" {
            10.0
        } else {
            0.0
        })
    };
    let r = mentors(&input, Some(&custom)).unwrap();
    let gamma = r
        .pairs
        .iter()
        .find(|p| p.team == "gamma" && p.kind == FollowerKind::Referent)
        .unwrap();
    assert_eq!(
        (gamma.follower.as_str(), gamma.affinity.custom),
        ("rita", Some(10.0))
    );
    let failing = |_: &MentoredTeam, _: &Follower| -> Result<f64, String> { Err("boom".into()) };
    let err = mentors(&input, Some(&failing)).unwrap_err();
    assert_eq!(err[0].code, "affinity_failed");
    assert!(
        err[0].message_en.contains("rita") || err[0].message_en.contains("boom"),
        "{}",
        err[0].message_en
    );
    for bad in [f64::NAN, f64::INFINITY, 1e13] {
        let giving = move |_: &MentoredTeam, _: &Follower| -> Result<f64, String> { Ok(bad) };
        let err = mentors(&input, Some(&giving)).unwrap_err();
        assert_eq!(err[0].code, "affinity_failed", "{bad}");
    }
}

#[test]
fn infeasible_loads_are_diagnosed() {
    let mut input = MentorMatching {
        schema: None,
        promotion: PromotionId::new("eig-4"),
        teams: vec![
            team("alpha", "A", &[], "Paris"),
            team("beta", "B", &[], "Paris"),
            team("gamma", "C", &[], "Paris"),
        ],
        followers: vec![
            follower("rita", FollowerKind::Referent, 1, None, &[]),
            follower("remi", FollowerKind::Referent, 1, None, &[]),
        ],
        weights: AffinityWeights::default(),
        forced: Vec::new(),
        forbidden: Vec::new(),
        previous: None,
        withdrawn: Vec::new(),
    };
    let err = mentors(&input, None).unwrap_err();
    assert_eq!(err[0].code, "matching_infeasible");
    assert!(
        err[0].message_en.contains("take at most 2"),
        "{}",
        err[0].message_en
    );
    // A team whose every référent is in conflict.
    input.followers[0].max_teams = 3;
    input.followers[0].organisation = Some("A".into());
    input.followers[1].organisation = Some("A".into());
    let err = mentors(&input, None).unwrap_err();
    assert_eq!(err[0].path, "/teams/0");
    assert!(
        err[0].message_en.contains("no conflict of interest"),
        "{}",
        err[0].message_en
    );
    // A follower with no capacity, and nothing to match.
    input.followers[1].max_teams = 0;
    input.teams.clear();
    let err = mentors(&input, None).unwrap_err();
    let codes: Vec<&str> = err.iter().map(|v| v.code.as_str()).collect();
    assert_eq!(codes, ["empty_promotion", "capacity_zero"]);
}

/// Small référent problems: random loads, expertises and host organisations.
pub(super) fn mentor_instance() -> impl Strategy<Value = MentorMatching> {
    (
        prop::collection::vec((0usize..3, 0usize..2), 1..4),
        prop::collection::vec(
            (0u32..2, 1u32..3, prop::option::of(0usize..3), 0usize..2),
            1..4,
        ),
    )
        .prop_map(|(teams, followers)| MentorMatching {
            schema: None,
            promotion: PromotionId::new("eig-4"),
            teams: teams
                .iter()
                .enumerate()
                .map(|(t, &(org, e))| {
                    team(
                        &format!("t{t}"),
                        &format!("org{org}"),
                        &[EXPERTISES[e]],
                        "Paris",
                    )
                })
                .collect(),
            followers: followers
                .iter()
                .enumerate()
                .map(|(k, &(min, extra, org, e))| {
                    let mut f = follower(
                        &format!("f{k}"),
                        FollowerKind::Referent,
                        min + extra,
                        None,
                        &[EXPERTISES[e]],
                    );
                    f.min_teams = min;
                    f.organisation = org.map(|o| format!("org{o}"));
                    f
                })
                .collect(),
            weights: AffinityWeights::default(),
            forced: Vec::new(),
            forbidden: Vec::new(),
            previous: None,
            withdrawn: Vec::new(),
        })
}

/// The best total affinity by enumeration (one référent per team), or `None` if infeasible.
fn mentor_brute_force(input: &MentorMatching) -> Option<f64> {
    fn go(t: usize, input: &MentorMatching, load: &mut Vec<u32>) -> Option<f64> {
        if t == input.teams.len() {
            let ok = input
                .followers
                .iter()
                .zip(load.iter())
                .all(|(f, &l)| l >= f.min_teams && l <= f.max_teams);
            return ok.then_some(0.0);
        }
        let mut best: Option<f64> = None;
        for (k, f) in input.followers.iter().enumerate() {
            if in_conflict(&input.teams[t], f) || load[k] >= f.max_teams {
                continue;
            }
            load[k] += 1;
            if let Some(rest) = go(t + 1, input, load) {
                let v = affinity(input.weights, &input.teams[t], f).total + rest;
                best = Some(best.map_or(v, |b: f64| b.max(v)));
            }
            load[k] -= 1;
        }
        best
    }
    go(0, input, &mut vec![0; input.followers.len()])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn referents_match_a_brute_force_within_loads_and_conflicts(input in mentor_instance()) {
        let best = mentor_brute_force(&input);
        match mentors(&input, None) {
            Ok(r) => {
                let best = best.expect("the solver found a solution, so one exists");
                prop_assert!((r.total_affinity - best).abs() < 1e-9, "{} vs {}", r.total_affinity, best);
                prop_assert_eq!(r.pairs.len(), input.teams.len());
                for f in &input.followers {
                    let load = r.pairs.iter().filter(|p| p.follower == f.id).count() as u32;
                    prop_assert!(load >= f.min_teams && load <= f.max_teams);
                }
                for p in &r.pairs {
                    let t = input.teams.iter().find(|t| t.id == p.team).unwrap();
                    let f = input.followers.iter().find(|f| f.id == p.follower).unwrap();
                    prop_assert!(!in_conflict(t, f));
                }
            }
            Err(e) => {
                prop_assert!(best.is_none(), "solver says infeasible, brute force found {best:?}");
                prop_assert_eq!(e[0].code.as_str(), "matching_infeasible");
            }
        }
    }
}

#[test]
fn negative_capacities_and_counts_are_schema_violations() {
    use eig::validate::load_document;
    let mentors = br#"{"promotion": "eig-4", "teams": [{"id": "a"}],
        "followers": [{"id": "r", "kind": "referent", "max_teams": -1}]}"#;
    let err = load_document::<MentorMatching>(mentors).unwrap_err();
    let v = &err.report.violations[0];
    assert_eq!(
        (v.code.as_str(), v.path.as_str()),
        ("below_minimum", "/followers/0/max_teams")
    );
    let teams = br#"{"promotion": "eig-4", "challenges": [{"id": "a", "seats": [{"expertise": "design", "count": 0}]}],
        "candidates": [], "scores": []}"#;
    let err = teams::load(teams, &eig::validate::RulebookChoice::Named).unwrap_err();
    let got: Vec<(&str, &str)> = err
        .report
        .violations
        .iter()
        .map(|v| (v.code.as_str(), v.path.as_str()))
        .collect();
    assert!(
        got.contains(&("below_minimum", "/challenges/0/seats/0/count")),
        "{got:?}"
    );
}

/// The rulebook a user gives is the one every check and the solver use (the checks once used
/// the promotion's built-in rulebook whatever was given).
#[test]
fn the_rulebook_given_is_the_one_every_check_uses() {
    use eig::validate::RulebookChoice;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("examples/teams/teams.json")).unwrap())
            .unwrap();
    doc["challenges"][0]["seats"][0]["expertise"] = "juriste".into();
    doc["candidates"][0]["expertise"] = "juriste".into();
    let bytes = serde_json::to_vec(&doc).unwrap();
    let refused = teams::load(&bytes, &RulebookChoice::Named).unwrap_err();
    let got: Vec<(&str, &str)> = refused
        .violations()
        .iter()
        .map(|v| (v.code.as_str(), v.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("expertise_not_allowed", "/challenges/0/seats/0/expertise"),
            ("expertise_not_allowed", "/candidates/0/expertise"),
        ]
    );
    let mut rb = Rulebook::builtin("eig-4").unwrap();
    rb.allowed_expertises.push(Expertise::new("juriste"));
    let checked = teams::load(&bytes, &RulebookChoice::Given(rb.clone().into())).unwrap();
    assert_eq!(checked.context().rulebook(), Some(&rb));
    let r = form_teams(&checked, Policy::Stable).unwrap();
    assert_eq!(
        r.placement(doc["candidates"][0]["id"].as_str().unwrap())
            .and_then(|p| p.challenge.as_deref()),
        doc["challenges"][0]["id"].as_str()
    );
    // A team size the rulebook given allows is allowed too.
    let mut tight = Rulebook::builtin("eig-4").unwrap();
    tight.team_size.max = 1;
    let too_big = teams::load(&bytes, &RulebookChoice::Given(tight.into())).unwrap_err();
    assert!(too_big.report.has("team_size_out_of_range"), "{too_big}");
}
