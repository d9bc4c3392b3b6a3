"""The checked-in schemas pass a strict third-party validator (python-jsonschema)."""

import json

import pytest

from conftest import CORPUS, EXAMPLES, REPO

jsonschema = pytest.importorskip("jsonschema")


def load(name):
    return json.loads((REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["challenge-submission", "challenge-submission-2024", "rulebook"])
def test_schema_is_valid_draft_2020_12(name):
    schema = load(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"urn:eig:schema:v1:{name}"


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
