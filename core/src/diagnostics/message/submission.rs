//! The rules of a défi submission, and the consistency of a rulebook.

use super::did_you_mean;
use crate::diagnostics::{Code, Violation};
use chrono::{DateTime, Duration};
use chrono_tz::Tz;
use std::fmt::Display;

/// `promotion_mismatch`: the submission is for `promotion`, the rulebook for `rulebook`.
pub(crate) fn promotion_mismatch(promotion: &str, rulebook: &str) -> Violation {
    Violation::new(
        Code::PromotionMismatch,
        "/promotion",
        format!(
            "la soumission vise la promotion {promotion}, mais le règlement est celui de {rulebook}"
        ),
        format!("the submission is for promotion {promotion}, but the rulebook is {rulebook}'s"),
    )
}

/// `promotion_unknown`: no built-in rulebook for `id`; `builtin` are the promotions that have
/// one.
pub(crate) fn promotion_unknown(path: impl Into<String>, id: &str, builtin: &[&str]) -> Violation {
    let list = builtin.join(", ");
    Violation::new(
        Code::PromotionUnknown,
        path,
        format!(
            "aucun règlement intégré pour la promotion {id} (intégrés : {list}) ; fournissez un règlement"
        ),
        format!("no built-in rulebook for promotion {id} (built in: {list}); give a rulebook"),
    )
}

/// `team_size_out_of_range`: `total` seats against the rulebook's range.
pub(crate) fn team_size_out_of_range(
    path: impl Into<String>,
    total: u32,
    rulebook: &str,
    min: u32,
    max: u32,
) -> Violation {
    Violation::new(
        Code::TeamSizeOutOfRange,
        path,
        format!(
            "{total} postes demandés au total ; {rulebook} permet des équipes de {min} à {max}"
        ),
        format!("{total} seats requested in total; {rulebook} allows teams of {min} to {max}"),
    )
}

/// `expertise_not_allowed`: the promotion does not recruit `expertise`.
pub(crate) fn expertise_not_allowed(
    path: impl Into<String>,
    rulebook: &str,
    expertise: &str,
    allowed: &[&str],
) -> Violation {
    let list = allowed.join(", ");
    Violation::new(
        Code::ExpertiseNotAllowed,
        path,
        format!("{rulebook} ne recrute pas l'expertise « {expertise} » (permises : {list})"),
        format!("{rulebook} does not recruit the expertise \"{expertise}\" (allowed: {list})"),
    )
}

/// `seat_expertise_duplicated`: a second seat group for `expertise`, the first at `first`.
pub(crate) fn seat_expertise_duplicated(
    path: impl Into<String>,
    expertise: &str,
    first: &str,
) -> Violation {
    Violation::new(
        Code::SeatExpertiseDuplicated,
        path,
        format!(
            "l'expertise « {expertise} » est déjà demandée en {first} : fusionnez les deux demandes"
        ),
        format!(
            "the expertise \"{expertise}\" is already requested at {first}: merge the two requests"
        ),
    )
}

/// `duration_out_of_range`: `months` against the rulebook's range (`max` absent: no maximum).
pub(crate) fn duration_out_of_range(
    months: u32,
    rulebook: &str,
    min: u32,
    max: Option<u32>,
) -> Violation {
    let (fr, en) = match max {
        Some(max) if max == min => (format!("{max} mois"), format!("{max} months")),
        Some(max) => (
            format!("de {min} à {max} mois"),
            format!("{min} to {max} months"),
        ),
        None => (
            format!("au moins {min} mois"),
            format!("at least {min} months"),
        ),
    };
    Violation::new(
        Code::DurationOutOfRange,
        "/duration_months",
        format!("durée de {months} mois ; {rulebook} prévoit {fr}"),
        format!("a duration of {months} months; {rulebook} provides for {en}"),
    )
}

const WHEN: &str = "%Y-%m-%d %H:%M:%S %Z";

/// `submitted_before_opening`: filed at `at`, before the call opened at `opens`.
pub(crate) fn submitted_before_opening(at: DateTime<Tz>, opens: DateTime<Tz>) -> Violation {
    let tz = at.timezone();
    Violation::new(
        Code::SubmittedBeforeOpening,
        "/submitted_at",
        format!(
            "déposée le {} ({tz}), avant l'ouverture de l'appel à projets le {}",
            at.format(WHEN),
            opens.format(WHEN)
        ),
        format!(
            "filed at {} ({tz}), before the call for projects opened at {}",
            at.format(WHEN),
            opens.format(WHEN)
        ),
    )
}

/// `submitted_after_deadline`: filed at `at`, after the call closed at `closes`.
pub(crate) fn submitted_after_deadline(at: DateTime<Tz>, closes: DateTime<Tz>) -> Violation {
    let tz = at.timezone();
    let (late_fr, late_en) = lateness(at.signed_duration_since(closes));
    Violation::new(
        Code::SubmittedAfterDeadline,
        "/submitted_at",
        format!(
            "déposée le {} ({tz}), {late_fr} après la clôture de l'appel à projets le {}",
            at.format(WHEN),
            closes.format(WHEN)
        ),
        format!(
            "filed at {} ({tz}), {late_en} after the call for projects closed at {}",
            at.format(WHEN),
            closes.format(WHEN)
        ),
    )
}

/// A delay in the largest unit that reads well: seconds, minutes, hours or days.
fn lateness(d: Duration) -> (String, String) {
    let secs = d.num_seconds();
    let mins = d.num_minutes();
    if secs < 1 {
        return ("moins d'une seconde".into(), "less than a second".into());
    }
    let (n, fr, en) = if mins < 1 {
        (secs, " s", " s")
    } else if mins < 120 {
        (mins, " min", " min")
    } else if mins < 48 * 60 {
        (d.num_hours(), " h", " h")
    } else {
        (d.num_days(), " jours", " days")
    };
    (format!("{n}{fr}"), format!("{n}{en}"))
}

