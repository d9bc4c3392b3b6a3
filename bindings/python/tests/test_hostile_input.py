"""Hostile input never crosses the binding as a panic or an abort: every call either
returns or raises an ordinary exception, and an interruption raised in a callback
(`KeyboardInterrupt`, `SystemExit`) reaches the caller as it is."""

import random

import numpy as np
import pytest

import eig
import eig._eig as native
from conftest import REPO

VALID = (REPO / "examples" / "submissions" / "eig-5-valid-flood-alerts.json").read_bytes()


def test_a_dict_changed_while_it_is_read_is_no_panic():
    doc = {"title": "x"}

    class Themes(list):
        def __iter__(self):
            doc["added%d" % len(doc)] = 1
            return super().__iter__()

    doc["themes"] = Themes(["a"])
    doc["more"] = 1
    report = eig.validate(doc)
    assert not report.valid


def test_a_matching_to_check_with_a_hospital_out_of_range_is_a_value_error():
    with pytest.raises(ValueError, match="hospital 7, which does not exist"):
        native.blocking_pairs([[0]], [[0]], [1], [7])
    with pytest.raises(ValueError, match=r"one hospital \(or None\) per resident"):
        native.blocking_pairs([[0], [0]], [[0, 1]], [1], [None])


def test_sizes_past_the_generators_maximum_are_refused_before_allocating():
    with pytest.raises(ValueError, match="at most 1000000"):
        eig.generate(candidates=10**12)
    with pytest.raises(ValueError, match="at least 1 défi and 2 jurors"):
        eig.generate(jurors=1)


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, SystemExit])
def test_an_interruption_in_a_rule_reaches_the_caller(interruption):
    calls = []

    def rule(doc):
        calls.append(1)
        raise interruption()

    rb = eig.Rulebook.builtin("eig-5")
    rb.add_rule("first", rule)
    rb.add_rule("second", rule)
    with pytest.raises(interruption):
        eig.validate(VALID, rulebook=rb)
    assert calls == [1], "no rule runs after the interruption"
    with pytest.raises(interruption):
        eig.validate_many([VALID, VALID], rulebook=rb)
    # An ordinary exception is still a rule_failed violation.
    rb = eig.Rulebook.builtin("eig-5")
    rb.add_rule("broken", lambda doc: 1 / 0)
    report = eig.validate(VALID, rulebook=rb)
    assert [v.code for v in report.violations if v.rule == "broken"] == ["rule_failed"]


def test_an_interruption_in_an_affinity_reaches_the_caller():
    promo = eig.generate(seed=3, candidates=60)

    def affinity(team, follower):
        raise KeyboardInterrupt()

    with pytest.raises(KeyboardInterrupt):
        eig.match_mentors(promo["mentors"], affinity=affinity)


def test_random_arguments_to_the_solvers_raise_ordinary_exceptions():
    rng = random.Random(2026)

    def ints(n, lo=-2, hi=6):
        return [rng.randint(lo, hi) for _ in range(n)]

    def floats(n):
        return [rng.choice([0.0, 1.0, -1.0, 5.5, float("nan"), float("inf"), 1e308, 3.0]) for _ in range(n)]

    def lists(n, hi):
        return [[rng.randint(-1, hi) for _ in range(rng.randint(0, 4))] for _ in range(n)]

    def call(f, *a, **k):
        try:
            f(*a, **k)
        except Exception:
            pass  # an ordinary exception is the contract; a BaseException fails the test

    for _ in range(400):
        n = rng.randint(0, 6)
        arrays = [np.array(ints(n), dtype=np.int64) for _ in range(3)] + [np.array(floats(n))]
        call(native.calibrate, *arrays, method=rng.choice(["additive", "zscore", "none"]),
             min_scores=rng.randint(0, 4))
        call(native.aggregate, *arrays, weights=rng.choice([None, floats(rng.randint(0, 4))]),
             method=rng.choice(["weighted_mean", "median", "trimmed_mean"]),
             trim=rng.choice([None, 0.1, 0.6, -1.0]), min_scores=rng.randint(0, 4))
        r, h = rng.randint(0, 4), rng.randint(0, 4)
        call(native.stable_matching, lists(r, h), lists(h, r), ints(h, 0, 3),
             rng.choice(["resident", "hospital"]))
        call(native.blocking_pairs, lists(r, h), lists(h, r), ints(h, 0, 3),
             [rng.choice([None, rng.randint(0, h + 2)]) for _ in range(r)])
        a, t, k = rng.randint(0, 4), rng.randint(0, 4), rng.randint(0, 6)
        call(native.capacitated, np.array(ints(k, -1, a + 1), dtype=np.int64),
             np.array(ints(k, -1, t + 1), dtype=np.int64), np.array(floats(k)), ints(t, 0, 3),
             ints(a, 0, 3), ints(a, 0, 2), rng.choice([None, ints(2, -1, 3)]), rng.choice([True, False]))
        w, hgt = rng.randint(0, 3), rng.randint(0, 3)
        call(native.lsa, np.array(floats(w * hgt)).reshape(hgt, w), rng.choice([True, False]))


