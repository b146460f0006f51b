package org.sgdobservatory.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.report.model.ObservatoryReport;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.updater.VarianceNormalizedSgd;

/**
 * The lecture's claim for {@code eta'/sigma^2} on a real DL4J run: linear regression (one OutputLayer, MSE, the
 * five weights of {@code 0_W} are the parameter group) with features of unequal scale, so the weights have
 * noise variances differing by a factor 4.7, trained with {@link VarianceNormalizedSgd}. Under SGD their
 * temperatures {@code T = h Var} would differ by the same factor; under the rule they are all about
 * {@code eta'/2}.
 *
 * <p>Reference: per weight, SGD with rate {@code eta = eta'/s} where the EMA sees {@code s = sigma^2_B + h^2 Var}
 * (docs/theory.md#preconditioning-and-the-variance-normalised-rule and the
 * {@link VarianceNormalizedSgd} javadoc), so {@code Var = eta sigma^2_B / (h (2 - eta h))},
 * solved by fixed-point iteration; {@code h = H_jj = 2 E[x_j^2]} and {@code sigma^2_B = C_jj / B} from the data
 * at the least-squares optimum (as in {@link LinearRegressionAcceptanceTest}). The fixed point is exactly
 * {@code T = eta'/2} (substitute {@code h Var = eta'/2}: {@code 2 T s - eta' h T = eta' sigma^2_B} holds), so the
 * EMA's excess over the noise turns the discrete formula's {@code 1/(2 - eta h)} back into the SDE's 1/2.
 */
@Tag("slow")
class VarianceNormalizedTemperatureTest {

    static final double ETA_PRIME = 1e-3;
    static final int B = 50;
    static final int BURN_IN = 3000;
    static final int WINDOW = 12000;

    static LinearRegressionFixture fx;
    static ObservatoryReport report;
    static double[] expectedTemperature;
    static double[][] hessian;

    @BeforeAll
    static void train() {
        fx = TestFixtures.independentFeatures();
        double[] optimum = fx.optimum();
        hessian = fx.hessian();
        double[][] c = fx.perExampleGradientCovariance(optimum);
        expectedTemperature = new double[fx.d];
        for (int j = 0; j < fx.d; j++) {
            double h = hessian[j][j];
            double s2 = c[j][j] / B;
            double var = ETA_PRIME / (2 * h);
            for (int it = 0; it < 100; it++) {
                // SGD with rate eta = eta'/s: Var = eta s2 / (h (2 - eta h))
                double s = s2 + h * h * var;
                double eta = ETA_PRIME / s;
                var = eta * s2 / (h * (2 - eta * h));
            }
            expectedTemperature[j] = h * var;
        }
        MultiLayerNetwork net = fx.mln(new VarianceNormalizedSgd(ETA_PRIME, 0.999, 1e-8), 1);
        // start at the least-squares optimum so the EMA starts from the noise, not from a large mean gradient
        net.setParams(Nd4j.createFromArray(optimum).castTo(DataType.FLOAT).reshape(1, fx.d + 1));
        ObservatoryListener listener = ObservatoryListener.builder()
                .startAtIteration(BURN_IN).windowIterations(WINDOW)
                .probeData(fx.dataSet(DataType.DOUBLE)).hutchinsonProbes(200).perExampleGradients(fx.n)
                .seed(5).build();
        net.addListeners(listener);
        net.fit(new SamplingIterator(fx.dataSet(DataType.FLOAT), B, BURN_IN + WINDOW + 10,
                SamplingIterator.Order.IID, 17));
        report = listener.lastReport().orElseThrow();
    }

    private static List<ParameterReport> weights() {
        return report.parameters().stream().filter(p -> p.key().equals("0_W")).toList();
    }

    @Test
    void everyWeightRunsAtTheSameTemperatureDespiteUnequalNoise() {
        List<ParameterReport> ws = weights();
        assertEquals(fx.d, ws.size(), "all five weights tracked");
        double minNoise = Double.POSITIVE_INFINITY;
        double maxNoise = 0;
        List<String> failures = new java.util.ArrayList<>();
        for (int j = 0; j < ws.size(); j++) {
            ParameterReport p = ws.get(j);
            minNoise = Math.min(minNoise, p.probed().noiseVariance().value());
            maxNoise = Math.max(maxNoise, p.probed().noiseVariance().value());
            double h = hessian[j][j];
            double t = h * p.observed().variance().value();
            // T = h Var with the analytic h, so its standard error is h times Bartlett's variance SE
            // (Var sqrt(2 tau2 / n), measured autocorrelation). 3.5 SE per weight: family-wise false alarm
            // below 0.25% over 5 weights.
            double se = h * p.observed().variance().standardError();
            System.out.printf("varnorm: %s[%d] sigma2_B %.4g h %.4f T %.5g +- %.2g expected %.5g (eta'/2 = %.5g)%n",
                    p.key(), p.index(), p.probed().noiseVariance().value(), h, t, se, expectedTemperature[j], ETA_PRIME / 2);
            failures.add(Math.abs(t - expectedTemperature[j]) < 3.5 * se ? "" : "weight " + j + ": T = " + t
                    + " vs " + expectedTemperature[j] + " is " + (t - expectedTemperature[j]) / se + " SE away");
        }
        assertEquals("", String.join("", failures), "every weight at its expected temperature");
        assertTrue(maxNoise / minNoise > 3, "the design has unequal noise (else the claim is vacuous): "
                + maxNoise / minNoise);
    }

    @Test
    void temperatureDoesNotGrowWithNoise() {
        org.sgdobservatory.report.model.Slope fit = org.sgdobservatory.listener.judge.TemperatureSlope.of(weights(), 1.0, "test");
        double[] slope = {fit.value(), fit.standardError()};
        System.out.printf("varnorm: d log T / d log sigma^2 = %.3f +- %.3f (0 for eta'/sigma^2, 1 for SGD)%n",
                slope[0], slope[1]);
        // OLS slope of log T on log sigma^2 across the 5 weights; its SE comes from the ~8% sampling error of
        // each log T. 4 SE around 0, and 1 (SGD) must lie outside that band, or the test could not tell them apart.
        assertEquals(0.0, slope[0], 4 * slope[1], "slope of log T on log sigma^2");
        assertTrue(4 * slope[1] < 1, "the test separates 0 from SGD's slope 1: 4 SE = " + 4 * slope[1]);
    }

    @Test
    void listenerRecognisesAndPredictsTheRule() {
        List<ParameterReport> ws = weights();
        for (int j = 0; j < ws.size(); j++) {
            ParameterReport p = ws.get(j);
            assertTrue(p.prediction().basis().contains("variance-normalised"), "prediction basis: " + p.prediction());
            // The listener predicts with the probe's sigma^2_B; the EMA divides by s = sigma^2_B + h^2 Var, a
            // relative excess eta' h / (2 s) ~ 5% here, so the expected ratio is the self-consistent variance
            // over the listener's prediction. 4 x the ratio's SE (Bartlett, ~8%).
            double expectedRatio = expectedTemperature[j] / hessian[j][j] / p.prediction().variance().value();
            assertEquals(expectedRatio, p.comparison().ratio().value(), 4 * p.comparison().ratio().standardError(), "ratio of " + p.key() + "["
                    + p.index() + "], prediction " + p.prediction());
        }
    }
}
