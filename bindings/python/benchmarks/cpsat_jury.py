"""The jury plan's programme given to OR-Tools CP-SAT: the same variables, rules and objective
as the library's planner (core/src/placement/jury/model.rs), written here again from the
input document, so that the two optima can be compared.

    python cpsat_jury.py jury-plan.json [--time-limit 60]
"""

from __future__ import annotations

import argparse
import json
import time
import unicodedata


def fold(text: str) -> str:
    """Accents, case and spaces folded, as the library compares names."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.lower().replace("’", "'").split())


def conflicted(plan: dict, juror: dict, item: dict) -> bool:
    hosts = {fold(h) for h in item.get("hosts", [])}
    if juror.get("organisation") and fold(juror["organisation"]) in hosts:
        return True
    declared = juror.get("conflicts", {})
    if any(fold(o) in hosts for o in declared.get("organisations", [])):
        return True
    if item["id"] in declared.get("items", []):
        return True
    return any(
        p["juror"] == juror["id"] and p["item"] == item["id"] for p in plan.get("forbidden", [])
    )


def solve(plan: dict, time_limit: float = 60.0, workers: int = 1) -> dict:
    """The optimum CP-SAT finds: objective (in the library's units), status and seconds."""
    from ortools.sat.python import cp_model

    weights = {"coverage": 10.0, "same_organisation": 3.0, "extra_sitting": 1.0}
    weights.update(plan.get("weights", {}))
    # CP-SAT takes integer coefficients: the weights times 1000.
    scale = 1000
    w = {k: round(v * scale) for k, v in weights.items()}
    rules = plan["panel_rules"]
    slots, jurors, items = plan["slots"], plan["jurors"], plan["items"]
    ni, np_, nj = len(items), len(slots), len(jurors)
    halves = {}
    for s in slots:
        halves.setdefault((s["day"], s["half_day"]), len(halves))
    time_of = [halves[(s["day"], s["half_day"])] for s in slots]
    slot_ids = [s["id"] for s in slots]

    def load(j):
        return {"min": 0, "max": 1, **j.get("load", {})}

    can = [
        [
            load(j)["max"] > 0 and (j.get("slots") is None or slot_ids[p] in j["slots"])
            for p in range(np_)
        ]
        for j in jurors
    ]
    conflict = [[conflicted(plan, j, i) for i in items] for j in jurors]
    has = [{fold(q) for q in j.get("profiles", [])} for j in jurors]
    relevant = [
        [i for i in range(ni) if any(fold(q) in has[j] for q in items[i].get("profiles", []))]
        for j in range(nj)
    ]
    orgs = {}
    org_of = [
        orgs.setdefault(fold(j["organisation"]), len(orgs)) if j.get("organisation") else None
        for j in jurors
    ]
    m = cp_model.CpModel()
    x = [[m.NewBoolVar(f"x{i}_{p}") for p in range(np_)] for i in range(ni)]
    u = [m.NewBoolVar(f"u{p}") for p in range(np_)]
    y = [[m.NewBoolVar(f"y{j}_{p}") if can[j][p] else None for p in range(np_)] for j in range(nj)]
    referent = rules.get("referent", True)
    r = [
        [
            m.NewBoolVar(f"r{j}_{p}")
            if referent and jurors[j].get("can_be_referent") and can[j][p]
            else None
            for p in range(np_)
        ]
        for j in range(nj)
    ]
    objective = []
    for i in range(ni):
        m.AddExactlyOne(x[i])
    for p in range(np_):
        heard = sum(x[i][p] for i in range(ni))
        m.Add(heard >= rules["items"]["min"] * u[p])
        m.Add(heard <= rules["items"]["max"] * u[p])
        m.Add(sum(items[i].get("minutes", 40) * x[i][p] for i in range(ni)) <= slots[p].get("minutes", 180))
        seats = [y[j][p] for j in range(nj) if y[j][p] is not None]
        m.Add(sum(seats) >= rules["size"]["min"] * u[p])
        m.Add(sum(seats) <= rules["size"]["max"] * u[p])
        if referent:
            m.Add(sum(r[j][p] for j in range(nj) if r[j][p] is not None) == u[p])
            for j in range(nj):
                if r[j][p] is not None:
                    m.AddImplication(r[j][p], y[j][p])
        for o in range(len(orgs)):
            members = [y[j][p] for j in range(nj) if org_of[j] == o and y[j][p] is not None]
            if len(members) < 2:
                continue
            cap = rules.get("max_per_organisation")
            if cap is not None and len(members) > cap:
                m.Add(sum(members) <= cap)
            if w["same_organisation"] > 0:
                e = m.NewIntVar(0, len(members), f"e{o}_{p}")
                m.Add(e >= sum(members) - 1)
                objective.append(-w["same_organisation"] * e)
        for q in rules.get("profiles", []):
            m.Add(sum(y[j][p] for j in range(nj) if fold(q) in has[j] and y[j][p] is not None) >= u[p])
        for i in range(ni):
            for q in items[i].get("profiles", []):
                m.Add(
                    sum(
                        y[j][p]
                        for j in range(nj)
                        if fold(q) in has[j] and not conflict[j][i] and y[j][p] is not None
                    )
                    >= x[i][p]
                )
        for j in range(nj):
            if y[j][p] is None:
                continue
            for i in range(ni):
                if conflict[j][i]:
                    m.AddBoolOr([y[j][p].Not(), x[i][p].Not()])
            if w["coverage"] > 0 and relevant[j]:
                t = m.NewBoolVar(f"t{j}_{p}")
                m.AddImplication(t, y[j][p])
                m.AddBoolOr([t.Not()] + [x[i][p] for i in relevant[j]])
                objective.append(w["coverage"] * t)
    for pin in plan.get("forced", []):
        i = next(k for k, it in enumerate(items) if it["id"] == pin["item"])
        j = next(k for k, ju in enumerate(jurors) if ju["id"] == pin["juror"])
        for p in range(np_):
            if y[j][p] is None:
                m.Add(x[i][p] == 0)
            else:
                m.AddImplication(x[i][p], y[j][p])
    for j in range(nj):
        for half in range(len(halves)):
            same = [y[j][p] for p in range(np_) if time_of[p] == half and y[j][p] is not None]
            if len(same) > 1:
                m.AddAtMostOne(same)
        sits = [y[j][p] for p in range(np_) if y[j][p] is not None]
        lo, hi = load(jurors[j])["min"], load(jurors[j])["max"]
        m.Add(sum(sits) >= lo)
        m.Add(sum(sits) <= hi)
        if w["extra_sitting"] > 0 and len(sits) > 1 and hi > 1:
            s = m.NewIntVar(0, len(sits), f"s{j}")
            m.Add(s >= sum(sits) - 1)
            objective.append(-w["extra_sitting"] * s)
    m.Maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    started = time.perf_counter()
    status = solver.Solve(m)
    seconds = time.perf_counter() - started
    names = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible", cp_model.INFEASIBLE: "infeasible"}
    out = {"status": names.get(status, "unknown"), "seconds": seconds}
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        out["objective"] = solver.ObjectiveValue() / scale
        out["bound"] = solver.BestObjectiveBound() / scale
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with open(args.file, encoding="utf-8") as f:
        plan = json.load(f)
    print(json.dumps(solve(plan, args.time_limit, args.workers)))


if __name__ == "__main__":
    main()
