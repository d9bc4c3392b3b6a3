//! For the administrations: the field guide of a défi dossier and a dossier to start from.
//!
//! [`template`] is a dossier filled with example values that a promotion's rulebook accepts
//! (the right promotion, expertises it recruits, a team of its size, a duration in its range,
//! a filing time inside its call, the dossier sections of its form): an officer replaces the
//! values with theirs. [`fields`] lists every field of the promotion's form with its meaning,
//! whether it is required, what it accepts (from the schema and the rulebook) and the
//! template's example; [`guide_markdown`] and [`guide_text`] write it out (`eig fields`,
//! `docs/guide-administrations.md`).
//!
//! The meanings are written here in French; the English ones are the schema's descriptions.

use crate::diagnostics::Lang;
use crate::model::{FIELD_TEXTS_FR, SubmissionForm, THEMES, value_label_fr};
use crate::rules::Rulebook;
use crate::schema::{SchemaKind, present_branch, resolve_ref};
use chrono::{Duration, TimeZone};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// One field of a dossier, for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Where it is: a JSON Pointer with `[]` for every item of a list (`/hosts/[]/siret`).
    pub pointer: String,
    /// Its name for a person (`SIRET`, `Date de dépôt`).
    pub label: String,
    /// What it is.
    pub meaning: String,
    /// Whether it must be given (inside its parent, for the fields of an object).
    pub required: bool,
    /// What it accepts: the schema's constraints and the rulebook's.
    pub accepted: String,
    /// The template's value, as JSON (`"eig-7"`, `10`), for a field that has one.
    pub example: Option<String>,
}

/// A dossier filled with example values that `rulebook` accepts: validate it, then replace
/// each value with yours.
///
/// ```
/// let rb = eig::Rulebook::builtin("eig-7").unwrap();
/// let doc = eig::guide::template(&rb);
/// let report = eig::validate::Validator::new(rb).validate(doc.to_string().as_bytes());
/// assert!(report.valid, "{report}");
/// ```
#[must_use]
pub fn template(rulebook: &Rulebook) -> Value {
    let allowed: Vec<&str> = rulebook
        .allowed_expertises
        .iter()
        .map(|e| e.as_str())
        .collect();
    let team = rulebook.team_size.min.max(1) as usize;
    let wanted: Vec<&str> = allowed.iter().copied().take(team).collect();
    // One seat per wanted expertise, and the rest of the team on the first.
    let mut seats: Vec<Value> = wanted
        .iter()
        .map(|e| json!({"expertise": e, "count": 1}))
        .collect();
    if let Some(first) = seats.first_mut()
        && team > wanted.len()
    {
        first["count"] = json!(1 + team - wanted.len());
    }
    let commitment = rulebook.mentors.min_commitment_percent.max(20);
    let mentors: Vec<Value> = (0..rulebook.mentors.min_mentors.max(1))
        .map(|i| {
            let name = ["Karim Benali", "Sophie Leroy", "Julien Morel"][i as usize % 3];
            json!({
                "name": name,
                "position": "Chef de projet numérique",
                "email": format!("mentor{}@example.gouv.fr", i + 1),
                "commitment_percent": commitment,
            })
        })
        .collect();
    let mut doc = json!({
        "promotion": rulebook.promotion.as_str(),
        "title": "Alertes crues en temps réel pour les communes",
        "summary": "Donner aux maires des petites communes une alerte de crue lisible, fondée sur \
                    les mesures des stations hydrométriques.",
        "problem": "Les petites communes reçoivent des alertes trop larges pour décider d'une \
                    évacuation : les mesures existent, mais ne sont pas croisées avec les enjeux \
                    locaux.",
        "expected_impact": "Réduire de moitié le délai entre le dépassement d'un seuil et la \
                            décision du maire dans 50 communes pilotes.",
        "data": [{"name": "Hauteurs d'eau des stations hydrométriques", "access": "open", "personal_data": false}],
        "hosts": [{
            "name": "Ministère de la Transition écologique",
            "department": "Service central d'hydrométéorologie",
            "siret": "11000201100044",
            "siren": "110002011",
        }],
        "sponsor": {"name": "Claire Martin", "position": "Cheffe du service", "email": "claire.martin@example.gouv.fr"},
        "mentors": mentors,
        "seats": seats,
        "duration_months": rulebook.immersion_months.min,
        "locations": [{"city": "Toulouse", "postcode": "31000", "remote_days_per_week": 2}],
        "themes": ["environnement"],
        "contact": {
            "name": "Claire Martin",
            "position": "Cheffe du service",
            "email": "claire.martin@example.gouv.fr",
            "phone": "+33 5 61 00 00 00",
        },
        "submitted_at": filed_at(rulebook),
    });
    if rulebook.submission_form == SubmissionForm::Form2024 {
        add_form_2024(&mut doc, rulebook, &allowed, &wanted);
    }
    doc
}

