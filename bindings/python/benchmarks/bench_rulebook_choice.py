"""How the choice of a rulebook costs: 10,000 EIG 7 dossiers, validated in one call.

    python bindings/python/benchmarks/bench_rulebook_choice.py [--n 10000] [--repeat 5] [--json]

Four ways to give the rulebook to `eig.validate_many`, on the same documents:
- `named`: neither `promotion` nor `rulebook`; each document's `promotion` picks the built-in;
- `promotion`: `promotion="eig-7"`;
- `rulebook`: `rulebook=eig.Rulebook.builtin("eig-7")`;
- `rulebook+10`: a rulebook object with ten declared rules (CEL) on submissions;
and `eig.validate` called once per document with that last rulebook (`one-by-one+10`), where a
rulebook compiled per call would show.

The documents are the two EIG 7 examples (one valid, one invalid), each of the 10,000 with its
own title, as JSON text. Correctness: the four `validate_many` runs give the same reports but
for the declared rules' own violations, and `one-by-one+10` the same as `rulebook+10`.
`--json` prints the best times as JSON (for a comparison of two builds run side by side).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import eig

REPO = Path(__file__).resolve().parents[3]

EXTRA_RULES = [
    ("titre_court", "size(self.title) <= 100"),
    ("hote_nomme", "self.hosts.all(h, size(h.name) >= 3)"),
    ("contact_gouv", "self.contact.email.matches('@[a-z.-]+$')"),
    ("lieu_connu", "self.locations.exists(l, l.postcode.startsWith('7') || l.postcode != '')"),
]


def documents(n: int) -> list[str]:
    base = [
        json.loads((REPO / "examples" / "submissions" / name).read_text(encoding="utf-8"))
        for name in ("eig-7-valid-product-director.json", "eig-7-invalid-dossier.json")
    ]
    out = []
    for i in range(n):
        doc = dict(base[i % 2])
        doc["title"] = f"{doc.get('title', '')} {i}"
        out.append(json.dumps(doc, ensure_ascii=False))
    return out


def ten_rules() -> eig.Rulebook:
    examples = json.loads((REPO / "examples" / "rules" / "rulebook.json").read_text(encoding="utf-8"))
    rules = [r for r in examples["rules"] if r["on"] == "challenge-submission"]
    for rule_id, rule in EXTRA_RULES:
        rules.append({"id": rule_id, "on": "challenge-submission", "severity": "warning", "rule": rule,
                      "message_fr": "à revoir", "message_en": "to review"})
    assert len(rules) == 10
    doc = eig.Rulebook.builtin("eig-7").to_dict()
    doc["rules"] = rules
    return eig.Rulebook.from_json(doc)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def codes(reports) -> list[list[tuple[str, str]]]:
    return [[(v.code, v.path) for v in r.violations] for r in reports]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    docs = documents(args.n)
    eig7 = eig.Rulebook.builtin("eig-7")
    declared = ten_rules()
    runs = {
        "named": lambda: eig.validate_many(docs),
        "promotion": lambda: eig.validate_many(docs, promotion="eig-7"),
        "rulebook": lambda: eig.validate_many(docs, rulebook=eig7),
        "rulebook+10": lambda: eig.validate_many(docs, rulebook=declared),
        "one-by-one+10": lambda: [eig.validate(d, rulebook=declared) for d in docs],
    }
    # Correctness: the same reports whichever way the rulebook is given.
    first = {name: codes(run()) for name, run in runs.items()}
    same = first["named"] == first["promotion"] == first["rulebook"]
    rule_ids = {r["id"] for r in declared.to_dict()["rules"]}
    without_declared = [
        [(c, p) for (c, p), v in zip(doc, r.violations) if v.rule not in rule_ids]
        for doc, r in zip(first["rulebook+10"], runs["rulebook+10"]())
    ]
    same = same and without_declared == first["rulebook"] and first["one-by-one+10"] == first["rulebook+10"]
    added = sum(len(a) - len(b) for a, b in zip(first["rulebook+10"], first["rulebook"]))
    times = {name: best(run, args.repeat) for name, run in runs.items()}
    if args.json:
        print(json.dumps({"n": len(docs), "same": same, "added": added, "seconds": times}))
    else:
        valid = sum(r.valid for r in runs["named"]())
        print(f"{len(docs)} EIG 7 dossiers ({valid} valid); the same reports every way: {same}; "
              f"the ten rules add {added} violations")
        for name, t in times.items():
            print(f"{name:16s} {t * 1000:9.1f} ms  {t / len(docs) * 1e6:7.2f} µs/document")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
