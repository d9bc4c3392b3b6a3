//! The current site (Hugo and its CMS): `site/content/defis/*.md`, the vocabularies, the CMS
//! schema, and the roles-only people file.

use super::fields::Fields;
use super::reader::{Ctx, Origin, Raw, RawChallenge, RawPerson, RawPromotion, RawRole, RawTerm};
use super::text::promotion_label;
use super::vocab::{self, Vocabulary};
use super::{ImportError, RecordKind};
use crate::diagnostics::message::{self, Among, Kept, Lacking, Reading, Shape, Term, Then};
use crate::model::{CommunityRole, PromotionId, SourceKind};
use crate::text::slug;
use serde_json::{Map, Value};

const DEFIS: &str = "site/content/defis";
const CONFIG: &str = "site/static/admin/config.yml";
const PEOPLE_FILE: &str = "derived/personnes.roles-only.yml";
const PEOPLE_DIR: &str = "site/content/personnes";

/// The défi fields of the CMS schema, used when the schema file is absent.
const DEFI_FIELDS: &[&str] = &[
    "title",
    "description",
    "who",
    "place",
    "themes",
    "promos",
    "town",
    "date",
    "expertises",
    "image",
    "ogImage",
    "body",
    "visible",
    "isSET",
    "urlSET",
];
/// The person fields of the CMS schema, used when the schema file is absent.
const PERSON_FIELDS: &[&str] = &[
    "title",
    "job",
    "desc",
    "promos",
    "role",
    "defis",
    "expertises",
    "image",
    "linkedin",
    "github",
    "body",
    "weight",
];
/// Profile fields of a person: the dataset does not hold them.
const PROFILE_FIELDS: &[&str] = &["desc", "image", "linkedin", "github", "body", "weight"];

pub(crate) fn read(ctx: &mut Ctx<'_>, raw: &mut Raw) -> Result<(), ImportError> {
    ctx.require(DEFIS)?;
    let (defi_fields, person_fields) = cms_fields(ctx)?;
    let mut vocabulary = Vocabulary::default();
    read_promotions(ctx, raw)?;
    read_terms(ctx, raw, &mut vocabulary, true)?;
    read_terms(ctx, raw, &mut vocabulary, false)?;
    read_challenges(ctx, raw, &vocabulary, &defi_fields)?;
    if ctx.exists(PEOPLE_FILE) {
        read_people_file(ctx, raw, &vocabulary, &person_fields)?;
    } else {
        read_people_dir(ctx, raw, &vocabulary, &person_fields)?;
    }
    Ok(())
}

