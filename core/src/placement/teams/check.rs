//! The checks of a team formation input, with the rulebook in force, over an index of its
//! identifiers built once and kept for the solvers.

use crate::diagnostics::message::{self, Thing};
use crate::diagnostics::{InvalidDocument, Violation, duplicate_ids};
use crate::model::TeamFormation;
use crate::rules::Rulebook;
use crate::schema::SchemaKind;
use crate::validate::{Checked, Document, Limits, RulebookChoice, load_value_with};
use serde_json::Value;
use std::collections::HashMap;

/// The input's identifiers as indices, and its scores sorted by (candidate, défi): built once,
/// for the checks and the solvers (national inputs hold a million scores).
#[derive(Debug, Clone)]
pub(super) struct Index {
    /// Known scores as (candidate, défi, score), sorted, the first of each pair only.
    pub(super) scores: Vec<(u32, u32, f64)>,
    /// `scores[start[c]..start[c + 1]]` are candidate `c`'s.
    pub(super) start: Vec<usize>,
    /// Input positions of scores naming an unknown candidate or défi, or repeating a pair.
    unknown_candidate: Vec<usize>,
    unknown_challenge: Vec<usize>,
    /// Each repeated score, with the first score of the same pair.
    repeated: Vec<(usize, usize)>,
    /// Each candidate's preferences as défi indices (`None` for an unknown défi).
    pub(super) prefs: Vec<Vec<Option<usize>>>,
}

impl Index {
    fn new(input: &TeamFormation) -> Self {
        let mut challenge = HashMap::with_capacity(input.challenges.len());
        for (i, c) in input.challenges.iter().enumerate() {
            challenge.entry(c.id.as_str()).or_insert(i);
        }
        let mut candidate: HashMap<&str, usize> = HashMap::with_capacity(input.candidates.len());
        for (i, c) in input.candidates.iter().enumerate() {
            candidate.entry(c.id.as_str()).or_insert(i);
        }
        let (mut unknown_candidate, mut unknown_challenge) = (Vec::new(), Vec::new());
        let mut keyed: Vec<(u32, u32, usize)> = Vec::with_capacity(input.scores.len());
        // Score sheets list a candidate's scores together: remember the last one looked up.
        let mut last: Option<(&str, Option<usize>)> = None;
        for (i, s) in input.scores.iter().enumerate() {
            let c = match last {
                Some((name, c)) if name == s.candidate => c,
                _ => {
                    let c = candidate.get(s.candidate.as_str()).copied();
                    last = Some((s.candidate.as_str(), c));
                    c
                }
            };
            let d = challenge.get(s.challenge.as_str()).copied();
            if c.is_none() {
                unknown_candidate.push(i);
            }
            if d.is_none() {
                unknown_challenge.push(i);
            }
            if let (Some(c), Some(d)) = (c, d) {
                keyed.push((as_u32(c), as_u32(d), i));
            }
        }
        keyed.sort_unstable();
        let mut repeated = Vec::new();
        let mut scores = Vec::with_capacity(keyed.len());
        let mut first = 0;
        for (k, &(c, d, i)) in keyed.iter().enumerate() {
            if k > 0 && keyed[k - 1].0 == c && keyed[k - 1].1 == d {
                repeated.push((i, first));
            } else {
                first = i;
                scores.push((c, d, input.scores[i].score));
            }
        }
        repeated.sort_unstable();
        let mut start = vec![0; input.candidates.len() + 1];
        for &(c, _, _) in &scores {
            start[c as usize + 1] += 1;
        }
        for c in 0..input.candidates.len() {
            start[c + 1] += start[c];
        }
        let prefs = input
            .candidates
            .iter()
            .map(|c| {
                c.preferences
                    .iter()
                    .map(|d| challenge.get(d.as_str()).copied())
                    .collect()
            })
            .collect();
        Self {
            prefs,
            scores,
            start,
            unknown_candidate,
            unknown_challenge,
            repeated,
        }
    }

    /// Candidate `c`'s score for défi `d`.
    pub(super) fn score(&self, c: usize, d: usize) -> Option<f64> {
        self.scores[self.start[c]..self.start[c + 1]]
            .iter()
            .find(|x| x.1 as usize == d)
            .map(|x| x.2)
    }
}

