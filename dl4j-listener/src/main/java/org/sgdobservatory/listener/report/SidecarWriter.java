package org.sgdobservatory.listener.report;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.sgdobservatory.report.model.AtomicFiles;
import org.sgdobservatory.report.model.ParameterCsv;
import org.sgdobservatory.report.model.ParameterReport;
import org.sgdobservatory.report.model.ParameterSidecar;

/**
 * Writes per-parameter rows to a gzipped CSV sidecar ({@link ParameterSidecar}) named by the CRC-32C of its bytes,
 * through a temporary file moved into place in one step ({@link ReportFiles} orders it with the report file). The
 * rows are final once the parameters are judged, before the report is: {@link #start} writes them on threads of its
 * own (two for a large table) while the pipeline assembles the rest.
 */
final class SidecarWriter {

    private SidecarWriter() {
    }

    /**
     * Writes {@code rows} as the sidecar {@code <prefix>.<crc>.csv.gz} in {@code dir}, after deleting temporary files
     * an interrupted write left there. A table of at least {@value #SPLIT_ROWS} rows is two gzip members, one after
     * the other in the file (RFC 1952 allows any number; every gzip reader, Java's {@code GZIPInputStream} included,
     * reads them as one text): the header and the first half of the rows, compressed here, and the second half,
     * formatted and compressed meanwhile on a thread of its own. The split depends on the row count alone, so the same
     * rows give the same bytes and the same name.
     */
    static ParameterSidecar write(Path dir, String prefix, List<ParameterReport> rows) throws IOException {
        AtomicFiles.deleteLeftovers(dir.resolve(prefix));
        List<String> columns = ParameterCsv.tableColumns(rows);
        int split = rows.size() >= SPLIT_ROWS ? rows.size() / 2 : rows.size();
        CompletableFuture<byte[]> second = secondMember(rows.subList(split, rows.size()), columns);
        Path tmp = Files.createTempFile(dir, "." + prefix + ".", ".tmp");
        try {
            CRC32C crc = new CRC32C();
            try (OutputStream file = Files.newOutputStream(tmp);
                 CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16),
                         crc)) {
                try (GZIPOutputStream gz = fastGzip(unclosed(checked))) {
                    ParameterCsv.write(rows.subList(0, split), columns, gz);
                }
                checked.write(await(second));
            }
            String name = prefix + "." + String.format(Locale.ROOT, "%08x", crc.getValue()) + ".csv.gz";
            Path target = dir.resolve(name);
            AtomicFiles.publish(tmp, target);
            return new ParameterSidecar(name, rows.size(), Files.size(target), columns);
        } finally {
            // a failure above leaves the second member's thread to finish on its own; its bytes are dropped
            Files.deleteIfExists(tmp);
        }
    }

    /** The fewest rows written as two gzip members, formatted in parallel. */
    static final int SPLIT_ROWS = 8192;

    /** The gzip member of {@code rows} (no header), made on a daemon thread; empty bytes for no rows. */
    private static CompletableFuture<byte[]> secondMember(List<ParameterReport> rows, List<String> columns) {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        if (rows.isEmpty()) {
            done.complete(new byte[0]);
            return done;
        }
        Thread thread = new Thread(() -> {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
                try (GZIPOutputStream gz = fastGzip(bytes)) {
                    ParameterCsv.writeRows(rows, columns, gz);
                }
                done.complete(bytes.toByteArray());
            } catch (IOException | RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, "sgd-observatory-sidecar-2");
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /** The value of {@code done}, its failure thrown as an I/O or runtime exception. */
    private static <T> T await(CompletableFuture<T> done) throws IOException {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the parameter table was written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("the parameter table could not be written: " + e.getCause(), e.getCause());
        }
    }

    /** {@code out} with {@code close} only flushing it, so that a gzip member can end without ending the file. */
    private static OutputStream unclosed(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /**
     * Starts {@link #write} on a daemon thread of its own (not the common pool, which the predictions use).
     *
     * @throws OutOfMemoryError when no thread can be made (the caller writes the sidecar itself then)
     */
    static Pending start(Path dir, String prefix, List<ParameterReport> rows) {
        CompletableFuture<ParameterSidecar> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                done.complete(write(dir, prefix, rows));
            } catch (IOException | RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, "sgd-observatory-sidecar");
        thread.setDaemon(true);
        thread.start();
        return new Pending(dir, prefix, rows, done);
    }

    /**
     * A sidecar being written.
     *
     * @param dir its directory
     * @param prefix its name's prefix
     * @param rows the rows it holds
     * @param done completed with the sidecar once it is in place
     */
    record Pending(Path dir, String prefix, List<ParameterReport> rows, CompletableFuture<ParameterSidecar> done) {

        /** Whether this is the sidecar {@code rows} in {@code dir} under {@code prefix} need. */
        boolean holds(Path dir, String prefix, List<ParameterReport> rows) {
            return this.dir.equals(dir) && this.prefix.equals(prefix) && this.rows.equals(rows);
        }

        /** The sidecar once it is in place. */
        ParameterSidecar await() throws IOException {
            return SidecarWriter.await(done);
        }

        /**
         * Waits, uninterruptibly, for the write to end when the report will not take this sidecar, so that no write
         * to the directory overlaps the next one. The file is not deleted: with the same rows it is the very file the
         * report already on disk names (a sidecar's name is its checksum); otherwise the next report's write deletes
         * it, as it deletes what a killed write leaves.
         */
        void abandon() {
            done.handle((sidecar, failure) -> null).join();
        }
    }

    /**
     * gzip at its fastest level: a wide network's 32 766 rows (18 MB of CSV) compress in 0.16-0.25 s instead of
     * 0.8-1.0 s at the default level, to a file 9.5% larger (6.5 MB against 5.9 MB).
     */
    private static GZIPOutputStream fastGzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }
}
