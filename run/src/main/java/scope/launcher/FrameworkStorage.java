package scope.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The framework's storage under the home ({@code <home>/cache/framework}), kept between starts. The digest of the
 * distribution whose bundles it holds is written beside it once they are all installed; a start with the same
 * digest reuses the storage as it is (installed bundles, their data, FileInstall's record of the plugins), any
 * other start installs the distribution into a cleaned storage. The storage is locked for the life of the process,
 * since two frameworks on one storage would corrupt it.
 */
final class FrameworkStorage {
    private final Path directory;
    private final Path digestFile;
    private final FileChannel lockChannel;

    private FrameworkStorage(Path cache, FileChannel lockChannel) {
        this.directory = cache.resolve("framework");
        this.digestFile = cache.resolve("framework.digest");
        this.lockChannel = lockChannel;
    }

    /** Locks the storage of this home, or fails naming the home when another server holds it. */
    static FrameworkStorage lock(Path home) throws IOException {
        Path cache = Files.createDirectories(home.resolve("cache"));
        FileChannel channel = FileChannel.open(cache.resolve("framework.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another Scope server is running with the home directory " + home
                    + " (it holds " + cache.resolve("framework.lock") + "); stop it or start this one with --home DIR");
        }
        // the lock lives as long as the channel, which stays open until the process ends
        return new FrameworkStorage(cache, channel);
    }

    Path directory() {
        return directory;
    }

    /** Whether the storage holds exactly the distribution with this digest. */
    boolean holds(String digest) throws IOException {
        return Files.isDirectory(directory) && Files.isRegularFile(digestFile)
                && Files.readString(digestFile, StandardCharsets.UTF_8).trim().equals(digest);
    }

    /** Before the storage is cleaned and filled again: until {@link #remember} it holds nothing reusable. */
    void forget() throws IOException {
        Files.deleteIfExists(digestFile);
    }

    void remember(String digest) throws IOException {
        Path tmp = digestFile.resolveSibling(digestFile.getFileName() + ".tmp");
        Files.writeString(tmp, digest + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, digestFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
