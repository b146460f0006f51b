package org.sgdobservatory.listener.probe;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.nd4j.linalg.api.buffer.DataType;
import org.sgdobservatory.listener.adapter.NetworkAdapter;
import org.sgdobservatory.listener.adapter.ParameterBlock;
import org.sgdobservatory.listener.adapter.RegularizationSpec;
import org.sgdobservatory.report.model.SpectralReport;
import org.sgdobservatory.report.model.UpdaterKind;
import org.sgdobservatory.sim.spectral.DirectionalOptimizer;
import org.sgdobservatory.sim.stats.Median;

/**
 * The coordinates in which the network's optimizer is plain SGD on the quadratic, so that the top eigen-directions
 * of one symmetric operator decouple ({@code docs/theory.md#spectral-directions}):
 * <ul>
 *   <li>every block Sgd with one learning rate {@code eta}: the Hessian {@code H} plus weight decay's curvature
 *       (DL4J adds {@code lr c theta} to the update, a curvature {@code c}), SGD at {@code eta};</li>
 *   <li>every block Nesterovs with one learning rate and momentum: {@code H}, the momentum closed form (weight
 *       decay under momentum is left out, as for parameters);</li>
 *   <li>blocks of Sgd, RmsProp and the {@code eta'/sigma^2} rule, any learning rates: {@code theta' = theta - P g}
 *       with the diagonal {@code P_i = lr_i n_i}, {@code n_i} the step's normaliser ({@code 1},
 *       {@code 1/(sqrt(v_i) + eps)}, {@code 1/(s_i + eps)}) frozen at its value when the basis is taken (mean field:
 *       RmsProp's {@code v} fluctuates, an error of order {@code 1 - rho}); in {@code y = P^{-1/2} theta} this is SGD
 *       at rate 1 on {@code P^{1/2} H P^{1/2}}, plus weight decay's {@code lr_i c_i} on the diagonal.</li>
 * </ul>
 * Any other mix (an unsupported updater, Nesterovs blocks with different settings) has no such frame. A holder of
 * arrays, hence a final class; immutable.
 */
public final class DirectionFrame {

    private final SpectralReport.Basis basis;
    private final double[] sqrtPreconditioner;
    private final double[] decay;
    private final DirectionalOptimizer optimizer;
    private final UpdaterKind kind;
    private final double rmsDecay;
    private final String description;

    private DirectionFrame(SpectralReport.Basis basis, double[] sqrtPreconditioner, double[] decay,
                           DirectionalOptimizer optimizer, UpdaterKind kind, double rmsDecay, String description) {
        this.basis = basis;
        this.sqrtPreconditioner = sqrtPreconditioner;
        this.decay = decay;
        this.optimizer = optimizer;
        this.kind = kind;
        this.rmsDecay = rmsDecay;
        this.description = description;
    }

    /**
     * The frame of the network's optimizer at DL4J's {@code iteration} and {@code epoch}, or why there is none.
     *
     * @return the frame, or a sentence saying why the directions cannot be predicted
     */
    public static Frame of(NetworkAdapter adapter, int iteration, int epoch) {
        Survey s = Survey.of(adapter, iteration, epoch);
        if (s.allSgd() && s.oneLearningRate() && s.lr0() > 0) {
            return new Frame(Optional.of(new DirectionFrame(SpectralReport.Basis.HESSIAN, null, s.decayOrNull(),
                    new DirectionalOptimizer.Sgd(s.lr0()), UpdaterKind.SGD, Double.NaN, "eigenvectors of the probe-set"
                    + " loss Hessian (L2 and weight decay included); Sgd at learning rate " + s.lr0())), "");
        }
        if (s.allNesterovs() && s.oneLearningRate() && s.lr0() > 0) {
            return new Frame(Optional.of(new DirectionFrame(SpectralReport.Basis.HESSIAN, null, null,
                    new DirectionalOptimizer.Nesterovs(s.lr0(), s.mu0()), UpdaterKind.NESTEROVS, Double.NaN,
                    "eigenvectors of the probe-set loss Hessian (L2 included); Nesterovs at learning rate " + s.lr0()
                    + ", momentum " + s.mu0())), "");
        }
        if (!s.preconditionable()) {
            return new Frame(Optional.empty(), "the directions need one optimizer frame for the whole network: Sgd,"
                    + " RmsProp or the eta'/sigma^2 rule in any mix, or Nesterovs with one learning rate and momentum");
        }
        return preconditioned(adapter, iteration, epoch, s);
    }

