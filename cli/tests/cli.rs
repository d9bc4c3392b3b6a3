//! The `eig` binary as a user runs it: exit codes, JSON output, human output, errors.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

mod common;
use common::{code, eig, eig_stdin, root, stderr, stdout};

const VALID: &str = "examples/submissions/eig-5-valid-flood-alerts.json";
const INVALID: &str = "examples/submissions/eig-6-invalid-late-and-mistyped.json";

#[test]
fn exit_codes() {
    assert_eq!(code(&eig(&["validate", VALID])), 0);
    assert_eq!(code(&eig(&["validate", VALID, INVALID])), 1);
    assert_eq!(code(&eig(&["validate", VALID, "no/such/file.json"])), 2);
    assert_eq!(code(&eig(&["validate", "--promotion", "eig-99", VALID])), 2);
    assert_eq!(code(&eig(&["validate"])), 2);
    assert_eq!(code(&eig(&["validate", "--format", "xml", VALID])), 2);
}

/// The programme's real rules on the example dossiers: EIG 4's close at 17:00 Paris time, EIG
/// 7's eligibility, and the warning where a rulebook has no window.
#[test]
fn the_examples_meet_the_programme_rules() {
    let codes = |file: &str| -> (bool, Vec<String>) {
        let out = eig(&[
            "validate",
            "--format",
            "json",
            &format!("examples/submissions/{file}"),
        ]);
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let codes = v[0]["violations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["code"].as_str().unwrap().to_owned())
            .collect();
        (v[0]["valid"] == true, codes)
    };
    let (valid, found) = codes("eig-4-invalid-after-17h.json");
    assert!(!valid);
    assert!(
        found.contains(&"submitted_after_deadline".to_owned()),
        "{found:?}"
    );
    let (valid, found) = codes("eig-7-invalid-dossier.json");
    assert!(!valid);
    for c in [
        "product_page_not_beta",
        "organisation_not_eligible",
        "product_phase_not_eligible",
        "wish_missing",
        "wish_missions_missing",
    ] {
        assert!(found.contains(&c.to_owned()), "{c}: {found:?}");
    }
    assert_eq!(
        codes("eig-1-valid-no-window.json"),
        (true, vec!["call_window_unknown".to_owned()])
    );
    assert_eq!(codes("eig-7-valid-product-director.json"), (true, vec![]));
    // In French, the EIG 4 close reads at the second it is compared.
    let out = eig(&[
        "validate",
        "examples/submissions/eig-4-invalid-after-17h.json",
    ]);
    assert!(
        stdout(&out)
            .contains("30 min après la clôture de l'appel à projets le 2020-02-28 17:00:00 CET"),
        "{}",
        stdout(&out)
    );
}

/// The next call: a rulebook made from EIG 7's, written, checked and used.
#[test]
fn rulebook_new_writes_a_rulebook_for_the_next_call() {
    let dir = std::env::temp_dir().join(format!("eig-rulebook-new-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("eig-8.json");
    let path = file.to_str().unwrap();
    let out = eig(&[
        "rulebook",
        "new",
        "--from",
        "eig-7",
        "--promotion",
        "eig-8",
        "--opens",
        "2027-01-04",
        "--closes",
        "2027-03-31T17:00",
        "--out",
        path,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rb: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(rb["promotion"], "eig-8");
    assert_eq!(rb["label"], "EIG 8");
    assert_eq!(rb["call_for_projects"]["opens"], "2027-01-04T00:00:00");
    assert_eq!(rb["call_for_projects"]["closes"], "2027-03-31T17:00:00");
    assert_eq!(rb["cohort"]["from_year"], 2027);
    assert!(
        rb.get("sprints").is_none() && rb.get("hiring_cap").is_none(),
        "{rb}"
    );
    assert_eq!(code(&eig(&["rulebook", "check", path])), 0);
    // A dossier for EIG 8 filed a second after the close is late.
    let dossier = std::fs::read_to_string(
        root().join("examples/submissions/eig-7-valid-product-director.json"),
    )
    .unwrap()
    .replace("\"eig-7\"", "\"eig-8\"")
    .replace("2024-03-12T10:00:00+01:00", "2027-03-31T17:00:01+02:00");
    let submission = dir.join("dossier.json");
    std::fs::write(&submission, dossier).unwrap();
    let out = eig(&[
        "validate",
        "--format",
        "json",
        "--rulebook",
        path,
        submission.to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<&str> = v[0]["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["submitted_after_deadline"], "{v}");
    // Bad input names what is wrong.
    let out = eig(&[
        "rulebook",
        "new",
        "--from",
        "eig-7",
        "--promotion",
        "eig-8",
        "--closes",
        "31/03/2027",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("\"31/03/2027\" is not a day"),
        "{}",
        stderr(&out)
    );
    let out = eig(&[
        "rulebook",
        "new",
        "--from",
        "eig-9",
        "--promotion",
        "eig-10",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("built-in: eig-1"), "{}", stderr(&out));
    // The unknown-promotion error says how to make one.
    let out = eig(&["validate", "--promotion", "eig-8", VALID]);
    assert!(
        stderr(&out).contains("eig rulebook new --from eig-7 --promotion eig-8"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn io_errors_name_the_file() {
    // In French by default, with no English words of the system's.
    let out = eig(&["validate", "missing.json"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out).trim(),
        "eig: missing.json : fichier introuvable"
    );
    let out = eig(&["validate", "--lang", "en", "missing.json"]);
    assert!(
        stderr(&out).contains("missing.json: file not found"),
        "{}",
        stderr(&out)
    );
    let out = eig(&["validate", "examples"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("examples : c'est un dossier, pas un fichier"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_output_has_one_object_per_file() {
    let out = eig(&[
        "validate", "--format", "json", "--lang", "en", VALID, INVALID,
    ]);
    assert_eq!(code(&out), 1);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let files = v.as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["file"], VALID);
    assert_eq!(files[0]["valid"], true);
    assert_eq!(files[0]["violations"], serde_json::json!([]));
    assert_eq!(files[1]["valid"], false);
    let first = &files[1]["violations"][0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "code", "column", "fixes", "hint", "line", "message", "params", "path", "rule",
            "severity"
        ]
    );
    assert_eq!(first["code"], "team_size_out_of_range");
    // The values of the message, for a program: the rulebook's range and the total found.
    assert_eq!(first["params"]["min"], 2);
    assert_eq!(first["params"]["max"], 3);
    assert!(first["params"]["found"].as_u64().is_some_and(|n| n > 3));
    assert_eq!(first["path"], "/seats");
    // The same place as the human output's "(line 15, column 12)".
    assert_eq!(
        (&first["line"], &first["column"]),
        (&serde_json::json!(15), &serde_json::json!(12))
    );
    assert_eq!(
        first["message"],
        "4 seats requested in total; EIG 6 allows teams of 2 to 3"
    );
}

#[test]
fn human_output_is_french_by_default_with_line_and_column() {
    let out = eig(&["validate", INVALID]);
    let text = stdout(&out);
    assert!(
        text.contains("invalide (4 erreur(s), 0 avertissement(s))"),
        "{text}"
    );
    assert!(
        text.contains(
            "erreur: /hosts/0/siret (ligne 9, colonne 60) [siret_invalid] le SIRET 11000201100045"
        ),
        "{text}"
    );
}

/// The template a promotion accepts as it is, and the guide that says what each field is.
#[test]
fn a_template_validates_as_it_is_and_the_guide_describes_it() {
    for promotion in ["eig-7", "eig-4"] {
        let file = std::env::temp_dir().join(format!(
            "eig-template-{promotion}-{}.json",
            std::process::id()
        ));
        let path = file.to_string_lossy().into_owned();
        let out = eig(&["template", "--promotion", promotion, "--out", &path]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(stderr(&out).contains("remplacez chaque valeur par la vôtre"));
        let out = eig(&["validate", "--promotion", promotion, &path]);
        assert_eq!(code(&out), 0, "{}", stdout(&out));
        // Valid with its comments, and a warning that says other tools refuse them.
        assert!(
            stdout(&out).contains("[comments_ignored]"),
            "{}",
            stdout(&out)
        );
        let commented = std::fs::read_to_string(&file).unwrap();
        assert!(
            commented.contains("  // SIRET — facultatif."),
            "{commented}"
        );
        let english = stdout(&eig(&[
            "template",
            "--promotion",
            promotion,
            "--lang",
            "en",
        ]));
        assert!(english.contains("  // siret — optional."), "{english}");
        // Without comments: plain JSON, valid without a warning.
        let plain = eig(&[
            "template",
            "--promotion",
            promotion,
            "--no-comments",
            "--out",
            &path,
        ]);
        assert_eq!(code(&plain), 0);
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(written["promotion"], promotion);
        let out = eig(&["validate", "--promotion", promotion, &path]);
        assert_eq!(code(&out), 0, "{}", stdout(&out));
        assert!(
            !stdout(&out).contains("comments_ignored"),
            "{}",
            stdout(&out)
        );
        std::fs::remove_file(&file).ok();
    }
    let guide = stdout(&eig(&["fields", "--promotion", "eig-7"]));
    assert!(
        guide.contains("/hosts/[]/siret — SIRET (facultatif)"),
        "{guide}"
    );
    assert!(guide.contains("EIG 7 recrute : `direction-produit` (Direction de produit)"));
    let english = stdout(&eig(&["fields", "--promotion", "eig-7", "--lang", "en"]));
    assert!(
        english.contains("/submitted_at — submitted_at (required)"),
        "{english}"
    );
    let markdown = stdout(&eig(&[
        "fields",
        "--promotion",
        "eig-7",
        "--format",
        "markdown",
    ]));
    let on_disk = std::fs::read_to_string(root().join("docs/guide-administrations.md")).unwrap();
    assert_eq!(markdown, on_disk);
    let none = eig(&["template"]);
    assert_eq!(code(&none), 2);
    assert!(
        stderr(&none).contains("donnez la promotion (--promotion eig-7)"),
        "{}",
        stderr(&none)
    );
}

/// A hint follows its message in the human output, and is the `hint` of the JSON output.
#[test]
fn a_hint_says_what_to_write_instead() {
    let text = std::fs::read_to_string(root().join(VALID))
        .unwrap()
        .replace("\"data-science\"", "\"Data Scientist\"");
    let file = std::env::temp_dir().join(format!("eig-hint-{}.json", std::process::id()));
    std::fs::write(&file, text).unwrap();
    let path = file.to_string_lossy().into_owned();
    let out = eig(&["validate", &path]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains(
            "[pattern_mismatch] \"Data Scientist\" n'a pas la forme attendue : il faut ici un \
             code en minuscules"
        ) && stdout(&out).contains(
            "\n      pour corriger : écrivez « data-science » (Data science) (correction sûre)\n"
        ),
        "{}",
        stdout(&out)
    );
    let out = eig(&["validate", "--format", "json", "--lang", "en", &path]);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let found = &v[0]["violations"][0];
    assert_eq!(found["path"], "/seats/0/expertise");
    assert_eq!(found["hint"], "write \"data-science\" (Data science)");
    std::fs::remove_file(&file).ok();
}

/// A document nested 100,000 deep (200 KB, under the size limit) gets `nesting_too_deep` in
/// the human output too, with its line and column (the source map is linear in the text).
#[test]
fn deep_nesting_is_refused_in_the_human_output() {
    let depth = 100_000;
    let text = format!("{{\"a\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
    let out = eig_stdin(&["validate", "--promotion", "eig-4", "-"], text.as_bytes());
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.contains("[nesting_too_deep]") && text.contains("(ligne 1, colonne "),
        "{text}"
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eig"))
        .args(["validate", "--format", "json", "--promotion", "eig-4", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"[1]").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 1);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v[0]["file"], "<stdin>");
    assert_eq!(v[0]["violations"][0]["code"], "not_an_object");
}

#[test]
fn a_rulebook_file_replaces_the_builtin_one() {
    let case = "tests/conformance/cases/046-after-deadline-one-hour";
    let out = eig(&[
        "validate",
        "--format",
        "json",
        "--rulebook",
        &format!("{case}/rulebook.json"),
        &format!("{case}/input.json"),
    ]);
    assert_eq!(code(&out), 1);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v[0]["violations"][0]["code"], "submitted_after_deadline");
    // An invalid rulebook is a usage error that lists its violations.
    let bad = "tests/conformance/cases/061-rulebook-range-inverted/input.json";
    let out = eig(&["validate", "--rulebook", bad, VALID]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("/team_size [range_inverted]"),
        "{}",
        stderr(&out)
    );
}

/// The whole corpus through the binary: same verdicts, codes and paths as the expected reports.
#[test]
fn cli_reproduces_the_conformance_corpus() {
    type Row = (String, String, String, String);
    let strip = |v: &Value| -> Vec<Row> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| {
                let s = |k: &str| x[k].as_str().unwrap().to_owned();
                (s("code"), s("path"), s("severity"), s("rule"))
            })
            .collect()
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("tests/conformance/cases")).unwrap() {
        let dir = entry.unwrap().path();
        let case: Value =
            serde_json::from_slice(&std::fs::read(dir.join("case.json")).unwrap()).unwrap();
        let kind = case["document"].as_str().unwrap().to_owned();
        let mut args = vec![
            "validate".to_owned(),
            "--format".into(),
            "json".into(),
            "--kind".into(),
            kind,
        ];
        if let Some(p) = case["promotion"].as_str() {
            args.extend(["--promotion".into(), p.to_owned()]);
        }
        if let Some(r) = case["rulebook"].as_str() {
            args.extend(["--rulebook".into(), dir.join(r).display().to_string()]);
        }
        args.push(dir.join("input.json").display().to_string());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = eig(&args);
        let expected: Value =
            serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
        let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let valid = expected["valid"].as_bool().unwrap();
        assert_eq!(code(&out), if valid { 0 } else { 1 }, "{}", dir.display());
        assert_eq!(got[0]["valid"], expected["valid"], "{}", dir.display());
        assert_eq!(
            strip(&got[0]["violations"]),
            strip(&expected["violations"]),
            "{}",
            dir.display()
        );
        checked += 1;
    }
    assert!(checked >= 75, "only {checked} cases");
}

#[test]
fn schema_check_detects_stale_files() {
    assert_eq!(code(&eig(&["schema", "--check"])), 0);
    let dir = std::env::temp_dir().join(format!("eig-schema-check-{}", std::process::id()));
    let d = dir.display().to_string();
    assert_eq!(code(&eig(&["schema", "--out", &d])), 0);
    assert_eq!(code(&eig(&["schema", "--check", "--out", &d])), 0);
    std::fs::write(dir.join("rulebook.schema.json"), "{}").unwrap();
    let out = eig(&["schema", "--check", "--out", &d]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("rulebook.schema.json"));
    std::fs::remove_dir_all(&dir).unwrap();
    let printed: Value =
        serde_json::from_str(&stdout(&eig(&["schema", "challenge-submission"]))).unwrap();
    assert_eq!(
        printed["$id"],
        "https://schema.data.gouv.fr/schemas/eig/challenge-submission/2.0.0/schema.json"
    );
    assert_eq!(code(&eig(&["schema", "nope"])), 2);
}

#[test]
fn rulebooks_are_listed_and_shown() {
    let list = stdout(&eig(&["rulebook", "list"]));
    assert_eq!(list.lines().count(), 8);
    assert!(
        list.contains("dig-2019  DIG    team 1-2  months 6-12  design"),
        "{list}"
    );
    let shown: Value = serde_json::from_str(&stdout(&eig(&["rulebook", "show", "eig-7"]))).unwrap();
    assert_eq!(shown["team_size"]["max"], 2);
    assert_eq!(shown["cohort"]["kind"], "rolling_sprints");
    assert_eq!(code(&eig(&["rulebook", "show", "eig-0"])), 2);
}

#[test]
fn generate_score_and_explain_on_files() {
    let dir = std::env::temp_dir().join(format!("eig-cli-generate-{}", std::process::id()));
    let out = eig(&[
        "generate",
        "--out",
        dir.to_str().unwrap(),
        "--seed",
        "5",
        "--candidates",
        "120",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let f = |name: &str| dir.join(name).display().to_string();
    let docs = [
        "--rulebook".to_owned(),
        f("rulebook.json"),
        "--grid".to_owned(),
        f("grid-candidats.json"),
        "--jury".to_owned(),
        f("jury.json"),
        "--scores".to_owned(),
        f("scores-candidats.json"),
    ];
    let args = |extra: &[&str]| -> Vec<String> {
        extra
            .iter()
            .map(|s| (*s).to_owned())
            .chain(docs.iter().cloned())
            .collect()
    };
    let run = |a: Vec<String>| eig(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let csv = run(args(&["score", "--format", "csv"]));
    assert_eq!(code(&csv), 0, "{}", stderr(&csv));
    let text = stdout(&csv);
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("rank,item,label,expertise,final_score")
    );
    assert_eq!(lines.count(), 120);
    let json: Value =
        serde_json::from_str(&stdout(&run(args(&["score", "--format", "json"])))).unwrap();
    let first = json["items"][0]["item"].as_str().unwrap().to_owned();
    let notice = stdout(&run(args(&["explain", &first, "--lang", "en"])));
    assert!(notice.contains("Outcome: selected"), "{notice}");
    let missing = run(args(&["explain", "nobody"]));
    assert_eq!(code(&missing), 2);
    // Every generated document is valid for its kind.
    for (kind, file) in [
        ("jury", "jury.json"),
        ("scoring-grid", "grid-defis.json"),
        ("score-sheets", "scores-defis.json"),
        ("rulebook", "rulebook.json"),
        ("application", "applications/cand-0001.json"),
    ] {
        let out = eig(&["validate", "--kind", kind, &f(file)]);
        assert_eq!(code(&out), 0, "{kind}: {}", stdout(&out));
    }
    // A conflicted score makes `score` exit 1 and name the place.
    let mut sheets: Value =
        serde_json::from_slice(&std::fs::read(f("scores-candidats.json")).unwrap()).unwrap();
    sheets["scores"].as_array_mut().unwrap().push(serde_json::json!({"juror": "jure-02", "item": "cand-0001", "criterion": "competences", "score": 9}));
    std::fs::write(f("scores-candidats.json"), sheets.to_string()).unwrap();
    let refused = run(args(&["score"]));
    assert_eq!(code(&refused), 1);
    assert!(
        stdout(&refused).contains("[conflicted_score]"),
        "{}",
        stdout(&refused)
    );
    // The rulebook's declared rules: a jury rule's error is reported against the jury's file,
    // with its line, and stops the ranking; a warning on the sheets names the sheets' file.
    let mut sheets = sheets;
    sheets["scores"].as_array_mut().unwrap().pop();
    sheets["scores"][0]["comment"] = serde_json::json!("un commentaire bien trop long");
    std::fs::write(f("scores-candidats.json"), sheets.to_string()).unwrap();
    let mut rb: Value =
        serde_json::from_slice(&std::fs::read(f("rulebook.json")).unwrap()).unwrap();
    rb["rules"] = serde_json::json!([
        {"id": "jury_de_cent", "on": "jury", "rule": "self.jurors.size() >= 100", "path": "/jurors",
         "message_fr": "trop peu de jurés", "message_en": "too few jurors"},
        {"id": "commentaire_court", "on": "score-sheets", "severity": "warning",
         "for_each": "/scores", "path": "/comment",
         "rule": "!has(self.comment) || self.comment == null || size(self.comment) <= 20",
         "message_fr": "commentaire long", "message_en": "long comment"}
    ]);
    std::fs::write(f("rulebook.json"), rb.to_string()).unwrap();
    let refused = run(args(&["score"]));
    assert_eq!(code(&refused), 1);
    let text = stdout(&refused);
    assert!(
        text.contains(&format!("{}: invalide", f("jury.json")))
            && text.contains("[jury_de_cent] trop peu de jurés")
            && text.contains("ligne "),
        "{text}"
    );
    rb["rules"][0]["rule"] = serde_json::json!("self.jurors.size() >= 2");
    std::fs::write(f("rulebook.json"), rb.to_string()).unwrap();
    let scored = run(args(&["score", "--format", "csv"]));
    assert_eq!(code(&scored), 0, "{}", stdout(&scored));
    assert_eq!(
        stderr(&scored).trim(),
        format!(
            "{}: avertissement /scores/0/comment [commentaire_court] commentaire long",
            f("scores-candidats.json")
        )
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_demo_runs_on_built_in_data() {
    let out = eig(&["demo", "--lang", "en", "--candidates", "200"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Candidate selection") && text.contains("One decision explained"),
        "{text}"
    );
    // Sizes past the generator's maximum are refused at once, before allocating.
    for args in [
        &["demo", "--candidates", "1000000000000"][..],
        &[
            "generate",
            "--out",
            "/nonexistent",
            "--jurors",
            "1000000000",
        ],
    ] {
        let out = eig(args);
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("the generator makes at most"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn import_stats_and_export_a_dataset() {
    let tmp = std::env::temp_dir().join(format!("eig-cli-import-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let dataset = tmp.join("dataset.json");
    let both = "tests/conformance/import/both-sites";
    let out = eig(&[
        "import",
        "site-eig",
        &format!("{both}/site-eig"),
        "site-eig-v3",
        &format!("{both}/site-eig-v3"),
        "--out",
        dataset.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("challenge             4        4        0"),
        "{text}"
    );
    assert!(text.contains("sites_disagree"), "{text}");
    assert!(text.contains("Dataset: 2 promotions, 2 défis"), "{text}");
    // The JSON report, and refused records give exit 1 while the dataset is still written.
    let quirks = "tests/conformance/import/jekyll-quirks/site-eig";
    let refused = tmp.join("refused.json");
    let out = eig(&[
        "import",
        "site-eig",
        quirks,
        "--out",
        refused.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["refused"].as_array().unwrap().len(), 7);
    assert!(report["anomalies"][0]["file"].is_string());
    assert!(refused.is_file());
    // Stats in the three formats.
    let out = eig(&["stats", dataset.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("promotion"));
    let out = eig(&[
        "stats",
        dataset.to_str().unwrap(),
        "--by",
        "expertise",
        "--format",
        "csv",
    ]);
    assert!(
        stdout(&out).starts_with(
            "promotion,expertise,label,challenges,share_of_challenges,fellows_listed\n"
        )
    );
    let out = eig(&[
        "stats",
        dataset.to_str().unwrap(),
        "--by",
        "organisation",
        "--format",
        "json",
    ]);
    let rows: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 3);
    // Export: one file per entity.
    let dir = tmp.join("tables");
    let out = eig(&[
        "export",
        dataset.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
        "--format",
        "jsonl",
        "--pseudonymise",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    for t in [
        "promotions",
        "challenges",
        "organisations",
        "people",
        "roles",
        "funnel",
    ] {
        assert!(dir.join(format!("{t}.jsonl")).is_file(), "{t}");
    }
    let people = std::fs::read_to_string(dir.join("people.jsonl")).unwrap();
    assert!(!people.contains("Alice") && people.contains("person-"));
    let conflicts = std::fs::read_to_string(dir.join("conflicts.jsonl")).unwrap();
    assert!(!conflicts.contains("Alice") && !conflicts.contains("carol"));
    // Parquet: one file per table, each a Parquet file; into a path under a file: a clear
    // error, and nothing written.
    let parquet = tmp.join("parquet");
    let out = eig(&[
        "export",
        dataset.to_str().unwrap(),
        "--out",
        parquet.to_str().unwrap(),
        "--format",
        "parquet",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let bytes = std::fs::read(parquet.join("challenges.parquet")).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let blocker = tmp.join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = eig(&[
        "export",
        dataset.to_str().unwrap(),
        "--out",
        blocker.join("out").to_str().unwrap(),
        "--format",
        "parquet",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot export to Parquet") && stderr(&out).contains("a-file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "not a folder");
    // Bad input: an odd list, an unknown format, a folder of another format, a bad dataset.
    assert_eq!(code(&eig(&["import", "site-eig"])), 2);
    let out = eig(&["import", "wordpress", both]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unknown source format"));
    let out = eig(&["import", "site-eig", &format!("{both}/site-eig-v3")]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("_data/defis.yml is missing"),
        "{}",
        stderr(&out)
    );
    let out = eig(&["stats", VALID]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not a valid dataset"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&tmp).ok();
}

#[test]
fn match_teams_and_mentors_on_generated_files() {
    let dir = std::env::temp_dir().join(format!("eig-cli-match-{}", std::process::id()));
    let out = eig(&["generate", "--out", dir.to_str().unwrap(), "--seed", "3"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let f = |name: &str| dir.join(name).display().to_string();
    let (teams, rulebook, mentors) = (f("teams.json"), f("rulebook.json"), f("mentors.json"));
    // Both documents are valid against their schemas.
    for (kind, file) in [("team-formation", &teams), ("mentor-matching", &mentors)] {
        let out = eig(&["validate", "--kind", kind, file]);
        assert_eq!(code(&out), 0, "{kind}: {}", stdout(&out));
    }
    let out = eig(&[
        "match",
        "teams",
        &teams,
        "--rulebook",
        &rulebook,
        "--policy",
        "compare",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("== Teams (stable policy) =="), "{text}");
    assert!(text.contains("== Teams (optimal policy) =="), "{text}");
    assert!(text.contains("policy   candidates  placed"), "{text}");
    // JSON: the comparison and both results; every placement explained.
    let out = eig(&[
        "match",
        "teams",
        &teams,
        "--rulebook",
        &rulebook,
        "--policy",
        "compare",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["comparison"].as_array().unwrap().len(), 2);
    assert_eq!(v["stable"]["summary"]["blocking_pairs"], 0);
    let first = v["stable"]["placements"][0]["candidate"]
        .as_str()
        .unwrap()
        .to_owned();
    // CSV, one row per candidate, and an explanation in French.
    let out = eig(&[
        "match",
        "teams",
        &teams,
        "--rulebook",
        &rulebook,
        "--format",
        "csv",
        "--explain",
        &first,
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("policy,candidate,expertise,challenge,rank,score,cutoff,"),
        "{text}"
    );
    assert!(text.contains(&format!("[stable] {first}")), "{text}");
    // Mentors.
    let out = eig(&[
        "match",
        "mentors",
        &mentors,
        "--lang",
        "en",
        "--explain",
        "defi-01",
    ]);
    let out = if code(&out) == 2 {
        // defi-01 may not be selected with this seed: explain the first team instead.
        let m: Value = serde_json::from_str(&std::fs::read_to_string(&mentors).unwrap()).unwrap();
        let t = m["teams"][0]["id"].as_str().unwrap().to_owned();
        eig(&[
            "match",
            "mentors",
            &mentors,
            "--lang",
            "en",
            "--explain",
            &t,
        ])
    } else {
        out
    };
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("follows the team"),
        "{}",
        stdout(&out)
    );
    let out = eig(&["match", "mentors", &mentors, "--format", "csv"]);
    assert!(stdout(&out).starts_with("team,follower,kind,affinity,"));
    // Bad input: a preference for a défi that is not there, and an impossible load.
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&teams).unwrap()).unwrap();
    doc["candidates"][0]["preferences"]
        .as_array_mut()
        .unwrap()
        .push(Value::from("defi-99"));
    let bad = dir.join("bad-teams.json");
    std::fs::write(&bad, doc.to_string()).unwrap();
    let out = eig(&[
        "match",
        "teams",
        bad.to_str().unwrap(),
        "--rulebook",
        &rulebook,
        "--lang",
        "en",
    ]);
    assert_eq!(code(&out), 1);
    let said = stdout(&out) + &stderr(&out);
    assert!(said.contains("/candidates/0/preferences/"), "{said}");
    assert!(said.contains("unknown_reference"), "{said}");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&mentors).unwrap()).unwrap();
    for f in doc["followers"].as_array_mut().unwrap() {
        f["max_teams"] = Value::from(1);
    }
    let bad = dir.join("bad-mentors.json");
    std::fs::write(&bad, doc.to_string()).unwrap();
    let out = eig(&["match", "mentors", bad.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(code(&out), 1);
    let said = stdout(&out) + &stderr(&out);
    assert!(said.contains("matching_infeasible"), "{said}");
    std::fs::remove_dir_all(&dir).ok();
}

/// `--rulebook` is the rulebook every check uses: an expertise it allows is not refused
/// because the promotion's built-in rulebook does not recruit it.
#[test]
fn match_teams_checks_with_the_rulebook_given() {
    let dir = std::env::temp_dir().join(format!("eig-cli-juriste-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut teams: Value =
        serde_json::from_slice(&std::fs::read(root.join("examples/teams/teams.json")).unwrap())
            .unwrap();
    teams["challenges"][0]["seats"][0]["expertise"] = "juriste".into();
    teams["candidates"][0]["expertise"] = "juriste".into();
    let out = eig(&["rulebook", "show", "eig-4"]);
    let mut rulebook: Value = serde_json::from_str(&stdout(&out)).unwrap();
    rulebook["allowed_expertises"]
        .as_array_mut()
        .unwrap()
        .push("juriste".into());
    let (t, r) = (dir.join("teams.json"), dir.join("rulebook.json"));
    std::fs::write(&t, teams.to_string()).unwrap();
    std::fs::write(&r, rulebook.to_string()).unwrap();
    let (t, r) = (t.display().to_string(), r.display().to_string());
    // The built-in rulebook refuses the expertise at both places...
    let out = eig(&["match", "teams", &t, "--lang", "en"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert_eq!(
        stdout(&out).matches("[expertise_not_allowed]").count(),
        2,
        "{}",
        stdout(&out)
    );
    // ...the rulebook given allows it, for the checks and the solver alike.
    let out = eig(&["match", "teams", &t, "--rulebook", &r, "--format", "json"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let first = &v["placements"][0];
    assert_eq!(first["candidate"], teams["candidates"][0]["id"]);
    assert_eq!(first["challenge"], teams["challenges"][0]["id"]);
    std::fs::remove_dir_all(&dir).ok();
}

/// `eig rulebook check`: every fault of a rulebook at its path, then its declared rules, and
/// the documents tried with it.
#[test]
fn rulebook_check_lists_faults_and_rules() {
    let out = eig(&["rulebook", "check", "examples/rulebook-missing.json"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let out = eig(&[
        "rulebook",
        "check",
        "--lang",
        "en",
        "examples/rules/rulebook.json",
        "examples/submissions/eig-7-valid-product-director.json",
    ]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert!(text.contains("13 declared rule(s)"), "{text}");
    assert!(text.contains("juror-item (1): tutelle"), "{text}");
    assert!(
        text.contains("  challenge-submission (6): fiche_beta_gouv,"),
        "{text}"
    );
    assert!(text.contains("[equipe_pluridisciplinaire]"), "{text}");
    let out = eig(&[
        "rulebook",
        "check",
        "tests/conformance/cases/118-rulebook-rules-invalid/input.json",
    ]);
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}");
    assert!(
        text.contains("/rules/1/rule (ligne 55, colonne 15) [rule_invalid]"),
        "{text}"
    );
    assert!(
        text.contains("vouliez-vous dire « startsWith » ?"),
        "{text}"
    );
    assert!(text.contains("[rule_too_costly]"), "{text}");
}

/// The README shows `eig rulebook list` as it prints today.
#[test]
fn the_readme_rulebook_list_is_current() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let after = readme
        .split("$ cargo run -q -p eig-cli -- rulebook list\n")
        .nth(1)
        .expect("the README shows the rulebook list");
    let shown = &after[..after.find("```").unwrap()];
    assert_eq!(shown, stdout(&eig(&["rulebook", "list"])));
}

/// EIG 7's process from its rulebook: the grid of the joint mission interview comes from the
/// rulebook, the stage has no published cut-off (a warning says so), and the cap of 30
/// recruitments in 2024 leaves two places after 28.
#[test]
fn eig_7_mission_interviews_honour_the_hiring_cap() {
    let dir = std::env::temp_dir().join(format!("eig-cap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let jury = serde_json::json!({"id": "j", "jurors": [
        {"id": "dinum", "name": "Juré DINUM"}, {"id": "admin", "name": "Juré administration"}]});
    let items: Vec<Value> = (1..=4)
        .map(|n| serde_json::json!({"id": format!("cand-{n}"), "expertise": "direction-produit"}))
        .collect();
    let scores: Vec<Value> = (1..=4)
        .flat_map(|n| {
            ["dinum", "admin"].map(|j| {
                serde_json::json!({"juror": j, "item": format!("cand-{n}"),
                    "criterion": "adequation-mission", "score": f64::from(5 - n)})
            })
        })
        .collect();
    let sheets = serde_json::json!({"promotion": "eig-7", "stage": "candidats-mission",
        "grid": "candidats-mission", "jury": "j", "items": items, "scores": scores});
    let (j, s) = (dir.join("jury.json"), dir.join("scores.json"));
    std::fs::write(&j, jury.to_string()).unwrap();
    std::fs::write(&s, sheets.to_string()).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "score",
            "--jury",
            j.to_str().unwrap(),
            "--scores",
            s.to_str().unwrap(),
            "--format",
            "json",
            "--lang",
            "en",
        ];
        args.extend_from_slice(extra);
        eig(&args)
    };
    let out = run(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("[cutoff_unknown]"),
        "{}",
        stderr(&out)
    );
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["selected"], 4);
    let out = run(&["--hired-before", "28"]);
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["selected"], 2, "{r}");
    let reasons: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["reason"]["code"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(reasons[2..], ["hiring_cap", "hiring_cap"], "{r}");
    let out = run(&[
        "--hired-before",
        "28",
        "--stage",
        "candidats-entretien",
        "--grid",
        "/nonexistent.json",
    ]);
    assert_eq!(code(&out), 2);
    std::fs::remove_dir_all(&dir).ok();
}

/// A stage with the programme's published figures shows them beside the run's.
#[test]
fn score_shows_the_published_funnel_beside_the_run() {
    let case = root().join("tests/conformance/scoring/001-valid-top-k");
    let mut rb: Value =
        serde_json::from_slice(&std::fs::read(case.join("rulebook.json")).unwrap()).unwrap();
    rb["stages"][0]["published"] = serde_json::json!({"considered": 31, "kept": 21});
    let file = std::env::temp_dir().join(format!("eig-published-{}.json", std::process::id()));
    std::fs::write(&file, rb.to_string()).unwrap();
    let p = |name: &str| case.join(name).to_str().unwrap().to_owned();
    let out = eig(&[
        "score",
        "--grid",
        &p("grid.json"),
        "--jury",
        &p("jury.json"),
        "--scores",
        &p("scores.json"),
        "--rulebook",
        file.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "published for this stage: 31 considered, 21 kept; this run: 5 scored, 2 kept"
        ),
        "{}",
        stdout(&out)
    );
    std::fs::remove_file(&file).ok();
}

/// Half a second late shows the half second: the two times differ as they are compared.
#[test]
fn a_late_time_shows_its_fraction_of_a_second() {
    let text = std::fs::read_to_string(root().join(INVALID))
        .unwrap()
        .replace("2022-03-18T23:30:00Z", "2022-03-18T23:59:59.5+01:00");
    let file = std::env::temp_dir().join(format!("eig-half-{}.json", std::process::id()));
    std::fs::write(&file, text).unwrap();
    let out = eig(&["validate", file.to_str().unwrap()]);
    assert!(
        stdout(&out).contains(
            "déposée le 2022-03-18 23:59:59.500 CET (Europe/Paris), moins d'une seconde après la clôture de l'appel à projets le 2022-03-18 23:59:59 CET"
        ),
        "{}",
        stdout(&out)
    );
    std::fs::remove_file(&file).ok();
}

/// The README's example for an administration is what the command prints: the template with
/// a SIRET written with spaces.
#[test]
fn the_readme_example_for_an_administration_is_current() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let dir = std::env::temp_dir().join(format!("eig-readme-admin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("defi.json");
    let path = file.to_string_lossy().into_owned();
    assert_eq!(
        code(&eig(&["template", "--promotion", "eig-7", "--out", &path])),
        0
    );
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"11000201100044\"", "\"110 002 011 00044\"");
    std::fs::write(&file, text).unwrap();
    let out = stdout(&eig(&["validate", &path])).replace(&path, "defi.json");
    for line in out.lines() {
        assert!(readme.contains(line), "the README lacks {line:?}");
    }
    assert_eq!(out.lines().count(), 5, "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Standard output full (`/dev/full`) or closed by its reader: exit 2 with a message that says
/// so, never a panic.
#[test]
fn an_output_that_cannot_be_written_is_exit_2() {
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        for args in [
            &["validate", "--lang", "en", INVALID][..],
            &["validate", "--format", "json", INVALID],
            &["template", "--promotion", "eig-7"],
            &["codes"],
        ] {
            let out = Command::new(env!("CARGO_BIN_EXE_eig"))
                .args(args)
                .current_dir(root())
                .stdout(full.try_clone().unwrap())
                .output()
                .unwrap();
            assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(!err.contains("panicked"), "{args:?}: {err}");
            assert!(
                (err.contains("standard output") || err.contains("sortie standard"))
                    && err.contains("No space left"),
                "{args:?}: {err}"
            );
        }
    }
    // A reader that leaves at once: the writes fail (past the pipe's buffer, at the latest:
    // the report is over 64 KiB).
    let flood = "tests/conformance/cases/138-too-many-violations/input.json";
    let mut child = Command::new(env!("CARGO_BIN_EXE_eig"))
        .args(["validate", "--lang", "en", flood])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("standard output"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
}

/// A jury whose jurors all weigh 0 cannot be ranked by a weighted mean: exit 1, the fault at
/// its line in the jury's file (not in the score sheets').
#[test]
fn a_jury_that_weighs_nothing_is_refused_at_its_own_line() {
    let dir = std::env::temp_dir().join(format!("eig-cli-weights-{}", std::process::id()));
    let out = eig(&["generate", "--out", dir.to_str().unwrap(), "--seed", "3"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let f = |name: &str| dir.join(name).display().to_string();
    let mut jury: Value =
        serde_json::from_str(&std::fs::read_to_string(f("jury.json")).unwrap()).unwrap();
    for j in jury["jurors"].as_array_mut().unwrap() {
        j["weight"] = Value::from(0);
    }
    std::fs::write(
        f("jury0.json"),
        serde_json::to_string_pretty(&jury).unwrap(),
    )
    .unwrap();
    let out = eig(&[
        "score",
        "--grid",
        &f("grid-candidats.json"),
        "--jury",
        &f("jury0.json"),
        "--scores",
        &f("scores-candidats.json"),
        "--rulebook",
        &f("rulebook.json"),
        "--lang",
        "en",
    ]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("{}: invalid (1 error(s)", f("jury0.json"))),
        "{text}"
    );
    assert!(text.contains("/jurors/0/weight (line "), "{text}");
    assert!(!text.contains("(line 1, column 1)"), "{text}");
    assert!(text.contains("nobody can be ranked"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

/// `eig fix`: the safe fixes written into the file, its comments kept; `--dry-run` prints the
/// diff and writes nothing; a file with nothing safe is left alone; what remains is said.
#[test]
fn eig_fix_applies_the_safe_fixes_and_keeps_the_comments() {
    let dir = std::env::temp_dir().join(format!("eig-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("defi.json");
    let path = file.to_string_lossy().into_owned();
    assert_eq!(
        code(&eig(&["template", "--promotion", "eig-7", "--out", &path])),
        0
    );
    let template = std::fs::read_to_string(&file).unwrap();
    let text = template
        .replace("\"11000201100044\"", "\"110 002 011 00044\"")
        .replace(
            "\"direction-produit\",\n      // Nombre",
            "\"Directeur produit\",\n      // Nombre",
        )
        .replace("\"2024-12-30T10:00:00+01:00\"", "\"30 décembre 2024\"");
    assert_ne!(text, template);
    std::fs::write(&file, &text).unwrap();

    let dry = eig(&["fix", "--dry-run", &path]);
    assert_eq!(code(&dry), 1, "{}", stdout(&dry));
    let out = stdout(&dry);
    assert!(
        out.contains(
            "-      \"siret\": \"110 002 011 00044\",\n+      \"siret\": \"11000201100044\",\n"
        ),
        "{out}"
    );
    assert!(out.contains("(--dry-run : rien n'est écrit)"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        text,
        "--dry-run wrote"
    );

    let out = eig(&["fix", &path]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let printed = stdout(&out).replace(&path, "defi.json");
    assert!(
        printed.starts_with("defi.json: 2 corrections sûres appliquées\n"),
        "{printed}"
    );
    assert!(
        printed.contains("ce qui reste à faire, par une personne :"),
        "{printed}"
    );
    assert!(
        printed.contains("à compléter : l'heure 17:00 est un exemple"),
        "{printed}"
    );
    let fixed = std::fs::read_to_string(&file).unwrap();
    // Only the two values changed: the comments and the layout are the template's.
    let changed: Vec<(&str, &str)> = text
        .lines()
        .zip(fixed.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert_eq!(text.lines().count(), fixed.lines().count());
    assert!(fixed.contains("\"siret\": \"11000201100044\""));
    assert!(fixed.contains("\"expertise\": \"direction-produit\""));

    // Nothing safe is left: the file is not written again, and the exit code says an error
    // remains.
    let again = eig(&["fix", &path]);
    assert_eq!(code(&again), 1);
    assert!(stdout(&again).contains("aucune correction sûre, rien n'est écrit"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed);

    // In English, from standard input: the document on standard output, the report on error.
    let out = eig_stdin(
        &["fix", "--lang", "en", "-"],
        br#"{"promotion": "eig-5", "duration_months": "10"}"#,
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        r#"{"promotion": "eig-5", "duration_months": 10}"#
    );
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("<stdin>: 1 safe fix applied\n"));
    std::fs::remove_dir_all(&dir).ok();
}

/// `eig match teams` and `eig match mentors` re-match after a withdrawal from the examples and
/// print the changes; `eig jury agreement` gives alpha per panel and what to read again.
#[test]
fn rematch_and_agreement_print_what_changed_and_what_to_read_again() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let file = |p: &str| root.join(p).display().to_string();
    let out = eig(&[
        "match",
        "teams",
        &file("examples/teams/rematch.json"),
        "--lang",
        "en",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("changes from the placement announced (0 moved, the fewest possible):\n  cand-02 : beta → — (withdrew)\n  cand-04 : — → beta (a free place filled)\n"),
        "{text}"
    );
    let out = eig(&[
        "match",
        "mentors",
        &file("examples/teams/mentors-rematch.json"),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["moved"], 1);
    let moved: Vec<&Value> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["reason"] == "moved")
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(
        (moved[0]["id"].as_str(), moved[0]["to"][0].as_str()),
        (Some("referent-3"), Some("alpha"))
    );
    let out = eig(&["jury", "agreement", &file("examples/jury/sheets.json")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("  groupe-b  3      3         0,963   0,939"),
        "{text}"
    );
    assert!(
        text.contains("À relire (écart de plus de 3) :\n  defi-03 · impact : de 3 à 9\n"),
        "{text}"
    );
    assert!(
        text.contains("  defi-06 · impact : 9,5 (jurés de 8,5 à 9)"),
        "{text}"
    );
    let out = eig(&[
        "jury",
        "agreement",
        &file("examples/jury/sheets.json"),
        "--spread=-1",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--spread: the spread is a number of points, 0 or more (got -1)"),
        "{}",
        stderr(&out)
    );
}
