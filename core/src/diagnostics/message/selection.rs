//! Selection: scoring grids, juries, score sheets, stages and applications.

use crate::diagnostics::{Code, Violation};

/// Why a juror's score is refused, for [`conflicted_score`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Conflict<'a> {
    /// The juror recused themself from the item.
    Recused,
    /// The juror declared a conflict of interest with the item.
    Declared,
    /// The juror and the item share this organisation.
    Organisation(&'a str),
}

/// An eligibility declaration of an application, for [`eligibility_not_declared`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Declaration {
    /// The right to work in France.
    RightToWork,
    /// Not being employed by the host administration.
    NotEmployedByHost,
    /// Accepting the programme's charter.
    AcceptsCharter,
}

/// `weights_sum_to_zero`.
pub(crate) fn weights_sum_to_zero() -> Violation {
    Violation::new(
        Code::WeightsSumToZero,
        "/criteria",
        "les poids des critères ont une somme nulle : aucune note finale n'est calculable",
        "the criteria's weights sum to zero: no final score can be computed",
    )
}

/// `threshold_outside_scale`: a threshold outside the scale `[min, max]`.
pub(crate) fn threshold_outside_scale(
    path: impl Into<String>,
    threshold: f64,
    min: f64,
    max: f64,
) -> Violation {
    Violation::new(
        Code::ThresholdOutsideScale,
        path,
        format!("le seuil {threshold} est hors de l'échelle [{min}, {max}] de la grille"),
        format!("the threshold {threshold} is outside the grid's scale [{min}, {max}]"),
    )
    .with_params([
        ("threshold", super::param(threshold)),
        ("min", super::param(min)),
        ("max", super::param(max)),
    ])
}

/// `cutoff_unknown`: the stage `stage` has no seats nor threshold; `pool` when it keeps a pool.
pub(crate) fn cutoff_unknown(stage: &str, pool: bool) -> Violation {
    let (fr, en) = if pool {
        ("rejoint le vivier", "joins the pool")
    } else {
        ("est retenu", "is selected")
    };
    Violation::new(
        Code::CutoffUnknown,
        "/cutoff",
        format!(
            "l'étape « {stage} » n'a ni nombre de places ni seuil (non publiés) : tout élément \
             classé et non éliminé {fr}"
        ),
        format!(
            "the stage \"{stage}\" has neither a number of seats nor a threshold (not \
             published): every item ranked and not eliminated {en}"
        ),
    )
    .with_params([("stage", super::param(stage)), ("pool", super::param(pool))])
}

/// `score_out_of_scale`: a score outside the scale `[min, max]`.
pub(crate) fn score_out_of_scale(
    path: impl Into<String>,
    score: f64,
    min: f64,
    max: f64,
) -> Violation {
    // A huge or tiny number in scientific notation (1e308, not its 309 digits).
    let number = |x: f64| {
        if x != 0.0 && !(1e-4..1e15).contains(&x.abs()) {
            format!("{x:e}")
        } else {
            x.to_string()
        }
    };
    let (score, min, max) = (number(score), number(min), number(max));
    Violation::new(
        Code::ScoreOutOfScale,
        path,
        format!("la note {score} est hors de l'échelle [{min}, {max}]"),
        format!("the score {score} is outside the scale [{min}, {max}]"),
    )
    .with_params([
        ("found", super::param(score)),
        ("min", super::param(min)),
        ("max", super::param(max)),
    ])
}

/// `score_not_finite`: a score or a weight that is NaN or infinite.
pub(crate) fn score_not_finite(path: impl Into<String>, value: f64) -> Violation {
    Violation::new(
        Code::ScoreNotFinite,
        path,
        format!("{value} n'est pas un nombre fini"),
        format!("{value} is not a finite number"),
    )
    .with_params([("found", super::param(value.to_string()))])
}

/// `score_duplicated`: a second score for the same `key` (juror, item and criterion, or
/// candidate and défi), the first at `/scores/{first}` when known.
pub(crate) fn score_duplicated(
    path: impl Into<String>,
    key: &[&str],
    first: Option<usize>,
) -> Violation {
    let key = key.join(", ");
    let (fr, en) = first.map_or_else(
        || ("plus haut".to_owned(), "above".to_owned()),
        |j| (format!("en /scores/{j}"), format!("at /scores/{j}")),
    );
    Violation::new(
        Code::ScoreDuplicated,
        path,
        format!("une note pour ({key}) figure déjà {fr} : une seule est permise"),
        format!("a score for ({key}) is already given {en}: only one is allowed"),
    )
    .with_params([("key", super::param(key)), ("first", super::param(first))])
}

/// `consensus_missing`: stage `stage` ranks on the consensus sheets, but `item` has no
/// consensus score on `criteria`.
pub(crate) fn consensus_missing(
    path: impl Into<String>,
    item: &str,
    criteria: &[&str],
    stage: &str,
) -> Violation {
    let list = criteria.join(", ");
    Violation::new(
        Code::ConsensusMissing,
        path,
        format!(
            "l'étape « {stage} » classe sur les fiches communes des groupes, mais {item} n'y a pas de note pour : {list}"
        ),
        format!(
            "the stage \"{stage}\" ranks on the panels' shared sheets, but {item} has no score there for: {list}"
        ),
    )
    .with_params([
        ("item", super::param(item)),
        ("criteria", super::param(criteria)),
        ("stage", super::param(stage)),
    ])
}

