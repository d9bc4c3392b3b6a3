//! The stable [`Code`] of every built-in violation, its severity, rule and meaning.

use super::Severity;
use std::fmt;

macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $slug:literal, $sev:ident; )+) => {
        /// The stable code of every built-in violation.
        ///
        /// A code is an API: it is never renamed once shipped. Custom rules use their own codes
        /// (see [`Violation::custom`](crate::diagnostics::Violation::custom)).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Code {
            /// Every built-in code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable snake_case slug.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $slug,)+ }
            }

            /// The severity this code is raised with.
            #[must_use]
            pub const fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)+ }
            }

            /// What the code means, in English (the doc comment of the variant).
            #[must_use]
            pub fn description(self) -> String {
                let lines: &[&str] = match self { $(Code::$variant => &[$($doc),+],)+ };
                lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")
            }

            /// Looks a code up by its slug.
            #[must_use]
            pub fn from_slug(slug: &str) -> Option<Code> {
                match slug { $($slug => Some(Code::$variant),)+ _ => None }
            }
        }
    };
}

codes! {
    // Input and limits.
    /// The document is empty, or holds only white space.
    EmptyDocument = "empty_document", Error;
    /// The bytes are not valid UTF-8.
    InvalidUtf8 = "invalid_utf8", Error;
    /// The text is not valid JSON; the message gives the line and column.
    InvalidJson = "invalid_json", Error;
    /// An object names the same key twice: which value is meant cannot be known (JSON parsers
    /// differ). The path is the second occurrence; the message gives its line and column.
    DuplicateKey = "duplicate_key", Error;
    /// The top-level value is not a JSON object (an array, a string, a number...).
    NotAnObject = "not_an_object", Error;
    /// The document is larger than the size limit; it is refused before parsing.
    DocumentTooLarge = "document_too_large", Error;
    /// Arrays and objects are nested deeper than the limit; refused before parsing.
    NestingTooDeep = "nesting_too_deep", Error;
    /// The text has comments (`// …` or `/* … */`, as a commented template does): they are
    /// ignored, but the file is not standard JSON and other tools refuse it. The message gives
    /// the line and column of the first.
    CommentsIgnored = "comments_ignored", Warning;
    /// A document has more violations than a report lists (1,000,
    /// `eig::diagnostics::MAX_VIOLATIONS`): the first are listed, then this one counts the
    /// rest by code. An error when one of the rest is (a warning
    /// otherwise), so that the report's validity is the whole document's.
    TooManyViolations = "too_many_violations", Error;
    // Structure (the JSON Schema pass).
    /// A field that the schema does not know; the message suggests the nearest known name.
    UnknownField = "unknown_field", Error;
    /// A required field is missing.
    MissingField = "missing_field", Error;
    /// A value has the wrong JSON type.
    WrongType = "wrong_type", Error;
    /// A value is not one of the allowed values.
    InvalidValue = "invalid_value", Error;
    /// A string does not have the expected format (date-time, date, e-mail, URI...).
    InvalidFormat = "invalid_format", Error;
    /// A date-time has no offset or time zone, so the instant it names is unknown.
    MissingTimeZone = "missing_time_zone", Error;
    /// A string does not match the expected pattern (an identifier, a SIRET of 14 digits...).
    PatternMismatch = "pattern_mismatch", Error;
    /// A number is below its minimum.
    BelowMinimum = "below_minimum", Error;
    /// A number is above its maximum.
    AboveMaximum = "above_maximum", Error;
    /// A string is shorter than its minimum length.
    TooShort = "too_short", Error;
    /// A string is longer than its maximum length.
    TooLong = "too_long", Error;
    /// A list has fewer items than its minimum.
    TooFewItems = "too_few_items", Error;
    /// A list has more items than its maximum.
    TooManyItems = "too_many_items", Error;
    /// A list that must hold distinct items holds a repeated one.
    DuplicateItems = "duplicate_items", Error;
    /// Another JSON Schema constraint failed.
    SchemaViolation = "schema_violation", Error;
    // Semantics (the rulebook pass).
    /// The submission names another promotion than the rulebook it is checked against.
    PromotionMismatch = "promotion_mismatch", Error;
    /// The submission names a promotion that has no built-in rulebook; give one explicitly.
    PromotionUnknown = "promotion_unknown", Error;
    /// The seats wanted add up to a team size outside the rulebook's range.
    TeamSizeOutOfRange = "team_size_out_of_range", Error;
    /// A seat asks for an expertise the promotion does not recruit.
    ExpertiseNotAllowed = "expertise_not_allowed", Error;
    /// The same expertise is listed in two seat requests; merge them.
    SeatExpertiseDuplicated = "seat_expertise_duplicated", Warning;
    /// The immersion duration is outside the rulebook's range.
    DurationOutOfRange = "duration_out_of_range", Error;
    /// The submission time is before the call for projects opened (Europe/Paris time).
    SubmittedBeforeOpening = "submitted_before_opening", Error;
    /// The submission time is after the call for projects closed (Europe/Paris time).
    SubmittedAfterDeadline = "submitted_after_deadline", Error;
    /// The rulebook does not say when its call for projects opens or closes (no source gives
    /// it), so the submission time was not checked against that end.
    CallWindowUnknown = "call_window_unknown", Warning;
    /// A candidate's application was filed outside the call for applications, or outside
    /// every recruitment sprint's filing period (EIG 7).
    AppliedOutsideWindow = "applied_outside_window", Error;
    /// Fewer mentors are proposed than the rulebook requires.
    MentorsTooFew = "mentors_too_few", Error;
    /// A mentor's time commitment is below the rulebook's minimum.
    MentorCommitmentTooLow = "mentor_commitment_too_low", Error;
    /// The same mentor (same e-mail) is proposed twice.
    MentorDuplicated = "mentor_duplicated", Error;
    /// The sponsor is also proposed as a mentor, which the conflict-of-interest policy forbids.
    SponsorIsMentor = "sponsor_is_mentor", Error;
    /// The same host organisation is listed twice.
    HostDuplicated = "host_duplicated", Error;
    /// A SIRET number fails its Luhn checksum (a typing error).
    SiretInvalid = "siret_invalid", Error;
    /// A SIREN number fails its Luhn checksum (a typing error).
    SirenInvalid = "siren_invalid", Error;
    /// The SIRET does not start with the SIREN given for the same organisation.
    SiretSirenMismatch = "siret_siren_mismatch", Error;
    /// A French postcode names no département (for example `00100` or `96000`).
    PostcodeInvalid = "postcode_invalid", Error;
    /// A theme is not in the programme's theme vocabulary.
    ThemeUnknown = "theme_unknown", Warning;
    /// The rulebook requires a product page (EIG 7: published on beta.gouv.fr) and the
    /// submission has none.
    ProductPageRequired = "product_page_required", Error;
    /// The product page is not on the address the rulebook requires (`https://beta.gouv.fr/`).
    ProductPageNotBeta = "product_page_not_beta", Error;
    /// The product's phase is not one the rulebook takes (EIG 7: investigation, construction,
    /// acceleration).
    ProductPhaseNotEligible = "product_phase_not_eligible", Error;
    /// A host organisation's kind is not one the rulebook takes (EIG 7: central
    /// administrations and State operators).
    OrganisationNotEligible = "organisation_not_eligible", Error;
    /// The rulebook takes some kinds of host only, and a host does not say its kind: its
    /// eligibility was not checked.
    OrganisationKindMissing = "organisation_kind_missing", Warning;
    /// The dossier gives no wish for a profile the promotion offers (form 2024, *Vœux*).
    WishMissing = "wish_missing", Error;
    /// A wanted profile has no seat, or a seat's profile is not wanted in the wishes.
    WishSeatMismatch = "wish_seat_mismatch", Error;
    /// A wanted profile does not say the missions envisaged.
    WishMissionsMissing = "wish_missions_missing", Error;
    /// A selection stage has neither a number of seats nor a threshold (the programme does not
    /// publish them, as for EIG 7): every item ranked and not eliminated is selected, or joins
    /// the pool.
    CutoffUnknown = "cutoff_unknown", Warning;
    /// A custom rule failed (it panicked or raised); its own checks did not run.
    RuleFailed = "rule_failed", Error;
    /// A declared rule of a rulebook cannot be compiled: its syntax, an unknown function,
    /// variable or field, values of types that do not go together, a message placeholder.
    RuleInvalid = "rule_invalid", Error;
    /// A declared rule would cost more steps than the limit on this document (or on any
    /// document of its size, when found at load time): it is not evaluated.
    RuleTooCostly = "rule_too_costly", Error;
    /// A declared rule could not be evaluated on a structurally valid document (a missing
    /// field, values of the wrong type, a division by zero): the rule or the document needs a
    /// look.
    RuleError = "rule_error", Error;
    /// A rule did not run because the part of the document it reads is invalid; the
    /// violation at that path says why.
    RuleSkipped = "rule_skipped", Warning;
    /// An engine failed on a checked document (a solver, a custom affinity, writing JSON):
    /// a fault of the library or of a plug-in, not of the document.
    InternalError = "internal_error", Error;
    /// The checks of this document kind are not compiled in (a cargo feature is off): only
    /// the input and structural passes ran.
    ChecksNotCompiled = "checks_not_compiled", Warning;
    // Rulebooks.
    /// A range in a rulebook has its minimum above its maximum.
    RangeInverted = "range_inverted", Error;
    /// A call window in a rulebook closes before it opens.
    WindowInverted = "window_inverted", Error;
    // Selection: grids, juries, score sheets, stages.
    /// Two entries of a list share an identifier that must be unique (criteria, jurors, items,
    /// stages).
    DuplicateId = "duplicate_id", Error;
    /// An identifier names nothing known: a juror, an item, a criterion, a grid, a jury or a
    /// stage that the other documents do not define.
    UnknownReference = "unknown_reference", Error;
    /// The weights of a grid's criteria sum to zero, so no final score can be computed.
    WeightsSumToZero = "weights_sum_to_zero", Error;
    /// An eliminatory threshold or a cut-off threshold lies outside the grid's scale.
    ThresholdOutsideScale = "threshold_outside_scale", Error;
    /// A score is outside the grid's scale.
    ScoreOutOfScale = "score_out_of_scale", Error;
    /// A score is not a finite number (NaN or infinite).
    ScoreNotFinite = "score_not_finite", Error;
    /// The same juror scored the same item on the same criterion twice.
    ScoreDuplicated = "score_duplicated", Error;
    /// The stage ranks on the panels' shared (consensus) sheets, but an item has no consensus
    /// score on a criterion.
    ConsensusMissing = "consensus_missing", Error;
    /// A juror scored an item they have a conflict of interest with, or recused themself from;
    /// the score is refused, never counted.
    ConflictedScore = "conflicted_score", Error;
    /// An item has fewer jurors than the stage's minimum on some criterion; it is flagged and
    /// not ranked.
    TooFewJurors = "too_few_jurors", Warning;
    /// A juror has too few scores for their bias to be estimated; their scores are used raw.
    JurorTooFewScores = "juror_too_few_scores", Warning;
    /// The graph of jurors and items falls apart in several groups: biases are only comparable
    /// inside a group.
    CalibrationDisconnected = "calibration_disconnected", Warning;
    /// A stage's quotas ask for more items than its cut-off selects.
    QuotaExceedsSeats = "quota_exceeds_seats", Error;
    /// Too few eligible items meet a quota; the seats it reserved stay empty.
    QuotaUnmet = "quota_unmet", Warning;
    /// An applicant did not make every eligibility declaration.
    EligibilityNotDeclared = "eligibility_not_declared", Warning;
    // Team formation and mentor matching.
    /// There is nothing to match: no défi, no candidate, no team or no follower.
    EmptyPromotion = "empty_promotion", Error;
    /// A candidate ranks a défi they did not apply to (they have no score for it).
    PreferenceNotApplied = "preference_not_applied", Error;
    /// A référent or buddy can follow no team (their maximum is 0).
    CapacityZero = "capacity_zero", Error;
    /// The loads and needs cannot all be met; the message names the teams and followers that
    /// bind.
    MatchingInfeasible = "matching_infeasible", Error;
    /// A custom affinity (a callback given from Python or an app) raised, or gave a value that
    /// is not a finite number within ±10^12; the message names the follower and the team.
    AffinityFailed = "affinity_failed", Error;
    // Jury plans.
    /// A profile that an item or the panel rules ask for is held by no juror, so no panel can
    /// include it.
    ProfileUnknown = "profile_unknown", Error;
    /// Two slots of a jury plan are the same room on the same half-day.
    SlotDuplicated = "slot_duplicated", Error;
    /// A juror of a jury plan can sit in no slot, though their load asks for at least one.
    JurorUnavailable = "juror_unavailable", Error;
    /// A forced pair cannot hold: in a jury plan, the juror has a conflict of interest with the
    /// item or the pair is also forbidden; in team formation, the défi has no seat of the
    /// candidate's expertise, the candidate did not rank it, or is pinned twice, or the défi
    /// gets more pins than seats; in mentor matching, a conflict of interest, or more pins than
    /// the team needs or the follower can take.
    PinConflicted = "pin_conflicted", Error;
    /// No jury plan meets every rule; the message names the rule that binds and, when one was
    /// found, the smallest change that makes a plan possible (checked by planning again).
    PlanInfeasible = "plan_infeasible", Error;
    // Import of the programme's public data (the record's file is reported beside the path).
    /// A YAML file, or a Markdown file's front matter, does not parse; the message gives the
    /// line and column. Its records are refused.
    YamlInvalid = "yaml_invalid", Error;
    /// A YAML text whose aliases (`*name`) would copy more values than the limit (an "alias
    /// bomb": a few hundred bytes that stand for billions of values); its records are refused
    /// before it is expanded.
    YamlAliasLimit = "yaml_alias_limit", Error;
    /// A file among a source's records that is not read: not a regular file (a FIFO, socket or
    /// device), a link that leads nowhere, round in a loop, or out of the source folder.
    FileSkipped = "file_skipped", Warning;
    /// A Markdown file has no front matter between `---` lines; it is refused.
    FrontMatterMissing = "front_matter_missing", Error;
    /// A record lacks a field it cannot do without (a title, a promotion); it is refused.
    RecordIncomplete = "record_incomplete", Error;
    /// A promotion label matches no promotion (`4`, `dig`, `Promotion 3 - DIG` do); the record
    /// is refused.
    PromotionLabelUnknown = "promotion_label_unknown", Error;
    /// Another record of the same source already has this key, or this title in this
    /// promotion; the repeat is refused.
    DuplicateRecord = "duplicate_record", Error;
    /// A number is stored as a string; it is read as the number.
    NumberAsString = "number_as_string", Warning;
    /// A date-time field holds only a year (`2022`); the year is kept, not a date.
    YearForDatetime = "year_for_datetime", Warning;
    /// A field has a type the format does not allow; the value is kept in `extra`.
    UnexpectedType = "unexpected_type", Warning;
    /// A value was cleaned (spaces around it, a trailing comma, a label before a colon, a
    /// year list in one string); the published spelling is kept as an alias.
    ValueNormalised = "value_normalised", Warning;
    /// A défi's long description is empty.
    EmptyBody = "empty_body", Warning;
    /// A reference (a person's défi) names no record of the dataset; it is kept as published.
    ReferenceUnresolved = "reference_unresolved", Warning;
    /// A reference names several records (the same title in several promotions) and nothing
    /// tells them apart; it is kept as published.
    ReferenceAmbiguous = "reference_ambiguous", Warning;
    /// The two sites disagree on a value (skills against expertises, a role, an
    /// administration); both values are kept in `conflicts`.
    SitesDisagree = "sites_disagree", Warning;
    /// Two sites' records were matched on a title that differs by more than case, accents
    /// and spaces (`EIG Link` and `EIG2 Link`, in the same promotion).
    TitleMatchedLoosely = "title_matched_loosely", Warning;
    /// A record's key differs from its title (`EIG Link 2018` for `EIG Link`); the key is
    /// kept as an alias.
    KeyTitleMismatch = "key_title_mismatch", Warning;
    /// A person's défi belongs to a promotion their record does not list; a role in that
    /// promotion is added and marked `inferred`.
    PromotionInferred = "promotion_inferred", Warning;
    /// A theme, expertise or skill is not in the vocabulary; it is kept as a slug.
    TermUnknown = "term_unknown", Warning;
    /// A field the format's schema does not declare; it is kept in `extra`.
    FieldNotInFormat = "field_not_in_format", Warning;
    /// A person's défi is in a promotion their record does not list, but the sources
    /// contradict the role that would be inferred there (another source gives them another
    /// role in that promotion, or the défi names them in another role); no role is inferred.
    InferenceContradicted = "inference_contradicted", Warning;
    /// A file that publishes a figure the library knows (a blog post's count of défis) does
    /// not hold the words that give it; the figure is not imported.
    FigureNotFound = "figure_not_found", Warning;
}