fn as_u32(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

/// What a team formation input is checked with: the rulebook in force (none when the
/// promotion has none and none was given: then expertises and team sizes are not checked, and
/// the teams cannot be formed), and the index of its identifiers, built once for the checks
/// and the solvers.
#[derive(Debug, Clone)]
pub struct TeamContext {
    rulebook: Option<Rulebook>,
    pub(super) index: Index,
}

impl TeamContext {
    /// The rulebook the input was checked with.
    #[must_use]
    pub fn rulebook(&self) -> Option<&Rulebook> {
        self.rulebook.as_ref()
    }
}

impl Document for TeamFormation {
    const KIND: SchemaKind = SchemaKind::TeamFormation;
    type Context = TeamContext;

    /// A national input (a few thousand candidates and their scores) is a few megabytes:
    /// 16 MiB, within which checking costs at most the budget per megabyte of docs/limits.md.
    fn limits() -> Limits {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            ..Limits::default()
        }
    }

    /// Identifiers, references and scores; with a rulebook, the expertises and team sizes.
    fn check(&self, context: &TeamContext) -> Vec<Violation> {
        check_indexed(self, context.rulebook.as_ref(), &context.index)
    }
}

/// The context of an input with the rulebook `choice` names. With [`RulebookChoice::Named`]
/// a promotion without a built-in rulebook leaves the rulebook's checks out (the solvers then
/// refuse the input); a promotion or a rulebook the user gave must exist.
fn resolve(input: &TeamFormation, choice: &RulebookChoice) -> (TeamContext, Vec<Violation>) {
    let (rulebook, violations) = match (choice, choice.resolve(input.promotion.as_str())) {
        (_, Ok(rb)) => (Some(rb), Vec::new()),
        (RulebookChoice::Named, Err(_)) => (None, Vec::new()),
        (_, Err(v)) => (None, vec![v]),
    };
    let index = Index::new(input);
    (TeamContext { rulebook, index }, violations)
}

/// Loads a team formation input (JSON bytes) and checks it with the rulebook `choice` names:
/// the one rulebook every check and the solvers use.
///
/// # Errors
/// [`InvalidDocument`] with every violation when one is an error.
pub fn load(
    bytes: &[u8],
    choice: &RulebookChoice,
) -> Result<Checked<TeamFormation>, InvalidDocument> {
    let read = crate::validate::read(bytes, TeamFormation::limits())?;
    crate::validate::Read::noted_load(read.comments, load_value(&read.value, choice))
}

/// [`load`] for a document already parsed as JSON.
///
/// # Errors
/// [`InvalidDocument`] with every violation when one is an error.
pub fn load_value(
    value: &Value,
    choice: &RulebookChoice,
) -> Result<Checked<TeamFormation>, InvalidDocument> {
    // The rulebook's declared rules for team formation run over the JSON read.
    crate::validate::after_load(
        load_value_with(value, |t| resolve(t, choice)),
        value,
        &crate::validate::declared_rules(SchemaKind::TeamFormation, choice),
    )
}

/// Checks a typed input (built in code, not read from a file) with a rulebook: the schema's
/// constraints and the checks, as [`load`] runs them.
///
/// # Errors
/// [`InvalidDocument`] with every violation when one is an error.
pub fn load_with_rulebook(
    input: TeamFormation,
    rulebook: &Rulebook,
) -> Result<Checked<TeamFormation>, InvalidDocument> {
    let index = Index::new(&input);
    let context = TeamContext {
        rulebook: Some(rulebook.clone()),
        index,
    };
    // The rulebook's declared rules for team formation, over the input's JSON form.
    let declared = crate::validate::run_typed(rulebook, SchemaKind::TeamFormation, &input);
    crate::validate::with_more(Checked::check(input, context), |_| declared)
}

fn check_indexed(input: &TeamFormation, rulebook: Option<&Rulebook>, ix: &Index) -> Vec<Violation> {
    let mut out = Vec::new();
    check_lists(input, &mut out);
    check_seats(input, rulebook, &mut out);
    check_scores(input, ix, &mut out);
    check_candidates(input, rulebook, ix, &mut out);
    super::rematch::check_pins(input, ix, &mut out);
    let w = input.welfare;
    for (name, v) in [
        ("score_weight", w.score_weight),
        ("rank_weight", w.rank_weight),
    ] {
        let path = format!("/welfare/{name}");
        if !v.is_finite() {
            out.push(message::score_not_finite(path, v));
        } else if v < 0.0 {
            out.push(message::below_minimum(path, &v, &0, false));
        }
    }
    out
}

/// Something to match, and ids that are unique.
fn check_lists(input: &TeamFormation, out: &mut Vec<Violation>) {
    if input.challenges.is_empty() {
        out.push(message::empty_promotion("/challenges", Thing::Challenge));
    }
    if input.candidates.is_empty() {
        out.push(message::empty_promotion("/candidates", Thing::Candidate));
    }
    duplicate_ids(
        input.challenges.iter().map(|c| c.id.as_str()),
        |i| format!("/challenges/{i}/id"),
        Thing::Challenge,
        out,
    );
    duplicate_ids(
        input.candidates.iter().map(|c| c.id.as_str()),
        |i| format!("/candidates/{i}/id"),
        Thing::Candidate,
        out,
    );
}

