package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The routes Scope's own UI calls beyond the core API, on the real server jar: onboarding kept across a restart
 * of the process, the log tail with offsets, a restart request that reloads nothing, assets with their type,
 * size and path checks, LoRA listing, and the answers of the features this server lacks (keys, cloud, input
 * sources, DMX, tempo) in Scope's shapes, OSC's status, inventory, settings and help page, recording's refusals
 * for unknown sessions, with every error as {@code {"detail": ...}}.
 */
public class ScopeUiEndpointsAnswerTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H',
        'D', 'R', 1, 2, 3, 4};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    public void everyRouteAnswersInScopesShapeAndOnboardingSurvivesARestart() throws Exception {
        Path logs = E2e.TARGET.resolve("e2e").resolve("ScopeUiEndpointsAnswerTest");
        Path home = Files.createTempDirectory("scope-e2e-home-");
        try (ScopeServer server = ScopeServer.start(logs.resolve("first"), Map.of(), home)) {
            onboarding(server);
            logTail(server);
            restartReloadsNothing(server);
            assets(server);
            loras(server);
            unavailableFeatures(server);
            ScopeServer.Response r = call(server, "POST", "/api/v1/plugins", "application/json",
                    "{\"package\":\"scope-some-plugin\"}");
            assertEquals(r.body(), 400, r.status());
            assertTrue(r.body(), detail(r).contains("application/java-archive")
                    && detail(r).contains(home.resolve("plugins").toString()));
        }
        try (ScopeServer again = ScopeServer.start(logs.resolve("second"), Map.of(), home)) {
            JsonNode status = again.get("/api/v1/onboarding/status").json();
            assertTrue("onboarding stays completed after a restart: " + status, status.get("completed").asBoolean());
            assertEquals("local", status.get("inference_mode").asText());
            assertEquals("simple", status.get("onboarding_style").asText());
        } finally {
            Chromium.deleteTree(home);
        }
    }

    private void onboarding(ScopeServer server) throws Exception {
        JsonNode fresh = server.get("/api/v1/onboarding/status").json();
        assertEquals("{\"completed\":false,\"inference_mode\":null,\"onboarding_style\":null,\"referral_source\":null,"
                + "\"use_case\":null}", fresh.toString());
        ScopeServer.Response r = call(server, "PUT", "/api/v1/onboarding/status", "application/json",
                "{\"completed\":true,\"inference_mode\":\"local\"}");
        assertEquals(r.body(), 200, r.status());
        assertTrue(r.json().get("completed").asBoolean());
        // a partial update keeps what was set before; null leaves a field as it was
        r = call(server, "PUT", "/api/v1/onboarding/status", "application/json",
                "{\"onboarding_style\":\"simple\",\"inference_mode\":null,\"something_new\":1}");
        assertEquals(r.body(), 200, r.status());
        assertEquals("local", r.json().get("inference_mode").asText());
        assertEquals("simple", r.json().get("onboarding_style").asText());
        assertTrue(Files.readString(server.home().resolve("conf/onboarding.json")).contains("\"completed\" : true"));
        r = call(server, "PUT", "/api/v1/onboarding/status", "application/json", "{\"completed\":\"yes\",\"use_case\":7}");
        assertEquals(r.body(), 422, r.status());
        assertTrue(r.body(), r.body().contains("\"completed\"") && r.body().contains("\"use_case\""));
        assertEquals(422, call(server, "PUT", "/api/v1/onboarding/status", "application/json", "[]").status());
        assertEquals(415, call(server, "PUT", "/api/v1/onboarding/status", "text/plain", "{}").status());
        assertTrue("a refused update changes nothing",
                server.get("/api/v1/onboarding/status").json().get("completed").asBoolean());
    }

    private void logTail(ScopeServer server) throws Exception {
        Path file = server.home().resolve("logs/scope.log");
        JsonNode first = server.get("/api/v1/logs/tail?lines=200&since_offset=0").json();
        assertTrue("the start-up is logged: " + first, first.get("lines").size() > 0);
        assertTrue(first.get("lines").toString(), first.get("lines").toString().contains("Scope home"));
        long offset = first.get("offset").asLong();
        assertTrue(offset > 0 && offset <= Files.size(file));
        Files.writeString(file, "marker-one\n\nmarker-two\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        JsonNode next = server.get("/api/v1/logs/tail?lines=200&since_offset=" + offset).json();
        List<String> lines = texts(next.get("lines"));
        assertTrue("only lines after the offset, blank ones left out: " + lines,
                lines.contains("marker-one") && lines.contains("marker-two") && !lines.contains("")
                        && !lines.toString().contains("Scope home"));
        assertTrue(next.get("offset").asLong() >= offset + "marker-one\n\nmarker-two\n".length());
        JsonNode two = server.get("/api/v1/logs/tail?lines=1&since_offset=" + offset).json();
        assertEquals("lines caps the answer to the newest: " + two, 1, two.get("lines").size());
        // an offset past the end (the file rolled over) starts again from the tail
        JsonNode rolled = server.get("/api/v1/logs/tail?lines=5&since_offset=" + (Files.size(file) + 1000)).json();
        assertTrue(rolled.toString(), rolled.get("lines").size() > 0 && rolled.get("lines").size() <= 5);
        for (String bad : List.of("lines=0", "lines=1001", "lines=x", "since_offset=-1")) {
            ScopeServer.Response r = server.get("/api/v1/logs/tail?" + bad);
            assertEquals(bad + ": " + r.body(), 422, r.status());
            assertTrue(r.body(), r.body().contains(bad.substring(0, bad.indexOf('='))));
        }
        ScopeServer.Response current = server.get("/api/v1/logs/current");
        assertEquals(200, current.status());
        assertTrue(current.body().contains("marker-two"));
    }

    private void restartReloadsNothing(ScopeServer server) throws Exception {
        ScopeServer.Response load = server.post("/api/v1/pipeline/load", "{\"pipelines\":[{\"pipeline_id\":\"gray\"}]}");
        assertEquals(load.body(), 200, load.status());
        JsonNode instance = null;
        for (int i = 0; i < 100 && instance == null; i++) {
            JsonNode s = server.get("/api/v1/pipeline/status").json();
            if (s.get("status").asText().equals("loaded")) {
                instance = s.at("/instances/0");
            } else {
                Thread.sleep(100);
            }
        }
        assertTrue("gray loads", instance != null);
        double before = server.get("/health").json().get("server_start_time").asDouble();
        long t0 = System.nanoTime();
        ScopeServer.Response r = server.post("/api/v1/restart", "");
        assertEquals(r.body(), 200, r.status());
        JsonNode health = server.get("/health?_t=1").json();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("the UI's wait ends at its first poll: the start time moved on (" + health + ")",
                health.get("server_start_time").asDouble() > before);
        assertEquals("healthy", health.get("status").asText());
        assertTrue("answered within 2 s: " + ms + " ms", ms < 2000);
        JsonNode after = server.get("/api/v1/pipeline/status").json();
        assertEquals("no pipeline reloads: " + after, instance.get("instance_id"), after.at("/instances/0/instance_id"));
        assertEquals("loaded", after.get("status").asText());
    }

    private void assets(ScopeServer server) throws Exception {
        Path dir = server.home().resolve("assets");
        assertEquals("{\"assets\":[]}", server.get("/api/v1/assets").json().toString());
        Files.createDirectories(dir.resolve("refs"));
        Files.write(dir.resolve("refs/first.png"), PNG);
        Thread.sleep(20);
        ScopeServer.Response r = call(server, "POST", "/api/v1/assets?filename=cat%20photo.png",
                "application/octet-stream", PNG);
        assertEquals(r.body(), 200, r.status());
        assertEquals("cat photo", r.json().get("name").asText());
        assertEquals("image", r.json().get("type").asText());
        assertEquals(dir.resolve("cat photo.png").toString(), r.json().get("path").asText());
        assertTrue(r.json().get("folder").isNull() && r.json().has("size_mb") && r.json().has("created_at"));
        assertTrue(Arrays.equals(PNG, Files.readAllBytes(dir.resolve("cat photo.png"))));
        Thread.sleep(20);
        assertEquals(200, call(server, "POST", "/api/v1/assets?filename=dog.jpg", "image/jpeg", JPEG).status());

        JsonNode all = server.get("/api/v1/assets").json().get("assets");
        assertEquals(all.toString(), 3, all.size());
        assertEquals("newest first", "dog", all.get(0).get("name").asText());
        assertEquals("refs", all.get(2).get("folder").asText());
        assertEquals(3, server.get("/api/v1/assets?type=image").json().get("assets").size());
        assertEquals(0, server.get("/api/v1/assets?type=video").json().get("assets").size());
        assertEquals(422, server.get("/api/v1/assets?type=document").status());

        HttpResponse<byte[]> got = raw(server, "GET", "/api/v1/assets/cat%20photo.png", null, null);
        assertEquals(200, got.statusCode());
        assertEquals("image/png", got.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", got.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(Arrays.equals(PNG, got.body()));
        // the UI asks for a file in a folder by its path relative to the assets folder
        assertEquals(200, raw(server, "GET", "/api/v1/assets/refs/first.png", null, null).statusCode());
        assertEquals(404, server.get("/api/v1/assets/none.png").status());

        // refusals: names, types, contents, sizes, and nothing outside the folder
        Files.writeString(server.home().resolve("secret.png"), "secret");
        for (String path : List.of("/api/v1/assets/..%2Fsecret.png", "/api/v1/assets/%2e%2e/secret.png",
                "/api/v1/assets/..%5Csecret.png")) {
            HttpResponse<byte[]> refused = raw(server, "GET", path, null, null);
            // refused by the servlet (403) or by the container before it (400, or 404 once normalised elsewhere)
            assertTrue(path + " -> " + refused.statusCode(), List.of(400, 403, 404).contains(refused.statusCode()));
            assertNotEquals(path, "secret", new String(refused.body(), StandardCharsets.UTF_8));
        }
        Files.createSymbolicLink(dir.resolve("link.png"), server.home().resolve("secret.png"));
        assertEquals(403, server.get("/api/v1/assets/link.png").status());
        assertEquals("a link is not listed", 3, server.get("/api/v1/assets").json().get("assets").size());
        for (String name : List.of("..%2Fout.png", "sub%2Fx.png", ".hidden.png", "%2E%2E%5Cx.png")) {
            r = call(server, "POST", "/api/v1/assets?filename=" + name, "application/octet-stream", PNG);
            assertEquals(name + ": " + r.body(), 400, r.status());
        }
        assertFalse(Files.exists(server.home().resolve("out.png")));
        r = call(server, "POST", "/api/v1/assets?filename=tool.exe", "application/octet-stream", PNG);
        assertEquals(400, r.status());
        assertTrue(r.body(), detail(r).contains(".png") && detail(r).contains(".mp4"));
        r = call(server, "POST", "/api/v1/assets?filename=fake.png", "application/octet-stream",
                "<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        assertEquals("content must match the type: " + r.body(), 400, r.status());
        assertEquals(400, call(server, "POST", "/api/v1/assets?filename=photo.png", "application/octet-stream",
                JPEG).status());
        assertEquals(400, call(server, "POST", "/api/v1/assets?filename=empty.png", "application/octet-stream",
                new byte[0]).status());
        assertEquals("a body any page can send is refused", 415,
                call(server, "POST", "/api/v1/assets?filename=a.png", "text/plain", PNG).status());
        assertEquals(422, call(server, "POST", "/api/v1/assets", "application/octet-stream", PNG).status());
        assertEquals(413, server.postDeclaringSize("/api/v1/assets?filename=huge.png", 51L * 1024 * 1024));
        try (var files = Files.list(dir)) {
            assertEquals("refused uploads leave nothing behind", List.of("cat photo.png", "dog.jpg", "link.png", "refs"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private void loras(ScopeServer server) throws Exception {
        Path dir = server.home().resolve("models/lora");
        Files.createDirectories(dir.resolve("styles"));
        Files.write(dir.resolve("zeta.safetensors"), new byte[2 * 1024 * 1024]);
        Files.write(dir.resolve("styles/anime.pt"), new byte[10]);
        Files.write(dir.resolve("notes.txt"), new byte[10]);
        JsonNode files = server.get("/api/v1/loras").json().get("lora_files");
        assertEquals(files.toString(), 2, files.size());
        assertEquals("sorted by folder, then name", "zeta", files.get(0).get("name").asText());
        assertTrue(files.get(0).get("folder").isNull());
        assertEquals(2.0, files.get(0).get("size_mb").asDouble(), 1e-9);
        assertEquals(dir.resolve("zeta.safetensors").toString(), files.get(0).get("path").asText());
        assertEquals("styles", files.get(1).get("folder").asText());
        assertTrue(files.get(1).get("sha256").isNull() && files.get(1).get("provenance").isNull());
        assertFalse(files.get(1).get("read_only").asBoolean());

        ScopeServer.Response r = call(server, "DELETE", "/api/v1/loras/anime", null, (byte[]) null);
        assertEquals(r.body(), 200, r.status());
        assertTrue(r.json().get("success").asBoolean());
        assertFalse(Files.exists(dir.resolve("styles/anime.pt")));
        assertEquals(404, call(server, "DELETE", "/api/v1/loras/anime", null, (byte[]) null).status());
        assertEquals(400, call(server, "DELETE", "/api/v1/loras/%2E%2Ezeta", null, (byte[]) null).status());

        r = server.post("/api/v1/lora/download", "{\"source\":\"huggingface\",\"repo_id\":\"u/r\",\"hf_filename\":\"x\"}");
        assertEquals(r.body(), 400, r.status());
        assertTrue(r.body(), detail(r).contains(dir.toString()));
        r = server.post("/api/v1/lora/download", "{\"source\":\"ftp\",\"url\":3}");
        assertEquals(422, r.status());
        assertTrue(r.body(), r.body().contains("\"source\"") && r.body().contains("\"url\""));
        assertEquals(400, server.post("/api/v1/loras", "{\"url\":\"https://huggingface.co/u/r/resolve/main/x.safetensors\"}")
                .status());
        assertEquals(422, server.post("/api/v1/loras", "{}").status());
    }

    private void unavailableFeatures(ScopeServer server) throws Exception {
        JsonNode keys = server.get("/api/v1/keys").json().get("keys");
        assertEquals(List.of("huggingface", "civitai"), List.of(keys.get(0).get("id").asText(), keys.get(1).get("id").asText()));
        String hf = System.getenv("HF_TOKEN");
        assertEquals(hf != null && !hf.isBlank(), keys.get(0).get("is_set").asBoolean());
        assertEquals("HF_TOKEN", keys.get(0).get("env_var").asText());
        ScopeServer.Response r = call(server, "PUT", "/api/v1/keys/huggingface", "application/json", "{\"value\":\"hf_x\"}");
        assertEquals(409, r.status());
        assertTrue(r.body(), detail(r).contains("HF_TOKEN"));
        assertEquals(422, call(server, "PUT", "/api/v1/keys/huggingface", "application/json", "{}").status());
        assertEquals(404, call(server, "PUT", "/api/v1/keys/nope", "application/json", "{\"value\":\"x\"}").status());
        assertEquals(409, call(server, "DELETE", "/api/v1/keys/civitai", null, (byte[]) null).status());

        JsonNode cloud = server.get("/api/v1/cloud/status").json();
        assertFalse(cloud.get("connected").asBoolean() || cloud.get("connecting").asBoolean()
                || cloud.get("credentials_configured").asBoolean());
        assertEquals(11, cloud.size());
        assertEquals(409, server.post("/api/v1/cloud/connect", "{\"app_id\":\"a\"}").status());
        assertEquals(422, server.post("/api/v1/cloud/connect", "{\"app_id\":1}").status());
        assertEquals(cloud, server.post("/api/v1/cloud/disconnect", "").json());

        JsonNode sources = server.get("/api/v1/input-sources").json().get("input_sources");
        assertEquals(4, sources.size());
        sources.forEach(s -> assertFalse(s.toString(), s.get("available").asBoolean()));
        assertEquals(400, server.get("/api/v1/input-sources/ndi/sources?timeout_ms=5000").status());
        assertEquals(400, server.get("/api/v1/input-sources/spout/sources/x%2Fy/resolution").status());
        assertEquals(404, server.get("/api/v1/input-sources/vhs/sources").status());

        // OSC (on by default on loopback; oscsend driving a stream is OscControlChangesTheOutputTest)
        JsonNode osc = server.get("/api/v1/osc/status").json();
        assertTrue(osc.toString(), osc.get("enabled").asBoolean());
        assertEquals(0, osc.get("malformed_packets").asInt());
        JsonNode paths = server.get("/api/v1/osc/paths").json();
        assertTrue(paths.toString(), paths.at("/active/Runtime").isArray() && paths.has("available")
                && paths.get("active_pipeline_ids").isArray());
        r = server.post("/api/v1/osc/inventory", "{\"paths\":[{\"osc_address\":\"/scope/gray/amount\",\"type\":\"float\","
                + "\"min\":0,\"max\":1,\"group\":\"Gray\"},{\"osc_address\":\"/scope/x\",\"type\":\"bool\"}]}");
        assertEquals(r.body(), 200, r.status());
        assertEquals(2, r.json().get("count").asInt());
        assertEquals("/scope/gray/amount", server.get("/api/v1/osc/paths").json().at("/active/Gray/0/osc_address")
                .asText());
        r = server.post("/api/v1/osc/inventory", "{\"paths\":[{\"osc_address\":\"/scope/x\",\"type\":\"colour\"}]}");
        assertEquals(422, r.status());
        assertTrue(r.body(), r.body().contains("paths[0]") && r.body().contains("type"));
        r = call(server, "PUT", "/api/v1/osc/settings", "application/json", "{\"log_all_messages\":true}");
        assertEquals(r.body(), 200, r.status());
        assertTrue(r.json().get("log_all_messages").asBoolean());
        assertEquals(422, call(server, "PUT", "/api/v1/osc/settings", "application/json",
                "{\"log_all_messages\":1}").status());
        r = server.get("/api/v1/osc/docs");
        assertEquals(200, r.status());
        assertTrue(r.body(), r.body().contains("/scope/noise_scale") && r.body().contains("/scope/gray/amount"));

        JsonNode dmx = server.get("/api/v1/dmx/status").json();
        assertEquals(6454, dmx.get("preferred_port").asInt());
        assertEquals(0, dmx.get("mapping_count").asInt());
        assertEquals("{\"enabled\":false,\"preferred_port\":6454,\"log_all_messages\":false,\"mappings\":[]}",
                server.get("/api/v1/dmx/config").json().toString());
        assertEquals(204, server.get("/api/v1/dmx/stream").status());
        assertEquals(422, call(server, "PUT", "/api/v1/dmx/settings", "application/json",
                "{\"preferred_port\":80}").status());
        assertEquals(409, call(server, "PUT", "/api/v1/dmx/settings", "application/json", "{\"enabled\":true}").status());
        assertEquals(422, call(server, "PUT", "/api/v1/dmx/config", "application/json",
                "{\"mappings\":[{\"universe\":0,\"channel\":900,\"key\":\"x\"}]}").status());
        assertEquals(409, server.post("/api/v1/dmx/restart", "{\"preferred_port\":7000}").status());

        assertEquals("{\"enabled\":false,\"source\":null,\"beats_per_bar\":4,\"beat_state\":null}",
                server.get("/api/v1/tempo/status").json().toString());
        JsonNode tempoSources = server.get("/api/v1/tempo/sources").json().get("sources");
        assertFalse(tempoSources.at("/link/available").asBoolean() || tempoSources.at("/midi_clock/available").asBoolean());
        assertEquals(409, server.post("/api/v1/tempo/enable", "{\"source\":\"link\",\"bpm\":120}").status());
        assertEquals(422, server.post("/api/v1/tempo/enable", "{\"source\":\"radio\"}").status());
        assertEquals(422, server.post("/api/v1/tempo/set_tempo", "{\"bpm\":5}").status());
        assertEquals(200, server.post("/api/v1/tempo/disable", "").status());

        // recording (a live session's recording is in RecordingFromTheUiTest): unknown sessions are 404 as in Scope
        r = server.post("/api/v1/recordings/abc/start", "");
        assertEquals(404, r.status());
        assertTrue(r.body(), detail(r).contains("abc"));
        assertEquals(404, server.post("/api/v1/recordings/abc/stop", "").status());
        assertEquals(404, server.get("/api/v1/recordings/abc").status());
        assertEquals("{\"files\":[],\"recordings\":[]}", server.get("/api/v1/recordings").json().toString());
        assertEquals(404, server.get("/api/v1/recordings/files/recording-abc-20260101_000000.mp4").status());
    }

    private static String detail(ScopeServer.Response r) {
        assertTrue("an error is {\"detail\": ...}: " + r.body(), r.json() != null && r.json().has("detail"));
        return r.json().get("detail").asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private ScopeServer.Response call(ScopeServer server, String method, String path, String type, String body)
            throws IOException, InterruptedException {
        return call(server, method, path, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private ScopeServer.Response call(ScopeServer server, String method, String path, String type, byte[] body)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> r = raw(server, method, path, type, body);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        JsonNode json = null;
        try {
            json = text.isEmpty() ? null : Cdp.JSON.readTree(text);
        } catch (IOException e) {
            // not JSON
        }
        if (r.statusCode() >= 400) {
            assertTrue(method + " " + path + ": an error is {\"detail\": ...}: " + text, json != null && json.has("detail"));
        }
        return new ScopeServer.Response(r.statusCode(), json, text);
    }

    private HttpResponse<byte[]> raw(ScopeServer server, String method, String path, String type, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
