# Reference solutions for LyapunovTest (scipy Bartels-Stewart solvers).
# Run: python3 lyapunov_reference.py
import numpy as np
from scipy.linalg import solve_discrete_lyapunov, solve_continuous_lyapunov
np.set_printoptions(precision=17)
H = np.array([[2.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 0.5]])
Sig = np.array([[1.0, 0.3, 0.0], [0.3, 0.5, 0.1], [0.0, 0.1, 0.8]])
P = np.array([[1.5, 0.2, 0.0], [0.2, 1.0, 0.1], [0.0, 0.1, 0.7]])
eta = 0.1
I = np.eye(3)
def show(name, S):
    print(name)
    for row in S:
        print("    {" + ", ".join(repr(float(v)) for v in row) + "},")
# discrete SGD: S = A S A^T + eta^2 Sigma, A = I - eta H
show("discreteSgd", solve_discrete_lyapunov(I - eta * H, eta**2 * Sig))
# discrete preconditioned: A = I - eta P H, Q = eta^2 P Sigma P^T
show("discretePreconditioned", solve_discrete_lyapunov(I - eta * P @ H, eta**2 * P @ Sig @ P.T))
# continuous: H S + S H = eta Sigma
show("continuous", solve_continuous_lyapunov(H, eta * Sig))
# continuous preconditioned: (P H) S + S (P H)^T = eta P Sigma P
show("continuousPreconditioned", solve_continuous_lyapunov(P @ H, eta * P @ Sig @ P))
