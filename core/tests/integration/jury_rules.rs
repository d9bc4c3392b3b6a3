//! Conflicts of interest written as rules of the rulebook (`on: juror-item`): the pairs they
//! refuse are the ones a brute force finds, the planner keeps them exactly as it keeps the
//! conflicts a juror declares, the checker and the explanations name them, and a rule that is
//! malformed, fails, or costs too much is named with its path.

#![cfg(all(feature = "matching", feature = "synthetic"))]

use eig::diagnostics::{Lang, Violation};
use eig::model::{JurorItem, JuryPlan};
use eig::placement::jury::{self, PlanOptions, check_plan, plan_jury};
use eig::synthetic::{JuryPlanOptions, jury_plan};
use eig::validate::{Checked, CompiledRulebook, RulebookChoice};
use serde_json::{Value, json};

/// "Structure 07" and "Administration 07" belong to one ministry: the two digits at the end
/// of the names say which.
const SAME_MINISTRY: &str = "!has(juror.organisation) || !item.hosts.exists(h, \
     h.substring(h.size() - 2) == juror.organisation.substring(juror.organisation.size() - 2))";

fn rule(id: &str, text: &str) -> Value {
    json!({"id": id, "on": "juror-item", "rule": text,
           "message_fr": "{juror} relève du même ministère que {item}",
           "message_en": "{juror} belongs to the same ministry as {item}"})
}

fn rulebook_with(rules: Vec<Value>) -> Result<CompiledRulebook, Vec<Violation>> {
    let mut rb = serde_json::to_value(eig::Rulebook::builtin("eig-4").unwrap()).unwrap();
    rb["rules"] = Value::Array(rules);
    CompiledRulebook::from_value(&rb).map_err(|e| e.report.violations)
}

fn load(plan: &JuryPlan, rb: &CompiledRulebook) -> Result<Checked<JuryPlan>, Vec<Violation>> {
    let value = serde_json::to_value(plan).unwrap();
    jury::load_value(&value, &RulebookChoice::Given(rb.clone())).map_err(|e| e.report.violations)
}

