//! Jury planning: the EIG 4 instance planned to a proven optimum that an independent checker
//! accepts, the optimum equal to a brute force on small instances, bad input named with its
//! path, and infeasibility named with a relaxation that, applied, plans.

#![cfg(all(feature = "matching", feature = "synthetic"))]

use eig::diagnostics::Lang;
use eig::model::{
    Conflicts, CountRange, HalfDay, Hearing, JurorItem, JuryPlan, LoadRange, PanelRules, PlanItem,
    PlanJuror, PlanWeights, PromotionId, Slot,
};
use eig::placement::jury::{PlanOptions, PlannedJury, check_plan, plan_jury};
use eig::synthetic::{JuryPlanOptions, jury_plan};
use eig::validate::Checked;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn plan(input: &JuryPlan) -> Result<PlannedJury, Vec<eig::diagnostics::Violation>> {
    let checked =
        Checked::check(input.clone(), Default::default()).map_err(|e| e.report.violations)?;
    plan_jury(&checked, PlanOptions::default()).map_err(|e| e.report.violations)
}

/// An input checked without a rulebook.
fn checked(input: &JuryPlan) -> Checked<JuryPlan> {
    Checked::check(input.clone(), Default::default()).expect("a valid input")
}

/// The rules checked here again, without the library's helpers: each item once, panel
/// sizes, référents, conflicts by organisation (exact names), loads, one sitting per
/// half-day.
fn independent_check(input: &JuryPlan, result: &PlannedJury) {
    let mut seen = BTreeSet::new();
    for p in &result.panels {
        assert!(
            (input.panel_rules.items.min as usize..=input.panel_rules.items.max as usize)
                .contains(&p.items.len())
        );
        assert!(
            (input.panel_rules.size.min as usize..=input.panel_rules.size.max as usize)
                .contains(&p.jurors.len())
        );
        let referent = p.referent.as_ref().expect("a référent");
        assert!(p.jurors.contains(referent));
        assert!(
            input
                .jurors
                .iter()
                .any(|j| &j.id == referent && j.can_be_referent)
        );
        for item in &p.items {
            assert!(seen.insert(item.clone()), "{item} heard twice");
            let hosts = &input.items.iter().find(|i| &i.id == item).unwrap().hosts;
            for juror in &p.jurors {
                let j = input.jurors.iter().find(|j| &j.id == juror).unwrap();
                assert!(
                    !hosts.contains(j.organisation.as_ref().unwrap()),
                    "{juror} hears {item} of their own organisation"
                );
                assert!(!j.conflicts.items.contains(item), "{juror} declared {item}");
            }
        }
    }
    assert_eq!(seen.len(), input.items.len());
    for j in &input.jurors {
        let sits: Vec<_> = result
            .panels
            .iter()
            .filter(|p| p.jurors.contains(&j.id))
            .collect();
        assert!(sits.len() <= j.load.max as usize);
        let halves: BTreeSet<_> = sits.iter().map(|p| (p.day, p.half_day)).collect();
        assert_eq!(halves.len(), sits.len());
    }
}

#[test]
fn the_eig_4_instance_is_planned_to_a_proven_optimum_every_rule_kept() {
    for seed in [2020, 1, 2] {
        let input = jury_plan(&JuryPlanOptions {
            seed,
            ..JuryPlanOptions::default()
        });
        let result = plan(&input).unwrap_or_else(|v| panic!("seed {seed}: {v:?}"));
        assert!(result.proof.optimal, "seed {seed}: {:?}", result.proof);
        assert!((result.proof.bound - result.objective.total).abs() < 1e-6);
        assert_eq!(check_plan(&checked(&input), &result), Vec::<String>::new());
        independent_check(&input, &result);
        let text = result.to_text(&input, Lang::Fr);
        assert!(text.contains("optimum prouvé"), "{text}");
        assert_eq!(result.timetable().rows.len(), input.items.len());
    }
}

