//! The built-in rules. Each reads its bounds from the rulebook, never from constants.

use super::{Rule, Rulebook};
use crate::diagnostics::{Code, Violation};
use crate::model::ChallengeSubmission;
use crate::text::{fold, nearest};
use std::collections::HashMap;

/// The built-in rules, in the order they run.
#[must_use]
pub fn builtin_rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(PromotionRule),
        Box::new(TeamSize),
        Box::new(Expertises),
        Box::new(ImmersionDuration),
        Box::new(CallWindowRule),
        Box::new(Mentors),
        Box::new(ConflictOfInterest),
        Box::new(Hosts),
        Box::new(SiretRule),
        Box::new(Postcode),
        Box::new(Themes),
    ]
}

struct PromotionRule;
impl Rule for PromotionRule {
    fn id(&self) -> &str {
        "promotion"
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        if s.promotion != rb.promotion {
            out.push(Violation::new(
                Code::PromotionMismatch,
                "/promotion",
                format!(
                    "la soumission vise la promotion {}, mais le règlement est celui de {}",
                    s.promotion, rb.promotion
                ),
                format!(
                    "the submission is for promotion {}, but the rulebook is {}'s",
                    s.promotion, rb.promotion
                ),
            ));
        }
    }
}

struct TeamSize;
impl Rule for TeamSize {
    fn id(&self) -> &str {
        "team_size"
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let n = s.team_size();
        let r = rb.team_size;
        if !r.contains(n) {
            out.push(Violation::new(
                Code::TeamSizeOutOfRange,
                "/seats",
                format!(
                    "{n} postes demandés au total ; {} permet des équipes de {} à {}",
                    rb.label, r.min, r.max
                ),
                format!(
                    "{n} seats requested in total; {} allows teams of {} to {}",
                    rb.label, r.min, r.max
                ),
            ));
        }
    }
}

struct Expertises;
impl Rule for Expertises {
    fn id(&self) -> &str {
        "expertises"
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let allowed = || {
            rb.allowed_expertises
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, seat) in s.seats.iter().enumerate() {
            let e = seat.expertise.as_str();
            if !rb.allows(&seat.expertise) {
                out.push(Violation::new(
                    Code::ExpertiseNotAllowed,
                    format!("/seats/{i}/expertise"),
                    format!(
                        "{} ne recrute pas l'expertise « {e} » (permises : {})",
                        rb.label,
                        allowed()
                    ),
                    format!(
                        "{} does not recruit the expertise \"{e}\" (allowed: {})",
                        rb.label,
                        allowed()
                    ),
                ));
            }
            if let Some(j) = first.get(e) {
                out.push(Violation::new(
                    Code::SeatExpertiseDuplicated,
                    format!("/seats/{i}/expertise"),
                    format!("l'expertise « {e} » figure déjà en /seats/{j} ; regroupez les postes"),
                    format!(
                        "the expertise \"{e}\" is already listed at /seats/{j}; merge the seats"
                    ),
                ));
            } else {
                first.insert(e, i);
            }
        }
    }
}

struct ImmersionDuration;
impl Rule for ImmersionDuration {
    fn id(&self) -> &str {
        "immersion_duration"
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let r = rb.immersion_months;
        if !r.contains(s.duration_months) {
            let (fr, en) = match r.max {
                Some(max) if max == r.min => (format!("{max} mois"), format!("{max} months")),
                Some(max) => (
                    format!("de {} à {max} mois", r.min),
                    format!("{} to {max} months", r.min),
                ),
                None => (
                    format!("au moins {} mois", r.min),
                    format!("at least {} months", r.min),
                ),
            };
            out.push(Violation::new(
                Code::DurationOutOfRange,
                "/duration_months",
                format!(
                    "durée de {} mois ; {} prévoit {fr}",
                    s.duration_months, rb.label
                ),
                format!(
                    "a duration of {} months; {} provides for {en}",
                    s.duration_months, rb.label
                ),
            ));
        }
    }
}

