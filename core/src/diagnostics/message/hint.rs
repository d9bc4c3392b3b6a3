//! Hints: how to fix a fault, worded here once in French and in English, and kept in the
//! violation's own `hint_fr` and `hint_en` (the message says what is wrong, the hint what to
//! write instead).
//!
//! The checks find what a person meant (a vocabulary's label, the same digits without spaces,
//! the date in the form the schema takes) and pass it as a [`Fix`]; the words are here.

use crate::diagnostics::Violation;

/// What a person can do about a fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fix {
    /// Write this value instead; its label, when it has one (`data-science`, `Data science`).
    Write {
        /// The value to write.
        value: String,
        /// What it means, for the reader.
        label: Option<String>,
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
    /// A local date and time, without offset (`2025-10-05T23:59:59`), for a rulebook's windows.
    LocalDateTime(String),
    /// The same date and time with the Paris offset of that day.
    AddOffset(String),
    /// An e-mail address whose domain has no ending: an example with one.
    EmailDomain(String),
    /// A web address without `https://`.
    Https(String),
    /// A number or a yes/no between quotes: the same without them.
    Unquote(String),
}

impl Fix {
    /// The hint, in French and in English.
    fn words(&self) -> (String, String) {
        match self {
            Self::Write { value, label } => {
                let label = label
                    .as_deref()
                    .filter(|l| !l.eq_ignore_ascii_case(value))
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default();
                (
                    format!("écrivez « {value} »{label}"),
                    format!("write \"{value}\"{label}"),
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
            Self::LocalDateTime(value) => (
                format!("écrivez « {value} » (heure locale, sans décalage)"),
                format!("write \"{value}\" (local time, without offset)"),
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
        }
    }
}

impl Violation {
    /// The violation with the hint of `fix`, when there is one.
    #[must_use]
    pub(crate) fn fix(self, fix: Option<Fix>) -> Self {
        match fix {
            Some(fix) => {
                let (fr, en) = fix.words();
                self.with_hint(&fr, &en)
            }
            None => self,
        }
    }
}