/// `mentors_too_few`: `n` mentors where the rulebook asks for `min`.
pub(crate) fn mentors_too_few(n: usize, rulebook: &str, min: u32) -> Violation {
    Violation::new(
        Code::MentorsTooFew,
        "/mentors",
        format!("{n} mentor(s) proposé(s) ; {rulebook} en demande au moins {min}"),
        format!("{n} mentor(s) proposed; {rulebook} asks for at least {min}"),
    )
}

/// `mentor_commitment_too_low`: `percent` of working time where the rulebook asks for `min`.
pub(crate) fn mentor_commitment_too_low(
    path: impl Into<String>,
    percent: u8,
    rulebook: &str,
    min: u8,
) -> Violation {
    Violation::new(
        Code::MentorCommitmentTooLow,
        path,
        format!(
            "engagement de {percent} % ; {rulebook} demande au moins {min} % du temps de travail"
        ),
        format!("a commitment of {percent}%; {rulebook} asks for at least {min}% of working time"),
    )
}

/// `mentor_duplicated`: the same mentor as at `first`.
pub(crate) fn mentor_duplicated(path: impl Into<String>, first: &str) -> Violation {
    Violation::new(
        Code::MentorDuplicated,
        path,
        format!("ce mentor est déjà proposé en {first} (même adresse électronique)"),
        format!("this mentor is already proposed at {first} (same e-mail address)"),
    )
}

/// `sponsor_is_mentor`: the rulebook forbids the sponsor to mentor.
pub(crate) fn sponsor_is_mentor(path: impl Into<String>, rulebook: &str) -> Violation {
    Violation::new(
        Code::SponsorIsMentor,
        path,
        format!("le sponsor ne peut pas être aussi mentor sous le règlement de {rulebook}"),
        format!("the sponsor cannot also be a mentor under {rulebook}'s rulebook"),
    )
}

/// `host_duplicated`: the host `name` is already listed at `first`.
pub(crate) fn host_duplicated(path: impl Into<String>, name: &str, first: &str) -> Violation {
    Violation::new(
        Code::HostDuplicated,
        path,
        format!("« {name} » figure déjà en {first}"),
        format!("\"{name}\" is already listed at {first}"),
    )
}

/// `siret_invalid`: `siret` fails its checksum.
pub(crate) fn siret_invalid(path: impl Into<String>, siret: &str) -> Violation {
    Violation::new(
        Code::SiretInvalid,
        path,
        format!("le SIRET {siret} a une clé de contrôle fausse (faute de frappe ?)"),
        format!("the SIRET {siret} fails its checksum (a typing error?)"),
    )
}

/// `siren_invalid`: `siren` fails its checksum.
pub(crate) fn siren_invalid(path: impl Into<String>, siren: &str) -> Violation {
    Violation::new(
        Code::SirenInvalid,
        path,
        format!("le SIREN {siren} a une clé de contrôle fausse (faute de frappe ?)"),
        format!("the SIREN {siren} fails its checksum (a typing error?)"),
    )
}

/// `siret_siren_mismatch`: `siret` does not start with `siren`.
pub(crate) fn siret_siren_mismatch(path: impl Into<String>, siret: &str, siren: &str) -> Violation {
    Violation::new(
        Code::SiretSirenMismatch,
        path,
        format!("le SIRET {siret} ne commence pas par le SIREN {siren}"),
        format!("the SIRET {siret} does not start with the SIREN {siren}"),
    )
}

/// `postcode_invalid`: `postcode` names no département.
pub(crate) fn postcode_invalid(path: impl Into<String>, postcode: &str) -> Violation {
    Violation::new(
        Code::PostcodeInvalid,
        path,
        format!("le code postal {postcode} ne correspond à aucun département"),
        format!("the postcode {postcode} names no French département"),
    )
}

/// `theme_unknown`: `theme` is not in the vocabulary; `near` is the nearest theme.
pub(crate) fn theme_unknown(path: impl Into<String>, theme: &str, near: Option<&str>) -> Violation {
    let (fr, en) = did_you_mean(near);
    Violation::new(
        Code::ThemeUnknown,
        path,
        format!("la thématique « {theme} » n'est pas dans le vocabulaire du programme{fr}"),
        format!("the theme \"{theme}\" is not in the programme's vocabulary{en}"),
    )
}

/// `range_inverted`: a range whose `min` is above its `max` (or equal, when `strict`).
pub(crate) fn range_inverted(
    path: impl Into<String>,
    min: &dyn Display,
    max: &dyn Display,
    strict: bool,
) -> Violation {
    let (fr, en) = if strict {
        ("inférieur au", "below the")
    } else {
        ("inférieur ou égal au", "at most the")
    };
    Violation::new(
        Code::RangeInverted,
        path,
        format!("le minimum ({min}) doit être {fr} maximum ({max})"),
        format!("the minimum ({min}) must be {en} maximum ({max})"),
    )
}

/// `window_inverted`: a call that closes before it opens.
pub(crate) fn window_inverted(
    path: impl Into<String>,
    opens: &dyn Display,
    closes: &dyn Display,
) -> Violation {
    Violation::new(
        Code::WindowInverted,
        path,
        format!("l'appel ferme ({closes}) avant d'ouvrir ({opens})"),
        format!("the call closes ({closes}) before it opens ({opens})"),
    )
}
