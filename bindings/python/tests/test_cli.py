"""The `eig` command the wheel installs (a console script over the same core) gives the Rust
command's output: the same verdicts, lines, columns, messages and hints, in French and in
English, as text and as JSON; and `eig template` writes a dossier that validates."""

import json
import os
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
