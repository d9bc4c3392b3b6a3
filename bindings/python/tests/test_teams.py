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


def test_rematch_after_a_withdrawal_in_the_generated_promotion(
    promo: dict, rulebook: eig.Rulebook
) -> None:
    first = eig.form_teams(promo["teams"], policy="stable", rulebook=rulebook)
    placed = [r for r in first.to_records() if r["challenge"] is not None]
    gone = placed[0]["candidate"]
    doc = copy.deepcopy(promo["teams"])
    doc["previous"] = [{"candidate": r["candidate"], "challenge": r["challenge"]} for r in placed]
    doc["withdrawn"] = [gone]
    for policy in ("stable", "optimal"):
        again = eig.form_teams(doc, policy=policy, rulebook=rulebook)
        # Only a withdrawal: everyone else can stay, so nobody moves.
        assert again.moved == 0
        assert {
            "id": gone, "kind": "candidate", "from": [placed[0]["challenge"]], "to": [],
            "reason": "withdrew",
        } in again.changes
        assert all(c["reason"] in ("withdrew", "added") for c in again.changes)
        assert gone not in {r["candidate"] for r in again.to_records()}
        assert "(retrait)" in again.to_text()


def _brute_force(doc: dict) -> tuple[int, float]:
    """The fewest candidates moved, then the best welfare, by enumeration."""
    import itertools

    seats = {(c["id"], s["expertise"]): s["count"] for c in doc["challenges"] for s in c["seats"]}
    score = {(s["candidate"], s["challenge"]): s["score"] for s in doc["scores"]}
    before = {p["candidate"]: p["challenge"] for p in doc.get("previous", [])}
    present = [c for c in doc["candidates"] if c["id"] not in doc.get("withdrawn", [])]
    options = [[None] + list(c["preferences"]) for c in present]
    w = doc["welfare"]
    best = None
    for choice in itertools.product(*options):
        used: dict = {}
        for c, d in zip(present, choice):
            if d is not None:
                key = (d, c["expertise"])
                used[key] = used.get(key, 0) + 1
        if any(n > seats.get(k, 0) for k, n in used.items()):
            continue
        moved = sum(1 for c, d in zip(present, choice) if c["id"] in before and before[c["id"]] != d)
        value = sum(
            w["score_weight"] * score[(c["id"], d)]
            + w["rank_weight"] * (len(c["preferences"]) - c["preferences"].index(d))
            for c, d in zip(present, choice)
            if d is not None
        )
        if best is None or moved < best[0] or (moved == best[0] and value > best[1] + 1e-9):
            best = (moved, value)
    return best


def test_rematch_moves_as_few_as_a_brute_force_says() -> None:
    import random

    rb = eig.Rulebook.builtin("eig-4")
    expertises = ["developpement", "design"]
    for seed in range(40):
        rng = random.Random(seed)
        # EIG 4 teams have 2 or 3 fellows at most: two groups of one, or one group of two.
        challenges = []
        for d in range(rng.randint(2, 3)):
            groups = rng.sample(expertises, rng.randint(1, 2))
            count = 2 if len(groups) == 1 else 1
            challenges.append({"id": f"d{d}", "seats": [{"expertise": e, "count": count}
                                                         for e in groups]})
        ids = [c["id"] for c in challenges]
        candidates, scores = [], []
        for k in range(rng.randint(3, 5)):
            prefs = rng.sample(ids, rng.randint(1, len(ids)))
            candidates.append({"id": f"c{k}", "expertise": rng.choice(expertises), "preferences": prefs})
            scores += [{"candidate": f"c{k}", "challenge": d, "score": rng.randint(0, 9)} for d in prefs]
        doc = {"promotion": "eig-4", "challenges": challenges, "candidates": candidates,
               "scores": scores, "welfare": {"score_weight": 1.0, "rank_weight": 0.5}}
        first = eig.form_teams(doc, policy="optimal", rulebook=rb)
        placed = [r for r in first.to_records() if r["challenge"] is not None]
        if not placed:
            continue
        doc["previous"] = [{"candidate": r["candidate"], "challenge": r["challenge"]} for r in placed]
        doc["withdrawn"] = [rng.choice(placed)["candidate"]]
        # A défi loses a seat, which may force a move.
        lost = rng.choice(challenges)
        if len(lost["seats"]) == 2:
            lost["seats"].pop(rng.randint(0, 1))
        else:
            lost["seats"][0]["count"] = 1
        fewest, best = _brute_force(doc)
        for policy in ("stable", "optimal"):
            again = eig.form_teams(doc, policy=policy, rulebook=rb)
            assert again.moved == fewest, (seed, policy, again.changes)
            if policy == "optimal":
                assert again.summary["welfare"] == pytest.approx(best), seed
