# Reference values for the 1-D closed forms tested in org.sgdobservatory.sim.theory.
# Run: python3 theory_1d_reference.py   (numpy, scipy; exact rationals via fractions where possible)
from fractions import Fraction as F
import numpy as np
from scipy.optimize import brentq

print("# SGD 1-D: Var = eta s2 / (h (2 - eta h))  (check values of docs/theory.md#sgd-on-a-1-d-quadratic: h=2, s2=1)")
for eta in ["0.05", "0.3", "0.8"]:
    e, h, s2 = F(eta), F(2), F(1)
    print(eta, float(e * s2 / (h * (2 - e * h))))

print("# DL4J Nesterovs (docs/theory.md#nesterov-momentum), h=2, s2=1, mu=0.9")
def nest(eta, mu, h, s2):
    e = eta * h
    return eta * s2 * (1 + mu + e * mu + 2 * e * mu**2) / (h * (1 - mu + e * mu) * (2 * (1 + mu) - e * (1 + 2 * mu)))
for eta in ["0.01", "0.1"]:
    print(eta, repr(float(nest(F(eta), F("0.9"), F(2), F(1)))))

print("# Nesterovs by direct Lyapunov solve of the 3-state linear system (x, v) -> check of the formula")
def nest_lyap(eta, mu, h, s2):
    # state (x, v): v' = mu v - eta (h x + xi);  x' = x - (mu v - (1+mu) v') = x + (1+mu) v' - mu v
    A = np.array([[1 - (1 + mu) * eta * h, (1 + mu) * mu - mu], [-eta * h, mu]])
    b = np.array([-(1 + mu) * eta, -eta])
    from scipy.linalg import solve_discrete_lyapunov
    S = solve_discrete_lyapunov(A, np.outer(b, b) * s2)
    return S[0, 0]
for eta in [0.01, 0.1, 0.5]:
    print(eta, repr(nest_lyap(eta, 0.9, 2.0, 1.0)), repr(float(nest(F(str(eta)), F("0.9"), F(2), F(1)))))

print("# RMSProp mean-field fixed point (docs/theory.md#rmsprop), brentq")
def mf(lr, h, s2, eps):
    def f(V):
        e = lr / (np.sqrt(s2 + h * h * V) + eps)
        return V - e * s2 / (h * (2 - e * h))
    return brentq(f, 0.0, 10 * lr * np.sqrt(s2) / h + 10, xtol=1e-300, rtol=1e-15, maxiter=500)
for lr, h, s2, eps in [(0.01, 1.0, 1.0, 1e-8), (0.1, 2.0, 0.25, 1e-8), (0.4, 1.0, 0.25, 1e-3)]:
    print(lr, h, s2, eps, repr(mf(lr, h, s2, eps)))
