"""The checked-in schemas pass three third-party validators, and agree with this library.

python-jsonschema, check-jsonschema and ajv (strict mode, with ajv-formats) each check every
schema and validate every document of the conformance corpus, the examples and the built-in
rulebooks (`rulebooks/`) against the schema of its kind; each verdict must be this library's
structural verdict (valid unless the expected report has a violation of the `schema` rule). scripts/test installs check-jsonschema
in the virtualenv and ajv with npm into .tools/, and sets EIG_REQUIRE_THIRD_PARTY=1 so that a
missing validator fails instead of skipping.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, EXAMPLES, REPO

jsonschema = pytest.importorskip("jsonschema")

SCHEMAS = sorted(p.name.removesuffix(".schema.json") for p in (REPO / "schema").glob("*.schema.json"))


def load(name):
    return json.loads((REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid_draft_2020_12(name):
    import eig

    schema = load(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    version = schema["$id"].rsplit("/", 2)[-2]
    assert schema["$id"] == f"https://schema.data.gouv.fr/schemas/eig/{name}/{version}/schema.json"
    assert len(version.split(".")) == 3 and all(p.isdigit() for p in version.split("."))
    assert '"x-' not in json.dumps(schema)  # no keyword a strict validator refuses
    assert " / " in schema["title"]  # French / English
    assert eig.schema(name) == schema


def form_of(case, meta, doc):
    """The submission form the case's rulebook files (`2017` or `2024`)."""
    import eig

    if meta.get("rulebook"):
        rulebook = json.loads((case / meta["rulebook"]).read_text(encoding="utf-8"))
    else:
        promotion = meta.get("promotion") or (doc.get("promotion") if isinstance(doc, dict) else None)
        try:
            rulebook = eig.Rulebook.builtin(promotion).to_dict()
        except Exception:
            rulebook = {}
    return rulebook.get("submission_form", "2017")


