//! Jury plans: profiles no juror has, slots given twice, jurors who can sit nowhere, pins
//! that break a conflict, and plans that cannot be made.

use crate::diagnostics::{Code, Violation};

/// `profile_unknown`: `profile` is held by no juror (their profiles are `known`).
pub(crate) fn profile_unknown(path: impl Into<String>, profile: &str, known: &[&str]) -> Violation {
    let (lf, le) = if known.is_empty() {
        ("aucun".to_owned(), "none".to_owned())
    } else {
        super::listed(known)
    };
    let near = crate::text::nearest(profile, known.iter().copied());
    let (nf, ne) = near.map_or((String::new(), String::new()), |n| {
        (
            format!(" ; vouliez-vous dire « {n} » ?"),
            format!("; did you mean \"{n}\"?"),
        )
    });
    Violation::new(
        Code::ProfileUnknown,
        path,
        format!("aucun juré n'a le profil « {profile} » (profils des jurés : {lf}){nf}"),
        format!("no juror has the profile \"{profile}\" (the jurors' profiles: {le}){ne}"),
    )
    .with_params([
        ("profile", super::param(profile)),
        ("known", super::param(known)),
    ])
}

/// `slot_duplicated`: the slot at `path` is the room and half-day of the slot at `first`.
pub(crate) fn slot_duplicated(
    path: impl Into<String>,
    slot: &str,
    room: &str,
    when: (&str, &str),
    first: &str,
) -> Violation {
    Violation::new(
        Code::SlotDuplicated,
        path,
        format!(
            "le créneau {slot} est la salle « {room} » du {} comme le créneau {first}",
            when.0
        ),
        format!(
            "the slot {slot} is the room \"{room}\" on {} as the slot {first} is",
            when.1
        ),
    )
    .with_params([("slot", super::param(slot)), ("first", super::param(first))])
}

/// `juror_unavailable`: `juror` must sit on `min` panels but can sit in no slot.
pub(crate) fn juror_unavailable(path: impl Into<String>, juror: &str, min: u32) -> Violation {
    Violation::new(
        Code::JurorUnavailable,
        path,
        format!(
            "{juror} doit siéger dans au moins {min} groupe(s) mais n'est disponible sur aucun créneau"
        ),
        format!("{juror} must sit on at least {min} panel(s) but can sit in no slot"),
    )
    .with_params([("juror", super::param(juror)), ("min", super::param(min))])
}

