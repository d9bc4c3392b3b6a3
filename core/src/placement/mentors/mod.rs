//! Mentor matching: référents of the coordination team, and optionally alumni buddies, onto
//! teams, within everyone's load and without conflicts of interest.
//!
//! Each team gets `needs` référents and, when buddies are given, at most one buddy. The
//! affinity of a follower and a team is documented ([`affinity`]): `expertise × (shared
//! expertises) + theme × (themes of the défi the follower knows) + place × (same city, or
//! remote)`; a custom function can replace it ([`match_mentors_with`]). A follower from one of
//! the team's host organisations is a conflict: that pair is never made. The solver is the
//! min-cost flow of [`capacitated_assignment`] on the opposite of the affinity; when
//! the loads and needs cannot be met, the error names the teams and followers that bind.
//!
//! Pins (`forced`) are the solver's forced pairs; vetoes (`forbidden`) and withdrawals
//! (`withdrawn`) remove pairs. **Re-matching**: with the pairs already announced (`previous`),
//! each of them is worth a bonus larger than any difference of affinity, so the new matching
//! drops as few of them as there can be ([`MentorResult::moved`]), then has the best affinity;
//! [`MentorResult::changes`] says, per follower, which teams they left and joined.

mod rematch;

use crate::diagnostics::duplicate_ids;
use crate::diagnostics::message::{self, AffinityFault, Infeasible, Thing};
use crate::diagnostics::{InvalidDocument, Lang, Violation};
use crate::model::{AffinityWeights, Follower, FollowerKind, MentorMatching, MentoredTeam};
use crate::schema::SchemaKind;
use crate::solve::{FlowError, FlowProblem, capacitated_assignment};
use crate::table::{Cell, Table};
use crate::text::fold;
use crate::validate::{Checked, Document};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// The parts of an affinity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AffinityBreakdown {
    /// From shared expertises.
    pub expertise: f64,
    /// From known themes.
    pub theme: f64,
    /// From the same city, or remote.
    pub place: f64,
    /// The custom function's value, when one replaced the documented affinity.
    pub custom: Option<f64>,
    /// The affinity the solver maximised.
    pub total: f64,
}

/// The documented affinity of a follower and a team.
#[must_use]
pub fn affinity(w: AffinityWeights, team: &MentoredTeam, follower: &Follower) -> AffinityBreakdown {
    let shared = team
        .expertises
        .iter()
        .filter(|e| follower.expertises.contains(e))
        .count();
    let known = team
        .themes
        .iter()
        .filter(|t| follower.themes.contains(t))
        .count();
    let same_city = match (&team.city, &follower.city) {
        (Some(a), Some(b)) => fold(a) == fold(b),
        _ => false,
    };
    #[allow(clippy::cast_precision_loss)]
    let (expertise, theme) = (w.expertise * shared as f64, w.theme * known as f64);
    let place = if same_city || follower.remote {
        w.place
    } else {
        0.0
    };
    AffinityBreakdown {
        expertise,
        theme,
        place,
        custom: None,
        total: expertise + theme + place,
    }
}

/// Whether a follower comes from one of the team's host organisations.
#[must_use]
pub fn in_conflict(team: &MentoredTeam, follower: &Follower) -> bool {
    follower.organisation.as_ref().is_some_and(|o| {
        let o = fold(o);
        team.organisations.iter().any(|t| fold(t) == o)
    })
}

/// One follower on one team, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentorPair {
    /// The team (défi).
    pub team: String,
    /// The follower.
    pub follower: String,
    /// Référent or buddy.
    pub kind: FollowerKind,
    /// The affinity and its parts.
    pub affinity: AffinityBreakdown,
    /// The follower's load in the result, and their bounds.
    pub load: u32,
    /// Their minimum load.
    pub min_teams: u32,
    /// Their maximum load.
    pub max_teams: u32,
    /// What bound the pair: `best_affinity` when the team got its best allowed follower,
    /// else `load` (the better ones were at their maximum, or needed elsewhere).
    pub bound_by: String,
    /// Followers of the same kind with a higher affinity for this team, not given to it.
    pub better_elsewhere: Vec<String>,
    /// Followers excluded from this team for a conflict of interest.
    pub conflicts: Vec<String>,
}