/// A small instance: `n` items, slots over two half-days, jurors with profiles.
fn small(items: usize, jurors: &[(u8, u8, bool, u8)], rooms: usize, per: (u32, u32)) -> JuryPlan {
    let day = chrono::NaiveDate::from_ymd_opt(2020, 3, 10).unwrap();
    let mut slots = Vec::new();
    for half in [HalfDay::Morning, HalfDay::Afternoon] {
        for r in 0..rooms {
            slots.push(Slot {
                id: format!("s{}", slots.len()),
                day,
                half_day: half,
                room: format!("R{r}"),
                minutes: 180,
            });
        }
    }
    let profiles = ["dev", "data", "design"];
    JuryPlan {
        schema: None,
        promotion: PromotionId::new("eig-4"),
        hearing: Hearing::Challenges,
        slots,
        jurors: jurors
            .iter()
            .enumerate()
            .map(|(k, &(org, prof, referent, avail))| PlanJuror {
                id: format!("j{k}"),
                name: None,
                organisation: Some(format!("org{org}")),
                profiles: vec![profiles[prof as usize % 3].to_owned()],
                // avail: bit 0 morning, bit 1 afternoon (0 means both).
                slots: match avail % 3 {
                    1 => Some((0..rooms).map(|r| format!("s{r}")).collect()),
                    2 => Some((rooms..2 * rooms).map(|r| format!("s{r}")).collect()),
                    _ => None,
                },
                can_be_referent: referent,
                load: LoadRange { min: 0, max: 1 },
                conflicts: Conflicts::default(),
            })
            .collect(),
        items: (0..items)
            .map(|k| PlanItem {
                id: format!("i{k}"),
                title: None,
                hosts: vec![format!("org{}", k % 4)],
                profiles: vec![profiles[k % 2].to_owned()],
                minutes: 40,
            })
            .collect(),
        panel_rules: PanelRules {
            size: CountRange { min: 2, max: 3 },
            items: CountRange {
                min: per.0,
                max: per.1,
            },
            max_per_organisation: Some(1),
            referent: true,
            profiles: Vec::new(),
        },
        forced: Vec::new(),
        forbidden: Vec::new(),
        weights: PlanWeights::default(),
        previous: None,
        withdrawn: Vec::new(),
    }
}

/// The best objective by enumeration: every item to a slot, every juror to a slot or none,
/// each combination kept when it keeps every rule (the library's checker is not used).
fn brute_force(input: &JuryPlan) -> Option<f64> {
    let (ni, ns, nj) = (input.items.len(), input.slots.len(), input.jurors.len());
    let mut best: Option<f64> = None;
    let total_items = ns.pow(ni as u32);
    let total_jurors = (ns + 1).pow(nj as u32);
    for a in 0..total_items {
        let item_slot: Vec<usize> = (0..ni).map(|i| a / ns.pow(i as u32) % ns).collect();
        for b in 0..total_jurors {
            let juror_slot: Vec<usize> = (0..nj)
                .map(|j| b / (ns + 1).pow(j as u32) % (ns + 1))
                .collect();
            if let Some(v) = value(input, &item_slot, &juror_slot) {
                best = Some(best.map_or(v, |x: f64| x.max(v)));
            }
        }
    }
    best
}

fn value(input: &JuryPlan, item_slot: &[usize], juror_slot: &[usize]) -> Option<f64> {
    let rules = &input.panel_rules;
    let mut total = 0.0;
    for (s, slot) in input.slots.iter().enumerate() {
        let items: Vec<usize> = (0..item_slot.len())
            .filter(|&i| item_slot[i] == s)
            .collect();
        let jurors: Vec<usize> = (0..juror_slot.len())
            .filter(|&j| juror_slot[j] == s)
            .collect();
        if items.is_empty() {
            if !jurors.is_empty() {
                return None;
            }
            continue;
        }
        if items.len() < rules.items.min as usize || items.len() > rules.items.max as usize {
            return None;
        }
        if jurors.len() < rules.size.min as usize || jurors.len() > rules.size.max as usize {
            return None;
        }
        if !jurors.iter().any(|&j| input.jurors[j].can_be_referent) {
            return None;
        }
        let orgs: BTreeSet<_> = jurors
            .iter()
            .map(|&j| &input.jurors[j].organisation)
            .collect();
        if orgs.len() < jurors.len() {
            return None; // max_per_organisation is 1
        }
        for &j in &jurors {
            let juror = &input.jurors[j];
            if let Some(list) = &juror.slots
                && !list.contains(&slot.id)
            {
                return None;
            }
            for &i in &items {
                if input.items[i]
                    .hosts
                    .contains(juror.organisation.as_ref().unwrap())
                {
                    return None;
                }
            }
            if items.iter().any(|&i| {
                input.items[i]
                    .profiles
                    .iter()
                    .any(|q| juror.profiles.contains(q))
            }) {
                total += input.weights.coverage;
            }
        }
        for &i in &items {
            for q in &input.items[i].profiles {
                if !jurors.iter().any(|&j| input.jurors[j].profiles.contains(q)) {
                    return None;
                }
            }
        }
    }
    Some(total)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn the_optimum_equals_a_brute_force_on_small_instances(
        jurors in proptest::collection::vec((0u8..6, 0u8..3, any::<bool>(), 0u8..3), 5..7),
        items in 2usize..4,
    ) {
        let input = small(items, &jurors, 1, (1, 2));
        let expected = brute_force(&input);
        match plan(&input) {
            Ok(result) => {
                prop_assert!(result.proof.optimal);
                prop_assert_eq!(check_plan(&checked(&input), &result), Vec::<String>::new());
                let best = expected.expect("the brute force finds a plan too");
                prop_assert!((result.objective.total - best).abs() < 1e-6,
                    "planner {} brute force {}", result.objective.total, best);
            }
            Err(v) => {
                prop_assert!(expected.is_none(), "brute force found {:?}: {:?}", expected, v);
                // No plan: the solver proves it, or the checks find a profile nobody holds.
                prop_assert!(
                    v.iter().all(|v| v.code == "plan_infeasible" || v.code == "profile_unknown"),
                    "{:?}", v
                );
            }
        }
    }
}

