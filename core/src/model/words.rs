//! What people write for what documents spell as codes: job titles for expertises, French
//! labels for the values of enumerations, French names for fields. The structural pass reads
//! these to suggest the code a person meant ("Data Scientist" → `data-science`, `titre` →
//! `title`); the field guide shows them.
//!
//! Every comparison is between [`slug`]s, so accents, case, spaces and apostrophes do not
//! matter ("Sécurité", "securite" and "SÉCURITÉ" name the same theme).

use super::{DataAccess, EXPERTISES, HostKind, ProductPhase, THEMES, Term};
use crate::text::slug;

/// Job titles and other words people write for an expertise, with the expertise's slug.
const EXPERTISE_WORDS: &[(&str, &str)] = &[
    ("data scientist", "data-science"),
    ("datascientist", "data-science"),
    ("science des données", "data-science"),
    ("scientifique des données", "data-science"),
    ("data engineer", "data-engineering"),
    ("ingénieur des données", "data-engineering"),
    ("ingénieure des données", "data-engineering"),
    ("ingénieur data", "data-engineering"),
    ("développeur", "developpement"),
    ("développeuse", "developpement"),
    ("développeur ou développeuse", "developpement"),
    ("developer", "developpement"),
    ("software developer", "developpement"),
    ("software engineer", "developpement"),
    ("dév", "developpement"),
    ("designer", "design"),
    ("ux", "design"),
    ("ux design", "design"),
    ("ux designer", "design"),
    ("ui designer", "design"),
    ("product manager", "direction-produit"),
    ("chef de produit", "direction-produit"),
    ("cheffe de produit", "direction-produit"),
    ("directeur de produit", "direction-produit"),
    ("directrice de produit", "direction-produit"),
    ("directeur technique", "direction-technique"),
    ("directrice technique", "direction-technique"),
    ("cto", "direction-technique"),
    ("directeur de l'impact", "direction-impact"),
    ("directrice de l'impact", "direction-impact"),
    ("directeur des opérations", "direction-operations"),
    ("directrice des opérations", "direction-operations"),
    ("coach", "accompagnement"),
    ("coach agile", "accompagnement"),
    ("géomaticien", "geomatique"),
    ("géomaticienne", "geomatique"),
    ("sig", "geomatique"),
    ("droit", "juriste"),
    ("droit du numérique", "juriste"),
    ("legal", "juriste"),
];

/// Other words people write for a theme, with the theme's slug.
const THEME_WORDS: &[(&str, &str)] = &[
    ("santé publique", "sante"),
    ("enseignement", "education"),
    ("éducation nationale", "education"),
    ("emploi", "travail"),
    ("rh", "ressources-humaines"),
    ("numérique", "numerique-public"),
    ("sécurité publique", "securite"),
    ("écologique", "ecologie"),
    ("transition écologique", "ecologie"),
];

/// French words for the values of the documents' enumerations, with the value.
const VALUE_WORDS: &[(&str, &str)] = &[
    ("ouvert", "open"),
    ("ouverte", "open"),
    ("ouvertes", "open"),
    ("open data", "open"),
    ("données ouvertes", "open"),
    ("publique", "open"),
    ("interne", "internal"),
    ("internes", "internal"),
    ("restreint", "restricted"),
    ("restreinte", "restricted"),
    ("restreintes", "restricted"),
    ("confidentiel", "restricted"),
    ("confidentielles", "restricted"),
    ("ministère", "central_administration"),
    (
        "direction d'administration centrale",
        "central_administration",
    ),
    ("opérateur", "state_operator"),
    ("établissement public", "state_operator"),
    ("service déconcentré", "devolved_service"),
    ("préfecture", "devolved_service"),
    ("collectivité", "local_authority"),
    ("région", "local_authority"),
    ("département", "local_authority"),
    ("commune", "local_authority"),
    ("mairie", "local_authority"),
];

