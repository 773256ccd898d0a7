package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An exception from a callback target must not reach libwebrtc's thread (webrtc-java would abort the JVM). */
class NativeCallbacksTest {
    @Test
    void exceptionsFromTargetsStayInTheForwarders() {
        AtomicInteger calls = new AtomicInteger();
        RTCDataChannelObserver failingChannel = new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
                calls.incrementAndGet();
                throw new IllegalStateException("buffered");
            }

            @Override
            public void onStateChange() {
                calls.incrementAndGet();
                throw new RejectedExecutionException("executor stopped"); // a late event after the service stopped
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                calls.incrementAndGet();
                throw new Error("Native object was not deleted"); // what dispose() throws inside a callback
            }
        };
        NativeCallbacks.ChannelEvents channel = new NativeCallbacks.ChannelEvents(failingChannel);
        assertDoesNotThrow(() -> channel.onBufferedAmountChange(0));
        assertDoesNotThrow(channel::onStateChange);
        assertDoesNotThrow(() -> channel.onMessage(new RTCDataChannelBuffer(ByteBuffer.allocate(1), false)));

        PeerConnectionObserver failingPeer = new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                calls.incrementAndGet();
                throw new NullPointerException();
            }

            @Override
            public void onConnectionChange(RTCPeerConnectionState state) {
                calls.incrementAndGet();
                throw new Error("closed");
            }
        };
        NativeCallbacks.PeerEvents peer = new NativeCallbacks.PeerEvents(failingPeer);
        assertDoesNotThrow(() -> peer.onIceCandidate(null));
        assertDoesNotThrow(() -> peer.onConnectionChange(RTCPeerConnectionState.FAILED));
        assertEquals(5, calls.get(), "every event reached its target");
    }
}
