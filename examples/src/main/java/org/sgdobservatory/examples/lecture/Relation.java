package org.sgdobservatory.examples.lecture;

/** How a checked claim relates to what the lecture says. */
public enum Relation {
    /** The lecture says it, and the simulation reproduces it. */
    REPRODUCED("reproduced"),
    /** The lecture says it with a wrong constant; the claim states the correct one and why. */
    CORRECTED("corrected"),
    /** The lecture does not say it (e.g. the data order); the claim checks what it leaves out. */
    BEYOND_THE_LECTURE("beyond the lecture");

    private final String words;

    Relation(String words) {
        this.words = words;
    }

    /** The relation in words, e.g. {@code beyond the lecture}. */
    public String words() {
        return words;
    }
}
