//! Failures of the engines and of custom rules, and checks left out of the build.

use crate::diagnostics::{Code, Violation};

/// The step of an engine that failed, for [`internal_error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Forming the teams (the solver).
    FormingTeams,
    /// Writing a typed document as JSON.
    WritingJson,
}

/// `rule_failed`: the custom rule `rule` failed (it panicked, raised or threw) for `why`.
pub(crate) fn rule_failed(rule: &str, why: &str) -> Violation {
    Violation::new(
        Code::RuleFailed,
        "",
        // `why` is the host's own words (an exception's text): quoted, as it may be English.
        format!("la règle « {rule} » a échoué (« {why} ») ; ses vérifications n'ont pas eu lieu"),
        format!("the rule \"{rule}\" failed: {why}; its checks did not run"),
    )
    .with_params([("rule", super::param(rule)), ("reason", super::param(why))])
    .with_rule(rule)
}

/// `internal_error`: `step` failed on a checked document, for a reason `why` that the engine
/// or the plug-in gives.
pub(crate) fn internal_error(path: impl Into<String>, step: Step, why: &str) -> Violation {
    let (fr, en) = match step {
        Step::FormingTeams => (
            "la formation des équipes".to_owned(),
            "forming the teams".to_owned(),
        ),
        Step::WritingJson => (
            "l'écriture du document en JSON".to_owned(),
            "writing the document as JSON".to_owned(),
        ),
    };
    Violation::new(
        Code::InternalError,
        path,
        // The engine's own reason is English, for the developers it is reported to.
        format!("erreur interne : {fr} a échoué (le détail est dans le message en anglais)"),
        format!("internal error: {en} failed ({why})"),
    )
    .with_params([("reason", super::param(why))])
    .with_hint(
        "ce n'est pas une faute du document : signalez-la à l'équipe du programme avec le \
         document",
        "this is not a fault of the document: report it to the programme's team with the \
         document",
    )
}

/// `checks_not_compiled`: the checks of the `kind` document need the cargo `feature`.
pub(crate) fn checks_not_compiled(kind: &str, feature: &str) -> Violation {
    Violation::new(
        Code::ChecksNotCompiled,
        "",
        format!(
            "seules la syntaxe et la structure du document « {kind} » ont été vérifiées : ses règles demandent la fonctionnalité « {feature} » de la bibliothèque"
        ),
        format!(
            "only the syntax and structure of the \"{kind}\" document were checked: its rules need the library's \"{feature}\" feature"
        ),
    ).with_params([("kind", super::param(kind)), ("feature", super::param(feature))])
}
