package org.sgdobservatory.listener;

import org.sgdobservatory.sim.theory.Lyapunov;

/**
 * The exact stationary covariance of DL4J's {@code Sgd} on a {@link LinearRegressionFixture} network (one
 * OutputLayer, identity, MSE, nOut = 1) with i.i.d. minibatches of {@code B} examples drawn with replacement and
 * DL4J's {@code l2(c)} on the weights (the bias is not regularised), computed from the data alone.
 *
 * <p>With {@code z_i = (x_i, 1)}, the per-example gradient of the score plus L2 is {@code M_i theta - c_i},
 * {@code M_i = 2 z_i z_i^T + c D} ({@code D} selects the weights), {@code c_i = 2 y_i z_i}. The optimum is
 * {@code theta* = M^-1 cbar} ({@code M}, {@code cbar} the means over the data) and the offset {@code e = theta - theta*}
 * moves by {@code e' = (I - eta M_B) e - eta xi_B}, {@code xi_i = M_i theta* - c_i} (mean zero). The minibatch is
 * independent of {@code e} and {@code E[e] = 0} at stationarity, so the second moment obeys the exact moment recursion
 * <pre>
 *   S = A S A^T + (eta^2 / B) (Sigma_xi + K(S)),   A = I - eta M,
 *   Sigma_xi = mean_i xi_i xi_i^T,   K(S) = 4 (mean_i (z_i^T S z_i) z_i z_i^T - Q S Q),   Q = mean_i z_i z_i^T
 * </pre>
 * where {@code K} is the minibatch Hessian's own fluctuation (the state-dependent part of the noise, of relative size
 * about {@code (eta/B)(d + 4)}). It is solved by iterating sim-core's discrete Lyapunov solver on the right-hand
 * side until the covariance stops changing; without {@code K} it is the discrete Lyapunov solution
 * {@code S = A S A^T + eta^2 Sigma_B}.
 *
 * @param optimum {@code theta*} (weights, then bias)
 * @param hessian {@code M}, the Hessian of the score plus L2
 * @param noiseAtOptimum {@code Sigma_B = Sigma_xi / B}, the minibatch gradient's covariance at the optimum
 * @param covariance the exact stationary covariance {@code S}
 */
record ExactSgdReference(double[] optimum, double[][] hessian, double[][] noiseAtOptimum, double[][] covariance) {

    /**
     * The reference for {@code fx} (use the float-rounded data the network trains on).
     *
     * @param lr the learning rate
     * @param batch {@code B}
     * @param l2 DL4J's L2 coefficient on the weights
     */
    static ExactSgdReference iid(LinearRegressionFixture fx, double lr, int batch, double l2) {
        int p = fx.d + 1;
        double[][] q = secondMoments(fx);
        double[][] m = hessian(fx, l2);
        double[] theta = optimum(fx, l2);
        double[][] sigma = new double[p][p];
        for (int i = 0; i < fx.n; i++) {
            double[] z = fx.row1(i);
            double residual = -fx.y[i];
            for (int c = 0; c < p; c++) {
                residual += z[c] * theta[c];
            }
            double[] xi = new double[p];
            for (int r = 0; r < p; r++) {
                xi[r] = 2 * residual * z[r] + (r < fx.d ? l2 * theta[r] : 0);
            }
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    sigma[r][c] += xi[r] * xi[c] / fx.n;
                }
            }
        }
        double[][] a = new double[p][p];
        double[][] sigmaB = new double[p][p];
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                a[r][c] = (r == c ? 1 : 0) - lr * m[r][c];
                sigmaB[r][c] = sigma[r][c] / batch;
            }
        }
        double[][] s = Lyapunov.discrete(a, scaled(sigmaB, lr * lr));
        for (int iteration = 0; iteration < 200; iteration++) {
            double[][] k = hessianFluctuation(fx, q, s);
            double[][] rhs = new double[p][p];
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    rhs[r][c] = lr * lr * (sigmaB[r][c] + k[r][c] / batch);
                }
            }
            double[][] next = Lyapunov.discrete(a, rhs);
            double change = 0;
            for (int r = 0; r < p; r++) {
                change = Math.max(change, Math.abs(next[r][r] - s[r][r]) / next[r][r]);
            }
            s = next;
            if (change < 1e-13) {
                return new ExactSgdReference(theta, m, sigmaB, s);
            }
        }
        throw new IllegalStateException("the moment recursion did not converge (eta/B too large for this data)");
    }

    /** {@code Q = mean_i z_i z_i^T}. */
    static double[][] secondMoments(LinearRegressionFixture fx) {
        int p = fx.d + 1;
        double[][] q = new double[p][p];
        for (int i = 0; i < fx.n; i++) {
            double[] z = fx.row1(i);
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    q[r][c] += z[r] * z[c] / fx.n;
                }
            }
        }
        return q;
    }

    /** {@code M = 2 Q + c D}: the Hessian of the score plus L2 on the weights. */
    static double[][] hessian(LinearRegressionFixture fx, double l2) {
        double[][] m = secondMoments(fx);
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m.length; c++) {
                m[r][c] = 2 * m[r][c] + (r == c && r < fx.d ? l2 : 0);
            }
        }
        return m;
    }

    /** The minimum {@code theta* = M^-1 cbar} of the score plus L2 on the weights, {@code cbar = mean_i 2 y_i z_i}. */
    static double[] optimum(LinearRegressionFixture fx, double l2) {
        int p = fx.d + 1;
        double[][] m = hessian(fx, l2);
        double[][] aug = new double[p][p + 1];
        for (int r = 0; r < p; r++) {
            System.arraycopy(m[r], 0, aug[r], 0, p);
        }
        for (int i = 0; i < fx.n; i++) {
            double[] z = fx.row1(i);
            for (int r = 0; r < p; r++) {
                aug[r][p] += 2 * fx.y[i] * z[r] / fx.n;
            }
        }
        return LinearRegressionFixture.solve(aug);
    }

    /** The diagonal of {@link #covariance}: each parameter's exact stationary variance. */
    double[] variances() {
        double[] v = new double[covariance.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = covariance[i][i];
        }
        return v;
    }

    /** {@code K(S) = 4 (mean_i (z_i^T S z_i) z_i z_i^T - Q S Q)}. */
    private static double[][] hessianFluctuation(LinearRegressionFixture fx, double[][] q, double[][] s) {
        int p = q.length;
        double[][] k = new double[p][p];
        for (int i = 0; i < fx.n; i++) {
            double[] z = fx.row1(i);
            double quad = 0;
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    quad += z[r] * s[r][c] * z[c];
                }
            }
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    k[r][c] += 4 * quad * z[r] * z[c] / fx.n;
                }
            }
        }
        double[][] qsq = LinearRegressionFixture.mul(LinearRegressionFixture.mul(q, s), q);
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                k[r][c] -= 4 * qsq[r][c];
            }
        }
        return k;
    }

    private static double[][] scaled(double[][] a, double f) {
        double[][] out = new double[a.length][a.length];
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a.length; c++) {
                out[r][c] = a[r][c] * f;
            }
        }
        return out;
    }
}