def test_scores_too_large_to_add_are_an_error_not_an_infinity():
    j = np.array([0, 1, 0, 1], dtype=np.int64)
    i = np.array([0, 0, 1, 1], dtype=np.int64)
    c = np.zeros(4, dtype=np.int64)
    x = np.array([1e308, 1e308, -1e308, 5.0])
    with pytest.raises(ValueError, match="item 0: the scores are too large to add"):
        native.aggregate(j, i, c, x)
    per, final = native.aggregate(j, i, c, np.array([1.0, 3.0, 5.0, 7.0]))
    assert list(final) == [2.0, 6.0]
    # Calibration: sums past ±1e308 are infinite, their differences NaN; both are an error.
    j = np.array([0, 0, 1, 1, 2, 2]); i = np.array([0, 1, 0, 1, 0, 1]); c = np.zeros(6, np.int64)
    huge = np.array([1e308, -1e308, 1e308, -1e308, 1e308, -1e308])
    for method in ("additive", "z_score"):
        with pytest.raises(ValueError, match="too large to add"):
            eig.calibrate(j, i, c, huge, method=method, min_scores=1)


def test_a_uint64_cost_past_int64_is_solved_exactly_not_wrapped():
    from eig.assignment import linear_sum_assignment

    # Wrapped to int64, 2**63 + 5 would be the cheapest cost of all; it is the dearest.
    rows, cols = linear_sum_assignment(np.array([[2**63 + 5, 0], [0, 1]], np.uint64))
    assert cols.tolist() == [1, 0]
    # Within the range, uint64 solves as int64 does.
    rows, cols = linear_sum_assignment(np.array([[5, 0], [0, 5]], np.uint64))
    assert cols.tolist() == [1, 0]


def test_a_preference_given_twice_is_named_by_its_names():
    from eig.assignment import hospital_residents

    with pytest.raises(ValueError, match="resident 'ana' ranks hospital 'x' twice"):
        hospital_residents({"ana": ["x", "x"]}, {"x": ["ana"]}, {"x": 1})
    with pytest.raises(ValueError, match="hospital 'x' ranks resident 'ana' twice"):
        hospital_residents({"ana": ["x"]}, {"x": ["ana", "ana"]}, {"x": 1})
    # A whole capacity given as a float or a numpy integer is that integer.
    assert hospital_residents({"ana": ["x"]}, {"x": ["ana"]}, {"x": 1.0}) == {"x": ["ana"]}
    assert hospital_residents({"ana": ["x"]}, {"x": ["ana"]}, {"x": np.int64(1)}) == {"x": ["ana"]}
    with pytest.raises(ValueError, match="capacity of 'x'"):
        hospital_residents({"ana": ["x"]}, {"x": ["ana"]}, {"x": 1.5})


def test_calibrate_takes_the_arrays_numpy_users_have():
    import pandas as pd

    juror = np.array([0, 0, 1, 1, 2, 2])
    item = np.array([0, 1, 0, 1, 0, 1])
    criterion = np.zeros(6, dtype=np.int64)
    score = np.array([1, 2, 3, 4, 5, 6.0])
    expected = eig.calibrate(juror, item, criterion, score, min_scores=1)["values"]
    for j, s in [
        (juror, score.astype(np.float32)),
        (juror, np.repeat(score, 2)[::2]),  # not contiguous
        (juror.astype(np.uint8), score.astype(np.int64)),
        (list(juror), pd.Series(score)),
    ]:
        got = eig.calibrate(j, item, criterion, s, min_scores=1)["values"]
        np.testing.assert_allclose(got, expected)
    with pytest.raises(TypeError, match="juror must hold integer indices from 0, not float64"):
        eig.calibrate(juror.astype(float), item, criterion, score)
    with pytest.raises(TypeError, match="score must hold numbers"):
        eig.calibrate(juror, item, criterion, np.array(["a"] * 6))
    with pytest.raises(ValueError, match=r"juror\[0\] = 9223372036854775813 is not an index"):
        eig.calibrate(np.array([2**63 + 5, 0, 1, 1, 2, 2], np.uint64), item, criterion, score)
    per, final = eig.aggregate(juror, item, criterion, score.astype(np.float32))
    assert final.shape == (2,)


