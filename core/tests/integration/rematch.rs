//! Re-matching after a change, for team formation and mentor matching: the previous result
//! goes in with who withdrew, pins hold, and the new result moves exactly as many people as a
//! brute force says it must, then has the best objective among those that move that few; the
//! diff names every change. Bad pins are violations with their paths.

#![cfg(feature = "matching")]

use super::teams::{EXPERTISES, form, instance, mentor_instance, mentors, rulebook};
use eig::diagnostics::Lang;
use eig::model::{
    CandidateChallenge, Expertise, FollowerKind, MentorMatching, TeamFollower, TeamFormation,
};
use eig::placement::mentors::{MentorResult, affinity, in_conflict};
use eig::placement::teams::{Policy, TeamResult, welfare};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

fn score(input: &TeamFormation, c: &str, d: &str) -> f64 {
    super::teams::score_of(input, c, d)
}

/// The fewest candidates moved off their previous défi, and the best welfare among the
/// placements that move that few, by enumeration.
fn brute_force_rematch(input: &TeamFormation) -> (usize, f64) {
    let withdrawn: HashSet<&str> = input.withdrawn.iter().map(String::as_str).collect();
    let previous: HashMap<&str, &str> = input
        .previous
        .iter()
        .flatten()
        .map(|p| (p.candidate.as_str(), p.challenge.as_str()))
        .collect();
    let capacity = |d: &str, e: &Expertise| {
        input
            .challenges
            .iter()
            .find(|x| x.id == d)
            .and_then(|x| x.seats.iter().find(|s| s.expertise == *e))
            .map_or(0, |s| s.count)
    };
    struct Search<'a> {
        input: &'a TeamFormation,
        withdrawn: HashSet<&'a str>,
        previous: HashMap<&'a str, &'a str>,
        used: HashMap<(String, String), u32>,
        best: Option<(usize, f64)>,
    }
    fn go(
        s: &mut Search<'_>,
        c: usize,
        moves: usize,
        value: f64,
        cap: &dyn Fn(&str, &Expertise) -> u32,
    ) {
        if c == s.input.candidates.len() {
            let better = match s.best {
                None => true,
                Some((m, v)) => moves < m || (moves == m && value > v + 1e-9),
            };
            if better {
                s.best = Some((moves, value));
            }
            return;
        }
        let cand = &s.input.candidates[c];
        if s.withdrawn.contains(cand.id.as_str()) {
            go(s, c + 1, moves, value, cap);
            return;
        }
        let was = s.previous.get(cand.id.as_str()).copied();
        // Unplaced.
        go(s, c + 1, moves + usize::from(was.is_some()), value, cap);
        for (k, d) in cand.preferences.iter().enumerate() {
            let key = (d.clone(), cand.expertise.0.clone());
            let n = s.used.get(&key).copied().unwrap_or(0);
            if n < cap(d, &cand.expertise) {
                s.used.insert(key.clone(), n + 1);
                let w = welfare(
                    s.input.welfare,
                    score(s.input, &cand.id, d),
                    k,
                    cand.preferences.len(),
                );
                let moved = usize::from(was.is_some_and(|x| x != d));
                go(s, c + 1, moves + moved, value + w, cap);
                s.used.insert(key, n);
            }
        }
    }
    let mut s = Search {
        input,
        withdrawn,
        previous,
        used: HashMap::new(),
        best: None,
    };
    go(&mut s, 0, 0, 0.0, &capacity);
    s.best
        .expect("leaving everyone unplaced is always a placement")
}

