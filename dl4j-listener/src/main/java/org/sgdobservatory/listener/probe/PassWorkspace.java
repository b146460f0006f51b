package org.sgdobservatory.listener.probe;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J workspace of the dense engine's single-gradient passes (Hutchinson, Hessian blocks, slices, the exact
 * diagonal's forward pass): a pass's intermediates (several rows x width arrays) live in it, reused from pass to pass
 * as DL4J's own do; only the result leaves it ({@code detach()}). Stateless; the workspace itself is ND4J's, one per
 * thread.
 */
final class PassWorkspace {

    private static final WorkspaceConfiguration CONFIGURATION = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP).build();
    private static final String ID = "SGD_OBSERVATORY_PROBE_PASS";

    private PassWorkspace() {
    }

    /** Activates the workspace on the calling thread; close it (try-with-resources) after the pass. */
    static MemoryWorkspace open() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIGURATION, ID);
    }
}
