package scope.test.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import scope.test.e2e.E2e;

/**
 * Browser -&gt; pipeline -&gt; browser round trip with the real server jar and headless Chromium, measured as a viewer
 * sees it: a 512x512 canvas at 30 fps carries a frame counter in pixels; the returned track plays in a
 * {@code <video>} and every presented frame ({@code requestVideoFrameCallback}) is matched with its draw time.
 * Prints, per round and over all rounds, p50/p95 of: draw -&gt; presented, draw -&gt; last packet in (network,
 * server included), the browser's jitter buffer delay, decode and processing time (getStats means over 100 ms
 * windows), last packet in -&gt; presented, and frames decoded vs presented; then the same for a reference stream
 * (the canvas track sent from one browser peer connection to another in the same page, one way, no server), so
 * the receiver's delays on our stream can be compared with those on a browser sender's. Must run inside a private
 * network namespace (libwebrtc ignores loopback): see README.md, Benchmarks, for the command.
 *
 * <p>Arguments: measuring seconds per stream (default 20), pipeline id (default {@code passthrough}, which takes 4
 * frames a call as Scope's does; {@code gray} takes 1), an optional stream {@code input_size} (passthrough with 1 has
 * no batching delay), and the number of rounds the seconds are split into (default 5). {@code -Dbench.reference=false}
 * skips the reference stream; {@code -Dbench.record=true} records the server stream to MP4 while it is measured.
 */
public final class WebRtcRoundTrip {
    private WebRtcRoundTrip() {
    }

    /** One round of one stream: per presented frame, and per 100 ms stats window. */
    record Round(List<JsonNode> frames, List<JsonNode> intervals, JsonNode delta, double presented, double drawn,
            double seconds) {
        List<Double> perFrame(ToDoubleFunction<JsonNode> f) {
            List<Double> v = new ArrayList<>();
            for (JsonNode n : frames) {
                double x = f.applyAsDouble(n);
                if (!Double.isNaN(x)) {
                    v.add(x);
                }
            }
            return v;
        }

        List<Double> perInterval(String field) {
            List<Double> v = new ArrayList<>();
            intervals.forEach(n -> v.add(n.get(field).asDouble()));
            return v;
        }
    }

