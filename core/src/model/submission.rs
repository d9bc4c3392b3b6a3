use super::{
    Expertise, HostKind, MotivationsSection, ProfileWish, ProjectSection, PromotionId, Siren,
    Siret, SteeringSection, Theme,
};
use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// # Défi submission
///
/// What an administration files in answer to a call for projects (appel à projets): the
/// problem of public service it wants solved, who hosts and sponsors the team, the mentors it
/// proposes, and the seats it wants per expertise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChallengeSubmission {
    /// The schema this document follows (optional; editors use it for completion).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The promotion whose call for projects this answers (`eig-4`, `eig-7`...).
    pub promotion: PromotionId,
    /// Short title of the défi.
    #[schemars(length(min = 3, max = 120))]
    pub title: String,
    /// One-paragraph summary, for the public page.
    #[schemars(length(min = 20, max = 1000))]
    pub summary: String,
    /// The problem of public service to solve, and for whom.
    #[schemars(length(min = 20, max = 10000))]
    pub problem: String,
    /// The expected impact, measurable where possible.
    #[schemars(length(min = 20, max = 10000))]
    pub expected_impact: String,
    /// The product's public page, if it has one (from EIG 7, a beta.gouv.fr product page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(url)]
    pub product_page: Option<String>,
    /// *Projet* (form 2024, EIG 7 on): the product's phase, incubator and public policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectSection>,
    /// The data the team will work with.
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub data: Vec<DataSource>,
    /// The host organisations (administrations porteuses): one or more.
    #[schemars(length(min = 1, max = 20))]
    pub hosts: Vec<HostOrganisation>,
    /// The sponsor: the senior official who backs the défi.
    pub sponsor: Contact,
    /// The public agents proposed as mentors, with their time commitment.
    #[schemars(length(max = 20))]
    pub mentors: Vec<ProposedMentor>,
    /// The seats wanted, per expertise.
    #[schemars(length(min = 1, max = 20))]
    pub seats: Vec<SeatRequest>,
    /// The immersion duration wanted, in months.
    #[schemars(range(min = 1, max = 60))]
    pub duration_months: u32,
    /// Where the team will work.
    #[schemars(length(min = 1, max = 20))]
    pub locations: Vec<Location>,
    /// Themes of public policy, each at most once.
    #[serde(default)]
    #[schemars(length(max = 10), extend("uniqueItems" = true))]
    pub themes: Vec<Theme>,
    /// The person to contact about this submission.
    pub contact: Contact,
    /// *Vœux* (form 2024, EIG 7 on): the administration's choice for each profile offered,
    /// with the missions envisaged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 20))]
    pub wishes: Vec<ProfileWish>,
    /// *Dispositif* (form 2024, EIG 7 on): current and envisaged steering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steering: Option<SteeringSection>,
    /// *Motivations* (form 2024, EIG 7 on): objectives at 12 months, benefits, outlook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motivations: Option<MotivationsSection>,
    /// When the submission was filed, with its UTC offset (`2020-02-28T16:59:00+01:00`).
    pub submitted_at: DateTime<FixedOffset>,
}

/// How the data can be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DataAccess {
    /// Published as open data.
    Open,
    /// Internal to the administration; access is granted to the team.
    Internal,
    /// Restricted by law (secrecy, health data...); a legal agreement is needed.
    Restricted,
}

impl DataAccess {
    /// Every kind of access, in order.
    pub const ALL: [DataAccess; 3] = [Self::Open, Self::Internal, Self::Restricted];

    /// Its name in documents (`open`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Internal => "internal",
            Self::Restricted => "restricted",
        }
    }

    /// Its French name.
    #[must_use]
    pub const fn label_fr(self) -> &'static str {
        match self {
            Self::Open => "données ouvertes",
            Self::Internal => "données internes à l'administration",
            Self::Restricted => "données à accès restreint par la loi",
        }
    }
}

/// A source of data involved in the défi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataSource {
    /// Name of the data set or system.
    #[schemars(length(min = 1, max = 300))]
    pub name: String,
    /// What it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2000))]
    pub description: Option<String>,
    /// How the team can reach it.
    pub access: DataAccess,
    /// Whether it holds personal data (GDPR applies).
    pub personal_data: bool,
}

/// A host organisation (administration porteuse).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HostOrganisation {
    /// Name of the administration or operator.
    #[schemars(length(min = 2, max = 300))]
    pub name: String,
    /// The department or service that hosts the team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 300))]
    pub department: Option<String>,
    /// SIRET of the hosting establishment (14 digits, Luhn checksum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siret: Option<Siret>,
    /// SIREN of the legal unit (9 digits, Luhn checksum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren: Option<Siren>,
    /// What kind of public body it is (required in form 2024: EIG 7 takes central
    /// administrations and State operators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<HostKind>,
}

/// A person to reach. Personal data: used to handle the submission, never logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("$comment" = "personal data"))]
pub struct Contact {
    /// Full name.
    #[schemars(length(min = 2, max = 200))]
    pub name: String,
    /// Position in the organisation.
    #[schemars(length(min = 2, max = 300))]
    pub position: String,
    /// Work e-mail address.
    #[schemars(email, regex(pattern = super::EMAIL_PATTERN))]
    pub email: String,
    /// Work phone number, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^\+?[0-9 .()-]{6,20}$"))]
    pub phone: Option<String>,
}

/// A public agent proposed as mentor. Personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("$comment" = "personal data"))]
pub struct ProposedMentor {
    /// Full name.
    #[schemars(length(min = 2, max = 200))]
    pub name: String,
    /// Position in the organisation.
    #[schemars(length(min = 2, max = 300))]
    pub position: String,
    /// Work e-mail address.
    #[schemars(email, regex(pattern = super::EMAIL_PATTERN))]
    pub email: String,
    /// Share of working time given to the défi, in percent.
    #[schemars(range(min = 1, max = 100))]
    pub commitment_percent: u8,
}

/// Seats wanted for one expertise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatRequest {
    /// The expertise (`developpement`, `design`, `data-science`...).
    pub expertise: Expertise,
    /// How many fellows of that expertise (at least 1).
    #[schemars(range(min = 1, max = 20))]
    pub count: u32,
}

/// A place where the team works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// City.
    #[schemars(length(min = 1, max = 200))]
    pub city: String,
    /// French postcode (5 digits).
    #[schemars(regex(pattern = r"^[0-9]{5}$"))]
    pub postcode: String,
    /// Days of remote work per week allowed, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 5))]
    pub remote_days_per_week: Option<u8>,
}

impl ChallengeSubmission {
    /// The team size asked for: the sum of the seats.
    #[must_use]
    pub fn team_size(&self) -> u32 {
        self.seats.iter().map(|s| s.count).sum()
    }
}