/// The dossier sections of the form 2024, in `doc`.
fn add_form_2024(doc: &mut Value, rulebook: &Rulebook, allowed: &[&str], wanted: &[&str]) {
    let eligibility = rulebook.eligibility.as_ref();
    let kind = eligibility
        .and_then(|e| e.host_kinds.first())
        .map_or("central_administration", |k| k.as_str());
    doc["hosts"][0]["kind"] = json!(kind);
    let phase = eligibility
        .and_then(|e| e.product_phases.first())
        .map_or("construction", |p| p.as_str());
    let prefix = eligibility
        .and_then(|e| e.product_page_prefix.clone())
        .unwrap_or_else(|| "https://beta.gouv.fr/".to_owned());
    doc["product_page"] = json!(format!(
        "{}startups/alertes-crues.html",
        with_slash(&prefix)
    ));
    doc["project"] = json!({
        "phase": phase,
        "incubator": "Incubateur du ministère de la Transition écologique",
        "public_policy": "La prévention des inondations et la sécurité des habitants.",
    });
    doc["wishes"] = Value::Array(
        allowed
            .iter()
            .map(|e| {
                if wanted.contains(e) {
                    json!({"expertise": e, "wanted": true, "missions":
                        "Construire le service avec les maires pilotes, mesurer son usage et \
                         son impact."})
                } else {
                    json!({"expertise": e, "wanted": false})
                }
            })
            .collect(),
    );
    doc["steering"] = json!({
        "current": "Le service central pilote le projet avec un prestataire.",
        "envisaged": "Copilotage par la cheffe du service (sponsor) et l'équipe d'EIG, comité \
                      produit mensuel.",
    });
    doc["motivations"] = json!({
        "objectives_12_months": "Un service utilisé par 50 communes pilotes, des indicateurs \
                                 d'impact publiés.",
        "expected_benefits": "Des décisions d'évacuation plus rapides et mieux fondées.",
        "outlook": "Ouvrir le service à toutes les communes exposées.",
    });
}

fn with_slash(prefix: &str) -> String {
    if prefix.ends_with('/') {
        prefix.to_owned()
    } else {
        format!("{prefix}/")
    }
}

/// A filing time inside the rulebook's call for projects: the day before it closes at 10:00,
/// or the day after it opens, or a fixed time when the call has no dates.
fn filed_at(rulebook: &Rulebook) -> String {
    let window = rulebook.call_for_projects.as_ref();
    let zone = window.map_or(chrono_tz::Europe::Paris, |w| w.time_zone);
    let local = match (window.and_then(|w| w.opens), window.and_then(|w| w.closes)) {
        (opens, Some(closes)) => {
            let day_before = (closes - Duration::days(1)).date().and_hms_opt(10, 0, 0);
            match (day_before, opens) {
                (Some(t), Some(o)) if t < o => closes - Duration::hours(1),
                (Some(t), _) => t,
                (None, _) => closes - Duration::hours(1),
            }
        }
        (Some(opens), None) => opens + Duration::days(1),
        (None, None) => chrono::NaiveDate::from_ymd_opt(2024, 3, 12)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap_or_default(),
    };
    zone.from_local_datetime(&local)
        .earliest()
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_default()
}

/// Every field of `rulebook`'s dossier form, in the schema's order, with what it accepts.
///
/// ```
/// let rb = eig::Rulebook::builtin("eig-7").unwrap();
/// let fields = eig::guide::fields(&rb, eig::diagnostics::Lang::Fr);
/// let seats = fields.iter().find(|f| f.pointer == "/seats/[]/expertise").unwrap();
/// assert!(seats.accepted.contains("direction-produit"));
/// assert!(fields.iter().any(|f| f.pointer == "/wishes" && f.required));
/// ```
#[must_use]
pub fn fields(rulebook: &Rulebook, lang: Lang) -> Vec<Field> {
    let schema = SchemaKind::submission(rulebook.submission_form).generate();
    let example = template(rulebook);
    let mut out = Vec::new();
    let walk = Walk {
        root: &schema,
        example: &example,
        rulebook,
        lang,
    };
    walk.field(&schema, "", true, &mut out);
    out
}

/// The schema node a `$ref` names, followed to its end (the node itself when it leads
/// nowhere).
fn resolve<'a>(node: &'a Value, root: &'a Value) -> &'a Value {
    resolve_ref(node, root).unwrap_or(node)
}

