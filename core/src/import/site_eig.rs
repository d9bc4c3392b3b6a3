//! The first site (Jekyll, 2017–2022): `_data/defis.yml`, `_data/promos.yml`,
//! `_data/skills.yml`, `_defis/*.md`, and the roles-only people file.

use super::fields::Fields;
use super::reader::{
    Ctx, Origin, Raw, RawChallenge, RawPerson, RawPromotion, RawRole, RawTerm, escape, written,
};
use super::text::promotion_label;
use super::vocab::{Vocabulary, expertise_of_profile};
use super::{ImportError, RecordKind};
use crate::diagnostics::message::{self, Among, Kept, Lacking, Reading, Shape, Term, Then};
use crate::model::{CommunityRole, KeyFigure, PromotionId, SourceKind};
use crate::text::{fold, slug};
use serde_json::{Map, Value};

const DEFIS: &str = "_data/defis.yml";
const PROMOS: &str = "_data/promos.yml";
const SKILLS: &str = "_data/skills.yml";
const WEBINARS: &str = "_data/webinaires_eig4.yml";
const BODIES: &str = "_defis";
const PEOPLE: [&str; 2] = ["derived/personnes.roles-only.yml", "_data/personnes.yml"];

/// Every field an entry of `_data/defis.yml` can hold.
const DEFI_FIELDS: &[&str] = &[
    "image",
    "title",
    "link_to",
    "skills",
    "description",
    "year",
    "promotion",
    "duration_months",
    "administration",
    "administration_website",
    "eigs",
    "mentors",
    "key_figures",
    "end_of_project_videos",
    "source_code",
    "projects",
    "poster",
    "ville",
    "website",
    "intro_videos",
];
const PROMO_FIELDS: &[&str] = &[
    "image",
    "slug",
    "title",
    "promotion",
    "class",
    "defi",
    "colorback",
];
/// Every field of a person of `_data/personnes.yml`; the profile and contact ones are not read.
const PERSON_FIELDS: &[&str] = &[
    "title",
    "programme",
    "profil",
    "annees",
    "class",
    "defis",
    "image_url",
    "link_to",
    "linkedin",
    "github",
    "gitlab",
    "twitter",
    "website",
];
const PROFILE_FIELDS: &[&str] = &[
    "image_url",
    "link_to",
    "linkedin",
    "github",
    "gitlab",
    "twitter",
    "website",
];

pub(crate) fn read(ctx: &mut Ctx<'_>, raw: &mut Raw) -> Result<(), ImportError> {
    ctx.require(DEFIS)?;
    let vocabulary = Vocabulary::default();
    read_promotions(ctx, raw)?;
    read_skills(ctx, raw)?;
    let first = raw.challenges.len();
    read_challenges(ctx, raw, &vocabulary)?;
    read_bodies(ctx, &mut raw.challenges[first..])?;
    if ctx.exists(WEBINARS) {
        read_webinars(ctx, raw)?;
    }
    for path in PEOPLE {
        if ctx.exists(path) {
            read_people(ctx, raw, path)?;
            break;
        }
    }
    Ok(())
}

/// `mardi 12 mai`: a day of EIG 4's call for candidates (May and June 2020), checked against
/// its weekday.
fn webinar_day(text: &str) -> Option<String> {
    const DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let [weekday, day, month] = words.as_slice() else {
        return None;
    };
    let month = match month.as_str() {
        "mai" => 5,
        "juin" => 6,
        _ => return None,
    };
    let date =
        chrono::NaiveDate::from_ymd_opt(2020, month, day.trim_end_matches("er").parse().ok()?)?;
    let named = DAYS.iter().position(|d| d == weekday)?;
    use chrono::Datelike as _;
    (date.weekday().num_days_from_monday() as usize == named).then(|| date.to_string())
}

