package org.sgdobservatory.listener;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file system for fault tests: the default one, seen through paths of its own provider, which can be made to fail
 * as a real disk does. {@link Fault#READ_ONLY} refuses to create, write or delete anything
 * ({@link AccessDeniedException}, as a directory without write permission does, whoever runs the test: root ignores
 * permission bits, so a {@code chmod} would not make the fault for it); {@link Fault#DISK_FULL} lets writes through
 * until {@code capacityBytes} have been written in total, then fails the write that crosses it with
 * {@code IOException("No space left on device")}, after writing what fitted, as Linux's {@code write(2)} does with
 * ENOSPC. Everything else is delegated to the default file system on the same real paths, so a test can look at the
 * real files. Thread-safe enough for one writer.
 */
final class FaultyFileSystem extends FileSystem {

    /** What fails. */
    enum Fault {
        /** Nothing. */
        NONE,
        /** Creating, writing and deleting files and directories. */
        READ_ONLY,
        /** Writing beyond the capacity. */
        DISK_FULL
    }

    private final FileSystem real = FileSystems.getDefault();
    private final Provider provider = new Provider();
    private volatile Fault fault = Fault.NONE;
    private volatile long capacityBytes = Long.MAX_VALUE;
    private final AtomicLong written = new AtomicLong();

    /** Makes {@code fault} happen from now on; for DISK_FULL, after {@code capacity} more bytes. */
    FaultyFileSystem fail(Fault f, long capacity) {
        fault = f;
        written.set(0);
        capacityBytes = capacity;
        return this;
    }

    /** This file system's path for a real (default file system) path. */
    Path wrap(Path realPath) {
        return new FaultyPath(this, realPath);
    }

    private static Path unwrap(Path p) {
        if (p instanceof FaultyPath f) {
            return f.real;
        }
        throw new java.nio.file.ProviderMismatchException("not a faulty-file-system path: " + p);
    }

    private void denyIfReadOnly(Path p) throws AccessDeniedException {
        if (fault == Fault.READ_ONLY) {
            throw new AccessDeniedException(unwrap(p).toString(), null, "read-only (fault injected by the test)");
        }
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        // nothing to close: the default file system stays open
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return fault == Fault.READ_ONLY;
    }

    @Override
    public String getSeparator() {
        return real.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return () -> java.util.stream.StreamSupport.stream(real.getRootDirectories().spliterator(), false)
                .map(this::wrap).iterator();
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return real.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return real.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(real.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher m = real.getPathMatcher(syntaxAndPattern);
        return p -> m.matches(unwrap(p));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return real.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("no watch service in the fault-test file system");
    }

    /** A path of this file system: a real path, re-wrapped by every operation that returns a path. */
    private static final class FaultyPath implements Path {
        private final FaultyFileSystem fs;
        private final Path real;

        FaultyPath(FaultyFileSystem fs, Path real) {
            this.fs = fs;
            this.real = real;
        }

        private Path w(Path p) {
            return p == null ? null : new FaultyPath(fs, p);
        }

        @Override
        public FileSystem getFileSystem() {
            return fs;
        }

        @Override
        public boolean isAbsolute() {
            return real.isAbsolute();
        }

        @Override
        public Path getRoot() {
            return w(real.getRoot());
        }

        @Override
        public Path getFileName() {
            return w(real.getFileName());
        }

        @Override
        public Path getParent() {
            return w(real.getParent());
        }

        @Override
        public int getNameCount() {
            return real.getNameCount();
        }

        @Override
        public Path getName(int index) {
            return w(real.getName(index));
        }

        @Override
        public Path subpath(int beginIndex, int endIndex) {
            return w(real.subpath(beginIndex, endIndex));
        }

        @Override
        public boolean startsWith(Path other) {
            return real.startsWith(unwrap(other));
        }

        @Override
        public boolean endsWith(Path other) {
            return real.endsWith(unwrap(other));
        }

        @Override
        public Path normalize() {
            return w(real.normalize());
        }

        @Override
        public Path resolve(Path other) {
            return w(real.resolve(unwrap(other)));
        }

        @Override
        public Path relativize(Path other) {
            return w(real.relativize(unwrap(other)));
        }

        @Override
        public URI toUri() {
            return URI.create("faulty:" + real.toUri().getPath());
        }

        @Override
        public Path toAbsolutePath() {
            return w(real.toAbsolutePath());
        }

        @Override
        public Path toRealPath(LinkOption... options) throws IOException {
            return w(real.toRealPath(options));
        }

        @Override
        public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
            throw new UnsupportedOperationException("no watch service in the fault-test file system");
        }

        @Override
        public int compareTo(Path other) {
            return real.compareTo(unwrap(other));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FaultyPath f && f.real.equals(real);
        }

        @Override
        public int hashCode() {
            return real.hashCode();
        }

        @Override
        public String toString() {
            return real.toString();
        }
    }

    /** The provider: delegates to the default one, with the fault injected. */
    private final class Provider extends FileSystemProvider {
        private final FileSystemProvider real = FaultyFileSystem.this.real.provider();

        @Override
        public String getScheme() {
            return "faulty";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException("make it with new FaultyFileSystem()");
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            return FaultyFileSystem.this;
        }

        @Override
        public Path getPath(URI uri) {
            return wrap(Path.of(uri.getPath()));
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                                                  FileAttribute<?>... attrs) throws IOException {
            boolean writes = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
            if (writes) {
                denyIfReadOnly(path);
            }
            SeekableByteChannel channel = real.newByteChannel(unwrap(path), options, attrs);
            return writes ? new FillingChannel(channel) : channel;
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            DirectoryStream<Path> stream = real.newDirectoryStream(unwrap(dir), p -> filter.accept(wrap(p)));
            return new DirectoryStream<>() {
                @Override
                public Iterator<Path> iterator() {
                    Iterator<Path> it = stream.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Path next() {
                            return wrap(it.next());
                        }
                    };
                }

                @Override
                public void close() throws IOException {
                    stream.close();
                }
            };
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            if (java.nio.file.Files.exists(unwrap(dir))) {
                throw new java.nio.file.FileAlreadyExistsException(unwrap(dir).toString());
            }
            denyIfReadOnly(dir);
            real.createDirectory(unwrap(dir), attrs);
        }

        @Override
        public void delete(Path path) throws IOException {
            denyIfReadOnly(path);
            real.delete(unwrap(path));
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            denyIfReadOnly(target);
            real.copy(unwrap(source), unwrap(target), options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            denyIfReadOnly(target);
            real.move(unwrap(source), unwrap(target), options);
        }

        @Override
        public boolean isSameFile(Path path, Path path2) throws IOException {
            return real.isSameFile(unwrap(path), unwrap(path2));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return real.isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return real.getFileStore(unwrap(path));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            for (AccessMode m : modes) {
                if (m == AccessMode.WRITE) {
                    denyIfReadOnly(path);
                }
            }
            real.checkAccess(unwrap(path), modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            return real.getFileAttributeView(unwrap(path), type, options);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            return real.readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
                throws IOException {
            return real.readAttributes(unwrap(path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
            denyIfReadOnly(path);
            real.setAttribute(unwrap(path), attribute, value, options);
        }
    }

    /** A written channel that runs out of space at the capacity (DISK_FULL). */
    private final class FillingChannel implements SeekableByteChannel {
        private final SeekableByteChannel channel;

        FillingChannel(SeekableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (fault != Fault.DISK_FULL) {
                return channel.write(src);
            }
            long room = capacityBytes - written.get();
            if (room <= 0) {
                throw new IOException("No space left on device (fault injected by the test)");
            }
            if (src.remaining() > room) {
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + (int) room);
                int n = channel.write(part);
                src.position(src.position() + n);
                written.addAndGet(n);
                throw new IOException("No space left on device (fault injected by the test)");
            }
            int n = channel.write(src);
            written.addAndGet(n);
            return n;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
