"""Tables as DataFrames without glue: the Arrow PyCapsule stream read by pyarrow, polars,
pandas and DuckDB, typed columns, and the CLI's Parquet export read back by DuckDB."""

import os
import subprocess
from pathlib import Path

import pytest

import eig
from conftest import REPO, public_data

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")

CORPUS = REPO / "tests" / "conformance" / "import"
CLI = Path(os.environ.get("EIG_CLI", REPO / "target" / "release" / "eig"))
PROGRAMME_ORDER = ["eig-1", "eig-2", "eig-3", "dig-2019", "eig-4", "eig-5", "eig-6", "eig-7"]


@pytest.fixture(scope="module")
def dataset() -> eig.Dataset:
    """The three public sources when they are here, else the corpus' two-site case."""
    root = public_data()
    sources = [
        ("site-eig", root / "entrepreneur-interet-general__site-eig"),
        ("site-eig-v3", root / "entrepreneur-interet-general__site-eig-v3"),
        ("eig-charts", root / "etalab__eig-charts"),
    ]
    if all(p.is_dir() for _, p in sources):
        return eig.import_sites(sources)
    case = CORPUS / "both-sites"
    return eig.import_sites([(f, case / f) for f in ["site-eig", "site-eig-v3"] if (case / f).is_dir()])


def test_polars_pyarrow_and_duckdb_read_a_table_directly(dataset: eig.Dataset) -> None:
    t = dataset.challenges
    frame = pl.DataFrame(t)
    assert frame.columns == t.columns
    assert frame.height == len(t)
    assert frame.schema["duration_months"] == pl.UInt32
    assert frame.schema["published_at"] == pl.Datetime("us", "UTC")
    assert frame.schema["themes"] == pl.List(pl.Categorical)
    table = pa.table(t)
    assert table.num_rows == len(t)
    assert table.schema.field("promotion").type.ordered
    counts = duckdb.sql("select promotion, count(*) as n from t group by all order by n desc, promotion").fetchall()
    records = t.to_records()
    expected: dict[str, int] = {}
    for r in records:
        expected[r["promotion"]] = expected.get(r["promotion"], 0) + 1
    assert dict(counts) == expected


def test_the_conversions_give_real_dtypes(dataset: eig.Dataset) -> None:
    t = dataset.challenges
    df = t.to_pandas()
    assert isinstance(df.promotion.dtype, pd.CategoricalDtype)
    assert df.promotion.cat.ordered
    assert list(df.promotion.cat.categories)[: len(dataset.promotions)] == [
        p["promotion"] for p in dataset.promotions.to_records()
    ]
    assert str(df.duration_months.dtype) == "UInt32"
    assert str(df.startup.dtype) == "boolean"
    assert str(df.published_at.dtype) == "datetime64[us, UTC]"
    # Lists are Python lists, equal to the records'.
    assert df.themes.tolist() == [r["themes"] for r in t.to_records()]
    polars = t.to_polars()
    assert isinstance(polars.schema["promotion"], pl.Enum)
    # A sort follows the programme's order (DIG between EIG 3 and EIG 4), not the alphabet.
    order = polars.sort("promotion")["promotion"].unique(maintain_order=True).to_list()
    assert order == [p for p in PROGRAMME_ORDER if p in order]
    assert t.to_arrow().equals(pa.table(t))
    # pandas' own constructor works through the rows, with pandas' inferred types.
    assert pd.DataFrame(t).shape == (len(t), len(t.columns))


def test_a_column_of_nulls_keeps_its_type(dataset: eig.Dataset) -> None:
    frame = pl.DataFrame(dataset.stats("promotion"))
    assert frame.schema["duration_min"] == pl.UInt32
    assert frame.schema["duration_median"] == pl.Float64
    empty = pl.DataFrame(dataset.stats("funnel"))
    assert empty.schema["candidates"] == pl.UInt32
    assert pl.DataFrame(dataset.roles).schema["inferred"] == pl.Boolean


def test_the_values_are_the_records_values(dataset: eig.Dataset) -> None:
    for name, t in dataset.tables().items():
        rows = pa.table(t).to_pylist()
        records = t.to_records()
        for row, record in zip(rows, records):
            for column, value in record.items():
                got = row[column]
                if hasattr(got, "hour"):
                    # Timestamps come back in UTC; the records keep the published text.
                    assert got == pd.Timestamp(value), (name, column)
                elif hasattr(got, "isoformat"):
                    # Days come back as dates; the records keep `YYYY-MM-DD`.
                    assert got.isoformat() == value, (name, column)
                else:
                    assert got == value, (name, column)


