package scope.runtime.settings;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server per home directory: two servers on one home would fight over the drop folder, the downloads and the
 * configuration. Held as an OS file lock on {@code <home>/conf/server.lock}, released when the process ends, even
 * when it is killed.
 */
final class HomeLock {
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HomeLock acquire(Path home) {
        Path file = home.resolve("conf").resolve("server.lock");
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another Scope server is running with the home directory " + home
                        + " (it holds " + file + "); stop it or start this one with --home DIR");
            }
            return new HomeLock(channel, lock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock the home directory " + home + ": " + e.getMessage(), e);
        }
    }

    void release() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is going away; the OS drops the lock anyway
        }
    }
}
