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
_blocking_pairs_dicts = guarded(_eig.blocking_pairs_dicts)
_hospital_residents_dicts = guarded(_eig.hospital_residents_dicts)
_hospital_residents_arrays = guarded(_eig.hospital_residents_arrays)
_capacitated = guarded(_eig.capacitated)

InfeasibleError = _eig.InfeasibleError

__all__ = [
    "InfeasibleError",
    "capacitated_assignment",
    "check_stability",
    "hospital_residents",
    "hospital_residents_arrays",
    "hospital_residents_table",
    "linear_sum_assignment",
]


# Integers within this bound are solved exactly (in int128); past it, as floats, as scipy does.
_EXACT_INT = 2**100
_lsa_wide = guarded(_eig.lsa_wide)


def linear_sum_assignment(cost_matrix: Any, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Solve the linear sum assignment problem, with scipy's signature and result.

    ``cost_matrix`` is a 2-D array or nested list (rectangular allowed). Integer matrices are
    solved exactly: int64 in place, and unsigned 64-bit or Python integers past
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
            return _lsa_wide(a.shape[0], a.shape[1], [int(x) for x in flat], maximize)
        try:
            a = a.astype(np.float64)
        except (TypeError, ValueError) as e:
            raise TypeError(f"expected a numeric matrix: {e}") from None
    if a.dtype.kind == "u" and a.dtype.itemsize == 8:
        return _lsa(np.ascontiguousarray(a), maximize)
    if a.dtype.kind == "b":
        # As floats, as scipy: a boolean matrix gives the assignment of its 0.0/1.0 matrix.
        return _lsa(np.ascontiguousarray(a, dtype=np.float64), maximize)
    if a.dtype.kind in "iu":
        return _lsa(np.ascontiguousarray(a, dtype=np.int64), maximize)
    if a.dtype.kind not in "f":
        raise TypeError(f"expected a numeric matrix, got dtype {a.dtype}")
    return _lsa(np.ascontiguousarray(a, dtype=np.float64), maximize)


def _as_dict(mapping, what):
    """A Mapping as a dict (read in one pass by the native side)."""
    if isinstance(mapping, dict):
        return mapping
    try:
        return dict(mapping)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{what} must be a mapping: {e}") from None


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
    return _blocking_pairs_dicts(
        _as_dict(residents, "residents"),
        _as_dict(hospitals, "hospitals"),
        capacities,
        _as_dict(matching, "matching"),
    )


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
    return _hospital_residents_dicts(
        _as_dict(residents, "residents"), _as_dict(hospitals, "hospitals"), capacities, optimal
    )


def hospital_residents_arrays(
    resident: Any,
    hospital: Any,
    resident_rank: Any,
    hospital_rank: Any,
    capacities: Any,
    optimal: str = "resident",
    n_residents: int | None = None,
) -> np.ndarray:
    """Hospital–residents from one row per acceptable pair, as integer arrays.

    ``resident[k]`` and ``hospital[k]`` are indices (residents ``0..n_residents``, hospitals
    ``0..len(capacities)``); ``resident_rank[k]`` is the rank the resident gives the hospital
    and ``hospital_rank[k]`` the rank the hospital gives the resident (lower is better, any
    integers). Returns the hospital of each resident, ``-1`` when unmatched. A pair listed
    twice, or two partners given the same rank, is a ``ValueError`` naming them.

    >>> hospital_residents_arrays([0, 0, 1], [0, 1, 0], [1, 2, 1], [2, 1, 1], [1, 1]).tolist()
    [1, 0]
    """
    cols = [_int_column(x, name) for x, name in (
        (resident, "resident"), (hospital, "hospital"),
        (resident_rank, "resident_rank"), (hospital_rank, "hospital_rank"))]
    caps = _int_column(capacities, "capacities")
    if n_residents is None:
        n_residents = int(cols[0].max()) + 1 if len(cols[0]) else 0
    return _hospital_residents_arrays(*cols, caps, optimal, int(n_residents))


def hospital_residents_table(
    table: Any,
    capacities: Mapping[Hashable, int] | Any,
    optimal: str = "resident",
    resident: str = "resident",
    hospital: str = "hospital",
    resident_rank: str = "resident_rank",
    hospital_rank: str = "hospital_rank",
) -> dict[str, np.ndarray]:
    """Hospital–residents from a table with one row per acceptable pair: a pandas or polars
    DataFrame, a pyarrow Table, or a dict of columns, with the columns ``resident``,
    ``hospital``, ``resident_rank`` and ``hospital_rank`` (other names can be given).
    ``capacities`` maps each hospital to its seats (a dict or a pandas Series; every hospital
    of the table needs one). Residents and hospitals may be named by anything numpy can sort
    (integers, strings). Returns the matched pairs as columns ``{"resident": ..., "hospital":
    ...}``, residents in sorted order, ready for ``pandas.DataFrame(...)``.

    >>> rows = {"resident": ["ana", "ana", "bo"], "hospital": ["x", "y", "x"],
    ...         "resident_rank": [1, 2, 1], "hospital_rank": [2, 1, 1]}
    >>> {k: v.tolist() for k, v in hospital_residents_table(rows, {"x": 1, "y": 1}).items()}
    {'resident': ['ana', 'bo'], 'hospital': ['y', 'x']}
    """
    def column(name):
        try:
            values = table[name]
        except (KeyError, IndexError, TypeError) as e:
            raise ValueError(f"the table has no column {name!r}") from e
        if hasattr(values, "to_numpy"):
            values = values.to_numpy()
        return np.asarray(values)

    r_names, r_codes = np.unique(column(resident), return_inverse=True)
    h_names, h_codes = np.unique(column(hospital), return_inverse=True)
    caps = []
    for h in h_names.tolist():
        try:
            caps.append(capacities[h])
        except (KeyError, IndexError) as e:
            raise ValueError(f"no capacity for hospital {h!r}") from e
    caps_arr = _int_column(caps, "capacities")
    hosp_of = _hospital_residents_arrays(
        r_codes.astype(np.int64).ravel(),
        h_codes.astype(np.int64).ravel(),
        _int_column(column(resident_rank), resident_rank),
        _int_column(column(hospital_rank), hospital_rank),
        caps_arr,
        optimal,
        len(r_names),
        (list(r_names.tolist()), list(h_names.tolist())),
    )
    matched = hosp_of >= 0
    return {"resident": r_names[matched], "hospital": h_names[hosp_of[matched]]}


def _int_column(values: Any, name: str) -> np.ndarray:
    """A 1-D int64 array of whole numbers (integral floats and bools accepted)."""
    a = np.asarray(values)
    if a.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got {a.ndim} dimensions")
    if a.dtype.kind == "f":
        if not np.all(np.isfinite(a) & (a == np.round(a))):
            raise ValueError(f"{name} must hold whole numbers")
    elif a.dtype.kind not in "iub" and len(a):
        raise TypeError(f"{name} must hold integers, got dtype {a.dtype}")
    return np.ascontiguousarray(a, dtype=np.int64)


def _whole_list(name: str, values: Any) -> list[int]:
    """The values as whole numbers; a fraction (``1.5``), a non-finite number or a non-number is
    refused with its position, never truncated."""
    out = []
    for k, x in enumerate(values):
        if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)):
            raise ValueError(f"{name}[{k}] must be a whole number, not {x!r}")
        if isinstance(x, (float, np.floating)) and not (np.isfinite(x) and float(x).is_integer()):
            raise ValueError(f"{name}[{k}] must be a whole number, not {x!r}")
        out.append(int(x))
    return out