    /** The breakdown's columns: name and how each round yields its samples. */
    private static final Map<String, java.util.function.Function<Round, List<Double>>> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("draw -> presented", r -> r.perFrame(f -> f.get("presentation").asDouble() - drawn(f)));
        COLUMNS.put("draw -> expected display", r -> r.perFrame(f -> f.get("expected").asDouble() - drawn(f)));
        COLUMNS.put("network (draw -> last packet in)", r -> r.perFrame(f -> at(f, "receive") - drawn(f)));
        COLUMNS.put("jitter buffer", r -> r.perInterval("jitterBuffer"));
        COLUMNS.put("decode", r -> r.perInterval("decode"));
        COLUMNS.put("processing (first packet -> decoded)", r -> r.perInterval("processing"));
        COLUMNS.put("presentation (last packet in -> presented)",
                r -> r.perFrame(f -> f.get("presentation").asDouble() - at(f, "receive")));
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        String pipeline = args.length > 1 ? args[1] : "passthrough";
        // optional input_size for the stream (passthrough honours it: 1 = no batching)
        String inputSize = args.length > 2 && !args[2].isBlank() ? args[2].trim() : null;
        int rounds = args.length > 3 && !args[3].isBlank() ? Integer.parseInt(args[3].trim()) : 5;
        boolean reference = Boolean.parseBoolean(System.getProperty("bench.reference", "true"));
        // -Dbench.record=true: the offer asks for recording (initialParameters.recording), so the output is encoded
        // to MP4 while it is measured
        boolean record = Boolean.parseBoolean(System.getProperty("bench.record", "false"));
        List<String> initialFields = new java.util.ArrayList<>();
        if (inputSize != null) {
            initialFields.add("input_size: " + Integer.parseInt(inputSize));
        }
        if (record) {
            initialFields.add("recording: true");
        }
        String initial = "{" + String.join(", ", initialFields) + "}";
        double roundSeconds = seconds / rounds;
        // the reference connects page to page by host candidates: show them as addresses, not mDNS names
        List<String> flags = List.of("--disable-features=WebRtcHideLocalIpsWithMdns");
        E2e.run("WebRtcRoundTrip", Map.of(), flags, e -> {
            String load0 = loadAverage();
            e.openUi(null);
            try (InputStream in = WebRtcRoundTrip.class.getResourceAsStream("/e2e/roundtrip.js")) {
                e.js(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            e.js("rt.watchServer()");
            e.js("rt.begin('server')"); // the start: from before the offer, so the first frames are in
            e.js("e2e.start({pipelines: [" + E2e.quote(pipeline) + "], track: rt.track, initial: " + initial + "})");
            e.waitFor("rt.read('server') > 0", 30, "a presented round-trip frame with a readable counter",
                    "JSON.stringify({read: rt.read('server'), rejected: rt.probes.server.rejected})");
            Thread.sleep((long) (START_SECONDS * 1000) + 500);
            Start start = start(e.js("rt.end('server')"));
            Thread.sleep(1000); // past the start: bitrate ramp, first keyframes

            double cpu0 = e.server.cpuSeconds();
            long t0 = System.nanoTime();
            List<Round> ours = rounds(e, "server", rounds, roundSeconds);
            double cpu1 = e.server.cpuSeconds();
            double wall = (System.nanoTime() - t0) / 1e9;
            e.js("e2e.stop()"); // the reference runs alone, on a machine no busier than ours did

            List<Round> ref = List.of();
            if (reference) {
                e.js("rt.startReference()");
                e.waitFor("rt.read('reference') > 30", 30, "presented reference frames with a readable counter",
                        "JSON.stringify({read: rt.read('reference'), rejected: rt.probes.reference.rejected})");
                Thread.sleep(3000);
                ref = rounds(e, "reference", rounds, roundSeconds);
                e.js("rt.stopReference()");
            }
            String load1 = loadAverage();

            System.out.println();
            System.out.printf("WebRTC round trip to presentation: Chromium canvas 512x512@30 -> %s%s -> Chromium "
                    + "<video>, %d rounds of %.0f s; load average %s at start, %s at end%n", pipeline,
                    (inputSize == null ? "" : " (input_size " + inputSize + ")") + (record ? ", recording" : ""), rounds, roundSeconds, load0, load1);
            System.out.printf("%nstart of the server stream (first %.0f s after its first presented frame): %d frames "
                    + "presented with a readable counter (%.1f fps; %d unreadable), draw -> presented %s ms (p50 / p95), "
                    + "%d dropped by the receiver, %d keyframes%n", START_SECONDS, start.frames(),
                    start.frames() / START_SECONDS, start.unreadable(), spread(start.latencies()), start.dropped(),
                    start.keyframes());
            print("server stream", ours);
            System.out.printf("server CPU: %.2f cores%n", (cpu1 - cpu0) / wall);
            if (record) {
                // what the recorder made of it while the rounds ran (frames it could not keep up with: dropped)
                System.out.println("recording: " + e.server.get("/api/v1/recordings").json().get("recordings"));
            }
            if (reference) {
                print("reference stream (browser peer -> browser peer, one way, no server)", ref);
                System.out.println();
                System.out.println("| all rounds, p50 / p95 ms | server stream | reference |");
                System.out.println("|---|---|---|");
                for (var c : COLUMNS.entrySet()) {
                    System.out.printf("| %s | %s | %s |%n", c.getKey(), spread(all(ours, c.getValue())),
                            spread(all(ref, c.getValue())));
                }
            }
        });
    }

    /** Seconds after the first presented frame that count as the stream's start. */
    private static final double START_SECONDS = 3;

    /** The first seconds of a stream: frames presented (readable ones), unreadable ones, their latencies. */
    record Start(int frames, long unreadable, List<Double> latencies, long dropped, long keyframes) {
    }

    private static Start start(JsonNode round) {
        List<Double> latencies = new ArrayList<>();
        double first = Double.NaN;
        for (JsonNode f : round.get("frames")) {
            double at = f.get("presentation").asDouble();
            if (Double.isNaN(first)) {
                first = at;
            }
            if (at - first <= START_SECONDS * 1000) {
                latencies.add(at - drawn(f));
            }
        }
        return new Start(latencies.size(), round.get("rejected").asLong(), latencies,
                round.at("/delta/framesDropped").asLong(), round.at("/delta/keyFramesDecoded").asLong());
    }

    private static List<Round> rounds(E2e e, String id, int rounds, double seconds) throws Exception {
        List<Round> result = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            e.js("rt.begin(" + E2e.quote(id) + ")");
            Thread.sleep((long) (seconds * 1000));
            JsonNode r = e.js("rt.end(" + E2e.quote(id) + ")");
            List<JsonNode> frames = new ArrayList<>();
            r.get("frames").forEach(frames::add);
            List<JsonNode> intervals = new ArrayList<>();
            r.get("intervals").forEach(intervals::add);
            if (frames.isEmpty()) {
                throw new AssertionError("no frame of the " + id + " stream was presented in round " + (i + 1));
            }
            result.add(new Round(frames, intervals, r.get("delta"), r.get("presented").asDouble(),
                    r.get("drawn").asDouble(), r.get("seconds").asDouble()));
        }
        return result;
    }

