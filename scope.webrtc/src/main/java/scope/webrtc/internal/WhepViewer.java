package scope.webrtc.internal;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WHEP viewer: a peer connection of its own that sends a session's output track (the same track object, so
 * libwebrtc encodes the frames once more for this connection while the session's own client keeps its encoder and
 * its frames). It has no stream, no data channel and receives nothing.
 *
 * <p>It ends on {@code DELETE}, when its connection closes or fails, when it does not connect in time, and with its
 * session (whose teardown calls {@link #closeNow()} before it disposes the track). Teardown takes the track off
 * the sender before the connection closes, so the session can still dispose it.
 */
final class WhepViewer {
    private static final Logger LOG = LoggerFactory.getLogger(WhepViewer.class);

    private final String id;
    private final String sessionId;
    private final PeerConnectionFactory factory;
    private final SignalingSettings settings;
    private final ScheduledExecutorService serial;
    private final Consumer<WhepViewer> ended;
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final NativeCallbacks.PeerEvents peerEvents = new NativeCallbacks.PeerEvents(new Observer());
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean connectedOnce = new AtomicBoolean();
    /** Held by negotiation and teardown, so a teardown never closes a connection halfway through its answer. */
    private final Object peerCalls = new Object();
    private RTCPeerConnection pc;
    private String mid;
    private volatile RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
    private volatile ScheduledFuture<?> connectTimer;

    WhepViewer(String id, String sessionId, PeerConnectionFactory factory, SignalingSettings settings,
            ScheduledExecutorService serial, Consumer<WhepViewer> ended) {
        this.id = id;
        this.sessionId = sessionId;
        this.factory = factory;
        this.settings = settings;
        this.serial = serial;
        this.ended = ended;
    }

    String id() {
        return id;
    }

    boolean isClosed() {
        return closing.get();
    }

    /**
     * Answers the viewer's offer with {@code track} on its first video section that receives.
     *
     * @return the complete answer SDP
     * @throws IllegalArgumentException the offer has no usable receiving video section or libwebrtc rejects it
     */
    String negotiate(String offerSdp, VideoTrack track) throws InterruptedException {
        try {
            synchronized (peerCalls) {
                if (closing.get()) {
                    throw new scope.webrtc.SessionNotFoundException(sessionId);
                }
                pc = factory.createPeerConnection(Session.configuration(settings), peerEvents);
                if (pc == null) {
                    throw new NegotiationException("libwebrtc could not create a peer connection");
                }
                try {
                    String remote = settings.media().ignoresRemoteCandidates()
                            ? MediaAddresses.withoutCandidates(offerSdp) : offerSdp;
                    PeerCalls.setRemoteDescription(pc, new RTCSessionDescription(RTCSdpType.OFFER, remote));
                } catch (PeerCalls.DescriptionRejected e) {
                    throw new IllegalArgumentException("sdp: rejected by the WebRTC stack: " + e.getMessage());
                }
                attach(OfferedMedia.parse(offerSdp), track);
                PeerCalls.setLocalDescription(pc, PeerCalls.createAnswer(pc));
                if (OfferedMedia.rejectedMids(pc.getLocalDescription().sdp).contains(mid)
                        || LiveTransceivers.find(pc, mid) == null) {
                    mid = null; // never touch a rejected sender again (see OutboundVideo.forget)
                    throw new IllegalArgumentException("sdp: the video section that would carry the output was "
                            + "rejected by the WebRTC stack");
                }
                if (!PeerCalls.awaitGathering(pc, gathered, settings.iceGatheringTimeout())) {
                    LOG.info("WHEP viewer {}: ICE gathering not complete after {} ms; answering with the candidates"
                            + " found", id, settings.iceGatheringTimeout().toMillis());
                }
                String answer;
                try {
                    answer = settings.media().filterAnswer(pc.getLocalDescription().sdp);
                } catch (IllegalStateException e) {
                    throw new NegotiationException(e.getMessage(), e);
                }
                connectTimer = serial.schedule(this::closeUnlessEverConnected, settings.connectTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
                LOG.info("WHEP viewer {} of session {} created", id, sessionId);
                return answer;
            }
        } catch (RuntimeException | Error | InterruptedException e) {
            try {
                close().get(10, TimeUnit.SECONDS);
            } catch (Exception waited) {
                LOG.warn("WHEP viewer {}: teardown did not finish: {}", id, waited.toString());
            }
            throw e;
        }
    }

    // The output goes on the first video section the viewer receives on; everything else is inactive (the server
    // sends no audio and takes nothing from a viewer).
    private void attach(List<OfferedMedia> media, VideoTrack track) {
        RTCRtpTransceiver[] transceivers = pc.getTransceivers();
        for (int i = 0; i < transceivers.length; i++) {
            RTCRtpTransceiver t = transceivers[i];
            if (t.stopped()) {
                continue;
            }
            OfferedMedia m = find(media, t.getMid(), i);
            if (mid == null && m != null && "video".equals(m.kind()) && m.clientReceives()) {
                VideoCodecs.preferVp8(factory, t);
                t.getSender().replaceTrack(track);
                t.getSender().setStreams(List.of("scope-" + sessionId));
                t.setDirection(RTCRtpTransceiverDirection.SEND_ONLY);
                mid = t.getMid();
            } else {
                t.setDirection(RTCRtpTransceiverDirection.INACTIVE);
            }
        }
        if (mid == null) {
            throw new IllegalArgumentException("sdp: a WHEP offer needs a video section that receives (direction "
                    + "recvonly or sendrecv)");
        }
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

    private void closeUnlessEverConnected() {
        if (!connectedOnce.get() && !closing.get()) {
            LOG.info("WHEP viewer {}: did not connect within {} ms (connection {}); closing", id,
                    settings.connectTimeout().toMillis(), state.name().toLowerCase(Locale.ROOT));
            close();
        }
    }

    /** Ends the viewer (idempotent); the teardown runs on the serial executor. */
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

    /** Ends the viewer now, on the calling thread: the session's teardown, which must dispose the track after. */
    void closeNow() {
        if (closing.compareAndSet(false, true)) {
            teardown();
        } else {
            try {
                closedFuture.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("WHEP viewer {}: teardown did not finish: {}", id, e.toString());
            }
        }
    }

    private void teardown() {
        try {
            ScheduledFuture<?> timer = connectTimer;
            if (timer != null) {
                timer.cancel(false);
            }
            synchronized (peerCalls) {
                RTCPeerConnection connection = pc;
                if (connection != null) {
                    String attachedMid = mid;
                    mid = null;
                    RTCRtpTransceiver live = attachedMid == null ? null : LiveTransceivers.find(connection, attachedMid);
                    if (live != null) {
                        try {
                            live.getSender().replaceTrack(null);
                        } catch (RuntimeException | Error e) {
                            LOG.debug("WHEP viewer {}: detaching the track: {}", id, e.toString());
                        }
                    }
                    connection.close();
                }
                pc = null;
            }
            peerEvents.detach();
            LOG.info("WHEP viewer {} of session {} closed", id, sessionId);
        } catch (RuntimeException | Error e) {
            LOG.warn("WHEP viewer {}: teardown error", id, e);
        } finally {
            ended.accept(this);
            closedFuture.complete(null);
        }
    }

    /** Peer connection events, on libwebrtc's signalling thread: nothing here blocks. */
    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            // non-trickle: the candidates go out in the answer
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
            if (newState == RTCPeerConnectionState.CONNECTED) {
                connectedOnce.set(true);
            } else if (newState == RTCPeerConnectionState.FAILED || newState == RTCPeerConnectionState.CLOSED) {
                LOG.info("WHEP viewer {}: connection {}", id, newState.name().toLowerCase(Locale.ROOT));
                close();
            }
        }

        @Override
        public void onDataChannel(RTCDataChannel dataChannel) {
            // a viewer has no use for one (not closed here: see UnusedDataChannels)
            LOG.debug("WHEP viewer {}: closing data channel '{}'", id, dataChannel.getLabel());
            UnusedDataChannels.closeLater(dataChannel, serial, "WHEP viewer " + id);
        }
    }
}
