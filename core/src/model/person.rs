use super::PromotionId;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A role a person holds in the programme's community.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// An entrepreneur d'intérêt général during their immersion.
    Fellow,
    /// A public agent who mentors a team in the host administration.
    Mentor,
    /// A former fellow or mentor who stays in the community.
    Alumni,
    /// A member of a selection jury.
    Juror,
    /// A member of the programme's coordination team (référents among them).
    CoordinationTeam,
    /// Someone from a partner body of the ecosystem.
    Partner,
}

/// A role held over a span of time, optionally within one promotion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleSpan {
    /// The role.
    pub role: Role,
    /// The promotion it was held in, when it belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion: Option<PromotionId>,
    /// First day, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Last day, when known and over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

/// A person of the community, with the roles they held over time.
///
/// People are personal data: keep only what the analysis needs, and pseudonymise exports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// A stable identifier (a slug or a pseudonym), not necessarily the name.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Roles over time, oldest first.
    #[serde(default)]
    pub roles: Vec<RoleSpan>,
}

impl Person {
    /// The roles held during a promotion.
    pub fn roles_in<'a>(&'a self, promotion: &'a PromotionId) -> impl Iterator<Item = Role> + 'a {
        self.roles
            .iter()
            .filter(move |r| r.promotion.as_ref() == Some(promotion))
            .map(|r| r.role)
    }
}