/// Why a juror may not score an item, in words (French, English): « s'est déporté ».
fn conflict_words(why: Conflict<'_>) -> (String, String) {
    match why {
        Conflict::Recused => ("s'est déporté".to_owned(), "recused themself".to_owned()),
        Conflict::Declared => (
            "a déclaré un conflit d'intérêts".to_owned(),
            "declared a conflict of interest".to_owned(),
        ),
        Conflict::Organisation(o) => (
            format!("est lié à l'organisation « {o} »"),
            format!("is tied to the organisation \"{o}\""),
        ),
    }
}

/// `conflicted_score`: `juror`'s score of `item` is refused, for the reason `why`; with a
/// `panel`, the panel's shared score, which counted the juror who did not stand aside.
pub(crate) fn conflicted_score(
    path: impl Into<String>,
    juror: &str,
    item: &str,
    why: Conflict<'_>,
    panel: Option<&str>,
) -> Violation {
    let (fr, en) = conflict_words(why);
    let (fr, en) = match panel {
        None => (
            format!("note refusée : le juré {juror} {fr} pour « {item} »"),
            format!("score refused: juror {juror} {en} for \"{item}\""),
        ),
        Some(panel) => (
            format!(
                "note commune refusée : le groupe {panel} comptait le juré {juror}, qui {fr} \
                 pour « {item} », sans s'être déporté (s'il a quitté la salle, inscrivez son \
                 déport dans recusals)"
            ),
            format!(
                "shared score refused: panel {panel} counted juror {juror}, who {en} for \
                 \"{item}\", and did not stand aside (if they left the room, record their \
                 recusal in recusals)"
            ),
        ),
    };
    Violation::new(Code::ConflictedScore, path, fr, en)
        .with_params([("juror", super::param(juror)), ("item", super::param(item))])
}

/// `too_few_jurors`: `item` has `n` jurors on `criterion`, under the stage's `min`.
pub(crate) fn too_few_jurors(
    path: impl Into<String>,
    item: &str,
    n: u32,
    criterion: &str,
    min: u32,
) -> Violation {
    Violation::new(
        Code::TooFewJurors,
        path,
        format!("« {item} » n'a que {n} juré(s) sur « {criterion} » (minimum {min}) : non classé"),
        format!("\"{item}\" has only {n} juror(s) on \"{criterion}\" (minimum {min}): not ranked"),
    )
    .with_params([
        ("item", super::param(item)),
        ("found", super::param(n)),
        ("criterion", super::param(criterion)),
        ("min", super::param(min)),
    ])
}

/// `juror_too_few_scores`: `juror` gave `n` scores, too few (or too alike) to calibrate.
pub(crate) fn juror_too_few_scores(path: impl Into<String>, juror: &str, n: usize) -> Violation {
    Violation::new(
        Code::JurorTooFewScores,
        path,
        format!(
            "le juré {juror} n'a que {n} note(s) (ou des notes toutes égales) : ses notes restent brutes"
        ),
        format!("juror {juror} gave only {n} score(s) (or all equal ones): their scores stay raw"),
    ).with_params([("juror", super::param(juror)), ("found", super::param(n))])
}

/// `calibration_disconnected`: the jurors fall into `groups` groups.
pub(crate) fn calibration_disconnected(groups: usize) -> Violation {
    Violation::new(
        Code::CalibrationDisconnected,
        "/scores",
        format!(
            "les jurés forment {groups} groupes sans item commun : les biais ne se comparent qu'à l'intérieur d'un groupe"
        ),
        format!(
            "the jurors fall into {groups} groups with no item in common: biases compare only inside a group"
        ),
    ).with_params([("groups", super::param(groups))])
}

/// `quota_exceeds_seats`: the quotas reserve `reserved` seats of a stage selecting `seats`.
pub(crate) fn quota_exceeds_seats(path: impl Into<String>, reserved: u64, seats: u32) -> Violation {
    Violation::new(
        Code::QuotaExceedsSeats,
        path,
        format!("les quotas réservent {reserved} places, mais l'étape n'en retient que {seats}"),
        format!("the quotas reserve {reserved} seats, but the stage selects only {seats}"),
    )
    .with_params([
        ("reserved", super::param(reserved)),
        ("seats", super::param(seats)),
    ])
}

/// `quota_unmet`: a quota of `min` for `expertise` with `available` eligible items.
pub(crate) fn quota_unmet(
    path: impl Into<String>,
    min: u32,
    expertise: &str,
    available: u32,
) -> Violation {
    Violation::new(
        Code::QuotaUnmet,
        path,
        format!(
            "le quota de {min} « {expertise} » ne peut être atteint : {available} élément(s) éligible(s) ; les places vont aux suivants"
        ),
        format!(
            "the quota of {min} \"{expertise}\" cannot be met: {available} eligible item(s); the seats go to the next ones"
        ),
    ).with_params([("min", super::param(min)), ("expertise", super::param(expertise)), ("available", super::param(available))])
}

/// `eligibility_not_declared`: the application lacks `declaration`.
pub(crate) fn eligibility_not_declared(
    path: impl Into<String>,
    declaration: Declaration,
) -> Violation {
    let (fr, en) = match declaration {
        Declaration::RightToWork => (
            "le droit de travailler en France",
            "the right to work in France",
        ),
        Declaration::NotEmployedByHost => (
            "ne pas être agent de l'administration d'accueil",
            "not being employed by the host administration",
        ),
        Declaration::AcceptsCharter => ("l'acceptation de la charte", "accepting the charter"),
    };
    Violation::new(
        Code::EligibilityNotDeclared,
        path,
        format!("la candidature ne déclare pas {fr}"),
        format!("the application does not declare {en}"),
    )
}
