package org.sgdobservatory.examples.network;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.nd4j.linalg.activations.Activation;
import org.sgdobservatory.examples.data.Bundled;
import org.sgdobservatory.examples.data.DataSource;
import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.report.model.DataOrder;

/**
 * The registry of example networks, in the order {@code observatory list} shows them; {@link #DEFAULT} is the
 * main job's. Real data are split 80/20 into train and test with the run's seed; tabular features are
 * standardised with the training part's mean and standard deviation (digits and cnn: pixels / 16 instead, already
 * in [0, 1]); the diabetes target is standardised too. Weight decay (L2) is on where a stationary state needs it:
 * separable classes (iris setosa, wine, breast cancer) would otherwise grow their weights without bound, and the
 * MLPs' flat directions would drift. The L2 coefficient also sets the slowest relaxation time, about
 * {@code 1/(lr C)} iterations, which the warm-up before the window must exceed several times and the window's
 * autocorrelation estimate must resolve; hence the strong defaults of the small convex models.
 */
public final class Examples {

    /** The main job's example. */
    public static final String DEFAULT = "digits";

    private static final double TRAIN_FRACTION = 0.8;

    private static final List<Example> ALL = List.of(
            new Example("digits", "Handwritten digits 8x8: MLP 64-32-10",
                    "A small multilayer perceptron (64 inputs, 32 ReLU units, 10-way softmax, cross-entropy, L2"
                            + " 1e-2) on the 1797 8x8 digit images of UCI optdigits (pixels scaled to [0, 1], 80%"
                            + " for training). A real non-convex network that settles within seconds: the classic"
                            + " first look at SGD noise, and where SGD and RMSProp differ most.",
                    Bundled.DIGITS.source(),
                    new ExampleDefaults(0.1, 1e-3, 1e-5, 32, 200, 6000, DataOrder.RESHUFFLED, 1e-2, 1e-6),
                    new DenseArchitecture(List.of(32), Activation.RELU), Examples::digits, Optional.empty()),
            new Example("cnn", "Handwritten digits 8x8: LeNet-style CNN",
                    "A small convolutional network (the 8x8 digit as a 1-channel image, 3x3 convolution with 8"
                            + " filters and ReLU, 2x2 max pooling, 32 ReLU units, 10-way softmax, cross-entropy, L2"
                            + " 1e-2) on the same 1797 UCI optdigits images and split as digits. The network most"
                            + " DL4J users meet first, scaled to the bundled data: convolution weights are shared"
                            + " across the image, so each one sees many gradient contributions per example.",
                    Bundled.DIGITS.source(),
                    new ExampleDefaults(0.1, 1e-3, 1e-5, 32, 50, 1500, DataOrder.RESHUFFLED, 1e-2, 1e-6),
                    new LeNetArchitecture(8, 8, 3, 2, 32), Examples::digits, Optional.empty()),
            new Example("iris", "Iris: softmax regression 4-3",
                    "Multinomial logistic regression (4 standardised features, 3 species, cross-entropy, L2 5e-2)"
                            + " on Fisher's 150 irises. Convex, 15 parameters: every parameter is tracked and the"
                            + " diagonal-Hessian prediction can be judged parameter by parameter.",
                    Bundled.IRIS.source(),
                    new ExampleDefaults(0.3, 3e-3, 1e-4, 10, 700, 4000, DataOrder.RESHUFFLED, 5e-2, 1e-6),
                    new DenseArchitecture(List.of(), Activation.IDENTITY),
                    seed -> standardised(Bundled.IRIS, seed, false),
                    Optional.empty()),
            new Example("wine", "Wine: softmax regression 13-3",
                    "Multinomial logistic regression (13 standardised chemical measurements, 3 cultivars,"
                            + " cross-entropy, L2 5e-2) on 178 wines. Convex, but the classes are separable, so the"
                            + " stationary state exists only because of the weight decay.",
                    Bundled.WINE.source(),
                    new ExampleDefaults(0.3, 3e-3, 1e-4, 10, 700, 4000, DataOrder.RESHUFFLED, 5e-2, 1e-6),
                    new DenseArchitecture(List.of(), Activation.IDENTITY),
                    seed -> standardised(Bundled.WINE, seed, false),
                    Optional.empty()),
            new Example("breast-cancer", "Breast cancer: MLP 30-16-2",
                    "A small MLP (30 standardised cell-nucleus features, 16 ReLU units, 2-way softmax,"
                            + " cross-entropy, L2 1e-2) on 569 Wisconsin diagnostic cases.",
                    Bundled.BREAST_CANCER.source(),
                    new ExampleDefaults(0.1, 1e-3, 1e-4, 16, 200, 3000, DataOrder.RESHUFFLED, 1e-2, 1e-6),
                    new DenseArchitecture(List.of(16), Activation.RELU),
                    seed -> standardised(Bundled.BREAST_CANCER, seed, false),
                    Optional.empty()),
            new Example("diabetes", "Diabetes: linear regression 10-1",
                    "Least-squares linear regression (10 standardised baseline variables, standardised disease"
                            + " progression, MSE) on 442 patients. A quadratic loss on real data: the per-parameter"
                            + " theory is exact up to the coupling of correlated features.",
                    Bundled.DIABETES.source(),
                    new ExampleDefaults(0.05, 1e-3, 1e-4, 16, 300, 4000, DataOrder.RESHUFFLED, 0, 1e-6),
                    new DenseArchitecture(List.of(), Activation.IDENTITY),
                    seed -> standardised(Bundled.DIABETES, seed, true),
                    Optional.empty()),
            new Example("linreg", "Synthetic linear regression 5-1 (exact answer known)",
                    "Linear regression y = x.w* + b* + noise (5 independent Gaussian features with standard"
                            + " deviations 1.0, 0.8, 1.3, 0.6, 1.1; noise 0.5; 1000 training rows), trained with"
                            + " i.i.d. minibatches by default. The exact stationary covariance of SGD is the"
                            + " discrete Lyapunov solution from the data; the findings compare it with what the"
                            + " listener observed.",
                    new DataSource("synthetic linear regression (seed 42)", Synthetic.LINREG_TRAIN
                            + Synthetic.LINREG_TEST, Synthetic.LINREG_SCALES.length, "generated by the examples module",
                            "none (synthetic)", "none"),
                    new ExampleDefaults(0.05, 1e-3, 1e-3, 50, 600, 8000, DataOrder.IID, 0, 1e-8),
                    new DenseArchitecture(List.of(), Activation.IDENTITY), seed -> Synthetic.linearRegression(),
                    Optional.of(new LinearRegressionReference())),
            new Example("teacher-student", "Synthetic teacher-student MLP 8-16-1",
                    "A student MLP (8 inputs, 16 tanh units, linear output, MSE, L2 1e-4) learning a fixed random"
                            + " teacher of the same shape from 1200 noisy examples (noise 0.1). The student can"
                            + " represent the teacher exactly, so late training sits in a real minimum of a"
                            + " non-convex loss.",
                    new DataSource("synthetic teacher MLP (seed 2024)", Synthetic.TEACHER_TRAIN
                            + Synthetic.TEACHER_TEST, Synthetic.TEACHER_INPUTS, "generated by the examples module",
                            "none (synthetic)", "none"),
                    new ExampleDefaults(0.05, 1e-3, 1e-4, 20, 150, 3000, DataOrder.RESHUFFLED, 1e-4, 1e-6),
                    new DenseArchitecture(List.of(Synthetic.TEACHER_HIDDEN), Activation.TANH),
                    seed -> Synthetic.teacherStudent(),
                    Optional.empty()));

    private Examples() {
    }

    /** Every example, in display order. */
    public static List<Example> all() {
        return ALL;
    }

    /**
     * The example called {@code name}.
     *
     * @throws IllegalArgumentException naming the known examples
     */
    public static Example named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown example '" + name + "'; expected one of "
                        + ALL.stream().map(Example::name).collect(Collectors.joining(", "))
                        + " (see 'observatory list')"));
    }

    private static LabelledData.Split digits(long seed) {
        return Bundled.DIGITS.load().split(TRAIN_FRACTION, seed);
    }

    private static LabelledData.Split standardised(Bundled data, long seed, boolean target) {
        LabelledData.Split raw = data.load().split(TRAIN_FRACTION, seed);
        LabelledData train = raw.train().standardisedBy(raw.train());
        LabelledData test = raw.test().standardisedBy(raw.train());
        if (target) {
            return new LabelledData.Split(train.targetsStandardisedBy(raw.train()),
                    test.targetsStandardisedBy(raw.train()));
        }
        return new LabelledData.Split(train, test);
    }
}
