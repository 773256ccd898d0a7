package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * OSC from a client we did not write ({@code oscsend}, liblo): {@code /scope/level f 0.2} visibly darkens the
 * test-tint stream in Chromium, {@code /scope/session/<id>/level f 1} brightens it again, and
 * {@code /scope/level f 5} is refused as the data channel refuses it (counted, on the event stream, the level
 * unchanged). Malformed datagrams - random bytes, truncated messages, an unknown type tag, a tag string promising a
 * missing argument - are ignored and counted, and the server still answers OSC and HTTP afterwards.
 */
public class OscControlChangesTheOutputTest {
    static final String OUT = "#e2e-out";
    static final String IN = "#e2e-in";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    public void oscsendChangesTheOutputAndMalformedPacketsAreIgnored() throws Exception {
        E2e.run("OscControlChangesTheOutputTest", e -> {
            e.server.deployPlugin(E2e.built("sample", "test.plugins.sample"));
            e.awaitPipeline("test-tint", 60);
            JsonNode status = e.server.get("/api/v1/osc/status").json();
            assertTrue("OSC listens on loopback by default: " + status, status.get("listening").asBoolean());
            int port = status.get("port").asInt();
            assertEquals("on the HTTP port's number, as Scope", e.server.port(), port);

            List<JsonNode> events = new CopyOnWriteArrayList<>();
            CompletableFuture<?> stream = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + e.server.port() + "/api/v1/osc/stream")).build(),
                    HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(line -> {
                        if (line.startsWith("data: ")) {
                            try {
                                events.add(JSON.readTree(line.substring(6)));
                            } catch (Exception ex) {
                                events.add(JSON.createObjectNode().put("unparsable", line));
                            }
                        }
                    }));
            try {
                e.openUi(null);
                e.js("e2e.start({pipelines: ['test-tint']})");
                e.js("e2e.watch('" + OUT + "')");
                e.waitFor("e2e.frames('" + OUT + "') > 10", 30, "output frames", "JSON.stringify(e2e.messages())");
                String session = e.js("e2e.session.sessionId").asText();

                Brightness brightness = new Brightness(e, OUT, IN);
                double full = brightness.await(false, 0.8); // level 1 by default
                oscsend(port, "/scope/level", "f", "0.2");
                double dim = brightness.await(true, 0.45);

                int malformed = sendMalformedPackets(port);
                oscsend(port, "/scope/level", "f", "5"); // out of range: refused, the level stays 0.2
                JsonNode counted = awaitStatus(e, s -> s.get("messages_refused").asLong() >= 1
                        && s.get("malformed_packets").asLong() >= malformed);
                Thread.sleep(1500); // had level 5 been applied, the output would be bright again by now
                double afterRefusal = brightness.gain();
                assertTrue("the refused value left the level at 0.2: " + afterRefusal, afterRefusal < 0.45);

                oscsend(port, "/scope/session/" + session + "/level", "f", "1.0"); // the server still answers
                double bright = brightness.await(false, 0.8);
                System.out.printf("output/input luma: level 1 -> %.2f, OSC level 0.2 -> %.2f, after level 5 -> "
                        + "%.2f, OSC level 1 for the session -> %.2f; status %s%n", full, dim, afterRefusal, bright,
                        counted);

                assertEquals("every malformed packet counted, nothing else: " + counted, malformed,
                        counted.get("malformed_packets").asLong());
                assertEquals(0, e.js("e2e.messages().filter(m => m.type === 'stream_stopped').length").asInt());
                assertEquals(200, e.server.get("/health").status());
                awaitEvents(events, 3);
                assertTrue("applied: " + events, events.stream().anyMatch(v -> "osc_command".equals(
                        v.path("type").asText()) && "level".equals(v.path("key").asText())
                        && v.path("value").asDouble() == 0.2 && session.equals(v.path("session_id").asText())));
                assertTrue("refused, naming the field: " + events, events.stream().anyMatch(v -> "osc_refused"
                        .equals(v.path("type").asText()) && v.path("errors").toString().contains("level")));
                assertTrue("addressed to the session: " + events, events.stream().anyMatch(v ->
                        "osc_session_command".equals(v.path("type").asText())
                                && "level".equals(v.path("parameter").asText())));
            } finally {
                stream.cancel(true);
            }
        });
    }

    /** Sends with liblo's oscsend (Debian's liblo-tools). */
    static void oscsend(int port, String address, String types, String... values) throws Exception {
        List<String> command = new ArrayList<>(List.of("oscsend", "127.0.0.1", Integer.toString(port), address,
                types));
        command.addAll(Arrays.asList(values));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("oscsend did not finish", p.waitFor(10, TimeUnit.SECONDS));
        assertEquals("oscsend " + command + ": " + out, 0, p.exitValue());
    }

    /** Datagrams that are not OSC; returns how many were sent. */
    static int sendMalformedPackets(int port) throws Exception {
        List<byte[]> packets = new ArrayList<>();
        Random random = new Random(13);
        for (int i = 0; i < 30; i++) {
            byte[] noise = new byte[1 + random.nextInt(200)];
            random.nextBytes(noise);
            noise[0] = (byte) (0x80 | noise[0]); // neither '/' (a message) nor '#' (a bundle)
            packets.add(noise);
        }
        byte[] good = message("/scope/level", ",f", ByteBuffer.allocate(4).putFloat(0.9f).array());
        packets.add(Arrays.copyOf(good, good.length - 2)); // truncated in the argument
        packets.add(Arrays.copyOf(good, 6)); // truncated in the address
        packets.add(message("/scope/level", ",q", new byte[4])); // a type tag OSC does not have
        packets.add(message("/scope/level", ",ff", new byte[4])); // a second argument that is not there
        try (DatagramSocket socket = new DatagramSocket()) {
            for (byte[] p : packets) {
                socket.send(new DatagramPacket(p, p.length, InetAddress.getLoopbackAddress(), port));
            }
        }
        return packets.size();
    }

    static byte[] message(String address, String tags, byte[] arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : List.of(address, tags)) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(Arrays.copyOf(b, (b.length / 4 + 1) * 4));
        }
        out.writeBytes(arguments);
        return out.toByteArray();
    }

    static JsonNode awaitStatus(E2e e, java.util.function.Predicate<JsonNode> condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonNode s = e.server.get("/api/v1/osc/status").json();
        while (!condition.test(s)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("OSC status never got there: " + s);
            }
            Thread.sleep(100);
            s = e.server.get("/api/v1/osc/status").json();
        }
        return s;
    }

    static void awaitEvents(List<JsonNode> events, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.size() < count && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }
}
