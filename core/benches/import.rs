//! Import time against the number of records: both sites generated with `n` défis each (and two
//! people per défi), then imported together. `cargo bench -p eig --bench import`.
//!
//! The titles are chosen to reach every pass of the merge: most défis have the same title on
//! both sites, some differ only by their digits (the loose pass), some by promotion, and many
//! share one loose key (`Défi 17`, `Défi 18`…), the case that was quadratic. Set
//! `EIG_IMPORT_SIZES` (comma-separated, default `1000,10000,100000`) for other sizes. The run
//! ends with a table of time per record, which stays flat when the import is linear.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use eig::import::import_all;
use eig::model::SourceKind;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn sizes() -> Vec<usize> {
    std::env::var("EIG_IMPORT_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

/// Writes both sites for `n` défis under `root`, returns their folders.
fn generate(root: &Path, n: usize) -> (PathBuf, PathBuf) {
    let first = root.join("site-eig");
    let current = root.join("site-eig-v3");
    std::fs::create_dir_all(first.join("_data")).expect("create _data");
    let defis = current.join("site/content/defis");
    std::fs::create_dir_all(&defis).expect("create content/defis");
    let mut yml = String::with_capacity(n * 200);
    for i in 0..n {
        let promotion = 1 + i % 4;
        // Every fifth défi differs only by its digits on the first site; every seventh is in
        // another promotion there.
        let title = if i % 5 == 0 {
            format!("Défi {i} numéro {}", i % 10)
        } else {
            format!("Projet {i}")
        };
        let first_promotion = if i % 7 == 0 {
            1 + (i + 1) % 4
        } else {
            promotion
        };
        let _ = write!(
            yml,
            "\"key-{i}\":\n  title: \"{title}\"\n  description: Défi numéro {i}\n  promotion: {first_promotion}\n  year: {}\n  administration: Administration {}\n  skills: [\"dev\", \"design\"]\n  eigs:\n    - \"Personne {i} A\"\n    - \"Personne {i} B\"\n  mentors:\n    - \"Mentor {}\"\n",
            2016 + first_promotion,
            i % 97,
            i % 301,
        );
        let current_title = if i % 5 == 0 {
            format!("Défi {i} numéro {}", (i + 3) % 10)
        } else {
            title
        };
        let md = format!(
            "---\ntitle: \"{current_title}\"\ndescription: Défi numéro {i}\nwho: Administration {}\nthemes:\n  - Santé\npromos:\n  - Promotion {promotion}\nexpertises:\n  - Design\nvisible: true\n---\nLe défi {i}.\n",
            i % 97
        );
        std::fs::write(defis.join(format!("defi-{i}.md")), md).expect("write défi");
    }
    std::fs::write(first.join("_data/defis.yml"), yml).expect("write defis.yml");
    (first, current)
}

fn run(first: &Path, current: &Path) -> usize {
    let import = import_all(&[
        (SourceKind::SiteEig, first),
        (SourceKind::SiteEigV3, current),
    ])
    .expect("import");
    import.dataset.challenges.len()
}

fn bench(c: &mut Criterion) {
    let base = std::env::temp_dir().join(format!("eig-bench-import-{}", std::process::id()));
    let mut table = Vec::new();
    let mut group = c.benchmark_group("import_both_sites");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for n in sizes() {
        let root = base.join(n.to_string());
        let (first, current) = generate(&root, n);
        // One timed run for the table (the files are in the page cache after generation).
        let start = Instant::now();
        let challenges = run(&first, &current);
        let elapsed = start.elapsed();
        assert!(challenges >= n, "{challenges} défis for {n} records");
        table.push((n, elapsed));
        group.throughput(Throughput::Elements(2 * n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| run(&first, &current));
        });
        let _ = std::fs::remove_dir_all(&root);
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&base);
    println!("\nrecords per site | import (one run) | µs per record");
    for (n, t) in table {
        println!(
            "{n:>16} | {:>13.3} s | {:>8.2}",
            t.as_secs_f64(),
            t.as_secs_f64() * 1e6 / (2 * n) as f64
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
