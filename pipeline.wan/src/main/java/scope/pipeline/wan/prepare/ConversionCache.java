package scope.pipeline.wan.prepare;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Converted graphs under {@code <models>/converted/<unit>/<key>/}, where the key names the converter version, the
 * precision and the sources' fingerprints. A directory under that name is complete by construction: a conversion
 * writes into {@code .partial-<key>} and renames it when every file is written, so an interrupted conversion (a
 * crash, a full disk, a bad checkpoint) leaves nothing a load could pick up, and the next run starts that unit over.
 * Conversions of one unit are serialised by a file lock ({@code .lock}), across bundles and processes; a finished
 * conversion replaces the unit's earlier ones.
 */
final class ConversionCache {
    static final String DIRECTORY = "converted";

    /** Writes a unit's files into an empty directory. */
    @FunctionalInterface
    interface Producer {
        void writeInto(Path directory) throws Exception;
    }

    private final Path root;

    ConversionCache(Path modelsDirectory) {
        this.root = modelsDirectory.resolve(DIRECTORY);
    }

    Path directory(String unit, String key) {
        return root.resolve(unit).resolve(key);
    }

    boolean isPresent(String unit, String key) {
        return Files.isDirectory(directory(unit, key));
    }

    /**
     * Produces the unit unless it is there (or another converter finished it meanwhile).
     *
     * @return true when this call converted it
     */
    boolean produce(String unit, String key, Producer producer) throws Exception {
        Path unitDir = root.resolve(unit);
        Files.createDirectories(unitDir);
        try (FileChannel lockFile = FileChannel.open(unitDir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = acquire(lockFile)) {
            Path done = unitDir.resolve(key);
            if (Files.isDirectory(done)) {
                return false;
            }
            Path partial = unitDir.resolve(".partial-" + key);
            deleteTree(partial); // left by a conversion that did not finish
            Files.createDirectories(partial);
            try {
                producer.writeInto(partial);
                try {
                    Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("cannot rename " + partial + " to " + done + " atomically", e);
                }
                removeOthers(unitDir, key);
                return true;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                deleteTree(partial);
                return false;
            } catch (Exception | Error e) {
                deleteTree(partial);
                throw e;
            }
        }
    }

    /**
     * Removes the unit's earlier conversions (other sources, converter version or precision): converted graphs are
     * large (27 GB for UMT5-XXL at FP32), and a key no longer matching its sources is never loaded again. A session
     * still reading an old file keeps it open until it closes (POSIX unlink).
     */
    private static void removeOthers(Path unitDir, String key) throws IOException {
        try (Stream<Path> children = Files.list(unitDir)) {
            for (Path old : (Iterable<Path>) children::iterator) {
                String name = old.getFileName().toString();
                if (Files.isDirectory(old) && !name.startsWith(".") && !name.equals(key)) {
                    deleteTree(old);
                }
            }
        }
    }

    /** The JVM allows one lock per file: a second bundle converting the same unit waits here. */
    private static FileLock acquire(FileChannel channel) throws IOException, InterruptedException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                Thread.sleep(500);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
