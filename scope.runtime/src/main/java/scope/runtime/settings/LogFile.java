package scope.runtime.settings;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies everything written to standard error (where the log goes) into {@code <home>/logs/scope.log} as well, so
 * logs reach both the console and the file. The file rolls by size, at start and while running: past 5 MB it
 * becomes {@code scope.log.1} (the older ones shift up to {@code scope.log.3}, the oldest is dropped), so a flood of
 * log lines never fills the disk (at most 20 MB in all).
 */
final class LogFile {
    static final long ROLL_BYTES = 5L * 1024 * 1024;
    static final int KEPT_FILES = 3;
    private static volatile boolean installed;

    private LogFile() {
    }

    static synchronized void teeStandardError(Path file) {
        if (installed) {
            return;
        }
        try {
            RollingFile rolling = new RollingFile(file, ROLL_BYTES, KEPT_FILES);
            PrintStream console = System.err;
            System.setErr(new PrintStream(new Tee(console, rolling), true, "UTF-8"));
            installed = true;
        } catch (IOException e) {
            System.err.println("Cannot write the log file " + file + ": " + e);
        }
    }

    /** An append-only file that rolls over to numbered copies when it reaches its size limit. */
    static final class RollingFile extends OutputStream {
        private final Path file;
        private final long limit;
        private final int kept;
        private OutputStream out;
        private long size;

        RollingFile(Path file, long limit, int kept) throws IOException {
            this.file = file;
            this.limit = limit;
            this.kept = kept;
            size = Files.exists(file) ? Files.size(file) : 0;
            if (size > limit) {
                roll();
            } else {
                out = new FileOutputStream(file.toFile(), true);
            }
        }

        private void roll() throws IOException {
            if (out != null) {
                out.close();
            }
            for (int i = kept - 1; i >= 1; i--) {
                Path from = numbered(i);
                if (Files.exists(from)) {
                    Files.move(from, numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (Files.exists(file)) {
                Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
            }
            out = new FileOutputStream(file.toFile(), false);
            size = 0;
        }

        private Path numbered(int i) {
            return file.resolveSibling(file.getFileName() + "." + i);
        }

        @Override
        public synchronized void write(int c) throws IOException {
            write(new byte[] {(byte) c}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            if (size + len > limit && size > 0) {
                roll();
            }
            out.write(buf, off, len);
            size += len;
        }

        @Override
        public synchronized void flush() throws IOException {
            out.flush();
        }
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
