"""The Python surface: inputs, reports, exceptions and their attributes, rulebooks, plug-ins."""

import json
import math
import pathlib

import pytest

import eig
from conftest import EXAMPLES

INVALID = EXAMPLES / "eig-6-invalid-late-and-mistyped.json"
VALID = EXAMPLES / "eig-5-valid-flood-alerts.json"


def test_every_input_form_gives_the_same_report(valid_doc):
    text = VALID.read_text(encoding="utf-8")
    reports = [
        eig.validate(text),
        eig.validate(text.encode()),
        eig.validate(bytearray(text.encode())),
        eig.validate(valid_doc),
        eig.validate(VALID),
        eig.validate(pathlib.PurePath(VALID).__fspath__() and VALID),
    ]
    assert all(r.valid for r in reports)
    assert {repr(r) for r in reports} == {"<Report valid=True errors=0 warnings=0>"}


def test_violation_attributes():
    report = eig.validate(INVALID, promotion="eig-6")
    assert not report.valid and not report
    assert len(report) == 4
    v = report.violations[3]
    assert (v.code, v.path, v.severity, v.rule) == ("siret_invalid", "/hosts/0/siret", "error", "siret")
    assert v.message_en == "the SIRET 11000201100045 fails its checksum (a typing error?)"
    assert v.message_fr.startswith("le SIRET 11000201100045")
    assert v.message == v.message_fr
    assert v.to_dict()["code"] == "siret_invalid"
    assert repr(v).startswith("<Violation siret_invalid at \"/hosts/0/siret\"")


def test_records_are_ready_for_a_dataframe():
    records = eig.validate(INVALID, promotion="eig-6").to_records()
    assert [r["code"] for r in records] == [
        "team_size_out_of_range",
        "expertise_not_allowed",
        "submitted_after_deadline",
        "siret_invalid",
    ]
    assert set(records[0]) == {"code", "path", "severity", "rule", "message_fr", "message_en", "hint_fr", "hint_en"}


def test_html_view_escapes_and_lists_each_violation():
    html = eig.validate('{"<b>": 1}', promotion="eig-4")._repr_html_()
    assert "<table>" in html and "&lt;b&gt;" in html and "<b>" not in html.replace("<br>", "")
    assert html.count("<tr>") == 1 + len(eig.validate('{"<b>": 1}', promotion="eig-4").violations)


def test_notebook_values_convert_as_json_would_write_them(valid_doc):
    import datetime

    import numpy as np

    # NaN (pandas' and numpy's missing value) is null: where a value is required, the schema
    # names it, as it would a JSON null.
    report = eig.validate({**valid_doc, "duration_months": math.nan})
    assert [v.path for v in report.violations if v.severity == "error"] == ["/duration_months"]
    assert eig.validate({**valid_doc, "duration_months": np.float64("nan")}).violations == report.violations
    # A date with its time zone is the ISO 8601 text the schema reads.
    filed = valid_doc["submitted_at"]
    as_datetime = datetime.datetime.fromisoformat(filed)
    assert as_datetime.tzinfo is not None
    again = eig.validate({**valid_doc, "submitted_at": as_datetime})
    assert again.valid == eig.validate(valid_doc).valid
    # Without one, the offset is missing and the schema says so at its path.
    naive = eig.validate({**valid_doc, "submitted_at": as_datetime.replace(tzinfo=None)})
    assert "/submitted_at" in [v.path for v in naive.violations]
    pd = pytest.importorskip("pandas")
    assert eig.validate({**valid_doc, "submitted_at": pd.Timestamp(filed)}).valid == again.valid
    for missing in (pd.NaT, pd.NA):
        r = eig.validate({**valid_doc, "duration_months": missing})
        assert [v.path for v in r.violations if v.severity == "error"] == ["/duration_months"]


def test_wrong_python_types_raise_clear_errors(valid_doc):
    with pytest.raises(TypeError, match="expected a JSON document as str, bytes, dict or pathlib.Path, got int"):
        eig.validate(42, promotion="eig-4")
    with pytest.raises(TypeError, match=r"the dict key 1 at /hosts/0 is not a string \(it is an? int\)"):
        doc = dict(valid_doc)
        doc["hosts"] = [{1: "x"}]
        eig.validate(doc)
    with pytest.raises(ValueError, match=r"inf at /duration_months is not a JSON number"):
        eig.validate({**valid_doc, "duration_months": math.inf})
    with pytest.raises(TypeError, match=r"a set at /themes cannot be written as JSON"):
        eig.validate({**valid_doc, "themes": {"sante"}})
    with pytest.raises(ValueError, match="does not fit in 64 bits"):
        eig.validate({**valid_doc, "duration_months": 2**70})
    with pytest.raises(FileNotFoundError):
        eig.validate(pathlib.Path("/no/such/submission.json"))
    with pytest.raises(ValueError, match='no built-in rulebook for "eig-99"'):
        eig.validate("{}", promotion="eig-99")
    with pytest.raises(ValueError, match="not both"):
        eig.validate("{}", promotion="eig-4", rulebook=eig.Rulebook.builtin("eig-4"))
    with pytest.raises(TypeError, match="a list of documents"):
        eig.validate_many("{}")


