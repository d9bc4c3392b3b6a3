//! The rules of a défi submission, and the consistency of a rulebook.

use super::Fix;
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
    .with_params([
        ("promotion", super::param(promotion)),
        ("rulebook", super::param(rulebook)),
    ])
}

/// `promotion_unknown`: no built-in rulebook for `id`; `builtin` are the promotions that have
/// one.
pub(crate) fn promotion_unknown(path: impl Into<String>, id: &str, builtin: &[&str]) -> Violation {
    let list = builtin.join(", ");
    let latest = builtin.last().copied().unwrap_or("eig-7");
    Violation::new(
        Code::PromotionUnknown,
        path,
        format!(
            "aucun règlement intégré pour la promotion {id} (intégrés : {list}) ; fournissez un \
             règlement : « eig rulebook new --from {latest} --promotion {id} » en fait un d'après \
             celui de {latest} (Rulebook.next_call dans les bibliothèques), à passer avec \
             --rulebook"
        ),
        format!(
            "no built-in rulebook for promotion {id} (built in: {list}); give a rulebook: `eig \
             rulebook new --from {latest} --promotion {id}` makes one from {latest}'s \
             (Rulebook.next_call in the libraries), to pass with --rulebook"
        ),
    )
    .with_params([
        ("promotion", super::param(id)),
        ("known", super::param(builtin)),
    ])
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
    .with_params([
        ("found", super::param(total)),
        ("rulebook", super::param(rulebook)),
        ("min", super::param(min)),
        ("max", super::param(max)),
    ])
}

/// `expertise_not_allowed`: the promotion does not recruit `expertise`.
pub(crate) fn expertise_not_allowed(
    path: impl Into<String>,
    rulebook: &str,
    expertise: &str,
    allowed: &[&str],
    fix: Option<Fix>,
) -> Violation {
    let list = allowed.join(", ");
    let v = Violation::new(
        Code::ExpertiseNotAllowed,
        path,
        format!("{rulebook} ne recrute pas l'expertise « {expertise} » (permises : {list})"),
        format!("{rulebook} does not recruit the expertise \"{expertise}\" (allowed: {list})"),
    )
    .with_params([
        ("rulebook", super::param(rulebook)),
        ("found", super::param(expertise)),
        ("allowed", super::param(allowed)),
    ]);
    if fix.is_some() {
        return v.fix(fix);
    }
    v.with_hint(
        "demandez l'une des expertises permises, ou retirez ce poste",
        "ask for one of the allowed expertises, or remove this seat",
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
    .with_params([
        ("expertise", super::param(expertise)),
        ("first", super::param(first)),
    ])
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
    .with_params([
        ("found", super::param(months)),
        ("rulebook", super::param(rulebook)),
        ("min", super::param(min)),
        ("max", super::param(max)),
    ])
}

/// A time to the second it is compared at: its fraction of a second shows when it has one.
const WHEN: &str = "%Y-%m-%d %H:%M:%S%.f %Z";

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
    .with_params([
        ("submitted_at", super::param(at.to_rfc3339())),
        ("opens", super::param(opens.to_rfc3339())),
    ])
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
    .with_params([
        ("submitted_at", super::param(at.to_rfc3339())),
        ("closes", super::param(closes.to_rfc3339())),
    ])
}

/// `call_window_unknown`: the rulebook gives neither end of a call (`opens`, `closes` both
/// false), or not this one; the filing time was not checked against it. `projects`: the call
/// for projects, else the call for applications.
pub(crate) fn call_window_unknown(
    rulebook: &str,
    opens: bool,
    closes: bool,
    projects: bool,
) -> Violation {
    let of = of_fr(rulebook);
    let (call_fr, call_en) = if projects {
        ("son appel à projets", "its call for projects")
    } else {
        ("son appel à candidatures", "its call for applications")
    };
    let (fr, en) = match (opens, closes) {
        (false, false) => (
            format!(
                "le règlement {of} ne donne ni l'ouverture ni la clôture de {call_fr} : la date \
                 de dépôt n'a pas été vérifiée"
            ),
            format!(
                "the rulebook of {rulebook} gives neither the opening nor the close of \
                 {call_en}: the filing time was not checked"
            ),
        ),
        (false, true) => (
            format!(
                "le règlement {of} ne donne pas l'ouverture de {call_fr} : la date de dépôt n'a \
                 pas été comparée à l'ouverture"
            ),
            format!(
                "the rulebook of {rulebook} does not give the opening of {call_en}: the filing \
                 time was not compared with it"
            ),
        ),
        _ => (
            format!(
                "le règlement {of} ne donne pas la clôture de {call_fr} : la date de dépôt n'a \
                 pas été comparée à la clôture"
            ),
            format!(
                "the rulebook of {rulebook} does not give the close of {call_en}: the filing \
                 time was not compared with it"
            ),
        ),
    };
    Violation::new(Code::CallWindowUnknown, "/submitted_at", fr, en)
        .with_params([("rulebook", super::param(rulebook))])
}

