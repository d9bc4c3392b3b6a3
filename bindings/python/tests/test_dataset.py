"""The import of the programme's public data, the dataset and its tables, from Python."""

import json
from pathlib import Path

import pytest

import eig
from conftest import REPO, public_data

IMPORT_CORPUS = REPO / "tests" / "conformance" / "import"
FORMATS = ["site-eig", "site-eig-v3", "eig-charts", "eig-link"]


def import_case(directory: Path) -> eig.Dataset:
    sources = [(f, directory / f) for f in FORMATS if (directory / f).is_dir()]
    return eig.import_sites(sources)


@pytest.mark.parametrize(
    "directory", sorted(p for p in IMPORT_CORPUS.iterdir() if p.is_dir()), ids=lambda p: p.name
)
def test_import_corpus_gives_the_same_report_as_rust(directory: Path) -> None:
    expected = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    report = import_case(directory).report
    assert report is not None
    got = [
        {
            "source": a["source"],
            "file": a["file"],
            "path": a["path"],
            "code": a["code"],
            "severity": a["severity"],
        }
        for a in report["anomalies"]
    ]
    assert got == expected["violations"]
    assert report["records"] == expected["records"]
    for tally in report["records"].values():
        assert tally["read"] == tally["written"] + tally["refused"]


def test_tables_have_stable_columns_and_round_trip(tmp_path: Path) -> None:
    ds = import_case(IMPORT_CORPUS / "both-sites")
    challenges = ds.challenges.to_records()
    assert [c["challenge"] for c in challenges] == ["eig-2/carto", "eig-2/eig2-link"]
    assert challenges[0]["expertises"] == ["geomatique", "developpement"]  # both sites, united
    assert challenges[0]["conflicts"] == ["administration", "expertises"]
    assert ds.challenges.columns[:3] == ["challenge", "promotion", "title"]
    assert ds.challenges.to_csv().splitlines()[0].startswith("challenge,promotion,title,")
    assert len(ds.challenges.to_jsonl().splitlines()) == 2
    stats = ds.stats("promotion").to_records()
    assert stats[0]["promotion"] == "eig-2" and stats[0]["challenges"] == 2
    assert "<table>" in ds.stats("expertise")._repr_html_()
    # People can be pseudonymised, stably.
    people = ds.tables(pseudonymise=True)["people"].to_records()
    assert all(p["name"].startswith("person-") for p in people)
    assert people == ds.tables(pseudonymise=True)["people"].to_records()
    path = tmp_path / "dataset.json"
    ds.save(path)
    back = eig.load_dataset(path)
    assert back.to_dict() == ds.to_dict()
    # The import's report is kept in the file: a loaded dataset still says what was refused.
    assert back.report == ds.report and back.report is not None
    assert back.summary(lang="en") == ds.summary(lang="en")
    assert back.anomalies_by_code() == ds.anomalies_by_code() != {}


def test_bad_input_gets_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        eig.import_site(IMPORT_CORPUS / "both-sites" / "site-eig", format="wordpress")
    with pytest.raises(ValueError, match="_data/defis.yml is missing"):
        eig.import_site(IMPORT_CORPUS / "v3-quirks" / "site-eig-v3", format="site-eig")
    with pytest.raises(ValueError, match="unknown grouping"):
        import_case(IMPORT_CORPUS / "both-sites").stats("colour")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "eig-dataset", "version": 1, "sources": [], "promotions": [],'
                   ' "challenges": [{"id": "x"}], "organisations": [], "people": []}')
    with pytest.raises(eig.ValidationError) as e:
        eig.load_dataset(bad)
    assert any(v.path.startswith("/challenges/0") for v in e.value.violations)
    with pytest.raises(OSError):
        eig.load_dataset(tmp_path / "missing.json")


# The published figures of SOURCES.md (the public data's own description).
CHALLENGES = {"eig-1": 9, "eig-2": 13, "eig-3": 15, "dig-2019": 17, "eig-4": 17}
FELLOW_SEATS = {"eig-1": 9, "eig-2": 28, "eig-3": 32, "dig-2019": 21, "eig-4": 41}
MENTOR_SEATS = {"eig-1": 14, "eig-2": 19, "eig-3": 32, "dig-2019": 38, "eig-4": 49}
PARTICIPANTS = {
    "eig-1": 11, "eig-2": 26, "eig-3": 31, "dig-2019": 19,
    "eig-4": 41, "eig-5": 34, "eig-6": 29, "eig-7": 35,
}


@pytest.fixture(scope="module")
def real() -> eig.Dataset:
    root = public_data()
    if not root.is_dir():
        pytest.skip(f"public EIG data not found at {root} (set EIG_PUBLIC_DATA)")
    return eig.import_sites(
        [
            ("site-eig", root / "entrepreneur-interet-general__site-eig"),
            ("site-eig-v3", root / "entrepreneur-interet-general__site-eig-v3"),
            ("eig-charts", root / "etalab__eig-charts"),
        ]
    )


def test_real_data_counts_match_the_published_figures(real: eig.Dataset) -> None:
    stats = {r["promotion"]: r for r in real.stats().to_records()}
    for promotion, n in CHALLENGES.items():
        assert stats[promotion]["challenges"] == n, promotion
        assert stats[promotion]["fellows"] == FELLOW_SEATS[promotion], promotion
        assert stats[promotion]["mentors"] == MENTOR_SEATS[promotion], promotion
    participants: dict[str, set[str]] = {}
    for r in real.tables()["roles_by_source"].to_records():
        # The site's own promotion lists (roles inferred from a person's défis left out).
        declared = r["promotion"] and not r["inferred"]
        if r["source"] == "site-eig-v3" and r["role"] == "fellow" and declared:
            participants.setdefault(r["promotion"], set()).add(r["person"])
    assert {p: len(s) for p, s in participants.items()} == PARTICIPANTS
    # `roles` has one row per person, role and promotion, whatever the number of sources.
    keys = [(r["person"], r["role"], r["promotion"]) for r in real.roles.to_records()]
    assert len(keys) == len(set(keys))
    # The person–défi join without names.
    fellowships = real.fellowships.to_records()
    assert {f["challenge"] for f in fellowships if f["promotion"] == "eig-4"} >= {"eig-4/monitorfish"}
    report = real.report
    assert report is not None
    assert report["refused"] == []
    for tally in report["records"].values():
        assert tally["read"] == tally["written"] + tally["refused"]
    funnel = real.funnel.to_records()
    assert [(f["year"], f["candidates"], f["selected"]) for f in funnel] == [
        (2017, 115, 11), (2018, 208, 28), (2019, 170, 32),
    ]
