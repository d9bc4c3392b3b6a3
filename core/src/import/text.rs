//! Text of the public sources: promotion labels and administrations as the sites write them.
//! The matching keys themselves are the crate's `text` module (`fold`, `slug`).

use crate::model::PromotionId;
use crate::text::{fold, tidy};
use serde_json::Value;

/// Reads a promotion label as the sites write it: `4`, `"4"`, `"dig"`, `"Promotion 7"`,
/// `"Promotion 3 - DIG"`, `"EIG 4"`, `"eig-4"`, `"dig-2019"`. The flag tells that a number
/// was stored as a string.
#[must_use]
pub fn promotion_label(value: &Value) -> Option<(PromotionId, bool)> {
    match value {
        Value::Number(n) => {
            let n = n.as_u64().filter(|n| (1..1000).contains(n))?;
            Some((PromotionId::new(format!("eig-{n}")), false))
        }
        Value::String(s) => {
            let key = fold(s);
            if let Some(id) = PromotionId::parse(&key) {
                return Some((id, false));
            }
            let words: Vec<&str> = key
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            if words.contains(&"dig") {
                return Some((PromotionId::new("dig-2019"), false));
            }
            let number = match words.as_slice() {
                [n] => Some((*n, true)),
                ["promotion" | "promo" | "eig", n] => Some((*n, false)),
                _ => None,
            }?;
            let n: u32 = number.0.parse().ok().filter(|n| (1..1000).contains(n))?;
            Some((PromotionId::new(format!("eig-{n}")), number.1))
        }
        _ => None,
    }
}

/// An administration string, cleaned: white space, a trailing comma or semicolon, and a label
/// before a colon (`Administration de rattachement :`). The flag tells whether more than white
/// space changed.
#[must_use]
pub fn clean_administration(text: &str) -> (String, bool) {
    let mut s = tidy(text);
    let mut changed = false;
    while s.ends_with([',', ';']) {
        s.pop();
        s = s.trim_end().to_owned();
        changed = true;
    }
    if let Some((label, rest)) = s.split_once(':') {
        let label = fold(label);
        if label.starts_with("administration") || label.starts_with("organisme") {
            s = rest.trim().to_owned();
            changed = true;
        }
    }
    (s, changed)
}

/// Words that start the name of an organisation: a separator followed by one of them splits an
/// administration string in two.
const HEADS: &[&str] = &[
    "academie",
    "administration",
    "agence",
    "autorite",
    "bibliotheque",
    "brigade",
    "caisse",
    "carrefour",
    "centre",
    "commissariat",
    "conseil",
    "cour",
    "delegation",
    "departement",
    "direccte",
    "direction",
    "etalab",
    "haute",
    "institut",
    "ministere",
    "mission",
    "museum",
    "office",
    "prefecture",
    "programme",
    "region",
    "secretariat",
    "service",
    "services",
];