/// The changes agree with the previous placement and the new one, who withdrew is out of the
/// placements, and capacities hold.
fn diff_agrees(input: &TeamFormation, r: &TeamResult) -> Result<(), TestCaseError> {
    let previous: HashMap<&str, &str> = input
        .previous
        .iter()
        .flatten()
        .map(|p| (p.candidate.as_str(), p.challenge.as_str()))
        .collect();
    for w in &input.withdrawn {
        prop_assert!(r.placements.iter().all(|p| &p.candidate != w));
        prop_assert!(r.blocking_pairs.iter().all(|b| &b.candidate != w));
        let change = r.changes.iter().find(|c| &c.id == w);
        prop_assert_eq!(
            change.map(|c| c.reason.as_str()),
            previous.get(w.as_str()).map(|_| "withdrew")
        );
    }
    for p in &r.placements {
        let before = previous.get(p.candidate.as_str()).copied();
        let now = p.challenge.as_deref();
        let change = r.changes.iter().find(|c| c.id == p.candidate);
        if before == now {
            prop_assert!(change.is_none());
        } else {
            let change = change.expect("a change is listed");
            prop_assert_eq!(change.from.first().map(String::as_str), before);
            prop_assert_eq!(change.to.first().map(String::as_str), now);
            let reason = if before.is_none() { "added" } else { "moved" };
            prop_assert_eq!(change.reason.as_str(), reason);
        }
    }
    for t in &r.teams {
        for s in &t.seats {
            prop_assert!(s.members.len() as u32 <= s.count);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// One placed candidate withdraws (and, at times, a seat group loses or gains a seat):
    /// both policies move exactly as many candidates as the brute force says they must; the
    /// optimal policy has the brute force's best welfare among those placements.
    #[test]
    fn team_rematch_moves_the_fewest_then_has_the_best_welfare(
        input in instance(),
        first_stable in any::<bool>(),
        pick in 0usize..16,
        change in 0usize..3,
        group in 0usize..8,
    ) {
        let rb = rulebook(0);
        let first = if first_stable { Policy::Stable } else { Policy::Optimal };
        let r0 = form(&input, &rb, first).expect("a valid instance forms");
        let placed: Vec<&str> = r0
            .placements
            .iter()
            .filter(|p| p.challenge.is_some())
            .map(|p| p.candidate.as_str())
            .collect();
        prop_assume!(!placed.is_empty());
        let mut next = input.clone();
        next.previous = Some(r0.announced());
        next.withdrawn = vec![placed[pick % placed.len()].to_owned()];
        // A seat group loses a seat (when it has two) or gains one.
        let groups: Vec<(usize, usize)> = next
            .challenges
            .iter()
            .enumerate()
            .flat_map(|(d, c)| (0..c.seats.len()).map(move |k| (d, k)))
            .collect();
        let (d, k) = groups[group % groups.len()];
        let seat = &mut next.challenges[d].seats[k];
        match change {
            1 if seat.count > 1 => seat.count -= 1,
            2 => seat.count += 1,
            _ => {}
        }
        let (fewest, best) = brute_force_rematch(&next);
        for policy in [Policy::Stable, Policy::Optimal] {
            let r = form(&next, &rb, policy).expect("a re-match forms");
            prop_assert_eq!(r.moved(), fewest, "{:?}: {:?}", policy, r.changes);
            diff_agrees(&next, &r)?;
            if policy == Policy::Optimal {
                prop_assert!((r.summary.welfare - best).abs() < 1e-6, "{} vs {}", r.summary.welfare, best);
            }
        }
    }
}

/// The fewest previous pairs dropped and the best affinity among the matchings that drop that
/// few (one référent per team), or `None` if no matching exists.
fn brute_force_mentors(input: &MentorMatching) -> Option<(usize, f64)> {
    let withdrawn: HashSet<&str> = input.withdrawn.iter().map(String::as_str).collect();
    let previous: HashSet<(&str, &str)> = input
        .previous
        .iter()
        .flatten()
        .map(|p| (p.team.as_str(), p.follower.as_str()))
        .collect();
    let kept_possible = previous
        .iter()
        .filter(|(_, f)| !withdrawn.contains(f))
        .count();
    fn go(
        t: usize,
        input: &MentorMatching,
        withdrawn: &HashSet<&str>,
        previous: &HashSet<(&str, &str)>,
        load: &mut Vec<u32>,
        (kept, value): (usize, f64),
        best: &mut Option<(usize, f64)>,
    ) {
        if t == input.teams.len() {
            let ok = input.followers.iter().zip(load.iter()).all(|(f, &l)| {
                withdrawn.contains(f.id.as_str()) || (l >= f.min_teams && l <= f.max_teams)
            });
            if ok {
                let better = match *best {
                    None => true,
                    Some((k, v)) => kept > k || (kept == k && value > v + 1e-9),
                };
                if better {
                    *best = Some((kept, value));
                }
            }
            return;
        }
        let team = &input.teams[t];
        for (k, f) in input.followers.iter().enumerate() {
            if withdrawn.contains(f.id.as_str()) || in_conflict(team, f) || load[k] >= f.max_teams {
                continue;
            }
            load[k] += 1;
            let keep = usize::from(previous.contains(&(team.id.as_str(), f.id.as_str())));
            let a = affinity(input.weights, team, f).total;
            go(
                t + 1,
                input,
                withdrawn,
                previous,
                load,
                (kept + keep, value + a),
                best,
            );
            load[k] -= 1;
        }
    }
    let mut best = None;
    go(
        0,
        input,
        &withdrawn,
        &previous,
        &mut vec![0; input.followers.len()],
        (0, 0.0),
        &mut best,
    );
    best.map(|(kept, v)| (kept_possible - kept, v))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A référent withdraws (and, at times, a team is added): the new matching drops exactly as
    /// many announced pairs as the brute force says it must, then has its best affinity.
    #[test]
    fn mentor_rematch_drops_the_fewest_then_has_the_best_affinity(
        input in mentor_instance(),
        pick in 0usize..8,
        add_team in prop::option::of(0usize..3),
    ) {
        let Ok(r0) = mentors(&input, None) else {
            return Ok(());
        };
        let mut next = input.clone();
        next.previous = Some(r0.announced());
        let gone = input.followers[pick % input.followers.len()].id.clone();
        next.withdrawn = vec![gone.clone()];
        if let Some(org) = add_team {
            next.teams.push(super::teams::team("t-new", &format!("org{org}"), &[EXPERTISES[0]], "Lyon"));
        }
        let best = brute_force_mentors(&next);
        match mentors(&next, None) {
            Ok(r) => {
                let (fewest, value) = best.expect("the solver found a matching, so one exists");
                prop_assert_eq!(r.moved as usize, fewest, "{:?}", r.changes);
                prop_assert!((r.total_affinity - value).abs() < 1e-6, "{} vs {}", r.total_affinity, value);
                prop_assert!(r.pairs.iter().all(|p| p.follower != gone));
                mentor_diff_agrees(&next, &r)?;
            }
            Err(e) => {
                prop_assert!(best.is_none(), "infeasible, but the brute force found {:?}", best);
                prop_assert_eq!(e[0].code.as_str(), "matching_infeasible");
            }
        }
    }
}

fn mentor_diff_agrees(input: &MentorMatching, r: &MentorResult) -> Result<(), TestCaseError> {
    for f in &input.followers {
        let teams_of = |pairs: &mut dyn Iterator<Item = (&str, &str)>| {
            let mut v: Vec<String> = pairs
                .filter(|(_, x)| *x == f.id)
                .map(|(t, _)| t.to_owned())
                .collect();
            v.sort();
            v
        };
        let before = teams_of(
            &mut input
                .previous
                .iter()
                .flatten()
                .map(|p| (p.team.as_str(), p.follower.as_str())),
        );
        let now = teams_of(
            &mut r
                .pairs
                .iter()
                .map(|p| (p.team.as_str(), p.follower.as_str())),
        );
        let change = r.changes.iter().find(|c| c.id == f.id);
        if input.withdrawn.contains(&f.id) {
            prop_assert_eq!(change.is_some(), !before.is_empty());
            continue;
        }
        match change {
            None => prop_assert_eq!(before, now),
            Some(c) => {
                let (mut from, mut to) = (c.from.clone(), c.to.clone());
                from.sort();
                to.sort();
                prop_assert_eq!(&from, &before);
                prop_assert_eq!(&to, &now);
                let lost = before.iter().any(|t| !now.contains(t));
                prop_assert_eq!(c.reason.as_str(), if lost { "moved" } else { "added" });
            }
        }
    }
    Ok(())
}

/// A placement where a move cannot be avoided: a défi loses a seat, so one of its two
/// candidates moves (the one its list ranks lower, under the stable policy), the withdrawn
/// candidate's seat is filled, and the diff prints both.
#[test]
fn a_lost_seat_moves_one_candidate_and_the_diff_says_so() {
    let json = serde_json::json!({
        "promotion": "eig-4",
        "challenges": [
            {"id": "defi-a", "seats": [{"expertise": "design", "count": 2}]},
            {"id": "defi-b", "seats": [{"expertise": "design", "count": 2}]}
        ],
        "candidates": [
            {"id": "C-1", "expertise": "design", "preferences": ["defi-a", "defi-b"]},
            {"id": "C-2", "expertise": "design", "preferences": ["defi-a", "defi-b"]},
            {"id": "C-3", "expertise": "design", "preferences": ["defi-b", "defi-a"]},
            {"id": "C-4", "expertise": "design", "preferences": ["defi-b", "defi-a"]},
            {"id": "C-5", "expertise": "design", "preferences": ["defi-b", "defi-a"]}
        ],
        "scores": [
            {"candidate": "C-1", "challenge": "defi-a", "score": 9},
            {"candidate": "C-1", "challenge": "defi-b", "score": 7},
            {"candidate": "C-2", "challenge": "defi-a", "score": 8},
            {"candidate": "C-2", "challenge": "defi-b", "score": 8},
            {"candidate": "C-3", "challenge": "defi-a", "score": 7},
            {"candidate": "C-3", "challenge": "defi-b", "score": 7},
            {"candidate": "C-4", "challenge": "defi-a", "score": 6},
            {"candidate": "C-4", "challenge": "defi-b", "score": 6},
            {"candidate": "C-5", "challenge": "defi-a", "score": 5},
            {"candidate": "C-5", "challenge": "defi-b", "score": 5}
        ]
    });
    let input: TeamFormation = serde_json::from_value(json).unwrap();
    let rb = rulebook(0);
    let r0 = form(&input, &rb, Policy::Stable).unwrap();
    let at = |r: &TeamResult, c: &str| {
        r.placements
            .iter()
            .find(|p| p.candidate == c)
            .and_then(|p| p.challenge.clone())
    };
    assert_eq!(at(&r0, "C-1").as_deref(), Some("defi-a"));
    assert_eq!(at(&r0, "C-2").as_deref(), Some("defi-a"));
    assert_eq!(at(&r0, "C-5"), None);
    // C-3 withdraws; defi-a now has one seat.
    let mut next = input.clone();
    next.previous = Some(r0.announced());
    next.withdrawn = vec!["C-3".into()];
    next.challenges[0].seats[0].count = 1;
    for policy in [Policy::Stable, Policy::Optimal] {
        let r = form(&next, &rb, policy).unwrap();
        assert_eq!(r.moved(), 1, "{policy:?}: {:?}", r.changes);
        assert_eq!(at(&r, "C-1").as_deref(), Some("defi-a"));
        assert_eq!(at(&r, "C-2").as_deref(), Some("defi-b"));
        assert_eq!(at(&r, "C-4").as_deref(), Some("defi-b"));
        assert_eq!(at(&r, "C-5"), None);
        assert_eq!(r.summary.candidates, 4, "who withdrew is not counted");
        let text = r.to_text(Lang::Fr, usize::MAX);
        assert!(
            text.contains(
                "changements depuis le placement annoncé (1 déplacement(s), le moins possible) :"
            ),
            "{text}"
        );
        assert!(text.contains("  C-3 : defi-b → — (retrait)"), "{text}");
        assert!(
            text.contains(
                "  C-2 : defi-a → defi-b (déplacement, pour tenir toutes les règles après le changement)\n"
            ),
            "{text}"
        );
        // C-5, ranked below everyone on defi-b, is told its seats were filled above its score.
        let notice = r.notice("C-5", Lang::En).unwrap();
        assert!(
            notice.contains("choice no. 1 (defi-b): seats filled"),
            "{notice}"
        );
    }
    // C-5 pinned to defi-b: C-2 cannot follow its seat there, and moves to nowhere better.
    next.forced = vec![CandidateChallenge {
        candidate: "C-5".into(),
        challenge: "defi-b".into(),
    }];
    let r = form(&next, &rb, Policy::Stable).unwrap();
    assert_eq!(at(&r, "C-5").as_deref(), Some("defi-b"));
    assert_eq!(r.moved(), 1, "{:?}", r.changes);
    let notice = r.notice("C-5", Lang::En).unwrap();
    assert!(notice.contains("is placed on the défi defi-b"), "{notice}");
}

/// Bad pins, vetoes, previous results and withdrawals are violations with their paths.
#[test]
fn bad_pins_are_named_with_their_paths() {
    let json = serde_json::json!({
        "promotion": "eig-4",
        "challenges": [
            {"id": "defi-a", "seats": [{"expertise": "design", "count": 1}]},
            {"id": "defi-b", "seats": [{"expertise": "developpement", "count": 1}]}
        ],
        "candidates": [
            {"id": "C-1", "expertise": "design", "preferences": ["defi-a"]},
            {"id": "C-2", "expertise": "design", "preferences": ["defi-a"]},
            {"id": "C-3", "expertise": "design", "preferences": ["defi-a"]}
        ],
        "scores": [
            {"candidate": "C-1", "challenge": "defi-a", "score": 9},
            {"candidate": "C-2", "challenge": "defi-a", "score": 8},
            {"candidate": "C-3", "challenge": "defi-a", "score": 7}
        ],
        "forced": [
            {"candidate": "C-1", "challenge": "defi-b"},
            {"candidate": "C-2", "challenge": "defi-a"},
            {"candidate": "C-2", "challenge": "defi-a"},
            {"candidate": "C-3", "challenge": "defi-a"},
            {"candidate": "C-9", "challenge": "defi-z"}
        ],
        "forbidden": [{"candidate": "C-3", "challenge": "defi-a"}],
        "previous": [
            {"candidate": "C-1", "challenge": "defi-a"},
            {"candidate": "C-1", "challenge": "defi-a"}
        ],
        "withdrawn": ["C-7"]
    });
    let input: TeamFormation = serde_json::from_value(json).unwrap();
    let err = form(&input, &rulebook(0), Policy::Stable).unwrap_err();
    let got: Vec<(&str, &str)> = err
        .iter()
        .map(|v| (v.code.as_str(), v.path.as_str()))
        .collect();
    for want in [
        ("pin_conflicted", "/forced/0"),
        ("duplicate_items", "/forced/2"),
        ("pin_conflicted", "/forced/3"),
        ("unknown_reference", "/forced/4/candidate"),
        ("unknown_reference", "/forced/4/challenge"),
        ("duplicate_items", "/previous/1/candidate"),
        ("unknown_reference", "/withdrawn/0"),
    ] {
        assert!(got.contains(&want), "{want:?} missing from {got:?}");
    }
    let no_seat = err.iter().find(|v| v.path == "/forced/0").unwrap();
    assert_eq!(
        no_seat.message_en,
        "C-1 cannot be placed on defi-b: defi-b has no seat of their expertise (\"design\")"
    );
    let vetoed = err.iter().find(|v| v.path == "/forced/3").unwrap();
    assert!(
        vetoed
            .message_fr
            .contains("la même paire est aussi interdite"),
        "{}",
        vetoed.message_fr
    );
    assert!(
        err.iter()
            .any(|v| v.message_en.contains("\"C-7\" names no known candidate"))
    );

    // Mentor matching: a pin on a conflict, more pins than the team needs, past a load.
    let json = serde_json::json!({
        "promotion": "eig-4",
        "teams": [{"id": "t1", "organisations": ["DINUM"]}, {"id": "t2"}],
        "followers": [
            {"id": "r1", "kind": "referent", "max_teams": 1, "organisation": "DINUM"},
            {"id": "r2", "kind": "referent", "max_teams": 1},
            {"id": "r3", "kind": "referent", "max_teams": 2}
        ],
        "forced": [
            {"team": "t1", "follower": "r1"},
            {"team": "t2", "follower": "r2"},
            {"team": "t2", "follower": "r3"},
            {"team": "t1", "follower": "r3"}
        ],
        "previous": [{"team": "t3", "follower": "r2"}],
        "withdrawn": ["r4"]
    });
    let input: MentorMatching = serde_json::from_value(json).unwrap();
    let err = mentors(&input, None).unwrap_err();
    let got: Vec<(&str, &str, &str)> = err
        .iter()
        .map(|v| (v.code.as_str(), v.path.as_str(), v.message_en.as_str()))
        .collect();
    assert!(
        got.contains(&(
            "pin_conflicted",
            "/forced/0",
            "r1 cannot follow t1: their organisation (\"DINUM\") hosts t1"
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "pin_conflicted",
            "/forced/2",
            "r3 cannot follow t2: more people are pinned to it than its 1 place(s)"
        )),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|g| g.1 == "/previous/0/team" && g.0 == "unknown_reference"),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|g| g.1 == "/withdrawn/0" && g.0 == "unknown_reference"),
        "{got:?}"
    );
}