/// The field names the CMS schema declares for défis and people.
fn cms_fields(ctx: &mut Ctx<'_>) -> Result<(Vec<String>, Vec<String>), ImportError> {
    let fallback = |f: &[&str]| f.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let mut defis = fallback(DEFI_FIELDS);
    let mut people = fallback(PERSON_FIELDS);
    if !ctx.exists(CONFIG) {
        return Ok((defis, people));
    }
    let text = match ctx.read_text(CONFIG)? {
        Ok(text) => text,
        Err(v) => {
            ctx.anomaly(CONFIG, *v);
            return Ok((defis, people));
        }
    };
    let config = match ctx.parse_yaml(CONFIG, &text, 1) {
        Ok(v) => v,
        Err(v) => {
            ctx.anomaly(CONFIG, *v);
            return Ok((defis, people));
        }
    };
    let collections = config
        .get("collections")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for c in &collections {
        let names: Vec<String> = c
            .get("fields")
            .and_then(Value::as_array)
            .map(|fields| {
                fields
                    .iter()
                    .filter_map(|f| f.get("name").and_then(Value::as_str).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        match c.get("name").and_then(Value::as_str) {
            Some("defis") if !names.is_empty() => defis = names,
            Some("personnes") if !names.is_empty() => people = names,
            _ => {}
        }
    }
    Ok((defis, people))
}

fn origin(file: &str) -> Origin {
    Origin {
        source: SourceKind::SiteEigV3,
        file: file.to_owned(),
        key: None,
        pointer: String::new(),
    }
}

/// A Markdown record's front matter fields and body.
type Markdown = (Map<String, Value>, String);

/// The front matter and body of a Markdown record, or its refusal.
fn markdown(
    ctx: &mut Ctx<'_>,
    file: &str,
    kind: RecordKind,
) -> Result<Option<Markdown>, ImportError> {
    ctx.read_record(kind);
    let text = match ctx.read_text(file)? {
        Ok(text) => text,
        Err(v) => {
            ctx.refuse(kind, file, None, *v);
            return Ok(None);
        }
    };
    let Some(fm) = super::yaml::front_matter(&text) else {
        ctx.refuse(kind, file, None, message::front_matter_missing());
        return Ok(None);
    };
    match ctx.parse_yaml(file, fm.yaml, fm.first_line) {
        Ok(Value::Object(map)) => Ok(Some((map, fm.body.to_owned()))),
        Ok(Value::Null) => Ok(Some((Map::new(), fm.body.to_owned()))),
        Ok(other) => {
            ctx.refuse(
                kind,
                file,
                None,
                message::unexpected_type("", Shape::Mapping, &other, Then::Refused),
            );
            Ok(None)
        }
        Err(v) => {
            ctx.refuse(kind, file, None, *v);
            Ok(None)
        }
    }
}

/// The records of a content folder: its Markdown files but the section pages (`_index.md`).
fn records(ctx: &mut Ctx<'_>, dir: &str) -> Result<Vec<String>, ImportError> {
    Ok(ctx
        .list(dir, ".md")?
        .into_iter()
        .filter(|n| !n.starts_with('_'))
        .map(|n| format!("{dir}/{n}"))
        .collect())
}

fn missing_title(ctx: &mut Ctx<'_>, kind: RecordKind, file: &str) {
    ctx.refuse(
        kind,
        file,
        None,
        message::record_incomplete("/title", Lacking::Title),
    );
}

fn read_promotions(ctx: &mut Ctx<'_>, raw: &mut Raw) -> Result<(), ImportError> {
    for file in records(ctx, "site/content/promos")? {
        let Some((map, _)) = markdown(ctx, &file, RecordKind::Promotion)? else {
            continue;
        };
        let mut f = Fields::new(ctx, origin(&file), map, &["title"]);
        let Some(title) = f.text("title") else {
            let _ = f.finish();
            missing_title(ctx, RecordKind::Promotion, &file);
            continue;
        };
        let extra = f.finish();
        let Some((id, _)) = promotion_label(&Value::String(title.clone())) else {
            ctx.refuse(
                RecordKind::Promotion,
                &file,
                None,
                message::promotion_label_unknown("/title", &title),
            );
            continue;
        };
        raw.promotions.push(RawPromotion {
            origin: origin(&file),
            id,
            label: title.clone(),
            year: None,
            labels: vec![title],
            extra,
        });
    }
    Ok(())
}

fn read_terms(
    ctx: &mut Ctx<'_>,
    raw: &mut Raw,
    vocabulary: &mut Vocabulary,
    theme: bool,
) -> Result<(), ImportError> {
    let dir = if theme {
        "site/content/themes"
    } else {
        "site/content/expertises"
    };
    for file in records(ctx, dir)? {
        let Some((map, _)) = markdown(ctx, &file, RecordKind::Term)? else {
            continue;
        };
        let mut f = Fields::new(ctx, origin(&file), map, &["title"]);
        let Some(label) = f.text("title") else {
            let _ = f.finish();
            missing_title(ctx, RecordKind::Term, &file);
            continue;
        };
        let _ = f.finish();
        let term = if theme {
            vocab::theme(&label)
        } else {
            vocab::expertise(&label)
        };
        if term.is_none() {
            let term = if theme { Term::Theme } else { Term::Expertise };
            ctx.anomaly(
                &file,
                message::term_unknown("/title", term, &label, Kept::AsPublished),
            );
        }
        let key = crate::text::fold(&label);
        if theme {
            vocabulary.themes.insert(key);
        } else {
            vocabulary.expertises.insert(key);
        }
        raw.terms.push(RawTerm {
            origin: origin(&file),
            theme,
            id: term.map_or_else(|| slug(&label), |t| t.slug.to_owned()),
            label,
            code: None,
        });
    }
    Ok(())
}

/// The promotions of a `promos` list; labels that name none are reported and returned.
fn promotions(f: &mut Fields<'_, '_>, labels: &[String]) -> (Vec<PromotionId>, Vec<String>) {
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    let path = f.origin.at("promos");
    let file = f.origin.file.clone();
    for (i, label) in labels.iter().enumerate() {
        match promotion_label(&Value::String(label.clone())) {
            Some((id, _)) => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            None => {
                f.ctx.anomaly(
                    &file,
                    message::reference_unresolved(format!("{path}/{i}"), label, Among::Promotions),
                );
                unknown.push(label.clone());
            }
        }
    }
    (ids, unknown)
}

fn read_challenges(
    ctx: &mut Ctx<'_>,
    raw: &mut Raw,
    vocabulary: &Vocabulary,
    format: &[String],
) -> Result<(), ImportError> {
    let format: Vec<&str> = format.iter().map(String::as_str).collect();
    for file in records(ctx, DEFIS)? {
        let Some((map, body)) = markdown(ctx, &file, RecordKind::Challenge)? else {
            continue;
        };
        let mut f = Fields::new(ctx, origin(&file), map, &format);
        let Some(title) = f.text("title") else {
            let _ = f.finish();
            missing_title(ctx, RecordKind::Challenge, &file);
            continue;
        };
        let labels = f.texts("promos");
        let (ids, unknown) = promotions(&mut f, &labels);
        if !unknown.is_empty() {
            f.put_extra("promos", Value::from(unknown));
        }
        let Some(promotion) = ids.first().cloned() else {
            let _ = f.finish();
            ctx.refuse(
                RecordKind::Challenge,
                &file,
                None,
                message::record_incomplete("/promos", Lacking::Promotion),
            );
            continue;
        };
        if ids.len() > 1 {
            let others: Vec<&str> = ids[1..].iter().map(PromotionId::as_str).collect();
            let path = f.origin.at("promos");
            f.ctx.anomaly(
                &file,
                message::value_normalised(
                    path,
                    &labels.join(", "),
                    Reading::FirstPromotion {
                        placed: promotion.as_str(),
                        others: &others,
                    },
                ),
            );
            f.put_extra("promos", Value::from(others));
        }
        let mut c = RawChallenge {
            promotion: Some(promotion),
            title,
            ..RawChallenge::default()
        };
        c.description = f.text("description");
        c.administration = f.text("who");
        c.place = f.text("place");
        c.town = f.text("town");
        let themes_path = f.origin.at("themes");
        let themes = f.texts("themes");
        c.themes = vocabulary.themes(f.ctx, &file, &themes_path, &themes);
        let expertises_path = f.origin.at("expertises");
        let expertises = f.texts("expertises");
        c.expertises = vocabulary.expertises(f.ctx, &file, &expertises_path, &expertises);
        c.published_at = date(&mut f);
        c.startup = f.boolean("isSET");
        c.startup_url = f.text("urlSET");
        for kept in ["image", "ogImage", "visible"] {
            f.keep(kept);
        }
        // A `body` field would be the CMS's; Hugo writes the body after the front matter.
        if let Some(b) = f.raw_text("body") {
            f.put_extra("body", Value::String(b));
        }
        let body = body.trim();
        if body.is_empty() {
            ctx_empty_body(&mut f, &file);
        } else {
            c.body = Some(body.to_owned());
        }
        c.origin = Some(f.origin.clone());
        c.extra = f.finish();
        raw.challenges.push(c);
    }
    Ok(())
}

fn ctx_empty_body(f: &mut Fields<'_, '_>, file: &str) {
    f.ctx.anomaly(file, message::empty_body());
}

/// The CMS publication date: an RFC 3339 date-time. A bare year (`2022`) is reported and kept
/// in `extra`, as is anything else that is not a date-time.
fn date(f: &mut Fields<'_, '_>) -> Option<String> {
    let value = f.take("date")?;
    let path = f.origin.at("date");
    let file = f.origin.file.clone();
    if let Value::String(s) = &value
        && chrono::DateTime::parse_from_rfc3339(s.trim()).is_ok()
    {
        return Some(s.trim().to_owned());
    }
    let year = match &value {
        Value::Number(n) => n.as_u64().filter(|y| (1000..10000).contains(y)),
        Value::String(s) => s
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|y| (1000..10000).contains(y)),
        _ => None,
    };
    if let Some(year) = year {
        f.ctx.anomaly(&file, message::year_for_datetime(path, year));
    } else {
        f.ctx.anomaly(
            &file,
            message::unexpected_type(path, Shape::DateTime, &value, Then::KeptInExtra),
        );
    }
    f.put_extra("date", value);
    None
}

fn role_of(name: &str) -> Option<CommunityRole> {
    Some(match name {
        "participant" => CommunityRole::Fellow,
        "agent-public" => CommunityRole::Mentor,
        "agent-programme" => CommunityRole::CoordinationTeam,
        "agent-programme-alumni" => CommunityRole::CoordinationAlumni,
        "agent-ecosysteme" => CommunityRole::Ecosystem,
        _ => return None,
    })
}

fn person(
    f: &mut Fields<'_, '_>,
    vocabulary: &Vocabulary,
    name: String,
    aliases: Vec<String>,
) -> RawPerson {
    for p in PROFILE_FIELDS {
        f.drop_field(p);
    }
    let file = f.origin.file.clone();
    let role_name = f.text("role");
    let role = role_name.as_deref().and_then(role_of);
    if let (None, Some(r)) = (role, &role_name) {
        let path = f.origin.at("role");
        f.ctx.anomaly(
            &file,
            message::term_unknown(path, Term::Role, r, Kept::InExtra),
        );
        f.put_extra("role", Value::String(r.clone()));
    }
    f.keep("job");
    let labels = f.texts("promos");
    let (promotions, unknown) = promotions(f, &labels);
    if !unknown.is_empty() {
        f.put_extra("promos", Value::from(unknown));
    }
    let expertises_path = f.origin.at("expertises");
    let labels = f.texts("expertises");
    let expertises = vocabulary.expertises(f.ctx, &file, &expertises_path, &labels);
    if expertises.len() > 1 {
        f.put_extra("expertises", Value::from(expertises[1..].to_vec()));
    }
    let refs_path = f.origin.at("defis");
    let refs = f
        .texts("defis")
        .into_iter()
        .enumerate()
        .map(|(i, r)| (r, format!("{refs_path}/{i}")))
        .collect();
    RawPerson {
        origin: f.origin.clone(),
        name,
        aliases,
        role: RawRole {
            role,
            expertise: expertises.into_iter().next(),
            promotions,
            refs,
        },
        extra: Map::new(),
    }
}

fn read_people_file(
    ctx: &mut Ctx<'_>,
    raw: &mut Raw,
    vocabulary: &Vocabulary,
    format: &[String],
) -> Result<(), ImportError> {
    let mut format: Vec<&str> = format.iter().map(String::as_str).collect();
    format.push("file");
    let Some(items) = ctx.yaml_list(PEOPLE_FILE, RecordKind::Person)? else {
        return Ok(());
    };
    for (i, item) in items.into_iter().enumerate() {
        ctx.read_record(RecordKind::Person);
        let key = item
            .get("file")
            .and_then(Value::as_str)
            .map_or_else(|| i.to_string(), str::to_owned);
        let Value::Object(map) = item else {
            ctx.refuse(
                RecordKind::Person,
                PEOPLE_FILE,
                Some(&key),
                message::unexpected_type(format!("/{i}"), Shape::Mapping, &item, Then::Refused),
            );
            continue;
        };
        let origin = Origin {
            source: SourceKind::SiteEigV3,
            file: PEOPLE_FILE.to_owned(),
            key: Some(key.clone()),
            pointer: format!("/{i}"),
        };
        let mut f = Fields::new(ctx, origin, map, &format);
        f.drop_field("file");
        let Some(name) = f.text("title") else {
            let _ = f.finish();
            ctx.refuse(
                RecordKind::Person,
                PEOPLE_FILE,
                Some(&key),
                message::record_incomplete(format!("/{i}/title"), Lacking::Name),
            );
            continue;
        };
        let mut p = person(&mut f, vocabulary, name, vec![]);
        p.extra = f.finish();
        raw.people.push(p);
    }
    Ok(())
}

fn read_people_dir(
    ctx: &mut Ctx<'_>,
    raw: &mut Raw,
    vocabulary: &Vocabulary,
    format: &[String],
) -> Result<(), ImportError> {
    let format: Vec<&str> = format.iter().map(String::as_str).collect();
    for file in records(ctx, PEOPLE_DIR)? {
        let Some((map, _body)) = markdown(ctx, &file, RecordKind::Person)? else {
            continue;
        };
        let mut f = Fields::new(ctx, origin(&file), map, &format);
        let Some(name) = f.text("title") else {
            let _ = f.finish();
            missing_title(ctx, RecordKind::Person, &file);
            continue;
        };
        let mut p = person(&mut f, vocabulary, name, vec![]);
        p.extra = f.finish();
        raw.people.push(p);
    }
    Ok(())
}
