"""Assignment engines: a drop-in for scipy's ``linear_sum_assignment``, and stable matching.

>>> import numpy as np
>>> from eig.assignment import linear_sum_assignment
>>> cost = np.array([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
>>> rows, cols = linear_sum_assignment(cost)
>>> rows.tolist(), cols.tolist(), int(cost[rows, cols].sum())
([0, 1, 2], [1, 0, 2], 5)
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np

from . import _eig
from ._guard import guarded

# The native solvers, each guarded: a Rust panic (a bug) raises InternalError.
_lsa = guarded(_eig.lsa)
_blocking_pairs = guarded(_eig.blocking_pairs)
_stable_matching = guarded(_eig.stable_matching)
_capacitated = guarded(_eig.capacitated)

InfeasibleError = _eig.InfeasibleError

__all__ = [
    "InfeasibleError",
    "capacitated_assignment",
    "check_stability",
    "hospital_residents",
    "linear_sum_assignment",
]


# Integers within this bound are solved exactly (in int128); past it, as floats, as scipy does.
_EXACT_INT = 2**100
_FORBIDDEN_INT = 2**63 - 1
_lsa_wide = guarded(_eig.lsa_wide)


def linear_sum_assignment(cost_matrix: Any, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Solve the linear sum assignment problem, with scipy's signature and result.

    ``cost_matrix`` is a 2-D array or nested list (rectangular allowed). Integer and boolean
    matrices are solved exactly: int64 in place, and unsigned 64-bit or Python integers past
    int64 (up to ±2^100) in 128-bit integers, never wrapped or rounded
    (``np.iinfo(np.int64).max`` marks a forbidden pair). Others are converted to float64 as
    scipy does (``Fraction``, ``Decimal``, integers past 2^100), where ``np.inf`` marks a
    forbidden pair, or ``-np.inf`` when maximising. A C-contiguous float64 or int64 array is
    read in place, without a copy. Returns ``(row_ind, col_ind)`` with rows ascending. An
    infeasible problem raises :class:`InfeasibleError` (a ``ValueError``) whose ``rows`` and
    ``cols`` name a Hall violator; NaN, or ``-inf`` (``+inf`` when maximising), raise
    ``ValueError``.

    >>> try:
    ...     linear_sum_assignment([[1.0, 2.0, np.inf], [np.inf, 4.0, np.inf], [np.inf, 5.0, np.inf]])
    ... except InfeasibleError as e:
    ...     print(e.rows, e.cols)
    [1, 2] [1]
    >>> linear_sum_assignment([[2**70, 1], [1, 2**70]])[1].tolist()
    [1, 0]
    """
    a = np.asarray(cost_matrix)
    if a.ndim != 2:
        raise ValueError(f"expected a matrix (2 dimensions), got {a.ndim}")
    maximize = bool(maximize)
    if a.dtype == object:
        flat = a.ravel().tolist()
        if all(isinstance(x, (int, np.integer)) for x in flat) and all(
            -_EXACT_INT <= x <= _EXACT_INT for x in flat
        ):
            wide = [2**127 - 1 if x == _FORBIDDEN_INT else int(x) for x in flat]
            return _lsa_wide(a.shape[0], a.shape[1], wide, maximize)
        try:
            a = a.astype(np.float64)
        except (TypeError, ValueError) as e:
            raise TypeError(f"expected a numeric matrix: {e}") from None
    if a.dtype.kind == "u" and a.dtype.itemsize == 8:
        return _lsa(np.ascontiguousarray(a), maximize)
    if a.dtype.kind in "iub":
        return _lsa(np.ascontiguousarray(a, dtype=np.int64), maximize)
    if a.dtype.kind not in "f":
        raise TypeError(f"expected a numeric matrix, got dtype {a.dtype}")
    return _lsa(np.ascontiguousarray(a, dtype=np.float64), maximize)


def _indexed(residents, hospitals, capacities):
    """Names to indices, with the checks that name the offending entry."""
    h_index = {h: k for k, h in enumerate(hospitals)}
    r_index = {r: k for k, r in enumerate(residents)}
    missing = [h for h in hospitals if h not in capacities]
    if missing:
        raise ValueError(f"no capacity for hospital(s) {missing[:5]!r}")
    unknown = [(r, h) for r, hs in residents.items() for h in hs if h not in h_index]
    if unknown:
        raise ValueError(f"resident {unknown[0][0]!r} ranks unknown hospital {unknown[0][1]!r}")
    unknown = [(h, r) for h, rs in hospitals.items() for r in rs if r not in r_index]
    if unknown:
        raise ValueError(f"hospital {unknown[0][0]!r} ranks unknown resident {unknown[0][1]!r}")
    for kind, lists in (("resident", residents), ("hospital", hospitals)):
        for name, ranked in lists.items():
            seen = set()
            for x in ranked:
                if x in seen:
                    other = "hospital" if kind == "resident" else "resident"
                    raise ValueError(f"{kind} {name!r} ranks {other} {x!r} twice")
                seen.add(x)
    caps = []
    for h in hospitals:
        c = capacities[h]
        # A whole number, as the integer it is (1, 1.0, np.int64(1), True).
        whole = isinstance(c, (int, np.integer)) or (
            isinstance(c, (float, np.floating)) and np.isfinite(c) and float(c).is_integer()
        )
        if not whole or c < 0:
            raise ValueError(f"the capacity of {h!r} must be a non-negative integer, not {c!r}")
        caps.append(int(c))
    res_lists = [[h_index[h] for h in hs] for hs in residents.values()]
    hosp_lists = [[r_index[r] for r in rs] for rs in hospitals.values()]
    return h_index, r_index, res_lists, hosp_lists, caps


