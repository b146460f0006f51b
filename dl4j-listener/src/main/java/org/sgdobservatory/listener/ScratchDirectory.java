package org.sgdobservatory.listener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A temporary directory that is deleted with everything in it when closed, or when the JVM exits before that (a
 * shutdown hook, removed at the close). Deleting is best effort: what cannot be deleted is logged at DEBUG.
 */
public final class ScratchDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScratchDirectory.class);

    private final Path path;
    private final Thread hook;

    /**
     * Creates the directory in {@code java.io.tmpdir}.
     *
     * @param prefix its name's start
     */
    public ScratchDirectory(String prefix) throws IOException {
        this.path = Files.createTempDirectory(prefix);
        this.hook = new Thread(() -> delete(path), prefix + "clean-up");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /** Deletes the directory and what is in it. */
    @Override
    public void close() {
        delete(path);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs and finds the directory gone
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not delete the temporary directory {} ({})", dir, e.toString());
        }
    }
}
