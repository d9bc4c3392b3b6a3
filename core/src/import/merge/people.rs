//! The people: matched by name across the sources, their roles merged, their défi references
//! resolved by title or key within their promotions.

use super::*;

pub(super) fn people(
    raw: Vec<RawPerson>,
    challenges: &[DatasetChallenge],
    report: &mut ImportReport,
) -> Vec<DatasetPerson> {
    let titles = Titles::new(challenges);
    // Grouped by folded name, in first-seen order; the current site's spelling wins.
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<RawPerson>> = HashMap::new();
    for p in raw {
        let k = fold(&p.name);
        if !groups.contains_key(&k) {
            order.push(k.clone());
        }
        groups.entry(k).or_default().push(p);
    }
    let mut out = Vec::new();
    for k in order {
        let mut members = groups.remove(&k).unwrap_or_default();
        members.sort_by_key(|p| p.origin.source != SourceKind::SiteEigV3);
        let name = members[0].name.clone();
        let mut aliases: BTreeSet<String> = BTreeSet::new();
        let mut roles: Vec<PersonRole> = Vec::new();
        let mut sources = Vec::new();
        let mut extra = Extra::new();
        // The roles every source states, by promotion: an inference that contradicts them is
        // not made.
        let declared: Vec<(PromotionId, CommunityRole, SourceKind)> = members
            .iter()
            .filter_map(|p| p.role.role.map(|r| (p, r)))
            .flat_map(|(p, r)| {
                p.role
                    .promotions
                    .iter()
                    .map(move |pr| (pr.clone(), r, p.origin.source))
            })
            .collect();
        for p in members.iter() {
            written(report, RecordKind::Person);
            if p.name != name {
                aliases.insert(p.name.clone());
            }
            aliases.extend(p.aliases.iter().filter(|a| **a != name).cloned());
            sources.push(source_ref(&p.origin));
            roles.extend(person_roles(p, &titles, &declared, report));
        }
        for p in members.iter().cloned() {
            let mut own = p.extra;
            if p.role.role.is_none() {
                // No role to hold them: the promotions and défis the source gives stay here.
                let refs: Vec<String> = p.role.refs.into_iter().map(|(r, _)| r).collect();
                if !refs.is_empty() {
                    own.insert("defis".into(), Value::from(refs));
                }
                if !p.role.promotions.is_empty() {
                    let ids: Vec<String> = p.role.promotions.into_iter().map(|x| x.0).collect();
                    own.insert("promotions".into(), Value::from(ids));
                }
                if let Some(e) = p.role.expertise {
                    own.insert("expertise".into(), Value::String(e));
                }
            }
            put_extra(&mut extra, p.origin.source, own);
        }
        let conflicts = role_conflicts(&members, &roles, report);
        roles.sort_by(|a, b| {
            (a.promotion.as_ref().map(promotion_rank), a.role, a.source).cmp(&(
                b.promotion.as_ref().map(promotion_rank),
                b.role,
                b.source,
            ))
        });
        out.push(DatasetPerson {
            id: String::new(),
            name,
            aliases: aliases.into_iter().collect(),
            roles,
            sources,
            conflicts,
            extra,
        });
    }
    out.sort_by_cached_key(|p| (fold(&p.name), p.name.clone()));
    let mut ids = Ids::default();
    for p in &mut out {
        p.id = ids.unique(slug(&p.name));
    }
    out
}

/// What contradicts inferring `role` in the défi `challenge`'s promotion for `p`: another role
/// a source declares there, or the défi naming them in another role.
pub(super) fn contradiction<'a>(
    p: &RawPerson,
    role: CommunityRole,
    challenge: &DatasetChallenge,
    declared: &'a [(PromotionId, CommunityRole, SourceKind)],
) -> Option<Contradiction<'a>> {
    if let Some((_, other, source)) = declared
        .iter()
        .find(|(pr, r, _)| *pr == challenge.promotion && *r != role)
    {
        return Some(Contradiction::Declared {
            role: other.as_str(),
            source: source.name(),
        });
    }
    let name = fold(&p.name);
    let named = |names: &[String]| names.iter().any(|n| fold(n) == name);
    let (as_fellow, as_mentor) = (named(&challenge.fellows), named(&challenge.mentors));
    match role {
        CommunityRole::Fellow if as_mentor && !as_fellow => {
            Some(Contradiction::NamedOnDefi(CommunityRole::Mentor.as_str()))
        }
        CommunityRole::Mentor if as_fellow && !as_mentor => {
            Some(Contradiction::NamedOnDefi(CommunityRole::Fellow.as_str()))
        }
        // The first site's défis name their people: one that names neither does not make
        // this person one of them.
        CommunityRole::Fellow | CommunityRole::Mentor
            if !as_fellow
                && !as_mentor
                && challenge
                    .sources
                    .iter()
                    .any(|s| s.source == SourceKind::SiteEig) =>
        {
            Some(Contradiction::NotNamedOnDefi(role.as_str()))
        }
        CommunityRole::Fellow | CommunityRole::Mentor => None,
        _ if as_fellow => Some(Contradiction::NamedOnDefi(CommunityRole::Fellow.as_str())),
        _ if as_mentor => Some(Contradiction::NamedOnDefi(CommunityRole::Mentor.as_str())),
        _ => None,
    }
}