/// French names people give the fields of a défi dossier, with the field's name.
pub const FIELD_NAMES_FR: &[(&str, &str)] = &[
    ("promotion", "promotion"),
    ("titre", "title"),
    ("intitulé", "title"),
    ("nom du défi", "title"),
    ("résumé", "summary"),
    ("description", "summary"),
    ("problème", "problem"),
    ("problématique", "problem"),
    ("impact attendu", "expected_impact"),
    ("impact", "expected_impact"),
    ("données", "data"),
    ("jeux de données", "data"),
    ("structures", "hosts"),
    ("administrations", "hosts"),
    ("administration", "hosts"),
    ("structure d'accueil", "hosts"),
    ("porteur", "sponsor"),
    ("porteuse", "sponsor"),
    ("sponsor", "sponsor"),
    ("mentors", "mentors"),
    ("mentor", "mentors"),
    ("postes", "seats"),
    ("places", "seats"),
    ("profils", "seats"),
    ("durée", "duration_months"),
    ("durée en mois", "duration_months"),
    ("durée mois", "duration_months"),
    ("lieux", "locations"),
    ("lieu", "locations"),
    ("localisation", "locations"),
    ("thématiques", "themes"),
    ("thèmes", "themes"),
    ("thématique", "themes"),
    ("contact", "contact"),
    ("point de contact", "contact"),
    ("date de dépôt", "submitted_at"),
    ("date dépôt", "submitted_at"),
    ("date", "submitted_at"),
    ("déposé le", "submitted_at"),
    ("page produit", "product_page"),
    ("fiche produit", "product_page"),
    ("fiche beta", "product_page"),
    ("projet", "project"),
    ("vœux", "wishes"),
    ("voeux", "wishes"),
    ("souhaits", "wishes"),
    ("pilotage", "steering"),
    ("gouvernance", "steering"),
    ("motivations", "motivations"),
    ("nom", "name"),
    ("prénom nom", "name"),
    ("fonction", "position"),
    ("poste", "position"),
    ("courriel", "email"),
    ("mél", "email"),
    ("mail", "email"),
    ("adresse électronique", "email"),
    ("téléphone", "phone"),
    ("tél", "phone"),
    ("ville", "city"),
    ("commune", "city"),
    ("code postal", "postcode"),
    ("cp", "postcode"),
    ("télétravail", "remote_days_per_week"),
    ("jours de télétravail", "remote_days_per_week"),
    ("direction", "department"),
    ("service", "department"),
    ("type", "kind"),
    ("nature", "kind"),
    ("nombre", "count"),
    ("expertise", "expertise"),
    ("profil", "expertise"),
    ("accès", "access"),
    ("données personnelles", "personal_data"),
    ("engagement", "commitment_percent"),
    ("temps consacré", "commitment_percent"),
    ("phase", "phase"),
    ("incubateur", "incubator"),
    ("politique publique", "public_policy"),
    ("souhaité", "wanted"),
    ("missions", "missions"),
    ("actuel", "current"),
    ("envisagé", "envisaged"),
    ("objectifs à 12 mois", "objectives_12_months"),
    ("bénéfices attendus", "expected_benefits"),
    ("perspectives", "outlook"),
];

