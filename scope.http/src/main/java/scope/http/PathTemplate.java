package scope.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A route's path regex as OpenAPI path templates: a named group {@code (?<sessionId>[^/]+)} becomes the parameter
 * {@code {session_id}}, an unnamed group {@code {param1}}, ... (in order), a group of plain alternatives
 * {@code (resolution|stream)} one template per alternative, an escaped character itself.
 */
record PathTemplate(String path, List<String> parameters) {
    private static final String LITERAL = "[A-Za-z0-9_.-]+";

    static List<PathTemplate> of(String regex) {
        List<PathTemplate> out = new ArrayList<>();
        out.add(new PathTemplate("", List.of()));
        int unnamed = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out = append(out, String.valueOf(regex.charAt(++i)), null);
            } else if (c == '(') {
                int end = closing(regex, i);
                String group = regex.substring(i + 1, end);
                i = end;
                if (group.startsWith("?<") && group.indexOf('>') > 2) {
                    out = append(out, null, snake(group.substring(2, group.indexOf('>'))));
                } else {
                    String body = group.startsWith("?:") ? group.substring(2) : group;
                    if (body.matches(LITERAL + "(\\|" + LITERAL + ")*")) {
                        List<PathTemplate> expanded = new ArrayList<>();
                        for (String alternative : body.split("\\|")) {
                            expanded.addAll(append(out, alternative, null));
                        }
                        out = expanded;
                    } else if (!group.startsWith("?:")) {
                        out = append(out, null, "param" + (++unnamed));
                    } else {
                        throw new IllegalArgumentException("route pattern '" + regex + "': the group (" + group
                                + ") is neither a parameter nor plain alternatives");
                    }
                }
            } else {
                out = append(out, String.valueOf(c), null);
            }
        }
        return out;
    }

    /** Whether the template is a plain path (no regex syntax left outside the parameters). */
    boolean plain() {
        return path.replaceAll("\\{[a-z0-9_]+}", "").matches("[A-Za-z0-9/_.-]*");
    }

    private static List<PathTemplate> append(List<PathTemplate> templates, String literal, String parameter) {
        List<PathTemplate> out = new ArrayList<>(templates.size());
        for (PathTemplate t : templates) {
            if (parameter == null) {
                out.add(new PathTemplate(t.path + literal, t.parameters));
            } else {
                List<String> params = new ArrayList<>(t.parameters);
                params.add(parameter);
                out.add(new PathTemplate(t.path + "{" + parameter + "}", List.copyOf(params)));
            }
        }
        return out;
    }

    private static int closing(String regex, int open) {
        int depth = 0;
        boolean inClass = false;
        for (int i = open; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("route pattern '" + regex + "' has an unclosed group");
    }

    /** Java group names are letters and digits: {@code sessionId} is written {@code session_id}, as in Scope. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