/// The non-null branch of an optional value (`anyOf: [X, null]`).
fn present<'a>(node: &'a Value, root: &'a Value) -> &'a Value {
    let node = resolve(node, root);
    node.get("anyOf")
        .and_then(Value::as_array)
        .and_then(|branches| Some(resolve(&branches[present_branch(branches)?], root)))
        .unwrap_or(node)
}

fn type_of(node: &Value) -> Option<&str> {
    match node.get("type") {
        Some(Value::String(t)) => Some(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    }
}

/// What every step of the walk over the schema reads.
struct Walk<'a> {
    root: &'a Value,
    example: &'a Value,
    rulebook: &'a Rulebook,
    lang: Lang,
}

impl Walk<'_> {
    /// The field at `pointer` (its schema `node`), then the fields inside it: an object's
    /// properties, or those of a list's items (`pointer/[]/...`), or a list's plain items.
    fn field(&self, node: &Value, pointer: &str, required: bool, out: &mut Vec<Field>) {
        // The schema's own property is not a field an officer fills in.
        if pointer == "/$schema" {
            return;
        }
        let described = resolve(node, self.root);
        let node = present(node, self.root);
        if !pointer.is_empty() {
            out.push(field(
                pointer,
                described,
                node,
                self.root,
                required,
                self.example,
                self.rulebook,
                self.lang,
            ));
        }
        if node.get("properties").is_some() {
            self.properties(node, pointer, out);
        } else if type_of(node) == Some("array")
            && let Some(items) = node.get("items")
        {
            let items_node = present(items, self.root);
            let inner = format!("{pointer}/[]");
            if items_node.get("properties").is_some() {
                self.properties(items_node, &inner, out);
            } else {
                out.push(field(
                    &inner,
                    items,
                    items_node,
                    self.root,
                    true,
                    self.example,
                    self.rulebook,
                    self.lang,
                ));
            }
        }
    }

    /// The fields of an object's properties, each required or not as the object says.
    fn properties(&self, object: &Value, pointer: &str, out: &mut Vec<Field>) {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(props) = object.get("properties").and_then(Value::as_object) {
            for (name, child) in props {
                let at = format!("{pointer}/{name}");
                self.field(child, &at, required.contains(&name.as_str()), out);
            }
        }
    }
}

/// The template's value at a pointer with `[]` (its first item).
fn example_at<'a>(example: &'a Value, pointer: &str) -> Option<&'a Value> {
    example.pointer(&pointer.replace("/[]", "/0"))
}