fn codes_at(input: &JuryPlan) -> Vec<(String, String)> {
    match plan(input) {
        Ok(_) => Vec::new(),
        Err(v) => v.into_iter().map(|v| (v.code, v.path)).collect(),
    }
}

#[test]
fn bad_input_is_named_with_its_path() {
    let base = jury_plan(&JuryPlanOptions::default());
    let has = |input: &JuryPlan, code: &str, path: &str| {
        let got = codes_at(input);
        assert!(
            got.iter().any(|(c, p)| c == code && p == path),
            "{code} at {path}: {got:?}"
        );
    };
    let mut p = base.clone();
    p.panel_rules.size = CountRange { min: 8, max: 5 };
    has(&p, "range_inverted", "/panel_rules/size/min");
    let mut p = base.clone();
    p.slots[1] = Slot {
        id: "autre".into(),
        ..p.slots[0].clone()
    };
    has(&p, "slot_duplicated", "/slots/1");
    let mut p = base.clone();
    p.slots[1].id = p.slots[0].id.clone();
    has(&p, "duplicate_id", "/slots/1/id");
    let mut p = base.clone();
    p.items[3].profiles = vec!["desing".into()];
    has(&p, "profile_unknown", "/items/3/profiles/0");
    let mut p = base.clone();
    p.jurors[4].slots = Some(vec!["j9-matin-z".into()]);
    p.jurors[4].load.min = 1;
    has(&p, "unknown_reference", "/jurors/4/slots/0");
    has(&p, "juror_unavailable", "/jurors/4");
    let mut p = base.clone();
    let host = p.items[2].hosts[0].clone();
    p.jurors[0].organisation = Some(host);
    p.forced = vec![JurorItem {
        juror: p.jurors[0].id.clone(),
        item: p.items[2].id.clone(),
    }];
    has(&p, "pin_conflicted", "/forced/0");
    let mut p = base.clone();
    p.forbidden = vec![JurorItem {
        juror: "personne".into(),
        item: p.items[0].id.clone(),
    }];
    has(&p, "unknown_reference", "/forbidden/0/juror");
    // An item every juror of its only profile is conflicted with.
    let mut p = base.clone();
    p.items[0].profiles = vec!["rare".into()];
    p.jurors[7].profiles.push("rare".into());
    p.jurors[7].conflicts.items.push(p.items[0].id.clone());
    has(&p, "plan_infeasible", "/items/0/profiles/0");
}

