package scope.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/osc/*}: Scope listens for OSC messages on UDP and forwards them to the page; this server has no
 * OSC listener. The status says so ({@code enabled} and {@code listening} false), the path list is empty, the
 * graph's address inventory (posted by the UI whenever the graph changes) is checked and counted but has nothing to
 * listen for it, changing settings is a 409, and the event stream answers 204 so the page does not reconnect.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/osc/*")
public class OscServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    static final List<String> TYPES = List.of("float", "integer", "bool", "string", "integer_list");

    public OscServlet() {
        router.on("GET", "/api/v1/osc/status", RouteDocs.FEATURE_STATUS, (q, r, g) -> Json.write(r, 200, status()))
                .on("PUT", "/api/v1/osc/settings", RouteDocs.FEATURE_CHANGE, (q, r, g) -> {
                    new BodyChecks(Json.objectBody(q)).bool("log_all_messages", true).done();
                    throw Unavailable.refusal("OSC control");
                })
                .on("GET", "/api/v1/osc/paths", RouteDocs.FEATURE_STATUS, (q, r, g) -> Json.write(r, 200, emptyPaths()))
                .on("POST", "/api/v1/osc/inventory", RouteDocs.OSC_INVENTORY, (q, r, g) -> {
                    ObjectNode body = Json.objectBody(q);
                    new BodyChecks(body).objects("paths", true, 10_000, entry -> entry.string("osc_address", true)
                            .oneOf("type", true, TYPES).string("description", false).number("min", false,
                                    -Double.MAX_VALUE, Double.MAX_VALUE).number("max", false, -Double.MAX_VALUE,
                                    Double.MAX_VALUE).string("node_id", false).string("param", false)
                            .string("pipeline_id", false).string("group", false)).done();
                    Json.write(r, 200, Map.of("count", body.get("paths").size()));
                })
                .on("GET", "/api/v1/osc/docs", RouteDocs.OSC_DOCS, (q, r, g) -> {
                    byte[] page = ("<!doctype html><meta charset=utf-8><title>OSC</title>"
                            + "<p>OSC control is not available on this server: it does not listen for OSC messages."
                            + " Parameters change from the page or over the WebRTC data channel.</p>")
                            .getBytes(StandardCharsets.UTF_8);
                    r.setStatus(200);
                    r.setContentType("text/html; charset=utf-8");
                    r.setContentLength(page.length);
                    r.getOutputStream().write(page);
                })
                .on("GET", "/api/v1/osc/stream", RouteDocs.NO_EVENTS, (q, r, g) -> Unavailable.noEventStream(r));
    }

    static ObjectNode status() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("enabled", false);
        n.put("listening", false);
        n.putNull("port");
        n.putNull("host");
        n.put("log_all_messages", false);
        return n;
    }

    /** Scope's {@code {active, available, active_pipeline_ids}} with nothing in it. */
    static ObjectNode emptyPaths() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.putObject("active");
        n.putObject("available");
        n.putArray("active_pipeline_ids");
        return n;
    }
}
