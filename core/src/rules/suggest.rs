//! What a person meant, for the hints of the structural pass and of the rules: the code of a
//! vocabulary's label ("Data Scientist" → `data-science`), the same digits without spaces, a
//! French date in the form the schema takes, the field a French name stands for.
//!
//! Each function returns a [`Fix`] (worded in `diagnostics/message/hint.rs`) or nothing, when
//! nothing sure can be said.

use crate::diagnostics::message::Fix;
use crate::model::{expertise_named, field_namer, theme_named, value_label_fr, value_named};
use crate::text::{nearest, slug};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde_json::Value;

/// The hints for the unknown fields of one object whose fields are `known`: the field a French
/// name stands for (`titre` → `title`), else the known name nearest to it (a typo).
pub(crate) fn fields<'a>(known: &'a [&'a str]) -> impl Fn(&str) -> Option<Fix> + 'a {
    let named = field_namer(known);
    move |name: &str| {
        if let Some(to) = named(name) {
            return Some(Fix::Rename {
                from: name.to_owned(),
                to: to.to_owned(),
            });
        }
        nearest(name, known.iter().copied()).map(|n| Fix::DidYouMean(n.to_owned()))
    }
}

/// The theme that `written` stands for, else the nearest theme's slug.
pub(crate) fn theme(written: &str) -> Option<Fix> {
    if let Some(t) = theme_named(written).filter(|t| t.slug != written) {
        return Some(Fix::Write {
            value: t.slug.to_owned(),
            label: Some((t.label_fr.to_owned(), t.label_en.to_owned())),
        });
    }
    nearest(written, crate::model::THEMES.iter().map(|t| t.slug))
        .map(|n| Fix::DidYouMean(n.to_owned()))
}

/// The one of an enumeration's `options` (JSON values) that `value` stands for: the option
/// written otherwise (`Accélération`), its French label, a French word for it, or a typo.
pub(crate) fn option(value: &Value, options: &[Value]) -> Option<Fix> {
    let written = value.as_str()?;
    let options: Vec<&str> = options.iter().filter_map(Value::as_str).collect();
    match value_named(written, &options) {
        Some(meant) => Some(Fix::Write {
            value: meant.to_owned(),
            label: value_label_fr(meant).map(|fr| (fr.to_owned(), meant.replace('_', " "))),
        }),
        None => nearest(written, options.iter().copied()).map(|n| Fix::DidYouMean(n.to_owned())),
    }
}

/// The hint for an expertise written `written` where the promotion `whose` takes only
/// `allowed` (codes): the allowed one it names, else the list to choose from, saying which
/// expertise it names when the promotion does not take it. Never a code that does not exist,
/// never one the promotion refuses.
pub(crate) fn expertise_of(written: &str, allowed: &[&str], whose: &str) -> Fix {
    let named = expertise_named(written);
    if let Some(t) = named.filter(|t| allowed.contains(&t.slug) && t.slug != written) {
        return Fix::Write {
            value: t.slug.to_owned(),
            label: Some((t.label_fr.to_owned(), t.label_en.to_owned())),
        };
    }
    Fix::Choose {
        whose: whose.to_owned(),
        written: written.to_owned(),
        named: named
            .filter(|t| t.slug != written)
            .map(|t| t.slug.to_owned()),
        allowed: allowed
            .iter()
            .map(|a| {
                let term = crate::model::EXPERTISES.iter().find(|t| t.slug == *a);
                (
                    (*a).to_owned(),
                    term.map_or(*a, |t| t.label_fr).to_owned(),
                    term.map_or(*a, |t| t.label_en).to_owned(),
                )
            })
            .collect(),
    }
}

/// The hint for a text that does not match one of the schemas' patterns, from the pattern and
/// the place (`/seats/0/expertise`, `/themes/1`).
pub(crate) fn pattern(path: &str, value: &Value, pattern: &str) -> Option<Fix> {
    let written = value.as_str()?;
    let digits = |n: usize| {
        let kept: String = written.chars().filter(char::is_ascii_digit).collect();
        let only_separators = written
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '.' | '-' | '_'));
        (only_separators && kept.len() == n).then_some(Fix::RemoveSpaces(kept))
    };
    match pattern {
        "^[0-9]{14}$" => digits(14),
        "^[0-9]{9}$" => digits(9),
        "^[0-9]{5}$" => digits(5),
        "^[a-z0-9]+(-[a-z0-9]+)*$" => {
            let last = path.rsplit('/').next().unwrap_or_default();
            let term = if path.contains("/themes/") {
                theme_named(written)
            } else if last == "expertise" || path.contains("expertises/") {
                expertise_named(written)
            } else {
                None
            };
            match term {
                Some(t) => Some(Fix::Write {
                    value: t.slug.to_owned(),
                    label: Some((t.label_fr.to_owned(), t.label_en.to_owned())),
                }),
                None => {
                    let s = slug(written);
                    (!s.is_empty() && s != written).then_some(Fix::Write {
                        value: s,
                        label: None,
                    })
                }
            }
        }
        "^(eig-[1-9][0-9]*|dig-[0-9]{4})$" => promotion(written).map(|p| Fix::Write {
            value: p,
            label: None,
        }),
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$" => {
            french_date(written).map(|(d, time_given)| Fix::LocalDateTime {
                value: d.format("%Y-%m-%dT%H:%M:%S").to_string(),
                time_given,
            })
        }
        p if p == crate::model::EMAIL_PATTERN => email(written),
        _ => None,
    }
}

