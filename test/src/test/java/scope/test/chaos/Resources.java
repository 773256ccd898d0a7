package scope.test.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Threads and resident memory of a process, from /proc/PID/status. */
record Resources(long threads, long rssMb) {
    static Resources of(long pid) {
        try {
            long threads = -1;
            long rssKb = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.substring(8).trim());
                } else if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
            return new Resources(threads, rssKb / 1024);
        } catch (IOException | NumberFormatException e) {
            return new Resources(-1, -1);
        }
    }
}
