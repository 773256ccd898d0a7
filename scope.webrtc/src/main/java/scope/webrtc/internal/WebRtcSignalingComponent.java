package scope.webrtc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import scope.runtime.schema.ValidationException;
import scope.runtime.stream.StreamService;
import scope.webrtc.Answer;
import scope.webrtc.SessionInfo;
import scope.webrtc.WebRtcSignaling;

/**
 * The {@link WebRtcSignaling} service: one peer connection factory per activation, disposed (after every session
 * has been closed) on deactivation. A configuration change re-activates it, which ends the live sessions.
 */
@Component(service = WebRtcSignaling.class, configurationPid = "scope.webrtc")
@Designate(ocd = WebRtcConfig.class)
public final class WebRtcSignalingComponent implements WebRtcSignaling {
    private final WebRtcSignalingService delegate;

    @Activate
    public WebRtcSignalingComponent(@Reference StreamService streams, WebRtcConfig config) {
        delegate = new WebRtcSignalingService(streams, new SignalingSettings(List.of(config.ice_server_urls()),
                config.ice_username(), config.ice_credential(),
                Duration.ofMillis(config.ice_gathering_timeout_ms()), Duration.ofMillis(config.stopped_linger_ms())));
    }

    @Deactivate
    void deactivate() {
        delegate.close();
    }

    @Override
    public Map<String, Object> iceServers() {
        return delegate.iceServers();
    }

    @Override
    public Answer offer(JsonNode body) throws ValidationException {
        return delegate.offer(body);
    }

    @Override
    public void addCandidates(String sessionId, JsonNode body) {
        delegate.addCandidates(sessionId, body);
    }

    @Override
    public void close(String sessionId) {
        delegate.close(sessionId);
    }

    @Override
    public List<SessionInfo> sessions() {
        return delegate.sessions();
    }
}
