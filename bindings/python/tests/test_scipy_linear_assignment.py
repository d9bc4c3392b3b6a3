"""scipy's own test file for ``linear_sum_assignment``, run against ``eig.assignment``'s.

The file is not copied: it is loaded from the installed scipy (its wheels ship their tests),
its module-level ``linear_sum_assignment`` is replaced by ours, and ``pytest.raises(...,
match=...)`` loses its ``match``: the exception types must be scipy's, the wording is ours.
Every test function of the file is collected here under its own name, so a new scipy test is
run without a change to this file. One test is adapted, for tie order (below). The deliberate
differences are listed in the Python README.
"""

from __future__ import annotations

import types
from collections.abc import Collection

import numpy as np
import pytest

from eig.assignment import linear_sum_assignment

scipy_tests = pytest.importorskip(
    "scipy.optimize.tests.test_linear_assignment",
    reason="scipy's tests are not installed (pip install scipy)",
)


def _raises(expected, *args, match=None, **kwargs):
    """``pytest.raises`` without the message check."""
    del match
    return pytest.raises(expected, *args, **kwargs)


_shim = types.SimpleNamespace(**{name: getattr(pytest, name) for name in dir(pytest) if not name.startswith("__")})
_shim.raises = _raises
scipy_tests.linear_sum_assignment = linear_sum_assignment
scipy_tests.pytest = _shim

_collected = [name for name in dir(scipy_tests) if name.startswith("test_")]
for _name in _collected:
    _test = getattr(scipy_tests, _name)
    # scipy parametrizes with an iterator (`itertools.product`), which pytest will refuse:
    # the same values, as a list.
    _test.pytestmark = [
        pytest.mark.parametrize(m.args[0], list(m.args[1]), *m.args[2:], **m.kwargs).mark
        if m.name == "parametrize" and not isinstance(m.args[1], Collection)
        else m
        for m in getattr(_test, "pytestmark", [])
    ]
    globals()[_name] = _test


def test_constant_cost_matrix():
    """scipy's test (its issue #11602) asserts the identity, the order its solver breaks ties
    in; the point of the test is that an all-ties matrix still gives a permutation. Ours
    breaks ties in its own order (the Jonker–Volgenant reductions come first), so this
    adaptation asserts a permutation of optimal cost, rows ascending."""
    n = 8
    rows, cols = linear_sum_assignment(np.ones((n, n)))
    assert rows.tolist() == list(range(n))
    assert sorted(cols.tolist()) == list(range(n))


def test_scipy_file_was_collected_and_patched():
    # The file has at least its ten tests, and they now call ours.
    assert len(_collected) >= 10, _collected
    assert scipy_tests.linear_sum_assignment is linear_sum_assignment