struct CallWindowRule;
impl Rule for CallWindowRule {
    fn id(&self) -> &str {
        "call_window"
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let Some(w) = &rb.call_for_projects else {
            return;
        };
        let at = s.submitted_at.with_timezone(&w.time_zone);
        let fmt = "%Y-%m-%d %H:%M:%S %Z";
        if let Some(opens) = w.opens_at()
            && at < opens
        {
            out.push(Violation::new(
                Code::SubmittedBeforeOpening,
                "/submitted_at",
                format!(
                    "déposée le {} ({}), avant l'ouverture de l'appel à projets le {}",
                    at.format(fmt),
                    w.time_zone,
                    opens.format(fmt)
                ),
                format!(
                    "filed at {} ({}), before the call for projects opened at {}",
                    at.format(fmt),
                    w.time_zone,
                    opens.format(fmt)
                ),
            ));
        }
        if let Some(closes) = w.closes_at()
            && at > closes
        {
            let late = at.signed_duration_since(closes);
            let late_fr = humanize(late, true);
            let late_en = humanize(late, false);
            out.push(Violation::new(
                Code::SubmittedAfterDeadline,
                "/submitted_at",
                format!(
                    "déposée le {} ({}), {late_fr} après la clôture de l'appel à projets le {}",
                    at.format(fmt),
                    w.time_zone,
                    closes.format(fmt)
                ),
                format!(
                    "filed at {} ({}), {late_en} after the call for projects closed at {}",
                    at.format(fmt),
                    w.time_zone,
                    closes.format(fmt)
                ),
            ));
        }
    }
}

fn humanize(d: chrono::Duration, fr: bool) -> String {
    let mins = d.num_minutes();
    let (n, unit_fr, unit_en) = if mins < 1 {
        (d.num_seconds(), "s", "s")
    } else if mins < 120 {
        (mins, " min", " min")
    } else if mins < 48 * 60 {
        (d.num_hours(), " h", " h")
    } else {
        (d.num_days(), " jours", " days")
    };
    if fr {
        format!("{n}{unit_fr}")
    } else {
        format!("{n}{unit_en}")
    }
}

struct Mentors;
impl Rule for Mentors {
    fn id(&self) -> &str {
        "mentors"
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let p = rb.mentors;
        let n = s.mentors.len();
        if n < p.min_mentors as usize {
            out.push(Violation::new(
                Code::MentorsTooFew,
                "/mentors",
                format!(
                    "{n} mentor(s) proposé(s) ; {} en demande au moins {}",
                    rb.label, p.min_mentors
                ),
                format!(
                    "{n} mentor(s) proposed; {} asks for at least {}",
                    rb.label, p.min_mentors
                ),
            ));
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, m) in s.mentors.iter().enumerate() {
            if m.commitment_percent < p.min_commitment_percent {
                out.push(Violation::new(
                    Code::MentorCommitmentTooLow,
                    format!("/mentors/{i}/commitment_percent"),
                    format!(
                        "engagement de {} % ; {} demande au moins {} % du temps de travail",
                        m.commitment_percent, rb.label, p.min_commitment_percent
                    ),
                    format!(
                        "a commitment of {}%; {} asks for at least {}% of working time",
                        m.commitment_percent, rb.label, p.min_commitment_percent
                    ),
                ));
            }
            let key = m.email.trim().to_lowercase();
            if let Some(j) = seen.get(&key) {
                out.push(Violation::new(
                    Code::MentorDuplicated,
                    format!("/mentors/{i}"),
                    format!(
                        "ce mentor est déjà proposé en /mentors/{j} (même adresse électronique)"
                    ),
                    format!(
                        "this mentor is already proposed at /mentors/{j} (same e-mail address)"
                    ),
                ));
            } else {
                seen.insert(key, i);
            }
        }
    }
}

struct ConflictOfInterest;
impl Rule for ConflictOfInterest {
    fn id(&self) -> &str {
        "conflict_of_interest"
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        if rb.conflict_of_interest.sponsor_may_mentor {
            return;
        }
        let sponsor = s.sponsor.email.trim().to_lowercase();
        for (i, m) in s.mentors.iter().enumerate() {
            if m.email.trim().to_lowercase() == sponsor {
                out.push(Violation::new(
                    Code::SponsorIsMentor,
                    format!("/mentors/{i}"),
                    format!(
                        "le sponsor ne peut pas être aussi mentor sous le règlement de {}",
                        rb.label
                    ),
                    format!(
                        "the sponsor cannot also be a mentor under {}'s rulebook",
                        rb.label
                    ),
                ));
            }
        }
    }
}

struct Hosts;
impl Rule for Hosts {
    fn id(&self) -> &str {
        "hosts"
    }
    fn check(&self, s: &ChallengeSubmission, _: &Rulebook, out: &mut Vec<Violation>) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, h) in s.hosts.iter().enumerate() {
            let key = format!(
                "{}|{}",
                fold(&h.name),
                fold(h.department.as_deref().unwrap_or(""))
            );
            if let Some(j) = seen.get(&key) {
                out.push(Violation::new(
                    Code::HostDuplicated,
                    format!("/hosts/{i}"),
                    format!("« {} » figure déjà en /hosts/{j}", h.name),
                    format!("\"{}\" is already listed at /hosts/{j}", h.name),
                ));
            } else {
                seen.insert(key, i);
            }
        }
    }
}