/// The webinars of EIG 4's call for candidates (May 2020): one activity per webinar and défi
/// it presented. The dates have no year: they are 2020's, checked against their weekday.
fn read_webinars(ctx: &mut Ctx<'_>, raw: &mut Raw) -> Result<(), ImportError> {
    let Some(list) = ctx.yaml_list(WEBINARS, RecordKind::Activity)? else {
        return Ok(());
    };
    for (i, item) in list.into_iter().enumerate() {
        let key = i.to_string();
        let Some(fields) = entry(ctx, WEBINARS, &key, item, RecordKind::Activity) else {
            continue;
        };
        let get = |k: &str| fields.get(k).and_then(Value::as_str).map(str::trim);
        let theme = get("theme").unwrap_or_default().to_owned();
        let published = get("date").unwrap_or_default();
        let date = webinar_day(published);
        if date.is_none() {
            ctx.anomaly(
                WEBINARS,
                message::unexpected_type(
                    format!("/{i}/date"),
                    Shape::FrenchWeekday,
                    fields.get("date").unwrap_or(&Value::Null),
                    Then::Unknown,
                ),
            );
        }
        let place = get("rediffusion_url")
            .or(get("inscription_url"))
            .map(str::to_owned);
        let defis: Vec<String> = fields
            .get("defis")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .map(|d| d.trim().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        // A webinar that names no défi is still one activity, for the call as a whole.
        let labels = if defis.is_empty() {
            vec![theme.clone()]
        } else {
            defis
        };
        // One record read per activity written: the item counted above, and each other défi.
        for _ in 1..labels.len() {
            ctx.read_record(RecordKind::Activity);
        }
        for label in labels {
            raw.activities.push(crate::model::Activity {
                kind: crate::model::ActivityKind::Webinar,
                promotion: Some(PromotionId::new("eig-4")),
                label,
                challenge: None,
                date: date.clone(),
                end_date: None,
                deliverable: None,
                task: (!theme.is_empty()).then(|| theme.clone()),
                categories: Vec::new(),
                news: None,
                place: place.clone(),
                cancelled: false,
                source: crate::model::SourceRef {
                    source: SourceKind::SiteEig,
                    file: WEBINARS.to_owned(),
                    key: Some(format!("item {i}")),
                },
            });
        }
    }
    Ok(())
}

fn origin(file: &str, key: &str) -> Origin {
    Origin {
        source: SourceKind::SiteEig,
        file: file.to_owned(),
        key: Some(key.to_owned()),
        pointer: format!("/{}", escape(key)),
    }
}

/// A record's fields, or its refusal when it is not a mapping.
fn entry(
    ctx: &mut Ctx<'_>,
    file: &str,
    key: &str,
    value: Value,
    kind: RecordKind,
) -> Option<Map<String, Value>> {
    ctx.read_record(kind);
    match value {
        Value::Object(map) => Some(map),
        other => {
            ctx.refuse(
                kind,
                file,
                Some(key),
                message::unexpected_type(
                    format!("/{}", escape(key)),
                    Shape::Mapping,
                    &other,
                    Then::Refused,
                ),
            );
            None
        }
    }
}

fn promotion_of(
    f: &mut Fields<'_, '_>,
    name: &str,
    key: &str,
    kind: RecordKind,
) -> Option<PromotionId> {
    let path = f.origin.at(name);
    let file = f.origin.file.clone();
    let Some(value) = f.take(name) else {
        f.ctx.refuse(
            kind,
            &file,
            Some(key),
            message::record_incomplete(path, Lacking::Promotion),
        );
        return None;
    };
    match promotion_label(&value) {
        Some((id, as_string)) => {
            if as_string {
                let text = value.as_str().unwrap_or_default().trim().to_owned();
                f.ctx.anomaly(&file, message::number_as_string(path, &text));
            }
            Some(id)
        }
        None => {
            f.ctx.refuse(
                kind,
                &file,
                Some(key),
                message::promotion_label_unknown(
                    path,
                    &value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_owned),
                ),
            );
            None
        }
    }
}

fn read_promotions(ctx: &mut Ctx<'_>, raw: &mut Raw) -> Result<(), ImportError> {
    if !ctx.exists(PROMOS) {
        return Ok(());
    }
    let Some(map) = ctx.yaml_records(PROMOS, RecordKind::Promotion)? else {
        return Ok(());
    };
    for (key, value) in map {
        let Some(fields) = entry(ctx, PROMOS, &key, value, RecordKind::Promotion) else {
            continue;
        };
        let mut f = Fields::new(ctx, origin(PROMOS, &key), fields, PROMO_FIELDS);
        let Some(id) = promotion_of(&mut f, "promotion", &key, RecordKind::Promotion) else {
            let _ = f.finish();
            continue;
        };
        let class = f.text("class");
        let year = class
            .as_deref()
            .and_then(|c| c.split_whitespace().next())
            .and_then(|y| y.parse::<u16>().ok());
        let mut labels = vec![key.clone()];
        if let Some(class) = &class {
            f.put_extra("class", Value::String(class.clone()));
        }
        if let Some(slug) = f.text("slug") {
            labels.push(slug);
        }
        f.keep("title");
        let origin = f.origin.clone();
        let extra = f.finish();
        raw.promotions.push(RawPromotion {
            origin,
            id,
            label: key.clone(),
            year,
            labels,
            extra,
        });
    }
    Ok(())
}

