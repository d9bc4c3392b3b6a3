//! The bodies of the fuzz targets, one module each with its `run`: `fuzz_targets/` calls them
//! under libFuzzer (`scripts/fuzz`), and the core's integration tests call them on stable Rust
//! over every seed and every saved crash (`core/tests/integration/fuzz_replay.rs`).
//!
//! Only `eig`, `serde_json` and `std`: the file is compiled into both crates.

pub mod documents {
    //! Every document kind's validation, and the human output's line and column, on any bytes.
    //!
    //! The first byte picks the kind (`SchemaKind::ALL`); the rest is the document. The report
    //! must be the same twice (determinism), every violation's path must be a JSON Pointer, and
    //! locating it in the text must not cost more than the text (the source map is linear).
    //! Its safe fixes, applied as `eig fix` does, give a text whose report is the one given
    //! after them, without a new error of the input or structural passes.

    use eig::documents::{DocumentValidator, Input, validate_document};
    use eig::schema::SchemaKind;
    use eig::validate::{RulebookChoice, SourceMap};

    /// The target's body: any bytes; a panic is a finding.
    pub fn run(data: &[u8]) {
        let Some((&first, bytes)) = data.split_first() else {
            return;
        };
        let kind = SchemaKind::ALL[usize::from(first) % SchemaKind::ALL.len()];
        let report = validate_document(kind, Input::Bytes(bytes), &RulebookChoice::Named);
        let again = validate_document(kind, Input::Bytes(bytes), &RulebookChoice::Named);
        assert_eq!(report, again, "validation is deterministic");
        assert_eq!(
            report.valid,
            report
                .violations
                .iter()
                .all(|v| v.severity != eig::Severity::Error)
        );
        if let Ok(text) = std::str::from_utf8(bytes) {
            let map = SourceMap::new(text);
            for v in &report.violations {
                assert!(v.path.is_empty() || v.path.starts_with('/'), "{}", v.path);
                if let Some((line, column)) = map.locate(&v.path) {
                    assert!(line >= 1 && column >= 1);
                }
            }
            let validator = DocumentValidator::new(RulebookChoice::Named);
            let fixed = validator.fix(kind, text);
            assert_eq!(fixed.before, report, "fix starts from the report");
            if let Some(new) = &fixed.text {
                assert!(!fixed.applied.is_empty());
                let again = validator.validate(kind, Input::Bytes(new.as_bytes()));
                assert_eq!(again, fixed.after, "the report after is the new text's");
                let input = |v: &&eig::Violation| v.is_error() && v.rule == "input";
                assert!(
                    fixed
                        .after
                        .violations
                        .iter()
                        .filter(input)
                        .all(|v| v.code == "too_many_violations"),
                    "a fix made the text unreadable: {}",
                    fixed.after
                );
            }
        }
    }
}

pub mod rulebook {
    //! Rulebook loading, with its declared (CEL) rules, on any bytes; a rulebook that loads then
    //! validates a submission, so the declared rules run too.

    use eig::Rulebook;
    use eig::validate::{Validator, load_document, validate_rulebook};

    const SUBMISSION: &[u8] =
        include_bytes!("../../examples/submissions/eig-5-valid-flood-alerts.json");

    /// The target's body: any bytes; a panic is a finding.
    pub fn run(data: &[u8]) {
        let report = validate_rulebook(data);
        if let Ok(rulebook) = load_document::<Rulebook>(data) {
            assert!(report.valid, "a rulebook that loads is valid");
            let validator = Validator::new(rulebook.value().clone());
            let first = validator.validate(SUBMISSION);
            let second = validator.validate(SUBMISSION);
            assert_eq!(first, second, "validation is deterministic");
            // A document under the rulebook's own rules, read from the fuzzed bytes too.
            let _ = validator.validate(data);
        }
    }
}

pub mod import {
    //! The import readers and the merge, on fuzzed YAML data files and front matter, held in
    //! memory (`import_files`): both sites at once.
    //!
    //! The input is cut at each `\n%%\n` into up to eight files, given in this order:
    //! site-eig's `_data/defis.yml`, `_data/promos.yml`, `_data/skills.yml`, `_defis/a.md`;
    //! site-eig-v3's `site/content/defis/a.md`, `site/content/defis/b.md`,
    //! `site/content/personnes/p.md`, `derived/personnes.roles-only.yml`. Every record read must
    //! be written or refused, and the dataset must serialise.

    use eig::import::{SourceFiles, import_files};
    use eig::model::SourceKind;

    const FIRST: [&str; 4] = [
        "_data/defis.yml",
        "_data/promos.yml",
        "_data/skills.yml",
        "_defis/a.md",
    ];
    const CURRENT: [&str; 4] = [
        "site/content/defis/a.md",
        "site/content/defis/b.md",
        "site/content/personnes/p.md",
        "derived/personnes.roles-only.yml",
    ];

    fn split(data: &[u8]) -> Vec<&[u8]> {
        let sep = b"\n%%\n";
        let mut parts = Vec::new();
        let mut rest = data;
        while parts.len() < 7 {
            match rest.windows(sep.len()).position(|w| w == sep) {
                Some(at) => {
                    parts.push(&rest[..at]);
                    rest = &rest[at + sep.len()..];
                }
                None => break,
            }
        }
        parts.push(rest);
        parts
    }

