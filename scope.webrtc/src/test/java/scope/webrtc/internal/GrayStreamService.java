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
 * 30 fps. Rejects {@code noise_scale} outside 0..1 like the real schema would. With a {@code graph} naming several
 * sinks it has one output per sink, as a forked graph does: output 0 gray, the others the input unchanged (text
 * mode: a generated colour).
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
        java.util.List<String> sinks = new java.util.ArrayList<>();
        for (JsonNode n : initialParameters == null ? List.<JsonNode>of()
                : (Iterable<JsonNode>) initialParameters.path("graph").path("nodes")::elements) {
            if ("sink".equals(n.path("type").asText())) {
                sinks.add(n.path("id").asText());
            }
        }
        GrayStream s = new GrayStream(text, listener, sinks);
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
        private final List<String> sinks;
        private final List<LinkedBlockingDeque<Frame>> outs = new CopyOnWriteArrayList<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicLong framesIn = new AtomicLong();
        private final AtomicLong framesOut = new AtomicLong();
        private final List<JsonNode> updates = new CopyOnWriteArrayList<>();
        private volatile Frame lastInput;

        GrayStream(boolean textMode, StreamListener listener, List<String> sinks) {
            this.textMode = textMode;
            this.listener = listener;
            this.sinks = List.copyOf(sinks);
            for (int i = 0; i < Math.max(1, sinks.size()); i++) {
                outs.add(new LinkedBlockingDeque<>());
            }
        }

        @Override
        public int outputCount() {
            return outs.size();
        }

        @Override
        public String sinkId(int output) {
            return sinks.isEmpty() ? null : sinks.get(output);
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
            for (int i = 0; i < outs.size(); i++) {
                LinkedBlockingDeque<Frame> out = outs.get(i);
                if (out.size() > 4) {
                    out.pollFirst();
                }
                out.addLast(i == 0 ? new Frame(frame.width(), frame.height(), gray, frame.timestampNanos()) : frame);
            }
        }

        @Override
        public Frame nextOutput() throws InterruptedException {
            return nextOutput(0);
        }

        @Override
        public Frame nextOutput(int output) throws InterruptedException {
            while (!stopped.get()) {
                Frame f;
                if (textMode) {
                    TimeUnit.MILLISECONDS.sleep(33);
                    byte[] rgb = new byte[64 * 48 * 3];
                    java.util.Arrays.fill(rgb, (byte) 120);
                    for (int i = 0; output > 0 && i < rgb.length; i += 3) {
                        rgb[i] = (byte) 200; // a colour on the other sinks
                    }
                    f = new Frame(64, 48, rgb);
                } else {
                    f = outs.get(output).pollFirst(50, TimeUnit.MILLISECONDS);
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
