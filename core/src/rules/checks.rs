//! The built-in rules. Each reads its bounds from the rulebook, never from constants.

use super::suggest;
use super::{Read, Rule, Rulebook, Subject};
use crate::diagnostics::{Violation, message};
use crate::model::{ChallengeSubmission, HostKind, ProductPhase};
use crate::text::fold;
use std::collections::HashMap;

/// The built-in rules, in the order they run.
#[must_use]
pub fn builtin_rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(Builtin(PromotionRule)),
        Box::new(Builtin(TeamSize)),
        Box::new(Builtin(Expertises)),
        Box::new(Builtin(ImmersionDuration)),
        Box::new(Builtin(CallWindowRule)),
        Box::new(Builtin(Mentors)),
        Box::new(Builtin(ConflictOfInterest)),
        Box::new(Builtin(Hosts)),
        Box::new(Builtin(SiretRule)),
        Box::new(Builtin(Postcode)),
        Box::new(Builtin(Themes)),
        Box::new(Builtin(ProductPage)),
        Box::new(Builtin(ProductPhaseRule)),
        Box::new(Builtin(HostEligibility)),
        Box::new(Builtin(Wishes)),
    ]
}

/// A built-in rule: it reads a typed submission under the rulebook in force.
trait Check: Send + Sync {
    fn id(&self) -> &str;
    fn reads(&self) -> Option<&[Read]>;
    fn applies(&self, rulebook: &Rulebook) -> bool {
        let _ = rulebook;
        true
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>);
}

/// A built-in rule as a [`Rule`] on submissions.
struct Builtin<C>(C);

impl<C: Check> Rule for Builtin<C> {
    fn id(&self) -> &str {
        self.0.id()
    }
    fn reads(&self) -> Option<&[Read]> {
        self.0.reads()
    }
    fn applies(&self, rulebook: &Rulebook) -> bool {
        self.0.applies(rulebook)
    }
    fn check(&self, doc: &Subject<'_>, out: &mut Vec<Violation>) {
        if let (Some(s), Some(rb)) = (doc.submission(), doc.rulebook()) {
            self.0.check(s, rb, out);
        }
    }
}

struct PromotionRule;
impl Check for PromotionRule {
    fn id(&self) -> &str {
        "promotion"
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Whole("promotion")])
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        if s.promotion != rb.promotion {
            out.push(message::promotion_mismatch(
                s.promotion.as_str(),
                rb.promotion.as_str(),
            ));
        }
    }
}

struct TeamSize;
impl Check for TeamSize {
    fn id(&self) -> &str {
        "team_size"
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Whole("seats")])
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let n = s.team_size();
        let r = rb.team_size;
        if !r.contains(n) {
            out.push(message::team_size_out_of_range(
                "/seats", n, &rb.label, r.min, r.max,
            ));
        }
    }
}

struct Expertises;
impl Check for Expertises {
    fn id(&self) -> &str {
        "expertises"
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Each("seats")])
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let allowed: Vec<&str> = rb.allowed_expertises.iter().map(|e| e.as_str()).collect();
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, seat) in s.seats.iter().enumerate() {
            let e = seat.expertise.as_str();
            if !rb.allows(&seat.expertise) {
                out.push(message::expertise_not_allowed(
                    format!("/seats/{i}/expertise"),
                    &rb.label,
                    e,
                    &allowed,
                    Some(suggest::expertise_of(e, &allowed, &rb.label)),
                ));
            }
            if let Some(j) = first.get(e) {
                out.push(message::seat_expertise_duplicated(
                    format!("/seats/{i}/expertise"),
                    e,
                    &format!("/seats/{j}"),
                ));
            } else {
                first.insert(e, i);
            }
        }
    }
}

struct ImmersionDuration;
impl Check for ImmersionDuration {
    fn id(&self) -> &str {
        "immersion_duration"
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Whole("duration_months")])
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let r = rb.immersion_months;
        if !r.contains(s.duration_months) {
            out.push(message::duration_out_of_range(
                s.duration_months,
                &rb.label,
                r.min,
                r.max,
            ));
        }
    }
}

struct CallWindowRule;
impl Check for CallWindowRule {
    fn id(&self) -> &str {
        "call_window"
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Whole("submitted_at")])
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let Some(w) = rb
            .call_for_projects
            .as_ref()
            .filter(|w| w.opens.is_some() || w.closes.is_some())
        else {
            out.push(message::call_window_unknown(&rb.label, false, false, true));
            return;
        };
        if w.opens.is_none() || w.closes.is_none() {
            out.push(message::call_window_unknown(
                &rb.label,
                w.opens.is_some(),
                w.closes.is_some(),
                true,
            ));
        }
        let at = s.submitted_at.with_timezone(&w.time_zone);
        if let Some(opens) = w.opens_at()
            && at < opens
        {
            out.push(message::submitted_before_opening(at, opens));
        }
        if let Some(closes) = w.closes_at()
            && at > closes
        {
            out.push(message::submitted_after_deadline(at, closes));
        }
    }
}

