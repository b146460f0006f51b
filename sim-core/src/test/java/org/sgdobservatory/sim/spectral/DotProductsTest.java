package org.sgdobservatory.sim.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The three kernels against exact dot products (BigDecimal), over ranges that start anywhere and have odd and even
 * lengths, including lengths 0 and 1.
 *
 * <p>Tolerance: summing {@code n} products in double precision ({@code u = 2^-53}), in any order and with any number
 * of partial sums, is within {@code n u / (1 - n u) sum |a_i x_i|} of the exact sum (the standard forward error bound
 * of recursive summation, each product's own rounding included); one more {@code u sum |a_i x_i|} for rounding the
 * exact sum to the nearest double to compare with.
 */
class DotProductsTest {

    @ParameterizedTest(name = "coordinates [{0}, {1})")
    @CsvSource({"0, 0", "3, 4", "0, 7", "5, 1000", "1, 4810"})
    void everyKernelIsTheExactDotProductWithinTheRoundingBound(int start, int end) {
        Random rnd = new Random(5 + start + end);
        int length = end + 3;
        double[][] a = new double[4][length];
        double[] x = new double[length];
        double[] y = new double[length];
        for (int i = 0; i < length; i++) {
            for (double[] row : a) {
                row[i] = rnd.nextGaussian();
            }
            x[i] = rnd.nextGaussian() * Math.exp(3 * rnd.nextGaussian());
            y[i] = rnd.nextGaussian();
        }
        double[] four = new double[5];
        double[] twiceX = new double[5];
        double[] twiceY = new double[5];
        DotProducts.four(a[0], a[1], a[2], a[3], x, start, end, four, 1);
        DotProducts.fourTwice(a[0], a[1], a[2], a[3], x, y, start, end, twiceX, twiceY, 1);
        for (int j = 0; j < 4; j++) {
            assertEquals(exact(a[j], x, start, end), four[1 + j], bound(a[j], x, start, end), "four, row " + j);
            assertEquals(exact(a[j], x, start, end), twiceX[1 + j], bound(a[j], x, start, end),
                    "fourTwice (x), row " + j);
            assertEquals(exact(a[j], y, start, end), twiceY[1 + j], bound(a[j], y, start, end),
                    "fourTwice (y), row " + j);
            assertEquals(exact(a[j], x, start, end), DotProducts.one(a[j], x, start, end),
                    bound(a[j], x, start, end), "one, row " + j);
        }
        assertEquals(0, four[0], 0, "nothing written before the offset");
        assertEquals(0, twiceX[0], 0, "nothing written before the offset");
    }

    private static double exact(double[] a, double[] x, int start, int end) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = start; i < end; i++) {
            sum = sum.add(new BigDecimal(a[i]).multiply(new BigDecimal(x[i])));
        }
        return sum.round(MathContext.DECIMAL128).doubleValue();
    }

    private static double bound(double[] a, double[] x, int start, int end) {
        double magnitude = 0;
        for (int i = start; i < end; i++) {
            magnitude += Math.abs(a[i] * x[i]);
        }
        double nu = (end - start + 1) * 0x1p-53;
        return nu / (1 - nu) * magnitude * (1 + 1e-12);
    }
}