fn read_skills(ctx: &mut Ctx<'_>, raw: &mut Raw) -> Result<(), ImportError> {
    if !ctx.exists(SKILLS) {
        return Ok(());
    }
    let Some(map) = ctx.yaml_records(SKILLS, RecordKind::Term)? else {
        return Ok(());
    };
    for (code, value) in map {
        ctx.read_record(RecordKind::Term);
        let label = match value {
            Value::String(s) => s,
            other => {
                ctx.refuse(
                    RecordKind::Term,
                    SKILLS,
                    Some(&code),
                    message::unexpected_type(
                        format!("/{}", escape(&code)),
                        Shape::Text,
                        &other,
                        Then::Refused,
                    ),
                );
                continue;
            }
        };
        let (id, known) = super::vocab::expertise(&code)
            .or_else(|| super::vocab::expertise(&label))
            .map_or_else(|| (slug(&label), false), |t| (t.slug.to_owned(), true));
        if !known {
            ctx.anomaly(
                SKILLS,
                message::term_unknown(
                    format!("/{}", escape(&code)),
                    Term::Skill,
                    &format!("{code} ({label})"),
                    Kept::AsSlug(&id),
                ),
            );
        }
        raw.terms.push(RawTerm {
            origin: origin(SKILLS, &code),
            theme: false,
            id,
            label,
            code: Some(code),
        });
    }
    Ok(())
}

fn read_challenges(
    ctx: &mut Ctx<'_>,
    raw: &mut Raw,
    vocabulary: &Vocabulary,
) -> Result<(), ImportError> {
    let Some(map) = ctx.yaml_records(DEFIS, RecordKind::Challenge)? else {
        return Ok(());
    };
    for (key, value) in map {
        let Some(fields) = entry(ctx, DEFIS, &key, value, RecordKind::Challenge) else {
            continue;
        };
        let mut f = Fields::new(ctx, origin(DEFIS, &key), fields, DEFI_FIELDS);
        let Some(title) = f.text("title") else {
            let path = f.origin.at("title");
            f.ctx.refuse(
                RecordKind::Challenge,
                DEFIS,
                Some(&key),
                message::record_incomplete(path, Lacking::Title),
            );
            let _ = f.finish();
            continue;
        };
        let Some(promotion) = promotion_of(&mut f, "promotion", &key, RecordKind::Challenge) else {
            let _ = f.finish();
            continue;
        };
        let mut c = RawChallenge {
            promotion: Some(promotion),
            ..RawChallenge::default()
        };
        if fold(&key) != fold(&title) {
            let path = f.origin.pointer.clone();
            f.ctx
                .anomaly(DEFIS, message::key_title_mismatch(path, &key, &title));
            c.aliases.push(key.clone());
        }
        c.title = title;
        c.description = f.text("description");
        c.administration = f.text("administration");
        c.town = f.text("ville");
        let skills_path = f.origin.at("skills");
        let skills = f.texts("skills");
        c.expertises = vocabulary.expertises(f.ctx, DEFIS, &skills_path, &skills);
        c.year = f.integer("year").and_then(|y| u16::try_from(y).ok());
        c.duration_months = f
            .integer("duration_months")
            .and_then(|d| u16::try_from(d).ok());
        c.fellows = f.texts("eigs");
        c.mentors = f.texts("mentors");
        c.key_figures = key_figures(&mut f);
        c.source_code = f.text("source_code");
        c.website = f.text("website");
        for kept in [
            "image",
            "link_to",
            "administration_website",
            "end_of_project_videos",
            "projects",
            "poster",
            "intro_videos",
        ] {
            f.keep(kept);
        }
        c.origin = Some(f.origin.clone());
        c.extra = f.finish();
        raw.challenges.push(c);
    }
    Ok(())
}