/// Each field of a défi dossier (`[]` for every item of a list): its French name and what it
/// is, for the field guide and the French descriptions of the schemas.
pub const FIELD_TEXTS_FR: &[(&str, &str, &str)] = &[
    (
        "/$schema",
        "Schéma",
        "L'adresse du schéma que suit le document (facultatif ; les éditeurs s'en servent pour aider à remplir).",
    ),
    (
        "/promotion",
        "Promotion",
        "L'identifiant de la promotion à laquelle le défi est proposé.",
    ),
    ("/title", "Titre", "Un titre court du défi."),
    (
        "/summary",
        "Résumé",
        "Le défi en un paragraphe, pour sa page publique.",
    ),
    (
        "/problem",
        "Problème",
        "Le problème de service public à résoudre, et pour qui.",
    ),
    (
        "/expected_impact",
        "Impact attendu",
        "L'impact attendu, mesurable si possible.",
    ),
    (
        "/product_page",
        "Page du produit",
        "La fiche publique du produit sur beta.gouv.fr, s'il en a une.",
    ),
    (
        "/project",
        "Projet",
        "Le produit : sa phase, son incubateur et la politique publique qu'il sert.",
    ),
    (
        "/project/phase",
        "Phase du produit",
        "La phase du produit sur beta.gouv.fr.",
    ),
    (
        "/project/incubator",
        "Incubateur",
        "L'incubateur qui accueille le produit.",
    ),
    (
        "/project/public_policy",
        "Politique publique",
        "La politique publique que sert le produit.",
    ),
    (
        "/data",
        "Données",
        "Les données dont le défi a besoin (facultatif).",
    ),
    (
        "/data/[]/name",
        "Nom des données",
        "Le nom du jeu de données ou du système.",
    ),
    (
        "/data/[]/description",
        "Description des données",
        "Ce qu'il contient.",
    ),
    (
        "/data/[]/access",
        "Accès aux données",
        "Comment on y accède.",
    ),
    (
        "/data/[]/personal_data",
        "Données personnelles",
        "S'il contient des données personnelles (le RGPD s'applique) : true ou false.",
    ),
    (
        "/hosts",
        "Structures d'accueil",
        "Les administrations qui accueillent l'équipe (au moins une).",
    ),
    (
        "/hosts/[]/name",
        "Nom de la structure",
        "Le nom de l'administration ou de l'opérateur.",
    ),
    (
        "/hosts/[]/department",
        "Direction ou service",
        "La direction ou le service qui accueille l'équipe.",
    ),
    (
        "/hosts/[]/siret",
        "SIRET",
        "Le SIRET de l'établissement d'accueil (14 chiffres).",
    ),
    (
        "/hosts/[]/siren",
        "SIREN",
        "Le SIREN de l'unité légale (9 chiffres).",
    ),
    (
        "/hosts/[]/kind",
        "Nature de la structure",
        "La nature de l'organisme public.",
    ),
    (
        "/sponsor",
        "Sponsor",
        "La personne qui porte le défi dans l'administration (directrice, directeur, cheffe ou chef de service).",
    ),
    ("/sponsor/name", "Nom du sponsor", "Son prénom et son nom."),
    (
        "/sponsor/position",
        "Fonction du sponsor",
        "Sa fonction dans l'organisation.",
    ),
    (
        "/sponsor/email",
        "Courriel du sponsor",
        "Son adresse électronique professionnelle.",
    ),
    (
        "/sponsor/phone",
        "Téléphone du sponsor",
        "Son numéro professionnel (facultatif).",
    ),
    (
        "/mentors",
        "Mentors",
        "Les agents qui accompagnent l'équipe au quotidien.",
    ),
    (
        "/mentors/[]/name",
        "Nom du mentor",
        "Son prénom et son nom.",
    ),
    (
        "/mentors/[]/position",
        "Fonction du mentor",
        "Sa fonction dans l'organisation.",
    ),
    (
        "/mentors/[]/email",
        "Courriel du mentor",
        "Son adresse électronique professionnelle.",
    ),
    (
        "/mentors/[]/commitment_percent",
        "Temps du mentor",
        "La part de son temps de travail consacrée au défi, en pour cent.",
    ),
    (
        "/seats",
        "Postes demandés",
        "Les profils d'EIG demandés et leur nombre.",
    ),
    (
        "/seats/[]/expertise",
        "Expertise",
        "L'expertise (le profil) demandée, par son code.",
    ),
    (
        "/seats/[]/count",
        "Nombre",
        "Combien d'EIG de cette expertise (au moins 1).",
    ),
    (
        "/duration_months",
        "Durée",
        "La durée d'immersion voulue, en mois.",
    ),
    (
        "/locations",
        "Lieux",
        "Où l'équipe travaille (au moins un lieu).",
    ),
    ("/locations/[]/city", "Ville", "La ville."),
    (
        "/locations/[]/postcode",
        "Code postal",
        "Le code postal français du lieu.",
    ),
    (
        "/locations/[]/remote_days_per_week",
        "Télétravail",
        "Le nombre de jours de télétravail par semaine permis (facultatif).",
    ),
    (
        "/themes",
        "Thématiques",
        "Les thématiques de politique publique du défi (facultatif).",
    ),
    ("/themes/[]", "Thématique", "Une thématique, par son code."),
    (
        "/contact",
        "Contact",
        "La personne à joindre au sujet du dossier.",
    ),
    ("/contact/name", "Nom du contact", "Son prénom et son nom."),
    (
        "/contact/position",
        "Fonction du contact",
        "Sa fonction dans l'organisation.",
    ),
    (
        "/contact/email",
        "Courriel du contact",
        "Son adresse électronique professionnelle.",
    ),
    (
        "/contact/phone",
        "Téléphone du contact",
        "Son numéro professionnel (facultatif).",
    ),
    (
        "/wishes",
        "Vœux",
        "Pour chaque profil que le programme propose, s'il est voulu, et ses missions.",
    ),
    ("/wishes/[]/expertise", "Profil", "Le profil, par son code."),
    (
        "/wishes/[]/wanted",
        "Voulu",
        "Si l'administration veut ce profil : true ou false.",
    ),
    (
        "/wishes/[]/missions",
        "Missions",
        "Les missions envisagées pour ce profil, quand il est voulu.",
    ),
    (
        "/steering",
        "Pilotage",
        "Le pilotage du produit aujourd'hui et celui envisagé.",
    ),
    (
        "/steering/current",
        "Pilotage actuel",
        "Qui pilote le produit aujourd'hui, et comment.",
    ),
    (
        "/steering/envisaged",
        "Pilotage envisagé",
        "Le (co)pilotage envisagé avec les EIG.",
    ),
    (
        "/motivations",
        "Motivations",
        "Ce que l'administration attend de la mission.",
    ),
    (
        "/motivations/objectives_12_months",
        "Objectifs à 12 mois",
        "Les objectifs à 12 mois.",
    ),
    (
        "/motivations/expected_benefits",
        "Bénéfices attendus",
        "Les bénéfices attendus.",
    ),
    (
        "/motivations/outlook",
        "Perspectives",
        "Les perspectives au-delà de la mission.",
    ),
    (
        "/submitted_at",
        "Date de dépôt",
        "Le jour et l'heure du dépôt, avec le décalage horaire.",
    ),
];

