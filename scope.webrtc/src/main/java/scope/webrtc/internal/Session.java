package scope.webrtc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.Frame;
import scope.runtime.schema.ValidationException;
import scope.runtime.stream.Stream;
import scope.runtime.stream.StreamListener;
import scope.runtime.stream.StreamService;
import scope.webrtc.SessionInfo;

/**
 * One WebRTC session: a server peer connection, the stream it feeds and drains, the {@code parameters} data
 * channel, one outgoing video track per output of the stream (one per sink of a forked graph, on the client's
 * receiving video sections in offer order) and the inbound video tracks the client sends.
 *
 * <p>Lifecycle: {@link #negotiate} opens the stream, answers the offer (after ICE gathering, bounded) and starts
 * the sender thread and the input loops; on any failure there it releases everything it created and rethrows.
 * {@link #close()} is the single teardown path, run once on the service's serial executor: it unregisters the
 * session, closes the stream, stops and joins the sender and input threads, releases the data channel, closes the
 * peer connection and disposes the outgoing tracks and sources. It runs when the client's connection becomes
 * closed or failed, when the client's data channel closes, on {@code DELETE}, when the service stops, and a short
 * linger after the stream stopped (so {@code stream_stopped} can reach the client, which normally closes first).
 * {@code stream_stopped} is sent at most once.
 */