/// The hint for a text that is not in a `format`: a French date in RFC 3339, a web address
/// with its `https://`, an e-mail address's domain.
pub(crate) fn format(value: &Value, format: &str) -> Option<Fix> {
    let written = value.as_str()?.trim();
    match format {
        "date-time" => {
            let (local, time_given) = french_date(written)?;
            Some(Fix::DateTime {
                value: paris(local)?,
                time_given,
            })
        }
        "uri" | "iri" => {
            // A host (`beta.gouv.fr/…`), not an e-mail address (`contact@beta.gouv.fr`), which
            // `https://` would make a valid address with a user name.
            let looks_like_host = !written.contains("://")
                && !written.contains(' ')
                && written
                    .split('/')
                    .next()
                    .is_some_and(|h| h.contains('.') && !h.contains('@'));
            looks_like_host
                .then(|| Fix::Https(format!("https://{}", written.trim_start_matches("//"))))
        }
        "email" | "idn-email" => email(written),
        _ => None,
    }
}

/// The hint for a date-time without offset: the same with Paris's offset on that day.
pub(crate) fn add_offset(value: &Value) -> Option<Fix> {
    let written = value.as_str()?;
    let local = NaiveDateTime::parse_from_str(written, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(written, "%Y-%m-%dT%H:%M"))
        .ok()?;
    paris(local).map(Fix::AddOffset)
}

/// `EIG 6`, `eig6`, `EIG-6`, `Promotion EIG 6`, `DIG 2019` → `eig-6`, `dig-2019`.
fn promotion(written: &str) -> Option<String> {
    let s = slug(written);
    let s = s.strip_prefix("promotion-").unwrap_or(&s);
    for prefix in ["eig", "dig"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let number = rest.trim_start_matches('-');
            let ok = match prefix {
                "eig" => {
                    !number.is_empty()
                        && !number.starts_with('0')
                        && number.bytes().all(|b| b.is_ascii_digit())
                }
                _ => number.len() == 4 && number.bytes().all(|b| b.is_ascii_digit()),
            };
            if ok {
                return Some(format!("{prefix}-{number}"));
            }
        }
    }
    None
}

/// The months' French names, folded (without accents), in order.
const MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// A date written in words (`28 février 2025`, `1er mars 2025 à 17 h`, `le 3 juin 2024`): the
/// same in numbers (`28/02/2025 17:00`), else nothing.
fn date_in_words(written: &str) -> Option<String> {
    let folded: Vec<String> = written.split_whitespace().map(crate::text::fold).collect();
    let mut words = folded.iter().map(String::as_str).peekable();
    if words.peek() == Some(&"le") {
        words.next();
    }
    let day: u32 = words.next()?.trim_end_matches("er").parse().ok()?;
    let month_word = words.next()?;
    let month = MONTHS.iter().position(|m| *m == month_word)? + 1;
    let year: i32 = words.next()?.trim_end_matches(',').parse().ok()?;
    let rest: Vec<&str> = words.collect();
    let time = rest
        .iter()
        .copied()
        .filter(|w| *w != "a")
        .collect::<String>();
    Some(format!("{day:02}/{month:02}/{year:04} {time}"))
}

/// A date written the French way (`28/02/2022`, `28/02/2022 17:00`, `28/02/2022 à 17h`,
/// `28.02.2022`, `28 février 2022`), or a date without time (`2022-02-28`, `2022-02-28 17:00`):
/// the local date and time, and whether a time was written (17:00 stands in for none).
fn french_date(written: &str) -> Option<(NaiveDateTime, bool)> {
    let in_numbers = date_in_words(written);
    let written = in_numbers.as_deref().unwrap_or(written).trim();
    let (date_part, time_part) = match written.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim().trim_start_matches("à ").trim())),
        None => (written, None),
    };
    let date = ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%Y/%m/%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(date_part, f).ok())?;
    let time = match time_part {
        None | Some("") => None,
        Some(t) => {
            let t = t.to_lowercase().replace(['h', 'H'], ":");
            let t = t.trim_end_matches(':');
            Some(
                ["%H:%M:%S", "%H:%M"]
                    .iter()
                    .find_map(|f| NaiveTime::parse_from_str(t, f).ok())
                    .or_else(|| {
                        t.parse::<u32>()
                            .ok()
                            .and_then(|h| NaiveTime::from_hms_opt(h, 0, 0))
                    })?,
            )
        }
    };
    let given = time.is_some();
    let time = time.unwrap_or_else(|| NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default());
    Some((date.and_time(time), given))
}

