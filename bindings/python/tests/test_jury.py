"""Juries from Python: the EIG 4 plan against an independent checker and OR-Tools CP-SAT's
optimum, infeasibility with a relaxation, and Krippendorff's alpha against the
``krippendorff`` package."""

from __future__ import annotations

import copy
import json
import math
import random
import sys
from pathlib import Path

import numpy as np
import pytest

import eig

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import cpsat_jury  # noqa: E402  (the same programme written for CP-SAT)


def independent_check(doc: dict, plan: eig.JuryPlan) -> None:
    """The hard rules, checked from the input document alone."""
    rules = doc["panel_rules"]
    jurors = {j["id"]: j for j in doc["jurors"]}
    items = {i["id"]: i for i in doc["items"]}
    heard = []
    sittings: dict[str, list] = {}
    for p in plan.panels:
        assert rules["items"]["min"] <= len(p["items"]) <= rules["items"]["max"]
        assert rules["size"]["min"] <= len(p["jurors"]) <= rules["size"]["max"]
        assert p["referent"] in p["jurors"] and jurors[p["referent"]]["can_be_referent"]
        orgs = [jurors[j]["organisation"] for j in p["jurors"]]
        assert max(orgs.count(o) for o in orgs) <= rules.get("max_per_organisation", 99)
        for i in p["items"]:
            heard.append(i)
            for q in items[i]["profiles"]:
                assert any(q in jurors[j]["profiles"] for j in p["jurors"]), (i, q)
            for j in p["jurors"]:
                assert jurors[j]["organisation"] not in items[i]["hosts"], (j, i)
                assert i not in jurors[j].get("conflicts", {}).get("items", []), (j, i)
        for j in p["jurors"]:
            if jurors[j].get("slots") is not None:
                assert p["slot"] in jurors[j]["slots"]
            sittings.setdefault(j, []).append((p["day"], p["half_day"]))
    assert sorted(heard) == sorted(items)
    for j, times in sittings.items():
        assert len(times) == len(set(times)) <= jurors[j].get("load", {}).get("max", 1)


@pytest.mark.parametrize("seed", [2020, 3])
def test_the_eig_4_plan_keeps_every_rule_and_equals_cp_sat_s_optimum(seed: int) -> None:
    doc = eig.generate_jury_plan(seed=seed)
    assert (len(doc["jurors"]), len(doc["items"]), len(doc["slots"])) == (50, 21, 8)
    plan = eig.plan_jury(doc)
    assert plan.check() == []
    assert plan.optimal, plan.proof
    independent_check(doc, plan)
    peer = cpsat_jury.solve(doc, time_limit=60, workers=8)
    assert peer["status"] == "optimal", peer
    assert math.isclose(plan.objective["total"], peer["objective"], abs_tol=1e-6)
    frame = plan.timetable.to_pandas()
    assert len(frame) == 21
    assert {"panel", "slot", "room", "start", "item", "referent", "jurors"} <= set(frame.columns)
    assert set(plan.seats.to_pandas()["juror"]) == {j["id"] for j in doc["jurors"]}
    assert "optimum prouvé" in plan.to_text()
    assert "proven optimal" in plan.to_text(lang="en")


def test_explanations_name_the_organisation_that_hosts_the_item() -> None:
    doc = eig.generate_jury_plan()
    doc["jurors"][0]["organisation"] = doc["items"][0]["hosts"][0]
    plan = eig.plan_jury(doc)
    text = plan.explain(doc["jurors"][0]["id"])
    assert f"pas sur {doc['items'][0]['id']} : sa structure" in text
    assert "is heard by groupe-" in plan.explain(doc["items"][0]["id"], lang="en")
    with pytest.raises(ValueError, match="neither a juror nor an item"):
        plan.explain("personne")


SAME_MINISTRY = (
    "!has(juror.organisation) || !item.hosts.exists(h, "
    "h.substring(h.size() - 2) == juror.organisation.substring(juror.organisation.size() - 2))"
)


def ministry_rulebook() -> eig.Rulebook:
    rb = eig.Rulebook.builtin("eig-4").to_dict()
    rb["rules"] = [
        {
            "id": "meme_ministere",
            "on": "juror-item",
            "rule": SAME_MINISTRY,
            "message_fr": "{juror} relève du même ministère que {item}",
            "message_en": "{juror} belongs to the same ministry as {item}",
        }
    ]
    return eig.Rulebook.from_json(rb)


