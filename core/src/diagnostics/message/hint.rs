//! Hints: how to fix a fault, worded here once in French and in English, and kept in the
//! violation's own `hint_fr` and `hint_en` (the message says what is wrong, the hint what to
//! write instead).
//!
//! The checks find what a person meant (a vocabulary's label, the same digits without spaces,
//! the date in the form the schema takes) and pass it as a [`Fix`]; the words are here, and the
//! JSON Patch that does what they say ([`Suggestion`]) is made from the same value.

use crate::diagnostics::{
    Applicability, PatchOperation, Suggestion, Violation, escape_pointer_token,
};
use serde_json::Value;

/// What a person can do about a fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fix {
    /// Write this value instead; its label, when it has one (`data-science`, `Data science`).
    Write {
        /// The value to write.
        value: String,
        /// What it means, for the reader, in French and in English.
        label: Option<(String, String)>,
    },
    /// The field is called `to`: rename `from` to it.
    Rename {
        /// The name given.
        from: String,
        /// The field's name.
        to: String,
    },
    /// A known name near the one written (a typo).
    DidYouMean(String),
    /// The same digits without spaces, dots or dashes.
    RemoveSpaces(String),
    /// A date (and time) written the French way, in the form the schema takes, with the Paris
    /// offset of that day; `time_given` is false when the person gave no time (17:00 is shown
    /// as an example).
    DateTime {
        /// The date and time, RFC 3339 (`2022-02-28T17:00:00+01:00`).
        value: String,
        /// Whether the person wrote a time.
        time_given: bool,
    },
    /// A local date and time, without offset (`2025-10-05T23:59:59`), for a rulebook's windows;
    /// `time_given` as for [`Fix::DateTime`].
    LocalDateTime {
        /// The date and time.
        value: String,
        /// Whether the person wrote a time.
        time_given: bool,
    },
    /// The same date and time with the Paris offset of that day.
    AddOffset(String),
    /// An e-mail address whose domain has no ending: an example with one.
    EmailDomain(String),
    /// A web address without `https://`.
    Https(String),
    /// A number or a yes/no between quotes: the same without them.
    Unquote(String),
    /// None of the promotion's own values is meant: choose one of them (`written` names
    /// `named`, which the promotion does not take, when it names one).
    Choose {
        /// Whose values (`EIG 7`).
        whose: String,
        /// The value written.
        written: String,
        /// The known value it names, that `whose` does not take.
        named: Option<String>,
        /// The values taken, each with its label in French and in English.
        allowed: Vec<(String, String, String)>,
    },
}

