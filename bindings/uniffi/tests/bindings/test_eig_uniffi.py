"""The Python host test of the uniffi binding: the generated module, loaded through ctypes.

Run by bindings/uniffi/tests/run.sh with the generated `eig_uniffi.py` and the cdylib on the
path. Reproduces the conformance corpus byte for byte, then a Python custom rule.

Usage: python test_eig_uniffi.py <tests/conformance/cases> <examples/submissions>
"""

import json
import sys
from pathlib import Path

import eig_uniffi as eig

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def expected_form(valid, violations):
    rows = [
        {
            "code": v.code,
            "path": v.path,
            "severity": "error" if v.severity == eig.Severity.ERROR else "warning",
            "rule": v.rule,
        }
        for v in violations
    ]
    # serde_json's pretty printer: 2-space indent, ": " and no ASCII escaping.
    return json.dumps({"valid": valid, "violations": rows}, indent=2, ensure_ascii=False) + "\n"


def run_case(directory: Path) -> str:
    case = json.loads((directory / "case.json").read_text(encoding="utf-8"))
    data = (directory / "input.json").read_bytes()
    if case["document"] == "rulebook":
        try:
            eig.Rulebook.from_json(data.decode("utf-8"))
        except eig.EigError.InvalidDocument as e:
            return expected_form(False, e.violations)
        return expected_form(True, [])
    if "rulebook" in case:
        rb = eig.Rulebook.from_json((directory / case["rulebook"]).read_text(encoding="utf-8"))
        report = rb.validate_bytes(data, eig.Lang.EN)
    else:
        report = eig.validate_bytes(data, case.get("promotion"), eig.Lang.EN)
    return expected_form(report.valid, report.violations)


class Boom(eig.CustomRule):
    def id(self):
        return "boom"

    def check(self, submission_json):
        raise RuntimeError("boom from Python")


class TitleLength(eig.CustomRule):
    def id(self):
        return "title_length"

    def check(self, submission_json):
        title = json.loads(submission_json)["title"]
        if len(title) > 30:
            return [eig.Violation(code="title_long", path="/title", severity=eig.Severity.WARNING,
                                  rule="", message="", message_fr="titre long", message_en="long title")]
        return []


def main():
    cases = sorted(p for p in Path(sys.argv[1]).iterdir() if p.is_dir())
    for directory in cases:
        want = (directory / "expected.json").read_text(encoding="utf-8")
        got = run_case(directory)
        check(f"corpus {directory.name}", got == want, f"\nexpected:\n{want}got:\n{got}")
    check("corpus size", len(cases) >= 40)

    valid = (Path(sys.argv[2]) / "eig-5-valid-flood-alerts.json").read_text(encoding="utf-8")
    rb = eig.Rulebook.builtin("eig-5")
    rb.add_rule(TitleLength())
    rb.add_rule(Boom())
    report = rb.validate(valid, eig.Lang.EN)
    got = [(v.code, v.rule, v.severity) for v in report.violations]
    check("custom rules", got == [("title_long", "title_length", eig.Severity.WARNING),
                                  ("rule_failed", "boom", eig.Severity.ERROR)], str(got))
    check("valid with a warning only", report.valid is False)  # rule_failed is an error
    try:
        eig.Rulebook.builtin("eig-99")
        check("unknown promotion raises", False)
    except eig.EigError.UnknownPromotion as e:
        check("unknown promotion", e.promotion == "eig-99" and "eig-7" in e.known)
    print(f"python-uniffi: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