/// `applied_outside_window`: an application filed at `at`, in no filing period; `before` is
/// the period that closed last before it (its name and close), `after` the next to open.
pub(crate) fn applied_outside_window(
    at: DateTime<Tz>,
    before: Option<(&str, DateTime<Tz>)>,
    after: Option<(&str, DateTime<Tz>)>,
) -> Violation {
    let tz = at.timezone();
    let mut fr = format!(
        "candidature déposée le {} ({tz}), hors des périodes de dépôt",
        at.format(WHEN)
    );
    let mut en = format!(
        "application filed at {} ({tz}), outside the filing periods",
        at.format(WHEN)
    );
    if let Some((name, closed)) = before {
        fr.push_str(&format!(
            " ; la précédente, « {name} », a fermé le {}",
            closed.format(WHEN)
        ));
        en.push_str(&format!(
            "; the previous one, \"{name}\", closed at {}",
            closed.format(WHEN)
        ));
    }
    if let Some((name, opens)) = after {
        fr.push_str(&format!(
            " ; la suivante, « {name} », ouvre le {}",
            opens.format(WHEN)
        ));
        en.push_str(&format!(
            "; the next, \"{name}\", opens at {}",
            opens.format(WHEN)
        ));
    }
    Violation::new(Code::AppliedOutsideWindow, "/submitted_at", fr, en).with_params([
        ("submitted_at", super::param(at.to_rfc3339())),
        (
            "previous_closed",
            super::param(before.map(|(_, t)| t.to_rfc3339())),
        ),
        (
            "next_opens",
            super::param(after.map(|(_, t)| t.to_rfc3339())),
        ),
    ])
}

/// "de DIG", "d'EIG 7": the French "of" before a promotion's name.
fn of_fr(name: &str) -> String {
    if name.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u', 'É', 'é']) {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
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
    .with_params([
        ("found", super::param(n)),
        ("rulebook", super::param(rulebook)),
        ("min", super::param(min)),
    ])
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
    .with_params([
        ("found", super::param(percent)),
        ("rulebook", super::param(rulebook)),
        ("min", super::param(min)),
    ])
}

/// `mentor_duplicated`: the same mentor as at `first`.
pub(crate) fn mentor_duplicated(path: impl Into<String>, first: &str) -> Violation {
    Violation::new(
        Code::MentorDuplicated,
        path,
        format!("ce mentor est déjà proposé en {first} (même adresse électronique)"),
        format!("this mentor is already proposed at {first} (same e-mail address)"),
    )
    .with_params([("first", super::param(first))])
}

/// `sponsor_is_mentor`: the rulebook forbids the sponsor to mentor.
pub(crate) fn sponsor_is_mentor(path: impl Into<String>, rulebook: &str) -> Violation {
    Violation::new(
        Code::SponsorIsMentor,
        path,
        format!(
            "le sponsor ne peut pas être aussi mentor sous le règlement {}",
            of_fr(rulebook)
        ),
        format!("the sponsor cannot also be a mentor under {rulebook}'s rulebook"),
    )
    .with_params([("rulebook", super::param(rulebook))])
}

/// `host_duplicated`: the host `name` is already listed at `first`.
pub(crate) fn host_duplicated(path: impl Into<String>, name: &str, first: &str) -> Violation {
    Violation::new(
        Code::HostDuplicated,
        path,
        format!("« {name} » figure déjà en {first}"),
        format!("\"{name}\" is already listed at {first}"),
    )
    .with_params([("name", super::param(name)), ("first", super::param(first))])
}

