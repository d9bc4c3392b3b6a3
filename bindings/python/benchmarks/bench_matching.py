"""Side by side on the same inputs, in one run: eig's assignment engines against scipy, lapjv,
OR-Tools and `matching`. Prints times, ratios, and checks that the results agree.

    pip install -r bindings/python/benchmarks/requirements.txt
    python bindings/python/benchmarks/bench_matching.py [--quick]

One command for every solver: it ends with `bench_scoring.py`'s comparison (calibration and
aggregation of 1M scores against numpy and pandas).

Capacitated assignment: 2000 teams × 1200 mentors (demand 3, max load 6, 1% conflicts, about
2.4M allowed pairs), costs 0–99, 0–9999, 0–999999 and a skewed case (every team prefers the
same mentors), then 0.5×, 1×, 2×, 4× the pairs, against OR-Tools' SimpleMinCostFlow;
objectives must be equal.
Dense LSA: uniform floats and integers 0–99 at 1000², 2000², 4000², 5000², and 2000×4000, against
scipy's linear_sum_assignment and lapjv (square only); optimal costs must be equal.
Stable matching: hospital–residents 2000×45 and 20,000×450 against `matching`, from dicts and
from integer arrays; the matchings must be identical. National scale (100,000 applicants ×
2,000 seats × 10 choices): ours alone, from dicts and from arrays.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

import numpy as np

from eig.assignment import hospital_residents, linear_sum_assignment


def timed(fn, repeat=1):
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def bench_lsa(sizes, repeat):
    import scipy.optimize

    try:
        import lapjv
    except ImportError:
        lapjv = None
    ok = True
    print("dense linear sum assignment (best of %d)" % repeat)
    print(f"{'case':28s} {'eig':>9s} {'scipy':>9s} {'lapjv':>9s} {'eig/scipy':>10s} {'eig/lapjv':>10s}  same cost")
    rng = np.random.default_rng(12345)
    for shape in sizes:
        for kind in ("f64", "int0-99"):
            cost = rng.random(shape) if kind == "f64" else rng.integers(0, 100, size=shape).astype(np.int64)
            t_eig, (r, c) = timed(lambda: linear_sum_assignment(cost), repeat)
            t_sp, (sr, sc) = timed(lambda: scipy.optimize.linear_sum_assignment(cost), repeat)
            same = cost[r, c].sum() == cost[sr, sc].sum() or np.isclose(cost[r, c].sum(), cost[sr, sc].sum(), rtol=0, atol=1e-9)
            t_lj = None
            if lapjv is not None and shape[0] == shape[1]:
                f = np.ascontiguousarray(cost, dtype=np.float64)
                t_lj, (rc, _cr, _) = timed(lambda: lapjv.lapjv(f), repeat)
                same = same and np.isclose(f[np.arange(shape[0]), rc].sum(), cost[r, c].sum(), rtol=0, atol=1e-6)
            ok &= bool(same)
            lj = f"{t_lj:9.3f}" if t_lj is not None else f"{'-':>9s}"
            ratio_lj = f"{t_eig / t_lj:10.2f}" if t_lj else f"{'-':>10s}"
            name = f"{shape[0]}x{shape[1]} {kind}"
            print(f"{name:28s} {t_eig:9.3f} {t_sp:9.3f} {lj} {t_eig / t_sp:10.2f} {ratio_lj}  {same}")
    return ok


def flow_instance(teams, mentors, cost_hi, seed=2024, skewed=False):
    rng = np.random.default_rng(seed)
    mask = rng.random((mentors, teams)) >= 0.01  # 1% conflicts of interest
    agents, tasks = np.nonzero(mask)
    costs = rng.integers(0, cost_hi, size=len(agents)).astype(np.int64)
    if skewed:
        # Every team prefers the same mentors: the cost grows with the mentor's index.
        costs = costs // 10 + agents * cost_hi // mentors
    return agents, tasks, costs, np.full(teams, 3), np.full(mentors, 6)


def flow_pair(teams, mentors, cost_hi, repeat, skewed=False):
    """eig and OR-Tools on one instance: (eig time, OR-Tools time, same objective, n pairs)."""
    from eig.assignment import capacitated_assignment

    agents, tasks, costs, demand, max_load = flow_instance(teams, mentors, cost_hi, skewed=skewed)
    t_eig, (a, t) = timed(lambda: capacitated_assignment(agents, tasks, costs, demand=demand, max_load=max_load), repeat)
    ours = int(costs[np.searchsorted(agents * teams + tasks, a * teams + t)].sum())
    try:
        from ortools.graph.python import min_cost_flow
    except ImportError:
        return t_eig, None, None, ours, len(agents)

    def run_ortools():
        smcf = min_cost_flow.SimpleMinCostFlow()
        source, sink = mentors + teams, mentors + teams + 1
        smcf.add_arcs_with_capacity_and_unit_cost(np.full(mentors, source), np.arange(mentors), max_load, np.zeros(mentors, dtype=np.int64))
        smcf.add_arcs_with_capacity_and_unit_cost(agents, mentors + tasks, np.ones(len(agents), dtype=np.int64), costs)
        smcf.add_arcs_with_capacity_and_unit_cost(mentors + np.arange(teams), np.full(teams, sink), demand, np.zeros(teams, dtype=np.int64))
        smcf.set_nodes_supplies(np.array([source, sink]), np.array([3 * teams, -3 * teams]))
        status = smcf.solve()
        return smcf.optimal_cost() if status == smcf.OPTIMAL else None

    t_or, theirs = timed(run_ortools, repeat)
    return t_eig, t_or, ours == theirs, ours, len(agents)


def bench_flow(teams, mentors, repeat, scaling=True):
    """Capacitated assignment against OR-Tools, on three cost ranges, then at 0.5x to 4x the size."""
    print(f"\ncapacitated assignment: {teams} teams x {mentors} mentors, demand 3, max load 6, 1% conflicts (best of {repeat})")
    print(f"{'costs':16s} {'pairs':>9s} {'eig':>9s} {'OR-Tools':>9s} {'eig/OR-Tools':>13s}  same objective")
    ok = True
    for hi, skewed in ((100, False), (10_000, False), (1_000_000, False), (10_000, True)):
        t_eig, t_or, same, cost, m = flow_pair(teams, mentors, hi, repeat, skewed)
        ok &= same is not False
        ratio = f"{t_eig / t_or:13.2f}" if t_or else f"{'-':>13s}"
        t_or_s = f"{t_or:9.3f}" if t_or else f"{'-':>9s}"
        name = "0-" + str(hi - 1) + (" skewed" if skewed else "")
        print(f"{name:16s} {m:9d} {t_eig:9.3f} {t_or_s} {ratio}  {same} (optimum {cost})")
    if scaling:
        print("\nscaling, costs 0-9999: at size f, teams and mentors times sqrt(f), so f times the pairs")
        print(f"{'f':>5s} {'pairs':>9s} {'eig':>9s} {'OR-Tools':>9s} {'eig/OR-Tools':>13s}  same objective")
        for f in (0.5, 1, 2, 4):
            tm, mm = int(teams * f**0.5), int(mentors * f**0.5)
            t_eig, t_or, same, cost, m = flow_pair(tm, mm, 10_000, 1)
            ok &= same is not False
            ratio = f"{t_eig / t_or:13.2f}" if t_or else f"{'-':>13s}"
            t_or_s = f"{t_or:9.3f}" if t_or else f"{'-':>9s}"
            print(f"{f:5.1f} {m:9d} {t_eig:9.3f} {t_or_s} {ratio}  {same}")
    return ok


def hr_instance(n_res, n_hosp, k, seed):
    rng = random.Random(seed)
    names = [f"h{j}" for j in range(n_hosp)]
    residents = {f"r{i}": rng.sample(names, k) for i in range(n_res)}
    hospitals = {h: [] for h in names}
    for r, hs in residents.items():
        for h in hs:
            hospitals[h].append(r)
    for h in hospitals:
        rng.shuffle(hospitals[h])
    capacities = {h: max(1, n_res // n_hosp) for h in names}
    return residents, hospitals, capacities


def hr_arrays(residents, hospitals, capacities):
    """The dict instance as one row per acceptable pair (integer arrays), outside the timing."""
    h_names = list(hospitals)
    h_index = {h: j for j, h in enumerate(h_names)}
    r_index = {r: i for i, r in enumerate(residents)}
    h_rank = {h: {r: k for k, r in enumerate(rs)} for h, rs in hospitals.items()}
    rows = [(r_index[r], h_index[h], k, h_rank[h][r]) for r, hs in residents.items() for k, h in enumerate(hs)]
    cols = [np.array(c, dtype=np.int64) for c in zip(*rows)]
    return cols, np.array([capacities[h] for h in h_names], dtype=np.int64)


def bench_stable(cases, national):
    from eig.assignment import hospital_residents_arrays

    ok = True
    print("\nhospital-residents, resident-optimal (best of 3)")
    print(f"{'case':28s} {'eig':>9s} {'arrays':>9s} {'matching':>9s} {'matching/eig':>13s}  identical")
    for n_res, n_hosp, k in cases:
        residents, hospitals, capacities = hr_instance(n_res, n_hosp, k, n_res)
        t_eig, ours = timed(lambda: hospital_residents(residents, hospitals, capacities), 3)
        cols, caps = hr_arrays(residents, hospitals, capacities)
        t_arr, hosp_of = timed(lambda: hospital_residents_arrays(*cols, caps, n_residents=n_res), 3)
        h_names, r_names = list(hospitals), list(residents)
        from_arrays = {h: [] for h in h_names}
        for i, j in enumerate(hosp_of.tolist()):
            if j >= 0:
                from_arrays[h_names[j]].append(r_names[i])
        ok &= {h: sorted(v) for h, v in from_arrays.items()} == {h: sorted(v) for h, v in ours.items()}
        try:
            from matching.games import HospitalResident

            def run_matching():
                game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
                return game.solve(optimal="resident")

            try:
                t_m, theirs = timed(run_matching, 3)
            except RecursionError:
                print(f"{n_res}x{n_hosp} ({k} choices){'':8s} {t_eig:9.4f} {t_arr:9.4f}  matching raised RecursionError")
                continue
            theirs = {h.name: sorted(r.name for r in rs) for h, rs in theirs.items()}
            same = {h: sorted(rs) for h, rs in ours.items()} == theirs
            ok &= same
            print(f"{n_res}x{n_hosp} ({k} choices){'':8s} {t_eig:9.4f} {t_arr:9.4f} {t_m:9.3f} {t_m / t_eig:13.0f}  {same}")
        except ImportError:
            print(f"{n_res}x{n_hosp} ({k} choices){'':8s} {t_eig:9.4f} {t_arr:9.4f}  (matching not installed)")
    if national:
        n_res, n_hosp, k = 100_000, 2_000, 10
        residents, hospitals, capacities = hr_instance(n_res, n_hosp, k, 7)
        t_eig, ours = timed(lambda: hospital_residents(residents, hospitals, capacities), 3)
        cols, caps = hr_arrays(residents, hospitals, capacities)
        t_arr, _ = timed(lambda: hospital_residents_arrays(*cols, caps, n_residents=n_res), 3)
        placed = sum(len(v) for v in ours.values())
        print(f"national {n_res}x{n_hosp}x{k}: {t_eig:.3f} s from Python dicts, {t_arr:.3f} s from arrays ({placed} placed)")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller sizes, one repeat")
    args = ap.parse_args()
    if args.quick:
        ok = bench_lsa([(500, 500), (500, 1000)], 1)
        ok &= bench_flow(400, 240, 1, scaling=False)
        ok &= bench_stable([(2000, 45, 5)], national=False)
    else:
        ok = bench_lsa([(1000, 1000), (2000, 2000), (4000, 4000), (5000, 5000), (2000, 4000)], 3)
        ok &= bench_flow(2000, 1200, 3)
        ok &= bench_stable([(2000, 45, 5), (20_000, 450, 5)], national=True)
    import bench_scoring

    print("\nscoring, against numpy and pandas")
    ok &= bench_scoring.run(*((1000, 20, 5, 1) if args.quick else (10_000, 20, 5, 5)))
    print("\nall results agree:", ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
