"""The `eig` command the wheel installs (a console script that runs the Rust command line) is
the Rust command: the same output, byte for byte, for every subcommand, its help and its
usage errors, in French and in English, as text and as JSON; `eig template` writes a dossier
that validates; `eig serve` serves and stops on Ctrl-C."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, EXAMPLES, REPO

RUST = Path(os.environ.get("EIG_CLI", REPO / "target" / "release" / "eig"))


def python_eig() -> str:
    """The installed console script, beside this interpreter."""
    found = shutil.which("eig", path=str(Path(sys.executable).parent))
    assert found, "the wheel installs no `eig` command"
    return found


def run(command, *args):
    return subprocess.run([command, *args], capture_output=True, text=True, check=False)


def documents():
    files = sorted(str(p) for p in EXAMPLES.iterdir())
    files += sorted(
        str(case / "input.json")
        for case in CORPUS.iterdir()
        if json.loads((case / "case.json").read_text(encoding="utf-8"))["document"] == "challenge-submission"
        and "rulebook" not in json.loads((case / "case.json").read_text(encoding="utf-8"))
    )
    return files


@pytest.mark.skipif(not RUST.exists(), reason="the Rust CLI is not built (cargo build --release -p eig-cli)")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_python_command_prints_what_the_rust_command_prints(lang):
    files = documents()
    assert len(files) >= 60
    for fmt in ["human", "json"]:
        ours = run(python_eig(), "validate", "--lang", lang, "--format", fmt, *files)
        theirs = run(str(RUST), "validate", "--lang", lang, "--format", fmt, *files)
        assert ours.returncode == theirs.returncode == 1
        if fmt == "json":
            assert json.loads(ours.stdout) == json.loads(theirs.stdout)
        else:
            assert ours.stdout == theirs.stdout


@pytest.mark.skipif(not RUST.exists(), reason="the Rust CLI is not built (cargo build --release -p eig-cli)")
@pytest.mark.parametrize("args", [[], ["--lang", "en"], ["--no-comments"]])
def test_the_python_template_is_the_rust_template(args):
    ours = run(python_eig(), "template", "--promotion", "eig-7", *args)
    theirs = run(str(RUST), "template", "--promotion", "eig-7", *args)
    assert ours.returncode == theirs.returncode == 0
    assert ours.stdout == theirs.stdout
    commented = any(line.lstrip().startswith("//") for line in ours.stdout.splitlines())
    assert commented == ("--no-comments" not in args)


def test_template_fields_and_errors(tmp_path):
    eig = python_eig()
    out = tmp_path / "defi.json"
    made = run(eig, "template", "--promotion", "eig-7", "--out", str(out))
    assert made.returncode == 0 and "remplacez chaque valeur" in made.stderr
    # The template has a comment above each field: valid, with the warning that says so.
    assert "// SIRET — facultatif." in out.read_text(encoding="utf-8")
    checked = run(eig, "validate", str(out))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.startswith(f"{out}: valide (0 erreur(s), 1 avertissement(s))\n"), checked.stdout
    assert "[comments_ignored]" in checked.stdout and "pour corriger" in checked.stdout
    plain = run(eig, "template", "--promotion", "eig-7", "--no-comments", "--out", str(out))
    assert plain.returncode == 0
    assert not any(line.lstrip().startswith("//") for line in out.read_text(encoding="utf-8").splitlines())
    checked = run(eig, "validate", str(out))
    assert checked.stdout == f"{out}: valide (0 erreur(s), 0 avertissement(s))\n"
    guide = run(eig, "fields", "--promotion", "eig-7", "--format", "markdown")
    assert guide.stdout == (REPO / "docs" / "guide-administrations.md").read_text(encoding="utf-8")
    missing = run(eig, "validate", str(tmp_path / "absent.json"))
    assert (missing.returncode, missing.stderr) == (2, f"eig: {tmp_path / 'absent.json'} : fichier introuvable\n")
    unknown = run(eig, "validate", "--promotion", "eig-99", str(out))
    assert unknown.returncode == 2 and "eig-99" in unknown.stderr and "Traceback" not in unknown.stderr


@pytest.mark.skipif(not RUST.exists(), reason="the Rust CLI is not built (cargo build --release -p eig-cli)")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_rankings_teams_and_mentors_read_as_the_rust_command_prints_them(tmp_path, lang):
    import eig

    made = run(str(RUST), "generate", "--out", str(tmp_path), "--challenges", "8", "--candidates", "30",
               "--jurors", "5")
    assert made.returncode == 0, made.stderr
    ranking = eig.score(tmp_path / "grid-defis.json", tmp_path / "jury.json", tmp_path / "scores-defis.json",
                        rulebook=eig.Rulebook.from_json(tmp_path / "rulebook.json"), lang=lang)
    printed = run(str(RUST), "score", "--grid", str(tmp_path / "grid-defis.json"), "--jury",
                  str(tmp_path / "jury.json"), "--scores", str(tmp_path / "scores-defis.json"), "--rulebook",
                  str(tmp_path / "rulebook.json"), "--lang", lang)
    assert printed.returncode == 0, printed.stderr
    assert ranking.to_text() == printed.stdout
    assert ranking.to_text(max_rows=2).splitlines() == printed.stdout.splitlines()[:3] + (
        printed.stdout.splitlines()[-1:] if "publi" in printed.stdout.splitlines()[-1] else [])
    teams_file = EXAMPLES.parent / "teams" / "teams.json"
    teams = eig.form_teams(teams_file)
    assert teams.to_text(lang=lang) == run(str(RUST), "match", "teams", str(teams_file), "--lang", lang).stdout
    mentors_file = EXAMPLES.parent / "teams" / "mentors.json"
    assert eig.match_mentors(mentors_file).to_text() == run(str(RUST), "match", "mentors", str(mentors_file)).stdout


def test_a_report_reads_as_the_rust_command_prints_it():
    import eig

    text = '{\n  "promotion": "eig-4",\n  "titel": "Signaux faibles"\n}'
    report = eig.validate(text)
    out = report.to_text("defi.json", text, lang="en")
    assert out.startswith("defi.json: invalid (")
    assert '  error: /titel (line 3, column 12) [unknown_field] unknown field "titel"\n' in out
    assert '      to fix: did you mean "title"?\n' in out
    assert report.to_text(source=text).startswith("invalide (")
    entry = report.to_json_entry("defi.json", text.encode(), lang="fr")
    titel = next(v for v in entry["violations"] if v["path"] == "/titel")
    assert (entry["file"], titel["line"], titel["column"], titel["hint"]) == ("defi.json", 3, 12, "vouliez-vous dire « title » ?")
    assert "<table>" in report.to_html("en") and "invalid" in report.to_html("en")
    with pytest.raises(TypeError):
        report.to_text(source=3)
    with pytest.raises(ValueError):
        report.to_text(lang="de")


def same_command_cases(tmp: Path):
    """Command lines over every subcommand, their help, their usage errors and bad files."""
    sub = str(EXAMPLES / "eig-7-invalid-dossier.json")
    valid = str(EXAMPLES / "eig-5-valid-flood-alerts.json")
    cases = [["--help"], ["--version"], ["frobnicate"], ["validate"], ["help", "serve"]]
    for command in ["validate", "fix", "score", "explain", "generate", "demo", "schema", "import", "stats",
                    "export", "match", "template", "fields", "serve", "codes", "dictionary", "rulebook"]:
        cases.append([command, "--help"])
    for lang in ["fr", "en"]:
        cases += [
            ["validate", "--lang", lang, sub, valid],
            ["validate", "--lang", lang, "--format", "json", sub],
            ["validate", "--lang", lang, str(tmp / "absent.json")],
            ["validate", "--lang", lang, "--promotion", "eig-99", valid],
            ["template", "--promotion", "eig-4", "--lang", lang],
            ["fields", "--promotion", "eig-6", "--lang", lang],
            ["demo", "--lang", lang],
            ["fix", "--dry-run", "--lang", lang, sub, valid],
        ]
    cases += [
        ["schema", "challenge-submission-2024"], ["codes"], ["dictionary"], ["rulebook", "list"], ["rulebook", "sources"],
        ["serve", "--time-limit", "0"], ["serve", "--addr", "0.0.0.0:0"],
        ["match", "teams", str(EXAMPLES.parent / "teams" / "teams.json")],
        ["match", "mentors", str(EXAMPLES.parent / "teams" / "mentors.json")],
    ]
    return cases


@pytest.mark.skipif(not RUST.exists(), reason="the Rust CLI is not built (cargo build --release -p eig-cli)")
def test_the_python_command_is_the_rust_command_byte_for_byte(tmp_path):
    eig = python_eig()
    cases = same_command_cases(tmp_path)
    assert len(cases) > 40
    # The demo ends with the time it took, which differs from run to run.
    timing = re.compile(rb"^(Dur\xc3\xa9e|Time) ?: [0-9.,]+ s$", re.M)
    for args in cases:
        ours = subprocess.run([eig, *args], capture_output=True, check=False)
        theirs = subprocess.run([str(RUST), *args], capture_output=True, check=False)
        if args[0] == "demo" and "--help" not in args:
            assert timing.search(ours.stdout) and timing.search(theirs.stdout)
            ours.stdout, theirs.stdout = timing.sub(b"", ours.stdout), timing.sub(b"", theirs.stdout)
        assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr), args
        assert b"Traceback" not in ours.stderr, args


def test_the_python_command_serves_the_page_and_stops_on_ctrl_c():
    import signal
    import time
    import urllib.request

    server = subprocess.Popen([python_eig(), "serve", "--addr", "127.0.0.1:0"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    try:
        base = server.stdout.readline().decode().strip()
        assert base.startswith("http://127.0.0.1:"), base
        with urllib.request.urlopen(base + "v1/promotions", timeout=10) as answer:
            assert answer.status == 200 and "eig-7" in answer.read().decode()
        t = time.monotonic()
        server.send_signal(signal.SIGINT)
        code = server.wait(timeout=10)
        assert time.monotonic() - t < 3
        # Ended by the signal, as the Rust command is (a shell shows 130).
        assert code == -signal.SIGINT
        assert b"Traceback" not in server.stderr.read()
    finally:
        server.kill()
        server.wait()