impl Fix {
    /// The hint, in French and in English.
    fn words(&self) -> (String, String) {
        match self {
            Self::Write { value, label } => {
                let said = |l: &str| {
                    if l.eq_ignore_ascii_case(value) {
                        String::new()
                    } else {
                        format!(" ({l})")
                    }
                };
                let (fr, en) = label
                    .as_ref()
                    .map(|(fr, en)| (said(fr), said(en)))
                    .unwrap_or_default();
                (
                    format!("écrivez « {value} »{fr}"),
                    format!("write \"{value}\"{en}"),
                )
            }
            Self::Rename { from, to } => (
                format!("ce champ s'appelle « {to} » : renommez « {from} » en « {to} »"),
                format!("this field is called \"{to}\": rename \"{from}\" to \"{to}\""),
            ),
            Self::DidYouMean(near) => (
                format!("vouliez-vous dire « {near} » ?"),
                format!("did you mean \"{near}\"?"),
            ),
            Self::RemoveSpaces(digits) => (
                format!("retirez les espaces : écrivez « {digits} »"),
                format!("remove the spaces: write \"{digits}\""),
            ),
            Self::DateTime {
                value,
                time_given: true,
            } => (
                format!(
                    "écrivez « {value} » : l'année, le mois, le jour, la lettre T, l'heure, puis \
                     le décalage de l'heure de Paris ce jour-là"
                ),
                format!(
                    "write \"{value}\": year, month, day, the letter T, the time, then the offset \
                     of Paris time on that day"
                ),
            ),
            Self::DateTime {
                value,
                time_given: false,
            } => (
                format!(
                    "écrivez la date avec l'heure du dépôt et le décalage de l'heure de Paris, \
                     par exemple à 17 h : « {value} »"
                ),
                format!(
                    "write the date with the time of filing and the offset of Paris time, for \
                     example at 17:00: \"{value}\""
                ),
            ),
            Self::LocalDateTime {
                value,
                time_given: true,
            } => (
                format!("écrivez « {value} » (heure locale, sans décalage)"),
                format!("write \"{value}\" (local time, without offset)"),
            ),
            Self::LocalDateTime {
                value,
                time_given: false,
            } => (
                format!(
                    "écrivez la date avec l'heure voulue, en heure locale sans décalage, par \
                     exemple à 17 h : « {value} »"
                ),
                format!(
                    "write the date with the time meant, in local time without offset, for \
                     example at 17:00: \"{value}\""
                ),
            ),
            Self::AddOffset(value) => (
                format!("écrivez « {value} » (avec le décalage de l'heure de Paris ce jour-là)"),
                format!("write \"{value}\" (with the offset of Paris time on that day)"),
            ),
            Self::EmailDomain(example) => (
                format!(
                    "écrivez l'adresse entière, avec la fin du nom de domaine, par exemple « {example} »"
                ),
                format!(
                    "write the whole address, with the domain's ending, for example \"{example}\""
                ),
            ),
            Self::Unquote(value) => (
                format!("écrivez {value}, sans guillemets"),
                format!("write {value}, without quotes"),
            ),
            Self::Https(url) => (
                format!("écrivez l'adresse entière, avec https:// : « {url} »"),
                format!("write the whole address, with https://: \"{url}\""),
            ),
            Self::Choose {
                whose,
                written,
                named,
                allowed,
            } => {
                let fr_list = allowed
                    .iter()
                    .map(|(v, l, _)| format!("« {v} » ({l})"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let en_list = allowed
                    .iter()
                    .map(|(v, _, l)| format!("\"{v}\" ({l})"))
                    .collect::<Vec<_>>()
                    .join(", ");
                match named {
                    Some(n) => (
                        format!(
                            "« {written} » désigne « {n} », que le règlement {whose} ne prend \
                             pas : choisissez parmi {fr_list}"
                        ),
                        format!(
                            "\"{written}\" means \"{n}\", which the rulebook {whose} does not \
                             take: choose among {en_list}"
                        ),
                    ),
                    None => (
                        format!("choisissez parmi les valeurs du règlement {whose} : {fr_list}"),
                        format!("choose among the values of the rulebook {whose}: {en_list}"),
                    ),
                }
            }
        }
    }

    /// The JSON Patch that does what the words say, for a violation `code` at `path`, and how
    /// far it can be trusted before the validator checks it: a candidate (checked by applying
    /// it), a guess, or an example.
    fn suggestion(&self, code: &str, path: &str) -> Option<Suggestion> {
        let replace = |value: Value| {
            vec![PatchOperation::Replace {
                path: path.to_owned(),
                value,
            }]
        };
        let text = |s: &str| replace(Value::String(s.to_owned()));
        let sibling = |name: &str| {
            let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
            format!("{parent}/{}", escape_pointer_token(name))
        };
        let placeholder = |patch, fr: &str, en: &str| {
            Suggestion::new(Applicability::Placeholder, patch).because(fr, en)
        };
        Some(match self {
            Self::Write { value, .. } => Suggestion::candidate(text(value), false),
            Self::Rename { to, .. } => Suggestion::candidate(
                vec![PatchOperation::Move {
                    from: path.to_owned(),
                    path: sibling(to),
                }],
                false,
            ),
            Self::DidYouMean(near) => {
                let patch = if code == "unknown_field" {
                    vec![PatchOperation::Move {
                        from: path.to_owned(),
                        path: sibling(near),
                    }]
                } else {
                    text(near)
                };
                Suggestion::new(Applicability::NeedsHuman, patch).because(
                    "une supposition : le mot connu le plus proche de celui écrit",
                    "a guess: the known word nearest to the one written",
                )
            }
            Self::RemoveSpaces(digits) => Suggestion::candidate(text(digits), true),
            Self::DateTime {
                value,
                time_given: true,
            }
            | Self::AddOffset(value) => Suggestion::candidate(text(value), false),
            Self::LocalDateTime {
                value,
                time_given: true,
            } => Suggestion::candidate(text(value), false),
            Self::DateTime { value, .. } | Self::LocalDateTime { value, .. } => placeholder(
                text(value),
                "l'heure 17:00 est un exemple : mettez la vôtre",
                "the time 17:00 is an example: put yours",
            ),
            Self::EmailDomain(example) => placeholder(
                text(example),
                "la fin « .fr » du nom de domaine est un exemple : mettez la vraie",
                "the ending \".fr\" of the domain name is an example: put the real one",
            ),
            Self::Https(url) => Suggestion::candidate(text(url), false),
            Self::Unquote(value) => {
                Suggestion::candidate(replace(serde_json::from_str(value).ok()?), false)
            }
            Self::Choose { .. } => return None,
        })
    }
}

impl Violation {
    /// The violation with the hint of `fix` and its patch, when there is one.
    #[must_use]
    pub(crate) fn fix(self, fix: Option<Fix>) -> Self {
        match fix {
            Some(fix) => {
                let (fr, en) = fix.words();
                let suggestion = fix.suggestion(&self.code, &self.path);
                let mut v = self.with_hint(&fr, &en);
                v.fixes.extend(suggestion);
                v
            }
            None => self,
        }
    }

    /// The violation with the hint and patch of `fix` in place of those it had (a check that
    /// knows the promotion's vocabulary says better than the structural pass).
    pub(crate) fn refix(&mut self, fix: Fix) {
        let (fr, en) = fix.words();
        self.hint_fr = Some(fr);
        self.hint_en = Some(en);
        self.fixes = fix.suggestion(&self.code, &self.path).into_iter().collect();
    }
}