def test_examples_pass_and_structural_failures_fail_with_python_jsonschema():
    def validator_of(name):
        return jsonschema.Draft202012Validator(load(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    validators = {"2017": validator_of("challenge-submission"), "2024": validator_of("challenge-submission-2024")}
    for path in EXAMPLES.iterdir():
        doc = json.loads(path.read_text(encoding="utf-8"))
        validators["2024" if doc["promotion"] == "eig-7" else "2017"].validate(doc)
    # Every corpus case whose expected report has a structural violation fails there too.
    checked = 0
    for case in sorted(CORPUS.iterdir()):
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        meta = json.loads((case / "case.json").read_text(encoding="utf-8"))
        rules = {v["rule"] for v in expected["violations"]}
        if meta["document"] != "challenge-submission" or "input" in rules:
            continue
        doc = json.loads((case / "input.json").read_bytes())
        validator = validators[form_of(case, meta, doc)]
        if "schema" in rules and "missing_time_zone" not in {v["code"] for v in expected["violations"]}:
            assert not validator.is_valid(doc), case.name
            checked += 1
        elif "schema" not in rules:
            assert validator.is_valid(doc), case.name
    assert checked >= 15


def require_or_skip(what: str, found: bool) -> None:
    if found:
        return
    message = f"{what} is not installed (scripts/test installs it)"
    if os.environ.get("EIG_REQUIRE_THIRD_PARTY") == "1":
        pytest.fail(message)
    pytest.skip(message)


def corpus_documents():
    """(label, schema name, document, our structural verdict) for every corpus case the
    third-party validators can read, and the examples."""
    out = []
    for path in sorted(EXAMPLES.iterdir()):
        doc = json.loads(path.read_text(encoding="utf-8"))
        form = "challenge-submission-2024" if doc["promotion"] == "eig-7" else "challenge-submission"
        out.append((path.name, form, doc, True))
    # The built-in rulebooks, which the crate loads as a user's rulebook: valid.
    for path in sorted((REPO / "rulebooks").glob("*.json")):
        out.append((f"rulebooks-{path.name}", "rulebook", json.loads(path.read_text(encoding="utf-8")), True))
    # The examples of the folders proposed to schema.data.gouv.fr.
    for folder in sorted((REPO / "schema" / "data.gouv.fr").iterdir()):
        for name, verdict in [("exemple-valide.json", True), ("exemple-invalide.json", False)]:
            doc = json.loads((folder / name).read_text(encoding="utf-8"))
            out.append((f"{folder.name}-{name}", folder.name, doc, verdict))
    for case in sorted(CORPUS.iterdir()):
        meta = json.loads((case / "case.json").read_text(encoding="utf-8"))
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        rules = {v["rule"] for v in expected["violations"]}
        if "input" in rules:
            continue  # not JSON, a key given twice, or comments: no validator reads it as we do
        try:
            doc = json.loads((case / "input.json").read_bytes())
        except ValueError:
            continue
        kind = meta["document"]
        if kind == "challenge-submission" and form_of(case, meta, doc) == "2024":
            kind = "challenge-submission-2024"
        out.append((case.name, kind, doc, "schema" not in rules))
    return out


def test_python_jsonschema_agrees_on_every_document():
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    validators = {n: jsonschema.Draft202012Validator(load(n), format_checker=checker) for n in SCHEMAS}
    documents = corpus_documents()
    assert len(documents) >= 95
    disagree = [(label, ours) for label, kind, doc, ours in documents if validators[kind].is_valid(doc) != ours]
    assert not disagree, disagree


def test_ajv_strict_accepts_every_schema_and_agrees_on_every_document():
    modules = Path(os.environ.get("EIG_NODE_MODULES", REPO / ".tools" / "node_modules"))
    node = shutil.which("node")
    require_or_skip("ajv (npm: ajv, ajv-formats)", bool(node) and (modules / "ajv-formats").is_dir())
    documents = corpus_documents()
    requests = [{"schema": kind, "document": doc} for _, kind, doc, _ in documents]
    run = subprocess.run(
        [node, str(REPO / "tests" / "schemas" / "ajv-check.mjs"), str(modules), str(REPO / "schema")],
        input=json.dumps(requests), capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    verdicts = json.loads(run.stdout)
    disagree = [(label, ours) for (label, _, _, ours), theirs in zip(documents, verdicts) if theirs != ours]
    assert not disagree, disagree


# check-jsonschema's command, run for each argument list in one interpreter: importing it
# costs about 3 s of CPU (its format checkers build their grammars), once instead of once per
# schema. Prints each run's exit status and output, as JSON.
CHECK_JSONSCHEMA_RUNS = """
import contextlib, io, json, sys
from check_jsonschema.cli.main_command import main
runs = []
for args in json.loads(sys.stdin.read()):
    out, err, code = io.StringIO(), io.StringIO(), 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main.main(args=args, prog_name="check-jsonschema")
        except SystemExit as e:
            code = e.code or 0
    runs.append({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
sys.stdout.write(json.dumps(runs))
"""


def test_check_jsonschema_accepts_every_schema_and_agrees_on_every_document(tmp_path):
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")
    require_or_skip("check-jsonschema (pip)", bool(exe))
    # The interpreter of the virtualenv check-jsonschema is installed in.
    python = Path(exe).parent / "python"
    files = [str(REPO / "schema" / f"{n}.schema.json") for n in SCHEMAS]
    by_kind = {}
    for i, (label, kind, doc, ours) in enumerate(corpus_documents()):
        path = tmp_path / f"{i:03}-{label}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        by_kind.setdefault(kind, []).append((path, label, ours))
    kinds = list(by_kind)
    args = [["--check-metaschema", *files]] + [
        ["--output-format", "json", "--schemafile", str(REPO / "schema" / f"{kind}.schema.json"),
         *[str(p) for p, _, _ in by_kind[kind]]]
        for kind in kinds
    ]
    run = subprocess.run([str(python), "-c", CHECK_JSONSCHEMA_RUNS], input=json.dumps(args),
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    meta, *runs = json.loads(run.stdout)
    assert meta["code"] == 0, meta["stdout"] + meta["stderr"]
    disagree = []
    for kind, result in zip(kinds, runs):
        docs = by_kind[kind]
        report = json.loads(result["stdout"])
        assert not report.get("parse_errors"), report["parse_errors"]
        failing = {Path(e["filename"]).name for e in report.get("errors", [])}
        disagree += [(label, ours) for path, label, ours in docs if (path.name not in failing) != ours]
    assert not disagree, disagree
