"""Declared rules (CEL in a rulebook): the same verdict as the CLI and Rust, for any kind."""

import json

import pytest

import eig
from conftest import CORPUS, REPO

EXAMPLES = REPO / "examples" / "rules" / "rulebook.json"


def rulebook_with(*rules):
    rb = json.loads(eig.Rulebook.builtin("eig-5").to_json())
    rb["rules"] = list(rules)
    return rb


def test_the_worked_examples_load():
    rb = eig.Rulebook.from_json(EXAMPLES)
    report = eig.validate(REPO / "examples" / "submissions" / "eig-7-valid-product-director.json", rulebook=rb)
    assert report.valid
    assert [(v.code, v.path, v.severity) for v in report.violations] == [
        ("equipe_pluridisciplinaire", "/seats", "warning")
    ]


def test_a_rule_that_does_not_compile_is_refused_with_its_path():
    rb = rulebook_with(
        {"id": "fiche", "on": "challenge-submission", "rule": "self.product_page.startswith('https://')",
         "message_fr": "x", "message_en": "x"},
    )
    with pytest.raises(eig.ValidationError) as e:
        eig.Rulebook.from_json(rb)
    (v,) = e.value.violations
    assert (v.code, v.path, v.rule) == ("rule_invalid", "/rules/0/rule", "fiche")
    assert "« startsWith »" in v.message_fr


def test_rules_check_other_kinds_too():
    jury = json.loads((CORPUS / "114-declared-rules-jury" / "input.json").read_text("utf-8"))
    rb = eig.Rulebook.from_json(
        rulebook_with(
            {"id": "jury_de_quatre", "on": "jury", "rule": "self.jurors.size() >= 4", "path": "/jurors",
             "message_fr": "Il faut quatre jurés.", "message_en": "Four jurors are needed."},
        )
    )
    report = eig.validate(jury, kind="jury", rulebook=rb)
    assert not report.valid
    assert [(v.code, v.path, v.message_en) for v in report.violations] == [
        ("jury_de_quatre", "/jurors", "Four jurors are needed.")
    ]
    # Without the rulebook the jury is valid: the rule comes from the rulebook alone.
    assert eig.validate(jury, kind="jury").valid


def test_every_error_in_one_run():
    data = (CORPUS / "107-all-errors-in-one-run" / "input.json").read_bytes()
    report = eig.validate(data)
    assert [v.code for v in report.violations] == [
        "pattern_mismatch",
        "team_size_out_of_range",
        "submitted_after_deadline",
        "mentors_too_few",
    ]


def test_a_python_rule_is_listed_as_skipped_where_the_document_is_broken(valid_doc):
    rb = eig.Rulebook.builtin("eig-5")
    rb.add_rule("always", lambda d: [])
    valid_doc["duration_months"] = "dix"
    report = eig.validate(valid_doc, rulebook=rb)
    skipped = [(v.rule, v.path) for v in report.violations if v.code == "rule_skipped"]
    assert ("always", "/duration_months") in skipped


def test_a_python_rule_checks_another_kind_of_document():
    jury = json.loads((CORPUS / "114-declared-rules-jury" / "input.json").read_text("utf-8"))
    rb = eig.Rulebook.builtin("eig-5")
    seen = []

    def five_jurors(doc):
        seen.append(sorted(doc))
        if len(doc["jurors"]) < 5:
            return [{"code": "jury_too_small", "path": "/jurors", "message_fr": "Moins de cinq jurés.",
                     "message_en": "Fewer than five jurors."}]
        return []

    rb.add_rule("five_jurors", five_jurors, on="jury")
    assert "five_jurors" in rb.custom_rules
    report = eig.validate(jury, kind="jury", rulebook=rb)
    assert [(v.code, v.rule, v.path) for v in report.violations] == [("jury_too_small", "five_jurors", "/jurors")]
    assert seen == [["id", "jurors", "promotion"]]
    # A submission does not run it, and a broken jury lists it as skipped.
    del jury["jurors"][0]["name"]
    report = eig.validate(jury, kind="jury", rulebook=rb)
    assert ("rule_skipped", "five_jurors") in [(v.code, v.rule) for v in report.violations]
    # An exception is rule_failed.
    rb.add_rule("broken", lambda d: 1 / 0, on="jury")
    jury = json.loads((CORPUS / "114-declared-rules-jury" / "input.json").read_text("utf-8"))
    report = eig.validate(jury, kind="jury", rulebook=rb)
    failed = [v for v in report.violations if v.code == "rule_failed"]
    assert [v.rule for v in failed] == ["broken"] and "ZeroDivisionError" in failed[0].message_en
    with pytest.raises(ValueError, match="unknown document kind"):
        rb.add_rule("x", lambda d: None, on="juries")


def test_validate_many_takes_any_kind_with_the_same_rules_as_validate():
    jury = json.loads((CORPUS / "114-declared-rules-jury" / "input.json").read_text("utf-8"))
    rb = eig.Rulebook.builtin("eig-5")
    rb.add_rule("five_jurors", lambda d: [{"code": "jury_too_small", "path": "/jurors", "message_fr": "Moins de cinq.",
                                           "message_en": "Fewer than five."}] if len(d["jurors"]) < 5 else None,
                on="jury")
    broken = dict(jury, jurors="none")
    docs = [jury, broken] * 40  # past the threshold where the work is shared between threads
    many = eig.validate_many(docs, rulebook=rb, kind="jury")
    one = [eig.validate(d, rulebook=rb, kind="jury") for d in docs]
    assert [r.to_records() for r in many] == [r.to_records() for r in one]
    assert [v.code for v in many[0].violations] == ["jury_too_small"]
    assert "rule_skipped" in [v.code for v in many[1].violations]
    with pytest.raises(ValueError, match="unknown document kind"):
        eig.validate_many(docs, kind="juries")


def test_scoring_and_team_formation_run_the_declared_rules():
    promo = eig.generate(seed=5, candidates=60)
    rb = json.loads(json.dumps(promo["rulebook"]))
    rb["rules"] = [
        {"id": "jury_de_cent", "on": "jury", "rule": "self.jurors.size() >= 100",
         "message_fr": "non", "message_en": "no"},
    ]
    with pytest.raises(eig.ValidationError) as e:
        eig.score(promo["candidate_grid"], promo["jury"], promo["candidate_scores"],
                  rulebook=eig.Rulebook.from_json(rb))
    assert [v.rule for v in e.value.violations] == ["jury_de_cent"]
    rb["rules"][0]["severity"] = "warning"
    ranking = eig.score(promo["candidate_grid"], promo["jury"], promo["candidate_scores"],
                        rulebook=eig.Rulebook.from_json(rb))
    assert [v.rule for v in ranking.violations if v.rule == "jury_de_cent"] == ["jury_de_cent"]

    teams = json.loads((REPO / "examples" / "teams" / "teams.json").read_text())
    rb4 = json.loads(eig.Rulebook.builtin(teams["promotion"]).to_json())
    rb4["rules"] = [
        {"id": "mille", "on": "team-formation", "rule": "self.candidates.size() >= 1000",
         "message_fr": "non", "message_en": "no"},
    ]
    with pytest.raises(eig.ValidationError) as e:
        eig.form_teams(teams, rulebook=eig.Rulebook.from_json(rb4))
    assert [v.rule for v in e.value.violations] == ["mille"]