#[allow(clippy::too_many_arguments)]
fn field(
    pointer: &str,
    described: &Value,
    node: &Value,
    root: &Value,
    required: bool,
    example: &Value,
    rulebook: &Rulebook,
    lang: Lang,
) -> Field {
    let text = FIELD_TEXTS_FR.iter().find(|(p, _, _)| *p == pointer);
    let described = described
        .get("description")
        .or_else(|| node.get("description"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    // The schema puts the French text first, then a blank line, then the English one.
    let english = described
        .split_once("\n\n")
        .filter(|(first, _)| {
            text.is_some_and(|(_, label, _)| first.starts_with(label)) || first.contains(" : ")
        })
        .map_or(described, |(_, rest)| rest)
        .replace('\n', " ");
    let name = pointer.rsplit('/').find(|s| *s != "[]").unwrap_or(pointer);
    let (label, meaning) = match (lang, text) {
        (Lang::Fr, Some((_, label, meaning))) => ((*label).to_owned(), (*meaning).to_owned()),
        _ => (name.to_owned(), english),
    };
    let example = example_at(example, pointer)
        .filter(|v| !v.is_object() && !v.is_array())
        .map(|v| v.to_string());
    Field {
        pointer: pointer.to_owned(),
        label,
        meaning,
        required: required || required_by(pointer, rulebook),
        accepted: accepted(pointer, node, root, rulebook, lang),
        example,
    }
}

/// Whether the rulebook requires a field the schema leaves optional (EIG 7's product page):
/// the guide then says it is required, once, rather than optional and then required.
fn required_by(pointer: &str, rulebook: &Rulebook) -> bool {
    match pointer {
        "/product_page" => rulebook
            .eligibility
            .as_ref()
            .is_some_and(|e| e.product_page_prefix.is_some()),
        _ => false,
    }
}

/// What a field accepts, in words: the schema's constraints, then the rulebook's.
fn accepted(pointer: &str, node: &Value, root: &Value, rulebook: &Rulebook, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let mut parts: Vec<String> = Vec::new();
    let say = |f: String, e: String| if fr { f } else { e };
    let values = enum_values(node, root);
    if !values.is_empty() {
        let listed: Vec<String> = values
            .iter()
            .map(|v| match value_label_fr(v).filter(|_| fr) {
                Some(l) => format!("`{v}` ({l})"),
                None => format!("`{v}`"),
            })
            .collect();
        parts.push(say(
            format!("l'une de ces valeurs : {}", listed.join(", ")),
            format!("one of: {}", listed.join(", ")),
        ));
    }
    parts.extend(schema_words(node, !values.is_empty(), fr));
    parts.extend(rulebook_words(pointer, rulebook, fr));
    parts.join(if fr { " ; " } else { "; " })
}

/// The values of an enumeration (directly, or as a union of constants).
fn enum_values(node: &Value, root: &Value) -> Vec<String> {
    let mut values: Vec<String> = node
        .get("enum")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    for key in ["oneOf", "anyOf"] {
        if let Some(branches) = node.get(key).and_then(Value::as_array) {
            values.extend(
                branches
                    .iter()
                    .map(|b| resolve(b, root))
                    .filter_map(|b| b.get("const").and_then(Value::as_str))
                    .map(str::to_owned),
            );
        }
    }
    values
}

/// What the schema asks of a value of this type, in words.
fn schema_words(node: &Value, enumerated: bool, fr: bool) -> Option<String> {
    let say = |f: String, e: String| if fr { f } else { e };
    match type_of(node) {
        Some("string") if !enumerated => {
            if let Some(p) = node.get("pattern").and_then(Value::as_str) {
                crate::diagnostics::message::PATTERN_WORDS
                    .iter()
                    .find(|(q, _, _)| *q == p)
                    .map(|(_, f, e)| say((*f).to_owned(), (*e).to_owned()))
            } else if let Some(f) = node.get("format").and_then(Value::as_str) {
                Some(match f {
                    "date-time" => say(
                        "une date et heure avec décalage : année-mois-jourTheure:minute:seconde+décalage (comme 2024-03-12T10:00:00+01:00)".into(),
                        "a date and time with offset (like 2024-03-12T10:00:00+01:00)".into(),
                    ),
                    "uri" => say(
                        "une adresse web entière, avec https://".into(),
                        "a whole web address, with https://".into(),
                    ),
                    other => other.to_owned(),
                })
            } else {
                let min = node.get("minLength").and_then(Value::as_u64);
                let max = node.get("maxLength").and_then(Value::as_u64);
                Some(match (min, max) {
                    (Some(a), Some(b)) => say(
                        format!("un texte de {a} à {b} caractères"),
                        format!("a text of {a} to {b} characters"),
                    ),
                    (None, Some(b)) => say(
                        format!("un texte de {b} caractères au plus"),
                        format!("a text of at most {b} characters"),
                    ),
                    _ => say("un texte".into(), "a text".into()),
                })
            }
        }
        Some("integer") | Some("number") => {
            let min = node.get("minimum").and_then(Value::as_f64);
            let max = node.get("maximum").and_then(Value::as_f64);
            Some(match (min, max) {
                (Some(a), Some(b)) => say(
                    format!("un nombre entier de {a} à {b}"),
                    format!("a whole number from {a} to {b}"),
                ),
                (Some(a), None) => say(
                    format!("un nombre entier, au moins {a}"),
                    format!("a whole number, at least {a}"),
                ),
                _ => say("un nombre entier".into(), "a whole number".into()),
            })
        }
        Some("boolean") => Some(say(
            "true (oui) ou false (non), sans guillemets".into(),
            "true or false, without quotes".into(),
        )),
        Some("array") => {
            let min = node.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            Some(if min > 0 {
                say(
                    format!("une liste d'au moins {min} élément(s)"),
                    format!("a list of at least {min} item(s)"),
                )
            } else {
                say("une liste".into(), "a list".into())
            })
        }
        _ => None,
    }
}

/// What the rulebook adds to a field's constraints, in words.
fn rulebook_words(pointer: &str, rulebook: &Rulebook, fr: bool) -> Option<String> {
    let say = |f: String, e: String| if fr { f } else { e };
    let label = &rulebook.label;
    match pointer {
        "/promotion" => Some(say(
            format!("ici `{}`", rulebook.promotion.as_str()),
            format!("here `{}`", rulebook.promotion.as_str()),
        )),
        "/seats" => Some(say(
            format!(
                "{label} : de {} à {} EIG en tout",
                rulebook.team_size.min, rulebook.team_size.max
            ),
            format!(
                "{label}: {} to {} fellows in all",
                rulebook.team_size.min, rulebook.team_size.max
            ),
        )),
        "/seats/[]/expertise" | "/wishes/[]/expertise" => {
            let list: Vec<String> = rulebook
                .allowed_expertises
                .iter()
                .map(|e| match e.term().filter(|_| fr) {
                    Some(t) => format!("`{}` ({})", e.as_str(), t.label_fr),
                    None => format!("`{}`", e.as_str()),
                })
                .collect();
            Some(say(
                format!("{label} recrute : {}", list.join(", ")),
                format!("{label} recruits: {}", list.join(", ")),
            ))
        }
        "/wishes" => Some(say(
            "un vœu par profil que la promotion propose".into(),
            "one wish per profile the promotion offers".into(),
        )),
        "/duration_months" => Some(match rulebook.immersion_months.max {
            Some(max) if max == rulebook.immersion_months.min => say(
                format!("{label} : {max} mois"),
                format!("{label}: {max} months"),
            ),
            Some(max) => say(
                format!(
                    "{label} : de {} à {max} mois",
                    rulebook.immersion_months.min
                ),
                format!("{label}: {} to {max} months", rulebook.immersion_months.min),
            ),
            None => say(
                format!("{label} : au moins {} mois", rulebook.immersion_months.min),
                format!("{label}: at least {} months", rulebook.immersion_months.min),
            ),
        }),
        // No minimum is no rule to state ("at least 0").
        "/mentors" => (rulebook.mentors.min_mentors > 0).then(|| {
            say(
                format!(
                    "{label} : au moins {} mentor(s)",
                    rulebook.mentors.min_mentors
                ),
                format!(
                    "{label}: at least {} mentor(s)",
                    rulebook.mentors.min_mentors
                ),
            )
        }),
        "/mentors/[]/commitment_percent" => Some(say(
            format!(
                "{label} : au moins {} %",
                rulebook.mentors.min_commitment_percent
            ),
            format!(
                "{label}: at least {}%",
                rulebook.mentors.min_commitment_percent
            ),
        )),
        "/themes/[]" => {
            let list: Vec<String> = THEMES.iter().map(|t| format!("`{}`", t.slug)).collect();
            Some(say(
                format!("les thématiques du programme : {}", list.join(", ")),
                format!("the programme's themes: {}", list.join(", ")),
            ))
        }
        "/locations/[]/postcode" => Some(say(
            "un lieu en France (Monaco, 980xx, ne l'est pas)".into(),
            "a place in France (Monaco, 980xx, is not)".into(),
        )),
        "/submitted_at" => call_words(rulebook, fr),
        "/product_page" => rulebook
            .eligibility
            .as_ref()
            .and_then(|e| e.product_page_prefix.as_deref())
            .map(|p| {
                say(
                    format!("{label} : commence par {p}"),
                    format!("{label}: starts with {p}"),
                )
            }),
        "/hosts/[]/kind" => rulebook
            .eligibility
            .as_ref()
            .filter(|e| !e.host_kinds.is_empty())
            .map(|e| {
                let list: Vec<&str> = e.host_kinds.iter().map(|k| k.as_str()).collect();
                say(
                    format!("{label} accueille : {}", list.join(", ")),
                    format!("{label} takes: {}", list.join(", ")),
                )
            }),
        "/project/phase" => rulebook
            .eligibility
            .as_ref()
            .filter(|e| !e.product_phases.is_empty())
            .map(|e| {
                let list: Vec<&str> = e.product_phases.iter().map(|p| p.as_str()).collect();
                say(
                    format!("{label} prend les produits en phase : {}", list.join(", ")),
                    format!("{label} takes products in phase: {}", list.join(", ")),
                )
            }),
        _ => None,
    }
}

/// The call for projects in words, for the filing time.
fn call_words(rulebook: &Rulebook, fr: bool) -> Option<String> {
    let w = rulebook.call_for_projects.as_ref()?;
    let show = |t: chrono::DateTime<chrono_tz::Tz>| t.format("%Y-%m-%d %H:%M:%S %Z").to_string();
    let (opens, closes) = (w.opens_at().map(show), w.closes_at().map(show));
    Some(match (opens, closes, fr) {
        (Some(o), Some(c), true) => format!("pendant l'appel à projets, du {o} au {c}"),
        (Some(o), Some(c), false) => format!("during the call for projects, from {o} to {c}"),
        (None, Some(c), true) => format!("avant la clôture de l'appel à projets, le {c}"),
        (None, Some(c), false) => format!("before the call for projects closes, at {c}"),
        (Some(o), None, true) => format!("après l'ouverture de l'appel à projets, le {o}"),
        (Some(o), None, false) => format!("after the call for projects opens, at {o}"),
        (None, None, _) => return None,
    })
}

/// The field guide as Markdown: a title, how to check a dossier, and one table row per field.
#[must_use]
pub fn guide_markdown(rulebook: &Rulebook, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let form = rulebook.submission_form.as_str();
    let mut md = String::new();
    if fr {
        let _ = writeln!(
            md,
            "# Guide des champs du dossier de défi — {} (formulaire {form})\n",
            rulebook.label
        );
        md.push_str("Ce guide est produit par `eig fields --promotion ");
        let _ = writeln!(
            md,
            "{} --format markdown` à partir du schéma et du règlement de la promotion ; un test \
             vérifie qu'il est à jour.\n",
            rulebook.promotion.as_str()
        );
        let _ = writeln!(
            md,
            "Pour commencer : `eig template --promotion {p} --out defi.json` écrit un dossier \
             rempli de valeurs d'exemple qui passe la validation, avec au-dessus de chaque champ \
             un commentaire qui dit ce qu'il est et ce qu'il accepte ; remplacez chaque valeur \
             par la vôtre, puis `eig validate defi.json` dit ce qui manque ou ne va pas, ligne \
             par ligne, avec la façon de le corriger.\n",
            p = rulebook.promotion.as_str()
        );
        md.push_str(
            "Un champ d'une liste (`[]`) est à remplir pour chaque élément. « Obligatoire » \
             vaut à l'intérieur de l'élément qui le contient.\n\n",
        );
        md.push_str("| Champ | Nom | Obligatoire | Ce que c'est | Valeurs acceptées | Exemple |\n");
    } else {
        let _ = writeln!(
            md,
            "# Field guide of the défi dossier — {} (form {form})\n",
            rulebook.label
        );
        let _ = writeln!(
            md,
            "Made by `eig fields --promotion {p} --lang en --format markdown` from the schema \
             and the promotion's rulebook. Start from `eig template --promotion {p} --out \
             defi.json`, replace each value with yours, then `eig validate defi.json`.\n",
            p = rulebook.promotion.as_str()
        );
        md.push_str("| Field | Name | Required | What it is | Accepted | Example |\n");
    }
    md.push_str("|---|---|---|---|---|---|\n");
    let yes_no = |b: bool| match (b, fr) {
        (true, true) => "oui",
        (false, true) => "non",
        (true, false) => "yes",
        (false, false) => "no",
    };
    for f in fields(rulebook, lang) {
        let cell = |s: &str| s.replace('|', "\\|");
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | {} | {} |",
            f.pointer,
            cell(&f.label),
            yes_no(f.required),
            cell(&f.meaning),
            cell(&f.accepted),
            f.example
                .map(|e| format!("`{}`", cell(&e)))
                .unwrap_or_default()
        );
    }
    md
}

/// The field guide as plain text for a terminal: one block per field.
#[must_use]
pub fn guide_text(rulebook: &Rulebook, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} {}\n",
        rulebook.label,
        if fr { "formulaire" } else { "form" },
        rulebook.submission_form.as_str()
    );
    for f in fields(rulebook, lang) {
        let need = match (f.required, fr) {
            (true, true) => "obligatoire",
            (false, true) => "facultatif",
            (true, false) => "required",
            (false, false) => "optional",
        };
        let _ = writeln!(out, "{} — {} ({need})", f.pointer, f.label);
        let _ = writeln!(out, "    {}", f.meaning);
        if !f.accepted.is_empty() {
            let _ = writeln!(
                out,
                "    {} {}",
                if fr { "Accepté :" } else { "Accepted:" },
                f.accepted
            );
        }
        if let Some(e) = f.example {
            let _ = writeln!(out, "    {} {e}", if fr { "Exemple :" } else { "Example:" });
        }
    }
    out
}