fn key_figures(f: &mut Fields<'_, '_>) -> Vec<KeyFigure> {
    let Some(value) = f.take("key_figures") else {
        return Vec::new();
    };
    let Value::Array(items) = value else {
        f.put_extra("key_figures", value);
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut kept = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let amount = item.get("amount").cloned();
        let description = item
            .get("description")
            .and_then(Value::as_str)
            .map(str::trim)
            .map(str::to_owned);
        let amount = match amount {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => {
                let parsed = s.trim().replace([' ', '\u{a0}'], "").parse::<f64>().ok();
                if parsed.is_some() {
                    let path = format!("{}/{i}/amount", f.origin.at("key_figures"));
                    let file = f.origin.file.clone();
                    f.ctx
                        .anomaly(&file, message::number_as_string(path, s.trim()));
                }
                parsed
            }
            _ => None,
        };
        let text = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_owned);
        let known = item.as_object().is_some_and(|m| {
            m.iter().all(|(k, v)| match k.as_str() {
                "amount" | "description" => true,
                "before" | "after" => v.is_string(),
                _ => false,
            })
        });
        match (amount, description) {
            (Some(amount), Some(description)) if known => {
                out.push(KeyFigure {
                    amount,
                    description,
                    before: text("before"),
                    after: text("after"),
                });
            }
            _ => {
                let path = format!("{}/{i}", f.origin.at("key_figures"));
                let file = f.origin.file.clone();
                f.ctx.anomaly(
                    &file,
                    message::unexpected_type(path, Shape::KeyFigure, &item, Then::KeptInExtra),
                );
                kept.push(item);
            }
        }
    }
    if !kept.is_empty() {
        f.put_extra("key_figures", Value::Array(kept));
    }
    out
}

/// The slug of a body file (`2020-01-01-adex.md` → `2020/adex`), matching `link_to`
/// (`/defis/2020/adex.html`).
fn body_slug(file: &str) -> Option<String> {
    let stem = file.strip_suffix(".md")?;
    let (year, rest) = stem.split_once('-')?;
    let rest = rest.get(6..)?; // `01-01-`
    Some(format!("{year}/{rest}"))
}

fn link_slug(link: &str) -> Option<String> {
    let path = link.trim().strip_prefix("/defis/")?;
    Some(path.strip_suffix(".html").unwrap_or(path).to_owned())
}

fn read_bodies(ctx: &mut Ctx<'_>, challenges: &mut [RawChallenge]) -> Result<(), ImportError> {
    for name in ctx.list(BODIES, ".md")? {
        let file = format!("{BODIES}/{name}");
        ctx.read_record(RecordKind::ChallengeBody);
        let text = match ctx.read_text(&file)? {
            Ok(text) => text,
            Err(v) => {
                ctx.refuse(RecordKind::ChallengeBody, &file, None, *v);
                continue;
            }
        };
        let Some(fm) = super::yaml::front_matter(&text) else {
            ctx.refuse(
                RecordKind::ChallengeBody,
                &file,
                None,
                message::front_matter_missing(),
            );
            continue;
        };
        let title = match ctx.parse_yaml(&file, fm.yaml, fm.first_line) {
            Ok(v) => v.get("title").and_then(Value::as_str).map(str::to_owned),
            Err(v) => {
                ctx.refuse(RecordKind::ChallengeBody, &file, None, *v);
                continue;
            }
        };
        let year: Option<u16> = name.get(..4).and_then(|y| y.parse().ok());
        let by_link = body_slug(&name).and_then(|s| {
            challenges.iter().position(|c| {
                c.body_origin.is_none()
                    && c.extra
                        .get("link_to")
                        .and_then(Value::as_str)
                        .and_then(link_slug)
                        .is_some_and(|l| l == s)
            })
        });
        let by_title = || {
            let key = fold(title.as_deref()?);
            let found: Vec<usize> = challenges
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    c.body_origin.is_none()
                        && fold(&c.title) == key
                        && (year.is_none() || c.year.is_none() || c.year == year)
                })
                .map(|(i, _)| i)
                .collect();
            (found.len() == 1).then(|| found[0])
        };
        let Some(i) = by_link.or_else(by_title) else {
            ctx.refuse(
                RecordKind::ChallengeBody,
                &file,
                None,
                message::reference_unresolved(
                    "/title",
                    title.as_deref().unwrap_or(""),
                    Among::DefisFile(DEFIS),
                ),
            );
            continue;
        };
        let body = fm.body.trim();
        if body.is_empty() {
            ctx.anomaly(&file, message::empty_body());
        } else {
            challenges[i].body = Some(body.to_owned());
        }
        challenges[i].body_origin = Some(Origin {
            source: SourceKind::SiteEig,
            file,
            key: None,
            pointer: String::new(),
        });
        written(ctx.report, RecordKind::ChallengeBody);
    }
    Ok(())
}

