package scope.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.runtime.schema.ValidationException;
import scope.webrtc.SessionLimitException;
import scope.webrtc.SessionNotFoundException;
import scope.webrtc.WebRtcSignaling;

/**
 * WHIP ingest (RFC 9725): {@code POST /api/v1/whip} with an SDP offer that sends video (OBS Studio, GStreamer's
 * {@code whipsink}) opens a session that feeds a pipeline chain, chosen by the query ({@code pipeline_ids}, an
 * optional {@code prompt}); the answer is {@code 201 Created} with the session's {@code Location}, which
 * {@code DELETE} ends. Trickle ICE and ICE restarts ({@code PATCH}) are not supported: 405, as the RFC allows
 * (clients send complete offers). The session is a normal one: its output plays over WHEP
 * ({@code /api/v1/whep/{session_id}}), its parameters change through {@code /api/v1/session/{session_id}/parameters}.
 * The API token (off loopback) is WHIP's bearer token: {@link RequestGuard} checks it as for every API call.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/v1/whip", "/api/v1/whip/*"})
public class WhipServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    static final String ENDPOINT = "/api/v1/whip";
    private static final Set<String> QUERY = Set.of("pipeline_ids", "prompt");

    private final transient WebRtcSignaling signaling;

    @Activate
    public WhipServlet(@Reference WebRtcSignaling signaling) {
        this.signaling = signaling;
        router.on("POST", ENDPOINT, RouteDocs.WHIP_INGEST, (q, r, g) -> ingest(q, r))
                .on("DELETE", ENDPOINT + "/(?<sessionId>[^/]+)", RouteDocs.WHIP_END, (q, r, g) -> {
                    if (signaling.sessions().stream().noneMatch(s -> s.sessionId().equals(g.get(0)))) {
                        throw new ApiException(404, "No WHIP session " + g.get(0));
                    }
                    signaling.close(g.get(0));
                    r.setStatus(200);
                });
    }

    @Override
    protected void options(HttpServletRequest req, HttpServletResponse resp) {
        SdpExchange.options(resp, req.getRequestURI().endsWith(ENDPOINT));
    }

    private void ingest(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        ObjectNode initial = initialParameters(req.getParameterMap());
        String offer = SdpExchange.offer(req);
        scope.webrtc.Answer answer;
        try {
            answer = signaling.ingest(offer, initial, req.getRemoteAddr());
        } catch (ValidationException e) {
            throw new ApiException(e.errors());
        } catch (SessionLimitException e) {
            throw new ApiException(e.perClient() ? 429 : 503, e.getMessage());
        } catch (SessionNotFoundException e) {
            throw new ApiException(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        } catch (IllegalStateException e) {
            // no stream can be opened now, e.g. the pipelines are not loaded: the server's state, not the offer
            throw new ApiException(409, e.getMessage());
        }
        SdpExchange.created(resp, req.getContextPath() + ENDPOINT + "/" + answer.sessionId(), answer.sessionId(),
                answer.sdp());
    }

    /**
     * The session's initial parameters from the endpoint's query: {@code pipeline_ids} (comma-separated or
     * repeated; absent: the loaded pipelines, as for an offer without them) and {@code prompt}.
     */
    static ObjectNode initialParameters(Map<String, String[]> query) throws ApiException {
        for (String name : query.keySet()) {
            if (!QUERY.contains(name)) {
                throw new ApiException(400, "query: unknown parameter '" + name + "' (known: pipeline_ids, prompt)");
            }
        }
        ObjectNode initial = Json.MAPPER.createObjectNode().put("input_mode", "video");
        String[] ids = query.get("pipeline_ids");
        if (ids != null) {
            ArrayNode list = initial.putArray("pipeline_ids");
            for (String value : ids) {
                for (String id : value.split(",", -1)) {
                    if (id.isBlank()) {
                        throw new ApiException(400, "pipeline_ids: an empty pipeline id in '" + value + "'");
                    }
                    list.add(id.trim());
                }
            }
        }
        String[] prompt = query.get("prompt");
        if (prompt != null) {
            if (prompt.length != 1 || prompt[0].isBlank()) {
                throw new ApiException(400, "prompt: give one non-empty prompt");
            }
            initial.putArray("prompts").addObject().put("text", prompt[0]).put("weight", 1.0);
        }
        return initial;
    }
}