/// A local time of Paris in RFC 3339, with that day's offset.
fn paris(local: NaiveDateTime) -> Option<String> {
    let t = chrono_tz::Europe::Paris
        .from_local_datetime(&local)
        .earliest()?;
    Some(t.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// An e-mail address whose domain has no ending: the same with `.fr`, as an example.
fn email(written: &str) -> Option<Fix> {
    let (user, domain) = written.trim().split_once('@')?;
    let complete =
        user.is_empty() || domain.is_empty() || domain.contains('.') || domain.contains('@');
    (!complete && !domain.contains(char::is_whitespace))
        .then(|| Fix::EmailDomain(format!("{user}@{domain}.fr")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn promotions_as_people_write_them() {
        assert_eq!(promotion("EIG 6").as_deref(), Some("eig-6"));
        assert_eq!(promotion("eig6").as_deref(), Some("eig-6"));
        assert_eq!(promotion("Promotion EIG 7").as_deref(), Some("eig-7"));
        assert_eq!(promotion("DIG 2019").as_deref(), Some("dig-2019"));
        assert_eq!(promotion("EIG 06"), None);
        assert_eq!(promotion("septième"), None);
    }

    #[test]
    fn french_dates_with_the_paris_offset_of_their_day() {
        let fix = |s: &str| format(&json!(s), "date-time");
        assert_eq!(
            fix("28/02/2022"),
            Some(Fix::DateTime {
                value: "2022-02-28T17:00:00+01:00".into(),
                time_given: false
            })
        );
        assert_eq!(
            fix("07/04/2021 16h45"),
            Some(Fix::DateTime {
                value: "2021-04-07T16:45:00+02:00".into(),
                time_given: true
            })
        );
        assert_eq!(
            fix("07/04/2021 à 17h"),
            Some(Fix::DateTime {
                value: "2021-04-07T17:00:00+02:00".into(),
                time_given: true
            })
        );
        assert_eq!(fix("demain"), None);
        assert_eq!(
            fix("28 février 2025"),
            Some(Fix::DateTime {
                value: "2025-02-28T17:00:00+01:00".into(),
                time_given: false
            })
        );
        assert_eq!(
            fix("le 1er juillet 2025 à 9h30"),
            Some(Fix::DateTime {
                value: "2025-07-01T09:30:00+02:00".into(),
                time_given: true
            })
        );
        assert_eq!(fix("31 février 2025"), None);
        assert_eq!(
            add_offset(&json!("2021-04-07T16:45:00")),
            Some(Fix::AddOffset("2021-04-07T16:45:00+02:00".into()))
        );
    }

    #[test]
    fn digits_with_spaces_and_vocabulary_labels() {
        assert_eq!(
            pattern("/hosts/0/siret", &json!("130 018 310 00016"), "^[0-9]{14}$"),
            Some(Fix::RemoveSpaces("13001831000016".into()))
        );
        assert_eq!(
            pattern("/hosts/0/siret", &json!("130 018 310"), "^[0-9]{14}$"),
            None
        );
        assert_eq!(
            pattern("/locations/0/postcode", &json!("69 003"), "^[0-9]{5}$"),
            Some(Fix::RemoveSpaces("69003".into()))
        );
        let slug_pattern = "^[a-z0-9]+(-[a-z0-9]+)*$";
        assert!(matches!(
            pattern("/seats/0/expertise", &json!("Data Scientist"), slug_pattern),
            Some(Fix::Write { value, .. }) if value == "data-science"
        ));
        assert!(matches!(
            pattern("/themes/0", &json!("santé"), slug_pattern),
            Some(Fix::Write { value, .. }) if value == "sante"
        ));
        assert_eq!(
            format(&json!("camille.roux@cerema"), "email"),
            Some(Fix::EmailDomain("camille.roux@cerema.fr".into()))
        );
        assert_eq!(format(&json!("camille.roux@cerema.fr"), "email"), None);
        // An e-mail address is no web address without its https://.
        assert_eq!(format(&json!("contact@beta.gouv.fr"), "uri"), None);
    }
}
