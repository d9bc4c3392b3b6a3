//! The agreement of a stage's jurors as text: alpha per criterion over the stage and per
//! panel, the items to read again, and the consensus scores outside their jurors' range.

use crate::diagnostics::Lang;
use crate::scoring::Agreement;
use crate::table::decimal;
use std::fmt::Write as _;

impl Agreement {
    /// The agreement as `eig jury agreement` prints it: a table of alpha per criterion (a row
    /// for the stage, then one per panel with its number of jurors and items; `—` where alpha
    /// is undefined), the items whose scores spread past `spread`, and the consensus scores
    /// outside their jurors' range.
    #[must_use]
    pub fn to_text(&self, lang: Lang, spread: f64) -> String {
        let fr = lang == Lang::Fr;
        // Alpha to three decimals, `—` where undefined (and never `-0.000`).
        let alpha = |a: Option<f64>| {
            a.map_or_else(
                || "—".to_owned(),
                |x| decimal(if x.abs() < 5e-4 { 0.0 } else { x }, 3, lang),
            )
        };
        let mut header = vec![
            String::new(),
            if fr { "jurés" } else { "jurors" }.to_owned(),
            if fr { "éléments" } else { "items" }.to_owned(),
        ];
        header.extend(self.by_criterion.iter().map(|c| c.0.clone()));
        let mut rows = vec![header];
        let mut stage = vec![
            if fr { "étape" } else { "stage" }.to_owned(),
            String::new(),
            String::new(),
        ];
        stage.extend(self.by_criterion.iter().map(|c| alpha(c.1)));
        rows.push(stage);
        for p in &self.by_panel {
            let mut row = vec![
                p.panel.clone(),
                p.jurors.len().to_string(),
                p.items.len().to_string(),
            ];
            row.extend(p.by_criterion.iter().map(|c| alpha(c.1)));
            rows.push(row);
        }
        let widths: Vec<usize> = (0..rows[0].len())
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = if fr {
            "Accord entre jurés (alpha de Krippendorff par critère ; 1 : accord parfait, 0 : au hasard)\n"
                .to_owned()
        } else {
            "Agreement between jurors (Krippendorff's alpha per criterion; 1: perfect, 0: chance)\n"
                .to_owned()
        };
        for r in &rows {
            let cells: Vec<String> = r
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
        }
        // Scores and the threshold with the decimals they have (two at most): `0,25`, `3`.
        let short = |x: f64| crate::table::decimal_trimmed(x, 2, lang);
        let spread_words = short(spread);
        let _ = if self.second_reading.is_empty() {
            writeln!(
                out,
                "{}",
                if fr {
                    format!("À relire (écart de plus de {spread_words}) : aucun")
                } else {
                    format!("To read again (spread over {spread_words}): none")
                }
            )
        } else {
            writeln!(
                out,
                "{}",
                if fr {
                    format!("À relire (écart de plus de {spread_words}) :")
                } else {
                    format!("To read again (spread over {spread_words}):")
                }
            )
        };
        for s in &self.second_reading {
            let (lo, hi) = (short(s.lowest), short(s.highest));
            let _ = if fr {
                writeln!(out, "  {} · {} : de {lo} à {hi}", s.item, s.criterion)
            } else {
                writeln!(out, "  {} · {}: from {lo} to {hi}", s.item, s.criterion)
            };
        }
        if !self.consensus_outside.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                if fr {
                    "Fiches communes hors de l'écart des notes individuelles :"
                } else {
                    "Shared sheets outside the range of the individual scores:"
                }
            );
            for g in &self.consensus_outside {
                let (c, lo, hi) = (short(g.consensus), short(g.lowest), short(g.highest));
                let _ = if fr {
                    writeln!(
                        out,
                        "  {} · {} : {c} (jurés de {lo} à {hi})",
                        g.item, g.criterion
                    )
                } else {
                    writeln!(
                        out,
                        "  {} · {}: {c} (jurors from {lo} to {hi})",
                        g.item, g.criterion
                    )
                };
            }
        }
        out
    }
}
