# Null distributions of KS, binned TV and W1 for i.i.d. N(0,1) samples, used by the distance tests.
# Run: python3 distances_reference.py   (numpy default_rng(12345); W1 20000 and TV 200000 replicates; ~10 s)
import numpy as np
from scipy import stats, integrate

# Asymptotic W1 constant: sqrt(2/pi) * int sqrt(Phi (1 - Phi)) dx (~1.288,
# docs/estimators.md#distances-between-a-trace-and-a-density).
c = np.sqrt(2 / np.pi) * integrate.quad(lambda x: np.sqrt(stats.norm.cdf(x) * stats.norm.sf(x)), -np.inf, np.inf, epsabs=1e-13)[0]
print("W1 asymptotic constant", repr(c))

rng = np.random.default_rng(12345)
R = 200000

def w1_exact(x):
    x = np.sort(x); n = len(x)
    # int |F_n - Phi| dx via the Gaussian antiderivative G(x) = x Phi(x) + phi(x)
    G = lambda t: t * stats.norm.cdf(t) + stats.norm.pdf(t)
    tot = G(x[0]) + (G(x[-1]) - x[-1])
    for k in range(1, n):
        a, b, cc = x[k - 1], x[k], k / n
        s = np.clip(stats.norm.ppf(cc), a, b)
        tot += cc * (s - a) - (G(s) - G(a)) + (G(b) - G(s)) - cc * (b - s)
    return tot

n = 500
# W1 null at n = 500 (vectorised exact integral)
x = np.sort(rng.standard_normal((20000, n)), axis=1)
G = lambda t: t * stats.norm.cdf(t) + stats.norm.pdf(t)
k = np.arange(1, n) / n
a, b = x[:, :-1], x[:, 1:]
s = np.clip(stats.norm.ppf(k)[None, :], a, b)
w = G(x[:, 0]) + G(x[:, -1]) - x[:, -1] + (k * (s - a) - (G(s) - G(a)) + (G(b) - G(s)) - k * (b - s)).sum(axis=1)
print("check vectorised vs loop", w[0], w1_exact(x[0]))
print("W1 n=500: mean", repr(w.mean()), "sd", repr(w.std(ddof=1)), "sqrt(n)*mean", repr(np.sqrt(n) * w.mean()))

# Binned TV null at n = 500, edges -2..2 step 0.5 (9 edges, 10 bins incl. two open tails)
edges = np.arange(-2, 2.0001, 0.5)
p = np.diff(np.concatenate([[0], stats.norm.cdf(edges), [1]]))
counts = rng.multinomial(n, p, size=R)
tv = 0.5 * np.abs(counts / n - p).sum(axis=1)
approx = 0.5 * np.sum(np.sqrt(2 * p * (1 - p) / (np.pi * n)))
print("TV n=500: mean", repr(tv.mean()), "sd", repr(tv.std(ddof=1)), "normal-approx null mean", repr(approx))

# KS rejection rate at n = 200 with the asymptotic 1.358/sqrt(n)
n2 = 200
d = stats.kstwo.sf(np.sqrt(np.log(40) / 2) / np.sqrt(n2), n2)  # DKW-Massart 1.3581015157406195
print("KS n=200 exact P(D > 1.358/sqrt(n))", repr(d))
