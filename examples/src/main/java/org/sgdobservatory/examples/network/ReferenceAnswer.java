package org.sgdobservatory.examples.network;

import java.util.List;

import org.sgdobservatory.examples.data.LabelledData;
import org.sgdobservatory.report.model.Finding;
import org.sgdobservatory.report.model.ObservatoryReport;

/**
 * An exact answer an example knows independently of the listener (e.g. the discrete Lyapunov solution of a
 * linear regression), compared with the listener's observations; the comparison becomes example-level findings
 * with code {@link org.sgdobservatory.report.model.FindingCode#REFERENCE_ANSWER}.
 * Implementations are stateless.
 */
@FunctionalInterface
public interface ReferenceAnswer {

    /**
     * @param train the training data the run used
     * @param settings the run's settings
     * @param report the listener's report of the run
     * @return findings stating the exact answer and how the observation compares (or why there is none)
     */
    List<Finding> compare(LabelledData train, RunSettings settings, ObservatoryReport report);
}
