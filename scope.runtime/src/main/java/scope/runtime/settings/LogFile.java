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
 * logs reach both the console and the file. The previous file is kept as {@code scope.log.1} when it grew past
 * 5 MB.
 */
final class LogFile {
    private static final long ROLL_BYTES = 5L * 1024 * 1024;
    private static volatile boolean installed;

    private LogFile() {
    }

    static synchronized void teeStandardError(Path file) {
        if (installed) {
            return;
        }
        try {
            if (Files.exists(file) && Files.size(file) > ROLL_BYTES) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            OutputStream out = new FileOutputStream(file.toFile(), true);
            PrintStream console = System.err;
            System.setErr(new PrintStream(new Tee(console, out), true, "UTF-8"));
            installed = true;
        } catch (IOException e) {
            System.err.println("Cannot write the log file " + file + ": " + e);
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
