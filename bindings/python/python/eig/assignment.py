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

InfeasibleError = _eig.InfeasibleError

__all__ = ["InfeasibleError", "hospital_residents", "linear_sum_assignment"]


def linear_sum_assignment(cost_matrix: Any, maximize: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Solve the linear sum assignment problem, with scipy's signature and result.

    ``cost_matrix`` is a 2-D array (rectangular allowed). Integer and boolean matrices are
    solved exactly in int64 (``np.iinfo(np.int64).max`` marks a forbidden pair), others in
    float64 (``np.inf`` marks a forbidden pair). A C-contiguous float64 or int64 array is read
    in place, without a copy. Returns ``(row_ind, col_ind)`` with rows ascending. An
    infeasible problem raises :class:`InfeasibleError` (a ``ValueError``) whose ``rows`` and
    ``cols`` name a Hall violator; NaN or ``-inf`` raise ``ValueError``.

    >>> try:
    ...     linear_sum_assignment([[1.0, 2.0, np.inf], [np.inf, 4.0, np.inf], [np.inf, 5.0, np.inf]])
    ... except InfeasibleError as e:
    ...     print(e.rows, e.cols)
    [1, 2] [1]
    """
    a = np.asarray(cost_matrix)
    if a.ndim != 2:
        raise ValueError(f"expected a matrix (2 dimensions), got {a.ndim}")
    if a.dtype.kind in "iub":
        return _eig.lsa_i64(np.ascontiguousarray(a, dtype=np.int64), bool(maximize))
    if a.dtype.kind not in "f":
        raise TypeError(f"expected a numeric matrix, got dtype {a.dtype}")
    return _eig.lsa_f64(np.ascontiguousarray(a, dtype=np.float64), bool(maximize))


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
    caps = []
    for h in hospitals:
        c = capacities[h]
        if not isinstance(c, (int, np.integer)) or isinstance(c, bool) or c < 0:
            raise ValueError(f"the capacity of {h!r} must be a non-negative integer, not {c!r}")
        caps.append(int(c))
    r_names = list(residents)
    lists = _eig.stable_matching(
        [[h_index[h] for h in hs] for hs in residents.values()],
        [[r_index[r] for r in rs] for rs in hospitals.values()],
        caps,
        optimal,
    )
    return {h: [r_names[r] for r in lists[k]] for k, h in enumerate(hospitals)}
