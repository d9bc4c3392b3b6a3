//! The inputs of team formation and mentor matching, from a scored promotion.

use super::*;

/// What [`team_formation`] generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamOptions {
    /// The seed.
    pub seed: u64,
    /// Selected défis (1 to 3 seats each, over the first four expertises of EIG 5).
    pub challenges: usize,
    /// Selected candidates.
    pub candidates: usize,
    /// Défis each candidate ranks (at most `challenges`).
    pub choices: usize,
}

impl Default for TeamOptions {
    /// National scale: 2,000 défis, 100,000 candidates, 10 choices each.
    fn default() -> Self {
        Self {
            seed: 2017,
            challenges: 2_000,
            candidates: 100_000,
            choices: 10,
        }
    }
}

/// A synthetic team formation input: défis with seats, candidates whose choices lean towards
/// popular défis, and a score per (candidate, défi) = the candidate's quality + a fit. No real
/// person in it; deterministic for a seed.
///
/// ```
/// use eig::synthetic::{TeamOptions, team_formation};
/// let t = team_formation(&TeamOptions { seed: 1, challenges: 30, candidates: 200, choices: 5 });
/// assert_eq!((t.challenges.len(), t.candidates.len(), t.scores.len()), (30, 200, 1000));
/// ```
#[must_use]
pub fn team_formation(o: &TeamOptions) -> crate::model::TeamFormation {
    use crate::model::{PairScore, SeatGroup, TeamCandidate, TeamChallenge, TeamFormation};
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    let n_ch = o.challenges.max(1);
    let choices = o.choices.clamp(1, n_ch);
    let pool: Vec<Expertise> = Rulebook::builtin("eig-5")
        .map(|r| r.allowed_expertises.into_iter().take(4).collect())
        .unwrap_or_default();
    let width = (n_ch.ilog10() as usize + 1).max(2);
    let id = |k: usize| format!("defi-{:0width$}", k + 1);
    let mut challenges = Vec::with_capacity(n_ch);
    let mut popularity = Vec::with_capacity(n_ch);
    for k in 0..n_ch {
        let mut exp = pool.clone();
        exp.shuffle(&mut rng);
        let team = rng.random_range(1..=3usize);
        challenges.push(TeamChallenge {
            id: id(k),
            seats: exp
                .into_iter()
                .take(team)
                .map(|expertise| SeatGroup {
                    expertise,
                    count: 1,
                })
                .collect(),
        });
        popularity.push(rng.random_range(0.2..1.0f64));
    }
    // Choices: a weighted draw without replacement, by popularity.
    let total: f64 = popularity.iter().sum();
    let cumulative: Vec<f64> = popularity
        .iter()
        .scan(0.0, |acc, p| {
            *acc += p / total;
            Some(*acc)
        })
        .collect();
    let cwidth = (o.candidates.max(1).ilog10() as usize + 1).max(4);
    let mut candidates = Vec::with_capacity(o.candidates);
    let mut scores = Vec::with_capacity(o.candidates * choices);
    for c in 0..o.candidates {
        let cid = format!("cand-{:0cwidth$}", c + 1);
        let quality = normal(&mut rng);
        let mut picked: Vec<usize> = Vec::with_capacity(choices);
        while picked.len() < choices {
            let u: f64 = rng.random_range(0.0..1.0);
            let k = cumulative.partition_point(|&x| x < u).min(n_ch - 1);
            if !picked.contains(&k) {
                picked.push(k);
            }
        }
        for &k in &picked {
            let fit = 0.5 * normal(&mut rng);
            scores.push(PairScore {
                candidate: cid.clone(),
                challenge: id(k),
                score: ((5.0 + 1.5 * quality + fit).clamp(0.0, 10.0) * 100.0).round() / 100.0,
            });
        }
        candidates.push(TeamCandidate {
            id: cid,
            expertise: pool[rng.random_range(0..pool.len())].clone(),
            preferences: picked.into_iter().map(id).collect(),
        });
    }
    TeamFormation {
        schema: None,
        promotion: PromotionId::new("eig-5"),
        challenges,
        candidates,
        scores,
        welfare: crate::model::Welfare::default(),
        forced: Vec::new(),
        forbidden: Vec::new(),
        previous: None,
        withdrawn: Vec::new(),
    }
}