/// The [`slug`] of a text, and the same with each word's plural `s` dropped.
fn keys(text: &str) -> [String; 2] {
    let key = slug(text);
    let singular = key
        .split('-')
        .map(|w| {
            if w.len() > 3 {
                w.strip_suffix('s').unwrap_or(w)
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join("-");
    [key, singular]
}

/// Whether `text` names `word` (slug against slug, plural or not).
fn names(text: &str, word: &str) -> bool {
    let word = slug(word);
    keys(text).contains(&word)
}

/// The slugs of [`FIELD_NAMES_FR`], made once.
static FIELD_SLUGS: std::sync::LazyLock<Vec<(String, &'static str)>> =
    std::sync::LazyLock::new(|| FIELD_NAMES_FR.iter().map(|(w, f)| (slug(w), *f)).collect());

/// The term of `vocabulary` that `text` names: its slug, its French or English label, a code
/// of the first site, or one of `words`.
fn term_named(
    vocabulary: &'static [Term],
    words: &[(&str, &str)],
    text: &str,
) -> Option<&'static Term> {
    let by_slug = |s: &str| vocabulary.iter().find(|t| t.slug == s);
    vocabulary
        .iter()
        .find(|t| {
            names(text, t.slug)
                || names(text, t.label_fr)
                || names(text, t.label_en)
                || t.legacy_codes.iter().any(|c| names(text, c))
        })
        .or_else(|| {
            words
                .iter()
                .find(|(w, _)| names(text, w))
                .and_then(|(_, s)| by_slug(s))
        })
        .or_else(|| {
            // The same words in another form: `Directeur produit` is `direction-produit`,
            // `Directrice de l'impact` is `direction-impact`.
            let wanted = key_words(text);
            (!wanted.is_empty())
                .then(|| {
                    vocabulary
                        .iter()
                        .find(|t| key_words(t.slug) == wanted || key_words(t.label_fr) == wanted)
                })
                .flatten()
        })
}

/// The meaningful words of a name, each in one form (`directeur`, `directrice`, `dir` and
/// `direction` are `direction`), sorted: small words (`de`, `l'`, `of`) left out.
fn key_words(text: &str) -> Vec<&'static str> {
    let folded: String = text
        .split(|c: char| !c.is_alphanumeric())
        .map(crate::text::fold)
        .collect::<Vec<_>>()
        .join(" ");
    let mut out: Vec<&'static str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            !w.is_empty()
                && !matches!(
                    *w,
                    "de" | "du"
                        | "des"
                        | "la"
                        | "le"
                        | "les"
                        | "l"
                        | "d"
                        | "of"
                        | "the"
                        | "en"
                        | "et"
                        | "and"
                        | "a"
                )
        })
        .map(|w| match w {
            "directeur" | "directrice" | "dir" | "direction" | "head" => "direction",
            "produit" | "produits" | "product" => "produit",
            "technique" | "tech" | "technical" | "technologie" | "technology" => "technique",
            "developpeur" | "developpeuse" | "developpement" | "dev" | "developer" => {
                "developpement"
            }
            "scientist" | "scientifique" | "science" | "sciences" => "science",
            "engineer" | "ingenieur" | "ingenieure" | "engineering" | "ingenierie" => "engineering",
            "designer" | "design" => "design",
            "operations" | "ops" | "operationnelle" => "operations",
            "donnees" | "data" => "data",
            "impact" => "impact",
            "juriste" | "juridique" => "juriste",
            "geomatique" | "geomaticien" | "geomaticienne" => "geomatique",
            // Any other word: kept out of the vocabulary's words, it matches nothing.
            _ => "?",
        })
        .collect();
    if out.contains(&"?") {
        return Vec::new();
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The expertise that `text` names, as a person writes it: `Data Scientist`, `développeur`,
/// `dev`, `Design`.
///
/// ```
/// use eig::model::expertise_named;
/// assert_eq!(expertise_named("Data Scientist").map(|t| t.slug), Some("data-science"));
/// assert_eq!(expertise_named("dev").map(|t| t.slug), Some("developpement"));
/// assert_eq!(expertise_named("Géomaticienne").map(|t| t.slug), Some("geomatique"));
/// assert_eq!(expertise_named("Directeur produit").map(|t| t.slug), Some("direction-produit"));
/// assert_eq!(expertise_named("Directrice de l'impact").map(|t| t.slug), Some("direction-impact"));
/// assert_eq!(expertise_named("astronaute"), None);
/// ```
#[must_use]
pub fn expertise_named(text: &str) -> Option<&'static Term> {
    term_named(EXPERTISES, EXPERTISE_WORDS, text)
}

/// The theme that `text` names: `santé`, `Environnement`, `Sécurité`.
///
/// ```
/// use eig::model::theme_named;
/// assert_eq!(theme_named("santé").map(|t| t.slug), Some("sante"));
/// assert_eq!(theme_named("Ressources Humaines").map(|t| t.slug), Some("ressources-humaines"));
/// ```
#[must_use]
pub fn theme_named(text: &str) -> Option<&'static Term> {
    term_named(THEMES, THEME_WORDS, text)
}

