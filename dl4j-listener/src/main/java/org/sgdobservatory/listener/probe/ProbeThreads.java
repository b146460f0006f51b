package org.sgdobservatory.listener.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The threads on which the probes' independent passes run at the window's end: the noise along each eigen-direction
 * and the exact Gauss-Newton diagonal's backward passes (its output classes in two groups). Those passes are large
 * GEMMs; when ND4J's BLAS runs each of them on fewer threads than the machine has cores (the project's launcher, tests
 * and benchmarks set {@code OMP_NUM_THREADS=1}), the cores it leaves idle can take passes of their own while the
 * training thread waits for the report. Each pass computes exactly what it computes on one thread, and what the passes
 * produce is combined in a fixed order, so the report's numbers do not depend on the number of threads
 * ({@code ProbeThreadsTest} checks them bit for bit).
 *
 * <p>Each call runs its tasks on at most {@link #limit} threads, its caller's included. Calls may overlap: the
 * curvature's passes run on the training thread (and a second one) while the directions' run beside them, so a window
 * end on a two-core machine has up to three threads busy for a while; the directions are the ones that can wait, and
 * the training thread's work, which the report waits for, keeps a core (measured: the window end of the benchmarks'
 * wide MLP took longer when the overlapping calls shared one limit). The work is shared, not split in advance: each
 * thread takes the next task when it finishes one, the caller's included. Stateless apart from the limit.
 *
 * @param limit the most threads one call runs its tasks on, the caller's included (at least 1)
 */
public record ProbeThreads(int limit) {

    /** One thread: the caller's. */
    public static final ProbeThreads SINGLE = new ProbeThreads(1);

    /** The setting that chooses from the machine and ND4J's thread count ({@link #of}). */
    public static final int AUTO = 0;

    /** Checks the limit. */
    public ProbeThreads {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one thread, not " + limit);
        }
    }

    /**
     * The threads for a setting: {@code threads} itself when positive; for {@link #AUTO}, on ND4J's CPU backend the
     * physical cores ND4J's BLAS leaves idle (JavaCPP's count of physical cores divided by ND4J's threads, at least 1;
     * physical, since ND4J's own default is one thread per physical core), and 1 on any other backend, where a
     * device runs one stream of work.
     *
     * @throws IllegalArgumentException for a negative setting
     */
    public static ProbeThreads of(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads >= 0 (0 = automatic), not " + threads);
        }
        if (threads > 0) {
            return new ProbeThreads(threads);
        }
        if (!Nd4j.getEnvironment().isCPU()) {
            return SINGLE;
        }
        int blas = Math.max(1, Nd4j.getEnvironment().maxThreads());
        return new ProbeThreads(Math.max(1, Loader.totalCores() / blas));
    }

    /** What one thread needs to run tasks: made once per thread that takes any. */
    @FunctionalInterface
    public interface Worker {
        /** Runs task {@code index}. */
        void run(int index);
    }

    /**
     * Runs tasks {@code 0 .. tasks - 1}, each once, on at most {@link #limit} threads: the caller's and up to
     * {@code limit - 1} daemon threads started here and ended before this returns. {@code workers} makes each
     * thread's worker; it is called with 0 on the caller's thread and with 1, 2, ... on the others, on the thread
     * that will use the worker. The first failure (a worker's or a task's) stops the threads taking more tasks and
     * is thrown here once all have stopped.
     *
     * @param tasks how many tasks
     * @param workers makes the worker of thread {@code i}
     */
    public void run(int tasks, IntFunction<Worker> workers) {
        start(tasks, workers).join();
    }

    /**
     * As {@link #run}, returning once the threads other than the caller's have started on the tasks, so that the
     * caller can do other work first; {@link Started#join} then has the caller take what is left and wait. With a
     * limit of 1 nothing has run before {@code join}.
     */
    public Started start(int tasks, IntFunction<Worker> workers) {
        Started s = new Started(tasks, workers);
        for (int t = 1; t < Math.min(limit, tasks); t++) {
            int index = t;
            Thread thread = new Thread(() -> take(tasks, s.next, s.failure, () -> workers.apply(index)),
                    "sgd-observatory-probe-" + t);
            thread.setDaemon(true);
            try {
                thread.start();
            } catch (OutOfMemoryError e) {
                // no thread could be made: the caller takes the tasks
                break;
            }
            s.started.add(thread);
        }
        return s;
    }

    /**
     * Tasks being run ({@link #start}): {@link #join} or {@link #abandon} must be called, the latter when the caller
     * fails meanwhile.
     */
    public static final class Started {
        private final int tasks;
        private final IntFunction<Worker> workers;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final List<Thread> started = new ArrayList<>();

        private Started(int tasks, IntFunction<Worker> workers) {
            this.tasks = tasks;
            this.workers = workers;
        }

        /**
         * Takes the tasks left on the caller's thread (worker 0), waits for the other threads to end, and throws the
         * first failure, if any.
         */
        public void join() {
            take(tasks, next, failure, () -> workers.apply(0));
            awaitThreads();
            Throwable t = failure.get();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }

        /**
         * Stops the other threads taking tasks and waits for them to end, without running any here: for a caller
         * that failed before it joined, so that nothing still reads what it is about to release.
         */
        public void abandon() {
            failure.compareAndSet(null, new IllegalStateException("abandoned"));
            awaitThreads();
        }

        private void awaitThreads() {
            boolean interrupted = false;
            for (Thread thread : started) {
                while (thread.isAlive()) {
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        // the threads end on their own once the tasks are taken: wait for them, then restore the flag
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes tasks until none is left or one failed. */
    private static void take(int tasks, AtomicInteger next, AtomicReference<Throwable> failure,
                             Supplier<Worker> make) {
        try {
            Worker worker = null;
            for (int i = next.getAndIncrement(); i < tasks && failure.get() == null; i = next.getAndIncrement()) {
                if (worker == null) {
                    worker = make.get();
                }
                worker.run(i);
            }
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
    }
}
