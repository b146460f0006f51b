package org.sgdobservatory.examples.simulate;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Enums spelled on the command line in lower case with hyphens ({@code double-well}). */
public interface CliName {

    /** The spelling on the command line and in JSON. */
    String cliName();

    /**
     * The constant whose {@link #cliName()} is {@code text}.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    static <E extends Enum<E> & CliName> E parse(Class<E> type, String what, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.cliName().equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "'; expected one of "
                + Arrays.stream(type.getEnumConstants()).map(CliName::cliName).collect(Collectors.joining(", ")));
    }
}
