package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * A cluster as an operator runs it: Debian's ZooKeeper server, three workers with 8, 24 and 48 GB of (declared)
 * VRAM and one gateway, each the real distribution jar, and Chromium driving the UI the gateway serves. Shows:
 * the gateway's schemas say which workers can run what; loads are placed by VRAM (Krea's 32 GB only fit the 48 GB
 * worker) and refused, naming every worker, when none can take them; a stream started from the UI runs on a worker
 * with the media going to that worker directly (the answer's candidates are the worker's UDP ports; the gateway
 * holds no UDP socket); an equal load goes to the warm worker and reuses its instances; killing that worker
 * mid-stream takes it out of the cluster within the ZooKeeper session timeout, the browser's connection fails, and
 * the next Start is served by another worker while the instance on the third survives untouched; a forked graph
 * runs through the gateway on that worker, reusing its instances; a worker that starts again rejoins; a worker's
 * API refuses calls without the cluster secret.
 */
public class ClusterPlacesWorkAndOutlivesAWorkerTest {
    private static final String NAME = "ClusterPlacesWorkAndOutlivesAWorkerTest";
    private static final String SECRET = "test-cluster-secret-0123456789";
    private static final int SESSION_TIMEOUT_MS = 4000;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    public void placesLoadsAndSessionsAndOutlivesAKilledWorker() throws Exception {
        Path logs = E2e.TARGET.resolve("e2e").resolve(NAME);
        Files.createDirectories(logs);
        Map<String, ScopeServer> workers = new HashMap<>();
        Map<String, Future<ScopeServer>> starting = new HashMap<>();
        try (ZooKeeperServer zk = ZooKeeperServer.start(logs)) {
            try {
                String connect = zk.connect();
                ExecutorService starts = Executors.newFixedThreadPool(3);
                for (String[] w : new String[][] {{"w8", "8"}, {"w24", "24"}, {"w48", "48"}}) {
                    starting.put(w[0], starts.submit(() -> startWorker(logs, connect, w[0], w[1], null)));
                }
                for (var e : starting.entrySet()) {
                    workers.put(e.getKey(), e.getValue().get(90, TimeUnit.SECONDS));
                }
                starts.shutdown();
                Map<String, String> gatewayEnv = clusterEnv(connect);
                gatewayEnv.put("SCOPE_ROLE", "gateway");
                E2e.run(NAME, gatewayEnv, e -> run(e, workers, connect, logs));
            } finally {
                Set<ScopeServer> started = new HashSet<>(workers.values());
                for (Future<ScopeServer> f : starting.values()) {
                    try {
                        started.add(f.get()); // also those started when another failed
                    } catch (Exception failed) {
                        // never started: nothing to end
                    }
                }
                // before ZooKeeper, so they leave the cluster cleanly (closing the killed one again is harmless)
                started.forEach(ScopeServer::close);
            }
        }
    }