    private static void print(String title, List<Round> rounds) {
        System.out.println();
        System.out.println(title + " (ms, p50 / p95):");
        StringBuilder head = new StringBuilder("| round | frames |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (String c : COLUMNS.keySet()) {
            head.append(' ').append(c).append(" |");
            rule.append("---|");
        }
        head.append(" drawn / decoded / presented fps | dropped | keyframes |");
        rule.append("---|---|---|");
        System.out.println(head);
        System.out.println(rule);
        double drawn = 0;
        double decoded = 0;
        double presented = 0;
        double time = 0;
        long dropped = 0;
        long keys = 0;
        int frames = 0;
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            StringBuilder row = new StringBuilder("| " + (i + 1) + " | " + r.frames().size() + " |");
            for (var c : COLUMNS.values()) {
                row.append(' ').append(spread(c.apply(r))).append(" |");
            }
            double dec = r.delta().get("framesDecoded").asDouble();
            row.append(String.format(" %.1f / %.1f / %.1f | %d | %d |", r.drawn() / r.seconds(), dec / r.seconds(),
                    r.presented() / r.seconds(), r.delta().get("framesDropped").asLong(),
                    r.delta().get("keyFramesDecoded").asLong()));
            System.out.println(row);
            drawn += r.drawn();
            decoded += dec;
            presented += r.presented();
            time += r.seconds();
            dropped += r.delta().get("framesDropped").asLong();
            keys += r.delta().get("keyFramesDecoded").asLong();
            frames += r.frames().size();
        }
        StringBuilder row = new StringBuilder("| all | " + frames + " |");
        for (var c : COLUMNS.values()) {
            row.append(' ').append(spread(all(rounds, c))).append(" |");
        }
        row.append(String.format(" %.1f / %.1f / %.1f | %d | %d |", drawn / time, decoded / time, presented / time,
                dropped, keys));
        System.out.println(row);
    }

    private static List<Double> all(List<Round> rounds, java.util.function.Function<Round, List<Double>> column) {
        List<Double> v = new ArrayList<>();
        rounds.forEach(r -> v.addAll(column.apply(r)));
        return v;
    }

    private static String spread(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("%.1f / %.1f", percentile(sorted, 50), percentile(sorted, 95));
    }

    private static double drawn(JsonNode frame) {
        return frame.get("drawn").asDouble();
    }

    /** A frame's optional time (receiveTime), NaN when the browser did not give it. */
    private static double at(JsonNode frame, String field) {
        JsonNode v = frame.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static double percentile(List<Double> sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
