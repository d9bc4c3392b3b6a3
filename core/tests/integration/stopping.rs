//! Work run under a raised `eig::stop::Stop` gives up at the engines' checkpoints, and
//! `stop::run` never hands back what it did before giving up.

use eig::Rulebook;
use eig::diagnostics::Violation;
use eig::documents::{DocumentValidator, Input};
use eig::rules::{Rule, Subject};
use eig::schema::SchemaKind;
use eig::stop::{self, Stop, Stopped};
use eig::validate::{RulebookChoice, Validator};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};

fn valid() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/submissions/eig-5-valid-flood-alerts.json"
    );
    std::fs::read(path).unwrap()
}

/// EIG 5's rulebook with one declared rule that every submission fails.
fn failing_rule() -> Rulebook {
    let mut rb = serde_json::to_value(Rulebook::builtin("eig-5").unwrap()).unwrap();
    rb["rules"] = json!([{"id": "r", "on": "challenge-submission", "rule": "self.title.size() < 0",
                          "message_fr": "non", "message_en": "no"}]);
    Rulebook::from_json(rb.to_string().as_bytes()).unwrap()
}

fn raised() -> Stop {
    let stop = Stop::new();
    stop.raise();
    stop
}

#[test]
fn a_raised_stop_keeps_the_declared_rules_from_running_and_run_says_stopped() {
    let validator = Validator::new(failing_rule());
    let doc: Value = serde_json::from_slice(&valid()).unwrap();
    let fired = |report: &eig::diagnostics::Report| report.violations.iter().any(|v| v.rule == "r");
    // Without a stop, the rule fires.
    assert!(fired(&validator.validate_value(&doc)));
    // Under a raised one, the validation gives up before it (what it returns is partial).
    let partial = stop::run_with(Some(raised()), || validator.validate_value(&doc));
    assert!(!fired(&partial), "{partial}");
    // And `run` never hands a partial report back.
    assert_eq!(
        stop::run(&raised(), || validator.validate_value(&doc)).err(),
        Some(Stopped)
    );
}

/// A host rule that counts the documents it sees and raises `stop` at the tenth.
struct RaisesAtTen {
    seen: AtomicUsize,
    stop: Stop,
}

impl Rule for RaisesAtTen {
    fn id(&self) -> &str {
        "raises_at_ten"
    }
    fn check(&self, _: &Subject<'_>, _: &mut Vec<Violation>) {
        if self.seen.fetch_add(1, Ordering::Relaxed) + 1 == 10 {
            self.stop.raise();
        }
    }
}

#[test]
fn a_batch_stops_at_the_next_document_on_every_thread() {
    let stop = Stop::new();
    let rule = std::sync::Arc::new(RaisesAtTen {
        seen: AtomicUsize::new(0),
        stop: stop.clone(),
    });
    struct Shared(std::sync::Arc<RaisesAtTen>);
    impl Rule for Shared {
        fn id(&self) -> &str {
            self.0.id()
        }
        fn check(&self, doc: &Subject<'_>, out: &mut Vec<Violation>) {
            self.0.check(doc, out);
        }
    }
    let validator = DocumentValidator::new(RulebookChoice::Builtin("eig-5".into()))
        .with_rule(Shared(rule.clone()));
    let doc = valid();
    let docs: Vec<Input<'_>> = (0..2_000).map(|_| Input::Bytes(&doc)).collect();
    let done = stop::run(&stop, || {
        validator.validate_many(SchemaKind::ChallengeSubmission, &docs)
    });
    assert_eq!(done.err(), Some(Stopped));
    // Each thread finishes the document it is on, then gives up.
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let seen = rule.seen.load(Ordering::Relaxed);
    assert!(
        seen < 10 + threads * 2,
        "{seen} documents validated of 2,000"
    );
}

#[test]
fn a_rulebook_first_compiled_under_a_raised_stop_is_whole_for_later_uses() {
    // The declared rules of a rulebook built in code are compiled at their first use, and
    // kept: a first use under a stop must not keep a half-compiled set.
    let doc: Value = serde_json::from_slice(&valid()).unwrap();
    let validator = Validator::new(failing_rule());
    let _ = stop::run_with(Some(raised()), || validator.validate_value(&doc));
    let report = validator.validate_value(&doc);
    assert!(
        report.violations.iter().any(|v| v.rule == "r") && !report.has("rule_invalid"),
        "{report}"
    );
}

#[cfg(feature = "matching")]
#[test]
fn the_solvers_give_up_under_a_raised_stop_and_say_so() {
    use eig::solve::{
        AssignmentError, FlowError, FlowProblem, capacitated_assignment, linear_sum_assignment,
    };
    let n = 40;
    let costs: Vec<f64> = (0..n * n).map(|k| ((k * 7919) % 101) as f64).collect();
    assert!(linear_sum_assignment(n, n, &costs, false).is_ok());
    let stopped = stop::run_with(Some(raised()), || {
        linear_sum_assignment(n, n, &costs, false)
    });
    assert_eq!(stopped.err(), Some(AssignmentError::Stopped));
    // Rectangular (the other search), transposed and integer too.
    let wide: Vec<i64> = (0..n * 2 * n).map(|k| ((k * 31) % 17) as i64).collect();
    for (rows, cols) in [(n, 2 * n), (2 * n, n)] {
        let stopped = stop::run_with(Some(raised()), || {
            linear_sum_assignment(rows, cols, &wide, true)
        });
        assert_eq!(
            stopped.err(),
            Some(AssignmentError::Stopped),
            "{rows}×{cols}"
        );
    }
    assert!(
        AssignmentError::Stopped
            .to_string()
            .contains("stopped before it finished")
    );

    // The capacitated assignment, integer costs (cost scaling, then the repair) and floats.
    let arcs = |k: usize| (k % 30, k / 30, ((k * 13) % 23) as i64);
    let int = FlowProblem {
        agent_min: vec![0; 30],
        agent_max: vec![2; 30],
        task_demand: vec![1; 40],
        arcs: (0..1200).map(arcs).collect(),
        forced: Vec::new(),
    };
    assert!(capacitated_assignment(&int, false).is_ok());
    let stopped = stop::run_with(Some(raised()), || capacitated_assignment(&int, false));
    assert_eq!(stopped.err(), Some(FlowError::Stopped));
    let float = FlowProblem {
        agent_min: int.agent_min.clone(),
        agent_max: int.agent_max.clone(),
        task_demand: int.task_demand.clone(),
        arcs: int
            .arcs
            .iter()
            .map(|&(a, t, c)| (a, t, c as f64 + 0.5))
            .collect(),
        forced: Vec::new(),
    };
    let stopped = stop::run_with(Some(raised()), || capacitated_assignment(&float, true));
    assert_eq!(stopped.err(), Some(FlowError::Stopped));
}

#[test]
fn without_a_stop_or_with_one_never_raised_every_engine_finishes() {
    let validator = Validator::new(failing_rule());
    let doc: Value = serde_json::from_slice(&valid()).unwrap();
    let plenty = Stop::after(std::time::Duration::from_secs(3600));
    let report = stop::run(&plenty, || validator.validate_value(&doc)).unwrap();
    assert!(report.violations.iter().any(|v| v.rule == "r"));
}