struct SiretRule;
impl Rule for SiretRule {
    fn id(&self) -> &str {
        "siret"
    }
    fn check(&self, s: &ChallengeSubmission, _: &Rulebook, out: &mut Vec<Violation>) {
        for (i, h) in s.hosts.iter().enumerate() {
            if let Some(siret) = &h.siret
                && !siret.checksum_ok()
            {
                out.push(Violation::new(
                    Code::SiretInvalid,
                    format!("/hosts/{i}/siret"),
                    format!(
                        "le SIRET {} a une clé de contrôle fausse (faute de frappe ?)",
                        siret.0
                    ),
                    format!("the SIRET {} fails its checksum (a typing error?)", siret.0),
                ));
            }
            if let Some(siren) = &h.siren
                && !siren.checksum_ok()
            {
                out.push(Violation::new(
                    Code::SirenInvalid,
                    format!("/hosts/{i}/siren"),
                    format!(
                        "le SIREN {} a une clé de contrôle fausse (faute de frappe ?)",
                        siren.0
                    ),
                    format!("the SIREN {} fails its checksum (a typing error?)", siren.0),
                ));
            }
            if let (Some(siret), Some(siren)) = (&h.siret, &h.siren)
                && siret.siren().is_some_and(|p| p != siren.0)
            {
                out.push(Violation::new(
                    Code::SiretSirenMismatch,
                    format!("/hosts/{i}/siret"),
                    format!(
                        "le SIRET {} ne commence pas par le SIREN {}",
                        siret.0, siren.0
                    ),
                    format!(
                        "the SIRET {} does not start with the SIREN {}",
                        siret.0, siren.0
                    ),
                ));
            }
        }
    }
}

/// Whether a 5-digit French postcode names a département: 01–95 (Corsica is 20), the overseas
/// départements and collectivités 971–978 and 984–988, and Monaco's 980.
#[must_use]
pub(crate) fn postcode_ok(code: &str) -> bool {
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let two: u32 = code[..2].parse().unwrap_or(0);
    let three: u32 = code[..3].parse().unwrap_or(0);
    matches!(two, 1..=95) || matches!(three, 971..=978 | 980 | 984..=988)
}

struct Postcode;
impl Rule for Postcode {
    fn id(&self) -> &str {
        "postcode"
    }
    fn check(&self, s: &ChallengeSubmission, _: &Rulebook, out: &mut Vec<Violation>) {
        for (i, l) in s.locations.iter().enumerate() {
            if !postcode_ok(&l.postcode) {
                out.push(Violation::new(
                    Code::PostcodeInvalid,
                    format!("/locations/{i}/postcode"),
                    format!(
                        "le code postal {} ne correspond à aucun département",
                        l.postcode
                    ),
                    format!("the postcode {} names no French département", l.postcode),
                ));
            }
        }
    }
}

struct Themes;
impl Rule for Themes {
    fn id(&self) -> &str {
        "themes"
    }
    fn check(&self, s: &ChallengeSubmission, _: &Rulebook, out: &mut Vec<Violation>) {
        for (i, t) in s.themes.iter().enumerate() {
            if t.term().is_none() {
                let hint = nearest(t.as_str(), crate::model::THEMES.iter().map(|t| t.slug));
                let (fr, en) = hint.map_or_else(Default::default, |h| {
                    (
                        format!(" ; vouliez-vous dire « {h} » ?"),
                        format!("; did you mean \"{h}\"?"),
                    )
                });
                out.push(Violation::new(
                    Code::ThemeUnknown,
                    format!("/themes/{i}"),
                    format!("la thématique « {t} » n'est pas dans le vocabulaire du programme{fr}"),
                    format!("the theme \"{t}\" is not in the programme's vocabulary{en}"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes() {
        for ok in [
            "75007", "01000", "20000", "97400", "98000", "95000", "97600", "98800",
        ] {
            assert!(postcode_ok(ok), "{ok}");
        }
        for bad in ["00100", "96000", "99000", "97900", "98100", "7500", "7500a"] {
            assert!(!postcode_ok(bad), "{bad}");
        }
    }
}
