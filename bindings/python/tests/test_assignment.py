"""The assignment engines from Python, checked against scipy and `matching` on the same inputs."""

import random

import numpy as np
import pytest

import eig
from eig.assignment import InfeasibleError, hospital_residents, linear_sum_assignment

scipy_optimize = pytest.importorskip("scipy.optimize")


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("shape", [(7, 7), (5, 9), (9, 5), (40, 40), (30, 60)])
@pytest.mark.parametrize("maximize", [False, True])
def test_same_optimum_and_assignment_as_scipy(seed, shape, maximize):
    rng = np.random.default_rng(seed)
    cost = rng.random(shape)
    rows, cols = linear_sum_assignment(cost, maximize=maximize)
    s_rows, s_cols = scipy_optimize.linear_sum_assignment(cost, maximize=maximize)
    # Random reals have one optimum: the very same assignment.
    assert rows.tolist() == s_rows.tolist()
    assert cols.tolist() == s_cols.tolist()
    assert rows.dtype == np.int64 and cols.dtype == np.int64


@pytest.mark.parametrize("seed", range(20))
def test_integers_with_ties_and_forbidden_pairs(seed):
    rng = np.random.default_rng(seed)
    cost = rng.integers(0, 5, size=(12, 15))
    rows, cols = linear_sum_assignment(cost)
    s_rows, s_cols = scipy_optimize.linear_sum_assignment(cost)
    assert cost[rows, cols].sum() == cost[s_rows, s_cols].sum()
    assert len(set(cols.tolist())) == len(cols)
    f = rng.random((10, 10))
    f[rng.random((10, 10)) < 0.3] = np.inf
    try:
        s_rows, s_cols = scipy_optimize.linear_sum_assignment(f)
    except ValueError:
        with pytest.raises(InfeasibleError):
            linear_sum_assignment(f)
        return
    rows, cols = linear_sum_assignment(f)
    assert f[rows, cols].sum() == pytest.approx(f[s_rows, s_cols].sum())


def test_errors_are_clear():
    with pytest.raises(InfeasibleError) as info:
        linear_sum_assignment([[1.0, 2.0, np.inf], [np.inf, 4.0, np.inf], [np.inf, 5.0, np.inf]])
    assert isinstance(info.value, ValueError)
    assert (info.value.rows, info.value.cols) == ([1, 2], [1])
    assert str(info.value) == "infeasible: rows [1, 2] can only use columns [1], 2 rows for 1 columns"
    with pytest.raises(ValueError, match="invalid cost NaN at row 0, column 1"):
        linear_sum_assignment([[1.0, np.nan], [0.0, 0.0]])
    with pytest.raises(ValueError, match="invalid cost -inf"):
        linear_sum_assignment([[-np.inf]])
    with pytest.raises(ValueError, match="expected a matrix"):
        linear_sum_assignment([1.0, 2.0])
    with pytest.raises(TypeError, match="numeric"):
        linear_sum_assignment([["a"]])
    empty = linear_sum_assignment(np.zeros((0, 3)))
    assert empty[0].tolist() == [] and empty[1].tolist() == []
    # Fortran order and other dtypes are accepted (copied once).
    f = np.asfortranarray(np.array([[3.0, 1.0], [1.0, 3.0]], dtype=np.float32))
    assert linear_sum_assignment(f)[1].tolist() == [1, 0]


def random_instance(rng, n_res, n_hosp, k):
    residents = {f"r{i}": rng.sample([f"h{j}" for j in range(n_hosp)], k) for i in range(n_res)}
    hospitals = {f"h{j}": [] for j in range(n_hosp)}
    for r, hs in residents.items():
        for h in hs:
            hospitals[h].append(r)
    for h in hospitals:
        rng.shuffle(hospitals[h])
    capacities = {h: rng.randint(1, 3) for h in hospitals}
    return residents, hospitals, capacities


def matching_solution(residents, hospitals, capacities, optimal):
    from matching.games import HospitalResident

    game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
    solved = game.solve(optimal=optimal)
    return {h.name: sorted(r.name for r in rs) for h, rs in solved.items()}


@pytest.mark.parametrize("seed", range(15))
@pytest.mark.parametrize("optimal", ["resident", "hospital"])
def test_same_stable_matching_as_the_matching_library(seed, optimal):
    pytest.importorskip("matching")
    rng = random.Random(seed)
    residents, hospitals, capacities = random_instance(rng, 30, 6, 3)
    ours = hospital_residents(residents, hospitals, capacities, optimal=optimal)
    theirs = matching_solution(residents, hospitals, capacities, optimal)
    assert {h: sorted(rs) for h, rs in ours.items()} == theirs
    assert eig.assignment.check_stability(residents, hospitals, capacities, ours) == []
    # Residents come in the hospital's order of preference.
    for h, rs in ours.items():
        assert rs == sorted(rs, key=hospitals[h].index)