/// Why a forced pair cannot hold, for [`pin_conflicted`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PinFault<'a> {
    /// The person's organisation hosts the item.
    OwnOrganisation(&'a str),
    /// The juror declared a conflict with the item or its host.
    Declared,
    /// The same pair is forbidden.
    Forbidden,
    /// A `juror-item` rule of the rulebook refuses the pair, with its messages.
    Rule {
        /// The rule's id.
        rule: &'a str,
        /// Its message in French.
        fr: &'a str,
        /// Its message in English.
        en: &'a str,
    },
    /// The défi has no seat of the candidate's expertise.
    NoSeat(&'a str),
    /// The candidate did not rank the défi, or has no score for it.
    NotRanked,
    /// The person is already pinned elsewhere (to the item named), and can take one place.
    PinnedElsewhere(&'a str),
    /// More people are pinned to the item than it has places.
    TooManyPins(u32),
    /// The person is pinned to more items than their load allows.
    OverLoad(u32),
}

/// What a pin places: a juror to hear an item, a candidate on a défi, a follower on a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PinRole {
    /// A juror, to hear an item.
    Hear,
    /// A candidate, on a défi's seat.
    Seat,
    /// A référent or a buddy, following a team.
    Follow,
}

/// `pin_conflicted`: the forced pair `person`–`item` cannot hold, for `fault`.
pub(crate) fn pin_conflicted(
    path: impl Into<String>,
    role: PinRole,
    person: &str,
    item: &str,
    fault: PinFault<'_>,
) -> Violation {
    let (why_fr, why_en, code) = match fault {
        PinFault::OwnOrganisation(o) => (
            format!("sa structure (« {o} ») accueille {item}"),
            format!("their organisation (\"{o}\") hosts {item}"),
            "own_organisation",
        ),
        PinFault::Declared => (
            format!("{person} a déclaré un conflit d'intérêts avec {item}"),
            format!("{person} declared a conflict of interest with {item}"),
            "declared",
        ),
        PinFault::Forbidden => (
            "la même paire est aussi interdite".to_owned(),
            "the same pair is also forbidden".to_owned(),
            "forbidden",
        ),
        PinFault::Rule { rule, fr, en } => (
            format!("la règle « {rule} » du règlement l'interdit : {fr}"),
            format!("the rulebook's rule \"{rule}\" refuses it: {en}"),
            "rule",
        ),
        PinFault::NoSeat(e) => (
            format!("{item} n'a pas de poste de son expertise (« {e} »)"),
            format!("{item} has no seat of their expertise (\"{e}\")"),
            "no_seat",
        ),
        PinFault::NotRanked => (
            format!("{person} n'a pas classé {item}, ou n'a pas de note pour lui"),
            format!("{person} did not rank {item}, or has no score for it"),
            "not_ranked",
        ),
        PinFault::PinnedElsewhere(other) => (
            format!("{person} est déjà imposé sur {other}"),
            format!("{person} is already pinned to {other}"),
            "pinned_elsewhere",
        ),
        PinFault::TooManyPins(n) => (
            format!("plus de personnes y sont imposées que ses {n} place(s)"),
            format!("more people are pinned to it than its {n} place(s)"),
            "too_many_pins",
        ),
        PinFault::OverLoad(n) => (
            format!("{person} est imposé sur plus d'équipes que sa charge maximale ({n})"),
            format!("{person} is pinned to more teams than their maximum load ({n})"),
            "over_load",
        ),
    };
    let (fr, en) = match role {
        PinRole::Hear => (
            format!("{person} ne peut pas être placé pour entendre {item}"),
            format!("{person} cannot be placed to hear {item}"),
        ),
        PinRole::Seat => (
            format!("{person} ne peut pas être placé sur {item}"),
            format!("{person} cannot be placed on {item}"),
        ),
        PinRole::Follow => (
            format!("{person} ne peut pas suivre {item}"),
            format!("{person} cannot follow {item}"),
        ),
    };
    Violation::new(
        Code::PinConflicted,
        path,
        format!("{fr} : {why_fr}"),
        format!("{en}: {why_en}"),
    )
    .with_params([
        ("person", super::param(person)),
        ("item", super::param(item)),
        ("reason", super::param(code)),
    ])
}

/// `plan_infeasible`: no plan meets every rule; `binding` names the rule that binds (its
/// `kind`, French, English), `relaxation` the change that makes a plan possible, checked.
pub(crate) fn plan_infeasible(
    path: impl Into<String>,
    binding: (&str, &str, &str),
    relaxation: Option<(&str, &str, &str)>,
) -> Violation {
    let (kind, bfr, ben) = binding;
    let (rfr, ren) = relaxation.map_or_else(
        || {
            if matches!(kind, "budget" | "too_large") {
                (String::new(), String::new())
            } else {
                (
                    " ; aucun assouplissement simple essayé ne suffit".to_owned(),
                    "; no simple relaxation tried is enough".to_owned(),
                )
            }
        },
        |(_, fr, en)| {
            (
                format!(" : {fr} (vérifié en planifiant à nouveau)"),
                format!(": {en} (checked by planning again)"),
            )
        },
    );
    Violation::new(
        Code::PlanInfeasible,
        path,
        format!("aucun plan ne respecte toutes les règles : {bfr}{rfr}"),
        format!("no plan meets every rule: {ben}{ren}"),
    )
    .with_params([
        ("binding", super::param(kind)),
        ("relaxation", super::param(relaxation.map(|r| r.0))),
    ])
}
