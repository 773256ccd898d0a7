package scope.test.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import scope.test.e2e.E2e;

/**
 * Runs every chaos suite against one real server and one headless Chromium, and prints the table: cases, answers
 * by class, hangs, crash, and the server's threads and resident memory before and after each suite. The CI test
 * ({@code ChaosSuiteTest}) runs it at scale 1; longer runs are a benchmark command (see README, Reliability).
 * Must run inside a private network namespace (the WebRTC suites), as the test module's tests do.
 */
public final class ChaosRun {
    private ChaosRun() {
    }

    /** Case counts at scale 1 (the CI run). */
    static List<Tally> run(String name, int scale, long seed) throws Exception {
        List<Tally> tallies = new ArrayList<>();
        E2e.run(name, Map.of(), e -> {
            tallies.add(ChaosSuites.rest(e.server, 300 * scale, seed));
            tallies.add(ChaosSuites.workflows(e.server, 150 * scale, seed + 1));
            tallies.add(ChaosSuites.pluginJars(e.server, 20 * scale, seed + 2));
            tallies.add(ChaosSuites.hammer(e.server, 400 * scale, 32));
            tallies.add(ChaosSuites.slowClients(e.server, 50));
            tallies.add(ChaosSuites.dataChannel(e, 150 * scale, seed + 3));
            tallies.add(ChaosSuites.churn(e, 5 * scale));
        });
        return tallies;
    }

    static String table(List<Tally> tallies) {
        StringBuilder out = new StringBuilder(Tally.header()).append('\n');
        for (Tally t : tallies) {
            out.append(t.row()).append('\n');
            for (String ex : t.examples) {
                out.append("    ").append(ex).append('\n');
            }
        }
        return out.toString();
    }

    /** Arguments: scale (default 10), seed (default 1). */
    public static void main(String[] args) throws Exception {
        int scale = args.length > 0 ? Integer.parseInt(args[0].trim()) : 10;
        long seed = args.length > 1 ? Long.parseLong(args[1].trim()) : 1;
        List<Tally> tallies = run("ChaosRun", scale, seed);
        System.out.println("Chaos run, scale " + scale + ", seed " + seed);
        System.out.print(table(tallies));
        boolean clean = tallies.stream().allMatch(Tally::clean);
        System.out.println(clean ? "chaos: clean" : "chaos: FAILURES");
        System.exit(clean ? 0 : 1);
    }
}