/// The template as pretty JSON text with a final newline.
#[must_use]
pub fn template_text(rulebook: &Rulebook) -> String {
    let mut text = serde_json::to_string_pretty(&template(rulebook)).unwrap_or_default();
    text.push('\n');
    text
}

/// The template as JSON with comments, in `lang`: a header that says how to use it, and
/// above each field of the first item of every list its name, whether it is required, what
/// it is and what it accepts; an object's optional fields that the template leaves out are
/// listed after its last field. `eig validate` reads it as it is (the comments give a
/// `comments_ignored` warning); [`template_text`] is the same without comments.
///
/// ```
/// use eig::diagnostics::Lang;
/// let rb = eig::Rulebook::builtin("eig-7").unwrap();
/// let text = eig::guide::template_commented(&rb, Lang::Fr);
/// assert!(text.contains("// SIRET — facultatif."));
/// let report = eig::validate::Validator::new(rb).validate(text.as_bytes());
/// assert!(report.valid, "{report}");
/// assert_eq!(report.violations.len(), 1);
/// assert_eq!(report.violations[0].code, "comments_ignored");
/// ```
#[must_use]
pub fn template_commented(rulebook: &Rulebook, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let p = rulebook.promotion.as_str();
    let form = rulebook.submission_form.as_str();
    let header = if fr {
        format!(
            "Dossier de défi — {label} (formulaire {form}), écrit par `eig template --promotion \
             {p}`. Chaque valeur est un exemple que le règlement de la promotion accepte : \
             remplacez-la par la vôtre, puis vérifiez le dossier avec `eig validate defi.json`. \
             Pour une liste, recopiez l'élément entre {{ }} autant de fois qu'il le faut, \
             séparés par des virgules. Les lignes qui commencent par // sont des commentaires : \
             eig les ignore (et le signale) ; supprimez-les avant de transmettre le fichier à un \
             autre outil, ou partez de `eig template --promotion {p} --no-comments`.",
            label = rulebook.label
        )
    } else {
        format!(
            "Défi dossier — {label} (form {form}), written by `eig template --promotion {p} \
             --lang en`. Each value is an example the promotion's rulebook accepts: replace it \
             with yours, then check the dossier with `eig validate defi.json`. For a list, copy \
             the item between {{ }} as many times as needed, separated by commas. Lines that \
             start with // are comments: eig ignores them (and says so); delete them before you \
             hand the file to another tool, or start from `eig template --promotion {p} \
             --no-comments`.",
            label = rulebook.label
        )
    };
    let guide = fields(rulebook, lang);
    let mut out = String::new();
    comment(&mut out, "", &header);
    commented_value(&template(rulebook), "", "", true, &guide, fr, &mut out);
    out.push('\n');
    out
}

