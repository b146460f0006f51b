package org.sgdobservatory.listener.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sgdobservatory.listener.ObservatoryConfig;
import org.sgdobservatory.listener.report.Findings;
import org.sgdobservatory.report.model.FindingCode;

/**
 * The training minibatches the probes will run on: a uniform random sample of the minibatches offered during the
 * window (Vitter's algorithm R with a seeded generator), so that whatever the data order and the epoch length it
 * represents the data the window saw — a fixed stride could share a factor with the epoch length and keep the same
 * few minibatches again and again. Offering costs nothing unless the minibatch is kept: the {@code t}-th offer is
 * kept with probability {@code K/t}, about {@code K (1 + ln(N/K))} copies in a window of {@code N} minibatches.
 *
 * <p>The kept copies are in the training data's own type (a plain copy on the training thread); the probes' DOUBLE
 * minibatches are made from them when {@link #batches()} is asked for, after the window.
 *
 * <p>Budget: the probes' DOUBLE copies take at most {@code reservoirMegabytes}; when {@code K} of the
 * largest minibatch seen do not fit, fewer are kept (finding RESERVOIR_LIMITED, with the precision this costs), and
 * when not even 2 fit, none (RESERVOIR_OVER_BUDGET: the probes are skipped; the size needed is named). Not
 * thread-safe.
 */
public final class ProbeReservoir {

    private final ObservatoryConfig.Probing config;
    private final SplittableRandom random;
    private final Findings findings;
    private final List<Copy> kept = new ArrayList<>();
    private List<MiniBatch> converted;
    private int capacity;
    private long largestBatchBytes;
    private long offered;

    /**
     * An empty reservoir.
     *
     * @param config the probing settings (reservoirBatches, reservoirMegabytes)
     * @param seed the reservoir's seed ({@code SeedStream.RESERVOIR})
     * @param findings where budget findings go
     */
    public ProbeReservoir(ObservatoryConfig.Probing config, long seed, Findings findings) {
        this.config = config;
        this.random = new SplittableRandom(seed);
        this.findings = findings;
        this.capacity = config.reservoirBatches();
    }

    /**
     * Offers one training minibatch; it is copied only if kept.
     *
     * @param features the minibatch's features (not retained)
     * @param labels the minibatch's labels (not retained)
     */
    public void offer(INDArray features, INDArray labels) {
        fitBudget(8L * (features.length() + labels.length()));
        if (capacity < 2) {
            return;
        }
        offered++;
        if (kept.size() < capacity) {
            kept.add(new Copy(features, labels));
            converted = null;
            return;
        }
        long slot = random.nextLong(offered);
        if (slot < capacity) {
            // the evicted batch's arrays are overwritten when the shapes agree: no allocation
            kept.set((int) slot, kept.get((int) slot).refill(features, labels));
            converted = null;
        }
    }

    /** Lowers the capacity when minibatches of {@code bytes} do not fit the budget; states it once per change. */
    private void fitBudget(long bytes) {
        if (bytes <= largestBatchBytes) {
            return;
        }
        largestBatchBytes = bytes;
        long budget = (long) (config.reservoirMegabytes() * 1024 * 1024);
        int fits = (int) Math.min(config.reservoirBatches(), budget / bytes);
        if (fits >= capacity) {
            return;
        }
        capacity = fits;
        while (kept.size() > (capacity >= 2 ? capacity : 0)) {
            kept.remove(kept.size() - 1);
            converted = null;
        }
        String each = String.format(Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024.0));
        if (capacity < 2) {
            findings.remove(FindingCode.RESERVOIR_LIMITED);
            findings.replace(FindingCode.RESERVOIR_OVER_BUDGET, "a training minibatch takes " + each + " as the"
                    + " probes' DOUBLE copy, so reservoirMegabytes = " + config.reservoirMegabytes() + " holds fewer"
                    + " than the 2 the noise probe needs: no minibatches are kept and the probes are skipped; raise"
                    + " reservoirMegabytes to at least " + String.format(Locale.ROOT, "%.2f", 2 * bytes / 1048576.0)
                    + " or give probeData(...)");
        } else {
            findings.replace(FindingCode.RESERVOIR_LIMITED, "the probe reservoir keeps " + capacity + " of"
                    + " reservoirBatches = " + config.reservoirBatches() + " minibatches (" + each + " each as DOUBLE"
                    + " copies) within reservoirMegabytes = " + config.reservoirMegabytes() + "; the minibatch noise"
                    + " variance then rests on " + capacity + " minibatches (relative standard error about"
                    + " sqrt(2/(K-1)) = " + String.format(Locale.ROOT, "%.2f", Math.sqrt(2.0 / (capacity - 1))) + ")");
        }
    }

    /**
     * The kept minibatches (a uniform sample of those offered) as DOUBLE copies, in slot order; the same objects
     * until the next kept offer.
     */
    public List<MiniBatch> batches() {
        if (converted == null) {
            converted = kept.stream().map(c -> new MiniBatch(c.features, c.labels)).toList();
        }
        return converted;
    }

    /** Minibatches offered so far. */
    public long offered() {
        return offered;
    }

    /** Off-heap bytes held by the kept copies (and their DOUBLE conversions once made). */
    public long bytesHeld() {
        long raw = kept.stream().mapToLong(Copy::bytes).sum();
        return raw + (converted == null ? 0 : converted.stream().mapToLong(MiniBatch::bytes).sum());
    }

    /** One kept minibatch, copied in its own data type. */
    private static final class Copy {

        private final INDArray features;
        private final INDArray labels;

        Copy(INDArray features, INDArray labels) {
            this.features = features.dup();
            this.labels = labels.dup();
        }

        /** Overwrites this copy when shapes and types agree (no allocation), otherwise a new copy. */
        Copy refill(INDArray newFeatures, INDArray newLabels) {
            if (java.util.Arrays.equals(newFeatures.shape(), features.shape())
                    && java.util.Arrays.equals(newLabels.shape(), labels.shape())
                    && newFeatures.dataType() == features.dataType() && newLabels.dataType() == labels.dataType()) {
                features.assign(newFeatures);
                labels.assign(newLabels);
                return this;
            }
            return new Copy(newFeatures, newLabels);
        }

        long bytes() {
            return features.length() * features.dataType().width() + labels.length() * labels.dataType().width();
        }
    }
}