    private void run(E2e e, Map<String, ScopeServer> workers, String connect, Path logs) throws Exception {
        ScopeServer gateway = e.server;
        awaitWorkers(gateway, Set.of("w8", "w24", "w48"), 30_000);

        // a worker answers the cluster only: no secret, no API
        int port = workers.get("w24").port();
        assertEquals(401, call("GET", port, "/api/v1/pipeline/status", null, null).statusCode());
        assertEquals(401, call("GET", port, "/api/v1/pipeline/status", null, "wrong-" + SECRET).statusCode());
        assertEquals(200, call("GET", port, "/api/v1/pipeline/status", null, SECRET).statusCode());

        // what the cluster can run, and where
        JsonNode schemas = gateway.get("/api/v1/pipelines/schemas").json();
        assertEquals(List.of("w48"), ids(schemas.at("/pipelines/krea-realtime-video/cluster_workers")));
        assertEquals(List.of("w24", "w48"), ids(schemas.at("/pipelines/longlive/cluster_workers")));
        assertEquals(List.of("w24", "w48", "w8"), sorted(ids(schemas.at("/pipelines/passthrough/cluster_workers"))));
        JsonNode hardware = gateway.get("/api/v1/hardware/info").json();
        assertEquals(48.0, hardware.path("vram_gb").asDouble(), 0.0);
        assertEquals(3, hardware.at("/gpu/devices").size());
        for (JsonNode d : hardware.at("/gpu/devices")) {
            // announced by each worker: its total less its instances' estimates (none loaded yet)
            assertEquals(d.toString(), d.path("total_gb").asDouble(), d.path("free_gb").asDouble(), 0.0);
        }
        for (JsonNode w : gateway.get("/api/v1/cluster/workers").json().path("workers")) {
            assertTrue(w.toString(), w.path("free_vram_gb").isNumber());
        }

        // VRAM: Krea (32 GB) fits only the 48 GB worker; with that one draining, nothing can take it
        String loadKrea = "{\"pipeline_ids\":[\"krea-realtime-video\"]}";
        ScopeServer.Response krea = gateway.post("/api/v1/pipeline/load", loadKrea);
        assertEquals(krea.body(), 200, krea.status());
        assertEquals("w48", krea.json().path("worker").asText());
        assertEquals("cold", krea.json().path("placement").asText());
        assertEquals(200, gateway.post("/api/v1/cluster/workers/w48/drain", "{\"draining\":true}").status());
        ScopeServer.Response refused = gateway.post("/api/v1/pipeline/load", loadKrea);
        assertEquals(refused.body(), 503, refused.status());
        String why = refused.json().path("detail").asText();
        assertTrue(why, why.contains("w8: 8 GB VRAM, the pipelines need 32 GB") && why.contains("w24: 24 GB VRAM")
                && why.contains("w48: draining"));
        assertEquals(200, gateway.post("/api/v1/cluster/workers/w48/drain", "{\"draining\":false}").status());
        assertEquals(422, gateway.post("/api/v1/cluster/workers/w48/drain", "{\"draining\":1}").status());

        // the console's cluster page lists the workers; its buttons post a form there (same origin), which drains
        int gp = gateway.port();
        String origin = "http://127.0.0.1:" + gp;
        String page = console(gp, null, null).body();
        assertTrue(page, page.contains("id='cluster-workers'") && page.contains("data-worker='w8'")
                && page.contains("http://127.0.0.1:" + workers.get("w8").port()) && page.contains(">Drain<"));
        assertEquals(303, console(gp, origin, "worker=w8&draining=true").statusCode());
        assertTrue(draining(gateway, "w8"));
        assertTrue(console(gp, null, null).body().contains(">Undrain<"));
        assertEquals("the request guard refuses another origin's post", 403,
                console(gp, "http://attacker.test", "worker=w8&draining=false").statusCode());
        assertTrue(draining(gateway, "w8"));
        HttpResponse<String> bad = console(gp, origin, "worker=w8&draining=maybe");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().startsWith("draining:"));
        assertEquals(404, console(gp, origin, "worker=nobody&draining=true").statusCode());
        assertEquals(303, console(gp, origin, "worker=w8&draining=false").statusCode());
        assertFalse(draining(gateway, "w8"));

        // a stream from the UI through the gateway: camera -> gray -> passthrough, placed on an idle worker with
        // the most room (w48: its failed Krea load holds nothing usable)
        CameraThroughGrayComesBackGrayTest.startGrayFromUi(e);
        String streaming = workerWithSessions(gateway);
        assertEquals("w48", streaming);
        Map<String, String> before = instanceIds(gateway, streaming);
        assertEquals(Set.of("gray", "passthrough"), before.keySet());