def test_stable_matching_errors():
    with pytest.raises(ValueError, match="ranks unknown hospital 'z'"):
        hospital_residents({"a": ["z"]}, {"x": ["a"]}, {"x": 1})
    with pytest.raises(ValueError, match="no capacity"):
        hospital_residents({"a": ["x"]}, {"x": ["a"]}, {})
    with pytest.raises(ValueError, match="resident 'a' ranks hospital 'x' twice"):
        hospital_residents({"a": ["x", "x"]}, {"x": ["a"]}, {"x": 1})
    with pytest.raises(ValueError, match="optimal must be"):
        hospital_residents({"a": ["x"]}, {"x": ["a"]}, {"x": 1}, optimal="both")
    assert eig.assignment.hospital_residents({}, {}, {}) == {}


def ortools_cost(agents, tasks, costs, demand, max_load):
    from ortools.graph.python import min_cost_flow

    n_agents, n_tasks = len(max_load), len(demand)
    source, sink = n_agents + n_tasks, n_agents + n_tasks + 1
    smcf = min_cost_flow.SimpleMinCostFlow()
    for a in range(n_agents):
        smcf.add_arc_with_capacity_and_unit_cost(source, a, int(max_load[a]), 0)
    for a, t, c in zip(agents, tasks, costs):
        smcf.add_arc_with_capacity_and_unit_cost(int(a), n_agents + int(t), 1, int(c))
    for t in range(n_tasks):
        smcf.add_arc_with_capacity_and_unit_cost(n_agents + t, sink, int(demand[t]), 0)
    total = int(sum(demand))
    smcf.set_node_supply(source, total)
    smcf.set_node_supply(sink, -total)
    status = smcf.solve()
    return smcf.optimal_cost() if status == smcf.OPTIMAL else None


@pytest.mark.parametrize("seed", range(25))
def test_capacitated_assignment_matches_ortools(seed):
    pytest.importorskip("ortools")
    from eig.assignment import capacitated_assignment

    rng = np.random.default_rng(seed)
    n_agents, n_tasks = 12, 20
    mask = rng.random((n_agents, n_tasks)) > 0.1
    agents, tasks = np.nonzero(mask)
    costs = rng.integers(0, 100, size=len(agents))
    demand = rng.integers(1, 3, size=n_tasks)
    max_load = rng.integers(2, 6, size=n_agents)
    want = ortools_cost(agents, tasks, costs, demand, max_load)
    try:
        a, t = capacitated_assignment(agents, tasks, costs, demand=demand, max_load=max_load)
    except InfeasibleError:
        assert want is None
        return
    lookup = {(int(x), int(y)): int(c) for x, y, c in zip(agents, tasks, costs)}
    assert sum(lookup[(int(x), int(y))] for x, y in zip(a, t)) == want
    assert np.bincount(t, minlength=n_tasks).tolist() == demand.tolist()
    assert (np.bincount(a, minlength=n_agents) <= max_load).all()


def test_capacitated_assignment_bounds_and_errors():
    from eig.assignment import capacitated_assignment

    # Mentor 1 must take two teams; the cheaper solution would give it none.
    a, t = capacitated_assignment([0, 0, 1, 1], [0, 1, 0, 1], [1, 1, 9, 9], demand=[1, 1], max_load=[2, 2], min_load=[0, 2])
    assert list(zip(a.tolist(), t.tolist())) == [(1, 0), (1, 1)]
    a, t = capacitated_assignment([0, 1], [0, 0], [1, 9], demand=[1], max_load=[1, 1], forced=[(1, 0)])
    assert list(zip(a.tolist(), t.tolist())) == [(1, 0)]
    with pytest.raises(InfeasibleError, match="task 0 needs 2 agents, only 1 are allowed"):
        capacitated_assignment([0], [0], [1], demand=[2], max_load=[3])
    with pytest.raises(ValueError, match="invalid cost NaN"):
        capacitated_assignment([0], [0], [np.nan], demand=[1], max_load=[1])
    with pytest.raises(ValueError, match="same length"):
        capacitated_assignment([0, 1], [0], [1], demand=[1], max_load=[1, 1])


def test_check_stability_finds_blocking_pairs():
    from eig.assignment import check_stability

    prefs = ({"a": ["x", "y"], "b": ["x", "y"]}, {"x": ["a", "b"], "y": ["a", "b"]}, {"x": 1, "y": 1})
    assert check_stability(*prefs, {"x": ["b"], "y": ["a"]}) == [("a", "x")]
    assert check_stability(*prefs, {"x": ["a"], "y": ["b"]}) == []
    with pytest.raises(ValueError, match="matched twice"):
        check_stability(*prefs, {"x": ["a"], "y": ["a"]})