/// The team formation input of a scored synthetic promotion: the défis selected at the défi
/// stage with their seats, the candidates selected at the candidate stage with their
/// preferences among those défis (topped up to three with défis that have a seat of their
/// expertise), and a score per (candidate, défi): the candidate's calibrated final score plus
/// a fit to the défi drawn from the seed (±0.5).
#[must_use]
pub fn teams_input(
    p: &SyntheticPromotion,
    challenges: &crate::scoring::Ranking,
    candidates: &crate::scoring::Ranking,
    seed: u64,
) -> crate::model::TeamFormation {
    use crate::model::{PairScore, SeatGroup, TeamCandidate, TeamChallenge, TeamFormation};
    use crate::scoring::Outcome;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7ea3);
    let selected: Vec<&str> = challenges
        .items
        .iter()
        .filter(|r| r.outcome == Outcome::Selected)
        .map(|r| r.item.as_str())
        .collect();
    let team_challenges: Vec<TeamChallenge> = p
        .submissions
        .iter()
        .enumerate()
        .filter(|(k, _)| selected.contains(&challenge_id(*k).as_str()))
        .map(|(k, s)| TeamChallenge {
            id: challenge_id(k),
            seats: s
                .seats
                .iter()
                .map(|x| SeatGroup {
                    expertise: x.expertise.clone(),
                    count: x.count,
                })
                .collect(),
        })
        .collect();
    let mut team_candidates = Vec::new();
    let mut scores = Vec::new();
    for r in candidates
        .items
        .iter()
        .filter(|r| r.outcome == Outcome::Selected)
    {
        let Some(app) = p.applications.iter().find(|a| a.id == r.item) else {
            continue;
        };
        let base = r.final_score.unwrap_or(0.0);
        let mut preferences: Vec<String> = app
            .preferences
            .iter()
            .filter(|d| selected.contains(&d.as_str()))
            .cloned()
            .collect();
        // Candidates apply once the défis are chosen: one whose application names fewer
        // than three of them also ranks, after those, défis with a seat of their expertise.
        let mut open: Vec<&TeamChallenge> = team_challenges
            .iter()
            .filter(|c| c.seats.iter().any(|x| x.expertise == app.expertise))
            .filter(|c| !preferences.contains(&c.id))
            .collect();
        open.shuffle(&mut rng);
        for c in open {
            if preferences.len() >= 3 {
                break;
            }
            preferences.push(c.id.clone());
        }
        for d in &preferences {
            let fit: f64 = rng.random_range(-0.5..0.5);
            scores.push(PairScore {
                candidate: app.id.clone(),
                challenge: d.clone(),
                score: ((base + fit) * 100.0).round() / 100.0,
            });
        }
        team_candidates.push(TeamCandidate {
            id: app.id.clone(),
            expertise: app.expertise.clone(),
            preferences,
        });
    }
    TeamFormation {
        schema: None,
        promotion: p.rulebook.promotion.clone(),
        challenges: team_challenges,
        candidates: team_candidates,
        scores,
        welfare: crate::model::Welfare::default(),
        forced: Vec::new(),
        forbidden: Vec::new(),
        previous: None,
        withdrawn: Vec::new(),
    }
}

/// The mentor matching input of synthetic teams: each team with its hosts, expertises,
/// themes, city and public-agent mentors (from its submission); a coordination team of
/// référents (one for every three teams, and one more, up to 3 teams each; the first came
/// from the first team's host, a conflict of interest) and a few alumni buddies.
#[must_use]
pub fn mentors_input(
    p: &SyntheticPromotion,
    teams: &crate::model::TeamFormation,
    seed: u64,
) -> crate::model::MentorMatching {
    use crate::model::{AffinityWeights, Follower, FollowerKind, MentorMatching, MentoredTeam};
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x3e47);
    let submission = |id: &str| {
        p.submissions
            .iter()
            .enumerate()
            .find(|(k, _)| challenge_id(*k) == id)
            .map(|(_, s)| s)
    };
    let mentored: Vec<MentoredTeam> = teams
        .challenges
        .iter()
        .map(|c| {
            let s = submission(&c.id);
            MentoredTeam {
                id: c.id.clone(),
                organisations: s
                    .map(|s| s.hosts.iter().map(|h| h.name.clone()).collect())
                    .unwrap_or_default(),
                expertises: c.seats.iter().map(|x| x.expertise.clone()).collect(),
                themes: s.map(|s| s.themes.clone()).unwrap_or_default(),
                city: s.and_then(|s| s.locations.first().map(|l| l.city.clone())),
                needs: 1,
                mentors: s
                    .map(|s| s.mentors.iter().map(|m| m.name.clone()).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let expertises: Vec<Expertise> = p.rulebook.allowed_expertises.clone();
    let n = mentored.len().div_ceil(3) + 1;
    let mut followers = Vec::new();
    for k in 0..n + 2 {
        let referent = k < n;
        let mut exp = expertises.clone();
        exp.shuffle(&mut rng);
        exp.truncate(2);
        let mut themes: Vec<Theme> = THEMES.iter().map(|t| Theme::new(*t)).collect();
        themes.shuffle(&mut rng);
        themes.truncate(3);
        let (city, _) = *pick(&mut rng, PLACES);
        followers.push(Follower {
            id: if referent {
                format!("referent-{:02}", k + 1)
            } else {
                format!("buddy-{:02}", k + 1 - n)
            },
            kind: if referent {
                FollowerKind::Referent
            } else {
                FollowerKind::Buddy
            },
            min_teams: u32::from(referent && k == 0),
            max_teams: if referent { 3 } else { 2 },
            expertises: exp,
            themes,
            city: Some(city.to_owned()),
            remote: rng.random_bool(0.3),
            organisation: (k == 0)
                .then(|| {
                    mentored
                        .first()
                        .and_then(|t| t.organisations.first().cloned())
                })
                .flatten(),
        });
    }
    MentorMatching {
        schema: None,
        promotion: teams.promotion.clone(),
        teams: mentored,
        followers,
        weights: AffinityWeights::default(),
        forced: Vec::new(),
        forbidden: Vec::new(),
        previous: None,
        withdrawn: Vec::new(),
    }
}

/// Scores both stages of a synthetic promotion: the défis, then the candidates.
///
/// # Errors
/// When the generated documents do not score (they always do; kept for callers' sake).
pub fn rankings(
    p: &SyntheticPromotion,
) -> Result<(crate::scoring::Ranking, crate::scoring::Ranking), crate::diagnostics::InvalidDocument>
{
    use crate::validate::Checked;
    let jury = Checked::check(p.jury.clone(), ())?;
    let stage = |id, grid: &crate::model::ScoringGrid, scores: &crate::model::ScoreSheets| {
        crate::scoring::score_stage(
            &p.rulebook,
            Some(id),
            &Checked::check(grid.clone(), ())?,
            &jury,
            &Checked::check(scores.clone(), ())?,
        )
    };
    Ok((
        stage("defis", &p.challenge_grid, &p.challenge_scores)?,
        stage("candidats", &p.candidate_grid, &p.candidate_scores)?,
    ))
}
