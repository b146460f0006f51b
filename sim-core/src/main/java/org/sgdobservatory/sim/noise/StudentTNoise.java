package org.sgdobservatory.sim.noise;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Heavy-tailed noise: Student-t with {@code nu > 2} degrees of freedom, scaled so that dimension
 * {@code i} has variance {@code sigma_i^2}: {@code xi = sigma sqrt((nu-2)/nu) z / sqrt(W/nu)} with
 * {@code z ~ N(0,1)} and {@code W ~ chi^2_nu}. Its excess kurtosis is {@code 6/(nu-4)} for
 * {@code nu > 4}. The SGD variance formulas need only the second moment, so they hold unchanged
 * (docs/theory.md#sgd-on-a-1-d-quadratic); the parameter marginal is Gaussianised
 * (docs/estimators.md#kurtosis-and-gaussianisation).
 *
 * <p>The chi-squared draws use Marsaglia and Tsang's gamma method (ACM TOMS 26(3), 2000) in Java,
 * one per chain and dimension; the Gaussian part is drawn natively. Immutable and thread-safe.
 */
public final class StudentTNoise implements GradientNoise {
    private final double degreesOfFreedom;
    private final double[] variances;
    private final INDArray scaleRow;

    private StudentTNoise(double degreesOfFreedom, double[] variances) {
        if (!(degreesOfFreedom > 2 && Double.isFinite(degreesOfFreedom))) {
            throw new IllegalArgumentException("degreesOfFreedom must be > 2 (finite variance), was "
                    + degreesOfFreedom);
        }
        for (int i = 0; i < variances.length; i++) {
            if (!(variances[i] >= 0 && Double.isFinite(variances[i]))) {
                throw new IllegalArgumentException("variance[" + i + "] must be finite and >= 0, was " + variances[i]);
            }
        }
        this.degreesOfFreedom = degreesOfFreedom;
        this.variances = variances.clone();
        double[] scale = new double[variances.length];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = Math.sqrt(variances[i] * (degreesOfFreedom - 2) / degreesOfFreedom);
        }
        this.scaleRow = Nd4j.createFromArray(scale).reshape(1, scale.length);
    }

    /** Student-t noise with {@code degreesOfFreedom > 2} and the given per-dimension variances. */
    public static StudentTNoise of(double degreesOfFreedom, double... variances) {
        return new StudentTNoise(degreesOfFreedom, variances);
    }

    /** The degrees of freedom {@code nu}. */
    public double degreesOfFreedom() {
        return degreesOfFreedom;
    }

    @Override
    public int dims() {
        return variances.length;
    }

    @Override
    public void sample(INDArray states, INDArray target, RandomStreams random) {
        random.fillStandardNormal(target);
        double[] w = new double[(int) target.length()];
        SplittableRandom rng = random.java();
        for (int i = 0; i < w.length; i++) {
            w[i] = 2 * gamma(degreesOfFreedom / 2, rng) / degreesOfFreedom;
        }
        INDArray chi = Nd4j.createFromArray(w).reshape(target.shape()).castTo(target.dataType());
        target.divi(Transforms.sqrt(chi, false)).muliRowVector(scaleRow);
    }

    /** Gamma(shape, 1) by Marsaglia-Tsang, with the {@code shape < 1} boost. */
    private static double gamma(double shape, SplittableRandom rng) {
        if (shape < 1) {
            return gamma(shape + 1, rng) * Math.pow(rng.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian(rng);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double gaussian(SplittableRandom rng) {
        // Marsaglia polar method.
        while (true) {
            double u = 2 * rng.nextDouble() - 1;
            double v = 2 * rng.nextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * Math.sqrt(-2 * Math.log(s) / s);
            }
        }
    }

    @Override
    public double[] variance(double[] x) {
        return variances.clone();
    }

    @Override
    public String toString() {
        return "student-t(nu=" + degreesOfFreedom + ", variances=" + Arrays.toString(variances) + ")";
    }
}
