package scope.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import scope.osc.OscControl;
import scope.osc.OscStatus;

/** {@code GET /api/v1/osc/docs}: a self-contained page with where OSC listens and every address it takes now. */
final class OscHelpPage {
    private OscHelpPage() {
    }

    static String render(OscControl osc) {
        StringBuilder b = new StringBuilder("<!doctype html><meta charset=utf-8><title>OSC control</title>"
                + "<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}td,th{text-align:left;"
                + "padding:.2em .8em .2em 0;vertical-align:top}code{background:#eee;padding:0 .2em}</style>"
                + "<h1>OSC control</h1>");
        if (osc == null || !osc.status().enabled()) {
            b.append("<p>OSC is off").append(osc == null ? "" : ": " + esc(osc.status().note())).append(".</p>");
            return b.toString();
        }
        OscStatus s = osc.status();
        String port = s.port() == null ? "?" : s.port().toString();
        b.append("<p>").append(s.listening() ? "Listening on" : "Not listening on").append(" UDP <code>")
                .append(esc(s.host())).append(':').append(port).append("</code>").append(s.note() == null ? ""
                        : " (" + esc(s.note()) + ")").append(". <code>/scope/&lt;key&gt;</code> changes the most "
                        + "recently started session, <code>/scope/session/&lt;session id&gt;/&lt;key&gt;</code> "
                        + "the one named. Values are checked as data-channel updates are; a refused value changes "
                        + "nothing and is reported on <code>/api/v1/osc/stream</code>.</p>")
                .append("<p>Example: <code>oscsend ").append(esc(s.host())).append(' ').append(port)
                .append(" /scope/noise_scale f 0.5</code></p>");
        JsonNode paths = osc.paths();
        for (String section : new String[] {"active", "available"}) {
            b.append("<h2>").append(section.equals("active") ? "Active now" : "Other installed pipelines")
                    .append("</h2>");
            for (Map.Entry<String, JsonNode> group : paths.path(section).properties()) {
                b.append("<h3>").append(esc(group.getKey())).append("</h3><table><tr><th>address<th>type"
                        + "<th>range / values<th>description</tr>");
                for (JsonNode e : group.getValue()) {
                    String range = (e.has("min") || e.has("max") ? e.path("min").asText("") + " .. "
                            + e.path("max").asText("") : "") + (e.has("enum") ? e.get("enum").toString() : "");
                    b.append("<tr><td><code>").append(esc(e.path("osc_address").asText())).append("</code><td>")
                            .append(esc(e.path("type").asText())).append("<td>").append(esc(range)).append("<td>")
                            .append(esc(e.path("description").asText())).append("</tr>");
                }
                b.append("</table>");
            }
        }
        return b.toString();
    }

    private static String esc(String s) {
        return ScopeConsolePlugin.esc(s == null ? "" : s);
    }
}
