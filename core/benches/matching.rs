//! Assignment solvers on seeded random instances: `cargo bench -p eig --bench matching`.
//! The side-by-side comparison with scipy, lapjv and `matching` is in
//! `bindings/python/benchmarks/bench_matching.py`.

use criterion::{Criterion, criterion_group, criterion_main};
use eig::solve::{
    FlowProblem, Optimal, capacitated_assignment, hospital_residents, linear_sum_assignment,
};
use std::hint::black_box;

/// A small, seeded generator (xorshift64*), so the instances are the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("lsa");
    group.sample_size(10);
    for n in [1000usize, 2000] {
        let mut rng = Rng(42 + n as u64);
        let f: Vec<f64> = (0..n * n).map(|_| rng.unit()).collect();
        let i: Vec<i64> = (0..n * n).map(|_| (rng.next() % 100) as i64).collect();
        group.bench_function(format!("dense_f64_{n}x{n}"), |b| {
            b.iter(|| {
                linear_sum_assignment(n, n, black_box(&f), false)
                    .unwrap()
                    .cost
            })
        });
        group.bench_function(format!("dense_i64_0_99_{n}x{n}"), |b| {
            b.iter(|| {
                linear_sum_assignment(n, n, black_box(&i), false)
                    .unwrap()
                    .cost
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("flow");
    group.sample_size(10);
    let mut rng = Rng(99);
    let (teams, mentors) = (2000usize, 1200usize);
    let mut arcs = Vec::with_capacity(teams * mentors);
    for a in 0..mentors {
        for t in 0..teams {
            // 1% of the pairs are conflicts of interest.
            if !rng.next().is_multiple_of(100) {
                arcs.push((a, t, (rng.next() % 10_000) as i64));
            }
        }
    }
    let problem = FlowProblem {
        agent_min: vec![0; mentors],
        agent_max: vec![6; mentors],
        task_demand: vec![3; teams],
        arcs,
        forced: vec![],
    };
    group.bench_function("mentors_2000_teams_1200_mentors", |b| {
        b.iter(|| {
            capacitated_assignment(black_box(&problem), false)
                .unwrap()
                .cost
        })
    });
    group.finish();

    let mut group = c.benchmark_group("stable");
    group.sample_size(10);
    let mut rng = Rng(7);
    let (nr, nh, k) = (100_000usize, 2_000usize, 10usize);
    let residents: Vec<Vec<usize>> = (0..nr)
        .map(|_| {
            let mut l: Vec<usize> = Vec::with_capacity(k);
            while l.len() < k {
                let h = (rng.next() % nh as u64) as usize;
                if !l.contains(&h) {
                    l.push(h);
                }
            }
            l
        })
        .collect();
    let mut hospitals: Vec<Vec<usize>> = vec![Vec::new(); nh];
    for (r, l) in residents.iter().enumerate() {
        for &h in l {
            hospitals[h].push(r);
        }
    }
    let score: Vec<u64> = (0..nr).map(|_| rng.next()).collect();
    for list in &mut hospitals {
        list.sort_by_key(|r| score[*r]);
    }
    let caps = vec![nr / nh; nh];
    group.bench_function("national_100000x2000x10", |b| {
        b.iter(|| hospital_residents(&residents, &hospitals, &caps, Optimal::Resident).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
