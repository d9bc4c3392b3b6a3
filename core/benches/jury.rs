//! Jury planning: the EIG 4 instance (50 jurors, 21 défis, 8 slots) to a proven optimum, the
//! re-plan after one withdrawal, and the ten-times instance (500 jurors, 200 défis, 40 slots)
//! with its gap. `cargo bench -p eig --bench jury`; OR-Tools CP-SAT beside it:
//! `bindings/python/benchmarks/bench_jury.py`.

use criterion::{Criterion, criterion_group, criterion_main};
use eig::model::JuryPlan;
use eig::placement::jury::{PlanOptions, plan_jury};
use eig::synthetic::{JuryPlanOptions, jury_plan};
use eig::validate::Checked;

fn checked(plan: &JuryPlan) -> Checked<JuryPlan> {
    Checked::check(plan.clone(), Default::default()).expect("a generated plan is valid")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("jury");
    group.sample_size(10);
    let eig4 = jury_plan(&JuryPlanOptions::default());
    let input = checked(&eig4);
    let first = plan_jury(&input, PlanOptions::default()).expect("EIG 4 plans");
    assert!(first.proof.optimal);
    group.bench_function("eig-4 plan", |b| {
        b.iter(|| plan_jury(&input, PlanOptions::default()).expect("plans"));
    });
    let mut again = eig4.clone();
    again.previous = Some(first.announced());
    again.withdrawn = vec![first.panels[0].jurors[0].clone()];
    let again = checked(&again);
    group.bench_function("eig-4 re-plan after one withdrawal", |b| {
        b.iter(|| plan_jury(&again, PlanOptions::default()).expect("re-plans"));
    });
    let big = checked(&jury_plan(&JuryPlanOptions {
        seed: 1,
        jurors: 500,
        items: 200,
        days: 5,
        rooms: 4,
    }));
    group.bench_function("ten times (greedy, with its gap)", |b| {
        b.iter(|| plan_jury(&big, PlanOptions::default()).expect("plans"));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
