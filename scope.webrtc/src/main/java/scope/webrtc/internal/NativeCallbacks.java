package scope.webrtc.internal;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects handed to libwebrtc as observers and sinks: forwarders that can be cut loose.
 *
 * <p>Why: webrtc-java 0.14.0 keeps a JNI global reference to every peer connection observer, data channel observer
 * and video sink it is given, also after {@code close()}, {@code unregisterObserver()} and {@code removeSink()}
 * (upstream issue 146; fixed in its pull request 283, which no release contains yet). Whatever such an object reaches
 * stays alive for the life of the process. A session's own observers reach the whole session - its stream, queues
 * and frames, about 1 MB - so every connection leaked that much. These forwarders reach their target only until
 * {@code detach()}; after that libwebrtc keeps a few empty bytes and the session is garbage.
 *
 * <p>They also keep exceptions in: webrtc-java rethrows a Java exception that leaves a callback as a C++ exception
 * on libwebrtc's thread, which aborts the JVM (exit 134). What a client does must never do that, so an exception
 * from a target is logged here and goes no further.
 */
final class NativeCallbacks {
    private static final Logger LOG = LoggerFactory.getLogger(NativeCallbacks.class);

    private NativeCallbacks() {
    }

    private static void contained(Throwable e) {
        LOG.warn("A libwebrtc callback failed; kept from libwebrtc's thread", e);
    }

    /** A peer connection observer forwarding the events a session uses. */
    static final class PeerEvents implements PeerConnectionObserver {
        private volatile PeerConnectionObserver target;

        PeerEvents(PeerConnectionObserver target) {
            this.target = target;
        }

        void detach() {
            target = null;
        }

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            PeerConnectionObserver t = target;
            if (t != null) {
                try {
                    t.onIceCandidate(candidate);
                } catch (RuntimeException | Error e) {
                    contained(e);
                }
            }
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            PeerConnectionObserver t = target;
            if (t != null) {
                try {
                    t.onIceGatheringChange(state);
                } catch (RuntimeException | Error e) {
                    contained(e);
                }
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            PeerConnectionObserver t = target;
            if (t != null) {
                try {
                    t.onConnectionChange(state);
                } catch (RuntimeException | Error e) {
                    contained(e);
                }
            }
        }

        @Override
        public void onDataChannel(RTCDataChannel channel) {
            PeerConnectionObserver t = target;
            if (t != null) {
                try {
                    t.onDataChannel(channel);
                } catch (RuntimeException | Error e) {
                    contained(e);
                }
            }
        }
    }

    /** A data channel observer. */
    static final class ChannelEvents implements RTCDataChannelObserver {
        private volatile RTCDataChannelObserver target;

        ChannelEvents(RTCDataChannelObserver target) {
            this.target = target;
        }

        void detach() {
            target = null;
        }

        @Override
        public void onBufferedAmountChange(long previousAmount) {
            RTCDataChannelObserver t = target;
            if (t != null) {
                try {
                    t.onBufferedAmountChange(previousAmount);
                } catch (RuntimeException | Error e) {
                    contained(e);
                }
            }
        }

        @Override
        public void onStateChange() {
            RTCDataChannelObserver t = target;
            if (t != null) {
                try {
                    t.onStateChange();
                } catch (RuntimeException | Error e) {
                    contained(e);
                }
            }
        }

        @Override
        public void onMessage(RTCDataChannelBuffer buffer) {
            RTCDataChannelObserver t = target;
            if (t != null) {
                try {
                    t.onMessage(buffer);
                } catch (RuntimeException | Error e) {
                    contained(e);
                }
            }
        }
    }

    /** A video sink; frames that arrive after the detach are released here, since nobody else will. */
    static final class FrameSink implements VideoTrackSink {
        private volatile VideoTrackSink target;

        FrameSink(VideoTrackSink target) {
            this.target = target;
        }

        void detach() {
            target = null;
        }

        @Override
        public void onVideoFrame(VideoFrame frame) {
            VideoTrackSink t = target;
            if (t != null) {
                try {
                    t.onVideoFrame(frame);
                } catch (RuntimeException | Error e) {
                    contained(e);
                }
            } else {
                frame.release();
            }
        }
    }
}