/// Pins and vetoes hold in mentor matching, and a withdrawn buddy's team is told it has none.
#[test]
fn mentor_pins_hold_and_the_diff_prints() {
    let json = serde_json::json!({
        "promotion": "eig-4",
        "teams": [
            {"id": "t1", "expertises": ["design"]},
            {"id": "t2", "expertises": ["developpement"]}
        ],
        "followers": [
            {"id": "r1", "kind": "referent", "max_teams": 2, "expertises": ["design"]},
            {"id": "r2", "kind": "referent", "max_teams": 2, "expertises": ["developpement"]}
        ]
    });
    let input: MentorMatching = serde_json::from_value(json).unwrap();
    let r0 = mentors(&input, None).unwrap();
    let on = |r: &MentorResult, t: &str| {
        r.pairs
            .iter()
            .find(|p| p.team == t)
            .map(|p| p.follower.clone())
    };
    assert_eq!(on(&r0, "t1").as_deref(), Some("r1"));
    // Pinned against affinity, and a veto.
    let mut pinned = input.clone();
    pinned.forced = vec![TeamFollower {
        team: "t1".into(),
        follower: "r2".into(),
    }];
    pinned.forbidden = vec![TeamFollower {
        team: "t2".into(),
        follower: "r2".into(),
    }];
    let r = mentors(&pinned, None).unwrap();
    assert_eq!(on(&r, "t1").as_deref(), Some("r2"));
    assert_eq!(on(&r, "t2").as_deref(), Some("r1"));
    // r1 withdraws after the first matching: r2 takes t1 too, one pair added, none dropped.
    let mut next = input.clone();
    next.previous = Some(r0.announced());
    next.withdrawn = vec!["r1".into()];
    let r = mentors(&next, None).unwrap();
    assert_eq!(r.moved, 0);
    assert_eq!(on(&r, "t1").as_deref(), Some("r2"));
    let text = r.to_text(Lang::En);
    assert!(
        text.contains("changes from the pairs announced (0 pair(s) dropped, the fewest possible):"),
        "{text}"
    );
    assert!(text.contains("  r1 : t1 → — (withdrew)"), "{text}");
    assert!(
        text.contains("  r2 : t2 → t1, t2 (a free place filled)"),
        "{text}"
    );
    assert!(
        r.changes
            .iter()
            .all(|c| c.kind == FollowerKind::Referent.as_str())
    );
}