/// Référents and buddies on every team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentorResult {
    /// Every pair, by team then kind then follower.
    pub pairs: Vec<MentorPair>,
    /// The public-agent mentors each team brings (from its submission), by team.
    pub mentors: Vec<(String, Vec<String>)>,
    /// Teams left without a buddy (when buddies are given but too few).
    pub without_buddy: Vec<String>,
    /// The sum of the affinities.
    pub total_affinity: f64,
    /// With previous pairs: the pairs dropped, the followers who withdrew left aside (a
    /// follower taken off one team is one; re-matching makes it as few as there can be).
    pub moved: u32,
    /// With previous pairs: per follower whose teams differ, which they had and have now, and
    /// why (`withdrew`, `moved`, `added`); empty without.
    pub changes: Vec<crate::placement::Change>,
}

impl Document for MentorMatching {
    const KIND: SchemaKind = SchemaKind::MentorMatching;
    type Context = ();
    fn check(&self, (): &()) -> Vec<Violation> {
        check(self)
    }
}

/// Checks the input: every violation, with its path.
fn check(input: &MentorMatching) -> Vec<Violation> {
    let mut out = Vec::new();
    if input.teams.is_empty() {
        out.push(message::empty_promotion("/teams", Thing::Team));
    }
    if !input
        .followers
        .iter()
        .any(|f| f.kind == FollowerKind::Referent)
    {
        out.push(message::empty_promotion("/followers", Thing::Referent));
    }
    duplicate_ids(
        input.teams.iter().map(|t| t.id.as_str()),
        |i| format!("/teams/{i}/id"),
        Thing::Team,
        &mut out,
    );
    duplicate_ids(
        input.followers.iter().map(|f| f.id.as_str()),
        |i| format!("/followers/{i}/id"),
        Thing::Follower,
        &mut out,
    );
    for (i, f) in input.followers.iter().enumerate() {
        if f.max_teams == 0 {
            out.push(message::capacity_zero(
                format!("/followers/{i}/max_teams"),
                &f.id,
            ));
        } else if f.min_teams > f.max_teams {
            out.push(message::range_inverted(
                format!("/followers/{i}/min_teams"),
                &f.min_teams,
                &f.max_teams,
                false,
            ));
        }
    }
    let w = input.weights;
    for (name, v) in [
        ("expertise", w.expertise),
        ("theme", w.theme),
        ("place", w.place),
    ] {
        if !v.is_finite() {
            out.push(message::score_not_finite(format!("/weights/{name}"), v));
        }
    }
    rematch::check_pins(input, &mut out);
    out
}

/// A custom affinity: `Ok(value)` (higher is better), or an error message.
pub type CustomAffinity<'a> = &'a dyn Fn(&MentoredTeam, &Follower) -> Result<f64, String>;

/// Matches followers to teams with the documented affinity, from a checked input (see
/// [`load_document`](crate::validate::load_document)); the checks do not run again.
///
/// # Errors
/// `matching_infeasible` naming what binds.
pub fn match_mentors(input: &Checked<MentorMatching>) -> Result<MentorResult, InvalidDocument> {
    match_mentors_with(input, None)
}

/// The largest magnitude of a custom affinity: the matching adds affinities in floating point,
/// and their sum over every pair must stay finite and exact enough to compare.
pub const MAX_AFFINITY: f64 = 1e12;

