package org.sgdobservatory.listener.sample;

import java.util.function.IntFunction;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sgdobservatory.sim.spectral.DotProducts;

/**
 * The projections {@code s = A (theta - theta_ref)} of the network's parameter vector on the {@code k} rows of a
 * projection matrix {@code A} ({@code k x P}), before and after a step, relative to the parameters {@code theta_ref}
 * when the projector was made: the difference of two nearby vectors is exact in floating point, so the projections keep
 * their relative precision however small the spread is against {@code |theta|}. Two engines, chosen by size alone so that the same network
 * always gets the same arithmetic:
 * <ul>
 *   <li>{@link #HEAP_LIMIT} {@code >= k P}: the rows live on the Java heap (DOUBLE) and the parameters are read in
 *       place through the view's NIO buffer; a few thousand multiply-adds cost microseconds, where one ND4J op costs
 *       about 0.1 ms of fixed overhead (measured on the 64-64-10 MLP).</li>
 *   <li>larger: {@code A} is an ND4J matrix in the network's data type; the parameters before the step are copied
 *       into the first column of a preallocated {@code P x 2} matrix and those after it into the second, and one
 *       matrix product reads {@code A} once for both (the product is bound by reading {@code A}: 16 x 1.9M FLOAT
 *       takes about 16 ms for one column and the same for two).</li>
 * </ul>
 * Never writes to the network. Not thread-safe.
 */
abstract class Projection {

    /** Largest {@code k P} kept on the heap. */
    static final long HEAP_LIMIT = 1L << 20;

    /**
     * The engine for the {@code k} rows {@code row.apply(0..k-1)} (each of length {@code P}, made one at a time) on
     * parameters like {@code reference} (type and length), relative to {@code reference}'s values.
     */
    static Projection of(int k, IntFunction<double[]> row, INDArray reference) {
        long kp = k * reference.length();
        DataType type = reference.dataType();
        if (kp <= HEAP_LIMIT && (type == DataType.FLOAT || type == DataType.DOUBLE)) {
            double[][] rows = new double[k][];
            for (int i = 0; i < k; i++) {
                rows[i] = row.apply(i);
            }
            return heap(rows, reference);
        }
        return new Native(k, row, reference);
    }

    /** The heap engine (for tests; {@link #of} chooses). */
    static Projection heap(double[][] rows, INDArray reference) {
        return new Heap(rows, reference);
    }

    /** The ND4J engine (for tests; {@link #of} chooses). */
    static Projection onNd4j(double[][] rows, INDArray reference) {
        return new Native(rows.length, i -> rows[i], reference);
    }

    /** Remembers the parameters before the step (the next {@link #pair} projects them). */
    final void snapshot(INDArray params) {
        snapshot(params, null);
    }

    /**
     * As {@link #snapshot(INDArray)}; {@code values}, when not null, are the same parameters already read as doubles
     * (the heap engine takes them instead of reading {@code params}; the ND4J engine reads {@code params}).
     */
    abstract void snapshot(INDArray params, double[] values);

    /** Projects the remembered parameters into {@code before} and the current ones into {@code after}. */
    final void pair(INDArray params, double[] before, double[] after) {
        capture(params, null);
        projectCaptured(before, after);
    }

    /**
     * Remembers the current parameters for {@link #projectCaptured}: with {@link #snapshot}, the only part of a pair
     * that reads the network. {@code values} as in {@link #snapshot(INDArray, double[])}.
     */
    abstract void capture(INDArray params, double[] values);

    /**
     * Projects the parameters {@link #snapshot} remembered into {@code before} and those {@link #capture} remembered
     * into {@code after}. It reads only the engine's own buffers, so it may run on another thread than the one that
     * captured them (one call at a time, after the capture, before the next snapshot).
     */
    abstract void projectCaptured(double[] before, double[] after);

    /** Whether a projection reads the matrix in one native product (worth moving off the training thread). */
    abstract boolean nativeProduct();

    /** Projects the current parameters into {@code out}. */
    final void project(INDArray params, double[] out) {
        project(params, null, out);
    }

    /** As {@link #project(INDArray, double[])}; {@code values} as in {@link #snapshot(INDArray, double[])}. */
    abstract void project(INDArray params, double[] values, double[] out);

    /** Bytes held by the matrix and the buffers. */
    abstract long bytesHeld();

    /** The heap engine. */
    private static final class Heap extends Projection {

        private final double[][] rows;
        private final double[] reference;
        private final double[] before;
        private final double[] current;
        private final NioViews views = new NioViews();

        Heap(double[][] rows, INDArray reference) {
            this.rows = rows;
            int p = (int) reference.length();
            this.reference = new double[p];
            this.before = new double[p];
            this.current = new double[p];
            views.read(reference, this.reference);
        }