/// The French label of an enumeration's value, when it has one (`local_authority` →
/// `collectivité territoriale`).
#[must_use]
pub fn value_label_fr(value: &str) -> Option<&'static str> {
    HostKind::ALL
        .iter()
        .find(|k| k.as_str() == value)
        .map(|k| k.label_fr())
        .or_else(|| {
            ProductPhase::ALL
                .iter()
                .find(|p| p.as_str() == value)
                .map(|p| p.label_fr())
        })
        .or_else(|| {
            DataAccess::ALL
                .iter()
                .find(|a| a.as_str() == value)
                .map(|a| a.label_fr())
        })
}

/// The one of `options` that `text` names: the value itself written otherwise
/// (`Accélération` → `acceleration`), its French label (`administration centrale` →
/// `central_administration`), or a French word for it (`ouvert` → `open`).
///
/// ```
/// use eig::model::value_named;
/// let phases = ["investigation", "construction", "acceleration"];
/// assert_eq!(value_named("Accélération", &phases), Some("acceleration"));
/// assert_eq!(value_named("ouvert", &["open", "internal"]), Some("open"));
/// assert_eq!(value_named("ouvert", &["investigation"]), None);
/// ```
#[must_use]
pub fn value_named<'a>(text: &str, options: &[&'a str]) -> Option<&'a str> {
    options
        .iter()
        .find(|o| names(text, o) || value_label_fr(o).is_some_and(|l| names(text, l)))
        .or_else(|| {
            VALUE_WORDS
                .iter()
                .filter(|(w, _)| names(text, w))
                .find_map(|(_, v)| options.iter().find(|o| **o == *v))
        })
        .copied()
}

