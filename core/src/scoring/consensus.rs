//! The panels' shared (consensus) sheets: checked against the grid and the jury, and, when
//! the stage ranks on them, turned into sheets where each panel is one rater, which the stage
//! then calibrates, aggregates and ranks as it does jurors.

use crate::diagnostics::Violation;
use crate::diagnostics::message::{self, Conflict, Thing};
use crate::model::{
    Conflicts, Juror, Jury, RankingSheet, Score, ScoreSheets, ScoringGrid, SelectionStage,
};
use std::collections::{BTreeMap, BTreeSet};

/// The rater of a consensus score: its panel, or `consensus` when panels are not listed.
fn rater(panel: Option<&str>) -> &str {
    panel.unwrap_or("consensus")
}

/// The panels name known jurors; consensus scores name known criteria and lie on the scale;
/// when the stage ranks on them, every item has one on every criterion.
pub(super) fn check(
    grid: &ScoringGrid,
    jury: &Jury,
    sheets: &ScoreSheets,
    stage: &SelectionStage,
    out: &mut Vec<Violation>,
) {
    let juror_ids: Vec<&str> = jury.jurors.iter().map(|j| j.id.as_str()).collect();
    for (i, p) in sheets.panels.iter().enumerate() {
        for (k, j) in p.jurors.iter().enumerate() {
            if !juror_ids.contains(&j.as_str()) {
                out.push(message::unknown_reference(
                    format!("/panels/{i}/jurors/{k}"),
                    Thing::Juror,
                    j,
                    &juror_ids,
                ));
            }
        }
    }
    let criterion_ids: Vec<&str> = grid.criteria.iter().map(|c| c.id.as_str()).collect();
    let mut scored: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (i, c) in sheets.consensus.iter().enumerate() {
        if !criterion_ids.contains(&c.criterion.as_str()) {
            out.push(message::unknown_reference(
                format!("/consensus/{i}/criterion"),
                Thing::Criterion,
                &c.criterion,
                &criterion_ids,
            ));
        }
        if c.score.is_finite() && !grid.scale.contains(c.score) {
            out.push(message::score_out_of_scale(
                format!("/consensus/{i}/score"),
                c.score,
                grid.scale.min,
                grid.scale.max,
            ));
        }
        scored
            .entry(c.item.as_str())
            .or_default()
            .insert(c.criterion.as_str());
    }
    if stage.ranks != RankingSheet::Consensus {
        return;
    }
    for item in &sheets.items {
        let have = scored.get(item.id.as_str());
        let missing: Vec<&str> = criterion_ids
            .iter()
            .copied()
            .filter(|c| !have.is_some_and(|h| h.contains(c)))
            .collect();
        if !missing.is_empty() {
            out.push(message::consensus_missing(
                "/consensus",
                &item.id,
                &missing,
                &stage.id,
            ));
        }
    }
}

/// A panel's shared score of an item refused when the panel counted a juror who may not score
/// it (a declared conflict, an organisation shared) and did not stand aside (no recusal
/// recorded): once per panel, juror and item, at the item's first shared score. `why` says why
/// juror `j` (position in the jury) may not score item `i` (position in the sheets' items).
pub(super) fn stood_aside<'c>(
    jury: &Jury,
    sheets: &ScoreSheets,
    why: impl Fn(usize, usize) -> Option<Conflict<'c>>,
    out: &mut Vec<Violation>,
) {
    let juror_at: BTreeMap<&str, usize> = jury
        .jurors
        .iter()
        .enumerate()
        .map(|(k, j)| (j.id.as_str(), k))
        .collect();
    let item_at: BTreeMap<&str, usize> = sheets
        .items
        .iter()
        .enumerate()
        .map(|(k, i)| (i.id.as_str(), k))
        .collect();
    let members: BTreeMap<&str, &[String]> = sheets
        .panels
        .iter()
        .map(|p| (p.id.as_str(), p.jurors.as_slice()))
        .collect();
    let mut told: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
    for (k, c) in sheets.consensus.iter().enumerate() {
        let (Some(panel), Some(&i)) = (c.panel.as_deref(), item_at.get(c.item.as_str())) else {
            continue;
        };
        for juror in members.get(panel).copied().unwrap_or_default() {
            let Some(&j) = juror_at.get(juror.as_str()) else {
                continue;
            };
            match why(j, i) {
                None | Some(Conflict::Recused) => {}
                Some(w) => {
                    if told.insert((panel, juror.as_str(), c.item.as_str())) {
                        out.push(message::conflicted_score(
                            format!("/consensus/{k}"),
                            juror,
                            &c.item,
                            w,
                            Some(panel),
                        ));
                    }
                }
            }
        }
    }
}

/// The jury and sheets the stage ranks when it ranks on the consensus sheets: one rater per
/// panel (weight 1, no conflicts: the jurors' own were checked on their individual sheets),
/// whose scores are the panel's shared sheet.
pub(super) fn as_raters(jury: &Jury, sheets: &ScoreSheets) -> (Jury, ScoreSheets) {
    let mut raters: Vec<&str> = Vec::new();
    for c in &sheets.consensus {
        let r = rater(c.panel.as_deref());
        if !raters.contains(&r) {
            raters.push(r);
        }
    }
    let jury = Jury {
        schema: None,
        id: jury.id.clone(),
        promotion: jury.promotion.clone(),
        jurors: raters
            .iter()
            .map(|r| Juror {
                id: (*r).to_owned(),
                name: (*r).to_owned(),
                affiliation: None,
                weight: 1.0,
                conflicts: Conflicts::default(),
            })
            .collect(),
    };
    let sheets = ScoreSheets {
        scores: sheets
            .consensus
            .iter()
            .map(|c| Score {
                juror: rater(c.panel.as_deref()).to_owned(),
                item: c.item.clone(),
                criterion: c.criterion.clone(),
                score: c.score,
                comment: c.comment.clone(),
            })
            .collect(),
        recusals: Vec::new(),
        panels: Vec::new(),
        consensus: Vec::new(),
        ..sheets.clone()
    };
    (jury, sheets)
}
