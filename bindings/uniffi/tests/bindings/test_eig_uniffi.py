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
    kind = case["document"]
    if "rulebook" in case:
        rb = eig.Rulebook.from_json((directory / case["rulebook"]).read_text(encoding="utf-8"))
        report = rb.validate_document(kind, data, eig.Lang.EN)
    else:
        report = eig.validate_document(kind, data, case.get("promotion"), eig.Lang.EN)
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

    # An officer's mistake: the hint says what to write, at its line and column.
    mistyped = valid.replace('"data-science"', '"Data Scientist"')
    hinted = next(v for v in eig.validate(mistyped, None, eig.Lang.FR).violations
                  if v.path == "/seats/0/expertise")
    line = next(i for i, l in enumerate(mistyped.splitlines(), 1) if "Data Scientist" in l)
    check("hint", hinted.hint == "écrivez « data-science » (Data science)"
          and hinted.hint_en == 'write "data-science" (Data science)', repr(hinted))
    check("line and column", hinted.line == line and hinted.column is not None, repr(hinted))

    class FiveJurors(eig.CustomRule):
        def id(self):
            return "five_jurors"

        def check(self, document_json):
            import json
            if len(json.loads(document_json)["jurors"]) < 5:
                return [eig.Violation(code="jury_too_small", path="/jurors", severity=eig.Severity.ERROR,
                                      rule="", message="", message_fr="moins de cinq", message_en="under five")]
            return []

    jury_rules = eig.Rulebook.builtin("eig-5")
    jury_rules.add_rule_for("jury", FiveJurors())
    jury = (Path(sys.argv[1]) / "114-declared-rules-jury" / "input.json").read_bytes()
    got = [(v.code, v.rule, v.path) for v in jury_rules.validate_document("jury", jury, eig.Lang.EN).violations]
    check("rule on a jury", got == [("jury_too_small", "five_jurors", "/jurors")], str(got))
    eig8 = eig.Rulebook.builtin("eig-7").next_call(eig.NextCall(promotion="eig-8", closes="2027-03-31T17:00"))
    late = eig8.validate((Path(sys.argv[2]) / "eig-7-valid-product-director.json").read_text(encoding="utf-8")
                         .replace('"eig-7"', '"eig-8"').replace("2024-03-12T10:00:00+01:00", "2027-03-31T17:00:01+02:00"),
                         eig.Lang.EN)
    got = [v.code for v in late.violations]
    check("next call: late by a second", got == ["call_window_unknown", "submitted_after_deadline"], str(got))
    try:
        eig.Rulebook.builtin("eig-7").next_call(eig.NextCall(promotion="eig-8", closes="2027-02-30"))
        check("an impossible day raises", False)
    except eig.EigError.InvalidArgument as e:
        check("an impossible day", "2027-02-30" in e.reason, e.reason)
    try:
        eig.Rulebook.builtin("eig-99")
        check("unknown promotion raises", False)
    except eig.EigError.UnknownPromotion as e:
        check("unknown promotion", e.promotion == "eig-99" and "eig-7" in e.known)
    teams_dir = Path(sys.argv[2]).parent / "teams"
    teams_doc = (teams_dir / "teams.json").read_text(encoding="utf-8")
    mentors_doc = (teams_dir / "mentors.json").read_text(encoding="utf-8")
    stable = eig.form_teams(teams_doc, eig.TeamPolicy.STABLE, None, eig.Lang.EN)
    placed = {p.candidate: p.challenge for p in stable.placements}
    check("stable teams", placed == {"cand-01": "alpha", "cand-02": "beta", "cand-03": "alpha",
                                     "cand-04": None, "cand-05": "gamma"}, str(placed))
    check("no blocking pair", stable.summary.blocking_pairs == 0)
    cand02 = next(p for p in stable.placements if p.candidate == "cand-02")
    check("placement explained", "lowest score admitted 8.5; your score 7" in cand02.explanation,
          cand02.explanation)
    again = eig.form_teams((teams_dir / "rematch.json").read_text(encoding="utf-8"),
                           eig.TeamPolicy.STABLE, None, eig.Lang.EN)
    check("teams re-matched", again.moved == 0 and [(c.id, c.reason) for c in again.changes]
          == [("cand-02", "withdrew"), ("cand-04", "added")], str(again.changes))
    summaries = eig.compare_policies(teams_doc, None)
    check("policies compared", [s.policy for s in summaries] == ["stable", "optimal"]
          and summaries[1].welfare > summaries[0].welfare and summaries[1].blocking_pairs == 1,
          str(summaries))

    plan_doc = (Path(sys.argv[2]).parent / "jury" / "plan.json").read_text(encoding="utf-8")
    plan = eig.plan_jury(plan_doc, 10.0, eig.Lang.EN)
    check("jury plan optimal", plan.optimal and plan.objective == plan.bound, str(plan.objective))
    check("every item heard once", sorted(i for p in plan.panels for i in p.items)
          == [f"defi-0{k}" for k in range(1, 7)], str(plan.panels))
    # A conflict written as a rule of the rulebook (docs/rules.md, example 13): the Cnam juror
    # never hears the Health défi, and the explanation gives the rule's message.
    rules = eig.Rulebook.from_json(
        (Path(sys.argv[2]).parent / "rules" / "rulebook.json").read_text(encoding="utf-8"))
    ruled = eig.plan_jury(plan_doc, 10.0, eig.Lang.EN, rules)
    health = next(p for p in ruled.panels if "defi-01" in p.items)
    check("rule conflict kept", "jure-11" not in health.jurors, str(health))
    j11 = next(j for j in ruled.jurors if j.id == "jure-11")
    check("rule conflict explained", "not on defi-01: jure-11 works for a body under the "
          "administration that hosts defi-01" in j11.text, j11.text)
    # Units (1, 1) and (2, 3) paired, the third unpaired: D_o = 2, D_e = 10/3, alpha = 0.4.
    alpha = eig.krippendorff_alpha([[1.0, 2.0, None], [1.0, 3.0, 2.0]], "nominal")
    check("alpha", abs(alpha - 0.4) < 1e-12, str(alpha))

    class Near(eig.Affinity):
        def affinity(self, team_json, follower_json):
            import json
            return 2.0 if json.loads(follower_json)["id"] == "referent-3" else 0.0

    mentors = eig.match_mentors(mentors_doc, None, eig.Lang.EN)
    alpha = [p for p in mentors.pairs if p.team == "alpha" and p.kind == "referent"]
    check("conflict of interest respected", alpha[0].follower != "referent-1", str(alpha))
    check("pair explained", "conflict of interest: referent-1" in alpha[0].explanation,
          alpha[0].explanation)
    custom = eig.match_mentors(mentors_doc, Near(), eig.Lang.EN)
    check("host affinity", any(p.follower == "referent-3" and p.affinity == 2.0
                               for p in custom.pairs), str(custom.pairs))
    try:
        eig.form_teams(teams_doc.replace('"beta"]}', '"zeta"]}'), eig.TeamPolicy.OPTIMAL, None,
                       eig.Lang.EN)
        check("bad teams raise", False)
    except eig.EigError.InvalidDocument as e:
        check("bad teams", any(v.code == "unknown_reference" for v in e.violations),
              str(e.violations))
    # Hostile input gets an ordinary answer through the binding, never an abort.
    deep = "[" * 100_000 + "]" * 100_000
    got = [v.code for v in eig.validate(deep, "eig-5", eig.Lang.EN).violations]
    check("deep JSON", got == ["nesting_too_deep"], str(got))
    got = [v.code for v in eig.validate('{"title": 1, "title": "x"}', "eig-5", eig.Lang.EN).violations]
    check("duplicate key", "duplicate_key" in got, str(got))
    import json as _json
    rb_doc = _json.loads((Path(sys.argv[2]).parent / "rules" / "rulebook.json").read_text(encoding="utf-8"))
    rb_doc["rules"] = [{"id": "deep", "on": "challenge-submission", "rule": "(" * 995 + "true" + ")" * 995,
                        "message_fr": "x", "message_en": "x"}]
    try:
        eig.Rulebook.from_json(_json.dumps(rb_doc))
        check("deep rule refused", False)
    except eig.EigError.InvalidDocument as e:
        check("deep rule refused", any(v.code == "rule_invalid" for v in e.violations), str(e.violations))

    class Huge(eig.Affinity):
        def affinity(self, team_json, follower_json):
            return 1e308

    try:
        eig.match_mentors(mentors_doc, Huge(), eig.Lang.EN)
        check("huge affinity refused", False)
    except eig.EigError.InvalidDocument as e:
        check("huge affinity refused", [v.code for v in e.violations] == ["affinity_failed"], str(e.violations))
    # Fixes: a safe one applied by fix_document, the file's comments kept; one that needs a
    # person says why.
    text = '{\n  // a comment\n  "promotion": "eig-5",\n  "titre": "Alertes",\n  "duration_months": "10"\n}'
    report = eig.validate(text, None, eig.Lang.FR)
    unquote = next(v for v in report.violations if v.path == "/duration_months")
    check("a safe fix", [f.applicability for f in unquote.fixes] == [eig.Applicability.SAFE], str(unquote.fixes))
    check("its patch", _json.loads(unquote.fixes[0].patch) == [{"op": "replace", "path": "/duration_months", "value": 10}],
          unquote.fixes[0].patch)
    fixed = eig.fix_document("challenge-submission", text.encode(), None, eig.Lang.FR)
    check("fixed text", fixed.text == text.replace('"titre"', '"title"').replace('"10"', "10"), str(fixed.text))
    check("layout kept", fixed.layout_kept)
    check("applied", sorted(v.path for v in fixed.applied) == ["/duration_months", "/titre"], str([v.path for v in fixed.applied]))
    check("summary", fixed.summary.startswith("2 corrections sûres appliquées\n"), fixed.summary)
    check("after", not any(v.code == "unknown_field" for v in fixed.after.violations))
    dated = eig.validate('{"promotion": "eig-5", "submitted_at": "28/02/2025"}', None, eig.Lang.FR)
    date = next(v for v in dated.violations if v.path == "/submitted_at")
    check("a placeholder says so", date.fixes[0].applicability == eig.Applicability.PLACEHOLDER
          and "exemple" in (date.fixes[0].reason or ""), str(date.fixes))
    print(f"python-uniffi: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