def nested(levels: int) -> dict:
    deep: dict = {}
    cur = deep
    for _ in range(levels - 1):
        cur["a"] = {}
        cur = cur["a"]
    return deep


def test_deep_dicts_are_refused_like_deep_text():
    import json as _json

    for levels in (64, 65, 10_000):
        as_dict = eig.validate(nested(levels), promotion="eig-4").to_records()
        as_text = eig.validate(_json.dumps(nested(min(levels, 500))), promotion="eig-4").to_records()
        codes = [r["code"] for r in as_dict]
        if levels <= 64:
            assert "nesting_too_deep" not in codes
        else:
            assert codes == ["nesting_too_deep"]
        assert [r["code"] for r in as_text] == codes


def test_bad_documents_are_reports_not_exceptions():
    assert eig.validate(b"\xff", promotion="eig-4").violations[0].code == "invalid_utf8"
    assert eig.validate("", promotion="eig-4").violations[0].code == "empty_document"
    assert eig.validate("[" * 100_000, promotion="eig-4").violations[0].code == "nesting_too_deep"
    big = b'{"title": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    assert eig.validate(big, promotion="eig-4").violations[0].code == "document_too_large"


def test_load_submission_returns_a_typed_object():
    s = eig.load_submission(VALID)
    assert (s.promotion, s.team_size, s.duration_months) == ("eig-5", 3, 10)
    assert s.seats == [("data-science", 1), ("developpement", 1), ("design", 1)]
    assert s.submitted_at.isoformat() == "2021-04-07T16:45:00+02:00"
    assert s.to_dict()["title"] == s.title
    assert json.loads(s.to_json())["promotion"] == "eig-5"


def test_validation_error_carries_every_violation():
    with pytest.raises(eig.ValidationError) as info:
        eig.load_submission(INVALID, promotion="eig-6")
    err = info.value
    assert isinstance(err, ValueError)
    assert [v.code for v in err.violations] == [
        "team_size_out_of_range",
        "expertise_not_allowed",
        "submitted_after_deadline",
        "siret_invalid",
    ]
    assert err.violations[2].path == "/submitted_at"
    assert str(err).startswith("invalid submission (4 violation(s)): /seats: error [team_size_out_of_range]")


def test_rulebook_attributes_and_loading():
    assert eig.rulebooks() == ["eig-1", "eig-2", "eig-3", "dig-2019", "eig-4", "eig-5", "eig-6", "eig-7"]
    dig = eig.Rulebook.builtin("dig-2019")
    assert (dig.promotion, dig.label, dig.team_size, dig.immersion_months) == ("dig-2019", "DIG", (1, 2), (6, 12))
    assert dig.allowed_expertises == ["design"]
    assert dig.cohort == {"kind": "year", "year": 2019}
    assert dig.call_for_projects is None
    eig5 = eig.Rulebook.builtin("eig-5")
    assert eig5.call_for_projects == {
        "opens": "2021-02-01T00:00:00",
        "closes": "2021-04-07T23:59:59",
        "time_zone": "Europe/Paris",
    }
    assert eig5.mentors == {"min_mentors": 1, "min_commitment_percent": 1}
    again = eig.Rulebook.from_json(eig5.to_dict())
    assert again.to_json() == eig5.to_json()
    with pytest.raises(eig.ValidationError) as info:
        eig.Rulebook.from_json({**eig5.to_dict(), "team_size": {"min": 3, "max": 1}})
    assert [(v.code, v.path) for v in info.value.violations] == [("range_inverted", "/team_size")]
    with pytest.raises(ValueError, match="no built-in rulebook"):
        eig.Rulebook.builtin("eig-0")


def test_custom_rules_run_with_the_builtin_ones():
    rb = eig.Rulebook.builtin("eig-5")
    seen = []

    def no_remote(sub):
        seen.append(sub["title"])
        return [
            {"code": "remote_not_offered", "path": f"/locations/{i}/remote_days_per_week", "message": "no remote work"}
            for i, loc in enumerate(sub["locations"])
            if loc.get("remote_days_per_week")
        ]

    def title_check(sub):
        yield eig.Violation("title_style", "/title", "titre trop long", "title too long", severity="warning")

    rb.add_rule("no_remote", no_remote)
    rb.add_rule("title_style", title_check)
    assert rb.custom_rules == ["no_remote", "title_style"]
    report = eig.validate(VALID, rulebook=rb)
    assert seen == ["Alertes crues en temps réel pour les communes"]
    assert [(v.code, v.rule, v.severity, v.path) for v in report.violations] == [
        ("remote_not_offered", "no_remote", "error", "/locations/0/remote_days_per_week"),
        ("title_style", "title_style", "warning", "/title"),
    ]
    assert report.violations[0].message_fr == "no remote work"