/// The comment lines of `text`, wrapped at 100 columns, at `indent`.
fn comment(out: &mut String, indent: &str, text: &str) {
    let width = 100usize.saturating_sub(indent.len() + 3).max(40);
    // French spacing: a `:`, `;`, `?`, `!` or `»` never starts a line, a `«` never ends one.
    let mut words: Vec<String> = Vec::new();
    let mut opening = false;
    for word in text.split_whitespace() {
        match words.last_mut() {
            Some(last) if opening || matches!(word, ":" | ";" | "?" | "!" | "»") => {
                last.push(' ');
                last.push_str(word);
            }
            _ => words.push(word.to_owned()),
        }
        opening = word == "«";
    }
    let mut line = String::new();
    for word in &words {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            let _ = writeln!(out, "{indent}// {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}// {line}");
    }
}

/// What the comment above a field says: its name, whether it is required, what it is and
/// what it accepts; `absent` names a field the template leaves out.
fn field_comment(f: &Field, absent: Option<&str>, fr: bool) -> String {
    let need = match (f.required, fr) {
        (true, true) => "obligatoire",
        (false, true) => "facultatif",
        (true, false) => "required",
        (false, false) => "optional",
    };
    let mut text = match (absent, fr) {
        (None, _) => format!("{} — {need}. {}", f.label, f.meaning),
        // The English guide names a field by its key.
        (Some(name), false) if name == f.label => {
            format!("{name} — {need}, not in this template. {}", f.meaning)
        }
        (Some(name), true) => format!(
            "{} — {need}, absent de ce modèle : \"{name}\". {}",
            f.label, f.meaning
        ),
        (Some(name), false) => format!(
            "{} — {need}, not in this template: \"{name}\". {}",
            f.label, f.meaning
        ),
    };
    if !f.accepted.is_empty() {
        let _ = write!(
            text,
            " {} {}.",
            if fr { "Accepté :" } else { "Accepted:" },
            f.accepted.trim_end_matches('.')
        );
    }
    text
}

