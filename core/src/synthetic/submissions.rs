//! The promotion's rulebook and its défis: each défi's dossier, as an administration files it.

use super::*;

/// EIG 5's rulebook with teams of 1 to 3, renamed for a synthetic promotion of this seed (its stages are set once
/// the défis are known).
pub(super) fn synthetic_rulebook(seed: u64) -> Rulebook {
    let mut rulebook = Rulebook::builtin("eig-5").unwrap_or_else(|| unreachable!("built in"));
    rulebook.promotion = PromotionId::new("eig-99");
    rulebook.label = format!("Promotion synthétique (graine {seed})");
    // The generator draws teams of 1 to 3 seats (EIG 5 itself had 2 or 3).
    rulebook.team_size = crate::rules::SizeRange { min: 1, max: 3 };
    rulebook.sources = vec![format!("eig::synthetic, seed {seed}").into()];
    rulebook
}

/// The défis: their submissions, their items for the jury, their seats per expertise and how
/// popular each is with the candidates.
pub(super) struct Challenges {
    pub(super) submissions: Vec<ChallengeSubmission>,
    pub(super) items: Vec<ScoredItem>,
    pub(super) seats_per_expertise: BTreeMap<Expertise, u32>,
    pub(super) popularity: Vec<f64>,
}

pub(super) fn challenges(
    rng: &mut ChaCha8Rng,
    n_ch: usize,
    rulebook: &Rulebook,
    opens: chrono::DateTime<chrono::FixedOffset>,
) -> Challenges {
    let mut out = Challenges {
        submissions: Vec::with_capacity(n_ch),
        items: Vec::with_capacity(n_ch),
        seats_per_expertise: BTreeMap::new(),
        popularity: Vec::with_capacity(n_ch),
    };
    for k in 0..n_ch {
        let submission = submission(rng, k, rulebook, opens);
        for s in &submission.seats {
            *out.seats_per_expertise
                .entry(s.expertise.clone())
                .or_default() += s.count;
        }
        out.items.push(ScoredItem {
            id: challenge_id(k),
            label: Some(submission.title.clone()),
            expertise: None,
            organisations: vec![submission.hosts[0].name.clone()],
        });
        out.submissions.push(submission);
        out.popularity.push(rng.random_range(0.5..2.0));
    }
    out
}

/// The `k`-th défi's submission: a host, a place, one to three seats, a sponsor and two
/// mentors, two themes, filed during the call.
pub(super) fn submission(
    rng: &mut ChaCha8Rng,
    k: usize,
    rulebook: &Rulebook,
    opens: chrono::DateTime<chrono::FixedOffset>,
) -> ChallengeSubmission {
    let host = pick(rng, HOSTS).to_string();
    let (city, postcode) = *pick(rng, PLACES);
    let subject = SUBJECTS[k % SUBJECTS.len()];
    let title = if k < SUBJECTS.len() {
        subject.to_owned()
    } else {
        format!("{subject} ({})", k / SUBJECTS.len() + 1)
    };
    let mut pool: Vec<&Expertise> = rulebook.allowed_expertises.iter().take(4).collect();
    pool.shuffle(rng);
    let team = rng.random_range(1..=3usize);
    let seats: Vec<SeatRequest> = pool
        .into_iter()
        .take(team)
        .map(|e| SeatRequest {
            expertise: e.clone(),
            count: 1,
        })
        .collect();
    let (sn, sp, se) = contact(rng, "Directrice de programme");
    let mentors: Vec<ProposedMentor> = (0..2)
        .map(|_| {
            let (n, p, e) = contact(rng, "Cheffe de projet");
            ProposedMentor {
                name: n,
                position: p,
                email: e,
                commitment_percent: 20,
            }
        })
        .collect();
    let mut themes: Vec<Theme> = THEMES.iter().map(|t| Theme::new(*t)).collect();
    themes.shuffle(rng);
    themes.truncate(2);
    let submitted = opens + Duration::hours(rng.random_range(24..24 * 50));
    ChallengeSubmission {
        schema: None,
        promotion: rulebook.promotion.clone(),
        title: title.clone(),
        summary: format!("{title} : un défi synthétique pour les tests et la démonstration."),
        problem: format!(
            "Aujourd'hui, les agents de « {host} » traitent ce sujet à la main, avec des données dispersées."
        ),
        expected_impact: "Diviser par deux le temps de traitement d'un dossier en un an."
            .to_owned(),
        product_page: None,
        project: None,
        data: vec![DataSource {
            name: "Données internes du service".to_owned(),
            description: None,
            access: DataAccess::Internal,
            personal_data: false,
        }],
        hosts: vec![HostOrganisation {
            name: host,
            department: None,
            siret: None,
            siren: None,
            kind: None,
        }],
        sponsor: Contact {
            name: sn,
            position: sp,
            email: se,
            phone: None,
        },
        contact: Contact {
            name: mentors[0].name.clone(),
            position: mentors[0].position.clone(),
            email: mentors[0].email.clone(),
            phone: None,
        },
        mentors,
        seats,
        duration_months: 10,
        locations: vec![Location {
            city: city.to_owned(),
            postcode: postcode.to_owned(),
            remote_days_per_week: Some(2),
        }],
        themes,
        wishes: Vec::new(),
        steering: None,
        motivations: None,
        submitted_at: submitted,
    }
}