    /** The preconditioned frame of a mix of Sgd, RmsProp and the {@code eta'/sigma^2} rule. */
    private static Frame preconditioned(NetworkAdapter adapter, int iteration, int epoch, Survey s) {
        List<ParameterBlock> blocks = adapter.blocks();
        double[] decay = s.decay();
        double[] sqrtP = new double[decay.length];
        double[] scale = new double[decay.length];
        for (ParameterBlock b : blocks) {
            double lr = adapter.learningRate(b, iteration, epoch);
            double eps = b.updater().hyperparameter("epsilon");
            double[] state = adapter.normaliserState(b).map(v -> v.castTo(DataType.DOUBLE).toDoubleVector())
                    .orElse(null);
            UpdaterKind k = b.updater().kind();
            if (k != UpdaterKind.SGD && state == null) {
                return new Frame(Optional.empty(), "the updater state of " + b.key() + " could not be read");
            }
            for (int i = 0; i < b.length(); i++) {
                int at = (int) b.offset() + i;
                scale[at] = switch (k) {
                    case RMSPROP -> Math.sqrt(state[i]);
                    case VARNORM -> state[i];
                    default -> Double.NaN;
                };
                double n = k == UpdaterKind.SGD ? 1 : 1 / (scale[at] + eps);
                sqrtP[at] = Math.sqrt(lr * n);
                decay[at] *= lr;
            }
        }
        int silent = leaveOutSilent(scale, sqrtP, decay);
        UpdaterKind kind = blocks.stream().map(b -> b.updater().kind()).distinct().count() == 1
                ? blocks.get(0).updater().kind() : UpdaterKind.RMSPROP;
        double rho = blocks.stream().filter(b -> b.updater().kind() == UpdaterKind.RMSPROP).findFirst()
                .map(b -> b.updater().hyperparameter("rmsDecay")).orElse(Double.NaN);
        return new Frame(Optional.of(new DirectionFrame(SpectralReport.Basis.PRECONDITIONED_HESSIAN, sqrtP,
                s.decayOrNull(), new DirectionalOptimizer.PreconditionedSgd(1.0), kind, rho, "eigenvectors of"
                + " P^{1/2} H P^{1/2}, P = lr / (the step's normaliser) frozen at the basis time (RmsProp:"
                + " sqrt(v) + eps; eta'/sigma^2: s + eps), weight decay on the diagonal; projections of P^{-1/2}"
                + " theta" + (silent == 0 ? "" : "; left out of the frame: " + silent + (silent == 1 ? " parameter"
                : " parameters") + " whose normaliser is below " + SILENT_FRACTION + " x the median (no gradient"
                + " reaches them, e.g. dead units; their frozen P would be the lr/eps floor)"))), "");
    }