#[test]
fn too_few_referents_is_named_with_a_relaxation_that_plans() {
    let mut p = jury_plan(&JuryPlanOptions::default());
    // Six référents who can each sit once: 21 défis heard 2 or 3 at a time need 7 panels.
    let mut kept = 0;
    for j in &mut p.jurors {
        j.can_be_referent = j.can_be_referent && kept < 6 && {
            kept += 1;
            true
        };
    }
    assert_eq!(kept, 6);
    let v = plan(&p).expect_err("infeasible");
    assert_eq!(v.len(), 1);
    let v = &v[0];
    assert_eq!(v.code, "plan_infeasible");
    assert_eq!(
        v.params.get("binding"),
        Some(serde_json::json!("referents"))
    );
    assert!(
        v.message_fr
            .contains("21 défis entendus 2 ou 3 à la fois demandent au moins 7 groupes"),
        "{}",
        v.message_fr
    );
    assert!(
        v.message_fr
            .contains("marquez un juré de plus comme référent possible"),
        "{}",
        v.message_fr
    );
    assert!(
        v.message_fr
            .contains("ou laissez un groupe entendre 4 défis"),
        "{}",
        v.message_fr
    );
    assert!(
        v.message_en
            .contains("mark one more juror as possible référent"),
        "{}",
        v.message_en
    );
    // Each relaxation named, applied, plans.
    let mut wider = p.clone();
    wider.panel_rules.items.max = 4;
    let result = plan(&wider).expect("four défis a panel plans");
    assert_eq!(check_plan(&checked(&wider), &result), Vec::<String>::new());
    let named = v
        .message_fr
        .split('(')
        .nth(1)
        .unwrap()
        .split(')')
        .next()
        .unwrap()
        .to_owned();
    for j in &mut p.jurors {
        if j.id == named {
            j.can_be_referent = true;
        }
    }
    let result = plan(&p).expect("the relaxation plans");
    assert_eq!(check_plan(&checked(&p), &result), Vec::<String>::new());
}

#[test]
fn explanations_name_the_conflict_and_the_panel() {
    let mut input = jury_plan(&JuryPlanOptions::default());
    let host = input.items[0].hosts[0].clone();
    input.jurors[0].organisation = Some(host.clone());
    let result = plan(&input).unwrap();
    let text = result.explain_juror(&input.jurors[0].id, Lang::Fr).unwrap();
    assert!(
        text.contains(&format!(
            "pas sur {} : sa structure (« {host} ») l'accueille",
            input.items[0].id
        )),
        "{text}"
    );
    let item = result.explain_item(&input.items[0].id, Lang::En).unwrap();
    assert!(item.contains("is heard by groupe-"), "{item}");
    assert!(
        item.contains(&format!(
            "without {}: their organisation",
            input.jurors[0].id
        )),
        "{item}"
    );
}