        // media goes to the worker: the answer names the worker's UDP ports, and the gateway has no UDP socket
        JsonNode probe = e.js(PROBE_OFFER);
        assertEquals(probe.toString(), 200, probe.path("status").asInt());
        String probeSession = probe.path("sessionId").asText();
        assertTrue(probeSession, probeSession.startsWith(streaming + "."));
        Set<Integer> answered = candidatePorts(probe.path("sdp").asText());
        assertFalse("the answer has host candidates: " + probe.path("sdp").asText(), answered.isEmpty());
        Set<Integer> workerPorts = UdpSockets.ports(workers.get(streaming).pid());
        assertTrue("answer ports " + answered + " are the worker's UDP ports " + workerPorts,
                workerPorts.containsAll(answered));
        // (a loopback socket is no media path: the OSC listener binds one on every server)
        assertEquals("the gateway carries no media", Set.of(), UdpSockets.ports(gateway.pid()));
        assertEquals(204, call("DELETE", gateway.port(), "/api/v1/webrtc/offer/" + probeSession, null, null)
                .statusCode());

        // the same chain with the same effective settings (defaults spelled out) goes to the warm worker, even
        // though idle workers have more room per load: nothing reloads
        ScopeServer.Response warm = gateway.post("/api/v1/pipeline/load", "{\"pipelines\":["
                + "{\"node_id\":\"gray\",\"pipeline_id\":\"gray\",\"load_params\":{}},"
                + "{\"node_id\":\"passthrough\",\"pipeline_id\":\"passthrough\",\"load_params\":{\"height\":512}}]}");
        assertEquals(warm.body(), 200, warm.status());
        assertEquals("w48", warm.json().path("worker").asText());
        assertEquals("warm", warm.json().path("placement").asText());
        assertEquals(before, instanceIds(gateway, "w48"));
        // another pipeline alone goes cold to an idle worker: never onto the streaming one, which would unload gray
        ScopeServer.Response other = gateway.post("/api/v1/pipeline/load", "{\"pipeline_ids\":[\"passthrough\"]}");
        assertEquals(other.body(), 200, other.status());
        assertEquals("w24", other.json().path("worker").asText());
        Map<String, String> survivor = awaitLoaded(gateway, "w24", Set.of("passthrough"));

        // the streaming worker dies
        long killed = System.nanoTime();
        ScopeServer dead = workers.remove(streaming);
        dead.killForcibly();
        awaitWorkers(gateway, Set.of("w8", "w24"), SESSION_TIMEOUT_MS * 3L);
        long detectedMs = (System.nanoTime() - killed) / 1_000_000;
        System.out.printf("cluster: worker %s killed, out of the cluster after %d ms (session timeout %d ms)%n",
                streaming, detectedMs, SESSION_TIMEOUT_MS);
        e.waitFor("(() => { const s = e2e.peerConnections(); return s.length > 0 && s[0] !== 'connected'; })()", 30,
                "the browser's connection to the dead worker to fail", "JSON.stringify(e2e.peerConnections())");
        dead.close();

        // Start again: served by a healthy worker, and the instance on the third was not reloaded
        e.js("document.querySelector('[data-testid=stop-button]').click()");
        e.js("document.querySelector('[data-testid=start-button]').click()");
        e.waitFor("document.querySelector('[data-testid=status-phase]').textContent === 'streaming'", 60,
                "the stream to run again", "document.querySelector('[data-testid=status-error]').textContent");
        e.js("e2e.watch('" + CameraThroughGrayComesBackGrayTest.OUT + "')");
        long framesNow = e.js("e2e.frames('" + CameraThroughGrayComesBackGrayTest.OUT + "')").asLong();
        e.waitFor("e2e.frames('" + CameraThroughGrayComesBackGrayTest.OUT + "') > " + (framesNow + 10), 30,
                "frames from the new worker", null);
        assertEquals("w8", workerWithSessions(gateway));
        assertEquals(survivor, instanceIds(gateway, "w24"));

