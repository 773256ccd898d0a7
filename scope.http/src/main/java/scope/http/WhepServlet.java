package scope.http;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.webrtc.SessionLimitException;
import scope.webrtc.SessionNotFoundException;
import scope.webrtc.WebRtcSignaling;

/**
 * WHEP egress (the IETF WHEP draft): {@code POST /api/v1/whep/{session_id}} with a receiving SDP offer plays a live
 * session's output in any WHEP player, on a peer connection of its own beside the session's own client. The answer
 * is {@code 201 Created} with the viewer's {@code Location}, which {@code DELETE} ends. No trickle ICE (405 on
 * {@code PATCH}). Bearer token as for WHIP and every API call.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/whep/*")
public class WhepServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    static final String ENDPOINT = "/api/v1/whep";

    private final transient WebRtcSignaling signaling;

    @Activate
    public WhepServlet(@Reference WebRtcSignaling signaling) {
        this.signaling = signaling;
        router.on("POST", ENDPOINT + "/(?<sessionId>[^/]+)", RouteDocs.WHEP_VIEW, (q, r, g) -> view(q, r, g.get(0)))
                .on("DELETE", ENDPOINT + "/(?<sessionId>[^/]+)/(?<viewerId>[^/]+)", RouteDocs.WHEP_END,
                        (q, r, g) -> {
                            try {
                                signaling.closeViewer(g.get(0), g.get(1));
                            } catch (SessionNotFoundException e) {
                                throw new ApiException(404, e.getMessage());
                            }
                            r.setStatus(200);
                        });
    }

    @Override
    protected void options(HttpServletRequest req, HttpServletResponse resp) {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        SdpExchange.options(resp, path.matches(ENDPOINT + "/[^/]+"));
    }

    private void view(HttpServletRequest req, HttpServletResponse resp, String sessionId) throws Exception {
        String offer = SdpExchange.offer(req);
        scope.webrtc.Answer answer;
        try {
            answer = signaling.view(sessionId, offer, req.getRemoteAddr());
        } catch (SessionNotFoundException e) {
            throw new ApiException(404, e.getMessage());
        } catch (SessionLimitException e) {
            throw new ApiException(e.perClient() ? 429 : 503, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(503, e.getMessage());
        }
        SdpExchange.created(resp, req.getContextPath() + ENDPOINT + "/" + sessionId + "/" + answer.sessionId(),
                answer.sessionId(), answer.sdp());
    }
}