pub(super) fn person_roles(
    p: &RawPerson,
    titles: &Titles<'_>,
    declared: &[(PromotionId, CommunityRole, SourceKind)],
    report: &mut ImportReport,
) -> Vec<PersonRole> {
    let mut promotions: Vec<PromotionId> = p.role.promotions.clone();
    let mut resolved: Vec<usize> = Vec::new();
    let mut unresolved: Vec<String> = Vec::new();
    for (reference, path) in &p.role.refs {
        match titles.resolve(reference, &p.role.promotions) {
            Resolved::One(i) => {
                if !resolved.contains(&i) {
                    resolved.push(i);
                }
                let challenge = &titles.challenges[i];
                let promotion = &challenge.promotion;
                let against = p
                    .role
                    .role
                    .and_then(|role| contradiction(p, role, challenge, declared));
                if let (false, Some(because), Some(role)) =
                    (promotions.contains(promotion), against, p.role.role)
                {
                    anomaly(
                        report,
                        &p.origin,
                        message::inference_contradicted(
                            path.clone(),
                            reference,
                            promotion.as_str(),
                            role.as_str(),
                            because,
                        ),
                    );
                } else if !promotions.contains(promotion) {
                    let listed: Vec<&str> =
                        p.role.promotions.iter().map(PromotionId::as_str).collect();
                    anomaly(
                        report,
                        &p.origin,
                        message::promotion_inferred(
                            path.clone(),
                            reference,
                            promotion.as_str(),
                            &listed,
                        ),
                    );
                    promotions.push(promotion.clone());
                }
            }
            Resolved::None => {
                anomaly(
                    report,
                    &p.origin,
                    message::reference_unresolved(path.clone(), reference, Among::Dataset),
                );
                unresolved.push(reference.clone());
            }
            Resolved::Ambiguous(found) => {
                let ids: Vec<&str> = found
                    .iter()
                    .map(|i| titles.challenges[*i].id.as_str())
                    .collect();
                anomaly(
                    report,
                    &p.origin,
                    message::reference_ambiguous(path.clone(), reference, &ids),
                );
                unresolved.push(reference.clone());
            }
        }
    }
    // Without a known role there is no role to hang them on: `people` keeps them in extra.
    let Some(role) = p.role.role else {
        return Vec::new();
    };
    let mut out: Vec<PersonRole> = promotions
        .iter()
        .map(|promotion| PersonRole {
            role,
            promotion: Some(promotion.clone()),
            inferred: !p.role.promotions.contains(promotion),
            expertise: p.role.expertise.clone(),
            challenges: resolved
                .iter()
                .filter(|i| titles.challenges[**i].promotion == *promotion)
                .map(|i| titles.challenges[*i].id.clone())
                .collect(),
            unresolved: Vec::new(),
            source: p.origin.source,
        })
        .collect();
    if out.is_empty() {
        out.push(PersonRole {
            role,
            promotion: None,
            inferred: false,
            expertise: p.role.expertise.clone(),
            challenges: Vec::new(),
            unresolved: Vec::new(),
            source: p.origin.source,
        });
    }
    out[0].unresolved = unresolved;
    out
}

/// Where both sites give a person a role in the same promotion and the roles (or a fellow's
/// expertise) differ.
pub(super) fn role_conflicts(
    members: &[RawPerson],
    roles: &[PersonRole],
    report: &mut ImportReport,
) -> Vec<Conflict> {
    let mut out = Vec::new();
    let by_source = |s: SourceKind| -> BTreeMap<&PromotionId, &PersonRole> {
        roles
            .iter()
            .filter(|r| r.source == s)
            .filter_map(|r| r.promotion.as_ref().map(|p| (p, r)))
            .collect()
    };
    let current = by_source(SourceKind::SiteEigV3);
    let first = by_source(SourceKind::SiteEig);
    let Some(origin) = members
        .iter()
        .find(|m| m.origin.source == SourceKind::SiteEigV3)
        .map(|m| &m.origin)
    else {
        return out;
    };
    let other = members
        .iter()
        .find(|m| m.origin.source == SourceKind::SiteEig)
        .map(|m| &m.origin);
    for (promotion, a) in &current {
        let Some(b) = first.get(promotion) else {
            continue;
        };
        let role_of = |r: &PersonRole| json!({"promotion": promotion.as_str(), "role": r.role});
        let (field, va, vb) = if a.role != b.role {
            ("role", role_of(a), role_of(b))
        } else if a.role == CommunityRole::Fellow
            && a.expertise.is_some()
            && b.expertise.is_some()
            && a.expertise != b.expertise
        {
            (
                "expertise",
                json!({"promotion": promotion.as_str(), "expertise": a.expertise}),
                json!({"promotion": promotion.as_str(), "expertise": b.expertise}),
            )
        } else {
            continue;
        };
        anomaly(
            report,
            origin,
            message::sites_disagree(
                origin.at(if field == "role" {
                    "role"
                } else {
                    "expertises"
                }),
                field,
                Some(promotion.as_str()),
                &va,
                &vb,
                other.map_or("", |o| o.file.as_str()),
            ),
        );
        out.push(Conflict {
            field: field.to_owned(),
            values: vec![
                SourcedValue {
                    source: SourceKind::SiteEigV3,
                    value: va,
                },
                SourcedValue {
                    source: SourceKind::SiteEig,
                    value: vb,
                },
            ],
            // Both roles are the person's (one row each in `roles`); a fellow's expertise is
            // the current site's.
            rule: if field == "role" {
                ConflictRule::BothKept
            } else {
                ConflictRule::CurrentSiteFirst
            },
        });
    }
    out
}