struct Mentors;
impl Check for Mentors {
    fn id(&self) -> &str {
        "mentors"
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Whole("mentors")])
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let p = rb.mentors;
        let n = s.mentors.len();
        if n < p.min_mentors as usize {
            out.push(message::mentors_too_few(n, &rb.label, p.min_mentors));
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, m) in s.mentors.iter().enumerate() {
            if m.commitment_percent < p.min_commitment_percent {
                out.push(message::mentor_commitment_too_low(
                    format!("/mentors/{i}/commitment_percent"),
                    m.commitment_percent,
                    &rb.label,
                    p.min_commitment_percent,
                ));
            }
            let key = m.email.trim().to_lowercase();
            if let Some(j) = seen.get(&key) {
                out.push(message::mentor_duplicated(
                    format!("/mentors/{i}"),
                    &format!("/mentors/{j}"),
                ));
            } else {
                seen.insert(key, i);
            }
        }
    }
}

struct ConflictOfInterest;
impl Check for ConflictOfInterest {
    fn id(&self) -> &str {
        "conflict_of_interest"
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Whole("sponsor"), Read::Each("mentors")])
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        if rb.conflict_of_interest.sponsor_may_mentor {
            return;
        }
        let sponsor = s.sponsor.email.trim().to_lowercase();
        for (i, m) in s.mentors.iter().enumerate() {
            if m.email.trim().to_lowercase() == sponsor {
                out.push(message::sponsor_is_mentor(
                    format!("/mentors/{i}"),
                    &rb.label,
                ));
            }
        }
    }
}

struct Hosts;
impl Check for Hosts {
    fn id(&self) -> &str {
        "hosts"
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Each("hosts")])
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
                out.push(message::host_duplicated(
                    format!("/hosts/{i}"),
                    &h.name,
                    &format!("/hosts/{j}"),
                ));
            } else {
                seen.insert(key, i);
            }
        }
    }
}

struct SiretRule;
impl Check for SiretRule {
    fn id(&self) -> &str {
        "siret"
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Each("hosts")])
    }
    fn check(&self, s: &ChallengeSubmission, _: &Rulebook, out: &mut Vec<Violation>) {
        for (i, h) in s.hosts.iter().enumerate() {
            if let Some(siret) = &h.siret
                && !siret.checksum_ok()
            {
                out.push(message::siret_invalid(
                    format!("/hosts/{i}/siret"),
                    &siret.0,
                ));
            }
            if let Some(siren) = &h.siren
                && !siren.checksum_ok()
            {
                out.push(message::siren_invalid(
                    format!("/hosts/{i}/siren"),
                    &siren.0,
                ));
            }
            if let (Some(siret), Some(siren)) = (&h.siret, &h.siren)
                && siret.siren().is_some_and(|p| p != siren.0)
            {
                out.push(message::siret_siren_mismatch(
                    format!("/hosts/{i}/siret"),
                    &siret.0,
                    &siren.0,
                ));
            }
        }
    }
}

/// Whether a 5-digit French postcode names a département: 01–95 (Corsica is 20), the overseas
/// départements and collectivités 971–978 and 984–988. Monaco's 980 is not in France.
#[must_use]
pub(crate) fn postcode_ok(code: &str) -> bool {
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let two: u32 = code[..2].parse().unwrap_or(0);
    let three: u32 = code[..3].parse().unwrap_or(0);
    matches!(two, 1..=95) || matches!(three, 971..=978 | 984..=988)
}

struct Postcode;
impl Check for Postcode {
    fn id(&self) -> &str {
        "postcode"
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Each("locations")])
    }
    fn check(&self, s: &ChallengeSubmission, _: &Rulebook, out: &mut Vec<Violation>) {
        for (i, l) in s.locations.iter().enumerate() {
            if !postcode_ok(&l.postcode) {
                out.push(message::postcode_invalid(
                    format!("/locations/{i}/postcode"),
                    &l.postcode,
                ));
            }
        }
    }
}

struct Themes;
impl Check for Themes {
    fn id(&self) -> &str {
        "themes"
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Each("themes")])
    }
    fn check(&self, s: &ChallengeSubmission, _: &Rulebook, out: &mut Vec<Violation>) {
        for (i, t) in s.themes.iter().enumerate() {
            if t.term().is_none() {
                let known: Vec<&str> = crate::model::THEMES.iter().map(|t| t.slug).collect();
                out.push(message::theme_unknown(
                    format!("/themes/{i}"),
                    t.as_str(),
                    &known,
                    suggest::theme(t.as_str()),
                ));
            }
        }
    }
}