/// The fewest people moved, then the best objective, by enumeration, from `previous` (the
/// slot of each item and juror, by index, before the change) over the plan without the
/// withdrawn juror `gone`.
fn brute_force_rematch(input: &JuryPlan, was: (&[usize], &[Option<usize>])) -> Option<(u32, f64)> {
    let (ni, ns, nj) = (input.items.len(), input.slots.len(), input.jurors.len());
    let mut best: Option<(u32, f64)> = None;
    for a in 0..ns.pow(ni as u32) {
        let item_slot: Vec<usize> = (0..ni).map(|i| a / ns.pow(i as u32) % ns).collect();
        for b in 0..(ns + 1).pow(nj as u32) {
            let juror_slot: Vec<usize> = (0..nj)
                .map(|j| b / (ns + 1).pow(j as u32) % (ns + 1))
                .collect();
            let Some(v) = value(input, &item_slot, &juror_slot) else {
                continue;
            };
            let moved = (0..ni).filter(|&i| item_slot[i] != was.0[i]).count()
                + (0..nj)
                    .filter(|&j| {
                        let now = (juror_slot[j] < ns).then_some(juror_slot[j]);
                        now != was.1[j]
                    })
                    .count();
            let moved = moved as u32;
            let better = best.is_none_or(|(m, x)| moved < m || (moved == m && v > x + 1e-9));
            if better {
                best = Some((moved, v));
            }
        }
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn after_a_withdrawal_the_plan_moves_as_few_people_as_a_brute_force_says(
        jurors in proptest::collection::vec((0u8..6, 0u8..3, any::<bool>(), 0u8..3), 6..7),
        items in 2usize..4,
        pick in 0usize..6,
    ) {
        let input = small(items, &jurors, 1, (1, 2));
        let Ok(first) = plan(&input) else { return Ok(()) };
        // One juror who sits withdraws.
        let seated: Vec<&String> = first.panels.iter().flat_map(|p| p.jurors.iter()).collect();
        let gone = seated[pick % seated.len()].clone();
        let mut again = input.clone();
        again.previous = Some(first.announced());
        again.withdrawn = vec![gone.clone()];
        // The brute force's view: the plan without the juror, and where each one was.
        let mut rest = input.clone();
        rest.jurors.retain(|j| j.id != gone);
        let slot_of = |id: &String| first.panels.iter().position(|p| p.items.contains(id) || p.jurors.contains(id))
            .map(|k| input.slots.iter().position(|s| s.id == first.panels[k].slot).unwrap());
        let was_items: Vec<usize> = rest.items.iter().map(|i| slot_of(&i.id).unwrap()).collect();
        let was_jurors: Vec<Option<usize>> = rest.jurors.iter().map(|j| slot_of(&j.id)).collect();
        let expected = brute_force_rematch(&rest, (&was_items, &was_jurors));
        match plan(&again) {
            Ok(result) => {
                prop_assert!(result.proof.optimal);
                prop_assert_eq!(check_plan(&checked(&again), &result), Vec::<String>::new());
                let (moved, best) = expected.expect("the brute force re-plans too");
                prop_assert_eq!(result.objective.moved, moved, "{:?}", result.changes);
                prop_assert!((result.objective.total - best).abs() < 1e-6);
                let withdrew = result.changes.iter().find(|c| c.id == gone).expect("the withdrawal is listed");
                prop_assert_eq!(withdrew.reason.as_str(), "withdrew");
                prop_assert!(withdrew.to.is_empty());
                // Every change but the withdrawal is a person moved.
                prop_assert_eq!(
                    result.changes.iter().filter(|c| c.reason == "moved").count() as u32,
                    moved
                );
            }
            Err(_) => prop_assert!(expected.is_none()),
        }
    }
}

#[test]
fn after_a_withdrawal_in_the_eig_4_plan_few_move_and_the_diff_is_printed() {
    let input = jury_plan(&JuryPlanOptions::default());
    let first = plan(&input).unwrap();
    let gone = first.panels[0].jurors[0].clone();
    let mut again = input.clone();
    again.previous = Some(first.announced());
    again.withdrawn = vec![gone.clone()];
    let result = plan(&again).unwrap();
    assert!(result.proof.optimal);
    assert_eq!(check_plan(&checked(&again), &result), Vec::<String>::new());
    assert!(result.objective.moved <= 2, "{:?}", result.changes);
    let text = result.to_text(&again, Lang::Fr);
    assert!(
        text.contains("changements depuis le plan annoncé"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{gone} : {} → — (retrait)", first.panels[0].slot)),
        "{text}"
    );
    // A previous plan that names nobody known is refused with its path.
    let mut bad = again.clone();
    bad.previous.as_mut().unwrap().panels[0]
        .jurors
        .push("jure-999".into());
    let codes = codes_at(&bad);
    assert!(
        codes.contains(&(
            "unknown_reference".into(),
            "/previous/panels/0/jurors/".to_owned() + &(first.panels[0].jurors.len()).to_string()
        )),
        "{codes:?}"
    );
}

/// After one withdrawal in the EIG 4 plan (four seeds), the re-plan found by trying every
/// single move is the exact search's: the same number moved and the same objective. The exact
/// search is made to decide by a juror who may sit twice but is in conflict with every item
/// (so never seated: the problem is the same), which the single-move search does not take.
#[test]
fn the_single_move_re_plan_equals_the_exact_search() {
    for seed in [2020, 1, 2, 3] {
        let input = jury_plan(&JuryPlanOptions {
            seed,
            ..JuryPlanOptions::default()
        });
        let first = plan(&input).unwrap();
        let mut again = input.clone();
        again.previous = Some(first.announced());
        again.withdrawn = vec![first.panels[0].jurors[0].clone()];
        let quick = plan(&again).unwrap();
        let mut exact = again.clone();
        let mut phantom = exact.jurors[0].clone();
        phantom.id = "jure-fantome".into();
        phantom.can_be_referent = false;
        phantom.load.min = 0;
        phantom.load.max = 2;
        phantom.conflicts.items = exact.items.iter().map(|i| i.id.clone()).collect();
        exact.jurors.push(phantom);
        let exact = plan(&exact).unwrap();
        assert!(quick.proof.optimal && exact.proof.optimal, "seed {seed}");
        assert_eq!(quick.objective.moved, exact.objective.moved, "seed {seed}");
        assert!(
            (quick.objective.total - exact.objective.total).abs() < 1e-6,
            "seed {seed}: {} against {}",
            quick.objective.total,
            exact.objective.total
        );
        assert_eq!(check_plan(&checked(&again), &quick), Vec::<String>::new());
    }
}