impl Code {
    /// The id of the rule that raises this code by default.
    #[must_use]
    pub const fn rule(self) -> &'static str {
        use Code::*;
        match self {
            EmptyDocument | InvalidUtf8 | InvalidJson | DuplicateKey | NotAnObject
            | DocumentTooLarge | NestingTooDeep | CommentsIgnored | TooManyViolations => "input",
            UnknownField | MissingField | WrongType | InvalidValue | InvalidFormat
            | MissingTimeZone | PatternMismatch | BelowMinimum | AboveMaximum | TooShort
            | TooLong | TooFewItems | TooManyItems | DuplicateItems | SchemaViolation => "schema",
            PromotionMismatch | PromotionUnknown => "promotion",
            TeamSizeOutOfRange => "team_size",
            ExpertiseNotAllowed | SeatExpertiseDuplicated => "expertises",
            DurationOutOfRange => "immersion_duration",
            SubmittedBeforeOpening
            | SubmittedAfterDeadline
            | CallWindowUnknown
            | AppliedOutsideWindow => "call_window",
            MentorsTooFew | MentorCommitmentTooLow | MentorDuplicated => "mentors",
            SponsorIsMentor => "conflict_of_interest",
            HostDuplicated => "hosts",
            SiretInvalid | SirenInvalid | SiretSirenMismatch => "siret",
            PostcodeInvalid => "postcode",
            ThemeUnknown => "themes",
            ProductPageRequired | ProductPageNotBeta => "product_page",
            ProductPhaseNotEligible => "product_phase",
            OrganisationNotEligible | OrganisationKindMissing => "host_eligibility",
            WishMissing | WishSeatMismatch | WishMissionsMissing => "wishes",
            RuleFailed => "custom",
            RuleInvalid | RuleTooCostly | RuleError | RuleSkipped => "rules",
            InternalError | ChecksNotCompiled => "engine",
            RangeInverted | WindowInverted => "rulebook",
            DuplicateId => "identifiers",
            UnknownReference => "references",
            WeightsSumToZero | ThresholdOutsideScale => "grid",
            CutoffUnknown => "cutoff",
            ScoreOutOfScale | ScoreNotFinite | ScoreDuplicated => "scores",
            ConsensusMissing => "consensus",
            ConflictedScore => "conflict_of_interest",
            TooFewJurors => "aggregation",
            JurorTooFewScores | CalibrationDisconnected => "calibration",
            QuotaExceedsSeats | QuotaUnmet => "quotas",
            EligibilityNotDeclared => "eligibility",
            EmptyPromotion | PreferenceNotApplied => "teams",
            CapacityZero | MatchingInfeasible | AffinityFailed => "mentors",
            ProfileUnknown | SlotDuplicated | JurorUnavailable | PlanInfeasible => "jury_plan",
            PinConflicted => "pins",
            YamlInvalid
            | YamlAliasLimit
            | FileSkipped
            | FrontMatterMissing
            | RecordIncomplete
            | PromotionLabelUnknown
            | DuplicateRecord
            | NumberAsString
            | YearForDatetime
            | UnexpectedType
            | ValueNormalised
            | EmptyBody
            | ReferenceUnresolved
            | ReferenceAmbiguous
            | SitesDisagree
            | TitleMatchedLoosely
            | KeyTitleMismatch
            | PromotionInferred
            | TermUnknown
            | FieldNotInFormat
            | InferenceContradicted
            | FigureNotFound => "import",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The table of every built-in code (code, severity, rule, meaning) as Markdown: the text of
/// `docs/violation-codes.md`, checked by a test, and of `eig codes`.
#[must_use]
pub fn codes_markdown() -> String {
    let mut out = String::from(
        "# Violation codes\n\n\
         Every built-in violation has a stable snake_case code. A code never changes once shipped.\n\
         Generated by `eig codes`; a test checks this file.\n\n\
         | code | severity | rule | meaning |\n|---|---|---|---|\n",
    );
    for code in Code::ALL {
        out.push_str(&format!(
            "| `{}` | {} | `{}` | {} |\n",
            code.as_str(),
            code.severity(),
            code.rule(),
            code.description()
        ));
    }
    out.push_str(
        "\n## What each message reads like\n\n\
         One example of each code, in French and in English. Each code is worded in one place,\n\
         `core/src/diagnostics/message/`; the values in the message are the document's, and\n\
         `params` gives them to a program (the same keys for every violation of a code).\n\n\
         | code | path | français | English | params |\n|---|---|---|---|---|\n",
    );
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    for v in super::examples() {
        let path = if v.path.is_empty() {
            "(the document)".to_owned()
        } else {
            format!("`{}`", v.path)
        };
        let params = if v.params.is_empty() {
            "—".to_owned()
        } else {
            format!("`{}`", v.params.as_json())
        };
        out.push_str(&format!(
            "| `{}` | {path} | {} | {} | {} |\n",
            v.code,
            cell(&v.message_fr),
            cell(&v.message_en),
            cell(&params)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case_and_documented() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let slug = code.as_str();
            assert!(seen.insert(slug), "duplicate code {slug}");
            assert!(
                slug.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    && !slug.starts_with('_')
                    && !slug.ends_with('_'),
                "{slug} is not snake_case"
            );
            assert!(code.description().len() > 20, "{slug} has no description");
            assert_eq!(Code::from_slug(slug), Some(*code));
        }
    }

    /// Every code that speaks of a value gives it in `params`, so that a program need not
    /// read the message; the few that speak of none are listed here.
    #[test]
    fn every_code_that_names_a_value_gives_it_in_params() {
        let none = [
            "empty_document",
            "weights_sum_to_zero",
            "front_matter_missing",
            "empty_body",
            "eligibility_not_declared",
            "matching_infeasible",
            "file_skipped",
            "record_incomplete",
        ];
        for v in crate::diagnostics::examples() {
            assert_eq!(
                v.params.is_empty(),
                none.contains(&v.code.as_str()),
                "{}: {:?}",
                v.code,
                v.params
            );
        }
    }
}