/// A veto is explained as a veto and blocks nothing; a seat whose only eligible candidate
/// withdrew has no eligible candidate; a pin on who withdrew is void.
#[test]
fn vetoes_withdrawals_and_void_pins_are_told_as_they_are() {
    use eig::placement::teams::{ChoiceOutcome, Shortfall};
    let json = serde_json::json!({
        "promotion": "eig-4",
        "challenges": [
            {"id": "defi-a", "seats": [{"expertise": "developpement", "count": 1}]},
            {"id": "defi-b", "seats": [{"expertise": "design", "count": 1}]}
        ],
        "candidates": [
            {"id": "C-1", "expertise": "developpement", "preferences": ["defi-a"]},
            {"id": "C-2", "expertise": "developpement", "preferences": ["defi-a"]},
            {"id": "C-3", "expertise": "design", "preferences": ["defi-b"]}
        ],
        "scores": [
            {"candidate": "C-1", "challenge": "defi-a", "score": 9},
            {"candidate": "C-2", "challenge": "defi-a", "score": 5},
            {"candidate": "C-3", "challenge": "defi-b", "score": 5}
        ],
        "forbidden": [{"candidate": "C-1", "challenge": "defi-a"}],
        "forced": [{"candidate": "C-3", "challenge": "defi-b"}],
        "withdrawn": ["C-3"]
    });
    let input: TeamFormation = serde_json::from_value(json).unwrap();
    for policy in [Policy::Stable, Policy::Optimal] {
        let r = form(&input, &rulebook(0), policy).expect("a void pin is no error");
        assert!(
            r.blocking_pairs.is_empty(),
            "{policy:?}: {:?}",
            r.blocking_pairs
        );
        let c1 = r.placements.iter().find(|p| p.candidate == "C-1").unwrap();
        assert_eq!(c1.choices[0].outcome, ChoiceOutcome::Forbidden);
        assert!(
            r.notice("C-1", Lang::En)
                .unwrap()
                .contains("ruled out by the input"),
            "{:?}",
            r.notice("C-1", Lang::En)
        );
        let b = r.teams.iter().find(|t| t.challenge == "defi-b").unwrap();
        assert_eq!(b.seats[0].shortfall, Some(Shortfall::NoEligibleCandidate));
        assert_eq!(r.summary.candidates, 2);
    }
}

