package org.sgdobservatory.listener.probe;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J workspace of the dense engine's repeated single-gradient passes (Hutchinson, Hessian blocks, minibatch
 * gradients): a pass's intermediates (several rows x width arrays) live in it, reused from pass to pass as DL4J's own
 * do; only the result leaves it ({@code detach()}). Its first cycle sizes it (ND4J allocates that size when the cycle
 * closes), so a one-off pass over many examples stays outside it. Stateless; the workspace itself is ND4J's, one per
 * thread. A second workspace holds a Hessian-vector product's full-length temporaries around its two passes
 * ({@link #openProduct()}).
 */
final class PassWorkspace {

    private static final WorkspaceConfiguration CONFIGURATION = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP).build();
    private static final String ID = "SGD_OBSERVATORY_PROBE_PASS";
    private static final String PRODUCT_ID = "SGD_OBSERVATORY_HESSIAN_PRODUCT";

    private PassWorkspace() {
    }

    /** Activates the workspace on the calling thread; close it (try-with-resources) after the pass. */
    static MemoryWorkspace open() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIGURATION, ID);
    }

    /**
     * Activates the workspace of one Hessian-vector product's full-length vectors ({@code theta +- r u}, the L2
     * term, the difference) on the calling thread; the passes inside open {@link #open()} within it.
     */
    static MemoryWorkspace openProduct() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIGURATION, PRODUCT_ID);
    }
}