/// `siret_invalid`: `siret` fails its checksum.
pub(crate) fn siret_invalid(path: impl Into<String>, siret: &str) -> Violation {
    Violation::new(
        Code::SiretInvalid,
        path,
        format!("le SIRET {siret} a une clé de contrôle fausse (faute de frappe ?)"),
        format!("the SIRET {siret} fails its checksum (a typing error?)"),
    )
    .with_params([("found", super::param(siret))])
    .with_hint(
        "recopiez les 14 chiffres depuis l'Annuaire des entreprises \
         (annuaire-entreprises.data.gouv.fr)",
        "copy the 14 digits from the French business directory \
         (annuaire-entreprises.data.gouv.fr)",
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
    .with_params([("found", super::param(siren))])
    .with_hint(
        "recopiez les 9 chiffres depuis l'Annuaire des entreprises \
         (annuaire-entreprises.data.gouv.fr)",
        "copy the 9 digits from the French business directory \
         (annuaire-entreprises.data.gouv.fr)",
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
    .with_params([
        ("siret", super::param(siret)),
        ("siren", super::param(siren)),
    ])
}

/// `postcode_invalid`: `postcode` names no French département (Monaco's 980xx says so).
pub(crate) fn postcode_invalid(path: impl Into<String>, postcode: &str) -> Violation {
    let monaco = postcode.starts_with("980");
    let (fr, en, hint_fr, hint_en) = if monaco {
        (
            format!("le code postal {postcode} est celui de Monaco, qui n'est pas en France"),
            format!("the postcode {postcode} is Monaco's, which is not in France"),
            "un EIG travaille en France : donnez le code postal du lieu de travail en France",
            "an EIG works in France: give the postcode of the place of work in France",
        )
    } else {
        (
            format!("le code postal {postcode} ne correspond à aucun département"),
            format!("the postcode {postcode} names no French département"),
            "un code postal commence par le numéro du département (01 à 95, 971 à 978, 984 à \
             988), comme 75007 ou 97400",
            "a postcode starts with the number of its département (01 to 95, 971 to 978, 984 to \
             988), like 75007 or 97400",
        )
    };
    Violation::new(Code::PostcodeInvalid, path, fr, en)
        .with_params([("found", super::param(postcode))])
        .with_hint(hint_fr, hint_en)
}

/// `theme_unknown`: `theme` is not in the vocabulary of `known` themes; `fix` names the theme
/// meant, when one is near.
pub(crate) fn theme_unknown(
    path: impl Into<String>,
    theme: &str,
    known: &[&str],
    fix: Option<Fix>,
) -> Violation {
    let list = known.join(", ");
    let v = Violation::new(
        Code::ThemeUnknown,
        path,
        format!(
            "la thématique « {theme} » n'est pas dans le vocabulaire du programme (thématiques \
             connues : {list})"
        ),
        format!(
            "the theme \"{theme}\" is not in the programme's vocabulary (known themes: {list})"
        ),
    )
    .with_params([
        ("found", super::param(theme)),
        ("known", super::param(known)),
    ]);
    if fix.is_some() {
        return v.fix(fix);
    }
    v.with_hint(
        "choisissez la thématique la plus proche dans la liste : une thématique inconnue n'est \
         pas classée",
        "pick the nearest theme of the list: an unknown theme is not filed under any",
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
    .with_params([
        ("min", super::param(super::number_or_text(min))),
        ("max", super::param(super::number_or_text(max))),
    ])
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
    .with_params([
        ("opens", super::param(opens.to_string())),
        ("closes", super::param(closes.to_string())),
    ])
}

/// `product_page_required`: `rulebook` requires a product page starting with `prefix`.
pub(crate) fn product_page_required(rulebook: &str, prefix: &str) -> Violation {
    Violation::new(
        Code::ProductPageRequired,
        "/product_page",
        format!(
            "{rulebook} demande la fiche produit du service, déjà publiée à une adresse qui \
             commence par {prefix} : ajoutez le champ product_page"
        ),
        format!(
            "{rulebook} requires the product page of the service, already published at an \
             address that starts with {prefix}: add the field product_page"
        ),
    )
    .with_params([
        ("rulebook", super::param(rulebook)),
        ("prefix", super::param(prefix)),
    ])
}

/// `product_page_not_beta`: the product page `page` does not start with `prefix`.
pub(crate) fn product_page_not_beta(rulebook: &str, page: &str, prefix: &str) -> Violation {
    Violation::new(
        Code::ProductPageNotBeta,
        "/product_page",
        format!(
            "la fiche produit « {page} » n'est pas publiée sur {prefix}, comme {rulebook} le \
             demande (par exemple {prefix}startups/nom-du-produit.html)"
        ),
        format!(
            "the product page \"{page}\" is not published on {prefix}, as {rulebook} requires \
             (for example {prefix}startups/product-name.html)"
        ),
    )
    .with_params([
        ("rulebook", super::param(rulebook)),
        ("found", super::param(page)),
        ("prefix", super::param(prefix)),
    ])
}

/// A French and an English name.
pub(crate) type Names<'a> = (&'a str, &'a str);

fn join(names: &[Names<'_>], english: bool) -> String {
    let v: Vec<&str> = names
        .iter()
        .map(|(fr, en)| if english { *en } else { *fr })
        .collect();
    v.join(", ")
}

/// `product_phase_not_eligible`: the product is in `phase`; `rulebook` takes `eligible`.
pub(crate) fn product_phase_not_eligible(
    rulebook: &str,
    phase: Names<'_>,
    eligible: &[Names<'_>],
) -> Violation {
    Violation::new(
        Code::ProductPhaseNotEligible,
        "/project/phase",
        format!(
            "le produit est en phase « {} » ; {rulebook} ne retient que les produits en phase {}",
            phase.0,
            join(eligible, false)
        ),
        format!(
            "the product is in phase \"{}\"; {rulebook} only takes products in phase {}",
            phase.1,
            join(eligible, true)
        ),
    )
    .with_params([
        ("rulebook", super::param(rulebook)),
        ("found", super::param(phase.1)),
        (
            "allowed",
            super::param(eligible.iter().map(|n| n.1).collect::<Vec<_>>()),
        ),
    ])
}

/// `organisation_not_eligible`: the host `name` is a `kind`; `rulebook` takes `eligible`.
pub(crate) fn organisation_not_eligible(
    path: impl Into<String>,
    rulebook: &str,
    name: &str,
    kind: Names<'_>,
    eligible: &[Names<'_>],
) -> Violation {
    Violation::new(
        Code::OrganisationNotEligible,
        path,
        format!(
            "« {name} » est déclaré comme {} ; {rulebook} est ouvert aux seuls organismes \
             suivants : {}",
            kind.0,
            join(eligible, false)
        ),
        format!(
            "\"{name}\" is declared a {}; {rulebook} is open to these only: {}",
            kind.1,
            join(eligible, true)
        ),
    )
    .with_params([
        ("rulebook", super::param(rulebook)),
        ("name", super::param(name)),
        ("found", super::param(kind.1)),
        (
            "allowed",
            super::param(eligible.iter().map(|n| n.1).collect::<Vec<_>>()),
        ),
    ])
}

/// `organisation_kind_missing`: the host `name` does not say its kind; `accepted` are the
/// kinds `rulebook` takes, as written in documents.
pub(crate) fn organisation_kind_missing(
    path: impl Into<String>,
    rulebook: &str,
    name: &str,
    accepted: &[&str],
) -> Violation {
    let list = accepted.join(", ");
    Violation::new(
        Code::OrganisationKindMissing,
        path,
        format!(
            "« {name} » ne précise pas sa nature (kind) : son éligibilité à {rulebook} n'a pas \
             été vérifiée (acceptées : {list})"
        ),
        format!(
            "\"{name}\" does not give its kind: its eligibility for {rulebook} was not checked \
             (accepted: {list})"
        ),
    )
    .with_params([
        ("rulebook", super::param(rulebook)),
        ("name", super::param(name)),
        ("allowed", super::param(accepted)),
    ])
}

/// `wish_missing`: no wish for the profile `expertise` that `rulebook` offers.
pub(crate) fn wish_missing(rulebook: &str, expertise: &str) -> Violation {
    Violation::new(
        Code::WishMissing,
        "/wishes",
        format!(
            "aucun vœu pour le profil « {expertise} » que propose {rulebook} : dites s'il est \
             souhaité (wanted) et, si oui, les missions pressenties"
        ),
        format!(
            "no wish for the profile \"{expertise}\" that {rulebook} offers: say whether it is \
             wanted and, if so, the missions envisaged"
        ),
    )
    .with_params([
        ("rulebook", super::param(rulebook)),
        ("expertise", super::param(expertise)),
    ])
}

/// `wish_seat_mismatch`: the profile `expertise` is wanted with no seat (`wanted`), or has a
/// seat while no wish wants it.
pub(crate) fn wish_seat_mismatch(
    path: impl Into<String>,
    expertise: &str,
    wanted: bool,
) -> Violation {
    let (fr, en) = if wanted {
        (
            format!(
                "le profil « {expertise} » est souhaité mais aucun poste ne le demande (seats)"
            ),
            format!("the profile \"{expertise}\" is wanted but no seat asks for it"),
        )
    } else {
        (
            format!("un poste demande le profil « {expertise} », que les vœux ne souhaitent pas"),
            format!("a seat asks for the profile \"{expertise}\", which the wishes do not want"),
        )
    };
    Violation::new(Code::WishSeatMismatch, path, fr, en).with_params([
        ("expertise", super::param(expertise)),
        ("wanted", super::param(wanted)),
    ])
}

/// `wish_missions_missing`: the wanted profile `expertise` has no missions.
pub(crate) fn wish_missions_missing(path: impl Into<String>, expertise: &str) -> Violation {
    Violation::new(
        Code::WishMissionsMissing,
        path,
        format!("le profil « {expertise} » est souhaité : décrivez les missions pressenties"),
        format!("the profile \"{expertise}\" is wanted: describe the missions envisaged"),
    )
    .with_params([("expertise", super::param(expertise))])
}
