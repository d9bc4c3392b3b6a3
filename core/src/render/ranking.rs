//! A ranking as an aligned table of text and as HTML.

use crate::diagnostics::Lang;
use crate::scoring::{Ranking, opt};
use crate::text::escape_html as escape;
use std::fmt::Write as _;

impl Ranking {
    /// The ranking as `eig score` prints it: an aligned table of at most `limit` rows (rank,
    /// item, final score, raw rank, outcome, reason), then, when the programme published
    /// figures for the stage, those figures beside this run's.
    ///
    /// ```
    /// use eig::diagnostics::Lang;
    /// let p = eig::synthetic::promotion(&eig::synthetic::Options::default()).unwrap();
    /// let (ranking, _) = eig::synthetic::rankings(&p).unwrap();
    /// let text = ranking.to_text(Lang::Fr, 3);
    /// assert!(text.starts_with(" rang  élément"));
    /// assert_eq!(text.lines().count(), 4 + usize::from(ranking.stage.published.is_some()));
    /// ```
    #[must_use]
    pub fn to_text(&self, lang: Lang, limit: usize) -> String {
        let fr = lang == Lang::Fr;
        let mut s = String::new();
        let [rank, item, score, raw, outcome, reason] = headers(lang);
        let _ = writeln!(
            s,
            "{rank:>5}  {item:<12} {score:>7} {raw:>9}  {outcome:<20} {reason}"
        );
        for item in self.items.iter().take(limit) {
            let _ = writeln!(
                s,
                "{:>5}  {:<12} {:>7} {:>9}  {:<20} {}",
                item.rank.map(|x| x.to_string()).unwrap_or_default(),
                item.item,
                item.final_score
                    .map(|x| crate::table::decimal(x, 2, lang))
                    .unwrap_or_default(),
                item.raw_rank.map(|x| x.to_string()).unwrap_or_default(),
                item.outcome.label(lang),
                item.reason.sentence(item.rank, item.final_score, lang)
            );
        }
        if let Some(p) = &self.stage.published {
            let n = |x: Option<u32>| x.map_or_else(|| "?".to_owned(), |x| x.to_string());
            let scored = self.items.len();
            let _ = if fr {
                writeln!(
                    s,
                    "publié pour cette étape : {} examiné(s), {} retenu(s) ; ce calcul : {scored} classé(s), {} retenu(s)",
                    n(p.considered),
                    n(p.kept),
                    self.selected
                )
            } else {
                writeln!(
                    s,
                    "published for this stage: {} considered, {} kept; this run: {scored} scored, {} kept",
                    n(p.considered),
                    n(p.kept),
                    self.selected
                )
            };
        }
        s
    }

    /// The ranking as an HTML table (for notebooks): at most `max_rows` rows, the first and the
    /// last, with a row that says how many are left out.
    #[must_use]
    pub fn to_html(&self, lang: Lang, max_rows: usize) -> String {
        let fr = lang == Lang::Fr;
        let mut h = String::new();
        h.push_str("<table class=\"eig-ranking\"><thead><tr>");
        for header in headers(lang) {
            let _ = write!(h, "<th>{header}</th>");
        }
        h.push_str("</tr></thead><tbody>");
        let (head, tail) = crate::table::head_and_tail(self.items.len(), max_rows);
        for (k, r) in self.items.iter().enumerate() {
            if k == head && tail < self.items.len() - head {
                let hidden = self.items.len() - head - tail;
                let _ = write!(
                    h,
                    "<tr><td colspan=\"6\"><em>{}</em></td></tr>",
                    if fr {
                        format!(
                            "… {hidden} lignes de plus sur {} (toutes : to_records())",
                            self.items.len()
                        )
                    } else {
                        format!(
                            "… {hidden} more rows of {} (all: to_records())",
                            self.items.len()
                        )
                    }
                );
            }
            if k >= head && k < self.items.len() - tail {
                continue;
            }
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                r.rank.map(|x| x.to_string()).unwrap_or_default(),
                escape(&r.item),
                opt(r.final_score, lang),
                r.raw_rank.map(|x| x.to_string()).unwrap_or_default(),
                r.outcome.label(lang),
                escape(&r.reason.sentence(r.rank, r.final_score, lang))
            );
        }
        h.push_str("</tbody></table>");
        h
    }
}

/// The columns of a ranking, in `lang`: rank, item, score, raw rank, outcome, reason.
fn headers(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Fr => ["rang", "élément", "note", "rang brut", "décision", "motif"],
        Lang::En => ["rank", "item", "score", "raw rank", "outcome", "reason"],
    }
}