final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final String id;
    private final long createdNanos = System.nanoTime();
    private final PeerConnectionFactory factory;
    private final SignalingSettings settings;
    private final ScheduledExecutorService serial;
    private final KeyframeRequests keyframes;
    private final Consumer<Session> ended;
    private final ParametersChannel channel;
    private final List<InboundVideo> inbound = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    /** What libwebrtc holds on to instead of the session itself (see {@link NativeCallbacks}). */
    private final NativeCallbacks.PeerEvents peerEvents = new NativeCallbacks.PeerEvents(new Observer());
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean stopSent = new AtomicBoolean();
    private final AtomicBoolean connectedOnce = new AtomicBoolean();
    private volatile RTCPeerConnection pc;
    private volatile Stream stream;
    /** One per output of the stream, in output order; output 0 is the primary one. */
    private final List<OutboundVideo> outputs = new CopyOnWriteArrayList<>();
    private volatile RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
    private volatile double ttffMillis = -1;
    private volatile String mediaPath;
    /** Guards peer connection calls from HTTP threads against the teardown's close. */
    private final Object peerCalls = new Object();
    private boolean peerClosed;
    private volatile java.util.concurrent.ScheduledFuture<?> statsTask;
    /** Connect and reconnect deadlines; cancelled at teardown so the executor's queue does not keep the session. */
    private final List<java.util.concurrent.ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();
    /** WHEP viewers of output 0; guarded by itself, closed by the teardown before the output track is disposed. */
    private final List<WhepViewer> viewers = new ArrayList<>();
    private boolean viewersClosed;
    /** A WHIP session: the client only sends, output 0 is on no transceiver of this connection (WHEP plays it). */
    private volatile boolean ingest;

    Session(String id, PeerConnectionFactory factory, SignalingSettings settings, ScheduledExecutorService serial,
            KeyframeRequests keyframes, Consumer<Session> ended) {
        this.id = id;
        this.factory = factory;
        this.settings = settings;
        this.serial = serial;
        this.keyframes = keyframes;
        this.ended = ended;
        this.channel = new ParametersChannel(id, serial, this::clientMessage, () -> {
            LOG.info("Session {}: client closed the data channel", id);
            close();
        });
    }

    String id() {
        return id;
    }

    boolean isClosed() {
        return closing.get() || state == RTCPeerConnectionState.CLOSED || state == RTCPeerConnectionState.FAILED;
    }

    List<InboundVideo> inbound() {
        return List.copyOf(inbound);
    }

    /**
     * Opens the stream and answers the offer.
     *
     * @return the complete answer SDP
     * @throws ValidationException      from {@link StreamService#open}
     * @throws IllegalStateException    from {@link StreamService#open} (pipeline not loaded)
     * @throws IllegalArgumentException the offer SDP is unusable
     */
    String negotiate(StreamService streams, OfferRequest offer) throws ValidationException, InterruptedException {
        ingest = offer.ingest();
        stream = streams.open(id, offer.initialParameters(), new Events()); // named by the session id
        try {
            pc = factory.createPeerConnection(configuration(), peerEvents);
            if (pc == null) {
                throw new NegotiationException("libwebrtc could not create a peer connection");
            }
            for (int i = 0; i < stream.outputCount(); i++) {
                outputs.add(new OutboundVideo(factory, id, i));
            }
            try {
                String remote = settings.media().ignoresRemoteCandidates()
                        ? MediaAddresses.withoutCandidates(offer.sdp()) : offer.sdp();
                remote = StartBitrate.apply(remote, StartBitrate.KBPS); // our sender's start
                PeerCalls.setRemoteDescription(pc, new RTCSessionDescription(RTCSdpType.OFFER, remote));
            } catch (PeerCalls.DescriptionRejected e) {
                throw new IllegalArgumentException("sdp: rejected by the WebRTC stack: " + e.getMessage());
            }
            List<String> inboundMids = configureTransceivers(OfferedMedia.parse(offer.sdp()));
            PeerCalls.setLocalDescription(pc, PeerCalls.createAnswer(pc));
            keepAcceptedSections(inboundMids);
            if (ingest && inbound.isEmpty()) {
                throw new IllegalArgumentException("sdp: a WHIP offer must send video: no video section the client "
                        + "sends on was accepted");
            }
            if (!PeerCalls.awaitGathering(pc, gathered, settings.iceGatheringTimeout())) {
                LOG.info("Session {}: ICE gathering not complete after {} ms; answering with the candidates found",
                        id, settings.iceGatheringTimeout().toMillis());
            }
            String answer;
            try {
                answer = StartBitrate.apply(settings.media().filterAnswer(pc.getLocalDescription().sdp),
                        StartBitrate.KBPS); // the client's sender's start
            } catch (IllegalStateException e) {
                throw new NegotiationException(e.getMessage(), e);
            }
            for (int i = 0; i < outputs.size(); i++) {
                outputs.get(i).start(stream, i == 0 ? this::firstFrameSent : sent -> { }, this::outputEnded);
            }
            for (InboundVideo in : inbound) {
                in.start();
            }
            LOG.info("Session {} created: {} mode, {} inbound video track(s), {} outgoing", id, mode(), inbound.size(),
                    outputs.size());
            statsTask = serial.scheduleAtFixedRate(this::sendStats, 1, 1, TimeUnit.SECONDS);
            timers.add(serial.schedule(this::closeUnlessEverConnected, settings.connectTimeout().toMillis(),
                    TimeUnit.MILLISECONDS));
            return answer;
        } catch (RuntimeException | Error | InterruptedException e) {
            awaitClosed(close());
            throw e;
        }
    }

    /**
     * After the answer: sections libwebrtc rejected ({@code m=... 0}, transceiver stopped) are never touched again.
     * The outputs' sections must have been accepted; inbound tracks are created for accepted sections only.
     */
    private void keepAcceptedSections(List<String> inboundMids) {
        java.util.Set<String> rejected = OfferedMedia.rejectedMids(pc.getLocalDescription().sdp);
        String rejectedOutput = null;
        for (OutboundVideo out : outputs) {
            String outputMid = out.attachedMid();
            if (outputMid != null && (rejected.contains(outputMid) || LiveTransceivers.find(pc, outputMid) == null)) {
                out.forget();
                rejectedOutput = rejectedOutput == null ? outputMid : rejectedOutput;
            }
        }
        if (rejectedOutput != null) {
            throw new IllegalArgumentException("sdp: the video section (mid " + rejectedOutput
                    + ") that would carry the output was rejected by the WebRTC stack");
        }
        for (String mid : inboundMids) {
            RTCRtpTransceiver t = rejected.contains(mid) ? null : LiveTransceivers.find(pc, mid);
            if (t == null) {
                LOG.info("Session {}: inbound video section {} was rejected; not receiving on it", id, mid);
                continue;
            }
            MediaStreamTrack track = t.getReceiver().getTrack();
            if (track instanceof VideoTrack video) {
                inbound.add(new InboundVideo(id, inbound.size(), mid, video, t.getReceiver(), new Input()));
            }
        }
    }

    private void closeUnlessEverConnected() {
        if (!connectedOnce.get()) {
            closeUnlessConnected("did not connect");
        }
    }

    /** Closes the session when it is not connected now (the connect timeout, or a disconnect that lasted). */
    private void closeUnlessConnected(String why) {
        if (!closing.get() && state != RTCPeerConnectionState.CONNECTED) {
            LOG.info("Session {}: {} within {} ms (connection {}); closing", id, why,
                    settings.connectTimeout().toMillis(), state.name().toLowerCase(Locale.ROOT));
            close();
        }
    }

    private RTCConfiguration configuration() {
        return configuration(settings);
    }

    /** The peer connection settings of every connection of this service (sessions and WHEP viewers). */
    static RTCConfiguration configuration(SignalingSettings settings) {
        RTCConfiguration config = new RTCConfiguration();
        if (!settings.iceServerUrls().isEmpty()) {
            RTCIceServer server = new RTCIceServer();
            server.urls = new ArrayList<>(settings.iceServerUrls());
            server.username = settings.iceUsername();
            server.password = settings.iceCredential();
            config.iceServers.add(server);
        }
        // No TCP candidates: they add a listening TCP socket per interface, and browsers reach us over UDP.
        config.portAllocatorConfig = new PortAllocatorConfig(settings.mediaPortMin(), settings.mediaPortMax(),
                PortAllocatorConfig.PORTALLOCATOR_DISABLE_TCP);
        return config;
    }

    // Output i goes to the i-th video section the client receives on (the first sink to the first, as Scope's UI
    // adds one receiving transceiver per sink, in the graph's sink order); every video section the client sends on
    // becomes an inbound track (the first feeds the stream) once the answer has accepted it. Other sections are left
    // alone. Returns the mids of the sections to receive on.
    private List<String> configureTransceivers(List<OfferedMedia> media) {
        int attached = 0;
        List<String> inboundMids = new ArrayList<>();
        RTCRtpTransceiver[] transceivers = pc.getTransceivers();
        for (int i = 0; i < transceivers.length; i++) {
            RTCRtpTransceiver t = transceivers[i];
            OfferedMedia m = find(media, t.getMid(), i);
            if (m != null && "audio".equals(m.kind()) && !t.stopped()) {
                // The server has no audio. Receiving some would start the audio device's playout threads, which
                // outlive the session (webrtc-java 0.14 never frees a closed peer connection).
                t.setDirection(RTCRtpTransceiverDirection.INACTIVE);
                continue;
            }
            if (m == null || !"video".equals(m.kind()) || t.stopped()) {
                continue;
            }
            VideoCodecs.preferVp8(factory, t);
            boolean out = !ingest && attached < outputs.size() && m.clientReceives();
            boolean in = m.clientSends();
            if (out) {
                outputs.get(attached).attach(t, attached == 0 ? "scope-" + id : "scope-" + id + "-" + attached);
                attached++;
            }
            t.setDirection(out && in ? RTCRtpTransceiverDirection.SEND_RECV
                    : out ? RTCRtpTransceiverDirection.SEND_ONLY
                    : in ? RTCRtpTransceiverDirection.RECV_ONLY : RTCRtpTransceiverDirection.INACTIVE);
            if (in && t.getMid() != null) {
                inboundMids.add(t.getMid());
            }
        }
        if (ingest) {
            if (inboundMids.isEmpty()) {
                throw new IllegalArgumentException("sdp: a WHIP offer must send video (no video section with "
                        + "direction sendonly or sendrecv)");
            }
            return inboundMids;
        }
        if (attached == 0) {
            throw new IllegalArgumentException(
                    "sdp: no video section can receive the output (needs a sendrecv or recvonly video transceiver)");
        }
        if (attached < outputs.size()) {
            List<String> sinks = new ArrayList<>();
            for (int i = 0; i < outputs.size(); i++) {
                sinks.add(String.valueOf(stream.sinkId(i)));
            }
            throw new IllegalArgumentException("sdp: the graph has " + outputs.size() + " sinks " + sinks
                    + " but the offer has " + attached + " video section(s) that can receive; sink '"
                    + stream.sinkId(attached) + "' needs its own (add a recvonly video transceiver per further sink)");
        }
        return inboundMids;
    }

    private static OfferedMedia find(List<OfferedMedia> media, String mid, int position) {
        if (mid != null) {
            for (OfferedMedia m : media) {
                if (mid.equals(m.mid())) {
                    return m;
                }
            }
        }
        return position < media.size() ? media.get(position) : null;
    }

    /**
     * Adds a trickled candidate; libwebrtc's refusal becomes an IllegalArgumentException naming {@code field}.
     */
    void addCandidate(RTCIceCandidate candidate, String field) {
        // HTTP threads call this while the teardown may be closing the peer connection on the serial executor
        synchronized (peerCalls) {
            RTCPeerConnection connection = pc;
            if (connection == null || isClosed() || peerClosed) {
                throw new IllegalStateException("session closed");
            }
            if (settings.media().ignoresRemoteCandidates()) {
                return; // checked, not used: see MediaAddresses.ignoresRemoteCandidates
            }
            try {
                connection.addIceCandidate(candidate);
            } catch (RuntimeException | Error e) {
                // webrtc-java throws java.lang.Error for a candidate libwebrtc refuses
                throw new IllegalArgumentException(field + ": rejected by the WebRTC stack: " + e.getMessage(), e);
            }
        }
    }

    String mode() {
        return inbound.isEmpty() ? "text" : "video";
    }

    /** Whether this is a WHIP session (fed by a client that only sends). */
    boolean ingest() {
        return ingest;
    }

    /**
     * Registers a WHEP viewer of output 0 and returns the track it is to send.
     *
     * @throws SessionNotFoundException the session is closing or has no output yet
     */
    VideoTrack attachViewer(WhepViewer viewer) {
        synchronized (viewers) {
            if (viewersClosed || isClosed() || outputs.isEmpty() || stopSent.get()) {
                throw new scope.webrtc.SessionNotFoundException(id);
            }
            viewers.add(viewer);
        }
        return outputs.get(0).track();
    }

    void detachViewer(WhepViewer viewer) {
        synchronized (viewers) {
            viewers.remove(viewer);
        }
    }

    /** The live WHEP viewer with this id, or null. */
    WhepViewer viewer(String viewerId) {
        synchronized (viewers) {
            for (WhepViewer v : viewers) {
                if (v.id().equals(viewerId)) {
                    return v;
                }
            }
        }
        return null;
    }

    int viewerCount() {
        synchronized (viewers) {
            return viewers.size();
        }
    }

    /**
     * A parameters message from outside the data channel (HTTP, OSC): validated and applied like one from the
     * channel; the client is told the new values with {@code parameters_updated}, as Scope does for REST updates.
     *
     * @throws SessionNotFoundException the stream has stopped
     */
    void updateParameters(JsonNode message) throws ValidationException {
        Stream s = stream;
        if (s == null || stopSent.get() || isClosed()) {
            throw new scope.webrtc.SessionNotFoundException(id);
        }
        s.update(message);
        @SuppressWarnings("unchecked")
        Map<String, Object> values = ChannelMessages.JSON.convertValue(message, Map.class);
        channel.send(ChannelMessages.parametersUpdated(values));
    }

    SessionInfo info() {
        long received = inbound.isEmpty() ? 0 : inbound.get(0).framesReceived();
        long errors = inbound.stream().mapToLong(InboundVideo::errors).sum();
        Stream s = stream;
        OutboundVideo out = outputs.isEmpty() ? null : outputs.get(0);
        return new SessionInfo(id, state.name().toLowerCase(Locale.ROOT), mode(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNanos), ttffMillis,
                out == null ? 0 : out.framesSent(), received, errors,
                s == null || stopSent.get() ? null : s.stats());
    }

    private void clientMessage(String text) {
        JsonNode message;
        try {
            message = ChannelMessages.JSON.readTree(text);
        } catch (Exception e) {
            LOG.warn("Session {}: data channel message is not JSON: {}", id, e.getMessage());
            channel.send(ChannelMessages.error("message is not valid JSON: " + e.getMessage(), List.of()));
            return;
        }
        if (message == null || !message.isObject()) {
            channel.send(ChannelMessages.error("message must be a JSON object", List.of()));
            return;
        }
        Stream s = stream;
        if (s == null || stopSent.get()) {
            return;
        }
        try {
            s.update(message);
        } catch (ValidationException e) {
            LOG.info("Session {}: rejected parameters: {}", id, e.getMessage());
            channel.send(ChannelMessages.error(e.getMessage(), e.errors()));
        } catch (RuntimeException e) {
            LOG.warn("Session {}: parameters update failed", id, e);
            channel.send(ChannelMessages.error(String.valueOf(e.getMessage()), List.of()));
        }
    }

    private void firstFrameSent(long nanos) {
        ttffMillis = (nanos - createdNanos) / 1e6;
        LOG.info("First frame sent, playback ready (session={}, mode={}, ttff={}ms)", id, mode(),
                Math.round(ttffMillis));
    }

    private void outputEnded(String errorMessage) {
        if (errorMessage != null) {
            streamFailed(errorMessage);
        }
    }

    /** The stream ended by itself or was ended: tell the client once, then close after the linger. */
    private void streamEnded(String errorMessage) {
        if (stopSent.compareAndSet(false, true)) {
            channel.send(ChannelMessages.streamStopped(errorMessage));
            if (!closing.get()) {
                LOG.info("Session {}: stream stopped{}", id, errorMessage == null ? "" : ": " + errorMessage);
                serial.schedule(this::close, settings.stoppedLinger().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * The server ends this session (the signalling service stops): the client hears {@code stream_stopped} with the
     * cause, unless the stream had already stopped; the caller closes the session after {@link #awaitStopDelivered}.
     */
    void stopBeforeClose(String cause) {
        if (stopSent.compareAndSet(false, true)) {
            LOG.info("Session {}: stopping: {}", id, cause);
            channel.send(ChannelMessages.streamStopped(cause));
        }
    }

    /** Waits, at most until the deadline, for what was sent on the data channel to leave it. */
    void awaitStopDelivered(long deadlineNanos) throws InterruptedException {
        channel.awaitDrained(deadlineNanos);
    }

    /** A failure on the transport side: report it with the message, then close the stream. */
    private void streamFailed(String errorMessage) {
        streamEnded(errorMessage);
        serial.execute(() -> {
            Stream s = stream;
            if (s != null) {
                s.close();
            }
        });
    }

    /** The local address media flows from once connected (for tests and logs), or null before. */
    String mediaPath() {
        return mediaPath;
    }

    /**
     * libwebrtc may connect through any interface it gathered on (webrtc-java 0.14 cannot restrict that), e.g. after
     * learning a peer-reflexive address from a check sent from another local socket. A session whose selected
     * candidate pair uses a local address the media rule does not allow is closed.
     */
    private void checkMediaPath() {
        RTCPeerConnection connection = pc;
        if (connection == null || closing.get()) {
            return;
        }
        connection.getStats(report -> {
            Map<String, RTCStats> all = report.getStats();
            for (RTCStats transport : all.values()) {
                if (transport.getType() != RTCStatsType.TRANSPORT) {
                    continue;
                }
                RTCStats pair = all.get(String.valueOf(transport.getAttributes().get("selectedCandidatePairId")));
                RTCStats local = pair == null ? null
                        : all.get(String.valueOf(pair.getAttributes().get("localCandidateId")));
                if (local == null) {
                    continue;
                }
                Map<String, Object> a = local.getAttributes();
                String type = String.valueOf(a.get("candidateType"));
                String address = String.valueOf(a.getOrDefault("address", a.get("ip")));
                String related = a.get("relatedAddress") == null ? null : String.valueOf(a.get("relatedAddress"));
                mediaPath = address;
                if (settings.media().allowsLocal(type, address, related)) {
                    LOG.info("Session {}: media flows from {} ({})", id, address, type);
                } else {
                    LOG.warn("Session {}: connected from {} ({}), which is not a media address ({}); closing", id,
                            address, type, settings.media().describe());
                    close();
                }
                return;
            }
            LOG.debug("Session {}: no selected candidate pair in the statistics", id);
        });
    }

    private void requestStartKeyframes() {
        RTCPeerConnection connection = pc;
        if (connection == null || closing.get()) {
            return;
        }
        for (InboundVideo in : inbound) {
            keyframes.request(connection, in.receiver(), in.index(), "session start");
        }
    }

    /**
     * Ends the session (idempotent). The teardown runs on the serial executor.
     *
     * @return completes when every resource is released
     */
    CompletableFuture<Void> close() {
        if (closing.compareAndSet(false, true)) {
            try {
                serial.execute(this::teardown);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                teardown();
            }
        }
        return closedFuture;
    }

    private void awaitClosed(CompletableFuture<Void> done) {
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Session {}: teardown did not finish: {}", id, e.toString());
        }
    }

    private void sendStats() {
        Stream s = stream;
        if (s != null && !stopSent.get() && !isClosed()) {
            channel.send(ChannelMessages.stats(s.stats(), ttffMillis));
        }
    }

    private void teardown() {
        try {
            java.util.concurrent.ScheduledFuture<?> task = statsTask;
            if (task != null) {
                task.cancel(false);
            }
            for (java.util.concurrent.ScheduledFuture<?> timer : timers) {
                timer.cancel(false);
            }
            timers.clear();
            ended.accept(this);
            List<WhepViewer> watching;
            synchronized (viewers) {
                viewersClosed = true;
                watching = List.copyOf(viewers);
            }
            for (WhepViewer v : watching) {
                v.closeNow(); // on this executor, so before the output track below is disposed
            }
            Stream s = stream;
            if (s != null) {
                s.close();
            }
            for (OutboundVideo out : outputs) {
                out.stop();
            }
            for (InboundVideo in : inbound) {
                in.stop();
            }
            channel.release();
            RTCPeerConnection connection = pc;
            for (OutboundVideo out : outputs) {
                out.detach(connection);
            }
            if (connection != null) {
                synchronized (peerCalls) {
                    peerClosed = true;
                    connection.close();
                }
            }
            for (OutboundVideo out : outputs) {
                out.dispose();
            }
            peerEvents.detach();
            LOG.info("Session {} closed: {} frames sent, {} received, {} input errors", id,
                    outputs.stream().map(OutboundVideo::framesSent).toList(),
                    inbound.isEmpty() ? 0 : inbound.get(0).framesReceived(),
                    inbound.stream().mapToLong(InboundVideo::errors).sum());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.warn("Session {}: teardown error", id, e);
        } finally {
            closedFuture.complete(null);
        }
    }

    /** Stream events, forwarded to the client. */
    private final class Events implements StreamListener {
        @Override
        public void parametersUpdated(Map<String, Object> parameters) {
            channel.send(ChannelMessages.parametersUpdated(parameters));
        }

        @Override
        public void notice(Map<String, Object> message) {
            channel.send(ChannelMessages.JSON.valueToTree(message)); // e.g. the recorder's recording_stopped
        }

        @Override
        public void streamStopped(String errorMessage) {
            streamEnded(errorMessage);
        }
    }

    /** Input loop results. */
    private final class Input implements InboundVideo.Listener {
        private final AtomicBoolean extraLogged = new AtomicBoolean();

        @Override
        public void frame(int trackIndex, Frame frame) {
            if (trackIndex == 0) {
                stream.pushInput(frame);
            } else if (extraLogged.compareAndSet(false, true)) {
                LOG.info("Session {}: the stream has one input; inbound video track {} is received but not used",
                        id, trackIndex);
            }
        }

        @Override
        public void firstFrame(int trackIndex) {
            LOG.info("Session {}: first input frame on track {} after {} ms", id, trackIndex,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNanos));
        }

        @Override
        public void keyframeWanted(int trackIndex, String reason) {
            RTCPeerConnection connection = pc;
            if (connection != null && !closing.get()) {
                keyframes.request(connection, inbound.get(trackIndex).receiver(), trackIndex, reason);
            }
        }

        @Override
        public void gaveUp(int trackIndex, String errorMessage) {
            streamFailed(errorMessage);
        }
    }

    /** Peer connection events; called on libwebrtc's signalling thread, so nothing here blocks. */
    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            // non-trickle answers: candidates go out inside the answer SDP
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState gatheringState) {
            if (gatheringState == RTCIceGatheringState.COMPLETE) {
                gathered.complete(null);
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState newState) {
            state = newState;
            LOG.debug("Session {}: connection {}", id, newState);
            if (newState == RTCPeerConnectionState.CONNECTED && connectedOnce.compareAndSet(false, true)) {
                serial.execute(Session.this::requestStartKeyframes);
                serial.execute(Session.this::checkMediaPath);
            } else if (newState == RTCPeerConnectionState.DISCONNECTED && !closing.get()) {
                timers.add(serial.schedule(() -> closeUnlessConnected("did not reconnect"),
                        settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS));
            } else if (newState == RTCPeerConnectionState.FAILED || newState == RTCPeerConnectionState.CLOSED) {
                LOG.info("Session {}: connection {}", id, newState.name().toLowerCase(Locale.ROOT));
                close();
            }
        }

        @Override
        public void onDataChannel(RTCDataChannel dataChannel) {
            if (ParametersChannel.LABEL.equals(dataChannel.getLabel())) {
                channel.adopt(dataChannel);
            } else {
                LOG.info("Session {}: closing data channel '{}' (unused)", id, dataChannel.getLabel());
                UnusedDataChannels.closeLater(dataChannel, serial, "Session " + id);
            }
        }
    }
}
