package org.sgdobservatory.examples.cli;

import org.sgdobservatory.examples.simulate.CliName;
import org.sgdobservatory.examples.simulate.LossKind;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.examples.simulate.Sampling;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the hyphenated enum spellings ({@code double-well}). */
final class Converters {
    private Converters() {
    }

    private static <E extends Enum<E> & CliName> E parse(Class<E> type, String what, String text) {
        try {
            return CliName.parse(type, what, text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code --loss}. */
    static final class Loss implements ITypeConverter<LossKind> {
        @Override
        public LossKind convert(String value) {
            return parse(LossKind.class, "loss", value);
        }
    }

    /** {@code --optimizer}. */
    static final class Optimizer implements ITypeConverter<OptimizerKind> {
        @Override
        public OptimizerKind convert(String value) {
            return parse(OptimizerKind.class, "optimizer", value);
        }
    }

    /** {@code --sampling}. */
    static final class Order implements ITypeConverter<Sampling> {
        @Override
        public Sampling convert(String value) {
            return parse(Sampling.class, "sampling", value);
        }
    }
}
