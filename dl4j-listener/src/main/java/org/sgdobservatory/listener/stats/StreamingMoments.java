package org.sgdobservatory.listener.stats;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-parameter streaming moments of a parameter trace {@code theta_t}, the minibatch-mean gradient
 * {@code g_t} and the applied update {@code u_t}, for {@code P} tracked parameters at once: every update is
 * a handful of whole-array ND4J operations on preallocated DOUBLE buffers (no per-parameter Java loop, no
 * off-heap allocation per sample).
 *
 * <p>Held per parameter: count, means and centred second moments of theta, g and u (Welford's update;
 * two segments merge by Chan, Golub and LeVeque's pairwise formula, "Algorithms for computing the sample
 * variance", Am. Stat. 37 (1983) 242); the co-moment {@code sum (theta - mean)(u - mean)} for the
 * fluctuation-dissipation ratio; lag products {@code sum y_t y_{t+k}}, {@code k = 1..maxLag}, of the
 * shifted trace {@code y = theta - theta_first} plus its first and last {@code maxLag} samples, which
 * make the lag-k autocovariances exactly mergeable (the boundary pairs of two consecutive segments are
 * added at merge time); and block sums of length {@code blockLength} for batch means and the
 * split-window drift test.
 *
 * <p>Merging is exact (up to rounding) for everything when the earlier segment's count is a multiple of
 * {@code blockLength}; otherwise its partial block is kept as a short block. Both segments must hold at
 * least {@code maxLag} samples to merge.
 *
 * <p>Not thread-safe: one instance per training thread.
 */
public final class StreamingMoments {

    private final int size;
    private final int maxLag;
    private final int maxBlocks;
    private int blockLength;
    private long count;

    private final INDArray meanTheta;
    private final INDArray m2Theta;
    private final INDArray meanGrad;
    private final INDArray m2Grad;
    private final INDArray meanUpdate;
    private final INDArray m2Update;
    private final INDArray coMomentThetaUpdate;

    private final INDArray shift;
    private final INDArray sumShifted;
    private final INDArray head;
    /** 2L x P: sample t is written to rows (t mod L) and (t mod L) + L, so any L consecutive samples are a view. */
    private final INDArray ring;
    /** L x P: row j accumulates lag L - j (the order of the ring view), so one broadcast op updates all lags. */
    private final INDArray lagProducts;
    private final INDArray lagTmp;
    private final DynamicCustomOp[] lagMultiply;
    private final INDArray yRow;
    private int ringPos;

    private final INDArray blockSums;
    private final long[] blockCounts;
    private int closedBlocks;
    private final INDArray partialSum;
    private long partialCount;

    private final INDArray[] headRows;
    private final INDArray[] ringRows;
    private final INDArray[] ringViews;
    private final INDArray[] lagRows;
    private final INDArray[] blockRows;
    private final INDArray y;
    private final INDArray dx;
    private final INDArray tmp;
    private final AddOp lagAccumulate;
    private final AddOp sumShiftedAccumulate;
    private final AddOp partialSumAccumulate;
    private UpdatePlan plan;

    /**
     * Creates empty moments.
     *
     * @param size number of tracked parameters {@code P >= 1}
     * @param maxLag largest lag for autocovariances, {@code >= 1}
     * @param blockLength samples per block for batch means, {@code >= 1}; blocks double in length when
     *     {@code maxBlocks} are full
     * @param maxBlocks maximum number of closed blocks kept, even and {@code >= 4}
     */
    public StreamingMoments(int size, int maxLag, int blockLength, int maxBlocks) {
        if (!(size >= 1)) {
            throw new IllegalArgumentException("size must be >= 1, was " + size);
        }
        if (!(maxLag >= 1)) {
            throw new IllegalArgumentException("maxLag must be >= 1, was " + maxLag);
        }
        if (!(blockLength >= 1)) {
            throw new IllegalArgumentException("blockLength must be >= 1, was " + blockLength);
        }
        if (!(maxBlocks >= 4 && maxBlocks % 2 == 0)) {
            throw new IllegalArgumentException("maxBlocks must be even and >= 4, was " + maxBlocks);
        }
        this.size = size;
        this.maxLag = maxLag;
        this.blockLength = blockLength;
        this.maxBlocks = maxBlocks;
        meanTheta = vec();
        m2Theta = vec();
        meanGrad = vec();
        m2Grad = vec();
        meanUpdate = vec();
        m2Update = vec();
        coMomentThetaUpdate = vec();
        shift = vec();
        sumShifted = vec();
        head = Nd4j.zeros(DataType.DOUBLE, maxLag, size);
        ring = Nd4j.zeros(DataType.DOUBLE, 2 * maxLag, size);
        lagProducts = Nd4j.zeros(DataType.DOUBLE, maxLag, size);
        lagTmp = Nd4j.zeros(DataType.DOUBLE, maxLag, size);

        blockSums = Nd4j.zeros(DataType.DOUBLE, maxBlocks, size);
        blockCounts = new long[maxBlocks];
        partialSum = vec();
        headRows = rows(head);
        ringRows = rows(ring);
        ringViews = new INDArray[maxLag + 1];
        for (int v = 0; v <= maxLag; v++) {
            ringViews[v] = ring.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(v, v + maxLag),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
        }
        lagRows = new INDArray[maxLag];
        for (int k = 1; k <= maxLag; k++) {
            lagRows[k - 1] = lagProducts.getRow(maxLag - k);
        }
        blockRows = rows(blockSums);
        y = vec();
        yRow = y.reshape(1, size);
        lagMultiply = new DynamicCustomOp[maxLag + 1];
        for (int v = 0; v <= maxLag; v++) {
            lagMultiply[v] = DynamicCustomOp.builder("multiply").addInputs(ringViews[v], yRow).addOutputs(lagTmp)
                    .build();
        }
        dx = vec();
        tmp = vec();
        lagAccumulate = new AddOp(lagProducts, lagTmp, lagProducts);
        sumShiftedAccumulate = new AddOp(sumShifted, y, sumShifted);
        partialSumAccumulate = new AddOp(partialSum, y, partialSum);
    }

    private INDArray vec() {
        return Nd4j.zeros(DataType.DOUBLE, size);
    }

    private static INDArray[] rows(INDArray m) {
        INDArray[] r = new INDArray[m.rows()];
        for (int i = 0; i < r.length; i++) {
            r[i] = m.getRow(i);
        }
        return r;
    }

    /**
     * Adds one sample. Inputs are DOUBLE vectors of length {@link #size()}; they are read, not kept.
     * The ND4J ops of an update are built once per triple of input arrays and reused while the caller passes the
     * same arrays (the listener always does): building a pairwise op costs about ten times executing it on
     * 25 000 doubles (BENCHMARKS.md, listener profile). The arithmetic, and its order, is the same either way.
     *
     * @param theta parameters before the step
     * @param grad minibatch-mean gradient of the step
     * @param update applied update {@code theta_before - theta_after}
     */
    public void add(INDArray theta, INDArray grad, INDArray update) {
        if (plan == null || !plan.reads(theta, grad, update)) {
            plan = new UpdatePlan(theta, grad, update);
        }
        count++;
        double invN = 1.0 / count;
        plan.welfordGrad.add(invN);
        // update first (its new mean enters the co-moment), then theta:
        // C += (theta - meanTheta_old) * (u - meanU_new)
        plan.welfordUpdate.add(invN);
        Nd4j.exec(plan.updateMinusMean);
        Nd4j.exec(plan.thetaMinusMean);
        Nd4j.exec(plan.coMomentProduct);
        Nd4j.exec(plan.coMomentAdd);
        plan.welfordTheta.add(invN);

        // shifted trace for lags and blocks
        if (count == 1) {
            shift.assign(theta);
        }
        Nd4j.exec(plan.shifted);
        if (count <= maxLag) {
            headRows[(int) count - 1].assign(y);
        }
        // ringViews[ringPos] holds samples t-L .. t-1 in time order (zeros before the start, which add nothing);
        // the broadcasting "multiply" custom op (ND4J's legacy broadcast ops cost milliseconds per call)
        Nd4j.exec(lagMultiply[ringPos]);
        Nd4j.exec(lagAccumulate);
        ringRows[ringPos].assign(y);
        ringRows[ringPos + maxLag].assign(y);
        ringPos = (ringPos + 1) % maxLag;
        Nd4j.exec(sumShiftedAccumulate);

        Nd4j.exec(partialSumAccumulate);
        partialCount++;
        if (partialCount == blockLength) {
            closeBlock();
        }
    }

    /**
     * The prebuilt ops of {@link #add} for one triple of input arrays (the internal buffers never change).
     * Welford's update per input is 5 ops: {@code d = x - mean; mean += d/n} (BLAS axpy, whose factor changes
     * every call); {@code m2 += d (x - mean)}; {@code dx} and {@code tmp} are scratch.
     */
    private final class UpdatePlan {
        final INDArray theta;
        final INDArray grad;
        final INDArray update;
        final Welford welfordGrad;
        final Welford welfordUpdate;
        final Welford welfordTheta;
        final SubOp updateMinusMean;
        final SubOp thetaMinusMean;
        final MulOp coMomentProduct;
        final AddOp coMomentAdd;
        final SubOp shifted;

        UpdatePlan(INDArray theta, INDArray grad, INDArray update) {
            this.theta = theta;
            this.grad = grad;
            this.update = update;
            welfordGrad = new Welford(grad, meanGrad, m2Grad);
            welfordUpdate = new Welford(update, meanUpdate, m2Update);
            welfordTheta = new Welford(theta, meanTheta, m2Theta);
            updateMinusMean = new SubOp(update, meanUpdate, tmp);
            thetaMinusMean = new SubOp(theta, meanTheta, dx);
            coMomentProduct = new MulOp(tmp, dx, tmp);
            coMomentAdd = new AddOp(coMomentThetaUpdate, tmp, coMomentThetaUpdate);
            shifted = new SubOp(theta, shift, y);
        }

        boolean reads(INDArray t, INDArray g, INDArray u) {
            return t == theta && g == grad && u == update;
        }
    }

    /** Welford's update of one input with prebuilt ops (5 per call). */
    private final class Welford {
        final INDArray mean;
        final SubOp deviation;
        final SubOp deviationFromNewMean;
        final MulOp product;
        final AddOp accumulate;

        Welford(INDArray x, INDArray mean, INDArray m2) {
            this.mean = mean;
            deviation = new SubOp(x, mean, dx);
            deviationFromNewMean = new SubOp(x, mean, tmp);
            product = new MulOp(dx, tmp, tmp);
            accumulate = new AddOp(m2, tmp, m2);
        }

        void add(double invN) {
            Nd4j.exec(deviation);
            Nd4j.getBlasWrapper().level1().axpy(size, invN, dx, mean);
            Nd4j.exec(deviationFromNewMean);
            Nd4j.exec(product);
            Nd4j.exec(accumulate);
        }
    }

    private void closeBlock() {
        blockRows[closedBlocks].assign(partialSum);
        blockCounts[closedBlocks] = partialCount;
        closedBlocks++;
        partialSum.assign(0);
        partialCount = 0;
        if (closedBlocks == maxBlocks) {
            coarsen();
        }
    }

    /** Halves the number of closed blocks by summing neighbours; doubles the block length. */
    private void coarsen() {
        int half = closedBlocks / 2;
        for (int i = 0; i < half; i++) {
            blockRows[i].assign(blockRows[2 * i]).addi(blockRows[2 * i + 1]);
            blockCounts[i] = blockCounts[2 * i] + blockCounts[2 * i + 1];
        }
        for (int i = half; i < closedBlocks; i++) {
            blockRows[i].assign(0);
            blockCounts[i] = 0;
        }
        if (closedBlocks % 2 == 1) {
            blockRows[half].assign(blockRows[closedBlocks - 1]);
            blockCounts[half] = blockCounts[closedBlocks - 1];
            half++;
        }
        closedBlocks = half;
        blockLength *= 2;
    }

    /**
     * Merges {@code later}, the statistics of the samples that directly follow this segment in time, into a
     * new instance; neither input is modified.
     *
     * @throws IllegalArgumentException when sizes or maxLag differ or a segment has fewer than maxLag samples
     */
    public StreamingMoments merge(StreamingMoments later) {
        if (later.size != size || later.maxLag != maxLag || later.maxBlocks != maxBlocks) {
            throw new IllegalArgumentException("cannot merge moments of different shape: size " + size + "/"
                    + later.size + ", maxLag " + maxLag + "/" + later.maxLag + ", maxBlocks " + maxBlocks
                    + "/" + later.maxBlocks);
        }
        if (count < maxLag || later.count < maxLag) {
            throw new IllegalArgumentException("both segments need at least maxLag = " + maxLag
                    + " samples to merge, had " + count + " and " + later.count);
        }
        StreamingMoments out = new StreamingMoments(size, maxLag, Math.min(blockLength, later.blockLength), maxBlocks);
        long na = count;
        long nb = later.count;
        long n = na + nb;
        out.count = n;
        chan(out.meanTheta, out.m2Theta, meanTheta, m2Theta, later.meanTheta, later.m2Theta, na, nb);
        chan(out.meanGrad, out.m2Grad, meanGrad, m2Grad, later.meanGrad, later.m2Grad, na, nb);
        chan(out.meanUpdate, out.m2Update, meanUpdate, m2Update, later.meanUpdate, later.m2Update, na, nb);
        INDArray dTheta = later.meanTheta.sub(meanTheta);
        INDArray dUpdate = later.meanUpdate.sub(meanUpdate);
        out.coMomentThetaUpdate.assign(coMomentThetaUpdate).addi(later.coMomentThetaUpdate)
                .addi(dTheta.mul(dUpdate).muli((double) na * nb / n));

        // lags: re-express the later segment in this segment's shift, y' = y + d
        INDArray d = later.shift.sub(shift);
        out.shift.assign(shift);
        out.head.assign(head);
        INDArray laterSum = later.sumShifted;
        for (int k = 1; k <= maxLag; k++) {
            INDArray firstK = later.head.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, k),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).sum(0);
            INDArray lastK = later.lastSamples(k).sum(0);
            INDArray leadSum = laterSum.sub(lastK);   // sum_{t < nb-k} y_t
            INDArray trailSum = laterSum.sub(firstK); // sum_{t >= k} y_t
            INDArray reshifted = later.lagRows[k - 1].add(leadSum.add(trailSum).muli(d))
                    .addi(d.mul(d).muli(nb - k));
            // boundary pairs: last k of this (shift of this) with first k of later (re-shifted)
            INDArray boundary = Nd4j.zeros(DataType.DOUBLE, size);
            INDArray mine = lastSamples(k);
            for (int j = 0; j < k; j++) {
                // pair (this[na-k+j], later[j])
                boundary.addi(mine.getRow(j).mul(later.headRows[j].add(d)));
            }
            out.lagRows[k - 1].assign(lagRows[k - 1]).addi(reshifted).addi(boundary);
        }
        INDArray laterLast = later.lastSamples(maxLag).addRowVector(d);
        for (int j = 0; j < maxLag; j++) {
            out.ringRows[j].assign(laterLast.getRow(j));
            out.ringRows[j + maxLag].assign(laterLast.getRow(j));
        }
        out.ringPos = 0;
        out.sumShifted.assign(sumShifted).addi(laterSum).addi(d.mul(nb));

        // blocks: this segment's closed blocks, its partial block (as a short block), the later blocks
        out.blockLength = Math.max(blockLength, later.blockLength);
        for (int i = 0; i < closedBlocks; i++) {
            out.appendBlock(blockRows[i], blockCounts[i]);
        }
        if (partialCount > 0) {
            out.appendBlock(partialSum, partialCount);
        }
        for (int i = 0; i < later.closedBlocks; i++) {
            out.appendBlock(later.blockRows[i].add(d.mul(later.blockCounts[i])), later.blockCounts[i]);
        }
        out.partialSum.assign(later.partialSum).addi(d.mul(later.partialCount));
        out.partialCount = later.partialCount;
        return out;
    }

    private void appendBlock(INDArray sum, long cnt) {
        blockRows[closedBlocks].assign(sum);
        blockCounts[closedBlocks] = cnt;
        closedBlocks++;
        if (closedBlocks == maxBlocks) {
            coarsen();
        }
    }

    /** The last k samples (shifted) in time order, k x size, as a new array. */
    private INDArray lastSamples(int k) {
        INDArray out = Nd4j.zeros(DataType.DOUBLE, k, size);
        for (int j = 0; j < k; j++) {
            out.getRow(j).assign(ringRows[Math.floorMod(ringPos - k + j, maxLag)]);
        }
        return out;
    }

    private static void chan(INDArray outMean, INDArray outM2, INDArray meanA, INDArray m2A, INDArray meanB,
                             INDArray m2B, long na, long nb) {
        double n = na + nb;
        INDArray delta = meanB.sub(meanA);
        outMean.assign(meanA).addi(delta.mul(nb / n));
        outM2.assign(m2A).addi(m2B).addi(delta.mul(delta).muli(na * (double) nb / n));
    }

    /** Number of samples added. */
    public long count() {
        return count;
    }

    /** Number of tracked parameters. */
    public int size() {
        return size;
    }

    /** Largest lag held. */
    public int maxLag() {
        return maxLag;
    }

    /** Current block length (samples per closed block). */
    public int blockLength() {
        return blockLength;
    }

    /** Mean of theta per parameter. */
    public double[] meanTheta() {
        return meanTheta.toDoubleVector();
    }

    /** Population variance ({@code M2 / n}) of theta per parameter. */
    public double[] varianceTheta() {
        return m2Theta.div(count).toDoubleVector();
    }

    /** Mean of the minibatch-mean gradient per parameter. */
    public double[] meanGradient() {
        return meanGrad.toDoubleVector();
    }

    /** Population variance of the minibatch-mean gradient along the trajectory per parameter. */
    public double[] varianceGradient() {
        return m2Grad.div(count).toDoubleVector();
    }

    /** Mean of the applied update per parameter. */
    public double[] meanUpdate() {
        return meanUpdate.toDoubleVector();
    }

    /** Population variance of the applied update per parameter. */
    public double[] varianceUpdate() {
        return m2Update.div(count).toDoubleVector();
    }

    /** Population covariance {@code E[(theta - mean)(u - mean)]} per parameter. */
    public double[] covarianceThetaUpdate() {
        return coMomentThetaUpdate.div(count).toDoubleVector();
    }

    /**
     * Fluctuation-dissipation ratio {@code 2 E[(theta - mean) u] / E[u^2]} per parameter (THEORY.md 2,
     * Yaida 2019): 1 when the second moment is stationary. Observed at every step it telescopes and is
     * nearly exact ({@code (x_0^2 - x_n^2)/sum u^2}); observed every k-th step it is an unbiased but noisy
     * estimate, standard error about {@code sqrt(2/(eta h n))} for SGD on a quadratic.
     */
    public double[] fluctuationDissipationRatio() {
        INDArray second = m2Update.div(count).addi(meanUpdate.mul(meanUpdate));
        return coMomentThetaUpdate.div(count).muli(2.0).divi(second).toDoubleVector();
    }

    /**
     * Lag-k autocovariances of theta, {@code gamma_k = (1/n) sum_{t<n-k} (x_t - m)(x_{t+k} - m)},
     * k = 1..maxLag (rows), per parameter (columns); rows with {@code k >= n} are zero.
     */
    public double[][] autocovariances() {
        double[][] out = new double[maxLag][];
        INDArray mean = sumShifted.div(count);
        INDArray firstCum = Nd4j.zeros(DataType.DOUBLE, size);
        INDArray lastCum = Nd4j.zeros(DataType.DOUBLE, size);
        INDArray last = lastSamples(maxLag);
        for (int k = 1; k <= maxLag; k++) {
            if (k >= count) {
                out[k - 1] = new double[size];
                continue;
            }
            firstCum.addi(headRows[k - 1]);
            lastCum.addi(last.getRow(maxLag - k));
            INDArray lead = sumShifted.sub(lastCum);
            INDArray trail = sumShifted.sub(firstCum);
            INDArray g = lagRows[k - 1].sub(lead.add(trail).muli(mean)).addi(mean.mul(mean).muli(count - k));
            out[k - 1] = g.divi(count).toDoubleVector();
        }
        return out;
    }

    /**
     * Block means of theta (rows: closed blocks in time order; the partial block is excluded) with their
     * sample counts.
     */
    public BlockMeans blockMeans() {
        double[][] means = new double[closedBlocks][];
        long[] counts = new long[closedBlocks];
        for (int i = 0; i < closedBlocks; i++) {
            means[i] = blockRows[i].div(blockCounts[i]).addi(shift).toDoubleVector();
            counts[i] = blockCounts[i];
        }
        return new BlockMeans(means, counts);
    }

    /** Bytes held per tracked parameter (DOUBLE buffers). */
    public long bytesPerParameter() {
        return bytesPerParameter(maxLag, maxBlocks);
    }

    /** Bytes per tracked parameter of an instance with these settings, for budgeting before creating one. */
    public static long bytesPerParameter(int maxLag, int maxBlocks) {
        // 13 vectors (means, M2s, co-moment, shift, sums, scratch), head L, ring 2L, lag products L, lag scratch L,
        // block sums
        return 8L * (13 + 5L * maxLag + maxBlocks);
    }

    /** Closed block means with their counts; a small holder (arrays are not put in records). */
    public static final class BlockMeans {
        private final double[][] means;
        private final long[] counts;

        BlockMeans(double[][] means, long[] counts) {
            this.means = means;
            this.counts = counts;
        }

        /** Number of closed blocks. */
        public int blocks() {
            return counts.length;
        }

        /** Mean of block {@code i} for parameter {@code p}. */
        public double mean(int i, int p) {
            return means[i][p];
        }

        /** Samples in block {@code i}. */
        public long count(int i) {
            return counts[i];
        }
    }

    @Override
    public String toString() {
        return "StreamingMoments[" + size + " params, n=" + count + ", maxLag=" + maxLag + ", blockLength="
                + blockLength + "]";
    }
}
