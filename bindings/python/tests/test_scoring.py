"""Jury scoring from Python: the scoring corpus, the generator, calibration and aggregation."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

import eig

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "conformance" / "scoring"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())


def run(directory: Path):
    case = json.loads((directory / "case.json").read_text(encoding="utf-8"))
    if case["run"] == "document":
        return eig.validate(directory / "input.json", kind=case["document"]).violations, None, None
    try:
        rb = eig.Rulebook.from_json(directory / "rulebook.json")
        ranking = eig.score(
            directory / "grid.json", directory / "jury.json", directory / "scores.json", rulebook=rb
        )
    except eig.ValidationError as e:
        return e.violations, None, False
    return ranking.violations, ranking, True


@pytest.mark.parametrize("directory", CASES, ids=[p.name for p in CASES])
def test_scoring_corpus(directory: Path) -> None:
    expected = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    violations, ranking, _ = run(directory)
    got = [
        {"code": v.code, "path": v.path, "severity": v.severity, "rule": v.rule} for v in violations
    ]
    assert got == expected["violations"]
    if ranking is not None:
        outcomes = [
            [r["item"], r["rank"], r["outcome"], r["reason_code"]] for r in ranking.to_records()
        ]
        assert outcomes == expected["outcomes"]


@pytest.fixture(scope="module")
def promo() -> dict:
    return eig.generate(seed=11, candidates=400)


def ranking_of(promo: dict) -> eig.Ranking:
    return eig.score(
        promo["candidate_grid"],
        promo["jury"],
        promo["candidate_scores"],
        rulebook=eig.Rulebook.from_json(promo["rulebook"]),
    )


def test_generate_is_seeded(promo: dict) -> None:
    again = eig.generate(seed=11, candidates=400)
    assert again == promo
    assert eig.generate(seed=12, candidates=400) != promo
    assert len(promo["applications"]) == 400
    for app in promo["applications"][:20]:
        assert eig.validate(app, kind="application").valid


def test_score_records_explanations_and_html(promo: dict) -> None:
    ranking = ranking_of(promo)
    assert len(ranking) == 400
    records = ranking.to_records()
    assert [r["rank"] for r in records[:3]] == [1, 2, 3]
    assert {"criterion_competences", "reason_code", "raw_rank"} <= set(records[0])
    assert sum(r["outcome"] == "selected" for r in records) == ranking.selected
    first = records[0]["item"]
    detail = ranking.explanation(first)
    total = sum(c["contribution"] for c in detail["criteria"])
    assert math.isclose(total, detail["final_score"], abs_tol=1e-9)
    assert "Décision" in ranking.explain(first)
    assert "Outcome" in ranking.explain(first, lang="en")
    assert "<table" in ranking.explain_html(first) and "<table" in ranking._repr_html_()
    with pytest.raises(ValueError, match="no item"):
        ranking.explain("nobody")
    with pytest.raises(ValueError, match="lang"):
        ranking.explain(first, lang="de")


def test_the_notebook_view_is_short_and_in_the_asked_language(promo: dict) -> None:
    english = eig.score(
        promo["candidate_grid"],
        promo["jury"],
        promo["candidate_scores"],
        rulebook=eig.Rulebook.from_json(promo["rulebook"]),
        lang="en",
    )
    assert english.lang == "en"
    html = english._repr_html_()
    # 400 items: the first and the last with the count of those left out, not 400 rows.
    assert html.count("<tr>") == 1 + 20 + 1
    assert "380 more rows of 400" in html and "rank" in html and "rang" not in html
    assert english.items[0] in html and english.items[-1] in html
    french = ranking_of(promo)._repr_html_()
    assert "380 lignes de plus sur 400" in french
    assert english.to_html(lang="fr").count("<tr>") == 1 + 400
    with pytest.raises(ValueError, match="lang"):
        eig.score(promo["candidate_grid"], promo["jury"], promo["candidate_scores"], lang="de")


def test_calibration_recovers_planted_biases(promo: dict) -> None:
    ranking = ranking_of(promo)
    truth = promo["truth"]["juror_bias"]
    for j in ranking.jurors:
        assert abs(j["bias"] - truth[j["juror"]]) < 0.15


def columns(promo: dict):
    jurors = {j["id"]: k for k, j in enumerate(promo["jury"]["jurors"])}
    items = {x["id"]: k for k, x in enumerate(promo["candidate_scores"]["items"])}
    crits = {c["id"]: k for k, c in enumerate(promo["candidate_grid"]["criteria"])}
    s = promo["candidate_scores"]["scores"]
    return (
        np.array([jurors[x["juror"]] for x in s], dtype=np.int64),
        np.array([items[x["item"]] for x in s], dtype=np.int64),
        np.array([crits[x["criterion"]] for x in s], dtype=np.int64),
        np.array([x["score"] for x in s], dtype=np.float64),
    )


def test_calibrate_and_aggregate_on_arrays_match_the_documents(promo: dict) -> None:
    j, i, c, x = columns(promo)
    cal = eig.calibrate(j, i, c, x, method="additive")
    ranking = ranking_of(promo)
    by_id = {r["juror"]: r["bias"] for r in ranking.jurors}
    ids = [r["id"] for r in promo["jury"]["jurors"]]
    assert np.allclose(cal["bias"], [by_id[k] for k in ids])
    assert cal["components"] == 1
    assert np.allclose(cal["values"], x - cal["bias"][j])
    # The aggregation equals a numpy computation of the same weighted mean.
    weights = [c["weight"] for c in promo["candidate_grid"]["criteria"]]
    per, final = eig.aggregate(j, i, c, x, weights=weights)
    sums = np.zeros((i.max() + 1, c.max() + 1))
    counts = np.zeros_like(sums)
    np.add.at(sums, (i, c), x)
    np.add.at(counts, (i, c), 1)
    assert np.allclose(per, sums / counts)
    w = np.array(weights) / sum(weights)
    assert np.allclose(final, (sums / counts) @ w)
    med, _ = eig.aggregate(j, i, c, x, method="median")
    assert med.shape == per.shape


def test_bad_input_is_named(promo: dict) -> None:
    j, i, c, x = columns(promo)
    bad = x.copy()
    bad[5] = np.nan
    with pytest.raises(ValueError, match="row 5: the score NaN is not a finite number"):
        eig.calibrate(j, i, c, bad)
    with pytest.raises(ValueError, match="different lengths"):
        eig.calibrate(j[:-1], i, c, x)
    with pytest.raises(ValueError, match="juror\\[0\\] = -1"):
        eig.calibrate(np.full_like(j, -1), i, c, x)
    with pytest.raises(ValueError, match="method"):
        eig.calibrate(j, i, c, x, method="bayes")
    with pytest.raises(ValueError, match="not all zero"):
        eig.aggregate(j, i, c, x, weights=[0, 0, 0, 0, 0])
    sheets = json.loads(json.dumps(promo["candidate_scores"]))
    sheets["scores"][3]["score"] = float("nan")
    with pytest.raises(ValueError, match="/scores/3/score"):
        eig.score(promo["candidate_grid"], promo["jury"], sheets, rulebook=eig.Rulebook.from_json(promo["rulebook"]))
    sheets["scores"][3]["score"] = 42
    with pytest.raises(eig.ValidationError) as e:
        eig.score(promo["candidate_grid"], promo["jury"], sheets, rulebook=eig.Rulebook.from_json(promo["rulebook"]))
    assert [(v.code, v.path) for v in e.value.violations] == [("score_out_of_scale", "/scores/3/score")]
    with pytest.raises(eig.ValidationError) as e:
        eig.score({"id": "g"}, promo["jury"], promo["candidate_scores"])
    assert "invalid scoring grid" in str(e.value)


def test_calibrate_takes_the_columns_a_notebook_has() -> None:
    """Lists, numpy arrays, pandas Series, pyarrow arrays and polars Series give one result."""
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    import numpy as np

    juror = [0, 0, 1, 1, 2, 2, 0, 1, 2]
    item = [0, 1, 0, 1, 0, 1, 2, 2, 2]
    criterion = [0] * 9
    score = [1.0, 2.0, 3.0, 4.0, 2.0, 3.0, 2.5, 4.5, 3.5]
    results = [
        eig.calibrate(conv(juror), conv(item), conv(criterion), conv(score), min_scores=1)
        for conv in (list, np.array, pd.Series, pa.array, pl.Series)
    ]
    for r in results[1:]:
        assert r.keys() == results[0].keys()
        for k in r:
            assert np.allclose(np.asarray(r[k], dtype=float), np.asarray(results[0][k], dtype=float)), k


def test_eig_7_process_from_its_rulebook_grid_pool_and_hiring_cap():
    rb = eig.Rulebook.builtin("eig-7")
    assert [g["id"] for g in rb.to_dict()["grids"]] == [
        "defis",
        "candidats-dossier",
        "candidats-entretien",
        "candidats-mission",
    ]
    assert len(rb.to_dict()["grids"][0]["criteria"]) == 9
    assert [len(s["interviews"]) for s in rb.to_dict()["sprints"]] == [2] * 5
    assert {s["stage"]: s["pool"] for s in rb.funnel}["candidats-entretien"] is True
    jury = {"id": "j", "jurors": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]}
    items = [{"id": f"cand-{n}", "expertise": "direction-produit"} for n in range(1, 5)]
    scores = [
        {"juror": j, "item": f"cand-{n}", "criterion": "adequation-mission", "score": 5 - n}
        for n in range(1, 5)
        for j in "ab"
    ]
    sheets = {"promotion": "eig-7", "stage": "candidats-mission", "grid": "candidats-mission",
              "jury": "j", "items": items, "scores": scores}
    r = eig.score(None, jury, sheets, lang="en")
    assert r.selected == 4
    assert [v.code for v in r.violations] == ["cutoff_unknown"]
    capped = eig.score(None, jury, sheets, hired_before=29)
    assert capped.selected == 1
    assert [row["reason_code"] for row in capped.to_records()][1:] == ["hiring_cap"] * 3
    assert "plafond de 30" in capped.to_records()[1]["reason"]
    uncapped = {k: v for k, v in rb.to_dict().items() if k != "hiring_cap"}
    with pytest.raises(ValueError, match="no hiring cap"):
        eig.score(None, jury, sheets, rulebook=eig.Rulebook.from_json(uncapped), hired_before=1)


def test_published_funnels_sit_beside_the_stages():
    rows = {(r["stage"]): (r["considered"], r["kept"]) for r in eig.Rulebook.builtin("eig-5").funnel}
    assert rows == {"defis-selection": (18, 16), "candidats-entretien": (471, 96), "candidats-selection": (96, 39)}