/// A buddy pair announced is kept even when the affinities are large: the keeping bonus
/// counts the "no buddy" cost too.
#[test]
fn a_buddy_pair_announced_is_kept_against_large_affinities() {
    let m = 1.0e7;
    let json = serde_json::json!({
        "promotion": "eig-4",
        "teams": [{"id": "t1"}, {"id": "t2"}, {"id": "t3"}],
        "followers": [
            {"id": "r", "kind": "referent", "max_teams": 3},
            {"id": "b1", "kind": "buddy", "max_teams": 1},
            {"id": "b2", "kind": "buddy", "min_teams": 1, "max_teams": 1},
            {"id": "b3", "kind": "buddy", "max_teams": 1}
        ],
        "forbidden": [
            {"team": "t3", "follower": "b1"},
            {"team": "t2", "follower": "b2"},
            {"team": "t1", "follower": "b3"},
            {"team": "t2", "follower": "b3"}
        ],
        "previous": [{"team": "t1", "follower": "b1"}]
    });
    let input: MentorMatching = serde_json::from_value(json).unwrap();
    let affinity =
        move |t: &eig::model::MentoredTeam, f: &eig::model::Follower| -> Result<f64, String> {
            Ok(match (t.id.as_str(), f.id.as_str()) {
                ("t1", "b1") => -m,
                ("t1", "b2") => m,
                ("t3", "b2") => -m,
                ("t3", "b3") => m,
                _ => 0.0,
            })
        };
    let r = mentors(&input, Some(&affinity)).unwrap();
    assert_eq!(r.moved, 0, "{:?}", r.pairs);
    assert!(r.pairs.iter().any(|p| p.team == "t1" && p.follower == "b1"));
}

