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


def _scipy_cases():
    from decimal import Decimal
    from fractions import Fraction

    return [
        # (cost matrix, maximize): scipy's own inputs, each with one optimum.
        (np.array([[10, -np.inf], [-np.inf, 1.0]]), True),  # -inf is forbidden when maximising
        (np.array([[2**64 - 1, 0], [0, 2**64 - 1]], np.uint64), False),  # exact, never wrapped
        (np.array([[1, 10**18], [10**18, 2]]), False),  # int64 past 2^52: exact in int128
        (np.array([[1, 10**18], [10**18, 2]]), True),
        ([[2**70, 1], [1, 2**70]], False),  # Python ints past int64
        ([[2**200, 1], [1, 2**200]], False),  # past 2^100: floats, as scipy
        ([[Fraction(1, 3), 1], [1, Fraction(1, 3)]], True),
        ([[Decimal("0.1"), 1], [1, Decimal("0.1")]], False),
        ([[True, False], [False, True]], False),
        (np.array([[2**63, 2**63 + 4096], [2**63 + 4096, 2**63]], np.uint64), False),
    ]


@pytest.mark.parametrize("case", range(10))
def test_scipy_inputs_give_scipys_answer(case):
    cost, maximize = _scipy_cases()[case]
    rows, cols = linear_sum_assignment(cost, maximize=maximize)
    s_rows, s_cols = scipy_optimize.linear_sum_assignment(cost, maximize=maximize)
    assert (rows.tolist(), cols.tolist()) == (s_rows.tolist(), s_cols.tolist())


def test_integers_stay_exact_where_scipy_rounds():
    # scipy adds these as float64, where 2**63 - 2 + 1 == 2**63 - 2 + 2: it takes row 0's 1, a
    # tie for it. Exact, the 2 is better.
    cost = np.array([[3, 1, 2], [2**63 - 2, 0, 5]], np.uint64)
    rows, cols = linear_sum_assignment(cost, maximize=True)
    assert cols.tolist() == [2, 0]
    assert linear_sum_assignment(cost.tolist(), maximize=True)[1].tolist() == [2, 0]


def test_the_int64_marker_forbids_a_pair_in_every_integer_path():
    # The off-diagonal pairs are cheaper unless the marker forbids them, in int64, uint64 and
    # Python integers past int64 alike.
    m = 2**63 - 1
    for cost in ([[2**70, m], [m, 1]], np.array([[2**60, m], [m, 1]], np.uint64), np.array([[2**60, m], [m, 1]])):
        assert linear_sum_assignment(cost)[1].tolist() == [0, 1]


def test_infinities_follow_scipy_when_maximising():
    # +inf cannot be maximised: an error in both, naming the place in ours.
    with pytest.raises(ValueError):
        scipy_optimize.linear_sum_assignment([[np.inf, 1.0], [1.0, 2.0]], maximize=True)
    with pytest.raises(ValueError, match="invalid cost inf at row 0, column 0: when maximising"):
        linear_sum_assignment([[np.inf, 1.0], [1.0, 2.0]], maximize=True)
    # A row of -inf when maximising is infeasible, as a row of +inf is when minimising.
    with pytest.raises(InfeasibleError):
        linear_sum_assignment([[-np.inf, -np.inf], [1.0, 2.0]], maximize=True)


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


def _as_rows(residents, hospitals):
    """The dict form as one row per acceptable pair (resident, hospital, both ranks)."""
    rows = []
    for r, hs in residents.items():
        for k, h in enumerate(hs):
            if r in hospitals[h]:
                rows.append((r, h, k, hospitals[h].index(r)))
    return rows


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("optimal", ["resident", "hospital"])
def test_arrays_and_tables_give_the_dict_matching(seed, optimal):
    from eig.assignment import hospital_residents_arrays, hospital_residents_table

    rng = random.Random(seed)
    residents, hospitals, capacities = random_instance(rng, 40, 7, 3)
    want = {h: sorted(rs) for h, rs in hospital_residents(residents, hospitals, capacities, optimal).items()}
    rows = _as_rows(residents, hospitals)
    r_names, h_names = sorted(residents), sorted(hospitals)
    # Ranks are any integers, lower better: scaled and shifted, the matching is the same.
    hosp_of = hospital_residents_arrays(
        [r_names.index(r) for r, _, _, _ in rows],
        [h_names.index(h) for _, h, _, _ in rows],
        [10 * k - 5 for _, _, k, _ in rows],
        np.array([float(k) for _, _, _, k in rows]),
        [capacities[h] for h in h_names],
        optimal=optimal,
        n_residents=len(r_names),
    )
    got = {h: sorted(r_names[i] for i in range(len(r_names)) if hosp_of[i] == j) for j, h in enumerate(h_names)}
    assert got == want
    pd = pytest.importorskip("pandas")
    table = pd.DataFrame(rows, columns=["resident", "hospital", "resident_rank", "hospital_rank"])
    pairs = pd.DataFrame(hospital_residents_table(table, pd.Series(capacities), optimal=optimal))
    assert {h: sorted(pairs.resident[pairs.hospital == h]) for h in h_names} == want


