package scope.webrtc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import scope.api.Frame;
import scope.runtime.schema.ValidationException;
import scope.runtime.stream.Stream;
import scope.runtime.stream.StreamListener;
import scope.runtime.stream.StreamService;
import scope.runtime.stream.StreamStats;

/**
 * A stand-in for the frame chain: video mode turns every input frame gray, text mode generates gray frames at about
 * 30 fps. Rejects {@code noise_scale} outside 0..1 like the real schema would.
 */
public final class GrayStreamService implements StreamService {
    public static final String NOT_LOADED = "Pipeline not loaded. Please load pipeline first.";

    private final List<GrayStream> opened = new CopyOnWriteArrayList<>();
    private volatile boolean loaded = true;
    private volatile Map<String, Object> greeting;

    public void setLoaded(boolean loaded) {
        this.loaded = loaded;
    }

    /** Makes every new stream report these parameters at once, before any data channel can be open. */
    public void greetWith(Map<String, Object> parameters) {
        this.greeting = parameters;
    }

    public List<GrayStream> opened() {
        return opened;
    }

    public GrayStream last() {
        return opened.get(opened.size() - 1);
    }

    @Override
    public Stream open(JsonNode initialParameters, StreamListener listener) throws ValidationException {
        if (!loaded) {
            throw new IllegalStateException(NOT_LOADED);
        }
        boolean text = initialParameters != null && "text".equals(initialParameters.path("input_mode").asText());
        GrayStream s = new GrayStream(text, listener);
        opened.add(s);
        Map<String, Object> g = greeting;
        if (g != null) {
            listener.parametersUpdated(g);
        }
        return s;
    }

    /** One fake stream. */
    public static final class GrayStream implements Stream {
        private final boolean textMode;
        private final StreamListener listener;
        private final LinkedBlockingDeque<Frame> out = new LinkedBlockingDeque<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicLong framesIn = new AtomicLong();
        private final AtomicLong framesOut = new AtomicLong();
        private final List<JsonNode> updates = new CopyOnWriteArrayList<>();
        private volatile Frame lastInput;

        GrayStream(boolean textMode, StreamListener listener) {
            this.textMode = textMode;
            this.listener = listener;
        }

        @Override
        public String id() {
            return "gray";
        }

        @Override
        public void pushInput(Frame frame) {
            if (stopped.get()) {
                return;
            }
            framesIn.incrementAndGet();
            lastInput = frame;
            byte[] rgb = frame.rgb();
            byte[] gray = new byte[rgb.length];
            for (int i = 0; i < rgb.length; i += 3) {
                int y = ((rgb[i] & 255) * 77 + (rgb[i + 1] & 255) * 150 + (rgb[i + 2] & 255) * 29) >> 8;
                gray[i] = gray[i + 1] = gray[i + 2] = (byte) y;
            }
            if (out.size() > 4) {
                out.pollFirst();
            }
            out.addLast(new Frame(frame.width(), frame.height(), gray, frame.timestampNanos()));
        }

        @Override
        public Frame nextOutput() throws InterruptedException {
            while (!stopped.get()) {
                Frame f;
                if (textMode) {
                    TimeUnit.MILLISECONDS.sleep(33);
                    byte[] gray = new byte[64 * 48 * 3];
                    java.util.Arrays.fill(gray, (byte) 120);
                    f = new Frame(64, 48, gray);
                } else {
                    f = out.pollFirst(50, TimeUnit.MILLISECONDS);
                }
                if (f != null && !stopped.get()) {
                    framesOut.incrementAndGet();
                    return f;
                }
            }
            return null;
        }

        @Override
        public void update(JsonNode message) throws ValidationException {
            JsonNode noise = message.get("noise_scale");
            if (noise != null && (!noise.isNumber() || noise.asDouble() < 0 || noise.asDouble() > 1)) {
                throw new ValidationException("noise_scale", "must be between 0.0 and 1.0");
            }
            updates.add(message);
        }

        @Override
        public StreamStats stats() {
            return new StreamStats(framesIn.get(), framesOut.get(), 0, 0, -1, -1, -1, false, 0, -1);
        }

        /** Ends the stream with an error, as a failing pipeline would. */
        public void fail(String message) {
            if (stopped.compareAndSet(false, true)) {
                listener.streamStopped(message);
            }
        }

        @Override
        public void close() {
            if (stopped.compareAndSet(false, true)) {
                listener.streamStopped(null);
            }
        }

        public boolean isStopped() {
            return stopped.get();
        }

        public List<JsonNode> updates() {
            return updates;
        }

        public Frame lastInput() {
            return lastInput;
        }

        public long framesIn() {
            return framesIn.get();
        }
    }
}
