"""The cross-binding conformance corpus: Python must reproduce the Rust expected reports."""

import json

import pytest

import eig
from conftest import CORPUS, load_case

CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())


def run(directory):
    case = load_case(directory)
    data = (directory / "input.json").read_bytes()
    if case["document"] == "rulebook":
        try:
            eig.Rulebook.from_json(data)
        except eig.ValidationError as e:
            return {"valid": False, "violations": e.violations}
        return {"valid": True, "violations": []}
    if "rulebook" in case:
        rb = eig.Rulebook.from_json((directory / case["rulebook"]).read_bytes())
        report = eig.validate(data, rulebook=rb, kind=case["document"])
    else:
        report = eig.validate(data, promotion=case.get("promotion"), kind=case["document"])
    return {"valid": report.valid, "violations": report.violations}


def test_corpus_is_there():
    assert len(CASES) >= 40


@pytest.mark.parametrize("directory", CASES, ids=[p.name for p in CASES])
def test_case_matches_expected_report(directory):
    expected = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    got = run(directory)
    assert got["valid"] == expected["valid"]
    assert [
        {"code": v.code, "path": v.path, "severity": v.severity, "rule": v.rule}
        for v in got["violations"]
    ] == expected["violations"]


@pytest.mark.parametrize("directory", CASES, ids=[p.name for p in CASES])
def test_case_from_a_dict_gives_the_same_report(directory):
    """A document given as a dict is checked like its JSON text (where it is JSON)."""
    case = load_case(directory)
    if case["document"] != "challenge-submission" or "rulebook" in case:
        return
    data = (directory / "input.json").read_bytes()
    def unique(pairs):
        keys = [k for k, _ in pairs]
        if len(set(keys)) != len(keys):
            raise ValueError("a key given twice has no dict form")
        return dict(pairs)

    try:
        doc = json.loads(data, object_pairs_hook=unique)
    except (ValueError, RecursionError):
        return
    if not isinstance(doc, dict):
        return
    from_text = eig.validate(data, promotion=case.get("promotion"))
    from_dict = eig.validate(doc, promotion=case.get("promotion"))
    key = lambda r: (r["code"], r["path"], r["severity"], r["rule"])  # noqa: E731
    assert [key(r) for r in from_dict.to_records()] == [key(r) for r in from_text.to_records()]
