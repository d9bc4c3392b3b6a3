//! Team formation at national scale (100,000 candidates, 2,000 défis, 10 choices each) with
//! both policies, then référents for the teams. `cargo bench -p eig --bench teams`.
//!
//! Set `EIG_TEAMS_CANDIDATES` (and `EIG_TEAMS_CHALLENGES`) for another size.

use criterion::{Criterion, criterion_group, criterion_main};
use eig::Rulebook;
use eig::model::{AffinityWeights, Follower, FollowerKind, MentorMatching, MentoredTeam, Theme};
use eig::placement::mentors::match_mentors;
use eig::placement::teams::{self, Policy, form_teams};
use eig::synthetic::{TeamOptions, team_formation};
use eig::validate::Checked;
use std::time::Instant;

fn size(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn referents(teams: &eig::placement::teams::TeamResult) -> MentorMatching {
    let n = teams.teams.len();
    let followers = (0..n.div_ceil(4) + 1)
        .map(|k| Follower {
            id: format!("ref-{k:04}"),
            kind: FollowerKind::Referent,
            min_teams: 0,
            max_teams: 5,
            expertises: Vec::new(),
            themes: vec![Theme::new(["sante", "culture", "justice"][k % 3])],
            city: Some(["Paris", "Lyon"][k % 2].to_owned()),
            remote: k % 5 == 0,
            organisation: None,
        })
        .collect();
    MentorMatching {
        schema: None,
        promotion: eig::model::PromotionId::new("eig-5"),
        teams: teams
            .teams
            .iter()
            .enumerate()
            .map(|(k, t)| MentoredTeam {
                id: t.challenge.clone(),
                organisations: Vec::new(),
                expertises: Vec::new(),
                themes: vec![Theme::new(
                    ["sante", "culture", "justice", "travail"][k % 4],
                )],
                city: Some(["Paris", "Lyon", "Lille"][k % 3].to_owned()),
                needs: 1,
                mentors: Vec::new(),
            })
            .collect(),
        followers,
        weights: AffinityWeights::default(),
        forced: Vec::new(),
        forbidden: Vec::new(),
        previous: None,
        withdrawn: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let options = TeamOptions {
        candidates: size("EIG_TEAMS_CANDIDATES", 100_000),
        challenges: size("EIG_TEAMS_CHALLENGES", 2_000),
        ..TeamOptions::default()
    };
    let input = team_formation(&options);
    let mut rulebook = Rulebook::builtin("eig-5").expect("built in");
    rulebook.promotion = input.promotion.clone();
    // The checks run once, when the input is loaded; the policies share the checked input.
    let t = Instant::now();
    let checked = teams::load_with_rulebook(input.clone(), &rulebook).expect("a valid input");
    eprintln!("checks: {:.3} s", t.elapsed().as_secs_f64());
    // One run of each, timed end to end, with the figures the comparison reports.
    for policy in [Policy::Stable, Policy::Optimal] {
        let t = Instant::now();
        let teams = form_teams(&checked, policy).expect("a valid input");
        let formed = t.elapsed();
        let t = Instant::now();
        let mentors = Checked::check(referents(&teams), ())
            .and_then(|m| match_mentors(&m))
            .expect("feasible");
        let matched = t.elapsed();
        let s = &teams.summary;
        eprintln!(
            "{}: {} candidates, {} seats: teams {:.3} s, référents {:.3} s, end to end {:.3} s; placed {}, first choice {:.1} %, unfilled {}, total score {:.1}, welfare {:.1}, blocking pairs {}, référent pairs {}",
            policy.as_str(),
            s.candidates,
            s.seats,
            formed.as_secs_f64(),
            matched.as_secs_f64(),
            (formed + matched).as_secs_f64(),
            s.placed,
            100.0 * s.first_choice_rate,
            s.unfilled_seats,
            s.total_score,
            s.welfare,
            s.blocking_pairs,
            mentors.pairs.len()
        );
    }
    let mut group = c.benchmark_group("teams");
    group.sample_size(10);
    group.bench_function("stable", |b| {
        b.iter(|| form_teams(&checked, Policy::Stable).expect("valid"));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
