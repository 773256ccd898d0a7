package scope.webrtc.internal;

import java.time.Duration;
import java.util.List;
import scope.runtime.stream.StreamService;
import scope.webrtc.WebRtcSignaling;

/** Test entry to the package-private service: no ICE servers, so nothing leaves the test namespace. */
public final class Signalings {
    private Signalings() {
    }

    /** A service that callers close through {@link AutoCloseable}. */
    public interface Closeable extends WebRtcSignaling, AutoCloseable {
        @Override
        void close();
    }

    public static Closeable create(StreamService streams, Duration linger) {
        WebRtcSignalingService service = new WebRtcSignalingService(streams, settings(linger));
        return new Closeable() {
            @Override
            public java.util.Map<String, Object> iceServers() {
                return service.iceServers();
            }

            @Override
            public scope.webrtc.Answer offer(com.fasterxml.jackson.databind.JsonNode body, String clientAddress)
                    throws scope.runtime.schema.ValidationException {
                return service.offer(body, clientAddress);
            }

            @Override
            public void addCandidates(String sessionId, com.fasterxml.jackson.databind.JsonNode body) {
                service.addCandidates(sessionId, body);
            }

            @Override
            public void close(String sessionId) {
                service.close(sessionId);
            }

            @Override
            public List<scope.webrtc.SessionInfo> sessions() {
                return service.sessions();
            }

            @Override
            public scope.webrtc.Answer ingest(String sdp, com.fasterxml.jackson.databind.JsonNode initialParameters,
                    String clientAddress) throws scope.runtime.schema.ValidationException {
                return service.ingest(sdp, initialParameters, clientAddress);
            }

            @Override
            public scope.webrtc.Answer view(String sessionId, String sdp, String clientAddress) {
                return service.view(sessionId, sdp, clientAddress);
            }

            @Override
            public void closeViewer(String sessionId, String viewerId) {
                service.closeViewer(sessionId, viewerId);
            }

            @Override
            public void updateParameters(String sessionId, com.fasterxml.jackson.databind.JsonNode message)
                    throws scope.runtime.schema.ValidationException {
                service.updateParameters(sessionId, message);
            }

            @Override
            public void close() {
                service.close();
            }
        };
    }

    static SignalingSettings settings(Duration linger) {
        // media as for the default loopback HTTP bind: the answer names one of this machine's (namespace's) addresses
        return SignalingSettings.defaults().withIceServerUrls(List.of()).withStoppedLinger(linger)
                .withMedia(MediaAddresses.thisMachine());
    }
}
