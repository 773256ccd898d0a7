package scope.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/cloud/*}: Scope can relay streams to a remote GPU (Livepeer); this server runs pipelines on its
 * own machine only. The status is always "not connected, no credentials" (Scope's UI then starts streams locally
 * and does not poll), disconnecting succeeds, connecting is refused with a 409 that says why.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/cloud/*")
public class CloudServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;

    public CloudServlet() {
        router.on("GET", "/api/v1/cloud/status", RouteDocs.FEATURE_STATUS, (q, r, g) -> Json.write(r, 200, status()))
                .on("POST", "/api/v1/cloud/disconnect", RouteDocs.FEATURE_OFF,
                        (q, r, g) -> Json.write(r, 200, status()))
                .on("POST", "/api/v1/cloud/connect", RouteDocs.FEATURE_CHANGE, (q, r, g) -> {
                    new BodyChecks(Json.objectBody(q)).string("app_id", false).string("api_key", false)
                            .string("user_id", false).done();
                    throw new ApiException(409, "Cloud inference (a remote GPU) is not available on this server: "
                            + "pipelines run on this machine");
                });
    }

    static ObjectNode status() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("connected", false);
        n.put("connecting", false);
        n.putNull("error");
        n.putNull("connect_stage");
        n.put("webrtc_connected", false);
        n.putNull("app_id");
        n.putNull("connection_id");
        n.put("credentials_configured", false);
        n.putNull("stats");
        n.putNull("last_close_code");
        n.putNull("last_close_reason");
        return n;
    }
}