    /// The target's body: any bytes; a panic is a finding.
    pub fn run(data: &[u8]) {
        let parts = split(data);
        let mut first = SourceFiles::new();
        let mut current = SourceFiles::new();
        for (k, part) in parts.iter().enumerate() {
            if k < 4 {
                first.insert(FIRST[k].to_owned(), part.to_vec());
            } else {
                current.insert(CURRENT[k - 4].to_owned(), part.to_vec());
            }
        }
        // The current site needs its défis folder to be recognised.
        current
            .entry(CURRENT[0].to_owned())
            .or_insert_with(|| b"---\ntitle: A\npromos: [Promotion 4]\n---\n".to_vec());
        let sources = [
            (SourceKind::SiteEig, "site-eig", &first),
            (SourceKind::SiteEigV3, "site-eig-v3", &current),
        ];
        let Ok(done) = import_files(&sources) else {
            return;
        };
        assert!(
            done.report.accounts_for_every_record(),
            "read = written + refused: {:?}",
            done.report.records
        );
        // The dataset is written as JSON (what `eig import --out` does) without a fault.
        serde_json::to_string(&done.dataset).expect("the dataset serialises");
    }
}

pub mod solvers {
    //! The solvers against brute force on small instances decoded from the bytes: the linear sum
    //! assignment (same optimum as every permutation tried), hospital–residents (stable, within
    //! capacities, and resident-optimal among all stable matchings), the capacitated assignment
    //! (same feasibility and optimum as every subset of pairs tried), and `blocking_pairs` on any
    //! matching, including out-of-range ones.

    use eig::solve::{
        FlowProblem, Optimal, StableMatching, blocking_pairs, capacitated_assignment,
        hospital_residents, linear_sum_assignment,
    };

