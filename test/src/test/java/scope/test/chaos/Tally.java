package scope.test.chaos;

import java.util.ArrayList;
import java.util.List;

/** What one chaos suite saw: answers by status class, hangs, and the first few 5xx or hang cases for the report. */
final class Tally {
    final String suite;
    int cases;
    int ok2xx;
    int client4xx;
    int server5xx;
    int other;
    int hangs;
    boolean crashed;
    final List<String> examples = new ArrayList<>();
    Resources before;
    Resources after;

    Tally(String suite) {
        this.suite = suite;
    }

    synchronized void status(int status, String what) {
        cases++;
        if (status >= 200 && status < 300) {
            ok2xx++;
        } else if (status >= 400 && status < 500) {
            client4xx++;
        } else if (status >= 500) {
            server5xx++;
            example(status + " " + what);
        } else {
            other++;
        }
    }

    synchronized void hang(String what) {
        cases++;
        hangs++;
        example("hang " + what);
    }

    private void example(String what) {
        if (examples.size() < 10) {
            examples.add(what.length() > 300 ? what.substring(0, 300) + "..." : what);
        }
    }

    boolean clean() {
        return server5xx == 0 && hangs == 0 && !crashed;
    }

    static String header() {
        return String.format("%-22s %7s %7s %7s %5s %5s %6s %6s %12s %12s", "suite", "cases", "2xx", "4xx", "5xx",
                "hangs", "crash", "other", "threads", "RSS MB");
    }

    String row() {
        return String.format("%-22s %7d %7d %7d %5d %5d %6s %6d %12s %12s", suite, cases, ok2xx, client4xx,
                server5xx, hangs, crashed ? "YES" : "no", other,
                before == null || after == null ? "-" : before.threads() + " -> " + after.threads(),
                before == null || after == null ? "-" : before.rssMb() + " -> " + after.rssMb());
    }
}
