#!/usr/bin/env python3
"""NumPy baseline for the sim-core speed benchmark (BENCHMARKS.md).

1-D SGD with Gaussian gradient noise on L = h x^2 / 2, C chains vectorised:
    x -= lr * (h * x + sigma * rng.standard_normal(C))
with rng = np.random.default_rng(seed) (PCG64, ziggurat normals). In "record" mode every step also
folds the per-group mean and variance of the chains into running accumulators (Chan et al.'s merge),
the same bookkeeping sim-core's Simulation does (groups = largest divisor of C not above 32).
"bare" mode is the stepping loop alone.

Prints one line per chain count:
    numpy chains=C steps=S mode=M seconds=T chain_steps_per_second=R variance=V
The timed region excludes interpreter start-up, the NumPy import and a short warm-up.

Run with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (see BENCHMARKS.md):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 sgd_baseline.py --chains 100000 1000000
"""
import argparse
import time

import numpy as np


def group_count(chains, max_groups=32):
    for g in range(min(max_groups, chains), 1, -1):
        if chains % g == 0:
            return g
    return 1


def run(chains, steps, record, h, lr, noise_variance, seed):
    rng = np.random.default_rng(seed)
    sigma = np.sqrt(noise_variance)
    x = np.zeros(chains)
    groups = group_count(chains)
    per_group = chains // groups
    mean = np.zeros(groups)
    m2 = np.zeros(groups)
    count = 0.0
    for _ in range(steps):
        x -= lr * (h * x + sigma * rng.standard_normal(chains))
        if record:
            xg = x.reshape(groups, per_group)
            batch_mean = xg.mean(axis=1)
            batch_m2 = xg.var(axis=1) * per_group
            n = count + per_group
            delta = batch_mean - mean
            m2 += batch_m2 + delta * delta * (count * per_group / n)
            mean += delta * (per_group / n)
            count = n
    if not record:
        return float(x.var())
    grand = mean.mean()
    return float(np.mean(m2 / count + (mean - grand) ** 2))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--chains", type=int, nargs="+", default=[100_000, 1_000_000])
    p.add_argument("--steps", type=int, default=0,
                   help="steps per measurement (default: about 5e7 chain-steps, at least 20)")
    p.add_argument("--mode", choices=["record", "bare"], default="record")
    p.add_argument("--curvature", type=float, default=1.0)
    p.add_argument("--learning-rate", type=float, default=0.1)
    p.add_argument("--noise-variance", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    for chains in a.chains:
        steps = a.steps if a.steps > 0 else max(20, 50_000_000 // chains)
        record = a.mode == "record"
        run(chains, min(steps, 5), record, a.curvature, a.learning_rate, a.noise_variance, a.seed)  # warm-up
        t0 = time.perf_counter()
        v = run(chains, steps, record, a.curvature, a.learning_rate, a.noise_variance, a.seed)
        seconds = time.perf_counter() - t0
        print(f"numpy chains={chains} steps={steps} mode={a.mode} seconds={seconds:.6f} "
              f"chain_steps_per_second={chains * steps / seconds:.6e} variance={v:.6f}", flush=True)


if __name__ == "__main__":
    main()
