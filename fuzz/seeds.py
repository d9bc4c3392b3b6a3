"""Writes the fuzz targets' seed inputs, from the repository's own corpora, into
fuzz/corpus/<target>/ (not committed: regenerated on each run).

documents: each conformance and scoring case's documents and the examples, each prefixed with
the byte of its kind; rulebook: every rulebook of the corpora; import: the import corpus's
files, joined in the order fuzz_targets/import.rs reads them; solvers: a few byte strings."""

import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
KINDS = [
    "challenge-submission",
    "rulebook",
    "application",
    "scoring-grid",
    "jury",
    "score-sheets",
    "dataset",
    "team-formation",
    "mentor-matching",
]


def write(target: str, data: bytes) -> None:
    out = ROOT / "fuzz" / "corpus" / target
    out.mkdir(parents=True, exist_ok=True)
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    cases = ROOT / "tests" / "conformance"
    for case in sorted((cases / "cases").iterdir()):
        kind = json.loads((case / "case.json").read_text())["document"]
        write("documents", bytes([KINDS.index(kind)]) + (case / "input.json").read_bytes())
        if (case / "rulebook.json").exists():
            write("rulebook", (case / "rulebook.json").read_bytes())
        if kind == "rulebook":
            write("rulebook", (case / "input.json").read_bytes())
    for case in sorted((cases / "scoring").iterdir()):
        for name, kind in [("grid", "scoring-grid"), ("jury", "jury"), ("scores", "score-sheets")]:
            f = case / f"{name}.json"
            if f.exists():
                write("documents", bytes([KINDS.index(kind)]) + f.read_bytes())
        if (case / "rulebook.json").exists():
            write("rulebook", (case / "rulebook.json").read_bytes())
    for f in sorted((ROOT / "examples" / "submissions").glob("*.json")):
        write("documents", bytes([0]) + f.read_bytes())
    for f, kind in [
        (ROOT / "examples" / "teams" / "teams.json", "team-formation"),
        (ROOT / "examples" / "teams" / "mentors.json", "mentor-matching"),
        (ROOT / "examples" / "rules" / "rulebook.json", "rulebook"),
    ]:
        write("documents", bytes([KINDS.index(kind)]) + f.read_bytes())
    write("rulebook", (ROOT / "examples" / "rules" / "rulebook.json").read_bytes())
    order = [
        "site-eig/_data/defis.yml",
        "site-eig/_data/promos.yml",
        "site-eig/_data/skills.yml",
        None,  # the first site's first body
        None,  # the current site's first défi
        None,  # its second
        None,  # a person
        "site-eig-v3/derived/personnes.roles-only.yml",
    ]
    for case in sorted((cases / "import").iterdir()):
        if not case.is_dir():
            continue
        bodies = sorted(case.glob("site-eig/_defis/*.md"))
        defis = [f for f in sorted(case.glob("site-eig-v3/site/content/defis/*.md")) if f.is_file()]
        people = sorted(case.glob("site-eig-v3/site/content/personnes/*.md"))
        parts = []
        for k, rel in enumerate(order):
            if rel is not None:
                f = case / rel
            else:
                pick = {3: bodies[:1], 4: defis[:1], 5: defis[1:2], 6: people[:1]}[k]
                f = pick[0] if pick else None
            parts.append(f.read_bytes() if f is not None and f.is_file() else b"")
        write("import", b"\n%%\n".join(parts))
    for seed in [b"\x00\x02\x02\x01\x02\x03\x04", b"\x01\x03\x02\x01\x00\x02\x01\x00\x01", b"\x02\x01\x01\x02\x01\x01\x05\x06"]:
        write("solvers", seed)


if __name__ == "__main__":
    sys.exit(main())