def test_a_failing_rule_becomes_a_violation_not_a_crash():
    rb = eig.Rulebook.builtin("eig-5")
    rb.add_rule("broken", lambda sub: 1 / 0)
    rb.add_rule("bad_return", lambda sub: [42])
    report = eig.validate(VALID, rulebook=rb)
    assert [(v.code, v.rule) for v in report.violations] == [("rule_failed", "broken"), ("rule_failed", "bad_return")]
    assert "ZeroDivisionError" in report.violations[0].message_en
    assert "TypeError" in report.violations[1].message_en
    with pytest.raises(TypeError, match="callable"):
        rb.add_rule("x", 3)


def test_a_rule_that_returns_none_fails_rather_than_passes():
    # A rule whose author forgot `return` would pass every document.
    rb = eig.Rulebook.builtin("eig-5")

    def forgot(sub):
        if sub["title"]:
            [{"code": "never", "message": "x"}]

    rb.add_rule("forgot", forgot)
    rb.add_rule("on_jury", lambda doc: None, on="jury")
    report = eig.validate(VALID, rulebook=rb)
    assert [(v.code, v.rule) for v in report.violations] == [("rule_failed", "forgot")]
    assert "returned None" in report.violations[0].message_en
    assert not report.valid


def test_validate_many_keeps_order_and_matches_validate():
    docs = [p.read_bytes() for p in sorted(EXAMPLES.iterdir())] * 50
    many = eig.validate_many(docs)
    assert len(many) == len(docs)
    assert [r.to_records() for r in many] == [eig.validate(d).to_records() for d in docs]
    rb = eig.Rulebook.builtin("eig-5")
    rb.add_rule("count", lambda sub: [])
    assert all(r.valid for r in eig.validate_many([VALID] * 100, rulebook=rb))


def test_schema_is_a_dict():
    s = eig.schema("challenge-submission")
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "promotion" in s["required"]
    assert eig.schema("rulebook")["title"] == "Règlement d'une promotion / Rulebook of a promotion"
    with pytest.raises(ValueError, match="unknown schema"):
        eig.schema("nope")


def test_builtin_rulebooks_carry_a_source_per_fact():
    rb = eig.Rulebook.builtin("eig-7")
    sources = [s for s in rb.sources if isinstance(s, dict)]
    assert all(s["fields"] and s["source"] and s["says"] for s in sources)
    jury = [s for s in sources if "/cohort/jury_every_months" in s["fields"]]
    # The FAQ's "at least once a month" is recorded beside the applied "every two months".
    assert {s.get("not_applied") for s in jury} == {None, 1}
    assert rb.cohort["jury_every_months"] == 2


def test_next_call_makes_a_rulebook_for_a_promotion_not_built_in():
    import datetime

    with pytest.raises(ValueError, match="next_call"):
        eig.Rulebook.builtin("eig-8")
    eig8 = eig.Rulebook.builtin("eig-7").next_call(
        "eig-8", opens=datetime.date(2027, 1, 4), closes=datetime.datetime(2027, 3, 31, 17, 0)
    )
    assert eig8.promotion == "eig-8" and eig8.label == "EIG 8"
    assert eig8.call_for_projects == {
        "opens": "2027-01-04T00:00:00",
        "closes": "2027-03-31T17:00:00",
        "time_zone": "Europe/Paris",
    }
    assert eig8.allowed_expertises == eig.Rulebook.builtin("eig-7").allowed_expertises
    # The past call's sprints, cap and published figures stay with it.
    assert "sprints" not in eig8.to_dict() and "hiring_cap" not in eig8.to_dict()
    assert eig.Rulebook.builtin("eig-4").funnel[0]["considered"] == 31
    assert eig.Rulebook.builtin("eig-4").next_call("eig-8").funnel[0]["considered"] is None
    again = eig.Rulebook.from_json(eig8.to_json())
    assert again.to_dict() == eig8.to_dict()
    with pytest.raises(ValueError, match="31/03/2027"):
        eig.Rulebook.builtin("eig-7").next_call("eig-8", closes="31/03/2027")
    with pytest.raises(ValueError, match="tzinfo"):
        eig.Rulebook.builtin("eig-7").next_call(
            "eig-8", closes=datetime.datetime(2027, 3, 31, tzinfo=datetime.timezone.utc)
        )
    with pytest.raises(eig.ValidationError):
        eig.Rulebook.builtin("eig-7").next_call("eig-8", opens="2027-03-01", closes="2027-01-01")