/// Writes `value` as pretty JSON (two spaces per level, as `serde_json` does) with the
/// comments of the guide's fields above the keys of its objects. `pointer` is the guide's
/// pointer of `value` (`[]` for a list's items); `comments` is false inside a list's items
/// after the first.
fn commented_value(
    value: &Value,
    pointer: &str,
    indent: &str,
    comments: bool,
    guide: &[Field],
    fr: bool,
    out: &mut String,
) {
    let inner = format!("{indent}  ");
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (key, v)) in map.iter().enumerate() {
                let at = format!("{pointer}/{key}");
                if comments && let Some(f) = guide.iter().find(|f| f.pointer == at) {
                    comment(out, &inner, &field_comment(f, None, fr));
                }
                let _ = write!(
                    out,
                    "{inner}{}: ",
                    serde_json::to_string(key).unwrap_or_default()
                );
                commented_value(v, &at, &inner, comments, guide, fr, out);
                if i + 1 < map.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            if comments {
                // The optional fields of this object that the template leaves out.
                let prefix = format!("{pointer}/");
                for f in guide.iter().filter(|f| {
                    f.pointer
                        .strip_prefix(&prefix)
                        .is_some_and(|rest| !rest.contains('/'))
                        && !map.contains_key(&f.pointer[prefix.len()..])
                }) {
                    let name = &f.pointer[prefix.len()..];
                    comment(out, &inner, &field_comment(f, Some(name), fr));
                }
            }
            let _ = write!(out, "{indent}}}");
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            let at = format!("{pointer}/[]");
            for (i, v) in items.iter().enumerate() {
                if comments
                    && i == 0
                    && let Some(f) = guide.iter().find(|f| f.pointer == at)
                {
                    comment(out, &inner, &field_comment(f, None, fr));
                }
                out.push_str(&inner);
                commented_value(v, &at, &inner, comments && i == 0, guide, fr, out);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            let _ = write!(out, "{indent}]");
        }
        other => out.push_str(&serde_json::to_string(other).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Validator;

    #[test]
    fn every_builtin_template_is_valid_for_its_promotion() {
        for id in crate::model::PromotionId::HISTORICAL {
            let rb = Rulebook::builtin(id).unwrap();
            let report = Validator::new(rb.clone()).validate(template_text(&rb).as_bytes());
            assert!(report.valid, "{id}: {report}");
        }
    }

    #[test]
    fn every_commented_template_is_the_template_with_comments_on_every_field() {
        for id in crate::model::PromotionId::HISTORICAL {
            let rb = Rulebook::builtin(id).unwrap();
            for lang in [Lang::Fr, Lang::En] {
                let text = template_commented(&rb, lang);
                let report = Validator::new(rb.clone()).validate(text.as_bytes());
                assert!(report.valid, "{id}: {report}");
                // The template's own report (a promotion whose call dates are unknown has a
                // warning), after the one of the comments.
                let plain = Validator::new(rb.clone()).validate(template_text(&rb).as_bytes());
                let codes = |r: &crate::diagnostics::Report| -> Vec<String> {
                    r.violations.iter().map(|v| v.code.clone()).collect()
                };
                let mut expected = vec!["comments_ignored".to_owned()];
                expected.extend(codes(&plain));
                assert_eq!(codes(&report), expected, "{id}");
                // Without its comment lines, it is the template, to the byte.
                let bare: String = text
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .map(|l| format!("{l}\n"))
                    .collect();
                assert_eq!(bare, template_text(&rb), "{id}");
                // Every field of an object the template has is named in a comment: above it,
                // or as left out (the fields inside a left-out object are the guide's).
                let example = template(&rb);
                for f in fields(&rb, lang) {
                    let parent = f.pointer.rsplit_once('/').map_or("", |(p, _)| p);
                    if example.pointer(&parent.replace("/[]", "/0")).is_none() {
                        continue;
                    }
                    let said = format!("// {} — ", f.label);
                    assert!(
                        text.contains(&said),
                        "{id} {lang:?}: {} not commented",
                        f.pointer
                    );
                }
                assert!(
                    text.lines()
                        .all(|l| l.chars().count() <= 100 || !l.contains("//"))
                );
            }
        }
    }

    /// The guide says one thing per field per promotion: a field the rulebook requires is
    /// not called optional, and no rule says "at least 0".
    #[test]
    fn the_guide_says_one_thing_per_field() {
        for id in crate::model::PromotionId::HISTORICAL {
            let rb = Rulebook::builtin(id).unwrap();
            for lang in [Lang::Fr, Lang::En] {
                for f in fields(&rb, lang) {
                    let words = f.accepted.to_lowercase();
                    for said in ["obligatoire", "required"] {
                        assert!(
                            f.required || !words.contains(said),
                            "{id} {}: optional, then {said}: {}",
                            f.pointer,
                            f.accepted
                        );
                    }
                    for zero in ["au moins 0", "at least 0"] {
                        assert!(!words.contains(zero), "{id} {}: {}", f.pointer, f.accepted);
                    }
                }
            }
            let page = fields(&rb, Lang::Fr)
                .into_iter()
                .find(|f| f.pointer == "/product_page");
            if id == "eig-7" {
                assert!(page.is_some_and(|f| f.required), "{id}");
            }
        }
    }

    #[test]
    fn every_field_of_both_forms_has_french_words() {
        for id in ["eig-6", "eig-7"] {
            let rb = Rulebook::builtin(id).unwrap();
            for f in fields(&rb, Lang::Fr) {
                assert!(
                    FIELD_TEXTS_FR.iter().any(|(p, _, _)| *p == f.pointer),
                    "{id}: {} has no French name",
                    f.pointer
                );
                assert!(!f.accepted.contains('^'), "{}: {}", f.pointer, f.accepted);
            }
        }
    }
}
