//! Team formation and mentor matching.

use super::Thing;
use crate::diagnostics::{Code, Violation};

/// Why loads and needs cannot all be met, for [`matching_infeasible`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Infeasible<'a> {
    /// A team needs `need` followers; only `allowed` have no conflict with it.
    TeamShort {
        /// The team.
        team: &'a str,
        /// How many it needs.
        need: u32,
        /// How many may follow it.
        allowed: usize,
        /// Référents or buddies.
        kind: Thing,
    },
    /// These teams need `demand` assignments; the followers they may have take `capacity`.
    NotEnoughCapacity {
        /// The teams that bind.
        teams: Vec<&'a str>,
        /// The followers they may have.
        followers: Vec<&'a str>,
        /// Assignments needed.
        demand: u64,
        /// Assignments the followers can take.
        capacity: u64,
        /// Référents or buddies.
        kind: Thing,
    },
    /// A follower must follow `min` teams; at most `reachable` can be theirs.
    MinimumUnreachable {
        /// The follower.
        follower: &'a str,
        /// Their minimum.
        min: u32,
        /// How many teams can be theirs.
        reachable: u32,
    },
    /// Another reason, as the solver gives it.
    Other(String),
}

/// `empty_promotion`: the list of `what` is empty, so there is nothing to match.
pub(crate) fn empty_promotion(path: impl Into<String>, what: Thing) -> Violation {
    let w = what.words();
    Violation::new(
        Code::EmptyPromotion,
        path,
        format!(
            "{} {} dans la liste : il n'y a rien à apparier",
            w.none_fr(),
            w.noun_fr
        ),
        format!("no {} in the list: there is nothing to match", w.one_en),
    )
    .with_params([("thing", super::param(what.words().one_en))])
}

/// `preference_not_applied`: `candidate` ranks `challenge` without a score for it.
pub(crate) fn preference_not_applied(
    path: impl Into<String>,
    candidate: &str,
    challenge: &str,
) -> Violation {
    Violation::new(
        Code::PreferenceNotApplied,
        path,
        format!("{candidate} classe le défi « {challenge} » sans y avoir candidaté (aucune note)"),
        format!(
            "{candidate} ranks the défi \"{challenge}\" without having applied to it (no score)"
        ),
    )
    .with_params([
        ("candidate", super::param(candidate)),
        ("challenge", super::param(challenge)),
    ])
}

/// `capacity_zero`: `follower` can follow no team.
pub(crate) fn capacity_zero(path: impl Into<String>, follower: &str) -> Violation {
    Violation::new(
        Code::CapacityZero,
        path,
        format!("{follower} ne peut suivre aucune équipe (maximum 0)"),
        format!("{follower} can follow no team (maximum 0)"),
    )
    .with_params([("follower", super::param(follower))])
}

/// `matching_infeasible`: the loads and needs cannot all be met, for the reason `why`.
pub(crate) fn matching_infeasible(path: impl Into<String>, why: &Infeasible<'_>) -> Violation {
    let (fr, en) = match why {
        Infeasible::TeamShort {
            team,
            need,
            allowed,
            kind,
        } => {
            let w = kind.words();
            let (kfr, ken) = if *need == 1 {
                (w.noun_fr.to_owned(), w.one_en)
            } else {
                (w.many_fr(), w.many_en)
            };
            (
                format!(
                    "l'équipe {team} demande {need} {kfr} ; {allowed} seulement sont sans conflit d'intérêts"
                ),
                format!(
                    "the team {team} needs {need} {ken}; only {allowed} have no conflict of interest"
                ),
            )
        }
        Infeasible::NotEnoughCapacity {
            teams,
            followers,
            demand,
            capacity,
            kind,
        } => {
            let (kfr, ken) = (kind.words().many_fr(), kind.words().many_en);
            let (ts, fs) = (teams.join(", "), followers.join(", "));
            (
                format!(
                    "les équipes {ts} demandent {demand} suivis, mais leurs {kfr} possibles ({fs}) n'en prennent que {capacity} au plus"
                ),
                format!(
                    "the teams {ts} need {demand} assignments, but the {ken} they may have ({fs}) take at most {capacity}"
                ),
            )
        }
        Infeasible::MinimumUnreachable {
            follower,
            min,
            reachable,
        } => (
            format!(
                "{follower} doit suivre au moins {min} équipes, {reachable} au plus peuvent lui revenir"
            ),
            format!(
                "{follower} must follow at least {min} teams, at most {reachable} can be theirs"
            ),
        ),
        Infeasible::Other(why) => (
            format!("problème impossible : {why}"),
            format!("infeasible problem: {why}"),
        ),
    };
    Violation::new(Code::MatchingInfeasible, path, fr, en)
}

/// What is wrong with a custom affinity's answer, for [`affinity_failed`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum AffinityFault<'a> {
    /// The callback raised (or threw) this.
    Raised(&'a str),
    /// It gave NaN or an infinity.
    NotFinite(f64),
    /// It gave a value past ±`max`.
    TooLarge {
        /// The value.
        value: f64,
        /// The largest magnitude allowed.
        max: f64,
    },
}

/// `affinity_failed`: the custom affinity of `follower` for `team` failed, or gave a value the
/// matching cannot use.
pub(crate) fn affinity_failed(
    path: impl Into<String>,
    follower: &str,
    team: &str,
    fault: AffinityFault<'_>,
) -> Violation {
    let (fr, en) = match fault {
        AffinityFault::Raised(why) => (format!("a échoué : {why}"), format!("failed: {why}")),
        AffinityFault::NotFinite(v) => (
            format!("vaut {v}, qui n'est pas un nombre fini"),
            format!("is {v}, which is not a finite number"),
        ),
        AffinityFault::TooLarge { value, max } => (
            format!(
                "vaut {value:e}, au-delà de ±{max:e} (la somme des affinités doit rester exacte)"
            ),
            format!("is {value:e}, past ±{max:e} (the sum of the affinities must stay exact)"),
        ),
    };
    Violation::new(
        Code::AffinityFailed,
        path,
        format!(
            "l'affinité personnalisée de {follower} pour l'équipe {team} {fr} ; rien n'est apparié"
        ),
        format!("the custom affinity of {follower} for team {team} {en}; nothing is matched"),
    )
    .with_params([
        ("follower", super::param(follower)),
        ("team", super::param(team)),
    ])
}