def _whole_array(name: str, values: Any) -> np.ndarray:
    """An array of whole numbers as int64; fractions are refused with their position."""
    arr = np.asarray(values)
    if arr.dtype.kind == "f":
        bad = ~(np.isfinite(arr) & (np.mod(arr, 1) == 0))
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            raise ValueError(f"{name}[{k}] must be a whole number, not {arr.flat[k]!r}")
    elif arr.dtype.kind not in "iu" and arr.size:
        raise ValueError(f"{name} must hold whole numbers, not {arr.dtype}")
    return np.ascontiguousarray(arr, dtype=np.int64)


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
    a = _whole_array("agents", agents)
    t = _whole_array("tasks", tasks)
    c = np.asarray(costs)
    n_agents = len(max_load)
    mins = [0] * n_agents if min_load is None else _whole_list("min_load", min_load)
    pairs = [tuple(_whole_list(f"forced[{k}]", pair)) for k, pair in enumerate(forced)]
    args = (_whole_list("demand", demand), _whole_list("max_load", max_load), mins, pairs, bool(maximize))
    if c.dtype.kind == "u" and c.dtype.itemsize == 8:
        return _capacitated(a, t, np.ascontiguousarray(c), *args)
    dtype = np.int64 if c.dtype.kind in "iub" else np.float64
    return _capacitated(a, t, np.ascontiguousarray(c, dtype=dtype), *args)
