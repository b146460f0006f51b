package org.sgdobservatory.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sgdobservatory.report.model.Coverage;
import org.sgdobservatory.report.model.Interval;
import org.sgdobservatory.report.model.Judgement;
import org.sgdobservatory.report.model.Verdict;

/** The median ratio's line names a common scale offset only where coverage called the set consistent. */
class MedianLineTest {

    private static String line(Verdict v, Interval median) {
        return RunText.medianLine(new Judgement(v, Coverage.NONE, median, ""));
    }

    @Test
    void aConsistentSetOffScaleIsSaidToBe() {
        assertEquals("    median observed/predicted variance: 1.19 (95% interval 1.12-1.25); excludes 1: a common"
                + " scale offset, which coverage does not judge\n",
                line(Verdict.consistent(), new Interval(1.19, 0.03, 1.12, 1.25)));
    }

    @Test
    void noNoteWhenTheIntervalHoldsOneOrTheVerdictIsAnother() {
        String plain = "    median observed/predicted variance: 1.1 (95% interval 0.98-1.2)\n";
        assertEquals(plain, line(Verdict.consistent(), new Interval(1.1, 0.05, 0.98, 1.2)));
        assertEquals("    median observed/predicted variance: 0.152 (95% interval 0.101-0.219)\n",
                line(Verdict.inconsistent(), new Interval(0.152, 0.03, 0.101, 0.219)));
        assertEquals("    median observed/predicted variance: 1.3\n",
                line(Verdict.consistent(), new Interval(1.3, Double.NaN, Double.NaN, Double.NaN)));
    }
}