    /// Reads bytes one at a time, 0 once they run out.
    struct Bytes<'a>(&'a [u8]);

    impl Bytes<'_> {
        fn next(&mut self) -> u8 {
            match self.0.split_first() {
                Some((&b, rest)) => {
                    self.0 = rest;
                    b
                }
                None => 0,
            }
        }
        fn below(&mut self, n: u8) -> usize {
            usize::from(self.next() % n)
        }
    }

    fn permutations(n: usize, k: usize, chosen: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if chosen.len() == k {
            out.push(chosen.clone());
            return;
        }
        for c in 0..n {
            if !chosen.contains(&c) {
                chosen.push(c);
                permutations(n, k, chosen, out);
                chosen.pop();
            }
        }
    }

    fn lsa(b: &mut Bytes<'_>) {
        let (rows, cols) = (1 + b.below(5), 1 + b.below(5));
        let costs: Vec<i64> = (0..rows * cols)
            .map(|_| match b.next() {
                255 => i64::MAX, // forbidden
                x => i64::from(x) - 100,
            })
            .collect();
        let maximize = b.next() % 2 == 1;
        let got = linear_sum_assignment(rows, cols, &costs, maximize);
        // Brute force: every injective map of the smaller side into the larger.
        let (small, large) = (rows.min(cols), rows.max(cols));
        let at = |s: usize, l: usize| {
            if rows <= cols {
                costs[s * cols + l]
            } else {
                costs[l * cols + s]
            }
        };
        let mut all = Vec::new();
        permutations(large, small, &mut Vec::new(), &mut all);
        let best = all
            .iter()
            .filter(|p| p.iter().enumerate().all(|(s, &l)| at(s, l) != i64::MAX))
            .map(|p| p.iter().enumerate().map(|(s, &l)| at(s, l)).sum::<i64>())
            .reduce(|a, c| if maximize { a.max(c) } else { a.min(c) });
        match (got, best) {
            (Ok(a), Some(best)) => {
                assert_eq!(a.cost, best, "{rows}×{cols} {costs:?} maximize={maximize}");
                assert_eq!(a.rows.len(), small);
            }
            (Err(_), None) => {}
            (got, best) => {
                panic!("solver {got:?}, brute force {best:?} on {rows}×{cols} {costs:?}")
            }
        }
    }

    fn prefs(b: &mut Bytes<'_>, n: usize, among: usize) -> Vec<Vec<usize>> {
        (0..n)
            .map(|_| {
                let len = b.below(4);
                // Out of range or repeated now and then: the solver must refuse, not panic.
                (0..len)
                    .map(|_| b.below(u8::try_from(among + 1).unwrap()))
                    .collect()
            })
            .collect()
    }

    fn stable(b: &mut Bytes<'_>) {
        let (nr, nh) = (b.below(5), 1 + b.below(3));
        let residents = prefs(b, nr, nh);
        let hospitals = prefs(b, nh, nr);
        let capacities: Vec<usize> = (0..nh).map(|_| b.below(3)).collect();
        // Any matching, possibly out of range, checked without a panic.
        let any = StableMatching {
            resident_to_hospital: (0..nr)
                .map(|_| match b.below(nh as u8 + 2) {
                    0 => None,
                    h => Some(h - 1),
                })
                .collect(),
            hospital_to_residents: vec![Vec::new(); nh],
        };
        let _ = blocking_pairs(&residents, &hospitals, &capacities, &any);
        let Ok(m) = hospital_residents(&residents, &hospitals, &capacities, Optimal::Resident)
        else {
            return;
        };
        assert!(
            blocking_pairs(&residents, &hospitals, &capacities, &m)
                .expect("valid input")
                .is_empty(),
            "stable"
        );
        for (h, rs) in m.hospital_to_residents.iter().enumerate() {
            assert!(rs.len() <= capacities[h], "within capacity");
        }
        // Brute force: every stable matching; the solver's is the best of them for each resident.
        let rank = |r: usize, h: Option<usize>| {
            h.map_or(usize::MAX, |h| {
                residents[r].iter().position(|&x| x == h).unwrap()
            })
        };
        let mut choice = vec![None; nr];
        let total = (nh + 1).pow(u32::try_from(nr).unwrap());
        for code in 0..total {
            let mut c = code;
            for slot in choice.iter_mut() {
                *slot = match c % (nh + 1) {
                    0 => None,
                    h => Some(h - 1),
                };
                c /= nh + 1;
            }
            // Acceptable on both sides and within capacities.
            let fits = choice.iter().enumerate().all(|(r, h)| {
                h.is_none_or(|h| residents[r].contains(&h) && hospitals[h].contains(&r))
            }) && (0..nh)
                .all(|h| choice.iter().filter(|x| **x == Some(h)).count() <= capacities[h]);
            if !fits {
                continue;
            }
            let mut per_hospital = vec![Vec::new(); nh];
            for (r, h) in choice.iter().enumerate() {
                if let Some(h) = h {
                    per_hospital[*h].push(r);
                }
            }
            let candidate = StableMatching {
                resident_to_hospital: choice.clone(),
                hospital_to_residents: per_hospital,
            };
            if blocking_pairs(&residents, &hospitals, &capacities, &candidate)
                .expect("valid input")
                .is_empty()
            {
                for (r, (&got, &other)) in m.resident_to_hospital.iter().zip(&choice).enumerate() {
                    assert!(
                        rank(r, got) <= rank(r, other),
                        "resident {r} does better in another stable matching"
                    );
                }
            }
        }
    }

    fn flow(b: &mut Bytes<'_>) {
        let (na, nt) = (1 + b.below(3), 1 + b.below(3));
        let agent_max: Vec<u32> = (0..na).map(|_| u32::from(b.next() % 3)).collect();
        let agent_min: Vec<u32> = agent_max
            .iter()
            .map(|&m| u32::from(b.next()) % (m + 1))
            .collect();
        let task_demand: Vec<u32> = (0..nt).map(|_| u32::from(b.next() % 3)).collect();
        let mut arcs = Vec::new();
        for a in 0..na {
            for t in 0..nt {
                let c = b.next();
                if !c.is_multiple_of(4) {
                    arcs.push((a, t, i64::from(c) * 1_000_003 - 50_000_000));
                }
            }
        }
        let forced: Vec<(usize, usize)> = arcs
            .iter()
            .filter(|_| b.next().is_multiple_of(8))
            .map(|&(a, t, _)| (a, t))
            .collect();
        let maximize = b.next() % 2 == 1;
        let p = FlowProblem {
            agent_min: agent_min.clone(),
            agent_max: agent_max.clone(),
            task_demand: task_demand.clone(),
            arcs: arcs.clone(),
            forced: forced.clone(),
        };
        let got = capacitated_assignment(&p, maximize);
        let mut best: Option<i64> = None;
        for mask in 0u32..(1 << arcs.len()) {
            let chosen: Vec<&(usize, usize, i64)> = (0..arcs.len())
                .filter(|k| mask & (1 << k) != 0)
                .map(|k| &arcs[k])
                .collect();
            let load = |a: usize| chosen.iter().filter(|x| x.0 == a).count() as u32;
            let need = |t: usize| chosen.iter().filter(|x| x.1 == t).count() as u32;
            let ok = (0..na).all(|a| (agent_min[a]..=agent_max[a]).contains(&load(a)))
                && (0..nt).all(|t| need(t) == task_demand[t])
                && forced
                    .iter()
                    .all(|f| chosen.iter().any(|x| (x.0, x.1) == *f));
            if ok {
                let cost: i64 = chosen.iter().map(|x| x.2).sum();
                best =
                    Some(best.map_or(cost, |b| if maximize { b.max(cost) } else { b.min(cost) }));
            }
        }
        match (got, best) {
            (Ok(s), Some(best)) => assert_eq!(s.cost, best, "{p:?} maximize={maximize}"),
            (Err(_), None) => {}
            (got, best) => panic!("solver {got:?}, brute force {best:?} on {p:?}"),
        }
    }

    /// The target's body: any bytes; a panic is a finding.
    pub fn run(data: &[u8]) {
        let mut b = Bytes(data);
        match b.below(3) {
            0 => lsa(&mut b),
            1 => stable(&mut b),
            _ => flow(&mut b),
        }
    }
}
