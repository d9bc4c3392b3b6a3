//! Decision notices: each item's result as text in French or English, and as HTML.

use super::{ItemResult, Outcome, Ranking, Reason};
use crate::diagnostics::Lang;
use crate::model::CalibrationMethod;
use std::fmt::Write as _;

fn num(x: f64, lang: Lang) -> String {
    crate::table::decimal(x, 2, lang)
}

/// A score with two decimals in `lang`'s way (`12,50`), or `—`.
pub(crate) fn opt(x: Option<f64>, lang: Lang) -> String {
    x.map_or_else(|| "—".to_owned(), |x| num(x, lang))
}

fn pct(w: f64) -> String {
    format!("{:.0} %", w * 100.0)
}

fn ordinal(n: u32, lang: Lang) -> String {
    match lang {
        Lang::Fr if n == 1 => "1er".to_owned(),
        Lang::Fr => format!("{n}e"),
        Lang::En => {
            let suffix = match (n % 10, n % 100) {
                (1, x) if x != 11 => "st",
                (2, x) if x != 12 => "nd",
                (3, x) if x != 13 => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

impl Outcome {
    /// The outcome in words.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Selected, Lang::Fr) => "retenu",
            (Self::Selected, Lang::En) => "selected",
            (Self::WaitingList, Lang::Fr) => "sur liste d'attente",
            (Self::WaitingList, Lang::En) => "on the waiting list",
            (Self::NotSelected, Lang::Fr) => "non retenu",
            (Self::NotSelected, Lang::En) => "not selected",
            (Self::Eliminated, Lang::Fr) => "éliminé",
            (Self::Eliminated, Lang::En) => "eliminated",
            (Self::Unranked, Lang::Fr) => "non classé",
            (Self::Unranked, Lang::En) => "not ranked",
        }
    }
}

impl Reason {
    /// The reason in one sentence, for an item of this rank and final score.
    #[must_use]
    pub fn sentence(&self, rank: Option<u32>, score: Option<f64>, lang: Lang) -> String {
        let r = rank.map(|r| ordinal(r, lang)).unwrap_or_default();
        let fr = lang == Lang::Fr;
        match self {
            Self::WithinSeats { seats: Some(k) } if fr => {
                format!("classé {r}, dans les {k} places de l'étape")
            }
            Self::WithinSeats { seats: Some(k) } => {
                format!("ranked {r}, within the stage's {k} seats")
            }
            Self::WithinSeats { seats: None } if fr => {
                format!("classé {r} ; l'étape retient tout élément classé au-dessus de son seuil")
            }
            Self::WithinSeats { seats: None } => {
                format!("ranked {r}; the stage selects every ranked item above its threshold")
            }
            Self::Quota { expertise, min } if fr => format!(
                "classé {r}, retenu sur une place réservée au quota de {min} « {} »",
                expertise.as_str()
            ),
            Self::Quota { expertise, min } => format!(
                "ranked {r}, selected on a seat reserved for the quota of {min} \"{}\"",
                expertise.as_str()
            ),
            Self::WaitingList {
                position,
                cutoff_score,
                reserved_for,
            } => {
                let list: Vec<&str> = reserved_for.iter().map(|e| e.as_str()).collect();
                match (fr, list.is_empty()) {
                    (true, true) => format!(
                        "classé {r}, {} sur la liste d'attente ; la plus basse note retenue est {}",
                        ordinal(*position, lang),
                        opt(*cutoff_score, lang)
                    ),
                    (true, false) => format!(
                        "classé {r}, {} sur la liste d'attente : les places restantes étaient réservées aux quotas de : {}",
                        ordinal(*position, lang),
                        list.join(", ")
                    ),
                    (false, true) => format!(
                        "ranked {r}, {} on the waiting list; the lowest selected score is {}",
                        ordinal(*position, lang),
                        opt(*cutoff_score, lang)
                    ),
                    (false, false) => format!(
                        "ranked {r}, {} on the waiting list: the seats left were reserved for the quotas of: {}",
                        ordinal(*position, lang),
                        list.join(", ")
                    ),
                }
            }
            Self::BelowCutoff {
                seats,
                cutoff_score,
            } if fr => format!(
                "classé {r} : les {seats} places sont allées à des éléments mieux classés ; la plus basse note retenue est {}, celle-ci est {}",
                opt(*cutoff_score, lang),
                opt(score, lang)
            ),
            Self::BelowCutoff {
                seats,
                cutoff_score,
            } => format!(
                "ranked {r}: the {seats} seats went to items ranked higher; the lowest selected score is {}, this one is {}",
                opt(*cutoff_score, lang),
                opt(score, lang)
            ),
            Self::BelowThreshold { threshold } if fr => format!(
                "note finale {} sous le seuil de {}",
                opt(score, lang),
                num(*threshold, lang)
            ),
            Self::BelowThreshold { threshold } => format!(
                "final score {} under the threshold of {}",
                opt(score, lang),
                num(*threshold, lang)
            ),
            Self::HiringCap { cap } if fr => format!(
                "classé {r}, mais le plafond de {cap} recrutement(s) est atteint (sprints \
                 précédents, puis mieux classés)"
            ),
            Self::HiringCap { cap } => format!(
                "ranked {r}, but the cap of {cap} recruitment(s) is reached (earlier sprints, \
                 then higher ranks)"
            ),
            Self::OrganisationCap { organisation, max } if fr => format!(
                "classé {r}, mais « {organisation} » a déjà {max} élément(s) retenu(s), le maximum permis"
            ),
            Self::OrganisationCap { organisation, max } => format!(
                "ranked {r}, but \"{organisation}\" already has {max} selected item(s), the most allowed"
            ),
            Self::SeatsReserved { expertises } => {
                let list: Vec<&str> = expertises.iter().map(|e| e.as_str()).collect();
                if fr {
                    format!(
                        "classé {r}, mais les places restantes étaient réservées aux quotas de : {}",
                        list.join(", ")
                    )
                } else {
                    format!(
                        "ranked {r}, but the seats left were reserved for the quotas of: {}",
                        list.join(", ")
                    )
                }
            }
            Self::Eliminated {
                criterion,
                score,
                threshold,
            } if fr => format!(
                "éliminé : « {criterion} » a reçu {}, sous le seuil éliminatoire de {}",
                num(*score, lang),
                num(*threshold, lang)
            ),
            Self::Eliminated {
                criterion,
                score,
                threshold,
            } => format!(
                "eliminated: \"{criterion}\" scored {}, under the eliminatory threshold of {}",
                num(*score, lang),
                num(*threshold, lang)
            ),
            Self::TooFewJurors {
                criterion,
                jurors,
                min,
            } if fr => {
                format!("non classé : {jurors} juré(s) sur « {criterion} », il en faut {min}")
            }
            Self::TooFewJurors {
                criterion,
                jurors,
                min,
            } => format!("not ranked: {jurors} juror(s) on \"{criterion}\", {min} needed"),
        }
    }
}

fn calibration_name(m: CalibrationMethod, lang: Lang) -> &'static str {
    match (m, lang) {
        (CalibrationMethod::None, Lang::Fr) => "aucune (notes brutes)",
        (CalibrationMethod::None, Lang::En) => "none (raw scores)",
        (CalibrationMethod::ZScore, Lang::Fr) => "centrage-réduction par juré",
        (CalibrationMethod::ZScore, Lang::En) => "per-juror z-score",
        (CalibrationMethod::Additive, Lang::Fr) => "biais additif par juré",
        (CalibrationMethod::Additive, Lang::En) => "additive juror bias",
    }
}

impl Ranking {
    /// The decision notice of one item as text, or `None` for an unknown id.
    #[must_use]
    pub fn explain(&self, item: &str, lang: Lang) -> Option<String> {
        self.item(item).map(|r| self.notice(r, lang))
    }

    /// The decision notice of an item result of this ranking.
    #[must_use]
    pub fn notice(&self, r: &ItemResult, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        // French typography puts a space before `:` and `;`, and quotes with « ».
        let (colon, semi) = if fr { (" :", " ;") } else { (":", ";") };
        let quote = |x: &str| {
            if fr {
                format!("« {x} »")
            } else {
                format!("\"{x}\"")
            }
        };
        let t = |f: &'static str, e: &'static str| if fr { f } else { e };
        let mut s = String::new();
        let stage = if fr {
            &self.stage.label_fr
        } else {
            &self.stage.label_en
        };
        let label = r
            .label
            .as_deref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{}{label} — {} {} [{}]",
            r.item,
            t("étape", "stage"),
            quote(stage),
            self.stage.id
        );
        let _ = writeln!(
            s,
            "{}{colon} {} — {}.",
            t("Décision", "Outcome"),
            r.outcome.label(lang),
            r.reason.sentence(r.rank, r.final_score, lang)
        );
        let raw_rank = r.raw_rank.map_or_else(|| "—".to_owned(), |x| x.to_string());
        let _ = writeln!(
            s,
            "{}{colon} {} {} {}–{} ({} {}, {} {raw_rank}{semi} calibration{colon} {}).",
            t("Note finale", "Final score"),
            opt(r.final_score, lang),
            t("sur l'échelle", "on the scale"),
            num(self.scale.0, lang),
            num(self.scale.1, lang),
            t("brute", "raw"),
            opt(r.raw_score, lang),
            t("rang brut", "raw rank"),
            calibration_name(r.calibration, lang),
        );
        // A tie on the final score, and how the stage breaks it (`scoring/mod.rs`, step 4).
        if let Some(x) = r.final_score {
            let tied: Vec<&str> = self
                .items
                .iter()
                .filter(|o| o.item != r.item)
                .filter(|o| o.final_score.is_some_and(|y| (x - y).abs() < 1e-9))
                .map(|o| o.item.as_str())
                .collect();
            if !tied.is_empty() {
                let list = tied.join(", ");
                let tb = &self.stage.tie_break;
                let criteria = tb.criteria.join(", ");
                let _ = writeln!(
                    s,
                    "{}",
                    match (fr, tb.criteria.is_empty()) {
                        (true, false) => format!(
                            "  À égalité de note finale avec {list} : l'étape départage par ses \
                             critères de départage ({criteria}), puis par un ordre \
                             pseudo-aléatoire fixé par la graine {} et l'identifiant.",
                            tb.seed
                        ),
                        (true, true) => format!(
                            "  À égalité de note finale avec {list} : l'étape départage par un \
                             ordre pseudo-aléatoire fixé par la graine {} et l'identifiant.",
                            tb.seed
                        ),
                        (false, false) => format!(
                            "  Tied on the final score with {list}: the stage breaks the tie by \
                             its tie-break criteria ({criteria}), then by a pseudo-random order \
                             set by the seed {} and the identifier.",
                            tb.seed
                        ),
                        (false, true) => format!(
                            "  Tied on the final score with {list}: the stage breaks the tie by \
                             a pseudo-random order set by the seed {} and the identifier.",
                            tb.seed
                        ),
                    }
                );
            }
        }
        // A calibrated score may leave the grid's scale: say so, rather than "10.18 on the
        // scale 0–10" as if it were a mistake.
        if let Some(x) = r
            .final_score
            .filter(|x| *x > self.scale.1 || *x < self.scale.0)
        {
            let (fr_side, en_side, bound) = if x > self.scale.1 {
                ("au-dessus du maximum", "above the maximum", self.scale.1)
            } else {
                ("au-dessous du minimum", "below the minimum", self.scale.0)
            };
            let _ = writeln!(
                s,
                "{}",
                if fr {
                    format!(
                        "  Cette note calibrée est {fr_side} de l'échelle ({}) : la calibration \
                         corrige chaque note de la sévérité ou de l'indulgence de son juré, et \
                         peut ainsi sortir de l'échelle de la grille ; les notes restent \
                         comparables entre elles.",
                        num(bound, lang)
                    )
                } else {
                    format!(
                        "  This calibrated score is {en_side} of the scale ({}): calibration \
                         corrects each score for its juror's severity or leniency, and so may \
                         leave the grid's scale; the scores stay comparable with one another.",
                        num(bound, lang)
                    )
                }
            );
        }
        let _ = writeln!(
            s,
            "{}{colon}",
            t(
                "Par critère (poids × note = contribution)",
                "By criterion (weight × score = contribution)"
            )
        );
        for (c, info) in r.criteria.iter().zip(&self.criteria) {
            let name = if fr { &info.label_fr } else { &info.label_en };
            let _ = writeln!(
                s,
                "  - {name} [{}]{colon} {} × {} ({} {}, {} {}) = {}",
                c.criterion,
                pct(c.weight),
                opt(c.calibrated, lang),
                t("brute", "raw"),
                opt(c.raw, lang),
                c.jurors,
                t("juré(s)", "juror(s)"),
                num(c.contribution, lang)
            );
        }
        let sum: f64 = r.criteria.iter().map(|c| c.contribution).sum();
        let _ = writeln!(s, "  Total{colon} {}", num(sum, lang));
        let _ = writeln!(
            s,
            "{}{colon}",
            t(
                "Par juré (total brut → calibré, biais retiré)",
                "By juror (raw total → calibrated, bias removed)"
            )
        );
        for j in &r.jurors {
            let _ = writeln!(
                s,
                "  - {}{colon} {} → {} ({})",
                j.juror,
                opt(j.raw_total, lang),
                opt(j.calibrated_total, lang),
                num(j.bias, lang)
            );
        }
        let k = self
            .stage
            .cutoff
            .top_k
            .map_or_else(|| "—".to_owned(), |k| k.to_string());
        let th = self
            .stage
            .cutoff
            .threshold
            .map_or_else(|| "—".to_owned(), |t| num(t, lang));
        let _ = write!(
            s,
            "{}{colon} {k} {}, {} {th}, {} {}{semi} {} {}.",
            t("Règle de l'étape", "Stage rule"),
            t("places", "seats"),
            t("seuil", "threshold"),
            t("retenus", "selected"),
            self.selected,
            t("plus basse note retenue", "lowest selected score"),
            opt(self.cutoff_score, lang)
        );
        if let Some(max) = self.stage.quotas.max_per_organisation {
            let _ = write!(
                s,
                " {}{colon} {max}.",
                t("Au plus par organisation", "At most per organisation")
            );
        }
        for (e, n) in &self.stage.quotas.min_per_expertise {
            let _ = write!(
                s,
                " {} {n} {}.",
                t("Au moins", "At least"),
                quote(e.as_str())
            );
        }
        s.push('\n');
        s
    }

    /// The decision notice of one item as an HTML fragment (for notebooks), or `None`.
    #[must_use]
    pub fn explain_html(&self, item: &str, lang: Lang) -> Option<String> {
        let r = self.item(item)?;
        let fr = lang == Lang::Fr;
        let mut h = String::new();
        let _ = write!(
            h,
            "<div class=\"eig-explanation\"><p><b>{}</b> — {} : <b>{}</b>. {}.</p>",
            escape(&r.item),
            if fr { "décision" } else { "outcome" },
            r.outcome.label(lang),
            escape(&r.reason.sentence(r.rank, r.final_score, lang))
        );
        let _ = write!(
            h,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>contribution</th></tr></thead><tbody>",
            if fr { "critère" } else { "criterion" },
            if fr { "poids" } else { "weight" },
            if fr { "brute" } else { "raw" },
            if fr { "calibrée" } else { "calibrated" },
        );
        for (c, info) in r.criteria.iter().zip(&self.criteria) {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(if fr { &info.label_fr } else { &info.label_en }),
                pct(c.weight),
                opt(c.raw, lang),
                opt(c.calibrated, lang),
                num(c.contribution, lang)
            );
        }
        let _ = write!(
            h,
            "<tr><td><b>{}</b></td><td></td><td>{}</td><td></td><td><b>{}</b></td></tr></tbody></table></div>",
            if fr { "note finale" } else { "final score" },
            opt(r.raw_score, lang),
            opt(r.final_score, lang)
        );
        Some(h)
    }
}

use crate::text::escape_html as escape;
