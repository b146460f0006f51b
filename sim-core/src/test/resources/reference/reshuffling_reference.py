# Reference values for ReshufflingQuadratic1DTest.
# Part 1 reproduces the closed form of docs/data-order.md#random-reshuffling
# (n = 400, B = 20, h = 1, eta = 0.02, per-example noise from default_rng(1)); a direct simulation of
# shuffled epochs agreed with it to 0.1%. It averages Var(x_k) over k = 0..K-1.
# Part 2 evaluates the same closed form in 50-digit arithmetic (mpmath) for cases where double
# precision would cancel (eta h -> 0) and for the approach to the i.i.d. value (eta h K >> 1).
import numpy as np
import mpmath as mp

rng = np.random.default_rng(1)
n, B, h, eta = 400, 20, 1.0, 0.02
e = rng.standard_normal(n); e -= e.mean()
s2ex = (e**2).mean()
K = n // B; r = 1 - eta * h
sB = s2ex / B * (n - B) / (n - 1)
def epoch_var(k):
    m = np.arange(k); a = r**(k - 1 - m)
    S1 = a.sum(); S2 = (a * a).sum()
    return eta**2 * (S2 - (S1**2 - S2) / (K - 1)) * sB
Vb = epoch_var(K) / (1 - r**(2 * K))
Vk = [r**(2 * k) * Vb + epoch_var(k) for k in range(K)]
pred_rr = np.mean(Vk); pred_iid = eta * sB / (h * (2 - eta * h))
print("part1 C =", repr(s2ex), " s2 =", repr(sB), " spread =", repr(pred_rr), " ratio =", repr(pred_rr / pred_iid))

mp.mp.dps = 50
def spread(eta, h, s2, K):
    eta, h, s2 = mp.mpf(eta), mp.mpf(h), mp.mpf(s2)
    r = 1 - eta * h
    def E(k):
        S1 = sum(r**m for m in range(k)); S2 = sum(r**(2 * m) for m in range(k))
        return eta**2 * s2 * (S2 - (S1**2 - S2) / (K - 1))
    Vb = E(K) / (1 - r**(2 * K))
    sp = sum(r**(2 * k) * Vb + E(k) for k in range(K)) / K
    iid = eta * s2 / (h * (2 - eta * h))
    return sp, sp / iid
for etah, K in [("1e-9", 20), ("1e-4", 50), ("0.02", 20), ("0.1", 100), ("0.5", 400), ("1.5", 7)]:
    sp, ratio = spread(etah, "1", "1", K)
    print("part2 eta*h =", etah, "K =", K, " spread =", mp.nstr(sp, 17), " ratio =", mp.nstr(ratio, 17))
