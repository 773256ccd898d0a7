package scope.webrtc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.runtime.schema.ValidationException;
import scope.runtime.stream.StreamService;
import scope.webrtc.Answer;
import scope.webrtc.SessionInfo;
import scope.webrtc.SessionNotFoundException;
import scope.webrtc.WebRtcSignaling;

/**
 * The signalling service without OSGi: owns the peer connection factory, the live sessions and one serial executor
 * (thread {@code scope-webrtc-sessions}) on which session callbacks and teardowns run. {@link #close()} ends every
 * session, stops the executor and disposes the factory.
 */
final class WebRtcSignalingService implements WebRtcSignaling, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcSignalingService.class);
    private static final long CLOSE_WAIT_SECONDS = 15;
    /** The cause sessions are stopped with when the service stops. */
    static final String SHUTTING_DOWN = "server shutting down";
    /** How long a stop waits, at most, for the sessions' last {@code stream_stopped} to leave their channels. */
    static final long STOP_DELIVERY_MILLIS = 1000;

    private final StreamService streams;
    private final SignalingSettings settings;
    private final KeyframeRequests keyframes;
    private final PeerFactory factory;
    private final ScheduledExecutorService serial;
    /** Made with the factory at the first offer (they need its codecs), unless a test gave its own. */
    private volatile OfferChecks checks;
    private final SessionSlots slots;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    WebRtcSignalingService(StreamService streams, SignalingSettings settings) {
        this(streams, settings, new ObservedKeyframeRequests());
    }

    WebRtcSignalingService(StreamService streams, SignalingSettings settings, KeyframeRequests keyframes) {
        this(streams, settings, keyframes, null);
    }

    /** For tests: {@code checks} replaces the offer checks (e.g. ones that let libwebrtc see bad sections). */
    WebRtcSignalingService(StreamService streams, SignalingSettings settings, KeyframeRequests keyframes,
            OfferChecks checks) {
        this.streams = streams;
        this.settings = settings;
        this.keyframes = keyframes;
        this.factory = new PeerFactory();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, Threads.PREFIX + "sessions");
            t.setDaemon(true);
            return t;
        });
        // a cancelled deadline must not keep its closed session reachable until it would have fired
        executor.setRemoveOnCancelPolicy(true);
        this.serial = executor;
        SignalingSettings.Limits limits = settings.limits();
        this.checks = checks;
        this.slots = new SessionSlots(limits.maxSessions(), limits.maxSessionsPerClient());
        LOG.info("WebRTC media: answers name {}; UDP ports {}", settings.media().describe(),
                settings.mediaPortMin() == 0 ? "any" : settings.mediaPortMin() + "-" + settings.mediaPortMax());
    }

    private OfferChecks checks() {
        OfferChecks c = checks;
        if (c == null) {
            SignalingSettings.Limits limits = settings.limits();
            c = new OfferChecks(limits.maxSdpBytes(), limits.maxMediaSections(),
                    VideoCodecs.names(factory.get(), true), VideoCodecs.names(factory.get(), false));
            checks = c;
        }
        return c;
    }

    /** The video codec names this service's libwebrtc can send and receive. */
    java.util.Set<String> videoCodecs(boolean sender) {
        return VideoCodecs.names(factory.get(), sender);
    }

    @Override
    public Map<String, Object> iceServers() {
        List<Map<String, Object>> servers = new ArrayList<>();
        if (!settings.iceServerUrls().isEmpty()) {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("urls", settings.iceServerUrls());
            server.put("username", settings.iceUsername());
            server.put("credential", settings.iceCredential());
            servers.add(server);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("iceServers", servers);
        return result;
    }

    @Override
    public Answer offer(JsonNode body, String clientAddress) throws ValidationException {
        return open(OfferRequest.parse(body), clientAddress);
    }

    @Override
    public Answer ingest(String sdp, JsonNode initialParameters, String clientAddress) throws ValidationException {
        return open(OfferRequest.whip(sdp, initialParameters), clientAddress);
    }

    private Answer open(OfferRequest offer, String clientAddress) throws ValidationException {
        if (offer.ingest()) {
            checks().check(offer.sdp(), true);
        } else {
            checks().check(offer.sdp());
        }
        if (closed) {
            throw new IllegalStateException("WebRTC signalling is shutting down");
        }
        SessionSlots.Slot slot = slots.take(clientAddress);
        Session session;
        try {
            session = new Session(UUID.randomUUID().toString(), factory.get(), settings, serial, keyframes,
                    s -> {
                        sessions.remove(s.id(), s);
                        slot.release();
                    });
        } catch (RuntimeException | Error e) {
            slot.release();
            throw e;
        }
        String sdp;
        try {
            sdp = session.negotiate(streams, offer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NegotiationException("interrupted while answering the offer", e);
        }
        sessions.put(session.id(), session);
        if (session.isClosed()) {
            // closed while answering (e.g. the connection failed at once); its teardown may have missed the map
            sessions.remove(session.id(), session);
        }
        return new Answer(sdp, session.id());
    }

    @Override
    public void addCandidates(String sessionId, JsonNode body) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null || session.isClosed()) {
            throw new SessionNotFoundException(sessionId);
        }
        List<TrickleCandidates.Entry> candidates = TrickleCandidates.parse(body);
        for (TrickleCandidates.Entry entry : candidates) {
            try {
                session.addCandidate(entry.candidate(), entry.field());
            } catch (IllegalStateException e) {
                throw new SessionNotFoundException(sessionId);
            }
        }
    }

    @Override
    public Answer view(String sessionId, String sdp, String clientAddress) {
        Session session = live(sessionId);
        OfferRequest.requireDescription(sdp);
        checks().check(sdp);
        if (closed) {
            throw new IllegalStateException("WebRTC signalling is shutting down");
        }
        SessionSlots.Slot slot = slots.take(clientAddress);
        WhepViewer viewer;
        try {
            viewer = new WhepViewer(UUID.randomUUID().toString(), session.id(), factory.get(), settings, serial, v -> {
                session.detachViewer(v);
                slot.release();
            });
        } catch (RuntimeException | Error e) {
            slot.release();
            throw e;
        }
        dev.onvoid.webrtc.media.video.VideoTrack track;
        try {
            track = session.attachViewer(viewer);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
        try {
            return new Answer(viewer.negotiate(sdp, track), viewer.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NegotiationException("interrupted while answering the offer", e);
        }
    }

    @Override
    public void closeViewer(String sessionId, String viewerId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        WhepViewer viewer = session == null || viewerId == null ? null : session.viewer(viewerId);
        if (viewer == null || viewer.isClosed()) {
            throw SessionNotFoundException.viewer(sessionId, viewerId);
        }
        await(viewer.close());
    }

    @Override
    public void updateParameters(String sessionId, JsonNode message) throws ValidationException {
        if (message == null || !message.isObject()) {
            throw new IllegalArgumentException("body: must be a JSON object of parameters");
        }
        live(sessionId).updateParameters(message);
    }

    private Session live(String sessionId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null || session.isClosed()) {
            throw new SessionNotFoundException(sessionId);
        }
        return session;
    }

    @Override
    public void close(String sessionId) {
        Session session = sessionId == null ? null : sessions.remove(sessionId);
        if (session != null) {
            await(session.close());
        }
    }

    @Override
    public List<SessionInfo> sessions() {
        List<SessionInfo> list = new ArrayList<>();
        for (Session s : sessions.values()) {
            list.add(s.info());
        }
        return list;
    }

    /** For tests: whether libwebrtc's factory has been made (it is at the first offer). */
    boolean peerFactoryMade() {
        return factory.isMade();
    }

    /** For tests and the status page of this bundle. */
    Session session(String sessionId) {
        return sessions.get(sessionId);
    }

    /** Ends every session telling its client the server is shutting down, then stops the executor and the factory. */
    @Override
    public void close() {
        shutdown(SHUTTING_DOWN);
    }

    /**
     * Ends every session: each client hears {@code stream_stopped} with {@code cause} on its data channel (sent to
     * all first, then up to {@link #STOP_DELIVERY_MILLIS} for them to leave) before its peer connection closes; then
     * stops the executor and disposes the factory. New offers are refused from the start.
     */
    void shutdown(String cause) {
        synchronized (this) {
            if (closed) {
                return; // stopped already (when the framework began to stop, before deactivation)
            }
            closed = true;
        }
        List<Session> open = List.copyOf(sessions.values());
        for (Session s : open) {
            s.stopBeforeClose(cause);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_DELIVERY_MILLIS);
        try {
            for (Session s : open) {
                s.awaitStopDelivered(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (Session s : open) {
            pending.add(s.close());
        }
        for (CompletableFuture<Void> f : pending) {
            await(f);
        }
        serial.shutdownNow();
        try {
            if (!serial.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Session executor did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        factory.close();
    }

    private static void await(CompletableFuture<Void> f) {
        try {
            f.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Session teardown did not finish: {}", e.toString());
        }
    }
}
