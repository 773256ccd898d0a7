package scope.runtime.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Release-number comparison for workflow version checks: the leading dotted numbers decide ({@code 0.2.10 > 0.2.9});
 * qualifiers ({@code -SNAPSHOT}, {@code rc1}, {@code .dev0}) are ignored, so a snapshot counts as its release.
 */
final class Versions {
    static final int UNPARSABLE = Integer.MIN_VALUE;
    private static final Pattern RELEASE = Pattern.compile("^\\s*v?(\\d{1,9}(?:\\.\\d{1,9}){0,5})");

    private Versions() {
    }

    /** Negative, zero or positive like {@link Comparable}; {@link #UNPARSABLE} when either side has no number. */
    static int compare(String a, String b) {
        List<Integer> x = parse(a);
        List<Integer> y = parse(b);
        if (x == null || y == null) {
            return UNPARSABLE;
        }
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            int c = Integer.compare(i < x.size() ? x.get(i) : 0, i < y.size() ? y.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static List<Integer> parse(String v) {
        if (v == null) {
            return null;
        }
        Matcher m = RELEASE.matcher(v);
        if (!m.find()) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (String part : m.group(1).split("\\.")) {
            out.add(Integer.parseInt(part));
        }
        return out;
    }
}