def test_duckdb_reads_the_parquet_export(dataset: eig.Dataset, tmp_path: Path) -> None:
    if not CLI.is_file():
        pytest.skip(f"no release build of the CLI at {CLI}: cargo build --release -p eig-cli")
    path = tmp_path / "dataset.json"
    dataset.save(path)
    out = tmp_path / "parquet"
    done = subprocess.run(
        [str(CLI), "export", str(path), "--out", str(out), "--format", "parquet"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(f"{n}.parquet" for n in dataset.tables())
    challenges = str(out / "challenges.parquet")
    n = duckdb.sql(f"select count(*) from '{challenges}'").fetchall()
    assert n == [(len(dataset.challenges),)]
    by = duckdb.sql(f"select promotion, count(*) from '{challenges}' group by all").fetchall()
    t = dataset.challenges
    assert sorted(by) == sorted(duckdb.sql("select promotion, count(*) from t group by all").fetchall())
    back = pl.read_parquet(challenges)
    assert back.schema["published_at"] == pl.Datetime("us", "UTC")
    assert back.equals(pl.DataFrame(dataset.challenges))


def test_an_export_into_a_file_path_fails_clearly_and_writes_nothing(dataset: eig.Dataset, tmp_path: Path) -> None:
    if not CLI.is_file():
        pytest.skip(f"no release build of the CLI at {CLI}: cargo build --release -p eig-cli")
    path = tmp_path / "dataset.json"
    dataset.save(path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = subprocess.run(
        [str(CLI), "export", str(path), "--out", str(blocker / "out"), "--format", "parquet"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert "cannot export to Parquet" in done.stderr and str(blocker) in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "dataset.json"]


def test_a_missing_package_is_named_with_how_to_install_it(dataset: eig.Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match=r"to_polars\(\) needs the package polars: pip install polars"):
        dataset.challenges.to_polars()


def test_unknown_counts_are_null_with_their_reason_and_figures_are_apart(dataset: eig.Dataset) -> None:
    stats = pl.DataFrame(dataset.stats("promotion"))
    if "eig-5" not in stats["promotion"].cast(pl.String).to_list():
        pytest.skip("the public data is not here: the corpus case has no EIG 5")
    eig5 = stats.filter(pl.col("promotion").cast(pl.String) == "eig-5").row(0, named=True)
    assert eig5["challenges"] is None and eig5["organisations"] is None
    assert "challenges" in eig5["unknown"]
    assert any(r.startswith("challenges: not_in_sources: ") for r in eig5["unknown_reasons"])
    assert eig5["challenges_published"] == 16 and eig5["fellows_published"] == 39
    # The published figures: gender from eig-charts, with their source.
    figures = dataset.figures.to_polars()
    women = figures.filter(pl.col("measure") == "women").sort("year")
    assert women["value"].to_list() == [2.0, 7.0, 6.0]
    assert set(women["source"].cast(pl.String).to_list()) == {"eig-charts"}
    # A figure the source has not counted yet is null with its reason, not 0.
    stayed = figures.filter(
        (pl.col("label") == "Sont restés dans la fonction publique") & (pl.col("year") == 2019)
    ).row(0, named=True)
    assert stayed["value"] is None and stayed["unknown"] == "not_yet_known"
    coordinates = dataset.map.to_polars()
    assert coordinates["latitude"].min() > 41 and coordinates["longitude"].max() < 10


def test_a_table_view_shows_head_and_tail_with_the_count(dataset: eig.Dataset) -> None:
    people = dataset.people
    html = people._repr_html_()
    if len(people) > 20:
        assert f"{len(people) - 20} more rows" in html
        last = people.to_records()[-1]["person"]
        assert last in html


def test_a_str_that_names_a_file_gets_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "defi.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = eig.validate("defi.json", promotion="eig-4")
    assert [v.code for v in report.violations] == ["invalid_json"]
    assert 'pass pathlib.Path("defi.json")' in report.violations[0].hint_en
    assert 'passez pathlib.Path("defi.json")' in report.violations[0].hint_fr
    # A str that names no file gets no hint; a str that is JSON is read as JSON, as before.
    assert "pathlib" not in eig.validate("nothing-here.json", promotion="eig-4").violations[0].message_en
    assert "invalid_json" not in [v.code for v in eig.validate("{}", promotion="eig-4").violations]


def test_the_handbook_gives_activities_per_defi_and_date() -> None:
    root = public_data()
    link = root / "entrepreneur-interet-general__eig-link"
    if not link.is_dir():
        pytest.skip(f"the public data is not at {root}")
    ds = eig.import_sites([
        ("site-eig", root / "entrepreneur-interet-general__site-eig"),
        ("eig-link", link),
    ])
    acts = ds.activities.to_polars()
    assert acts.schema["date"] == pl.Date
    progress = acts.filter(pl.col("kind") == "progress")
    assert progress.height == 1544
    per_week = progress.group_by(pl.col("date").dt.truncate("1w")).len()
    assert per_week["len"].sum() == 1544
    bad = progress.filter(pl.col("news") == "bad")
    assert bad.height == 26
    eig2 = duckdb.sql(
        "select count(distinct challenge) from acts where kind = 'progress' and challenge is not null"
    ).fetchall()
    assert eig2 == [(13,)], "the log's défi names match EIG 2's 13 défis"


def test_folders_alone_are_enough(tmp_path: Path) -> None:
    root = public_data()
    if not root.is_dir():
        pytest.skip(f"the public data is not at {root}")
    folders = [
        root / "entrepreneur-interet-general__site-eig",
        root / "entrepreneur-interet-general__site-eig-v3",
        str(root / "etalab__eig-charts"),
    ]
    by_folder = eig.import_sites(folders)
    by_pair = eig.import_sites([
        ("site-eig", folders[0]), ("site-eig-v3", folders[1]), ("eig-charts", folders[2]),
    ])
    assert by_folder.to_dict() == by_pair.to_dict()
    with pytest.raises(ValueError, match="cannot tell the format of"):
        eig.import_sites([tmp_path])
    with pytest.raises(TypeError, match="a folder, or a"):
        eig.import_sites([3])
