package scope.http;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.runtime.schema.ValidationException;
import scope.webrtc.SessionLimitException;
import scope.webrtc.SessionNotFoundException;
import scope.webrtc.WebRtcSignaling;

/** WebRTC signalling endpoints (spec 1.5) over {@link WebRtcSignaling}; status codes as Scope. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/webrtc/*")
public class WebRtcServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient WebRtcSignaling signaling;

    @Activate
    public WebRtcServlet(@Reference WebRtcSignaling signaling) {
        this.signaling = signaling;
        router.on("GET", "/api/v1/webrtc/ice-servers", RouteDocs.ICE_SERVERS,
                        (q, r, g) -> Json.write(r, 200, signaling.iceServers()))
                .on("POST", "/api/v1/webrtc/offer", RouteDocs.OFFER, (q, r, g) -> offer(q, r))
                .on("PATCH", "/api/v1/webrtc/offer/(?<sessionId>[^/]+)", RouteDocs.CANDIDATES,
                        (q, r, g) -> candidates(q, r, g.get(0)))
                .on("DELETE", "/api/v1/webrtc/offer/(?<sessionId>[^/]+)", RouteDocs.CLOSE_SESSION, (q, r, g) -> {
                    signaling.close(g.get(0));
                    r.setStatus(204);
                });
    }


    private void offer(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        JsonNode body = Json.objectBody(req);
        try {
            Json.write(resp, 200, signaling.offer(body, req.getRemoteAddr()));
        } catch (ValidationException e) {
            throw new ApiException(e.errors());
        } catch (SessionLimitException e) {
            throw new ApiException(e.perClient() ? 429 : 503, e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ApiException(400, e.getMessage());
        }
    }

    private void candidates(HttpServletRequest req, HttpServletResponse resp, String sessionId) throws Exception {
        JsonNode body = Json.objectBody(req);
        try {
            signaling.addCandidates(sessionId, body);
        } catch (SessionNotFoundException e) {
            throw new ApiException(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            // a malformed candidate on a live session is the client's mistake, not a missing session
            throw new ApiException(400, e.getMessage());
        }
        resp.setStatus(204);
    }
}