def test_array_errors_name_the_rows():
    from eig.assignment import hospital_residents_arrays, hospital_residents_table

    with pytest.raises(ValueError, match="resident 0 ranks hospital 1 twice"):
        hospital_residents_arrays([0, 0], [1, 1], [1, 2], [1, 1], [1, 1])
    with pytest.raises(ValueError, match="resident 0 gives the same rank 1 to hospitals 0 and 1"):
        hospital_residents_arrays([0, 0], [0, 1], [1, 1], [1, 1], [1, 1])
    with pytest.raises(ValueError, match=r"row 1 names resident 0 and hospital 5, out of range \(1 residents, 2 hospitals\)"):
        hospital_residents_arrays([0, 0], [0, 5], [1, 2], [1, 1], [1, 1])
    with pytest.raises(ValueError, match="same length"):
        hospital_residents_arrays([0, 0], [0], [1, 2], [1, 1], [1])
    with pytest.raises(ValueError, match="capacity of hospital 0 must be a non-negative integer, not -1"):
        hospital_residents_arrays([0], [0], [1], [1], [-1])
    with pytest.raises(ValueError, match="whole numbers"):
        hospital_residents_arrays([0], [0], [1.5], [1], [1])
    # In a table, by their names.
    rows = {"resident": ["ana", "ana"], "hospital": ["x", "y"], "resident_rank": [1, 1], "hospital_rank": [1, 1]}
    with pytest.raises(ValueError, match="resident 'ana' gives the same rank 1 to hospitals 'x' and 'y'"):
        hospital_residents_table(rows, {"x": 1, "y": 1})
    with pytest.raises(ValueError, match="no capacity for hospital 'y'"):
        hospital_residents_table(rows, {"x": 1})
    with pytest.raises(ValueError, match="no column 'rank'"):
        hospital_residents_table(rows, {"x": 1, "y": 1}, resident_rank="rank")


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


@pytest.mark.parametrize("seed", range(6))
def test_capacitated_assignment_on_wide_costs_and_candidate_rounds_matches_ortools(seed):
    """Costs up to 1e9, and instances past the size at which candidate pairs are tried
    first (some skewed: every task prefers the same agents, so rounds of pricing add pairs)."""
    pytest.importorskip("ortools")
    from eig.assignment import capacitated_assignment

    rng = np.random.default_rng(100 + seed)
    n_agents, n_tasks = (15, 25) if seed < 2 else (150, 250)
    mask = rng.random((n_agents, n_tasks)) > 0.05
    agents, tasks = np.nonzero(mask)
    costs = rng.integers(0, 10**9, size=len(agents))
    if seed % 2:
        costs = costs // 100 + agents * (10**9 // n_agents)
    demand = rng.integers(1, 4, size=n_tasks)
    max_load = np.full(n_agents, int(np.ceil(demand.sum() / n_agents)) + 1)
    want = ortools_cost(agents, tasks, costs, demand, max_load)
    a, t = capacitated_assignment(agents, tasks, costs, demand=demand, max_load=max_load)
    lookup = {(int(x), int(y)): int(c) for x, y, c in zip(agents, tasks, costs)}
    assert sum(lookup[(int(x), int(y))] for x, y in zip(a, t)) == want
    # The same costs as uint64 and as whole floats: the same optimum.
    for same in (costs.astype(np.uint64), costs.astype(np.float64)):
        a2, t2 = capacitated_assignment(agents, tasks, same, demand=demand, max_load=max_load)
        assert sum(lookup[(int(x), int(y))] for x, y in zip(a2, t2)) == want


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
    # A fraction is refused where it stands, never truncated.
    for kwargs, where in [
        ({"demand": [1.5]}, r"demand\[0\] must be a whole number, not 1.5"),
        ({"max_load": [1, np.float64(2.5)]}, r"max_load\[1\]"),
        ({"min_load": [0, float("nan")]}, r"min_load\[1\]"),
        ({"forced": [(0, 0.5)]}, r"forced\[0\]\[1\]"),
        ({"demand": ["1"]}, r"demand\[0\] must be a whole number, not '1'"),
    ]:
        args = {"demand": [1], "max_load": [1, 1], **kwargs}
        with pytest.raises(ValueError, match=where):
            capacitated_assignment([0, 1], [0, 0], [1, 2], **args)
    with pytest.raises(ValueError, match=r"agents\[1\] must be a whole number"):
        capacitated_assignment(np.array([0.0, 1.5]), [0, 0], [1, 2], demand=[1], max_load=[1, 1])
    a, t = capacitated_assignment(np.array([0.0, 1.0]), [0, 0], [1, 2], demand=[1.0], max_load=[1, 1])
    assert list(zip(a.tolist(), t.tolist())) == [(0, 0)]


def test_check_stability_finds_blocking_pairs():
    from eig.assignment import check_stability

    prefs = ({"a": ["x", "y"], "b": ["x", "y"]}, {"x": ["a", "b"], "y": ["a", "b"]}, {"x": 1, "y": 1})
    assert check_stability(*prefs, {"x": ["b"], "y": ["a"]}) == [("a", "x")]
    assert check_stability(*prefs, {"x": ["a"], "y": ["b"]}) == []
    with pytest.raises(ValueError, match="matched twice"):
        check_stability(*prefs, {"x": ["a"], "y": ["a"]})
