package scope.webrtc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-created {@code parameters} data channel of one session. Messages sent before the client's channel
 * has arrived and opened are queued and flushed, in order, when it opens. Incoming text is decoded and handed on
 * as raw strings; interpreting them is the session's business.
 *
 * <p>libwebrtc calls the observer on its own threads, which must never wait for a lock that a thread blocked in a
 * native send may hold; so every callback is handed to the session's serial executor and handled there.
 */
final class ParametersChannel implements RTCDataChannelObserver {
    static final String LABEL = "parameters";
    private static final Logger LOG = LoggerFactory.getLogger(ParametersChannel.class);
    /** Bounds the queue of a client that never opens its channel. */
    private static final int MAX_PENDING = 256;

    private final String sessionId;
    private final Consumer<String> onMessage;
    /** What libwebrtc holds on to instead of this channel (see {@link NativeCallbacks}). */
    private final NativeCallbacks.ChannelEvents events = new NativeCallbacks.ChannelEvents(this);
    private final Runnable onClosed;
    private final Executor serial;
    private final Deque<String> pending = new ArrayDeque<>();
    // Lock order: sendLock, then this. Native calls are made holding at most sendLock, never this, so a libwebrtc
    // callback that needs this can always get it.
    private final Object sendLock = new Object();
    private RTCDataChannel channel;
    private boolean open;
    private boolean wasOpen;
    private boolean released;

    ParametersChannel(String sessionId, Executor serial, Consumer<String> onMessage, Runnable onClosed) {
        this.sessionId = sessionId;
        this.serial = serial;
        this.onMessage = onMessage;
        this.onClosed = onClosed;
    }

    /** Takes over the client's channel; a second {@code parameters} channel is refused. */
    void adopt(RTCDataChannel candidate) {
        boolean taken;
        synchronized (this) {
            taken = channel == null && !released;
            if (taken) {
                channel = candidate;
            }
        }
        if (!taken) {
            LOG.warn("Session {}: closing an extra '{}' data channel", sessionId, candidate.getLabel());
            // called inside libwebrtc's onDataChannel, where disposing aborts the JVM: see UnusedDataChannels
            UnusedDataChannels.closeLater(candidate, serial, "Session " + sessionId);
            return;
        }
        candidate.registerObserver(events);
        LOG.debug("Session {}: adopted data channel '{}'", sessionId, LABEL);
        serial.execute(this::handleState);
    }

    /** Sends now when open, else queues until the channel opens. */
    void send(JsonNode message) {
        String text = message.toString();
        synchronized (sendLock) {
            RTCDataChannel target;
            synchronized (this) {
                if (released) {
                    return;
                }
                if (!open) {
                    if (pending.size() == MAX_PENDING) {
                        pending.removeFirst();
                    }
                    pending.addLast(text);
                    return;
                }
                target = channel;
            }
            transmit(target, text);
        }
    }

    synchronized boolean isOpen() {
        return open;
    }

    /**
     * Waits until libwebrtc has handed everything sent to the transport (buffered amount 0), the channel is not open,
     * or the deadline passes: a last message is not lost to a teardown that follows at once.
     *
     * @return whether the channel drained
     */
    boolean awaitDrained(long deadlineNanos) throws InterruptedException {
        while (true) {
            synchronized (sendLock) {
                RTCDataChannel ch;
                synchronized (this) {
                    if (released || !open) {
                        return false;
                    }
                    ch = channel;
                }
                try {
                    if (ch.getBufferedAmount() == 0) {
                        return true;
                    }
                } catch (RuntimeException | Error e) {
                    return false;
                }
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void onStateChange() {
        serial.execute(this::handleState);
    }

    private void handleState() {
        RTCDataChannel ch;
        synchronized (this) {
            ch = channel;
        }
        if (ch == null) {
            return;
        }
        RTCDataChannelState state = ch.getState();
        if (state == RTCDataChannelState.OPEN) {
            flushOnOpen();
            return;
        }
        boolean closedAfterOpen;
        synchronized (this) {
            open = false;
            closedAfterOpen = state == RTCDataChannelState.CLOSED && wasOpen && !released;
        }
        if (closedAfterOpen) {
            onClosed.run();
        }
    }

    @Override
    public void onMessage(RTCDataChannelBuffer buffer) {
        ByteBuffer data = buffer.data;
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        serial.execute(() -> onMessage.accept(text));
    }

    @Override
    public void onBufferedAmountChange(long previousAmount) {
        // not needed: messages are small and rare
    }

    /** Unregisters, closes and disposes the channel; later sends are dropped. Idempotent. */
    void release() {
        RTCDataChannel ch;
        synchronized (sendLock) {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
                open = false;
                pending.clear();
                ch = channel;
                channel = null;
            }
        }
        if (ch != null) {
            try {
                ch.unregisterObserver();
                ch.close();
                ch.dispose();
            } catch (RuntimeException | Error e) {
                LOG.debug("Session {}: data channel release: {}", sessionId, e.toString());
            }
        }
        events.detach();
    }

    // Queued messages go first, so the open flag is set only once the queue is empty (under sendLock, so no
    // concurrent send can overtake them).
    private void flushOnOpen() {
        synchronized (sendLock) {
            while (true) {
                RTCDataChannel target;
                String next;
                synchronized (this) {
                    if (released || open) {
                        return;
                    }
                    next = pending.pollFirst();
                    if (next == null) {
                        open = true;
                        wasOpen = true;
                        return;
                    }
                    target = channel;
                }
                transmit(target, next);
            }
        }
    }

    private void transmit(RTCDataChannel target, String text) {
        try {
            target.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
        } catch (Exception e) {
            LOG.warn("Session {}: could not send on the data channel: {}", sessionId, e.getMessage());
        }
    }
}
