package scope.runtime.plugins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OSGi manifest header ({@code Import-Package}, {@code Export-Package}, {@code Require-Capability}) split into
 * clauses: {@code a.b;c.d;version="[1,2)";resolution:=optional, e.f}. Commas and semicolons inside quotes belong to
 * the value (filters contain both).
 */
record ManifestClauses(List<Clause> clauses) {

    /** One clause: its names (several packages may share attributes), attributes and directives. */
    record Clause(List<String> names, Map<String, String> attributes, Map<String, String> directives) {
    }

    static ManifestClauses parse(String header) {
        List<Clause> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return new ManifestClauses(out);
        }
        for (String clause : split(header, ',')) {
            List<String> names = new ArrayList<>();
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, String> directives = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int directive = p.indexOf(":=");
                int eq = p.indexOf('=');
                if (directive > 0 && directive <= eq) {
                    directives.put(p.substring(0, directive).trim(), unquote(p.substring(directive + 2)));
                } else if (eq > 0) {
                    String key = p.substring(0, eq).trim();
                    int typed = key.indexOf(':');
                    attributes.put(typed > 0 ? key.substring(0, typed).trim() : key, unquote(p.substring(eq + 1)));
                } else {
                    names.add(p);
                }
            }
            if (!names.isEmpty()) {
                out.add(new Clause(List.copyOf(names), attributes, directives));
            }
        }
        return new ManifestClauses(List.copyOf(out));
    }

    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String v) {
        String t = v.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}
