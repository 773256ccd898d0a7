package scope.webrtc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.ComponentConstants;
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
    private final SynchronousBundleListener frameworkStopping;

    /** The framework property Jetty binds to (set by the runtime's settings from --host / SCOPE_HOST). */
    static final String HTTP_HOST_PROPERTY = "org.apache.felix.http.host";

    @Activate
    public WebRtcSignalingComponent(@Reference StreamService streams, WebRtcConfig config, BundleContext context) {
        delegate = new WebRtcSignalingService(streams, settings(config, System.getenv("SCOPE_MEDIA_ADDRESS"),
                context.getProperty(HTTP_HOST_PROPERTY)));
        frameworkStopping = stoppingListener();
        context.addBundleListener(frameworkStopping);
    }

    static SignalingSettings settings(WebRtcConfig config, String mediaAddressEnv, String httpHost) {
        return new SignalingSettings(List.of(config.ice_server_urls()), config.ice_username(),
                config.ice_credential(), Duration.ofMillis(config.ice_gathering_timeout_ms()),
                Duration.ofMillis(config.stopped_linger_ms()), Duration.ofMillis(config.connect_timeout_ms()),
                new SignalingSettings.Limits(config.max_sessions(), config.max_sessions_per_client(),
                        config.max_sdp_bytes(), config.max_media_sections()),
                MediaAddresses.resolve(List.of(config.media_addresses()), mediaAddressEnv, httpHost),
                config.media_port_min(), config.media_port_max());
    }

    @Deactivate
    void deactivate(BundleContext context, int reason) {
        context.removeBundleListener(frameworkStopping);
        delegate.shutdown(cause(reason));
    }

    /** What the clients are told when this component goes: a new configuration restarts it, anything else stops it. */
    static String cause(int reason) {
        return reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_MODIFIED
                || reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED
                ? "server restarting WebRTC with new settings" : WebRtcSignalingService.SHUTTING_DOWN;
    }

    /**
     * The framework stops bundles one by one, plugins (installed last) before this one, and a plugin that goes stops
     * the streams of its pipelines with its own message. Stopping every session when the framework itself starts to
     * stop tells their clients the real cause first.
     */
    private SynchronousBundleListener stoppingListener() {
        return event -> {
            if (event.getType() == BundleEvent.STOPPING && event.getBundle().getBundleId() == 0) {
                delegate.shutdown(WebRtcSignalingService.SHUTTING_DOWN);
            }
        };
    }

    @Override
    public Map<String, Object> iceServers() {
        return delegate.iceServers();
    }

    @Override
    public Answer offer(JsonNode body, String clientAddress) throws ValidationException {
        return delegate.offer(body, clientAddress);
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

    @Override
    public Answer ingest(String sdp, JsonNode initialParameters, String clientAddress) throws ValidationException {
        return delegate.ingest(sdp, initialParameters, clientAddress);
    }

    @Override
    public Answer view(String sessionId, String sdp, String clientAddress) {
        return delegate.view(sessionId, sdp, clientAddress);
    }

    @Override
    public void closeViewer(String sessionId, String viewerId) {
        delegate.closeViewer(sessionId, viewerId);
    }

    @Override
    public void updateParameters(String sessionId, JsonNode message) throws ValidationException {
        delegate.updateParameters(sessionId, message);
    }
}
