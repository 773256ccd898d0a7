package scope.webrtc.internal;

import dev.onvoid.webrtc.RTCDataChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data channels a client opens that nothing here uses (a second {@code parameters} channel, any other label, any
 * channel on a WHEP viewer's connection): closed so the client sees them refused, off libwebrtc's callback thread.
 *
 * <p>Why not in {@code onDataChannel} itself: libwebrtc still holds its own reference to the channel during that
 * callback, so webrtc-java's {@code dispose()} throws there ("a reference is still around"), and a Java exception
 * that leaves a callback is rethrown by webrtc-java as a C++ exception on libwebrtc's thread, which aborts the whole
 * JVM. On the session's serial executor the callback has returned, and dispose drops the last reference.
 */
final class UnusedDataChannels {
    private static final Logger LOG = LoggerFactory.getLogger(UnusedDataChannels.class);

    private UnusedDataChannels() {
    }

    /** Closes and disposes the channel on {@code serial}; once that has stopped, it goes with its connection. */
    static void closeLater(RTCDataChannel channel, Executor serial, String owner) {
        try {
            serial.execute(() -> {
                try {
                    channel.close();
                    channel.dispose();
                } catch (RuntimeException | Error e) {
                    LOG.debug("{}: closing an unused data channel: {}", owner, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: service stopping; the unused data channel goes with the connection", owner);
        }
    }
}
