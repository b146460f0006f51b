package org.sgdobservatory.examples.cli;

import org.sgdobservatory.examples.simulate.CliName;
import org.sgdobservatory.examples.simulate.DataOrderNames;
import org.sgdobservatory.examples.simulate.LossKind;
import org.sgdobservatory.examples.simulate.OptimizerKind;
import org.sgdobservatory.report.model.DataOrder;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the command line's spellings ({@code double-well}, {@code reshuffle}). */
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

    /** {@code --sampling iid|reshuffle|cyclic}: report-model's {@link DataOrder} ({@link DataOrderNames}). */
    static final class Order implements ITypeConverter<DataOrder> {
        @Override
        public DataOrder convert(String value) {
            try {
                return DataOrderNames.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