def test_a_rulebook_rule_refuses_pairs_and_cp_sat_told_them_finds_the_same_optimum() -> None:
    doc = eig.generate_jury_plan(seed=2020)
    plan = eig.plan_jury(doc, rulebook=ministry_rulebook())
    assert plan.check() == [] and plan.optimal
    # The pairs the rule refuses, found here, written as declared conflicts for the peer.
    told = copy.deepcopy(doc)
    refused = 0
    for j in told["jurors"]:
        org = j.get("organisation")
        for i in told["items"]:
            if org and any(h[-2:] == org[-2:] for h in i["hosts"]):
                j.setdefault("conflicts", {}).setdefault("items", []).append(i["id"])
                refused += 1
    assert refused > 20
    independent_check(told, plan)
    peer = cpsat_jury.solve(told, time_limit=60, workers=8)
    assert peer["status"] == "optimal", peer
    assert math.isclose(plan.objective["total"], peer["objective"], abs_tol=1e-6)
    # Without the rule, the planner may seat a refused pair; the rule's message explains.
    one = next(
        (j["id"], i["id"])
        for j in told["jurors"]
        for i in told["items"]
        if i["id"] in j.get("conflicts", {}).get("items", [])
        and i["id"] not in next(d for d in doc["jurors"] if d["id"] == j["id"])
        .get("conflicts", {})
        .get("items", [])
    )
    assert f"{one[0]} belongs to the same ministry as {one[1]}" in plan.explain(one[1], lang="en")


def test_a_pin_a_rulebook_rule_refuses_raises_with_its_path() -> None:
    doc = eig.generate_jury_plan(seed=2020)
    j = next(j for j in doc["jurors"] if j["organisation"].startswith("Structure"))
    i = next(i for i in doc["items"] if i["hosts"][0][-2:] == j["organisation"][-2:])
    doc["forced"] = [{"juror": j["id"], "item": i["id"]}]
    with pytest.raises(eig.ValidationError) as caught:
        eig.plan_jury(doc, rulebook=ministry_rulebook())
    (v,) = caught.value.violations
    assert (v.code, v.path, v.params["reason"]) == ("pin_conflicted", "/forced/0", "rule")
    assert eig.plan_jury(doc).check() == []
    with pytest.raises(ValueError, match="written in CEL"):
        eig.Rulebook.builtin("eig-4").add_rule("r", lambda d: [], on="juror-item")


def test_a_time_limit_out_of_range_names_the_range() -> None:
    doc = eig.generate_jury_plan()
    for bad in (0, -1.0, float("nan"), 3601):
        with pytest.raises(ValueError, match="more than 0 and at most 3600"):
            eig.plan_jury(doc, time_limit=bad)


def test_too_few_referents_raises_with_a_relaxation_that_plans() -> None:
    doc = eig.generate_jury_plan()
    kept = 0
    for j in doc["jurors"]:
        if j["can_be_referent"] and kept < 6:
            kept += 1
        else:
            j["can_be_referent"] = False
    with pytest.raises(eig.ValidationError) as caught:
        eig.plan_jury(doc)
    (v,) = caught.value.violations
    assert v.code == "plan_infeasible" and v.params["binding"] == "referents"
    assert "ou laissez un groupe entendre 4 défis" in v.message_fr
    wider = copy.deepcopy(doc)
    wider["panel_rules"]["items"]["max"] = 4
    assert eig.plan_jury(wider).check() == []


def test_after_a_withdrawal_the_plan_moves_few_and_lists_who_moved() -> None:
    doc = eig.generate_jury_plan()
    first = eig.plan_jury(doc)
    gone = first.panels[0]["jurors"][0]
    doc["previous"] = {
        "panels": [{"slot": p["slot"], "jurors": p["jurors"], "items": p["items"]} for p in first.panels]
    }
    doc["withdrawn"] = [gone]
    again = eig.plan_jury(doc)
    assert again.optimal and again.check() == []
    changes = {c["id"]: c for c in again.changes}
    assert changes[gone]["reason"] == "withdrew" and changes[gone]["to"] == []
    assert again.objective["moved"] == sum(c["reason"] == "moved" for c in again.changes) <= 2
    assert f"{gone} : {first.panels[0]['slot']} → — (retrait)" in again.to_text()


def test_bad_input_is_named_with_its_path() -> None:
    doc = eig.generate_jury_plan()
    doc["panel_rules"]["size"] = {"min": 9, "max": 5}
    doc["items"][2]["profiles"] = ["desing"]
    with pytest.raises(eig.ValidationError) as caught:
        eig.plan_jury(doc)
    found = {(v.code, v.path) for v in caught.value.violations}
    assert ("range_inverted", "/panel_rules/size/min") in found
    assert ("profile_unknown", "/items/2/profiles/0") in found
    with pytest.raises(ValueError, match="time_limit"):
        eig.plan_jury(doc, time_limit=float("nan"))


# Krippendorff's alpha against the package (``krippendorff``), on the examples of its own
# documentation (Krippendorff's published data) and on generated data.
krippendorff = pytest.importorskip("krippendorff")

NAN = np.nan
PUBLISHED = [
    [NAN, NAN, NAN, NAN, NAN, 3, 4, 1, 2, 1, 1, 3, 3, NAN, 3],
    [1, NAN, 2, 1, 3, 3, 4, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
    [NAN, NAN, 2, 1, 3, 4, 4, NAN, 2, 1, 1, 3, 3, NAN, 4],
]
WITH_GAPS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]
LEVELS = ["nominal", "ordinal", "interval", "ratio"]


@pytest.mark.parametrize("data", [PUBLISHED, WITH_GAPS])
@pytest.mark.parametrize("level", LEVELS)
def test_alpha_equals_the_package_on_its_documented_data(data, level) -> None:
    ours = eig.krippendorff_alpha(data, level_of_measurement=level)
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    assert abs(ours - theirs) < 1e-9, (level, ours, theirs)
    as_array = eig.krippendorff_alpha(np.array(data, dtype=float), level_of_measurement=level)
    assert as_array == ours