        // a forked graph through the gateway (camera -> gray -> output, camera -> passthrough -> output_1): its
        // load reuses w8's instances under the graph's node ids, and both sinks play from there
        e.js("document.querySelector('[data-testid=stop-button]').click()");
        String forked = e.js("e2e.startForked({branches: [{node: 'gray', pipeline: 'gray'},"
                + " {node: 'pass', pipeline: 'passthrough'}]})").asText();
        assertTrue(forked, forked.startsWith("w8."));
        e.js("e2e.watch('" + ForkedGraphShowsEachSinkItsOwnVideoTest.GRAY_OUT + "') && e2e.watch('"
                + ForkedGraphShowsEachSinkItsOwnVideoTest.COLOUR_OUT + "')");
        e.waitFor("e2e.frames('" + ForkedGraphShowsEachSinkItsOwnVideoTest.GRAY_OUT + "') > 10 && e2e.frames('"
                + ForkedGraphShowsEachSinkItsOwnVideoTest.COLOUR_OUT + "') > 10", 30, "frames on both sinks",
                "JSON.stringify(e2e.messages())");
        JsonNode gray = e.js("e2e.sample('" + ForkedGraphShowsEachSinkItsOwnVideoTest.GRAY_OUT + "')");
        JsonNode colour = e.js("e2e.sample('" + ForkedGraphShowsEachSinkItsOwnVideoTest.COLOUR_OUT + "')");
        assertTrue("gray sink: " + gray, gray.get("meanChroma").asDouble() < 4);
        assertTrue("colour sink: " + colour, colour.get("meanChroma").asDouble() > 15);
        assertEquals(survivor, instanceIds(gateway, "w24"));

