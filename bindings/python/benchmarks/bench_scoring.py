"""Side by side: eig, numpy and pandas aggregate and calibrate 1,000,000 scores.

    pip install -r bindings/python/benchmarks/requirements.txt
    python bindings/python/benchmarks/bench_scoring.py [--candidates 10000] [--jurors 20]
        [--criteria 5] [--repeat 5]

The scores are seeded: candidate quality + criterion effect + a planted juror bias + noise,
rounded to halves on a 0-10 scale, every juror scoring every candidate on every criterion,
then 2% of the scores dropped (missing). The computation, the same in the three:
1. the additive juror-bias model by least squares: group means per (candidate, criterion),
   then the jurors' normal equations (a Laplacian, solved with the biases summing to zero);
2. calibrated scores (raw minus the juror's bias);
3. the weighted mean per (candidate, criterion), then the final score per candidate with the
   criteria's weights.
eig runs `eig.aggregate(..., calibration="additive")` (one call, from the numpy columns).
numpy uses bincount, one dense incidence product and `linalg.solve`; pandas uses groupby for
the means and the same numpy solve. Correctness: the biases and the final scores must agree.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import eig


def data(candidates: int, jurors: int, criteria: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    i, j, c = np.meshgrid(np.arange(candidates), np.arange(jurors), np.arange(criteria), indexing="ij")
    i, j, c = i.ravel(), j.ravel(), c.ravel()
    quality = 6 + 1.3 * rng.standard_normal(candidates)
    effect = 0.6 * rng.standard_normal((candidates, criteria))
    bias = np.clip(0.8 * rng.standard_normal(jurors), -1.6, 1.6)
    bias -= bias.mean()
    x = quality[i] + effect[i, c] + bias[j] + 0.5 * rng.standard_normal(i.size)
    x = np.clip(np.round(x * 2) / 2, 0, 10)
    keep = rng.random(i.size) >= 0.02
    return j[keep].astype(np.int64), i[keep].astype(np.int64), c[keep].astype(np.int64), x[keep], bias


def calibrate_numpy(j, i, c, x, nj, ni, nc):
    """The calibration alone: the biases and the calibrated scores."""
    g = i * nc + c
    ng = ni * nc
    n_g = np.bincount(g, minlength=ng).astype(float)
    mean_g = np.bincount(g, x, minlength=ng) / n_g
    rhs = np.bincount(j, x - mean_g[g], minlength=nj)
    incidence = np.zeros((ng, nj))
    incidence[g, j] = 1.0
    lap = np.diag(np.bincount(j, minlength=nj).astype(float)) - (incidence.T / n_g) @ incidence
    bias = np.linalg.solve(lap + 1.0, rhs)
    return bias, x - bias[j], g, n_g


def with_numpy(j, i, c, x, weights, nj, ni, nc):
    # The calibration's groups and counts are reused, not computed twice.
    bias, cal, g, n_g = calibrate_numpy(j, i, c, x, nj, ni, nc)
    per = (np.bincount(g, cal, minlength=ni * nc) / n_g).reshape(ni, nc)
    return bias, per @ (np.asarray(weights) / np.sum(weights))


def with_pandas(j, i, c, x, weights, nj, ni, nc):
    df = pd.DataFrame({"j": j, "i": i, "c": c, "x": x})
    groups = df.groupby(["i", "c"], sort=False)["x"]
    n_g = groups.transform("size").to_numpy(dtype=float)
    df["d"] = df["x"] - groups.transform("mean")
    rhs = df.groupby("j")["d"].sum().reindex(range(nj), fill_value=0.0).to_numpy()
    g = (i * nc + c)
    incidence = np.zeros((ni * nc, nj))
    incidence[g, j] = 1.0
    inv_n = np.bincount(g, minlength=ni * nc).astype(float)
    lap = np.diag(df.groupby("j").size().reindex(range(nj), fill_value=0).to_numpy(dtype=float))
    lap -= (incidence.T / inv_n) @ incidence
    bias = np.linalg.solve(lap + 1.0, rhs)
    df["cal"] = df["x"] - bias[j]
    per = df.pivot_table(index="i", columns="c", values="cal", aggfunc="mean").to_numpy()
    del n_g
    return bias, per @ (np.asarray(weights) / np.sum(weights))


def with_eig(j, i, c, x, weights):
    per, final = eig.aggregate(j, i, c, x, weights=weights, calibration="additive", min_scores=1)
    return per, final


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def run(candidates: int = 10_000, jurors: int = 20, criteria: int = 5, repeat: int = 5) -> bool:
    """The comparison; raises AssertionError when the results disagree."""
    j, i, c, x, planted = data(candidates, jurors, criteria)
    nj, ni, nc = jurors, candidates, criteria
    weights = [0.3, 0.25, 0.2, 0.15, 0.1][:nc] if nc <= 5 else [1.0] * nc
    print(f"{x.size:,} scores: {ni:,} candidates x {nj} jurors x {nc} criteria (2% missing)")

    bias_np, final_np = with_numpy(j, i, c, x, weights, nj, ni, nc)
    bias_pd, final_pd = with_pandas(j, i, c, x, weights, nj, ni, nc)
    cal = eig.calibrate(j, i, c, x, method="additive", min_scores=1)
    _, final_eig = with_eig(j, i, c, x, weights)
    assert np.allclose(cal["bias"], bias_np, atol=1e-9), "eig and numpy biases differ"
    assert np.allclose(bias_pd, bias_np, atol=1e-9), "pandas and numpy biases differ"
    assert np.allclose(final_eig, final_np, atol=1e-9), "eig and numpy final scores differ"
    assert np.allclose(final_pd, final_np, atol=1e-9), "pandas and numpy final scores differ"
    print(f"same biases and final scores in the three (max |bias - planted| = {np.abs(bias_np - planted).max():.3f})")

    values_np = calibrate_numpy(j, i, c, x, nj, ni, nc)[1]
    assert np.allclose(cal["values"], values_np, atol=1e-9), "eig and numpy calibrated scores differ"

    t_eig = best(lambda: with_eig(j, i, c, x, weights), repeat)
    t_np = best(lambda: with_numpy(j, i, c, x, weights, nj, ni, nc), repeat)
    t_pd = best(lambda: with_pandas(j, i, c, x, weights, nj, ni, nc), repeat)
    print("calibrate and aggregate (biases, calibrated means, final scores):")
    print(f"{'eig':>8} {t_eig * 1e3:8.1f} ms  1.00x")
    print(f"{'numpy':>8} {t_np * 1e3:8.1f} ms  eig/numpy = {t_eig / t_np:.2f}x")
    print(f"{'pandas':>8} {t_pd * 1e3:8.1f} ms  eig/pandas = {t_eig / t_pd:.2f}x")
    t_cal = best(lambda: eig.calibrate(j, i, c, x, method="additive", min_scores=1), repeat)
    t_cal_np = best(lambda: calibrate_numpy(j, i, c, x, nj, ni, nc), repeat)
    print("calibrate alone (biases and the calibrated score of every row):")
    print(f"{'eig':>8} {t_cal * 1e3:8.1f} ms  1.00x")
    print(f"{'numpy':>8} {t_cal_np * 1e3:8.1f} ms  eig/numpy = {t_cal / t_cal_np:.2f}x")


    return True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--candidates", type=int, default=10_000)
    ap.add_argument("--jurors", type=int, default=20)
    ap.add_argument("--criteria", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    run(a.candidates, a.jurors, a.criteria, a.repeat)


if __name__ == "__main__":
    main()