fn starts_an_organisation(rest: &str) -> bool {
    let first = rest.split_whitespace().next().unwrap_or("");
    let word = fold(first);
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    HEADS.contains(&word)
        || (first.chars().filter(char::is_ascii_uppercase).count() >= 2
            && first
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
}

/// Splits a cleaned administration string into organisations, on `,`, ` + `, ` et ` and
/// ` - ` when what follows starts an organisation (`Ministère`, `Direction`, an acronym...).
/// A comma also splits before any capitalised word (`…, Etalab`), so that `Direction générale
/// de la concurrence, de la consommation…` stays one.
#[must_use]
pub fn split_administration(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next = [", ", " + ", " et ", " - "]
            .iter()
            .filter_map(|sep| rest.find(sep).map(|at| (at, *sep)))
            .min();
        let Some((at, sep)) = next else {
            current.push_str(rest);
            break;
        };
        let after = &rest[at + sep.len()..];
        let split = match sep {
            ", " => {
                starts_an_organisation(after)
                    || after.chars().next().is_some_and(char::is_uppercase)
            }
            " + " => true,
            _ => starts_an_organisation(after),
        };
        current.push_str(&rest[..at]);
        if split {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push_str(sep);
        }
        rest = after;
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| tidy(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The acronym in parentheses at the end of an organisation's name (`DINUM`), and the name
/// without it.
#[must_use]
pub fn acronym(name: &str) -> (String, Option<String>) {
    if let Some(open) = name.rfind(" (")
        && name.ends_with(')')
    {
        let inner = &name[open + 2..name.len() - 1];
        if !inner.is_empty()
            && inner.len() <= 12
            && inner
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '@')
            && inner.chars().next().is_some_and(char::is_uppercase)
        {
            return (name[..open].trim_end().to_owned(), Some(inner.to_owned()));
        }
    }
    (name.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn promotion_labels() {
        let id = |v: Value| promotion_label(&v).map(|(p, s)| (p.0, s));
        assert_eq!(id(json!(4)), Some(("eig-4".into(), false)));
        assert_eq!(id(json!("4")), Some(("eig-4".into(), true)));
        assert_eq!(id(json!("dig")), Some(("dig-2019".into(), false)));
        assert_eq!(
            id(json!("Promotion 3 - DIG")),
            Some(("dig-2019".into(), false))
        );
        assert_eq!(id(json!("Promotion 7")), Some(("eig-7".into(), false)));
        assert_eq!(id(json!("EIG 4")), Some(("eig-4".into(), false)));
        assert_eq!(id(json!("eig-2")), Some(("eig-2".into(), false)));
        assert_eq!(id(json!("Promotion")), None);
        assert_eq!(id(json!(0)), None);
        assert_eq!(id(json!(true)), None);
    }

    #[test]
    fn administrations_split_on_separators_that_start_an_organisation() {
        assert_eq!(
            split_administration("Mission Identité Numérique, Ministère de l’Intérieur"),
            ["Mission Identité Numérique", "Ministère de l’Intérieur"]
        );
        assert_eq!(
            split_administration(
                "Ministère de l’Intérieur et Agence nationale du traitement automatisé des infractions (ANTAI)"
            )
            .len(),
            2
        );
        assert_eq!(
            split_administration(
                "Ministère de l’Economie, direction générale des entreprises et DIRECCTE Bourgogne Franche-Comté"
            ),
            [
                "Ministère de l’Economie",
                "direction générale des entreprises",
                "DIRECCTE Bourgogne Franche-Comté"
            ]
        );
        for one in [
            "Direction générale de la concurrence, de la consommation et de la répression des fraudes (DGCCRF)",
            "Ministère de la Transition écologique et solidaire",
            "Direction Régionale et Interdépartementale de l’Environnement et de l’Énergie d’Île-de-France",
            "Ministère de l’Enseignement Supérieur, de la Recherche et de l’Innovation",
            "Brigade de Sapeurs-Pompiers de Paris",
        ] {
            assert_eq!(split_administration(one), [one]);
        }
        assert_eq!(
            split_administration(
                "Commissariat Général au Développement Durable - Ministère de la Transition Écologique et Solidaire"
            ),
            [
                "Commissariat Général au Développement Durable",
                "Ministère de la Transition Écologique et Solidaire"
            ]
        );
        assert_eq!(split_administration("A + B"), ["A", "B"]);
    }

    #[test]
    fn administrations_are_cleaned() {
        assert_eq!(
            clean_administration("Direction interministérielle du numérique (DINUM),"),
            (
                "Direction interministérielle du numérique (DINUM)".into(),
                true
            )
        );
        assert_eq!(
            clean_administration(
                "Administration de rattachement :Ministère de l’Action et des Comptes Publics"
            ),
            ("Ministère de l’Action et des Comptes Publics".into(), true)
        );
        assert_eq!(
            clean_administration(" Brigade de Sapeurs-Pompiers de Paris "),
            ("Brigade de Sapeurs-Pompiers de Paris".into(), false)
        );
        assert_eq!(
            acronym("Direction interministérielle du numérique (DINUM)"),
            (
                "Direction interministérielle du numérique".into(),
                Some("DINUM".into())
            )
        );
        assert_eq!(acronym("Agence (de test)").1, None);
    }
}
