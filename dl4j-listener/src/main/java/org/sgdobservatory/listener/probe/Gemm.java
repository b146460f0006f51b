package org.sgdobservatory.listener.probe;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code C = alpha op(A) op(B) + beta C} for 2-D arrays, straight into OpenBLAS's CBLAS where ND4J runs on its CPU
 * backend, through {@link Nd4j#gemm} otherwise. ND4J's own GEMM makes the op's context, its shape information and
 * argument pointers on every call: 20 to 40 us per call on the smallest products, 60 to 90 us on a 1440 x 64 x 64
 * double product that OpenBLAS computes in about 280 us; an exact Hessian-vector product of a small MLP makes ten
 * calls ({@code docs/estimators.md#hessian-vector-products} has the measurements). The call goes to the binding
 * ND4J's CPU backend itself calls ({@code openblas_nolapack}), so that it runs on the threads ND4J configured. The
 * direct call is taken when the three arrays have one type, DOUBLE or FLOAT, {@code C} is column-major, {@code A} and
 * {@code B} are column- or row-major (a row-major matrix is the transpose of a column-major one on the same memory),
 * each has a leading dimension BLAS accepts and lies within its buffer, and every size fits an {@code int};
 * anything else (strided views, other types, another backend, OpenBLAS's Java binding missing from the class path)
 * goes through ND4J. The direct path is checked once against ND4J, on a row-major matrix times a column-major view
 * at an offset, before it is used; the results of the two differ only by rounding, since both run OpenBLAS.
 * Stateless and thread-safe.
 */
final class Gemm {

    private static final boolean DIRECT = directAvailable();

    private Gemm() {
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c}, as {@link Nd4j#gemm(INDArray, INDArray, INDArray, boolean, boolean,
     * double, double)}.
     */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, double alpha,
                     double beta) {
        if (!(DIRECT && Direct.gemm(a, b, c, transposeA, transposeB, alpha, beta))) {
            Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
        }
    }

    /** Whether {@link #gemm} would call CBLAS directly on these arrays. */
    static boolean direct(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        return DIRECT && Direct.call(a, b, c, transposeA, transposeB) != null;
    }

    /** The CPU backend with OpenBLAS's binding loadable, and the direct path agreeing with ND4J on a view. */
    private static boolean directAvailable() {
        try {
            if (!"org.nd4j.linalg.cpu.nativecpu.CpuBackend".equals(Nd4j.getBackend().getClass().getName())) {
                return false;
            }
            return Direct.agreesWithNd4j();
        } catch (LinkageError | RuntimeException e) {
            // no binding on the class path, or its native library did not load
            return false;
        }
    }

    /** The direct path, in its own class so that OpenBLAS's binding is loaded only where it is present. */
    private static final class Direct {

        static boolean gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, double alpha,
                            double beta) {
            Call call = call(a, b, c, transposeA, transposeB);
            if (call == null) {
                return false;
            }
            int ta = call.a().transposed() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
            int tb = call.b().transposed() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
            Pointer pa = a.data().addressPointer();
            Pointer pb = b.data().addressPointer();
            Pointer pc = c.data().addressPointer();
            if (a.dataType() == DataType.DOUBLE && pa instanceof DoublePointer da && pb instanceof DoublePointer db
                    && pc instanceof DoublePointer dc) {
                openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasColMajor, ta, tb, call.m(), call.n(), call.k(),
                        alpha, da, call.a().ld(), db, call.b().ld(), beta, dc, call.ldc());
                keepAlive(a, b, c);
                return true;
            }
            if (a.dataType() == DataType.FLOAT && pa instanceof FloatPointer fa && pb instanceof FloatPointer fb
                    && pc instanceof FloatPointer fc) {
                openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasColMajor, ta, tb, call.m(), call.n(), call.k(),
                        (float) alpha, fa, call.a().ld(), fb, call.b().ld(), (float) beta, fc, call.ldc());
                keepAlive(a, b, c);
                return true;
            }
            return false;
        }

        /** Keeps the arrays, and with them their buffers, reachable until the native call has returned. */
        private static void keepAlive(INDArray a, INDArray b, INDArray c) {
            java.lang.ref.Reference.reachabilityFence(a);
            java.lang.ref.Reference.reachabilityFence(b);
            java.lang.ref.Reference.reachabilityFence(c);
        }

        /**
         * The CBLAS call on the arrays as they are, or null when there is none (ND4J then checks the shapes and says
         * what is wrong): {@code C} column-major, {@code A} and {@code B} column-major or row-major (a row-major
         * matrix is the transpose of a column-major one on the same memory).
         */
        static Call call(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
            DataType type = a.dataType();
            if ((type != DataType.DOUBLE && type != DataType.FLOAT) || b.dataType() != type || c.dataType() != type
                    || a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
                return null;
            }
            long m = transposeA ? a.columns() : a.rows();
            long k = transposeA ? a.rows() : a.columns();
            long n = transposeB ? b.rows() : b.columns();
            long kb = transposeB ? b.columns() : b.rows();
            if (k != kb || c.rows() != m || c.columns() != n || m < 1 || n < 1 || k < 1
                    || Math.max(m, Math.max(n, k)) > Integer.MAX_VALUE) {
                return null;
            }
            Operand oa = operand(a, transposeA);
            Operand ob = operand(b, transposeB);
            Operand oc = operand(c, false);
            if (oa == null || ob == null || oc == null || oc.transposed()) {
                return null;
            }
            return new Call((int) m, (int) n, (int) k, oa, ob, oc.ld());
        }

        /**
         * A 2-D array as BLAS's column-major operand: its leading dimension and whether BLAS is to transpose it,
         * or null when it is neither column- nor row-major within its buffer from the buffer's address (which
         * includes a view's offset).
         */
        private static Operand operand(INDArray x, boolean transpose) {
            if (x.data().offset() != x.offset()) {
                return null;
            }
            long rows = x.rows();
            long cols = x.columns();
            boolean columnMajor = x.stride(0) == 1 && (cols == 1 || x.stride(1) >= rows);
            boolean rowMajor = !columnMajor && x.stride(1) == 1 && (rows == 1 || x.stride(0) >= cols);
            if (!columnMajor && !rowMajor) {
                return null;
            }
            // a row-major matrix is the column-major cols x rows one on the same memory, transposed
            long stored = columnMajor ? rows : cols;
            long lines = columnMajor ? cols : rows;
            long ld = lines == 1 ? Math.max(1, stored) : x.stride(columnMajor ? 1 : 0);
            boolean fits = ld >= Math.max(1, stored) && ld <= Integer.MAX_VALUE
                    && (lines - 1) * ld + stored <= x.data().length();
            return fits ? new Operand((int) ld, columnMajor == transpose) : null;
        }

        /** A BLAS operand: its leading dimension and whether BLAS is to transpose it. */
        record Operand(int ld, boolean transposed) {
        }

        /** One CBLAS call's sizes and operands. */
        record Call(int m, int n, int k, Operand a, Operand b, int ldc) {
        }

        /**
         * The direct path against ND4J on a product of a row-major matrix and a column-major view at an offset.
         */
        static boolean agreesWithNd4j() {
            INDArray a = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
            INDArray vector = Nd4j.createFromArray(0.5, -1, 2, 3, -4, 5, 7, 11, -13);
            INDArray b = vector.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 8)).reshape('f', 3, 2);
            INDArray expected = Nd4j.create(DataType.DOUBLE, new long[] {2, 2}, 'f');
            INDArray actual = Nd4j.create(DataType.DOUBLE, new long[] {2, 2}, 'f');
            Nd4j.gemm(a, b, expected, false, false, 1.0, 0.0);
            return gemm(a, b, actual, false, false, 1.0, 0.0) && expected.equalsWithEps(actual, 1e-12);
        }
    }
}