def test_a_violation_says_how_to_fix_it_in_its_own_field() -> None:
    doc = json.loads((EXAMPLES / "eig-5-valid-flood-alerts.json").read_text(encoding="utf-8"))
    doc["themes"][0] = "santé"
    doc["hosts"][0]["siret"] = "110 002 011 00044"
    report = eig.validate(doc)
    by_path = {v.path: v for v in report.violations}
    assert by_path["/themes/0"].hint == "écrivez « sante » (Santé)"
    assert by_path["/themes/0"].hint_en == 'write "sante" (Health)'
    assert by_path["/hosts/0/siret"].hint_fr == "retirez les espaces : écrivez « 11000201100044 »"
    # The message says what is wrong, never with a regular expression; the hint is apart.
    assert "^" not in by_path["/hosts/0/siret"].message
    records = report.to_records()
    assert {"hint_fr", "hint_en"} <= set(records[0])
    # A custom rule gives its own hint, by keyword or in a dict.
    v = eig.Violation("budget_missing", "/budget", "le budget manque", hint_fr="ajoutez « budget »")
    assert (v.hint_fr, v.hint_en) == ("ajoutez « budget »", "ajoutez « budget »")
    assert eig.Violation("x", "", "y").hint is None


def test_violations_give_the_values_of_their_messages_in_params():
    report = eig.validate({"promotion": "eig-4", "duration_months": 30, "seats": [
        {"expertise": "developpement", "count": 2}, {"expertise": "astrologie", "count": 1}]})
    by_code = {v.code: v for v in report.violations}
    assert by_code["duration_out_of_range"].params == {"found": 30, "min": 10, "max": 10, "rulebook": "EIG 4"}
    allowed = by_code["expertise_not_allowed"].params["allowed"]
    assert "developpement" in allowed and "astrologie" not in allowed
    assert by_code["missing_field"].params == {"field": by_code["missing_field"].path.lstrip("/")}
    assert by_code["duration_out_of_range"].to_dict()["params"]["max"] == 10
    # A host's rule gives its own, as a keyword or a dict key.
    v = eig.Violation("budget_too_high", "/budget", "budget trop élevé", params={"max": 50000, "found": [1, 2]})
    assert v.params == {"max": 50000, "found": [1, 2]}
    with pytest.raises(TypeError):
        eig.Violation("c", "", "m", params={"x": object()})
    rb = eig.Rulebook.builtin("eig-5")
    rb.add_rule("long_title", lambda s: [{"code": "title_long", "message": "long", "params": {"max": 80}}])
    report = eig.validate(EXAMPLES / "eig-5-valid-flood-alerts.json", rulebook=rb)
    assert [v.params for v in report.violations if v.rule == "long_title"] == [{"max": 80}]


def test_fixes_are_json_patches_and_fix_applies_the_safe_ones():
    text = (
        '{\n  // the promotion\n  "promotion": "EIG 5",\n  "titre": "Alertes crues",\n'
        '  "duration_months": "10",\n  "submitted_at": "07/04/2021"\n}\n'
    )
    report = eig.validate(text)
    by_path = {v.path: v for v in report.violations}
    assert by_path["/titre"].fixes == [
        {"applicability": "safe", "patch": [{"op": "move", "from": "/titre", "path": "/title"}]}
    ]
    date = by_path["/submitted_at"].fixes[0]
    assert date["applicability"] == "placeholder"
    assert "17:00" in date["reason_en"] and "exemple" in date["reason_fr"]
    assert by_path["/titre"].to_dict()["fixes"] == by_path["/titre"].fixes

    fixed = eig.fix(text)
    assert fixed.layout_kept
    assert fixed.text == text.replace('"EIG 5"', '"eig-5"').replace('"titre"', '"title"').replace('"10"', "10")
    assert sorted(v.path for v in fixed.applied) == ["/duration_months", "/promotion", "/titre"]
    left = {(v.code, v.path) for v in fixed.after.violations if v.severity == "error"}
    assert ("invalid_format", "/submitted_at") in left
    assert not {p for _, p in left} & {"/titre", "/promotion", "/duration_months"}
    assert fixed.to_text("defi.json").startswith("defi.json: 3 corrections sûres appliquées\n")
    assert "3 fix(es) applied" in repr(fixed)
    # Nothing safe: no text, the reports the same.
    untouched = eig.fix('{"promotion": "eig-5", "submitted_at": "07/04/2021"}')
    assert untouched.text is None and not untouched.applied
    assert untouched.to_text(lang="en").startswith("no safe fix, nothing is written\n")
    # A dict is fixed as indented JSON; a path as its text.
    assert eig.fix({"promotion": "eig-5", "duration_months": "10"}).text == (
        '{\n  "promotion": "eig-5",\n  "duration_months": 10\n}'
    )
    with pytest.raises(ValueError):
        eig.fix("{}", kind="nothing")
