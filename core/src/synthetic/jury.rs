//! The jury and the two scoring grids (défis, candidates).

use super::*;

pub(super) fn grid(
    id: &str,
    fr: &str,
    en: &str,
    criteria: &[(&str, &str, &str, f64, Option<f64>)],
) -> ScoringGrid {
    ScoringGrid {
        schema: None,
        id: id.to_owned(),
        label_fr: fr.to_owned(),
        label_en: en.to_owned(),
        scale: Scale {
            min: 0.0,
            max: 10.0,
        },
        criteria: criteria
            .iter()
            .map(|(id, fr, en, w, elim)| Criterion {
                id: (*id).to_owned(),
                label_fr: (*fr).to_owned(),
                label_en: (*en).to_owned(),
                weight: *w,
                eliminatory_below: *elim,
            })
            .collect(),
    }
}

/// The jury and each juror's planted bias: a third of the jurors come from a host
/// administration, one declares a conflict with a candidate, the first weighs double.
pub(super) fn jury(
    rng: &mut ChaCha8Rng,
    o: &Options,
    n_j: usize,
    challenge_items: &[ScoredItem],
    promotion: &PromotionId,
) -> (Jury, Vec<f64>) {
    let mut bias: Vec<f64> = (0..n_j)
        .map(|_| o.bias_sd * normal(rng).clamp(-2.0, 2.0))
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let mean = bias.iter().sum::<f64>() / n_j as f64;
    bias.iter_mut().for_each(|b| *b -= mean);
    let jurors: Vec<Juror> = (0..n_j)
        .map(|j| {
            let (name, _, _) = contact(rng, "");
            let affiliation = if j % 3 == 0 {
                Some(challenge_items[(j / 3) % challenge_items.len()].organisations[0].clone())
            } else {
                Some("Direction interministérielle du numérique".to_owned())
            };
            Juror {
                id: format!("jure-{:02}", j + 1),
                name,
                affiliation,
                weight: if j == 0 { 2.0 } else { 1.0 },
                conflicts: if j == 1 {
                    Conflicts {
                        organisations: Vec::new(),
                        items: vec!["cand-0001".to_owned()],
                    }
                } else {
                    Conflicts::default()
                },
            }
        })
        .collect();
    let jury = Jury {
        schema: None,
        id: "jury".to_owned(),
        promotion: Some(promotion.clone()),
        jurors,
    };
    (jury, bias)
}

pub(super) fn challenge_grid() -> ScoringGrid {
    grid(
        "grille-defis",
        "Grille des défis",
        "Défi grid",
        &[
            (
                "impact",
                "Impact pour le public",
                "Impact for the public",
                0.4,
                Some(3.0),
            ),
            ("faisabilite", "Faisabilité", "Feasibility", 0.3, None),
            (
                "donnees",
                "Données disponibles",
                "Data available",
                0.3,
                None,
            ),
        ],
    )
}

pub(super) fn candidate_grid() -> ScoringGrid {
    grid(
        "grille-candidats",
        "Grille des candidatures",
        "Application grid",
        &[
            (
                "competences",
                "Compétences techniques",
                "Technical skills",
                0.3,
                None,
            ),
            (
                "motivation",
                "Motivation pour l'intérêt général",
                "Public-interest motivation",
                0.25,
                None,
            ),
            ("experience", "Expérience", "Experience", 0.2, None),
            ("equipe", "Travail en équipe", "Teamwork", 0.15, None),
            ("communication", "Communication", "Communication", 0.1, None),
        ],
    )
}