fn read_people(ctx: &mut Ctx<'_>, raw: &mut Raw, file: &str) -> Result<(), ImportError> {
    let Some(map) = ctx.yaml_records(file, RecordKind::Person)? else {
        return Ok(());
    };
    for (key, value) in map {
        let Some(fields) = entry(ctx, file, &key, value, RecordKind::Person) else {
            continue;
        };
        let mut f = Fields::new(ctx, origin(file, &key), fields, PERSON_FIELDS);
        for p in PROFILE_FIELDS {
            f.drop_field(p);
        }
        let title = f.text("title");
        let name = title.clone().unwrap_or_else(|| key.trim().to_owned());
        let mut aliases = Vec::new();
        if fold(&key) != fold(&name) {
            let path = f.origin.pointer.clone();
            f.ctx
                .anomaly(file, message::key_title_mismatch(path, &key, &name));
            aliases.push(key.clone());
        } else if key != name {
            aliases.push(key.clone());
        }
        let profile = f.text("profil");
        let (role, expertise) = match profile.as_deref().map(fold).as_deref() {
            Some("mentor") => (Some(CommunityRole::Mentor), None),
            Some("accompagnement") => (Some(CommunityRole::CoordinationTeam), None),
            Some(p) => match expertise_of_profile(p) {
                Some(e) => (Some(CommunityRole::Fellow), Some(e.to_owned())),
                None => {
                    let path = f.origin.at("profil");
                    f.ctx.anomaly(
                        file,
                        message::term_unknown(path, Term::Profile, p, Kept::InExtra),
                    );
                    if let Some(p) = &profile {
                        f.put_extra("profil", Value::String(p.clone()));
                    }
                    (None, None)
                }
            },
            None => (None, None),
        };
        let programme = f.text("programme");
        let classes = f.texts("class");
        let mut promotions: Vec<PromotionId> =
            classes.iter().filter_map(|c| class_promotion(c)).collect();
        if promotions.is_empty() && programme.as_deref().map(fold).as_deref() == Some("dig") {
            promotions.push(PromotionId::new("dig-2019"));
        }
        promotions.dedup();
        f.put_extra("class", Value::from(classes));
        if let Some(p) = programme {
            f.put_extra("programme", Value::String(p));
        }
        let years_path = f.origin.at("annees");
        let years = years(&mut f, &years_path);
        if !years.is_empty() {
            f.put_extra("annees", Value::from(years));
        }
        let refs_path = f.origin.at("defis");
        let refs = f
            .texts("defis")
            .into_iter()
            .enumerate()
            .map(|(i, r)| (r, format!("{refs_path}/{i}")))
            .collect();
        let origin = f.origin.clone();
        let extra = f.finish();
        raw.people.push(RawPerson {
            origin,
            name,
            aliases,
            role: RawRole {
                role,
                expertise,
                promotions,
                refs,
            },
            extra,
        });
    }
    Ok(())
}

/// `eig-4` → EIG 4, `dig` and `eig-dig` → DIG; other classes (`mentor`, `webdev`) are not
/// promotions.
fn class_promotion(class: &str) -> Option<PromotionId> {
    let c = fold(class);
    if c == "dig" || c == "eig-dig" {
        return Some(PromotionId::new("dig-2019"));
    }
    PromotionId::parse(&c).filter(|p| p.as_str().starts_with("eig-"))
}

/// The years of `annees`: numbers, or several in one string (`"2018 2019"`, reported).
fn years(f: &mut Fields<'_, '_>, path: &str) -> Vec<u16> {
    let Some(value) = f.take("annees") else {
        return Vec::new();
    };
    let items = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Value::Number(n) => out.extend(n.as_u64().and_then(|y| u16::try_from(y).ok())),
            Value::String(s) => {
                let found: Vec<u16> = s
                    .split(|c: char| !c.is_ascii_digit())
                    .filter_map(|y| y.parse().ok())
                    .collect();
                let file = f.origin.file.clone();
                f.ctx.anomaly(
                    &file,
                    message::value_normalised(format!("{path}/{i}"), &s, Reading::Years(&found)),
                );
                out.extend(found);
            }
            other => f.put_extra(&format!("annees/{i}"), other),
        }
    }
    out
}
