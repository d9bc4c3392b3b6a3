"""Side by side: eig, jsonschema_rs and python-jsonschema on the same 10,000 submissions.

    pip install -r bindings/python/benchmarks/requirements.txt
    python bindings/python/benchmarks/bench_validate.py [--n 10000] [--repeat 5]

The documents are the conformance corpus's submissions and the examples, repeated to N (a mix
of valid and invalid ones, as JSON text). eig runs its whole validation: input checks, the JSON
Schema pass and the promotion's rules. The peers run only the JSON Schema (our checked-in
schema, format checking on), each after `json.loads`, and collect every error as eig does.
Correctness: on the structural part, every verdict must agree across the three.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import eig
import jsonschema
import jsonschema_rs

REPO = Path(__file__).resolve().parents[3]


def documents(n: int) -> list[bytes]:
    base = []
    for case in sorted((REPO / "tests" / "conformance" / "cases").iterdir()):
        meta = json.loads((case / "case.json").read_text(encoding="utf-8"))
        if meta["document"] == "challenge-submission" and "rulebook" not in meta:
            base.append((case / "input.json").read_bytes())
    base += [p.read_bytes() for p in sorted((REPO / "examples" / "submissions").iterdir())]
    return [base[i % len(base)] for i in range(n)]


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def parse(doc: bytes):
    try:
        return json.loads(doc)
    except (ValueError, RecursionError):
        return None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    docs = documents(args.n)
    schema = json.loads((REPO / "schema" / "challenge-submission.schema.json").read_text(encoding="utf-8"))
    rs = jsonschema_rs.validator_for(schema, validate_formats=True)
    py = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    def run_eig_many():
        return eig.validate_many(docs)

    def run_eig_one_by_one():
        return [eig.validate(d) for d in docs]

    def run_rs():
        out = []
        for d in docs:
            v = parse(d)
            out.append(None if v is None else list(rs.iter_errors(v)))
        return out

    def run_py():
        out = []
        for d in docs:
            v = parse(d)
            out.append(None if v is None else list(py.iter_errors(v)))
        return out

    # Correctness on the structural part, over every document.
    ours = run_eig_many()
    rs_out, py_out = run_rs(), run_py()
    disagreements = 0
    for i, (report, a, b) in enumerate(zip(ours, rs_out, py_out)):
        ours_ok = not any(v.rule in ("input", "schema") for v in report.violations)
        rs_ok = a is not None and not a
        py_ok = b is not None and not b
        if not (ours_ok == rs_ok == py_ok):
            disagreements += 1
            print(f"disagreement on document {i}: eig={ours_ok} jsonschema_rs={rs_ok} python-jsonschema={py_ok}")
    valid = sum(r.valid for r in ours)
    print(f"{len(docs)} documents ({valid} valid, {len(docs) - valid} invalid); structural verdicts agree: {disagreements == 0}")

    t_many = best(run_eig_many, args.repeat)
    t_one = best(run_eig_one_by_one, args.repeat)
    t_rs = best(run_rs, args.repeat)
    t_py = best(run_py, max(1, args.repeat // 5))
    rows = [
        ("eig.validate_many (rules included, threads)", t_many),
        ("eig.validate, one by one (rules included)", t_one),
        ("jsonschema_rs (schema only, json.loads)", t_rs),
        ("python-jsonschema (schema only, json.loads)", t_py),
    ]
    for name, t in rows:
        print(f"{name:48s} {t * 1000:9.1f} ms  {len(docs) / t:10.0f} docs/s")
    print(f"ratio eig.validate_many / jsonschema_rs:     {t_many / t_rs:.2f}x the time")
    print(f"ratio eig one by one / jsonschema_rs:        {t_one / t_rs:.2f}x the time")
    print(f"python-jsonschema / eig.validate_many:       {t_py / t_many:.0f}x slower")
    print(f"python-jsonschema / eig one by one:          {t_py / t_one:.0f}x slower")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