def test_numpy_scalars_in_a_document_are_the_numbers_they_hold():
    import json

    doc = json.loads(VALID)
    for convert in (np.int64, np.int32, np.uint8, np.float32):
        d = dict(doc, duration_months=convert(doc["duration_months"]))
        assert eig.validate(d).valid, convert
    d = dict(doc, duration_months=np.float32(doc["duration_months"] + 0.5))
    assert [v.code for v in eig.validate(d).violations][0] == "wrong_type"


def test_a_rust_panic_is_an_ordinary_internal_error():
    from eig._guard import guarded

    with pytest.raises(eig.InternalError, match="internal error in eig._panic: boom") as e:
        guarded(native._panic)("boom")
    assert isinstance(e.value, Exception) and e.value.code == "internal_error"
    # Unguarded, PyO3's PanicException is a BaseException that `except Exception` misses.
    with pytest.raises(BaseException) as raw:
        native._panic("boom")
    assert not isinstance(raw.value, Exception)
    # Every function of the package is guarded.
    import inspect

    functions = [getattr(eig, n) for n in eig.__all__ if inspect.isroutine(getattr(eig, n))]
    assert len(functions) >= 15
    for f in functions:
        assert hasattr(f, "__wrapped__"), f
    from eig import assignment

    # No native function is reached unguarded from eig.assignment.
    native_functions = [getattr(native, n) for n in dir(native) if inspect.isbuiltin(getattr(native, n))]
    raw = [n for n, v in vars(assignment).items() if any(v is f for f in native_functions)]
    assert raw == []
    wrapped = [n for n, v in vars(assignment).items() if n.startswith("_") and hasattr(v, "__wrapped__")]
    assert len(wrapped) >= 6, wrapped


def test_ids_anywhere_in_range_cost_what_the_rows_cost():
    """calibrate and aggregate index by the ids present: an id of 20,000 or 4,294,967,295
    among six rows asks for no more memory than six rows (it asked for 3.2 GB and aborted)."""
    item = np.array([0, 1, 0, 1, 0, 1])
    criterion = np.zeros(6, np.int64)
    score = np.arange(6.0)
    dense = eig.calibrate(np.array([2, 0, 1, 1, 2, 2]), item, criterion, score, min_scores=1)
    for big in (20_000, 2**32 - 1):
        juror = np.array([big, 0, 1, 1, big, big])
        cal = eig.calibrate(juror, item, criterion, score, min_scores=1)
        assert list(cal["jurors"]) == [0, 1, big]
        np.testing.assert_allclose(cal["values"], dense["values"])
        np.testing.assert_allclose(cal["bias"], dense["bias"])
        per, final = eig.aggregate(np.array([0, 1, 0, 1, 0, 1]), juror, criterion, score)
        assert per.shape == (3, 1) and final.shape == (3,)
        per, final = eig.aggregate(juror, item * big, item, score, weights=[1.0, 3.0])
        assert per.shape == (2, 2)
    # Weights per distinct id, or per id from 0.
    c = np.array([0, 7, 0, 7, 0, 7])
    by_distinct = eig.aggregate(np.arange(6) % 3, item, c, score, weights=[1.0, 3.0])[1]
    by_id = eig.aggregate(np.arange(6) % 3, item, c, score, weights=[1.0] + [0.0] * 6 + [3.0])[1]
    np.testing.assert_allclose(by_distinct, by_id)
    with pytest.raises(ValueError, match="one per distinct id"):
        eig.aggregate(np.arange(6) % 3, item, c, score, weights=[1.0, 2.0, 3.0])
    # Columns whose ids are all distinct still make a grid of items × criteria per row; far
    # past the rows, it is refused, not allocated.
    n = 100_000
    with pytest.raises(ValueError, match="more than 16 per score"):
        eig.aggregate(np.zeros(n, np.int64), np.arange(n), np.arange(n), np.ones(n))
    with pytest.raises(ValueError, match="at most 4096 jurors"):
        eig.calibrate(np.arange(5000).repeat(2), np.tile([0, 1], 5000), np.zeros(10_000, np.int64),
                      np.ones(10_000), method="additive", min_scores=1)
