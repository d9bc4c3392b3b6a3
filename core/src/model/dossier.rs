//! The dossier of EIG 7 on: the six sections an administration fills on Démarches simplifiées
//! (site-eig-v3 `participer/administrations/faq.md`, « Quel est le contenu des dossiers ? »):
//! *Projet*, *Administration*, *Contacts*, *Vœux*, *Dispositif*, *Motivations*.
//!
//! The sections live in the défi submission ([`super::ChallengeSubmission`]) as optional
//! fields; the rulebook's [`SubmissionForm`] says which form a promotion files, and the form
//! `2024` has its own schema (`challenge-submission-2024`) where they are required.

use super::Expertise;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The form of the défi submission a promotion files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub enum SubmissionForm {
    /// EIG 1–6: the défi, its hosts, sponsor, mentors, seats and contact.
    #[default]
    #[serde(rename = "2017")]
    Form2017,
    /// EIG 7 on: the six sections of the dossier (product page, phase, wishes per profile,
    /// steering, motivations), each host's kind.
    #[serde(rename = "2024")]
    Form2024,
}

impl SubmissionForm {
    /// Whether this is the default form (`2017`).
    #[must_use]
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// Its name in documents (`2017`, `2024`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Form2017 => "2017",
            Self::Form2024 => "2024",
        }
    }
}

/// What kind of public body a host organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HostKind {
    /// A central administration (administration centrale): a ministry's directorate, an
    /// interministerial directorate.
    CentralAdministration,
    /// A State operator (opérateur de l'État): a public body the State funds and steers.
    StateOperator,
    /// A devolved State service (service déconcentré): a prefecture, a regional directorate.
    DevolvedService,
    /// A local authority (collectivité territoriale): a region, a département, a commune.
    LocalAuthority,
    /// Another public body (a hospital, an independent authority...).
    OtherPublicBody,
}

impl HostKind {
    /// Every kind, in order.
    pub const ALL: [HostKind; 5] = [
        Self::CentralAdministration,
        Self::StateOperator,
        Self::DevolvedService,
        Self::LocalAuthority,
        Self::OtherPublicBody,
    ];

    /// Its name in documents (`central_administration`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CentralAdministration => "central_administration",
            Self::StateOperator => "state_operator",
            Self::DevolvedService => "devolved_service",
            Self::LocalAuthority => "local_authority",
            Self::OtherPublicBody => "other_public_body",
        }
    }

    /// Its French name.
    #[must_use]
    pub const fn label_fr(self) -> &'static str {
        match self {
            Self::CentralAdministration => "administration centrale",
            Self::StateOperator => "opérateur de l'État",
            Self::DevolvedService => "service déconcentré de l'État",
            Self::LocalAuthority => "collectivité territoriale",
            Self::OtherPublicBody => "autre organisme public",
        }
    }

    /// Its English name.
    #[must_use]
    pub const fn label_en(self) -> &'static str {
        match self {
            Self::CentralAdministration => "central administration",
            Self::StateOperator => "State operator",
            Self::DevolvedService => "devolved State service",
            Self::LocalAuthority => "local authority",
            Self::OtherPublicBody => "other public body",
        }
    }
}

/// The phase of a beta.gouv.fr product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProductPhase {
    /// Investigation: the problem is qualified, the need checked.
    Investigation,
    /// Construction: a first version is built and tested with users.
    Construction,
    /// Acceleration: the product grows and spreads.
    Acceleration,
    /// Transfer: the product is handed over to its administration.
    Transfer,
    /// Alumni: the product has left the incubator.
    Alumni,
}

impl ProductPhase {
    /// Every phase, in order.
    pub const ALL: [ProductPhase; 5] = [
        Self::Investigation,
        Self::Construction,
        Self::Acceleration,
        Self::Transfer,
        Self::Alumni,
    ];

    /// Its name in documents (`construction`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Investigation => "investigation",
            Self::Construction => "construction",
            Self::Acceleration => "acceleration",
            Self::Transfer => "transfer",
            Self::Alumni => "alumni",
        }
    }

    /// Its French name.
    #[must_use]
    pub const fn label_fr(self) -> &'static str {
        match self {
            Self::Investigation => "investigation",
            Self::Construction => "construction",
            Self::Acceleration => "accélération",
            Self::Transfer => "transfert",
            Self::Alumni => "alumni",
        }
    }
}

/// *Projet*: the product (its page is the submission's `product_page`, its problem
/// `problem`), its phase, its incubator and the public policy it serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectSection {
    /// The product's phase on beta.gouv.fr.
    pub phase: ProductPhase,
    /// The incubator that hosts the product (`Incubateur de la DINUM`).
    #[schemars(length(min = 2, max = 300))]
    pub incubator: String,
    /// The public policy the product serves.
    #[schemars(length(min = 2, max = 2000))]
    pub public_policy: String,
}

/// *Vœux*: the administration's choice for one profile the programme offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileWish {
    /// The profile (an expertise the promotion recruits: `direction-produit`...).
    pub expertise: Expertise,
    /// Whether the administration wants this profile.
    pub wanted: bool,
    /// The missions envisaged for it, when wanted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 20, max = 5000))]
    pub missions: Option<String>,
}

/// *Dispositif*: how the product is steered today, and the (co-)steering envisaged with the
/// EIG.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SteeringSection {
    /// Current steering.
    #[schemars(length(min = 20, max = 5000))]
    pub current: String,
    /// The (co-)steering envisaged.
    #[schemars(length(min = 20, max = 5000))]
    pub envisaged: String,
}

/// *Motivations*: objectives at 12 months, expected benefits, outlook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MotivationsSection {
    /// Objectives at 12 months.
    #[schemars(length(min = 20, max = 5000))]
    pub objectives_12_months: String,
    /// Expected benefits.
    #[schemars(length(min = 20, max = 5000))]
    pub expected_benefits: String,
    /// Outlook beyond the mission.
    #[schemars(length(min = 20, max = 5000))]
    pub outlook: String,
}
