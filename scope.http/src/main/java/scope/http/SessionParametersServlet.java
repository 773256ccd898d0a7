package scope.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.runtime.schema.ValidationException;
import scope.webrtc.SessionNotFoundException;
import scope.webrtc.WebRtcSignaling;

/**
 * {@code POST /api/v1/session/{session_id}/parameters}: changes one live session's runtime parameters over HTTP -
 * the body is what the data channel takes, with the same validation - for sessions that have no data channel of
 * their own (WHIP) or are driven from elsewhere. The session's client gets {@code parameters_updated}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/session/*")
public class SessionParametersServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;

    @Activate
    public SessionParametersServlet(@Reference WebRtcSignaling signaling) {
        router.on("POST", "/api/v1/session/(?<sessionId>[^/]+)/parameters", RouteDocs.SESSION_PARAMETERS,
                (q, r, g) -> {
                    ObjectNode body = Json.objectBody(q);
                    try {
                        signaling.updateParameters(g.get(0), body);
                    } catch (SessionNotFoundException e) {
                        throw new ApiException(404, e.getMessage());
                    } catch (ValidationException e) {
                        throw new ApiException(e.errors());
                    } catch (IllegalArgumentException e) {
                        throw new ApiException(400, e.getMessage());
                    }
                    ObjectNode answer = Json.MAPPER.createObjectNode().put("status", "ok");
                    answer.set("applied_parameters", body);
                    Json.write(r, 200, answer);
                });
    }
}
