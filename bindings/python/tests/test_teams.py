"""Team formation and mentor matching from Python."""

import copy

import pytest

import eig


@pytest.fixture(scope="module")
def promo() -> dict:
    return eig.generate(seed=11, candidates=300)


@pytest.fixture(scope="module")
def rulebook(promo: dict) -> eig.Rulebook:
    return eig.Rulebook.from_json(promo["rulebook"])


def test_stable_teams_have_no_blocking_pair_and_explain_every_placement(
    promo: dict, rulebook: eig.Rulebook
) -> None:
    teams = eig.form_teams(promo["teams"], policy="stable", rulebook=rulebook)
    assert teams.policy == "stable"
    assert teams.blocking_pairs == []
    assert teams.summary["blocking_pairs"] == 0
    records = teams.to_records()
    assert len(records) == len(promo["teams"]["candidates"]) == len(teams)
    assert set(records[0]) >= {"candidate", "challenge", "rank", "score", "cutoff", "reason_code"}
    for r in records:
        if r["challenge"] is not None:
            assert r["cutoff"] <= r["score"]
        text = teams.explain(r["candidate"], lang="en")
        assert r["candidate"] in text
        detail = teams.explanation(r["candidate"])
        for choice in detail["choices"]:
            if choice["outcome"]["code"] == "full":
                # Never told a seat was full at a cut-off they beat.
                assert choice["score"] <= choice["outcome"]["cutoff"]
    assert "<li>" in teams.explain_html(records[0]["candidate"]) or "<p>" in teams.explain_html(
        records[0]["candidate"]
    )
    assert "<table>" in teams._repr_html_()
    seats = teams.teams.to_records()
    assert {"challenge", "expertise", "members", "unfilled", "shortfall"} <= set(seats[0])


def test_the_policies_compare_as_a_table(promo: dict, rulebook: eig.Rulebook) -> None:
    table = eig.compare_policies(promo["teams"], rulebook=rulebook)
    rows = {r["policy"]: r for r in table.to_records()}
    assert set(rows) == {"stable", "optimal"}
    assert rows["stable"]["blocking_pairs"] == 0
    assert rows["optimal"]["welfare"] >= rows["stable"]["welfare"] - 1e-9
    optimal = eig.form_teams(promo["teams"], policy="optimal", rulebook=rulebook)
    assert optimal.summary["welfare"] == pytest.approx(rows["optimal"]["welfare"])
    assert len(optimal.blocking_pairs) == rows["optimal"]["blocking_pairs"]


def test_mentors_with_the_documented_and_a_custom_affinity(promo: dict) -> None:
    mentors = eig.match_mentors(promo["mentors"])
    pairs = mentors.to_records()
    teams = {t["id"] for t in promo["mentors"]["teams"]}
    referents = [p for p in pairs if p["kind"] == "referent"]
    assert {p["team"] for p in referents} == teams
    for p in pairs:
        assert p["load"] <= p["max_teams"]
        assert p["affinity"] == pytest.approx(p["expertise"] + p["theme"] + p["place"])
    # The first référent came from the first team's host: a conflict, never paired with it.
    first = promo["mentors"]["teams"][0]["id"]
    assert not any(p["team"] == first and p["follower"] == "referent-01" for p in pairs)
    assert "referent-01" in mentors.explain(first, lang="en")

    def prefer_referent_02(team: dict, follower: dict) -> float:
        return 5.0 if follower["id"] == "referent-02" else 0.0

    custom = eig.match_mentors(promo["mentors"], affinity=prefer_referent_02)
    mine = [p for p in custom.to_records() if p["follower"] == "referent-02"]
    assert len(mine) == 3  # its maximum load
    assert all(p["custom"] == 5.0 for p in mine)

    def broken(team: dict, follower: dict) -> float:
        raise RuntimeError("no affinity today")

    with pytest.raises(eig.ValidationError) as e:
        eig.match_mentors(promo["mentors"], affinity=broken)
    assert e.value.violations[0].code == "affinity_failed"
    assert "no affinity today" in e.value.violations[0].message_en


def test_bad_input_names_what_and_where(promo: dict, rulebook: eig.Rulebook) -> None:
    doc = copy.deepcopy(promo["teams"])
    doc["candidates"][0]["preferences"].append("defi-99")
    doc["candidates"].append(copy.deepcopy(doc["candidates"][1]))
    with pytest.raises(eig.ValidationError) as e:
        eig.form_teams(doc, rulebook=rulebook)
    got = {(v.code, v.path) for v in e.value.violations}
    assert ("duplicate_id", f"/candidates/{len(doc['candidates']) - 1}/id") in got
    assert any(c == "unknown_reference" and p.startswith("/candidates/0/preferences/") for c, p in got)
    with pytest.raises(ValueError, match="policy"):
        eig.form_teams(promo["teams"], policy="random", rulebook=rulebook)
    doc = copy.deepcopy(promo["mentors"])
    for f in doc["followers"]:
        f["max_teams"] = 1
    with pytest.raises(eig.ValidationError) as e:
        eig.match_mentors(doc)
    assert e.value.violations[0].code == "matching_infeasible"
    doc["followers"][0]["max_teams"] = 0
    with pytest.raises(eig.ValidationError) as e:
        eig.match_mentors(doc)
    assert [v.code for v in e.value.violations] == ["capacity_zero"]


def _juriste_case() -> tuple[dict, eig.Rulebook]:
    """The example input with one seat and one candidate changed to an expertise that EIG 4
    does not recruit, and an EIG 4 rulebook that allows it."""
    import json
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[3]
    doc = json.loads((root / "examples" / "teams" / "teams.json").read_text(encoding="utf-8"))
    doc["challenges"][0]["seats"][0]["expertise"] = "juriste"
    doc["candidates"][0]["expertise"] = "juriste"
    rb = eig.Rulebook.builtin("eig-4").to_dict()
    rb["allowed_expertises"].append("juriste")
    return doc, eig.Rulebook.from_json(rb)


def test_the_rulebook_given_is_the_one_every_check_uses() -> None:
    doc, allows_juriste = _juriste_case()
    # The built-in EIG 4 rulebook refuses the expertise, at both places.
    with pytest.raises(eig.ValidationError) as e:
        eig.form_teams(doc)
    assert [(v.code, v.path) for v in e.value.violations] == [
        ("expertise_not_allowed", "/challenges/0/seats/0/expertise"),
        ("expertise_not_allowed", "/candidates/0/expertise"),
    ]
    # The rulebook given allows it: the checks and the solver both use it.
    teams = eig.form_teams(doc, rulebook=allows_juriste)
    placed = {r["candidate"]: r for r in teams.to_records()}
    first = doc["candidates"][0]["id"]
    assert placed[first]["challenge"] == doc["challenges"][0]["id"]
    table = eig.compare_policies(doc, rulebook=allows_juriste)
    assert len(table.to_records()) == 2
