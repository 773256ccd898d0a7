package scope.test.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import scope.test.e2e.E2e;
import scope.test.e2e.ScopeServer;

/**
 * The chaos suites, each against the real server jar: hostile REST bodies and paths, hostile workflows, abusive
 * plugin jars, a parallel hammer, slow clients, hostile data-channel messages from a real browser peer, and
 * connect/disconnect churn. Every suite is reproducible from its seed and bounded by its case count; each returns
 * a {@link Tally} with the server's threads and memory before and after.
 */
final class ChaosSuites {
    static final int TIMEOUT_MS = 15_000;

    private static final String[][] REST = {
        {"POST", "/api/v1/pipeline/load", "{\"pipelines\":[{\"node_id\":\"gray\",\"pipeline_id\":\"gray\","
                + "\"load_params\":{}}]}"},
        {"POST", "/api/v1/pipeline/load", "{\"pipeline_ids\":[\"passthrough\"],\"load_params\":{\"height\":64}}"},
        {"POST", "/api/v1/models/download", "{\"pipeline_id\":\"gray\"}"},
        {"POST", "/api/v1/webrtc/offer", "{\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n\","
                + "\"type\":\"offer\",\"initialParameters\":{\"pipeline_ids\":[\"gray\"],\"input_mode\":\"video\"}}"},
        {"PATCH", "/api/v1/webrtc/offer/no-such-session", "{\"candidates\":[{\"candidate\":\"candidate:1 1 udp 1 "
                + "10.0.0.1 9 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}]}"},
        {"POST", "/api/v1/plugins/no.such.plugin/reload", "{}"},
        {"POST", "/api/v1/workflow/resolve", "{\"format\":\"scope-workflow\",\"pipelines\":[{\"pipeline_id\":"
                + "\"gray\",\"role\":\"main\"}]}"},
    };
    private static final String[] GET_PATHS = {"/api/v1/pipeline/status", "/api/v1/models/status?pipeline_id=gray",
        "/api/v1/pipelines/schemas", "/api/v1/hardware/info", "/api/v1/plugins", "/health",
        "/api/v1/nodes/definitions", "/api/v1/webrtc/ice-servers"};
    private static final String[] WORKFLOWS = {
        "{\"format\":\"scope-workflow\",\"format_version\":\"1.0\",\"metadata\":{\"name\":\"x\",\"scope_version\":"
                + "\"0.2.4\"},\"pipelines\":[{\"pipeline_id\":\"gray\",\"role\":\"preprocessor\",\"source\":{\"type\":"
                + "\"builtin\"}},{\"pipeline_id\":\"longlive\",\"role\":\"main\",\"source\":{\"type\":\"builtin\"},"
                + "\"params\":{\"height\":320,\"width\":576,\"base_seed\":42},\"loras\":[{\"filename\":\"s.safetensors\","
                + "\"weight\":0.8}]}],\"prompts\":[{\"text\":\"a cat\",\"weight\":1}]}",
        "{\"prompts\":[{\"startTime\":0,\"endTime\":5,\"prompts\":[{\"text\":\"x\",\"weight\":100}]}],"
                + "\"settings\":{\"pipelineId\":\"passthrough\",\"resolution\":{\"height\":512,\"width\":512}},"
                + "\"version\":\"2.0\"}",
    };
    private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json",
        "application/json; charset=utf-8", "text/plain", null, "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=zz", "application/json; charset=latin1"};

    private ChaosSuites() {
    }

    /** Hostile bodies, content types and paths on every endpoint that takes input. */
    static Tally rest(ScopeServer server, int cases, long seed) throws IOException {
        Tally t = start("REST body fuzz", server);
        Mutator m = new Mutator(seed);
        for (int i = 0; i < cases && server.isAlive(); i++) {
            String[] ep = REST[m.nextInt(REST.length)];
            String path = m.nextInt(8) == 0 ? hostilePath(m, ep[1]) : ep[1];
            byte[] body = m.mutate(ep[2]);
            String type = CONTENT_TYPES[m.nextInt(CONTENT_TYPES.length)];
            record(t, server, RawHttp.request(ep[0], path, type, body), ep[0] + " " + path + " [" + type + "] "
                    + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
            if (m.nextInt(10) == 0) {
                String get = GET_PATHS[m.nextInt(GET_PATHS.length)];
                get = m.nextBoolean() ? hostilePath(m, get) : get;
                record(t, server, RawHttp.request("GET", get, null, new byte[0]), "GET " + get);
            }
        }
        return finish(t, server);
    }

    private static String hostilePath(Mutator m, String path) {
        return switch (m.nextInt(7)) {
            case 0 -> path + "?pipeline_id=%ZZ";
            case 1 -> path + "?a=" + "b".repeat(20_000);
            case 2 -> path + "/%2e%2e/%2e%2e/etc/passwd";
            case 3 -> path + "?%";
            case 4 -> path.replace("/v1/", "/v1//");
            case 5 -> path + "?pipeline_id=%C3%28";
            default -> path + ";jsessionid=x";
        };
    }

    /** Hostile workflow files through the resolve endpoint (the import path). */
    static Tally workflows(ScopeServer server, int cases, long seed) throws IOException {
        Tally t = start("workflow fuzz", server);
        Mutator m = new Mutator(seed);
        for (int i = 0; i < cases && server.isAlive(); i++) {
            byte[] body = m.mutate(WORKFLOWS[m.nextInt(WORKFLOWS.length)]);
            record(t, server, RawHttp.request("POST", "/api/v1/workflow/resolve", "application/json", body),
                    "workflow " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
        }
        return finish(t, server);
    }

    /** Uploads that are not plugins, or are plugins that must not be accepted. */
    static Tally pluginJars(ScopeServer server, int cases, long seed) throws IOException {
        Tally t = start("plugin-jar abuse", server);
        Mutator m = new Mutator(seed);
        for (int i = 0; i < cases && server.isAlive(); i++) {
            int kind = m.nextInt(10);
            byte[] jar = switch (kind) {
                case 0 -> randomBytes(m, 1 + m.nextInt(5000));
                case 1 -> jar(null, List.of());
                case 2 -> jar(manifest("", "1.0.0"), List.of());
                case 3 -> jar(manifest("scope.runtime", "0.1.0.SNAPSHOT"), List.of());
                case 4 -> jar(withHeader(manifest("chaos.shadow", "1.0.0"), "Export-Package", "scope.api;version=99"),
                        List.of());
                case 5 -> jar(withHeader(manifest("chaos.unresolvable", "1.0.0"), "Import-Package",
                        "no.such.pkg;version=\"[1,2)\""), List.of());
                case 6 -> jar(withHeader(manifest("chaos.fragment", "1.0.0"), "Fragment-Host", "scope.runtime"),
                        List.of());
                case 7 -> jar(manifest("../../evil", "1.0.0"), List.of());
                case 8 -> jar(manifest("chaos.bomb", "1.0.0"), List.of(new byte[40 << 20]));
                default -> m.damage(jar(manifest("chaos.damaged", "1.0.0"), List.of(new byte[4096])));
            };
            String type = m.nextBoolean() ? "application/java-archive" : "application/octet-stream";
            if (m.nextInt(4) == 0) {
                byte[] multipart = ("--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jar\"\r\n"
                        + "Content-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
                jar = concat(multipart, m.nextBoolean() ? jar : m.damage(jar));
                type = "multipart/form-data; boundary=" + (m.nextBoolean() ? "zz" : "");
            }
            int before = t.ok2xx;
            record(t, server, RawHttp.request("POST", "/api/v1/plugins", type, jar), "plugin kind " + kind);
            if (t.ok2xx > before) {
                // a damaged jar can still be a valid bundle: accepted, so it is taken out again like any plugin
                for (String name : List.of("chaos.damaged", "chaos.bomb")) {
                    RawHttp.send(server.port(), RawHttp.request("DELETE", "/api/v1/plugins/" + name, null,
                            new byte[0]), TIMEOUT_MS);
                }
            }
        }
        // every refused upload left the folder as it was
        try (var files = java.nio.file.Files.list(server.home().resolve("plugins"))) {
            List<String> left = files.map(p -> p.getFileName().toString()).toList();
            if (!left.isEmpty()) {
                t.status(500, "plugins folder not clean after the abuse: " + left);
            }
        }
        return finish(t, server);
    }

    /** Many parallel clients at once, reads and loads mixed. */
    static Tally hammer(ScopeServer server, int calls, int parallel) throws Exception {
        Tally t = start("hammer (" + parallel + " parallel)", server);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    byte[] req = n % 5 == 0
                            ? RawHttp.request("POST", "/api/v1/pipeline/load", "application/json", REST[0][2]
                                    .getBytes(StandardCharsets.UTF_8))
                            : RawHttp.request("GET", GET_PATHS[n % GET_PATHS.length], null, new byte[0]);
                    record(t, server, req, "hammer " + n);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return finish(t, server);
    }

    /**
     * Clients that open connections and trickle a request, never finishing it: they must be cut off, and a normal
     * client must still be answered meanwhile.
     */
    static Tally slowClients(ScopeServer server, int connections) throws Exception {
        Tally t = start("slow clients", server);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.getOutputStream().write("GET /api/v1/pipeline/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                        .getBytes(StandardCharsets.ISO_8859_1));
                sockets.add(s);
            }
            record(t, server, RawHttp.request("GET", "/api/v1/pipeline/status", null, new byte[0]),
                    "normal client beside " + connections + " slow ones");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        return finish(t, server);
    }

    /**
     * Hostile messages on the parameters data channel of a live stream from Chromium: the stream must go on
     * delivering frames and the server must answer the API.
     */
    static Tally dataChannel(E2e e, int cases, long seed) throws Exception {
        Tally t = start("data-channel fuzz", e.server);
        Mutator m = new Mutator(seed);
        e.openUi(null);
        e.js("e2e.start({pipelines: ['passthrough']})");
        e.js("e2e.watch('#e2e-out')");
        String[] templates = {"{\"prompts\":[{\"text\":\"a\",\"weight\":1}]}", "{\"paused\":true}",
            "{\"paused\":false}", "{\"noise_scale\":0.5,\"denoising_step_list\":[1000,750]}",
            "{\"transition\":{\"target_prompts\":[{\"text\":\"b\",\"weight\":1}],\"num_steps\":4}}",
            "{\"reset_cache\":true}"};
        for (int i = 0; i < cases && e.server.isAlive(); i++) {
            byte[] msg = m.nextInt(10) == 0 ? randomBytes(m, 1 + m.nextInt(200))
                    : m.mutate(templates[m.nextInt(templates.length)]);
            String text = new String(msg, StandardCharsets.UTF_8);
            boolean sent = e.js("(() => { try { e2e.session.dc.send(" + E2e.quote(text) + "); return true; } "
                    + "catch (err) { return false; } })()").asBoolean();
            t.status(sent ? 200 : 0, "message " + i);
        }
        e.js("e2e.session.dc.send(JSON.stringify({paused: false}))");
        long before = e.js("e2e.frames('#e2e-out')").asLong();
        try {
            e.waitFor("e2e.frames('#e2e-out') > " + (before + 10), 30, "frames after the fuzz",
                    "e2e.frames('#e2e-out')");
        } catch (IOException | AssertionError err) {
            t.hang("the stream stopped delivering frames after the fuzz: " + err.getMessage());
        }
        e.js("e2e.stop()");
        return finish(t, e.server);
    }

    /** Connect, stream, disconnect, over and over. */
    static Tally churn(E2e e, int cycles) throws Exception {
        Tally t = start("connect/disconnect churn", e.server);
        e.openUi(null);
        for (int i = 0; i < cycles && e.server.isAlive(); i++) {
            try {
                String id = e.js("e2e.start({pipelines: ['gray']})").asText();
                e.js("e2e.watch('#e2e-out')");
                long before = e.js("e2e.frames('#e2e-out')").asLong();
                e.waitFor("e2e.frames('#e2e-out') >= " + (before + 5), 30, "frames in cycle " + i, "0");
                if (i % 2 == 0) {
                    e.js("fetch('/api/v1/webrtc/offer/" + id + "', {method: 'DELETE'}).then(r => r.status)");
                }
                e.js("e2e.stop()");
                t.status(200, "cycle " + i);
            } catch (IOException | AssertionError err) {
                t.hang("cycle " + i + ": " + err.getMessage());
            }
        }
        return finish(t, e.server);
    }

    // ---------------------------------------------------------------- helpers

    private static Tally start(String name, ScopeServer server) {
        Tally t = new Tally(name);
        t.before = Resources.of(server.pid());
        return t;
    }

    private static Tally finish(Tally t, ScopeServer server) throws IOException {
        t.crashed = !server.isAlive();
        t.after = Resources.of(server.pid());
        return t;
    }

    private static void record(Tally t, ScopeServer server, byte[] request, String what) throws IOException {
        int status = RawHttp.send(server.port(), request, TIMEOUT_MS);
        if (status < 0) {
            t.hang(what);
        } else {
            t.status(status, what);
        }
    }

    private static Manifest manifest(String bsn, String version) {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        return mf;
    }

    private static Manifest withHeader(Manifest mf, String name, String value) {
        mf.getMainAttributes().putValue(name, value);
        return mf;
    }

    private static byte[] jar(Manifest mf, List<byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream raw = bytes;
                JarOutputStream out = mf == null ? new JarOutputStream(raw) : new JarOutputStream(raw, mf)) {
            int n = 0;
            for (byte[] e : entries) {
                out.putNextEntry(new ZipEntry("data/" + n++ + ".bin"));
                out.write(e);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] randomBytes(Mutator m, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) m.nextInt(256);
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