/// The one of `known` field names that `text` names in French (`titre` → `title`,
/// `date_depot` → `submitted_at`, `résumé` → `summary`), or in other spelling of the field
/// itself (`Submitted At` → `submitted_at`).
///
/// ```
/// use eig::model::field_named;
/// let known = ["title", "summary", "submitted_at"];
/// assert_eq!(field_named("titre", &known), Some("title"));
/// assert_eq!(field_named("résumé", &known), Some("summary"));
/// assert_eq!(field_named("date_depot", &known), Some("submitted_at"));
/// assert_eq!(field_named("budget", &known), None);
/// ```
#[must_use]
pub fn field_named<'a>(text: &str, known: &[&'a str]) -> Option<&'a str> {
    field_namer(known)(text)
}

/// [`field_named`] over the same `known` names for many texts (the unknown fields of one
/// object, which may be thousands): the slugs are made once.
pub fn field_namer<'a>(known: &[&'a str]) -> impl Fn(&str) -> Option<&'a str> + use<'a> {
    let known: Vec<(String, &'a str)> = known.iter().map(|k| (slug(k), *k)).collect();
    move |text: &str| {
        let keys = keys(text);
        let named = |word: &str| keys.iter().any(|k| *k == word);
        known
            .iter()
            .find(|(s, _)| named(s))
            .map(|(_, k)| *k)
            .or_else(|| {
                FIELD_SLUGS
                    .iter()
                    .filter(|(w, _)| named(w))
                    .find_map(|(_, f)| known.iter().find(|(_, k)| *k == *f).map(|(_, k)| *k))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_names_a_known_code() {
        for (w, s) in EXPERTISE_WORDS {
            assert!(EXPERTISES.iter().any(|t| t.slug == *s), "{w} → {s}");
        }
        for (w, s) in THEME_WORDS {
            assert!(THEMES.iter().any(|t| t.slug == *s), "{w} → {s}");
        }
        let values: Vec<&str> = HostKind::ALL
            .iter()
            .map(|k| k.as_str())
            .chain(ProductPhase::ALL.iter().map(|p| p.as_str()))
            .chain(DataAccess::ALL.iter().map(|a| a.as_str()))
            .collect();
        for (w, v) in VALUE_WORDS {
            assert!(values.contains(v), "{w} → {v}");
        }
    }

    #[test]
    fn plurals_and_accents_name_the_same() {
        assert_eq!(
            expertise_named("Data Scientists").map(|t| t.slug),
            Some("data-science")
        );
        assert_eq!(theme_named("SÉCURITÉ").map(|t| t.slug), Some("securite"));
        assert_eq!(
            theme_named("Environnement").map(|t| t.slug),
            Some("environnement")
        );
    }
}
