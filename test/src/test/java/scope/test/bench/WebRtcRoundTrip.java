package scope.test.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import scope.test.e2e.E2e;

/**
 * Browser -&gt; passthrough -&gt; browser round trip with the real server jar and headless Chromium: a 512x512 canvas
 * at 30 fps carries a frame counter in pixels; the returned frames are decoded and matched with their draw times.
 * Prints p50/p95 latency, delivered fps and the server's CPU use. Must run inside a private network namespace
 * (libwebrtc ignores loopback): see README.md, Benchmarks, for the command.
 *
 * <p>Arguments: measuring seconds (default 20), pipeline id (default {@code passthrough}, which takes 4 frames a
 * call as Scope's does; {@code gray} takes 1, so it shows the transport's share), and an optional stream
 * {@code input_size} (passthrough with 1 has no batching delay).
 */
public final class WebRtcRoundTrip {
    private WebRtcRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        String pipeline = args.length > 1 ? args[1] : "passthrough";
        // optional input_size for the stream (passthrough honours it: 1 = no batching)
        String inputSize = args.length > 2 && !args[2].isBlank() ? args[2] : null;
        String initial = inputSize == null ? "{}" : "{input_size: " + Integer.parseInt(inputSize.trim()) + "}";
        E2e.run("WebRtcRoundTrip", e -> {
            e.openUi(null);
            try (InputStream in = WebRtcRoundTrip.class.getResourceAsStream("/e2e/roundtrip.js")) {
                e.js(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            e.js("e2e.start({pipelines: [" + E2e.quote(pipeline) + "], track: rt.track, initial: " + initial + "})");
            e.js("(rt.receive(document.getElementById('e2e-out').srcObject.getVideoTracks()[0]), true)");
            e.waitFor("rt.decoded > 30", 30, "decoded round-trip frames", "JSON.stringify(rt.mark())");
            Thread.sleep(3000); // warm-up: bitrate ramp, first keyframes

            e.js("(rt.latencies = [], rt.recording = true)");
            JsonNode m0 = e.js("rt.mark()");
            double cpu0 = e.server.cpuSeconds();
            long t0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            JsonNode m1 = e.js("rt.mark()");
            double cpu1 = e.server.cpuSeconds();
            double wall = (System.nanoTime() - t0) / 1e9;
            e.js("(rt.recording = false)");
            List<Double> lat = new ArrayList<>();
            e.js("rt.latencies").forEach(v -> lat.add(v.asDouble()));
            if (lat.isEmpty()) {
                throw new AssertionError("no frame came back during the measurement");
            }
            Collections.sort(lat);

            double span = (m1.get("t").asDouble() - m0.get("t").asDouble()) / 1000;
            double sentFps = (m1.get("drawn").asLong() - m0.get("drawn").asLong()) / span;
            double deliveredFps = (m1.get("received").asLong() - m0.get("received").asLong()) / span;
            double matchedFps = (m1.get("decoded").asLong() - m0.get("decoded").asLong()) / span;
            System.out.println();
            System.out.printf("WebRTC round trip: Chromium canvas 512x512 -> %s%s -> Chromium (%.0f s)%n", pipeline,
                    inputSize == null ? "" : " (input_size " + inputSize.trim() + ")",
                    span);
            System.out.println("| metric | value |");
            System.out.println("|---|---|");
            System.out.printf("| latency p50 | %.0f ms |%n", percentile(lat, 50));
            System.out.printf("| latency p95 | %.0f ms |%n", percentile(lat, 95));
            System.out.printf("| latency min / max | %.0f / %.0f ms |%n", lat.get(0), lat.get(lat.size() - 1));
            System.out.printf("| frames drawn | %.1f fps |%n", sentFps);
            System.out.printf("| frames delivered (decoded in the browser) | %.1f fps |%n", deliveredFps);
            System.out.printf("| of which carried a readable counter | %.1f fps |%n", matchedFps);
            System.out.printf("| server CPU | %.2f cores |%n", (cpu1 - cpu0) / wall);
            System.out.printf("| latency samples | %d |%n", lat.size());
        });
    }

    static double percentile(List<Double> sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
