"""The public data as a data scientist loads it, in one run: import of the three sources, then
the export of every table to Parquet, time and peak memory, ours beside pyarrow's writer on the
same tables; then the tables read back by DuckDB and polars, which must give the same rows.

    pip install -r bindings/python/benchmarks/requirements.txt
    cargo build --release -p eig-cli
    python bindings/python/benchmarks/bench_dataset.py

The data is read from $EIG_PUBLIC_DATA (default ../shared/data/eig-public beside the
repository). Each measured step runs in a fresh process, so that its peak resident memory
(`ru_maxrss`) is its own; times are the best of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DATA = Path(os.environ.get("EIG_PUBLIC_DATA", REPO.parent / "shared" / "data" / "eig-public"))
CLI = Path(os.environ.get("EIG_CLI", REPO / "target" / "release" / "eig"))
SOURCES = [
    ("site-eig", DATA / "entrepreneur-interet-general__site-eig"),
    ("site-eig-v3", DATA / "entrepreneur-interet-general__site-eig-v3"),
    ("eig-charts", DATA / "etalab__eig-charts"),
]

# A step run in its own process: prints its time and its peak memory as JSON.
STEP = r"""
import json, resource, sys, time
import eig
sources = json.loads(sys.argv[1]); out = sys.argv[2]; step = sys.argv[3]
t0 = time.perf_counter()
ds = eig.import_sites([tuple(s) for s in sources])
t1 = time.perf_counter()
if step == "eig":
    import subprocess
    ds.save(out + "/dataset.json")
    t2 = time.perf_counter()
    subprocess.run([sys.argv[4], "export", out + "/dataset.json", "--out", out + "/parquet",
                    "--format", "parquet"], check=True, capture_output=True)
elif step == "pyarrow":
    import pyarrow as pa, pyarrow.parquet as pq, os  # loaded before the clock starts
    os.makedirs(out + "/parquet", exist_ok=True)
    # Twice, the second timed: pyarrow's first write in a process warms it up.
    for _ in range(2):
        t2 = time.perf_counter()
        for name, table in ds.tables().items():
            pq.write_table(pa.table(table), f"{out}/parquet/{name}.parquet", compression="snappy")
else:
    t2 = time.perf_counter()
t3 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"import": t1 - t0, "export": t3 - t2, "rss_kib": rss, "child_rss_kib": children}))
"""


def step(kind: str, out: str) -> dict:
    sources = json.dumps([(k, str(p)) for k, p in SOURCES])
    done = subprocess.run(
        [sys.executable, "-c", STEP, sources, out, kind, str(CLI)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout)


# The CLI alone, from a fresh process whose only children are the two commands.
CLI_STEP = r"""
import json, resource, subprocess, sys, time
cli, out, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
t0 = time.perf_counter()
subprocess.run([cli, "import", *args, "--out", out + "/cli.json"], capture_output=True)
t1 = time.perf_counter()
subprocess.run([cli, "export", out + "/cli.json", "--out", out + "/cli-parquet", "--format", "parquet"],
               check=True, capture_output=True)
t2 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))
"""


def cli(out: str) -> tuple[float, float, int]:
    """`eig import` then `eig export --format parquet`: times, and the larger peak memory."""
    args = []
    for kind, path in SOURCES:
        args += [kind, str(path)]
    done = subprocess.run(
        [sys.executable, "-c", CLI_STEP, str(CLI), out, json.dumps(args)],
        capture_output=True, text=True, check=True,
    )
    t_import, t_export, rss = json.loads(done.stdout)
    return t_import, t_export, rss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not all(p.is_dir() for _, p in SOURCES):
        sys.exit(f"the public data is not at {DATA}: set EIG_PUBLIC_DATA")
    if not CLI.is_file():
        sys.exit(f"no release build of the CLI at {CLI}: cargo build --release -p eig-cli")
    best: dict[str, dict] = {}
    for _ in range(args.repeat):
        for kind in ["eig", "pyarrow"]:
            with tempfile.TemporaryDirectory() as out:
                r = step(kind, out)
                if kind not in best or r["import"] + r["export"] < best[kind]["import"] + best[kind]["export"]:
                    best[kind] = r
                files = sorted(Path(out, "parquet").iterdir())
                best[kind]["bytes"] = sum(f.stat().st_size for f in files)
                best[kind]["files"] = len(files)
    with tempfile.TemporaryDirectory() as out:
        runs = [cli(out) for _ in range(args.repeat)]
        cli_import = min(r[0] for r in runs)
        cli_export = min(r[1] for r in runs)
        cli_rss = max(r[2] for r in runs)
        # The two exports give the same rows, read back by DuckDB and polars.
        import duckdb
        import polars as pl

        with tempfile.TemporaryDirectory() as other:
            step("pyarrow", other)
            same = True
            for f in sorted(Path(out, "cli-parquet").iterdir()):
                ours = pl.read_parquet(f)
                theirs = pl.read_parquet(Path(other, "parquet", f.name))
                same &= ours.height == theirs.height and ours.columns == theirs.columns
                n = duckdb.sql(f"select count(*) from '{f}'").fetchall()[0][0]
                same &= n == ours.height
    e, p = best["eig"], best["pyarrow"]
    print(f"public data: {', '.join(k for k, _ in SOURCES)} ({DATA})")
    print(f"{'step':<44} {'eig':>10} {'pyarrow':>10} {'ratio':>7}")
    print(f"{'import of the three sources (Python)':<44} {e['import']:>9.3f}s {'-':>10}")
    print(
        f"{'export of every table to Parquet':<44} {e['export']:>9.3f}s {p['export']:>9.3f}s "
        f"{e['export'] / p['export']:>7.2f}"
    )
    print("  (eig: save the dataset, then `eig export --format parquet` in a new process, which")
    print("   loads and checks the dataset; pyarrow: pa.table(t) then pq.write_table for each")
    print("   table, in the same process, its second pass)")
    print(f"{'Parquet bytes, files':<44} {e['bytes']:>10} {p['bytes']:>10}  {e['files']} files")
    print(f"{'peak memory of the Python process':<44} {e['rss_kib'] / 1024:>8.1f}MB {p['rss_kib'] / 1024:>8.1f}MB")
    print(f"{'CLI: eig import (three sources)':<44} {cli_import:>9.3f}s")
    print(f"{'CLI: eig export --format parquet':<44} {cli_export:>9.3f}s")
    print(f"{'CLI: peak memory of either command':<44} {cli_rss / 1024:>8.1f}MB")
    print(f"same tables read back by DuckDB and polars: {same}")


if __name__ == "__main__":
    main()