def test_alpha_keeps_the_documented_published_values() -> None:
    assert round(eig.krippendorff_alpha(PUBLISHED, "nominal"), 6) == 0.691358
    assert round(eig.krippendorff_alpha(PUBLISHED, "interval"), 6) == 0.810845
    assert round(eig.krippendorff_alpha(WITH_GAPS, "ordinal"), 3) == 0.815
    assert round(eig.krippendorff_alpha(WITH_GAPS, "ratio"), 3) == 0.797
    domain = [1, 2, 3, 4, 5]
    assert round(eig.krippendorff_alpha(WITH_GAPS, "ordinal", value_domain=domain), 3) == 0.815


@pytest.mark.parametrize("seed", range(12))
def test_alpha_equals_the_package_on_generated_sheets(seed: int) -> None:
    rng = random.Random(seed)
    raters, units = rng.randint(2, 9), rng.randint(3, 40)
    scale = [0.5 * k for k in range(21)] if seed % 2 else list(range(1, 6))
    truth = [rng.choice(scale) for _ in range(units)]
    data = [
        [
            NAN if rng.random() < 0.4 else min(scale, key=lambda s: abs(s - (t + rng.gauss(0, 1))))
            for t in truth
        ]
        for _ in range(raters)
    ]
    for level in LEVELS:
        try:
            theirs = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        except ValueError:
            with pytest.raises(ValueError):
                eig.krippendorff_alpha(data, level)
            continue
        ours = eig.krippendorff_alpha(data, level)
        assert (math.isnan(ours) and math.isnan(theirs)) or abs(ours - theirs) < 1e-9, (
            level,
            ours,
            theirs,
        )


def test_agreement_from_score_sheets_equals_the_package_per_criterion() -> None:
    promo = eig.generate(seed=5, candidates=80)
    sheets = promo["candidate_scores"]
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="the spread is a number of points, 0 or more"):
            eig.agreement(sheets, spread=bad)
    result = eig.agreement(sheets, level_of_measurement="interval", spread=4.0)
    jurors = sorted({s["juror"] for s in sheets["scores"]})
    items = sorted({s["item"] for s in sheets["scores"]})
    for criterion, alpha in result["by_criterion"]:
        data = [[NAN] * len(items) for _ in jurors]
        for s in sheets["scores"]:
            if s["criterion"] == criterion:
                data[jurors.index(s["juror"])][items.index(s["item"])] = s["score"]
        assert abs(alpha - krippendorff.alpha(reliability_data=data)) < 1e-9
    for r in result["second_reading"]:
        assert r["highest"] - r["lowest"] > 4.0


def test_alpha_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ValueError, match="level of measurement"):
        eig.krippendorff_alpha(PUBLISHED, "cardinal")
    with pytest.raises(ValueError, match="more than one value"):
        eig.krippendorff_alpha([[1, 1], [1, 1]])
    with pytest.raises(ValueError, match="at least two raters"):
        eig.krippendorff_alpha([[1, NAN], [NAN, 2]])
    with pytest.raises(ValueError, match="numbers"):
        eig.krippendorff_alpha([["a", "b"], ["a", "c"]])


def test_agreement_per_panel_equals_the_package_on_each_panel() -> None:
    """The panels of a hand-written stage (two groups of three jurors, three défis each, and
    their shared sheets): alpha per panel and criterion equals the package's on the panel's own
    scores, at the interval and the ordinal level."""
    path = Path(__file__).resolve().parents[3] / "examples" / "jury" / "sheets.json"
    sheets = json.loads(path.read_text(encoding="utf-8"))
    for level in ("interval", "ordinal"):
        result = eig.agreement(sheets, level_of_measurement=level, spread=3.0)
        assert [p["panel"] for p in result["by_panel"]] == ["groupe-a", "groupe-b"]
        for panel in result["by_panel"]:
            jurors, items = panel["jurors"], panel["items"]
            for criterion, alpha in panel["by_criterion"]:
                data = [[NAN] * len(items) for _ in jurors]
                for s in sheets["scores"]:
                    if s["criterion"] == criterion and s["juror"] in jurors and s["item"] in items:
                        data[jurors.index(s["juror"])][items.index(s["item"])] = s["score"]
                theirs = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
                assert abs(alpha - theirs) < 1e-9, (level, panel["panel"], criterion)
        # The panel that disagreed on defi-03 is the one that agrees least.
        low = {p["panel"]: min(a for _, a in p["by_criterion"]) for p in result["by_panel"]}
        assert low["groupe-a"] < low["groupe-b"]
    assert {(r["item"], r["criterion"]) for r in result["second_reading"]} == {
        ("defi-03", "impact"),
        ("defi-03", "faisabilite"),
    }
    assert result["consensus_outside"] == [
        {"item": "defi-06", "criterion": "impact", "consensus": 9.5, "lowest": 8.5, "highest": 9.0}
    ]