/// Each défi's seats: expertises the rulebook recruits, one group per expertise, a team no
/// larger than the rulebook allows.
fn check_seats(input: &TeamFormation, rulebook: Option<&Rulebook>, out: &mut Vec<Violation>) {
    for (i, c) in input.challenges.iter().enumerate() {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut total = 0u32;
        for (k, s) in c.seats.iter().enumerate() {
            total = total.saturating_add(s.count);
            let path = || format!("/challenges/{i}/seats/{k}/expertise");
            out.extend(not_allowed(rulebook, path(), s.expertise.as_str()));
            if let Some(j) = seen.get(s.expertise.as_str()) {
                out.push(message::seat_expertise_duplicated(
                    path(),
                    s.expertise.as_str(),
                    &format!("/challenges/{i}/seats/{j}"),
                ));
            } else {
                seen.insert(s.expertise.as_str(), k);
            }
        }
        if let Some(rulebook) = rulebook
            && total > rulebook.team_size.max
        {
            let r = rulebook.team_size;
            out.push(message::team_size_out_of_range(
                format!("/challenges/{i}/seats"),
                total,
                &rulebook.label,
                r.min,
                r.max,
            ));
        }
    }
}

/// Each score names a known candidate and défi, is finite, and is the only one of its pair.
fn check_scores(input: &TeamFormation, ix: &Index, out: &mut Vec<Violation>) {
    let challenges: Vec<&str> = input.challenges.iter().map(|c| c.id.as_str()).collect();
    let candidates: Vec<&str> = input.candidates.iter().map(|c| c.id.as_str()).collect();
    for &i in &ix.unknown_candidate {
        out.push(message::unknown_reference(
            format!("/scores/{i}/candidate"),
            Thing::Candidate,
            &input.scores[i].candidate,
            &candidates,
        ));
    }
    for &i in &ix.unknown_challenge {
        out.push(message::unknown_reference(
            format!("/scores/{i}/challenge"),
            Thing::Challenge,
            &input.scores[i].challenge,
            &challenges,
        ));
    }
    for (i, s) in input.scores.iter().enumerate() {
        if !s.score.is_finite() {
            out.push(message::score_not_finite(
                format!("/scores/{i}/score"),
                s.score,
            ));
        }
    }
    for &(i, first) in &ix.repeated {
        let s = &input.scores[i];
        out.push(message::score_duplicated(
            format!("/scores/{i}"),
            &[&s.candidate, &s.challenge],
            Some(first),
        ));
    }
}

/// Each candidate's expertise is recruited, and each of their preferences names a known
/// défi, once, that they applied to.
fn check_candidates(
    input: &TeamFormation,
    rulebook: Option<&Rulebook>,
    ix: &Index,
    out: &mut Vec<Violation>,
) {
    let challenges: Vec<&str> = input.challenges.iter().map(|c| c.id.as_str()).collect();
    for (i, c) in input.candidates.iter().enumerate() {
        out.extend(not_allowed(
            rulebook,
            format!("/candidates/{i}/expertise"),
            c.expertise.as_str(),
        ));
        for (k, d) in c.preferences.iter().enumerate() {
            let path = || format!("/candidates/{i}/preferences/{k}");
            let Some(di) = ix.prefs[i][k] else {
                out.push(message::unknown_reference(
                    path(),
                    Thing::Challenge,
                    d,
                    &challenges,
                ));
                continue;
            };
            if ix.prefs[i][..k].contains(&Some(di)) {
                out.push(message::duplicate_items(path(), Some(d)));
            } else if ix.score(i, di).is_none() {
                out.push(message::preference_not_applied(path(), &c.id, d));
            }
        }
    }
}

/// `expertise_not_allowed` when a rulebook is given and does not recruit the expertise.
fn not_allowed(rulebook: Option<&Rulebook>, path: String, expertise: &str) -> Option<Violation> {
    let rulebook = rulebook?;
    if rulebook
        .allowed_expertises
        .iter()
        .any(|a| a.as_str() == expertise)
    {
        return None;
    }
    let allowed: Vec<&str> = rulebook
        .allowed_expertises
        .iter()
        .map(|e| e.as_str())
        .collect();
    Some(message::expertise_not_allowed(
        path,
        &rulebook.label,
        expertise,
        &allowed,
        Some(crate::rules::suggest::expertise_of(
            expertise,
            &allowed,
            &rulebook.label,
        )),
    ))
}