struct ProductPage;
impl Check for ProductPage {
    fn id(&self) -> &str {
        "product_page"
    }
    fn applies(&self, rb: &Rulebook) -> bool {
        rb.eligibility
            .as_ref()
            .is_some_and(|e| e.product_page_prefix.is_some())
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Whole("product_page")])
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let Some(prefix) = rb
            .eligibility
            .as_ref()
            .and_then(|e| e.product_page_prefix.as_deref())
        else {
            return;
        };
        match s.product_page.as_deref() {
            None => out.push(message::product_page_required(&rb.label, prefix)),
            Some(page) if !page.trim().starts_with(prefix) => {
                out.push(message::product_page_not_beta(&rb.label, page, prefix));
            }
            Some(_) => {}
        }
    }
}

struct ProductPhaseRule;
impl Check for ProductPhaseRule {
    fn id(&self) -> &str {
        "product_phase"
    }
    fn applies(&self, rb: &Rulebook) -> bool {
        rb.eligibility
            .as_ref()
            .is_some_and(|e| !e.product_phases.is_empty())
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Whole("project")])
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let Some(eligible) = rb
            .eligibility
            .as_ref()
            .map(|e| &e.product_phases)
            .filter(|p| !p.is_empty())
        else {
            return;
        };
        if let Some(project) = &s.project
            && !eligible.contains(&project.phase)
        {
            let names: Vec<_> = eligible.iter().map(|p| phase_names(*p)).collect();
            out.push(message::product_phase_not_eligible(
                &rb.label,
                phase_names(project.phase),
                &names,
            ));
        }
    }
}

fn phase_names(p: ProductPhase) -> (&'static str, &'static str) {
    (p.label_fr(), p.as_str())
}

fn kind_names(k: HostKind) -> (&'static str, &'static str) {
    (k.label_fr(), k.label_en())
}

struct HostEligibility;
impl Check for HostEligibility {
    fn id(&self) -> &str {
        "host_eligibility"
    }
    fn applies(&self, rb: &Rulebook) -> bool {
        rb.eligibility
            .as_ref()
            .is_some_and(|e| !e.host_kinds.is_empty())
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Each("hosts")])
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        let Some(eligible) = rb
            .eligibility
            .as_ref()
            .map(|e| &e.host_kinds)
            .filter(|k| !k.is_empty())
        else {
            return;
        };
        for (i, h) in s.hosts.iter().enumerate() {
            match h.kind {
                None => {
                    let accepted: Vec<&str> = eligible.iter().map(|k| k.as_str()).collect();
                    out.push(message::organisation_kind_missing(
                        format!("/hosts/{i}"),
                        &rb.label,
                        &h.name,
                        &accepted,
                    ));
                }
                Some(kind) if !eligible.contains(&kind) => {
                    let names: Vec<_> = eligible.iter().map(|k| kind_names(*k)).collect();
                    out.push(message::organisation_not_eligible(
                        format!("/hosts/{i}/kind"),
                        &rb.label,
                        &h.name,
                        kind_names(kind),
                        &names,
                    ));
                }
                Some(_) => {}
            }
        }
    }
}

/// The *Vœux* of the form 2024: a wish per profile the promotion offers, wanted profiles
/// with their missions, and seats that match the wanted profiles.
struct Wishes;
impl Check for Wishes {
    fn id(&self) -> &str {
        "wishes"
    }
    fn applies(&self, rb: &Rulebook) -> bool {
        rb.submission_form == crate::model::SubmissionForm::Form2024
    }
    fn reads(&self) -> Option<&[Read]> {
        Some(&[Read::Whole("wishes"), Read::Whole("seats")])
    }
    fn check(&self, s: &ChallengeSubmission, rb: &Rulebook, out: &mut Vec<Violation>) {
        if rb.submission_form != crate::model::SubmissionForm::Form2024 {
            return;
        }
        for e in &rb.allowed_expertises {
            if !s.wishes.iter().any(|w| &w.expertise == e) {
                out.push(message::wish_missing(&rb.label, e.as_str()));
            }
        }
        for (i, w) in s.wishes.iter().enumerate() {
            if !w.wanted {
                continue;
            }
            if w.missions.as_deref().is_none_or(|m| m.trim().is_empty()) {
                out.push(message::wish_missions_missing(
                    format!("/wishes/{i}/missions"),
                    w.expertise.as_str(),
                ));
            }
            if !s.seats.iter().any(|seat| seat.expertise == w.expertise) {
                out.push(message::wish_seat_mismatch(
                    format!("/wishes/{i}"),
                    w.expertise.as_str(),
                    true,
                ));
            }
        }
        for (i, seat) in s.seats.iter().enumerate() {
            let wanted = s
                .wishes
                .iter()
                .any(|w| w.wanted && w.expertise == seat.expertise);
            if !wanted {
                out.push(message::wish_seat_mismatch(
                    format!("/seats/{i}/expertise"),
                    seat.expertise.as_str(),
                    false,
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
            "75007", "01000", "20000", "97400", "95000", "97600", "98800",
        ] {
            assert!(postcode_ok(ok), "{ok}");
        }
        for bad in [
            "00100", "96000", "99000", "97900", "98100", "7500", "7500a", "98000",
        ] {
            assert!(!postcode_ok(bad), "{bad}");
        }
    }
}
