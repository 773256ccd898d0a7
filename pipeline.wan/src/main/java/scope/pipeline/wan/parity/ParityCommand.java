package scope.pipeline.wan.parity;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import scope.pipeline.wan.convert.CheckpointWeights;

/**
 * {@code mvn -q -pl pipeline.wan exec:java@parity -Dparity.fixtures=DIR}: runs every registered parity check on
 * the fixture folders in DIR, prints the table and exits 0 only when every fixture is within tolerance (1 when
 * one is not, 2 when the command could not run).
 */
public final class ParityCommand {
    private ParityCommand() {
    }

    public static void main(String[] args) {
        String dir = args.length > 0 && !args[0].isBlank() ? args[0] : System.getProperty("parity.fixtures");
        int status = run(dir, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs the checks on the fixture set in {@code dir}; returns the exit status. */
    public static int run(String dir, PrintStream out, PrintStream err) {
        if (dir == null || dir.isBlank()) {
            err.println("parity: no fixture directory (give -Dparity.fixtures=DIR)");
            return 2;
        }
        try {
            List<ParityResult> results = new ParityRunner(ParityChecks.all(CheckpointWeights::open))
                    .run(Path.of(dir));
            if (results.isEmpty()) {
                err.println("parity: no fixture folder (one with a manifest.json) in " + Path.of(dir).toAbsolutePath());
            }
            ParityRunner.print(results, out);
            return !results.isEmpty() && results.stream().allMatch(ParityResult::passed) ? 0 : 1;
        } catch (Exception e) {
            err.println("parity: " + e.getMessage());
            return 2;
        }
    }
}