        // the dead worker comes back and rejoins
        workers.put(streaming, startWorker(logs, connect, streaming, "48", null));
        awaitWorkers(gateway, Set.of("w8", "w24", "w48"), 30_000);
    }

    /** An offer from the page through the gateway, answered but never connected: what the answer says. */
    private static final String PROBE_OFFER = "(async () => {"
            + " const pc = new RTCPeerConnection({ iceServers: [] });"
            + " pc.createDataChannel('parameters');"
            + " pc.addTransceiver('video', { direction: 'sendrecv' });"
            + " await pc.setLocalDescription(await pc.createOffer());"
            + " await new Promise((r) => { const t = setTimeout(r, 3000);"
            + "   pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') { clearTimeout(t); r(); } }; });"
            + " const r = await fetch('/api/v1/webrtc/offer', { method: 'POST', headers: { 'Content-Type': 'application/json' },"
            + "   body: JSON.stringify({ sdp: pc.localDescription.sdp, type: 'offer',"
            + "     initialParameters: { input_mode: 'text', pipeline_ids: ['gray', 'passthrough'] } }) });"
            + " const a = await r.json(); pc.close(); return { status: r.status, ...a }; })()";

    private static ScopeServer startWorker(Path logs, String connect, String id, String vram, Path home)
            throws IOException, InterruptedException {
        Map<String, String> env = clusterEnv(connect);
        env.put("SCOPE_ROLE", "worker");
        env.put("SCOPE_WORKER_ID", id);
        env.put("SCOPE_VRAM_GB", vram);
        return ScopeServer.start(logs.resolve(id + "-" + System.nanoTime()), env);
    }

    private static Map<String, String> clusterEnv(String connect) {
        Map<String, String> env = new HashMap<>();
        env.put("SCOPE_CLUSTER_ZK", connect);
        env.put("SCOPE_CLUSTER_SECRET", SECRET);
        env.put("SCOPE_CLUSTER_SESSION_TIMEOUT_MS", Integer.toString(SESSION_TIMEOUT_MS));
        return env;
    }

    private static JsonNode cluster(ScopeServer gateway) throws IOException, InterruptedException {
        ScopeServer.Response r = gateway.get("/api/v1/cluster/workers");
        assertEquals(r.body(), 200, r.status());
        return r.json().path("workers");
    }

    private static void awaitWorkers(ScopeServer gateway, Set<String> expected, long timeoutMs) throws Exception {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        Set<String> seen = Set.of();
        while (System.nanoTime() < end) {
            seen = new HashSet<>();
            for (JsonNode w : cluster(gateway)) {
                seen.add(w.path("id").asText());
            }
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("cluster workers " + seen + ", expected " + expected + " within " + timeoutMs + " ms");
    }

    /** The one worker that serves sessions now (waits for the published state to show it). */
    private static String workerWithSessions(ScopeServer gateway) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> busy = new ArrayList<>();
        while (System.nanoTime() < end) {
            busy.clear();
            for (JsonNode w : cluster(gateway)) {
                if (w.path("sessions").asInt() > 0) {
                    busy.add(w.path("id").asText());
                }
            }
            if (busy.size() == 1) {
                return busy.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected one worker serving sessions, got " + busy + ": " + cluster(gateway));
    }

    /** node id -> instance id of a worker's loaded instances, as the gateway sees them. */
    private static Map<String, String> instanceIds(ScopeServer gateway, String worker) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (JsonNode w : cluster(gateway)) {
            if (w.path("id").asText().equals(worker)) {
                for (JsonNode i : w.path("instances")) {
                    if (i.path("status").asText().equals("loaded")) {
                        out.put(i.path("node_id").asText(), i.path("instance_id").asText());
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, String> awaitLoaded(ScopeServer gateway, String worker, Set<String> nodes)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Map<String, String> ids = Map.of();
        while (System.nanoTime() < end) {
            ids = instanceIds(gateway, worker);
            if (ids.keySet().equals(nodes)) {
                return ids;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(worker + " loaded " + ids.keySet() + ", expected " + nodes);
    }

    private static List<String> ids(JsonNode array) {
        assertNotNull(array);
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }

    private static Set<Integer> candidatePorts(String sdp) {
        Set<Integer> ports = new HashSet<>();
        Matcher m = Pattern.compile("a=candidate:\\S+ \\d+ udp \\d+ \\S+ (\\d+) typ host").matcher(sdp);
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        return ports;
    }

    /** The console's cluster page as its user sees it: GET without a form, else the form posted from origin. */
    private HttpResponse<String> console(int port, String origin, String form) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/system/console/cluster")).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("admin:admin".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (form == null) {
            b.GET();
        } else {
            b.header("Origin", origin).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean draining(ScopeServer gateway, String worker) throws IOException, InterruptedException {
        for (JsonNode w : gateway.get("/api/v1/cluster/workers").json().path("workers")) {
            if (w.path("id").asText().equals(worker)) {
                return w.path("draining").asBoolean();
            }
        }
        throw new AssertionError("worker " + worker + " not in the cluster");
    }

    private HttpResponse<String> call(String method, int port, String path, String body, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The UDP ports a process has open on other than loopback addresses, from the namespace's socket tables and the
     * process's descriptors.
     */
    static final class UdpSockets {
        static Set<Integer> ports(long pid) throws IOException {
            Set<String> inodes = new HashSet<>();
            try (var fds = Files.list(Paths.get("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException gone) {
                        // closed meanwhile
                    }
                }
            }
            Set<Integer> ports = new HashSet<>();
            for (String table : List.of("udp", "udp6")) {
                Path file = Paths.get("/proc", Long.toString(pid), "net", table);
                if (!Files.exists(file)) {
                    continue;
                }
                for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                    String[] f = line.trim().split("\\s+");
                    // 127.0.0.1 (also IPv4-mapped, ::ffff:127.0.0.1) or ::1, as the kernel prints them
                    String address = f[1].substring(0, f[1].indexOf(':'));
                    boolean loopback = address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F")
                            || address.equals("00000000000000000000000001000000");
                    if (f.length > 9 && inodes.contains(f[9]) && !loopback) {
                        ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                    }
                }
            }
            return ports;
        }
    }
}
