//! Canonical host organisations: the spellings the two sites use for one body, its acronym, and
//! its parent ministry where the sources give it.
//!
//! The table below is the library's, each merge with its reason; everything else comes from
//! the sources: the split of an administration text (`Institut … - Ministère de la Transition
//! écologique`: the ministry is the parent of the others), and the aggregates' map of
//! administrations (each service under its ministry).

/// One body the sites spell in several ways: its slug, its name, its acronym, the slugs of
/// its other spellings, and why they are one.
pub(crate) struct Canonical {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) acronym: Option<&'static str>,
    pub(crate) spellings: &'static [&'static str],
}

/// The bodies the sites publish under several names.
pub(crate) const CANONICAL: &[Canonical] = &[
    // The current site writes "Agence du Numérique de la Sécurité Civile", the first one
    // "Agence de la Sécurité Civile", for the same défi's host (défi 112, EIG 4).
    Canonical {
        id: "agence-du-numerique-de-la-securite-civile",
        name: "Agence du numérique de la sécurité civile",
        acronym: Some("ANSC"),
        spellings: &["agence-de-la-securite-civile"],
    },
    // "Programme VITAM - Programme interministériel d'archivage numérique": one programme,
    // its name and its description.
    Canonical {
        id: "programme-vitam",
        name: "Programme VITAM",
        acronym: Some("VITAM"),
        spellings: &["programme-interministeriel-d-archivage-numerique"],
    },
    // The DINSIC became the DINUM in October 2019: one body, renamed.
    Canonical {
        id: "direction-interministerielle-du-numerique",
        name: "Direction interministérielle du numérique",
        acronym: Some("DINUM"),
        spellings: &[
            "direction-interministerielle-du-numerique-et-du-systeme-d-information-et-de-communication-de-l-etat",
            "dinsic",
        ],
    },
];

/// Acronyms the sites do not give in parentheses, by slug of the full name.
pub(crate) const ACRONYMS: &[(&str, &str)] = &[
    ("agence-francaise-de-developpement", "AFD"),
    (
        "agence-nationale-de-securite-des-medicaments-et-des-produits-de-sante",
        "ANSM",
    ),
    (
        "autorite-de-regulation-des-communications-electroniques-et-des-postes",
        "ARCEP",
    ),
    ("autorite-de-surete-nucleaire", "ASN"),
    ("bibliotheque-nationale-de-france", "BnF"),
    ("brigade-de-sapeurs-pompiers-de-paris", "BSPP"),
    ("caisse-nationale-d-assurance-maladie", "CNAM"),
    ("commissariat-general-a-l-egalite-des-territoires", "CGET"),
    ("commissariat-general-au-developpement-durable", "CGDD"),
    (
        "direction-de-la-recherche-des-etudes-de-l-evaluation-et-des-statistiques",
        "DREES",
    ),
    (
        "direction-generale-de-la-concurrence-de-la-consommation-et-de-la-repression-des-fraudes",
        "DGCCRF",
    ),
    ("direction-generale-de-la-creation-artistique", "DGCA"),
    ("direction-generale-des-collectivites-locales", "DGCL"),
    ("direction-generale-des-entreprises", "DGE"),
    ("direction-generale-des-finances-publiques", "DGFiP"),
    ("direction-generale-du-travail", "DGT"),
    ("direction-du-numerique-pour-l-education", "DNE"),
    ("haute-autorite-de-sante", "HAS"),
    (
        "institut-national-de-l-information-geographique-et-forestiere",
        "IGN",
    ),
    (
        "institut-national-de-la-statistique-et-des-etudes-economiques",
        "INSEE",
    ),
];

/// The canonical slug of a spelling's slug.
pub(crate) fn canonical(id: &str) -> &str {
    CANONICAL
        .iter()
        .find(|c| c.spellings.contains(&id))
        .map_or(id, |c| c.id)
}

/// Whether a slug names a ministry (`ministere-…`).
pub(crate) fn is_ministry(id: &str) -> bool {
    id.starts_with("ministere-")
}
