package scope.pipeline.wan.parity;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the parity checks over a fixture set: every sub-folder with a {@code manifest.json} is a fixture; a
 * fixture without a registered check is a failed row ("no check implemented"), never a pass.
 */
public final class ParityRunner {
    private final Map<String, ParityCheck> checks;

    public ParityRunner(Map<String, ParityCheck> checks) {
        this.checks = checks;
    }

    /** Runs every fixture under {@code fixtures}, each in its own temporary directory (deleted after). */
    public List<ParityResult> run(Path fixtures) throws IOException {
        if (!Files.isDirectory(fixtures)) {
            throw new IOException("parity fixtures: " + fixtures.toAbsolutePath() + " is not a directory");
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(fixtures)) {
            folders = s.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().toList();
        }
        List<ParityResult> results = new ArrayList<>();
        for (Path folder : folders) {
            results.add(runOne(folder));
        }
        return results;
    }

    private ParityResult runOne(Path folder) throws IOException {
        String name = folder.getFileName().toString();
        ParityCheck check = checks.get(name);
        if (check == null) {
            return ParityResult.failed(name, "no check implemented");
        }
        Path work = Files.createTempDirectory("parity-" + name + "-");
        try {
            return check.run(FixtureManifest.read(folder), work);
        } catch (Exception | LinkageError e) {
            return ParityResult.failed(name, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            deleteTree(work);
        }
    }

    /** The table: fixture, tensors compared, max abs diff, max rel diff, tolerance, verdict; then the summary. */
    public static void print(List<ParityResult> results, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"fixture", "tensors", "max abs", "max rel", "tolerance", "verdict"});
        for (ParityResult r : results) {
            boolean ran = r.failure() == null;
            rows.add(new String[] {r.fixture(), ran ? Integer.toString(r.comparisons().size()) : "-",
                    ran ? number(r.maxAbs()) : "-", ran ? number(r.maxRel()) : "-", ran ? r.tolerances() : "-",
                    r.passed() ? "ok" : "FAILED" + (ran ? "" : " " + r.failure())});
        }
        int[] width = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int k = 0; k < rows.size(); k++) {
            String[] row = rows.get(k);
            out.printf(Locale.ROOT, "%-" + width[0] + "s  %" + width[1] + "s  %" + width[2] + "s  %" + width[3]
                    + "s  %-" + width[4] + "s  %s%n", (Object[]) row);
            if (k > 0) {
                for (TensorComparison c : results.get(k - 1).failures()) {
                    out.printf(Locale.ROOT, "    %s: max abs %s, max rel %s (%s)%s%n", c.name(), number(c.maxAbs()),
                            number(c.maxRel()), c.tolerance(), c.problem() == null ? "" : ", " + c.problem());
                }
            }
        }
        long passed = results.stream().filter(ParityResult::passed).count();
        out.printf(Locale.ROOT, "parity: %d of %d fixtures within tolerance%n", passed, results.size());
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.3e", v);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
