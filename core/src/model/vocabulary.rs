use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An expertise (profile) the programme recruits, as a slug (`developpement`, `design`,
/// `data-science`...). An open vocabulary: it changed over time, and each rulebook lists the
/// ones its promotion allows.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Expertise(#[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))] pub String);

/// A theme of public policy (`sante`, `justice`...), as a slug. An open vocabulary.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Theme(#[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))] pub String);

impl Expertise {
    /// Wraps a slug.
    #[must_use]
    pub fn new(slug: impl Into<String>) -> Self {
        Self(slug.into())
    }
    /// The slug.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The vocabulary entry, when the slug is known.
    #[must_use]
    pub fn term(&self) -> Option<&'static Term> {
        EXPERTISES.iter().find(|t| t.slug == self.0)
    }
}

impl Theme {
    /// Wraps a slug.
    #[must_use]
    pub fn new(slug: impl Into<String>) -> Self {
        Self(slug.into())
    }
    /// The slug.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The vocabulary entry, when the slug is known.
    #[must_use]
    pub fn term(&self) -> Option<&'static Term> {
        THEMES.iter().find(|t| t.slug == self.0)
    }
}

impl fmt::Display for Expertise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One entry of a vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The slug used in documents.
    pub slug: &'static str,
    /// The French label, as the programme's site writes it.
    pub label_fr: &'static str,
    /// An English label.
    pub label_en: &'static str,
    /// The codes the first site (2017–2022) used for the same thing (`dev`, `datascience`...).
    pub legacy_codes: &'static [&'static str],
}

const fn term(
    slug: &'static str,
    label_fr: &'static str,
    label_en: &'static str,
    legacy_codes: &'static [&'static str],
) -> Term {
    Term {
        slug,
        label_fr,
        label_en,
        legacy_codes,
    }
}

/// The expertises of the current site (`site/content/expertises/`), with the first site's codes
/// (`_data/skills.yml`) where they match.
pub const EXPERTISES: &[Term] = &[
    term(
        "accompagnement",
        "Accompagnement",
        "Coaching and support",
        &[],
    ),
    term(
        "data-engineering",
        "Data engineering",
        "Data engineering",
        &["dataengineering"],
    ),
    term(
        "data-science",
        "Data science",
        "Data science",
        &["datascience"],
    ),
    term("design", "Design", "Design", &["design"]),
    term(
        "direction-impact",
        "Direction de l'impact",
        "Head of impact",
        &[],
    ),
    term(
        "direction-produit",
        "Direction de produit",
        "Head of product",
        &[],
    ),
    term(
        "direction-operations",
        "Direction des opérations",
        "Head of operations",
        &[],
    ),
    term(
        "direction-technique",
        "Direction technique",
        "Head of technology",
        &[],
    ),
    term(
        "developpement",
        "Développement",
        "Software development",
        &["dev"],
    ),
    term("geomatique", "Géomatique", "Geomatics", &["geomatique"]),
    term("juriste", "Juriste", "Digital law", &[]),
];

/// The themes of the current site (`site/content/themes/`).
pub const THEMES: &[Term] = &[
    term("accompagnement", "Accompagnement", "Support services", &[]),
    term("agriculture", "Agriculture", "Agriculture", &[]),
    term("cartographie", "Cartographie", "Mapping", &[]),
    term("citoyennete", "Citoyenneté", "Citizenship", &[]),
    term(
        "cohesion-sociale",
        "Cohésion sociale",
        "Social cohesion",
        &[],
    ),
    term("culture", "Culture", "Culture", &[]),
    term("demographie", "Démographie", "Demography", &[]),
    term("ecologie", "Ecologie", "Ecology", &[]),
    term("education", "Education", "Education", &[]),
    term("environnement", "Environnement", "Environment", &[]),
    term("finance", "Finance", "Finance", &[]),
    term("formation", "Formation", "Training", &[]),
    term(
        "ingenierie-territoriale",
        "Ingénierie territoriale",
        "Territorial engineering",
        &[],
    ),
    term("ingenierie", "Ingénierie", "Engineering", &[]),
    term("innovation", "Innovation", "Innovation", &[]),
    term("integration", "Intégration", "Integration", &[]),
    term("justice", "Justice", "Justice", &[]),
    term("logement", "Logement", "Housing", &[]),
    term(
        "numerique-public",
        "Numérique public",
        "Public digital services",
        &[],
    ),
    term(
        "protection-sociale",
        "Protection sociale",
        "Social protection",
        &[],
    ),
    term(
        "ressources-humaines",
        "Ressources humaines",
        "Human resources",
        &[],
    ),
    term(
        "sante-environnement",
        "Santé-Environnement",
        "Environmental health",
        &[],
    ),
    term("sante", "Santé", "Health", &[]),
    term("social", "Social", "Social affairs", &[]),
    term("sport", "Sport", "Sport", &[]),
    term("securite", "Sécurité", "Security", &[]),
    term("travail", "Travail", "Labour", &[]),
];