/// Weights and scores whose welfare, with the bonus that keeps announced seats, would pass
/// ±1e308: refused at their paths when the input loads, never an internal error.
#[test]
fn weights_and_scores_past_their_ranges_are_named_before_any_solving() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("examples/teams/rematch.json")).unwrap())
            .unwrap();
    doc["welfare"] = serde_json::json!({"score_weight": 1e305, "rank_weight": 1});
    doc["scores"][0]["score"] = serde_json::json!(1e300);
    let v = eig::placement::teams::load_value(&doc, &eig::validate::RulebookChoice::Named)
        .expect_err("refused")
        .report
        .violations;
    let found: Vec<(&str, &str)> = v
        .iter()
        .filter(|v| v.is_error())
        .map(|v| (v.code.as_str(), v.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("above_maximum", "/scores/0/score"),
            ("above_maximum", "/welfare/score_weight")
        ]
    );
    let mut mentors: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root.join("examples/teams/mentors-rematch.json")).unwrap(),
    )
    .unwrap();
    mentors["weights"] = serde_json::json!({"expertise": -1e305});
    let report = eig::documents::validate_document(
        eig::schema::SchemaKind::MentorMatching,
        eig::documents::Input::Value(&mentors),
        &eig::validate::RulebookChoice::Named,
    );
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.code.as_str() == "below_minimum" && v.path == "/weights/expertise"),
        "{:?}",
        report.violations
    );
}
