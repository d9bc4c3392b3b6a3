"""Jury planning side by side with OR-Tools CP-SAT, in one process, on the same inputs.

The EIG 4 instance (50 jurors, 21 défis, 2 days × 2 rooms, groups of 5-8 hearing 2-3 défis, a
juror in five from a host administration, 3 % declared conflicts) over ten seeds, then the
ten-times instance (500 jurors, 200 défis, 40 slots). CP-SAT gets the same programme
(cpsat_jury.py), with 8 workers (its default portfolio) and with 1; every optimum is compared.

    python bench_jury.py [--seeds 10] [--time-limit 10]
"""

from __future__ import annotations

import argparse
import statistics
import time

import cpsat_jury

import eig


def ours(doc: dict, time_limit: float) -> dict:
    started = time.perf_counter()
    plan = eig.plan_jury(doc, time_limit=time_limit)
    seconds = time.perf_counter() - started
    assert plan.check() == [], plan.check()
    return {
        "seconds": seconds,
        "objective": plan.objective["total"],
        "optimal": plan.optimal,
        "bound": plan.proof["bound"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    print("| instance | seed | eig (s) | eig objective | proven | CP-SAT 8 workers (s) | CP-SAT 1 worker (s) | CP-SAT optimum | same optimum |")
    print("|---|---|---|---|---|---|---|---|---|")
    ratios = []
    for seed in [2020, *range(1, args.seeds)]:
        doc = eig.generate_jury_plan(seed=seed)
        a = ours(doc, args.time_limit)
        many = cpsat_jury.solve(doc, time_limit=60, workers=8)
        one = cpsat_jury.solve(doc, time_limit=args.time_limit, workers=1)
        same = many["status"] == "optimal" and abs(many["objective"] - a["objective"]) < 1e-6
        ratios.append(a["seconds"] / many["seconds"])
        one_text = f"{one['seconds']:.2f}" + ("" if one["status"] == "optimal" else f" ({one['status']})")
        print(
            f"| EIG 4 | {seed} | {a['seconds']:.2f} | {a['objective']:g} | "
            f"{'yes' if a['optimal'] else 'no, bound ' + format(a['bound'], 'g')} | "
            f"{many['seconds']:.2f} | {one_text} | {many.get('objective', float('nan')):g} | "
            f"{'yes' if same else 'no'} |"
        )
    print(f"\neig / CP-SAT (8 workers) time, EIG 4: median {statistics.median(ratios):.2f}, "
          f"worst {max(ratios):.2f}")
    big = eig.generate_jury_plan(seed=1, jurors=500, items=200, days=5, rooms=4)
    a = ours(big, args.time_limit)
    b = cpsat_jury.solve(big, time_limit=args.time_limit * 3, workers=8)
    print(
        f"\nten times (500 jurors, 200 défis, 40 slots): eig {a['seconds']:.2f} s, objective "
        f"{a['objective']:g}, proven bound {a['bound']:g} (gap "
        f"{100 * (a['bound'] - a['objective']) / a['bound']:.2f} %); CP-SAT (8 workers, "
        f"{args.time_limit * 3:g} s) {b['status']} {b.get('objective', float('nan')):g}, bound "
        f"{b.get('bound', float('nan')):g}, {b['seconds']:.2f} s"
    )


if __name__ == "__main__":
    main()