def check_stability(
    residents: Mapping[Hashable, Sequence[Hashable]],
    hospitals: Mapping[Hashable, Sequence[Hashable]],
    capacities: Mapping[Hashable, int],
    matching: Mapping[Hashable, Sequence[Hashable]],
) -> list[tuple[Hashable, Hashable]]:
    """The blocking pairs of a matching (hospital → its residents): each (resident, hospital)
    that would both rather be together. An empty list means the matching is stable.

    >>> prefs = ({"ana": ["x", "y"], "bo": ["x"]}, {"x": ["bo", "ana"], "y": ["ana"]}, {"x": 1, "y": 1})
    >>> check_stability(*prefs, {"x": ["ana"], "y": []})
    [('bo', 'x')]
    >>> check_stability(*prefs, hospital_residents(*prefs))
    []
    """
    h_index, r_index, res_lists, hosp_lists, caps = _indexed(residents, hospitals, capacities)
    assignment: list[int | None] = [None] * len(r_index)
    for h, rs in matching.items():
        if h not in h_index:
            raise ValueError(f"the matching names unknown hospital {h!r}")
        for r in rs:
            if r not in r_index:
                raise ValueError(f"the matching names unknown resident {r!r}")
            if assignment[r_index[r]] is not None:
                raise ValueError(f"resident {r!r} is matched twice")
            assignment[r_index[r]] = h_index[h]
    r_names, h_names = list(residents), list(hospitals)
    return [(r_names[r], h_names[h]) for r, h in _blocking_pairs(res_lists, hosp_lists, caps, assignment)]


def hospital_residents(
    residents: Mapping[Hashable, Sequence[Hashable]],
    hospitals: Mapping[Hashable, Sequence[Hashable]],
    capacities: Mapping[Hashable, int],
    optimal: str = "resident",
) -> dict[Hashable, list[Hashable]]:
    """The resident- or hospital-optimal stable matching, shaped like ``matching``'s inputs.

    ``residents`` maps each resident to the hospitals it ranks, best first; ``hospitals`` maps
    each hospital to the residents it ranks; ``capacities`` maps each hospital to its number of
    seats. A pair is acceptable only when each side lists the other. Returns a dict from each
    hospital to its residents, best first by the hospital's ranking.

    >>> hospital_residents({"ana": ["x", "y"], "bo": ["x"]}, {"x": ["bo", "ana"], "y": ["ana"]}, {"x": 1, "y": 1})
    {'x': ['bo'], 'y': ['ana']}
    """
    h_index, r_index, res_lists, hosp_lists, caps = _indexed(residents, hospitals, capacities)
    r_names = list(residents)
    lists = _stable_matching(res_lists, hosp_lists, caps, optimal)
    return {h: [r_names[r] for r in lists[k]] for k, h in enumerate(hospitals)}


def capacitated_assignment(
    agents: Any,
    tasks: Any,
    costs: Any,
    demand: Sequence[int],
    max_load: Sequence[int],
    min_load: Sequence[int] | None = None,
    forced: Sequence[tuple[int, int]] = (),
    maximize: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Assign agents (mentors) to tasks (teams) at minimum total cost, as a min-cost flow.

    The allowed pairs are given as three arrays of equal length: ``agents[k]`` may serve
    ``tasks[k]`` at ``costs[k]`` (a pair not listed is forbidden, as for a conflict of
    interest). Task ``t`` gets exactly ``demand[t]`` distinct agents; agent ``a`` serves between
    ``min_load[a]`` (default 0) and ``max_load[a]`` tasks; ``forced`` pairs are always kept.
    Returns ``(agent_ind, task_ind)``, sorted. An infeasible problem raises
    :class:`InfeasibleError` naming the constraint that binds.

    >>> a, t = capacitated_assignment([0, 0, 1], [0, 1, 1], [1, 5, 2], demand=[1, 1], max_load=[1, 1])
    >>> list(zip(a.tolist(), t.tolist()))
    [(0, 0), (1, 1)]
    >>> capacitated_assignment([0, 0], [0, 1], [1, 1], demand=[1, 1], max_load=[1, 5])
    Traceback (most recent call last):
    ...
    eig.InfeasibleError: tasks [0, 1] need 2 assignments, but their allowed agents [0] have a total maximum load of 1
    """
    a = np.ascontiguousarray(np.asarray(agents), dtype=np.int64)
    t = np.ascontiguousarray(np.asarray(tasks), dtype=np.int64)
    c = np.asarray(costs)
    n_agents = len(max_load)
    mins = [0] * n_agents if min_load is None else [int(x) for x in min_load]
    args = ([int(x) for x in demand], [int(x) for x in max_load], mins, [(int(x), int(y)) for x, y in forced], bool(maximize))
    if c.dtype.kind == "u" and c.dtype.itemsize == 8:
        return _capacitated(a, t, np.ascontiguousarray(c), *args)
    dtype = np.int64 if c.dtype.kind in "iub" else np.float64
    return _capacitated(a, t, np.ascontiguousarray(c, dtype=dtype), *args)