/// Matches followers to teams, with a custom affinity in place of the documented one.
///
/// # Errors
/// A custom affinity that fails, is not finite, or is past ±[`MAX_AFFINITY`]
/// (`affinity_failed`, at the follower), or
/// `matching_infeasible` naming what binds.
pub fn match_mentors_with(
    input: &Checked<MentorMatching>,
    custom: Option<CustomAffinity<'_>>,
) -> Result<MentorResult, InvalidDocument> {
    let input: &MentorMatching = input;
    let pins = rematch::Pins::new(input);
    let mut pairs = Vec::new();
    let mut without_buddy = Vec::new();
    let mut total = 0.0;
    for kind in [FollowerKind::Referent, FollowerKind::Buddy] {
        if !input.followers.iter().any(|f| f.kind == kind) {
            continue;
        }
        let followers: Vec<(usize, &Follower)> = input
            .followers
            .iter()
            .enumerate()
            .filter(|(i, f)| f.kind == kind && !pins.withdrawn[*i])
            .collect();
        let got = solve(input, &followers, kind, custom, &pins).map_err(InvalidDocument::new)?;
        total += got.iter().map(|p| p.affinity.total).sum::<f64>();
        if kind == FollowerKind::Buddy {
            for t in &input.teams {
                if !got.iter().any(|p| p.team == t.id) {
                    without_buddy.push(t.id.clone());
                }
            }
        }
        pairs.extend(got);
    }
    let order = |id: &str| input.teams.iter().position(|t| t.id == id);
    pairs.sort_by(|a, b| {
        (order(&a.team), a.kind, &a.follower).cmp(&(order(&b.team), b.kind, &b.follower))
    });
    let mut result = MentorResult {
        pairs,
        mentors: input
            .teams
            .iter()
            .map(|t| (t.id.clone(), t.mentors.clone()))
            .collect(),
        without_buddy,
        total_affinity: total,
        moved: 0,
        changes: Vec::new(),
    };
    result.moved = u32::try_from(rematch::dropped(input, &result)).unwrap_or(u32::MAX);
    result.changes = rematch::changes(input, &result);
    Ok(result)
}

fn solve(
    input: &MentorMatching,
    followers: &[(usize, &Follower)],
    kind: FollowerKind,
    custom: Option<CustomAffinity<'_>>,
    pins: &rematch::Pins,
) -> Result<Vec<MentorPair>, Vec<Violation>> {
    let nt = input.teams.len();
    let nf = followers.len();
    let buddy = kind == FollowerKind::Buddy;
    // affinity[t][k] for allowed pairs.
    let mut table: Vec<Vec<Option<AffinityBreakdown>>> = vec![vec![None; nf]; nt];
    let mut arcs = Vec::new();
    let mut conflicts: Vec<Vec<String>> = vec![Vec::new(); nt];
    for (t, team) in input.teams.iter().enumerate() {
        for (k, (fi, f)) in followers.iter().enumerate() {
            if in_conflict(team, f) {
                conflicts[t].push(f.id.clone());
                continue;
            }
            if pins.forbidden.contains(&(t, *fi)) {
                continue;
            }
            let mut a = affinity(input.weights, team, f);
            if let Some(custom) = custom {
                let failed = |fault: AffinityFault<'_>| {
                    vec![message::affinity_failed(
                        format!("/followers/{fi}"),
                        &f.id,
                        &team.id,
                        fault,
                    )]
                };
                let value = custom(team, f).map_err(|e| failed(AffinityFault::Raised(&e)))?;
                if !value.is_finite() {
                    return Err(failed(AffinityFault::NotFinite(value)));
                }
                if value.abs() > MAX_AFFINITY {
                    return Err(failed(AffinityFault::TooLarge {
                        value,
                        max: MAX_AFFINITY,
                    }));
                }
                a.custom = Some(value);
                a.total = value;
            }
            table[t][k] = Some(a);
            arcs.push((k, t, -a.total));
        }
    }
    // Buddies are optional: an agent "no buddy" can serve any team, at a cost above every
    // real buddy's, so that, pairs announced before aside, buddies are used as far as their
    // loads allow.
    let no_buddy = arcs.iter().map(|a| a.2).fold(0.0_f64, f64::max) + 1.0e6;
    // Re-matching: a pair already announced is worth more than any difference of cost (twice
    // the sum over teams of their demand times their largest cost, the "no buddy" one
    // included, plus one), so the optimum drops as few of them as there can be.
    if !pins.previous.is_empty() {
        let mut largest = vec![if buddy { no_buddy.abs() } else { 0.0_f64 }; nt];
        for &(_, t, c) in &arcs {
            largest[t] = largest[t].max(c.abs());
        }
        let span: f64 = input
            .teams
            .iter()
            .zip(&largest)
            .map(|(team, l)| f64::from(if buddy { 1 } else { team.needs }) * l)
            .sum();
        let bonus = 2.0 * span + 1.0;
        for arc in &mut arcs {
            if pins.previous.contains(&(arc.1, followers[arc.0].0)) {
                arc.2 -= bonus;
            }
        }
    }
    let mut agent_min: Vec<u32> = followers.iter().map(|(_, f)| f.min_teams).collect();
    let mut agent_max: Vec<u32> = followers.iter().map(|(_, f)| f.max_teams).collect();
    if buddy {
        for t in 0..nt {
            arcs.push((nf, t, no_buddy));
        }
        agent_min.push(0);
        agent_max.push(u32::try_from(nt).unwrap_or(u32::MAX));
    }
    let problem = FlowProblem {
        agent_min,
        agent_max,
        task_demand: input
            .teams
            .iter()
            .map(|t| if buddy { 1 } else { t.needs })
            .collect(),
        arcs,
        forced: followers
            .iter()
            .enumerate()
            .flat_map(|(k, (fi, _))| {
                (0..nt)
                    .filter(move |&t| pins.forced.contains(&(t, *fi)))
                    .map(move |t| (k, t))
            })
            .collect(),
    };
    let solution = capacitated_assignment(&problem, false)
        .map_err(|e| vec![infeasible(input, followers, kind, &e)])?;
    let mut out = Vec::new();
    for &(k, t) in &solution.pairs {
        if k >= nf {
            continue;
        }
        let a = table[t][k].expect("the solver only uses allowed pairs");
        let (_, f) = followers[k];
        let better: Vec<String> = (0..nf)
            .filter(|&j| table[t][j].is_some_and(|b| b.total > a.total))
            .filter(|&j| !solution.pairs.contains(&(j, t)))
            .map(|j| followers[j].1.id.clone())
            .collect();
        out.push(MentorPair {
            team: input.teams[t].id.clone(),
            follower: f.id.clone(),
            kind,
            affinity: a,
            load: solution.loads[k],
            min_teams: f.min_teams,
            max_teams: f.max_teams,
            bound_by: if better.is_empty() {
                "best_affinity".to_owned()
            } else {
                "load".to_owned()
            },
            better_elsewhere: better,
            conflicts: conflicts[t].clone(),
        });
    }
    Ok(out)
}