/// The pairs the rule refuses, found here without CEL.
fn same_ministry(plan: &JuryPlan) -> Vec<(String, String)> {
    let tail = |s: &str| s[s.len() - 2..].to_owned();
    let mut out = Vec::new();
    for j in &plan.jurors {
        for i in &plan.items {
            if let Some(o) = &j.organisation
                && i.hosts.iter().any(|h| tail(h) == tail(o))
            {
                out.push((j.id.clone(), i.id.clone()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_rule_of_the_rulebook_is_kept_as_a_declared_conflict_is() {
    let plan = jury_plan(&JuryPlanOptions::default());
    let rb = rulebook_with(vec![rule("meme_ministere", SAME_MINISTRY)]).unwrap();
    let input = load(&plan, &rb).expect("the plan loads with the rule");
    let ruled = input.context().ruled();
    let mut found: Vec<(String, String)> = ruled
        .iter()
        .map(|(j, i, r)| {
            assert_eq!(r, "meme_ministere");
            (j.to_owned(), i.to_owned())
        })
        .collect();
    found.sort();
    let expected = same_ministry(&plan);
    assert!(expected.len() > 20, "the rule refuses some pairs");
    assert_eq!(found, expected);

    let result = plan_jury(&input, PlanOptions::default()).expect("plans");
    assert!(result.proof.optimal);
    assert_eq!(check_plan(&input, &result), Vec::<String>::new());
    for panel in &result.panels {
        for j in &panel.jurors {
            for i in &panel.items {
                assert!(!ruled.refuses(j, i), "{j} hears {i}");
            }
        }
    }
    // The same pairs written as each juror's declared conflicts: the same optimum.
    let mut declared = plan.clone();
    for (j, i) in &expected {
        let juror = declared.jurors.iter_mut().find(|x| x.id == *j).unwrap();
        if !juror.conflicts.items.contains(i) {
            juror.conflicts.items.push(i.clone());
        }
    }
    let as_declared = Checked::check(declared, Default::default()).unwrap();
    let other = plan_jury(&as_declared, PlanOptions::default()).expect("plans");
    assert!(other.proof.optimal);
    assert!(
        (other.objective.total - result.objective.total).abs() < 1e-9,
        "{} against {}",
        other.objective.total,
        result.objective.total
    );
    // Without the rule, the optimum is at least as good, and it puts a refused pair together
    // or it is the same value.
    let free = Checked::check(plan.clone(), Default::default()).unwrap();
    let unruled = plan_jury(&free, PlanOptions::default()).expect("plans");
    assert!(unruled.objective.total >= result.objective.total - 1e-9);

    // The explanation names the rule's message, filled.
    let (j, i) = &expected[0];
    let text = result.explain_item(i, Lang::En).unwrap();
    assert!(
        text.contains(&format!("{j} belongs to the same ministry as {i}")),
        "{text}"
    );
    let text = result.explain_item(i, Lang::Fr).unwrap();
    assert!(
        text.contains(&format!("{j} relève du même ministère que {i}")),
        "{text}"
    );
}

#[test]
fn the_checker_finds_a_pair_a_rule_refuses() {
    let plan = jury_plan(&JuryPlanOptions::default());
    let rb = rulebook_with(vec![rule("meme_ministere", SAME_MINISTRY)]).unwrap();
    let input = load(&plan, &rb).unwrap();
    let mut result = plan_jury(&input, PlanOptions::default()).expect("plans");
    // A pair only the rule refuses (the juror declared nothing about it).
    let (j, i) = same_ministry(&plan)
        .into_iter()
        .find(|(j, i)| {
            plan.jurors
                .iter()
                .any(|x| x.id == *j && !x.conflicts.items.contains(i))
        })
        .unwrap();
    let panel = result
        .panels
        .iter_mut()
        .find(|p| p.items.contains(&i))
        .unwrap();
    panel.jurors.push(j.clone());
    let broken = check_plan(&input, &result);
    let id = &panel_of(&result, &i);
    assert!(
        broken.contains(&format!("{id}: {j} may not hear {i}")),
        "{broken:?}"
    );
}

fn panel_of(result: &jury::PlannedJury, item: &str) -> String {
    result.panel_of_item(item).unwrap().id.clone()
}

#[test]
fn a_pin_on_a_pair_a_rule_refuses_is_named() {
    let mut plan = jury_plan(&JuryPlanOptions::default());
    let (j, i) = same_ministry(&plan)[0].clone();
    plan.forced = vec![JurorItem {
        juror: j.clone(),
        item: i.clone(),
    }];
    let rb = rulebook_with(vec![rule("meme_ministere", SAME_MINISTRY)]).unwrap();
    let v = load(&plan, &rb).expect_err("the pin breaks the rule");
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(
        (v[0].code.as_str(), v[0].path.as_str()),
        ("pin_conflicted", "/forced/0")
    );
    assert!(
        v[0].message_en.contains(&format!(
            "the rulebook's rule \"meme_ministere\" refuses it: {j} belongs to the same ministry as {i}"
        )),
        "{}",
        v[0].message_en
    );
    // Without the rulebook, the same pin holds.
    let value = serde_json::to_value(&plan).unwrap();
    assert!(jury::load_value(&value, &RulebookChoice::Named).is_ok());
}

#[test]
fn a_rule_that_cannot_run_refuses_the_input_at_the_juror() {
    let mut plan = jury_plan(&JuryPlanOptions::default());
    plan.jurors[3].organisation = None;
    let rb = rulebook_with(vec![rule(
        "sans_has",
        "juror.organisation.substring(0, 3) != item.hosts[0].substring(0, 3)",
    )])
    .unwrap();
    let v = load(&plan, &rb).expect_err("the rule fails on jure-004");
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(
        (v[0].code.as_str(), v[0].path.as_str()),
        ("rule_error", "/jurors/3")
    );
    let first = &plan.items[0].id;
    assert!(
        v[0].message_en
            .contains(&format!("for this juror and \"{first}\""))
            && v[0].message_en.contains("\"organisation\" is absent"),
        "{}",
        v[0].message_en
    );
    assert!(
        v[0].message_fr
            .contains(&format!("pour ce juré et « {first} »"))
    );
}

#[test]
fn juror_item_rules_are_checked_when_the_rulebook_loads() {
    let fault = |rule: Value| {
        let v = rulebook_with(vec![rule]).expect_err("refused");
        assert_eq!(v.len(), 1, "{v:?}");
        (
            v[0].code.clone(),
            v[0].path.clone(),
            v[0].message_en.clone(),
        )
    };
    let base = rule("r", "juror.id != item.id");
    assert!(rulebook_with(vec![base.clone()]).is_ok());
    for (field, value) in [
        ("for_each", json!("/jurors")),
        ("path", json!("/id")),
        ("severity", json!("warning")),
    ] {
        let mut r = base.clone();
        r[field] = value;
        let (code, path, en) = fault(r);
        assert_eq!(
            (code.as_str(), path.as_str()),
            ("rule_invalid", &*format!("/rules/0/{field}"))
        );
        assert!(en.contains("\"juror-item\" rule"), "{en}");
    }
    let (code, path, en) = fault(rule("r", "self.id != item.id"));
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("rule_invalid", "/rules/0/rule")
    );
    assert!(en.contains("(juror, item, rulebook, or a loop's)"), "{en}");
    let (_, _, en) = fault(rule("r", "juror.organization != item.id"));
    assert!(en.contains("did you mean \"organisation\"?"), "{en}");
    let (_, _, en) = fault(rule("r", "juror.load.max + item.hosts"));
    assert!(en.contains("cannot be compiled"), "{en}");
    let mut r = base.clone();
    r["message_en"] = json!("{value} is wrong");
    let (code, path, en) = fault(r);
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("rule_invalid", "/rules/0/message_en")
    );
    assert!(en.contains("{juror} and {item}"), "{en}");
    // A macro's variable may be named as the pair's (it hides it in its body).
    assert!(
        rulebook_with(vec![rule(
            "r",
            "item.hosts.all(juror, juror != 'x') && juror.id != ''"
        )])
        .is_ok()
    );
    // A document's rule still reads `self` and `root`, and a loop may name its element `juror`.
    let doc_rule = json!({"id": "d", "on": "jury-plan",
        "rule": "self.jurors.all(juror, juror.load.max <= 3)",
        "message_fr": "x", "message_en": "x"});
    assert!(rulebook_with(vec![doc_rule]).is_ok());
}

#[test]
fn an_item_every_juror_is_refused_is_named_as_what_binds() {
    let plan = jury_plan(&JuryPlanOptions::default());
    let target = plan.items[4].id.clone();
    let rb = rulebook_with(vec![rule("r", &format!("item.id != '{target}'"))]).unwrap();
    let input = load(&plan, &rb).unwrap();
    assert_eq!(input.context().ruled().len(), plan.jurors.len());
    let v = plan_jury(&input, PlanOptions::default())
        .expect_err("nobody may hear it")
        .report
        .violations;
    assert_eq!(v[0].code.as_str(), "plan_infeasible");
    assert!(v[0].message_en.contains(&target), "{}", v[0].message_en);
}

#[test]
fn a_rule_over_every_pair_of_a_plan_past_its_cost_is_refused_with_its_limit() {
    let plan = jury_plan(&JuryPlanOptions {
        seed: 3,
        jurors: 2000,
        items: 1000,
        days: 5,
        rooms: 20,
    });
    let rb = rulebook_with(vec![rule(
        "r",
        "!item.hosts.exists(h, juror.profiles.exists(p, h.contains(p)))",
    )])
    .unwrap();
    let v = load(&plan, &rb).expect_err("two million pairs cost too much");
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(
        (v[0].code.as_str(), v[0].path.as_str()),
        ("rule_too_costly", "/jurors")
    );
    assert!(
        v[0].message_en.contains("each of the 2000000 pairs"),
        "{}",
        v[0].message_en
    );
}

#[test]
fn the_worked_example_refuses_the_cnam_juror_on_the_health_defi() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let rb = CompiledRulebook::from_json(
        &std::fs::read(root.join("examples/rules/rulebook.json")).unwrap(),
    )
    .unwrap();
    let bytes = std::fs::read(root.join("examples/jury/plan.json")).unwrap();
    let input = jury::load(&bytes, &RulebookChoice::Given(rb)).expect("the example loads");
    let ruled: Vec<_> = input.context().ruled().iter().collect();
    assert_eq!(ruled, [("jure-11", "defi-01", "tutelle")]);
    let result = plan_jury(&input, PlanOptions::default()).expect("plans");
    assert!(
        !result
            .panel_of_item("defi-01")
            .unwrap()
            .jurors
            .contains(&"jure-11".to_owned())
    );
    assert!(result.explain_juror("jure-11", Lang::Fr).unwrap().contains(
        "jure-11 travaille pour une structure sous la tutelle de l'administration qui porte defi-01"
    ));
}

/// When no plan exists, the changes the planner names are checked with the rulebook's rules
/// run again on the changed input, since a rule may read what a change edits. Here a rule
/// keeps every possible référent off one défi, and there are too few référents: marking one
/// more juror as référent would put them off that défi too, so no such change is named (with
/// the conflicts of the input unchanged, it was).
#[test]
fn a_relaxation_is_checked_with_the_rules_run_on_it() {
    let mut plan = jury_plan(&JuryPlanOptions::default());
    let mut kept = 0;
    for j in &mut plan.jurors {
        j.can_be_referent = j.can_be_referent && kept < 6 && {
            kept += 1;
            true
        };
    }
    assert_eq!(kept, 6);
    let target = plan.items[0].id.clone();
    let refused = |rule_text: &str| {
        let rb = rulebook_with(vec![rule("r", rule_text)]).unwrap();
        let input = load(&plan, &rb).unwrap();
        plan_jury(&input, PlanOptions::default())
            .expect_err("too few référents")
            .report
            .violations
            .remove(0)
    };
    let v = refused(&format!("!juror.can_be_referent || item.id != '{target}'"));
    assert_eq!(v.code.as_str(), "plan_infeasible");
    assert!(!v.message_en.contains("mark "), "{}", v.message_en);
    // A rule that does not read what the change edits: the change is named.
    let v = refused("item.id != 'aucun'");
    assert!(v.message_en.contains("mark "), "{}", v.message_en);
}
