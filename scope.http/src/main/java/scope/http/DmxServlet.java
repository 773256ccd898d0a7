package scope.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/dmx/*}: Scope receives DMX over Art-Net (UDP) and maps channels to parameters; this server has no
 * Art-Net receiver. Status and configuration read as disabled with no mappings (Scope's defaults, port 6454), path
 * lists are empty, changes are a 409 after their body is checked, and the event stream answers 204.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/dmx/*")
public class DmxServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    static final int ART_NET_PORT = 6454;

    public DmxServlet() {
        router.on("GET", "/api/v1/dmx/status", RouteDocs.FEATURE_STATUS, (q, r, g) -> Json.write(r, 200, status()))
                .on("PUT", "/api/v1/dmx/settings", RouteDocs.FEATURE_CHANGE, (q, r, g) -> {
                    new BodyChecks(Json.objectBody(q)).bool("enabled", false).bool("log_all_messages", false)
                            .integer("preferred_port", false, 1024, 65535).done();
                    throw Unavailable.refusal("DMX (Art-Net) input");
                })
                .on("POST", "/api/v1/dmx/restart", RouteDocs.FEATURE_CHANGE, (q, r, g) -> {
                    new BodyChecks(Json.objectBody(q)).integer("preferred_port", false, 1024, 65535).done();
                    throw Unavailable.refusal("DMX (Art-Net) input");
                })
                .on("GET", "/api/v1/dmx/paths", RouteDocs.FEATURE_STATUS,
                        (q, r, g) -> Json.write(r, 200, OscServlet.emptyPaths()))
                .on("GET", "/api/v1/dmx/config", RouteDocs.FEATURE_STATUS, (q, r, g) -> Json.write(r, 200, config()))
                .on("PUT", "/api/v1/dmx/config", RouteDocs.FEATURE_CHANGE, (q, r, g) -> {
                    new BodyChecks(Json.objectBody(q)).bool("enabled", false).bool("log_all_messages", false)
                            .integer("preferred_port", false, 1024, 65535)
                            .objects("mappings", false, 512 * 64, m -> m.integer("universe", true, 0, 32767)
                                    .integer("channel", true, 1, 512).string("key", true)).done();
                    throw Unavailable.refusal("DMX (Art-Net) input");
                })
                .on("GET", "/api/v1/dmx/stream", RouteDocs.NO_EVENTS, (q, r, g) -> Unavailable.noEventStream(r));
    }

    static ObjectNode status() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("enabled", false);
        n.put("listening", false);
        n.putNull("port");
        n.put("preferred_port", ART_NET_PORT);
        n.putNull("host");
        n.put("log_all_messages", false);
        n.put("mapping_count", 0);
        return n;
    }

    static ObjectNode config() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("enabled", false);
        n.put("preferred_port", ART_NET_PORT);
        n.put("log_all_messages", false);
        n.putArray("mappings");
        return n;
    }
}