        @Override
        void snapshot(INDArray params, double[] values) {
            deviation(params, values, before);
        }

        /** {@code into = theta - theta_ref}, {@code theta} from {@code values} when given, else read from the view. */
        private void deviation(INDArray params, double[] values, double[] into) {
            if (values != null && values.length == into.length) {
                for (int i = 0; i < into.length; i++) {
                    into[i] = values[i] - reference[i];
                }
                return;
            }
            views.read(params, into);
            for (int i = 0; i < into.length; i++) {
                into[i] -= reference[i];
            }
        }

        @Override
        void capture(INDArray params, double[] values) {
            deviation(params, values, current);
        }

        /** Both projections in one pass over the rows ({@link DotProducts#fourTwice}). */
        @Override
        void projectCaptured(double[] sBefore, double[] sAfter) {
            int k = 0;
            for (; k + 4 <= rows.length; k += 4) {
                DotProducts.fourTwice(rows[k], rows[k + 1], rows[k + 2], rows[k + 3], before, current, 0,
                        before.length, sBefore, sAfter, k);
            }
            for (; k < rows.length; k++) {
                sBefore[k] = DotProducts.one(rows[k], before, 0, before.length);
                sAfter[k] = DotProducts.one(rows[k], current, 0, current.length);
            }
        }

        @Override
        boolean nativeProduct() {
            return false;
        }

        @Override
        void project(INDArray params, double[] values, double[] out) {
            deviation(params, values, current);
            dots(current, out);
        }

        /**
         * {@code out[k] = rows[k] . x}, four rows at a time ({@link DotProducts#four}: each element of {@code x}
         * loaded once for the four, eight independent sums). On the digits MLP's 4 810 parameters, 16 rows took
         * 14.6 us against 23.6 us one row at a time with four partial sums (a one-off harness).
         */
        private void dots(double[] x, double[] out) {
            int k = 0;
            for (; k + 4 <= rows.length; k += 4) {
                DotProducts.four(rows[k], rows[k + 1], rows[k + 2], rows[k + 3], x, 0, x.length, out, k);
            }
            for (; k < rows.length; k++) {
                out[k] = DotProducts.one(rows[k], x, 0, x.length);
            }
        }

        @Override
        long bytesHeld() {
            return 8L * (rows.length + 3L) * before.length;
        }
    }

    /** The ND4J engine. */
    private static final class Native extends Projection {

        private final INDArray matrix;
        private final INDArray reference;
        private final INDArray pairColumns;
        private final INDArray beforeColumn;
        private final INDArray afterColumn;
        private final INDArray pairOut;
        private final INDArray out;
        private final INDArray deviation;

        /** Allocates outside any workspace: the arrays outlive the callback, and the product may run on another thread. */
        Native(int k, IntFunction<double[]> row, INDArray reference) {
            DataType type = reference.dataType();
            long p = reference.length();
            try (org.nd4j.linalg.api.memory.MemoryWorkspace ws =
                         Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                this.matrix = Nd4j.create(type, k, p);
                for (int i = 0; i < k; i++) {
                    matrix.putRow(i, Nd4j.createFromArray(row.apply(i)).castTo(type));
                }
                this.reference = column(reference).dup('f');
                this.pairColumns = Nd4j.create(type, new long[] {p, 2}, 'f');
                this.beforeColumn = pairColumns.getColumn(0, true);
                this.afterColumn = pairColumns.getColumn(1, true);
                this.pairOut = Nd4j.create(type, new long[] {k, 2}, 'f');
                this.out = Nd4j.create(type, k, 1);
                this.deviation = Nd4j.create(type, new long[] {p, 1}, 'f');
            }
        }

        @Override
        void snapshot(INDArray params, double[] values) {
            column(params).sub(reference, beforeColumn);
        }

        @Override
        void capture(INDArray params, double[] values) {
            column(params).sub(reference, afterColumn);
        }

        @Override
        boolean nativeProduct() {
            return true;
        }

        @Override
        void projectCaptured(double[] before, double[] after) {
            matrix.mmul(pairColumns, pairOut);
            for (int k = 0; k < before.length; k++) {
                before[k] = pairOut.getDouble(k, 0);
                after[k] = pairOut.getDouble(k, 1);
            }
        }

        @Override
        void project(INDArray params, double[] values, double[] into) {
            column(params).sub(reference, deviation);
            matrix.mmul(deviation, out);
            for (int k = 0; k < into.length; k++) {
                into[k] = out.getDouble(k);
            }
        }

        private static INDArray column(INDArray params) {
            return params.reshape(params.length(), 1);
        }

        @Override
        long bytesHeld() {
            return (matrix.length() + pairColumns.length() + reference.length() + deviation.length())
                    * matrix.dataType().width();
        }
    }
}