fn infeasible(
    input: &MentorMatching,
    followers: &[(usize, &Follower)],
    kind: FollowerKind,
    e: &FlowError,
) -> Violation {
    let team = |t: usize| input.teams.get(t).map_or("?", |x| x.id.as_str());
    let follower = |k: usize| followers.get(k).map_or("?", |x| x.1.id.as_str());
    let role = match kind {
        FollowerKind::Referent => Thing::Referent,
        FollowerKind::Buddy => Thing::Buddy,
    };
    let (path, why) = match e {
        FlowError::TaskShort {
            task,
            demand,
            allowed,
        } => (
            format!("/teams/{task}"),
            Infeasible::TeamShort {
                team: team(*task),
                need: *demand,
                allowed: *allowed,
                kind: role,
            },
        ),
        FlowError::NotEnoughCapacity {
            tasks,
            agents,
            demand,
            capacity,
        } => (
            "/teams".to_owned(),
            Infeasible::NotEnoughCapacity {
                teams: tasks.iter().map(|&t| team(t)).collect(),
                followers: agents.iter().map(|&k| follower(k)).collect(),
                demand: *demand,
                capacity: *capacity,
                kind: role,
            },
        ),
        FlowError::MinimumUnreachable {
            agent,
            min,
            reachable,
        } => (
            format!(
                "/followers/{}/min_teams",
                followers.get(*agent).map_or(0, |x| x.0)
            ),
            Infeasible::MinimumUnreachable {
                follower: follower(*agent),
                min: *min,
                reachable: *reachable,
            },
        ),
        other => (String::new(), Infeasible::Other(other.to_string())),
    };
    message::matching_infeasible(path, &why)
}

fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl MentorPair {
    /// The explanation of this pair, in French or English.
    #[must_use]
    pub fn notice(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        let a = &self.affinity;
        let mut s = if let Some(c) = a.custom {
            if fr {
                format!(
                    "{} suit l'équipe {} : affinité {} (fonction personnalisée)",
                    self.follower,
                    self.team,
                    num(c)
                )
            } else {
                format!(
                    "{} follows the team {}: affinity {} (custom function)",
                    self.follower,
                    self.team,
                    num(c)
                )
            }
        } else if fr {
            format!(
                "{} suit l'équipe {} : affinité {} = expertises {} + thématiques {} + lieu {}",
                self.follower,
                self.team,
                num(a.total),
                num(a.expertise),
                num(a.theme),
                num(a.place)
            )
        } else {
            format!(
                "{} follows the team {}: affinity {} = expertises {} + themes {} + place {}",
                self.follower,
                self.team,
                num(a.total),
                num(a.expertise),
                num(a.theme),
                num(a.place)
            )
        };
        let _ = write!(
            s,
            "{}",
            if fr {
                format!(
                    " ; charge {} (entre {} et {})",
                    self.load, self.min_teams, self.max_teams
                )
            } else {
                format!(
                    "; load {} (between {} and {})",
                    self.load, self.min_teams, self.max_teams
                )
            }
        );
        if !self.better_elsewhere.is_empty() {
            let _ = write!(
                s,
                "{}",
                if fr {
                    format!(
                        " ; contrainte de charge : {} avaient une affinité plus haute mais sont pris ailleurs",
                        self.better_elsewhere.join(", ")
                    )
                } else {
                    format!(
                        "; bound by load: {} had a higher affinity but are needed elsewhere",
                        self.better_elsewhere.join(", ")
                    )
                }
            );
        }
        if !self.conflicts.is_empty() {
            let _ = write!(
                s,
                "{}",
                if fr {
                    format!(
                        " ; exclus pour conflit d'intérêts : {}",
                        self.conflicts.join(", ")
                    )
                } else {
                    format!(
                        "; excluded for a conflict of interest: {}",
                        self.conflicts.join(", ")
                    )
                }
            );
        }
        s.push('.');
        s
    }
}

impl MentorResult {
    /// The pairs this result announces, as the `previous` of a later re-match.
    #[must_use]
    pub fn announced(&self) -> Vec<crate::model::TeamFollower> {
        self.pairs
            .iter()
            .map(|p| crate::model::TeamFollower {
                team: p.team.clone(),
                follower: p.follower.clone(),
            })
            .collect()
    }

    /// One row per pair: `team`, `follower`, `kind`, `affinity`, `expertise`, `theme`,
    /// `place`, `custom`, `load`, `min_teams`, `max_teams`, `bound_by`, `better_elsewhere`,
    /// `conflicts`.
    #[must_use]
    pub fn table(&self) -> Table {
        let mut t = Table::new(
            "mentor_pairs",
            &[
                "team",
                "follower",
                "kind",
                "affinity",
                "expertise",
                "theme",
                "place",
                "custom",
                "load",
                "min_teams",
                "max_teams",
                "bound_by",
                "better_elsewhere",
                "conflicts",
            ],
        );
        for p in &self.pairs {
            let a = &p.affinity;
            t.rows.push(vec![
                Cell::Text(Some(p.team.clone())),
                Cell::Text(Some(p.follower.clone())),
                Cell::Text(Some(p.kind.as_str().to_owned())),
                Cell::Float(Some(a.total)),
                Cell::Float(Some(a.expertise)),
                Cell::Float(Some(a.theme)),
                Cell::Float(Some(a.place)),
                Cell::Float(a.custom),
                Cell::Int(Some(p.load)),
                Cell::Int(Some(p.min_teams)),
                Cell::Int(Some(p.max_teams)),
                Cell::Text(Some(p.bound_by.clone())),
                Cell::List(p.better_elsewhere.clone()),
                Cell::List(p.conflicts.clone()),
            ]);
        }
        t
    }

    /// The explanations of a team's pairs, one line each.
    #[must_use]
    pub fn notice(&self, team: &str, lang: Lang) -> Option<String> {
        let lines: Vec<String> = self
            .pairs
            .iter()
            .filter(|p| p.team == team)
            .map(|p| p.notice(lang))
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n") + "\n")
    }
}
