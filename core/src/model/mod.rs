//! The typed domain: promotions, organisations, people, vocabularies, calls, the défi
//! submission that an administration files, and the documents of selection (applications,
//! scoring grids, juries, score sheets and the stages of a funnel).
//!
//! Every type serialises with serde and describes itself with schemars: the doc comments here
//! become the descriptions of the published JSON Schema.

mod call;
mod dataset;
mod dossier;
mod import_report;
mod jury_plan;
mod organisation;
mod person;
mod process;
mod promotion;
mod selection;
mod submission;
mod teams;
mod vocabulary;
mod words;

pub use call::{CallForApplications, CallForProjects, CallWindow};
pub use dataset::{
    Activity, ActivityKind, CommunityRole, Conflict, ConflictRule, DATASET_FORMAT, DATASET_VERSION,
    Dataset, DatasetChallenge, DatasetOrganisation, DatasetPerson, DatasetPromotion, DatasetSource,
    DatasetTerm, Extra, FigureSource, FigureUnit, FunnelYear, KeyFigure, MappedHost, PersonRole,
    PublishedFigure, SourceKind, SourceRef, SourcedValue, UnknownReason, aggregates_promotion,
};
pub use dossier::{
    HostKind, MotivationsSection, ProductPhase, ProfileWish, ProjectSection, SteeringSection,
    SubmissionForm,
};
pub use import_report::{Anomaly, ImportReport, OutputCounts, RecordKind, Refused, Tally};
pub use jury_plan::{
    CountRange, HalfDay, Hearing, JurorItem, JuryPlan, LoadRange, PanelRules, PlanItem, PlanJuror,
    PlanWeights, PreviousPanel, PreviousPlan, ProfileName, Slot,
};
pub use organisation::{Organisation, Siren, Siret, luhn_ok};
pub use person::{Person, Role, RoleSpan};
pub use process::{DayRange, HiringCap, Sprint};
pub use promotion::{Cohort, Promotion, PromotionId};
pub use selection::{
    Aggregation, AggregationMethod, Application, Availability, CalibrationMethod, Conflicts,
    ConsensusScore, Criterion, Cutoff, EMAIL_PATTERN, Eligibility, IDENT_PATTERN, Juror, Jury,
    Quotas, RankingSheet, Recusal, Scale, Score, ScoreSheets, ScoredItem, ScoringGrid,
    SelectionStage, SheetPanel, StageFigures, StageSubject, TieBreak,
};
pub use submission::{
    ChallengeSubmission, Contact, DataAccess, DataSource, HostOrganisation, Location,
    ProposedMentor, SeatRequest,
};
pub use teams::{
    AffinityWeights, CandidateChallenge, Follower, FollowerKind, MentorMatching, MentoredTeam,
    PairScore, SeatGroup, TeamCandidate, TeamChallenge, TeamFollower, TeamFormation, Welfare,
};
pub use vocabulary::{EXPERTISES, Expertise, THEMES, Term, Theme};
pub use words::{
    FIELD_NAMES_FR, FIELD_TEXTS_FR, expertise_named, field_named, field_namer, theme_named,
    value_label_fr, value_named,
};