    /**
     * What the blocks have in common: their updaters, learning rates and weight decay.
     *
     * @param decay weight decay's curvature per parameter (0 without it)
     * @param anyDecay whether any block has weight decay
     * @param allSgd every block is Sgd
     * @param allNesterovs every block is Nesterovs with the first block's momentum
     * @param preconditionable every block is Sgd, RmsProp or the {@code eta'/sigma^2} rule
     * @param oneLearningRate every block has the first block's learning rate
     * @param lr0 the first block's learning rate
     * @param mu0 the first block's momentum (NaN if it has none)
     */
    private record Survey(double[] decay, boolean anyDecay, boolean allSgd, boolean allNesterovs,
                          boolean preconditionable, boolean oneLearningRate, double lr0, double mu0) {

        static Survey of(NetworkAdapter adapter, int iteration, int epoch) {
            List<ParameterBlock> blocks = adapter.blocks();
            double[] decay = new double[(int) adapter.numParams()];
            boolean anyDecay = false;
            boolean allSgd = true;
            boolean allNesterovs = true;
            boolean preconditionable = true;
            boolean oneLearningRate = true;
            double lr0 = adapter.learningRate(blocks.get(0), iteration, epoch);
            double mu0 = blocks.get(0).updater().hyperparameter("momentum");
            for (ParameterBlock b : blocks) {
                UpdaterKind k = b.updater().kind();
                double lr = adapter.learningRate(b, iteration, epoch);
                oneLearningRate &= lr == lr0;
                allSgd &= k == UpdaterKind.SGD;
                allNesterovs &= k == UpdaterKind.NESTEROVS && b.updater().hyperparameter("momentum") == mu0;
                preconditionable &= k == UpdaterKind.SGD || k == UpdaterKind.RMSPROP || k == UpdaterKind.VARNORM;
                RegularizationSpec reg = adapter.regularization(b, iteration, epoch);
                if (reg.weightDecay() > 0) {
                    anyDecay = true;
                    Arrays.fill(decay, (int) b.offset(), (int) (b.offset() + b.length()),
                            reg.weightDecayCurvature(lr));
                }
            }
            return new Survey(decay, anyDecay, allSgd, allNesterovs, preconditionable, oneLearningRate, lr0, mu0);
        }

        /** The decay array, or null without weight decay. */
        double[] decayOrNull() {
            return anyDecay ? decay : null;
        }
    }

    /**
     * The fraction of the median normaliser ({@code sqrt(v)} or {@code s}) below which a parameter is left out of the
     * preconditioned frame: its step sees no gradient, so the mean field's frozen {@code P ~ lr/eps} would put
     * spurious eigenvalues of order {@code lr h / eps} at the top of the spectrum.
     */
    static final double SILENT_FRACTION = 1e-3;

    /** Zeroes {@code P^{1/2}} and the decay of parameters whose normaliser is silent; returns how many. */
    private static int leaveOutSilent(double[] scale, double[] sqrtP, double[] decay) {
        double median = Median.of(Arrays.stream(scale)
                .filter(Double::isFinite).toArray());
        if (!(median > 0)) {
            return 0;
        }
        int silent = 0;
        for (int i = 0; i < scale.length; i++) {
            if (scale[i] < SILENT_FRACTION * median) {
                sqrtP[i] = 0;
                decay[i] = 0;
                silent++;
            }
        }
        return silent;
    }

    /**
     * A frame, or the reason there is none.
     *
     * @param frame the frame when there is one
     * @param reason why there is none ("" otherwise)
     */
    public record Frame(Optional<DirectionFrame> frame, String reason) {
    }

    /** What the directions are eigenvectors of. */
    public SpectralReport.Basis basis() {
        return basis;
    }

    /** In words. */
    public String description() {
        return description;
    }

    /** The optimizer along each direction. */
    public DirectionalOptimizer optimizer() {
        return optimizer;
    }

    /** The updater family (for the verdicts; RMSPROP stands for a preconditioned mix). */
    public UpdaterKind kind() {
        return kind;
    }

    /** RMSProp's decay {@code rho} in the frame (its first RmsProp block's), NaN when no block is RmsProp. */
    public double rmsDecay() {
        return rmsDecay;
    }

    /** {@code P_i^{1/2}}, or 1 without a preconditioner; 0 for a parameter left out of the frame. */
    public double sqrtPreconditioner(int i) {
        return sqrtPreconditioner == null ? 1 : sqrtPreconditioner[i];
    }

    /** Whether there is a preconditioner. */
    public boolean preconditioned() {
        return sqrtPreconditioner != null;
    }

    /** What weight decay adds to the operator's diagonal at {@code i} (0 without it). */
    public double decay(int i) {
        return decay == null ? 0 : decay[i];
    }

    /** The rate that multiplies an eigenvalue in the step: the learning rate, or 1 in a preconditioned frame. */
    public double rate() {
        return optimizer.learningRate();
    }
}
