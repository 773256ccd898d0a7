package scope.test.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A check outside the test suite, like the benchmarks: Scope's own frontend (a {@code dist} folder built from a
 * Scope source tree, see {@code test/scope-frontend/check.sh}) served by the server jar with {@code --ui-dir}, and
 * driven in headless Chromium through a new user's everyday flows. It prints one PASS/FAIL line per flow, then every
 * console error and every failed or 4xx/5xx request the page made over the whole run (from the DevTools Network,
 * Runtime and Log domains), and exits 1 when anything failed.
 *
 * <p>Arguments: the built frontend's {@code dist} folder, and optionally the seconds the page is left open at the
 * end so that its polling (logs, status, plugins) shows in the request list (default 30).
 */
public final class ScopeFrontendCheck {
    private record Outcome(String flow, boolean passed, String detail) {
    }

    private record Request(String method, String url, int status, String note) {
    }

    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<Request> failedRequests = new CopyOnWriteArrayList<>();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final Map<String, String> methods = new ConcurrentHashMap<>();
    private final Map<String, String> urls = new ConcurrentHashMap<>();
    private final List<String> loadBodies = new CopyOnWriteArrayList<>();
    private String origin;
    private final Map<String, Integer> requestsByRoute = new ConcurrentHashMap<>();

    private interface Flow {
        String run(E2e e) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !Files.isRegularFile(Paths.get(args[0]).resolve("index.html"))) {
            System.err.println("usage: ScopeFrontendCheck <built Scope frontend dist folder> [idle seconds]"
                    + (args.length < 1 ? "" : "\n  no index.html in " + Paths.get(args[0]).toAbsolutePath()));
            System.exit(2);
        }
        Path dist = Paths.get(args[0]).toAbsolutePath();
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        ScopeFrontendCheck check = new ScopeFrontendCheck();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SCOPE_UI_DIR", dist.toString());
        env.put("SCOPE_VRAM_GB", System.getProperty("scope.ui.vram", "0"));
        String home = System.getProperty("scope.ui.home", "").trim();
        if (home.isEmpty()) {
            E2e.run("ScopeFrontendCheck", env, e -> check.drive(e, idleSeconds));
        } else {
            E2e.run("ScopeFrontendCheck", env, Paths.get(home), e -> check.drive(e, idleSeconds));
        }
        System.exit(check.report() ? 0 : 1);
    }

    private void drive(E2e e, int idleSeconds) throws Exception {
        Chromium.Page page = e.page;
        origin = e.server.origin();
        page.onEvent(this::observe);
        page.call("Network.enable", Map.of());
        page.call("Runtime.enable", Map.of());
        page.call("Log.enable", Map.of());

        flow(e, "Scope's UI loads at /", x -> {
            x.page.navigate(x.server.origin() + "/");
            x.waitFor("document.querySelector('#root') && document.querySelector('#root').innerText.length > 0",
                    30, "the app to render", "document.body.innerText.slice(0, 300)");
            return "rendered: " + oneLine(text(x, 120));
        });
        flow(e, "Onboarding completes (Run Locally, no telemetry, start from scratch)", this::onboarding);
        flow(e, "Reload: onboarding does not come back", x -> {
            x.page.call("Page.reload", Map.of());
            Thread.sleep(1000);
            x.waitFor("document.readyState === 'complete' && document.querySelector('#root')"
                    + " && document.querySelector('#root').innerText.length > 0", 30, "the app after reload", null);
            Thread.sleep(3000);
            String body = text(x, 4000);
            if (body.contains("Run Locally")) {
                throw new AssertionError("the inference-mode step is shown again");
            }
            return "server state " + x.server.get("/api/v1/onboarding/status").body();
        });
        e.injectHarness();
        e.js("(() => { window.__pcs = []; const Pc = window.RTCPeerConnection; window.RTCPeerConnection ="
                + " class extends Pc { constructor(...a) { super(...a); window.__pcs.push(this); } }; return true; })()");
        e.js("(() => { window.__exported = []; const make = URL.createObjectURL;"
                + " URL.createObjectURL = (b) => { if (b instanceof Blob) b.text().then((t) => __exported.push(t));"
                + " return make.call(URL, b); }; return true; })()");
        flow(e, "Perform mode: camera, gray, Start, frames are gray", x -> {
            click(x, "Perform");
            click(x, "Camera");
            pickPipeline(x, "gray");
            return startAndWatch(x, true);
        });
        flow(e, "Stop (Reset timeline), pick passthrough, Start again, frames in colour", x -> {
            clickSelector(x, "button[title='Reset timeline']", "Reset timeline");
            x.waitFor("document.querySelector('[aria-label=\"Start stream\"]')", 20, "the stream to stop", null);
            pickPipeline(x, "passthrough");
            return startAndWatch(x, false);
        });
        flow(e, "Stop and Start again with the same pipeline", x -> {
            clickSelector(x, "button[title='Reset timeline']", "Reset timeline");
            x.waitFor("document.querySelector('[aria-label=\"Start stream\"]')", 20, "the stream to stop", null);
            return startAndWatch(x, false);
        });
        String[] exported = new String[1];
        flow(e, "Export the workflow (timeline Export -> Export Workflow)", x -> {
            clickSelector(x, "button[title='Reset timeline']", "Reset timeline");
            click(x, "Export");
            click(x, "Export Workflow");
            clickInDialog(x, "Export");
            x.waitFor("window.__exported.some((t) => t.includes('pipelines'))", 10, "the exported file",
                    "window.__exported.length");
            exported[0] = x.js("window.__exported.filter((t) => t.includes('pipelines')).pop()").asText();
            return oneLine(exported[0]);
        });
        flow(e, "Import the exported workflow back (Import -> file -> Load Workflow)", x -> {
            if (exported[0] == null) {
                throw new AssertionError("nothing was exported");
            }
            pickPipeline(x, "gray");
            click(x, "Import");
            x.waitFor("document.querySelector('[role=dialog] input[type=file]')", 10, "the import dialog's file input",
                    null);
            x.js("e2e.pickFile('[role=dialog] input[type=file]', 'check.scope-workflow.json', " + E2e.quote(exported[0])
                    + ")");
            String how = loadImported(x);
            String selected = x.js(PIPELINE_SELECT + ".innerText").asText();
            String expected = Cdp.JSON.readTree(exported[0]).at("/pipelines/0/pipeline_id").asText();
            if (!selected.contains(expected)) {
                throw new AssertionError("the imported workflow's pipeline " + expected + " is not selected: "
                        + selected);
            }
            return how + "; selected after import: " + selected;
        });
        if (!e.server.get("/api/v1/pipelines/schemas").json().at("/pipelines/longlive").isMissingNode()) {
            flow(e, "LongLive: Start, change the prompt live, Stop, Start again", this::longLivePrompt);
        } else {
            System.out.println("LongLive is not listed (SCOPE_UI_VRAM=0 or no models): its prompt flow is not run");
        }
        flow(e, "Workflow (graph) mode: Graph -> Default Workflow, Run, frames", x -> {
            clickSelector(x, "button[title='Reset timeline']", "Reset timeline");
            click(x, "Workflow");
            Thread.sleep(1000);
            click(x, "Graph");
            click(x, "Default Workflow");
            Thread.sleep(800);
            if (x.js("!!document.querySelector('[role=alertdialog]')").asBoolean()) {
                clickInDialog(x, "Reset"); // "Reset to default workflow?" when a graph is there already
            }
            Thread.sleep(1000);
            return runGraph(x);
        });
        String[] graph = new String[1];
        flow(e, "Workflow mode: Stop, Graph -> Export Workflow, import it back, Run", x -> {
            stopIfRunning(x);
            int before = x.js("window.__exported.length").asInt();
            click(x, "Graph");
            click(x, "Export Workflow");
            Thread.sleep(800);
            if (x.js("!!document.querySelector('[role=dialog]') && document.querySelector('[role=dialog]').innerText"
                    + ".includes('Export Workflow')").asBoolean()) {
                click(x, "Export Workflow"); // the choice of what to export, as in Perform mode
            }
            if (x.js("!!document.querySelector('[role=dialog]')").asBoolean()) {
                // the graph's export dialog starts with an empty name, and Export stays disabled without one
                x.js("(() => { const i = document.querySelector('[role=dialog] input'); if (i && !i.value) {"
                        + " i.focus(); Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set"
                        + ".call(i, 'check graph'); i.dispatchEvent(new Event('input', {bubbles: true})); }"
                        + " return true; })()");
                clickInDialog(x, "Export");
            }
            x.waitFor("window.__exported.length > " + before, 10, "the exported graph workflow", null);
            graph[0] = x.js("window.__exported.at(-1)").asText();
            x.js("e2e.pickFile('input[type=file][accept*=\"scope-workflow\"]', 'graph.scope-workflow.json', "
                    + E2e.quote(graph[0]) + ")");
            String how = loadImported(x);
            return how + "; " + runGraph(x);
        });
        flow(e, "Workflow mode: a forked graph (Source -> passthrough -> Sink, Source -> gray -> Sink_1), imported and"
                + " run: one sink in colour, one gray", x -> forkedGraph(x, graph[0]));
        flow(e, "Uninstall a plugin from the Nodes dialog: the restart wait ends within 5 s", this::uninstall);
        Thread.sleep(idleSeconds * 1000L);
    }

    private String onboarding(E2e x) throws Exception {
        if (x.server.get("/api/v1/onboarding/status").json().path("completed").asBoolean()
                && !text(x, 6000).contains("Run Locally")) {
            return "already completed on this home: not shown (" + x.server.get("/api/v1/onboarding/status").body()
                    + ")";
        }
        x.waitFor("document.body.innerText.includes('Run Locally')", 30, "the inference-mode step",
                "document.body.innerText.slice(0, 300)");
        click(x, "Run Locally");
        click(x, "Continue");
        List<String> steps = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            String body = text(x, 6000);
            if (body.contains("No thanks")) {
                click(x, "No thanks");
                steps.add("telemetry declined");
            } else if (body.contains("Start from scratch")) {
                click(x, "Start from scratch");
                steps.add("started from scratch");
            } else if (body.contains("Skip tour")) {
                click(x, "Skip tour");
                steps.add("tour skipped");
            } else if (x.server.get("/api/v1/onboarding/status").json().path("completed").asBoolean()) {
                return String.join(", ", steps) + "; server: " + x.server.get("/api/v1/onboarding/status").body();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("onboarding not completed after " + steps + "; page: " + oneLine(text(x, 300)));
    }

    private String startAndWatch(E2e x, boolean gray) throws Exception {
        int before = x.js("e2e.peerConnections().length").asInt();
        clickSelector(x, "[aria-label='Start stream']", "Start stream");
        x.waitFor("e2e.peerConnections().length > " + before + " && e2e.peerConnections().at(-1) === 'connected'", 40,
                "a connected peer connection", "JSON.stringify(e2e.peerConnections()) + ' ' + document.body.innerText"
                        + ".slice(0, 300)");
        x.waitFor("[...document.querySelectorAll('video')].some((v) => v.srcObject && v.videoWidth > 0"
                + " && v.srcObject.getVideoTracks().some((t) => t.readyState === 'live'))", 30, "video output", null);
        Thread.sleep(1500);
        double decoded = x.decodedFps(2);
        JsonNode sample = x.js("(() => { const v = [...document.querySelectorAll('video')].filter((v) => v.srcObject"
                + " && v.videoWidth > 0).pop(); return e2e.sample(v); })()");
        double chroma = sample.path("meanChroma").asDouble();
        String detail = String.format("%.1f frames/s decoded, mean chroma %.1f, %dx%d", decoded, chroma,
                sample.path("width").asInt(), sample.path("height").asInt());
        if (decoded < 1) {
            throw new AssertionError("no frames decoded: " + detail);
        }
        if (gray ? chroma > 3 : chroma < 3) {
            throw new AssertionError((gray ? "not gray: " : "not in colour: ") + detail);
        }
        return detail;
    }

    private String longLivePrompt(E2e x) throws Exception {
        clickSelector(x, "button[title='Reset timeline']", "Reset timeline");
        pickPipeline(x, "longlive");
        String started = startAndWatchAny(x);
        String textarea = "[...document.querySelectorAll('textarea')].find((t) => t.offsetParent !== null)";
        x.waitFor(textarea, 20, "a prompt box", null);
        int sentBefore = x.js("e2e.sent().length").asInt();
        x.js("(() => { const t = " + textarea + "; t.focus(); Object.getOwnPropertyDescriptor("
                + "HTMLTextAreaElement.prototype, 'value').set.call(t, 'a red fox running through snow');"
                + " t.dispatchEvent(new Event('input', {bubbles: true})); return true; })()");
        for (String type : new String[] {"keyDown", "keyUp"}) {
            x.page.call("Input.dispatchKeyEvent", Map.of("type", type, "key", "Enter", "code", "Enter",
                    "windowsVirtualKeyCode", 13, "text", type.equals("keyDown") ? "\r" : ""));
        }
        x.waitFor("e2e.sent().slice(" + sentBefore + ").some((m) => JSON.stringify(m).includes('red fox'))", 10,
                "the new prompt on the data channel", "JSON.stringify(e2e.sent().slice(-3))");
        String sent = x.js("JSON.stringify(e2e.sent().slice(" + sentBefore + ").find((m) => JSON.stringify(m)"
                + ".includes('red fox')))").asText();
        Thread.sleep(2000);
        clickSelector(x, "button[title='Reset timeline']", "Reset timeline");
        x.waitFor("document.querySelector('[aria-label=\"Start stream\"]')", 20, "the stream to stop", null);
        String again = startAndWatchAny(x);
        return "first: " + started + "; prompt sent " + oneLine(sent) + "; again: " + again;
    }

    /**
     * The exported graph workflow with a second branch added (a gray pipeline node and a second sink fed from the same
     * source), imported through the graph toolbar and run; the two sinks must show different video.
     */
    private String forkedGraph(E2e x, String exported) throws Exception {
        if (exported == null) {
            throw new AssertionError("no graph workflow was exported");
        }
        var wf = (com.fasterxml.jackson.databind.node.ObjectNode) Cdp.JSON.readTree(exported);
        var g = (com.fasterxml.jackson.databind.node.ObjectNode) wf.get("graph");
        JsonNode toPipeline = null;
        JsonNode toSink = null;
        for (JsonNode edge : g.path("edges")) {
            String to = edge.path("to_node").asText();
            for (JsonNode n : g.path("nodes")) {
                if (n.path("id").asText().equals(to) && n.path("type").asText().equals("pipeline")) {
                    toPipeline = edge;
                } else if (n.path("id").asText().equals(to) && n.path("type").asText().equals("sink")) {
                    toSink = edge;
                }
            }
        }
        if (toPipeline == null || toSink == null) {
            throw new AssertionError("the exported graph has no source -> pipeline -> sink chain: " + oneLine(g.toString()));
        }
        var nodes = (com.fasterxml.jackson.databind.node.ArrayNode) g.get("nodes");
        nodes.addObject().put("id", "gray").put("type", "pipeline").put("pipeline_id", "gray").put("x", 500)
                .put("y", 500);
        nodes.addObject().put("id", "output_1").put("type", "sink").put("x", 900).put("y", 500);
        var edges = (com.fasterxml.jackson.databind.node.ArrayNode) g.get("edges");
        edges.addObject().put("from", toPipeline.path("from").asText()).put("from_port",
                toPipeline.path("from_port").asText()).put("to_node", "gray")
                .put("to_port", toPipeline.path("to_port").asText()).put("kind", "stream");
        edges.addObject().put("from", "gray").put("from_port", toSink.path("from_port").asText())
                .put("to_node", "output_1").put("to_port", toSink.path("to_port").asText()).put("kind", "stream");
        g.putNull("ui_state"); // the canvas is built from nodes and edges
        var pipelines = (com.fasterxml.jackson.databind.node.ArrayNode) wf.get("pipelines");
        var grayEntry = pipelines.get(0).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) grayEntry).put("pipeline_id", "gray");
        pipelines.add(grayEntry);

        stopIfRunning(x);
        x.js("e2e.pickFile('input[type=file][accept*=\"scope-workflow\"]', 'forked.scope-workflow.json', "
                + E2e.quote(wf.toString()) + ")");
        String ran = loadImported(x) + "; " + runGraph(x);
        Thread.sleep(2000);
        // only the videos that show what the server sends (the Source node previews the local camera or file)
        JsonNode samples = x.js("(() => { const pc = window.__pcs.at(-1); const remote = new Set(pc.getReceivers()"
                + ".map((r) => r.track && r.track.id)); return [...document.querySelectorAll('video')].filter((v) =>"
                + " v.srcObject && v.videoWidth > 0 && v.srcObject.getVideoTracks().some((t) => remote.has(t.id)))"
                + ".map((v) => e2e.sample(v)).filter((s) => s).map((s) => Math.round(s.meanChroma)); })()");
        String directions = x.js("window.__pcs.at(-1).getTransceivers().filter((t) => t.receiver.track.kind"
                + " === 'video').map((t) => t.currentDirection).join(',')").asText();
        String detail = ran + "; video transceivers " + directions + "; mean chroma of the server's videos " + samples;
        boolean grayShown = false;
        boolean colourShown = false;
        for (JsonNode c : samples) {
            grayShown |= c.asDouble() <= 3;
            colourShown |= c.asDouble() > 3;
        }
        if (!grayShown || !colourShown) {
            throw new AssertionError("the two sinks do not show gray and colour: " + detail);
        }
        return detail;
    }

    /**
     * After a file is picked: the import dialog validates, then loads directly (every dependency resolved) or shows
     * its review step, where Load Workflow is pressed. Done once no dialog has been open for 1.5 s.
     */
    private String loadImported(E2e x) throws Exception {
        String how = "loaded directly (every dependency resolved)";
        String load = "[...document.querySelectorAll('[role=dialog] button')].find((b) => !b.disabled"
                + " && b.innerText.includes('Load Workflow'))";
        int closedPolls = 0;
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (closedPolls < 6) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the import dialog stays open: " + oneLine(x.js(
                        "document.querySelector('[role=dialog]').innerText").asText()));
            }
            if (x.js("!!" + load).asBoolean()) {
                how = "review: " + oneLine(x.js("document.querySelector('[role=dialog]').innerText").asText());
                mouse(x, load, "Load Workflow");
            }
            closedPolls = x.js("!!document.querySelector('[role=dialog]')").asBoolean() ? 0 : closedPolls + 1;
            Thread.sleep(250);
        }
        return how;
    }

    private static void stopIfRunning(E2e x) throws Exception {
        if (x.js("[...document.querySelectorAll('button')].some((b) => b.offsetParent !== null"
                + " && b.innerText.trim() === 'Stop')").asBoolean()) {
            click(x, "Stop");
            Thread.sleep(1000);
        }
    }

    /** Presses the graph toolbar's Run and waits for decoded frames. */
    private String runGraph(E2e x) throws Exception {
        int before = x.js("e2e.peerConnections().length").asInt();
        click(x, "Run");
        x.waitFor("e2e.peerConnections().length > " + before + " && e2e.peerConnections().at(-1) === 'connected'", 60,
                "a connected peer connection", "JSON.stringify(e2e.peerConnections()) + ' ' + document.body.innerText"
                        + ".slice(0, 300)");
        double decoded = 0;
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (decoded <= 0 && System.nanoTime() < end) {
            decoded = x.decodedFps(2);
        }
        if (decoded <= 0) {
            throw new AssertionError("no frames decoded within 30 s");
        }
        return String.format("%.1f frames/s decoded; graph load %s", decoded,
                oneLine(loadBodies.isEmpty() ? "-" : loadBodies.get(loadBodies.size() - 1)));
    }

    /** Starts and waits for decoded frames of any colour (generated video). */
    private String startAndWatchAny(E2e x) throws Exception {
        int before = x.js("e2e.peerConnections().length").asInt();
        clickSelector(x, "[aria-label='Start stream']", "Start stream");
        x.waitFor("e2e.peerConnections().length > " + before + " && e2e.peerConnections().at(-1) === 'connected'", 90,
                "a connected peer connection", "JSON.stringify(e2e.peerConnections()) + ' ' + document.body.innerText"
                        + ".slice(0, 300)");
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        double decoded = 0;
        while (decoded <= 0 && System.nanoTime() < end) {
            decoded = x.decodedFps(2);
        }
        if (decoded <= 0) {
            throw new AssertionError("no frames decoded within 60 s");
        }
        return String.format("%.1f frames/s decoded", decoded);
    }

    /** The Settings panel's "Pipeline ID" select (other selects come before it with some pipelines). */
    private static final String PIPELINE_SELECT = "[...document.querySelectorAll('h3')].find((h) => h.innerText.trim()"
            + " === 'Pipeline ID').parentElement.querySelector('[role=combobox]')";

    private static void pickPipeline(E2e x, String id) throws Exception {
        x.waitFor(PIPELINE_SELECT + " && !" + PIPELINE_SELECT + ".disabled", 20, "the Pipeline ID select", null);
        mouse(x, PIPELINE_SELECT, "the Pipeline ID select");
        x.waitFor("[...document.querySelectorAll('[role=option]')].some((o) => o.innerText.trim() === "
                + E2e.quote(id) + ")", 10, "option " + id, null);
        mouse(x, "[...document.querySelectorAll('[role=option]')].find((o) => o.innerText.trim() === "
                + E2e.quote(id) + ")", id);
        x.waitFor(PIPELINE_SELECT + ".innerText.includes(" + E2e.quote(id) + ")", 10,
                "pipeline " + id + " selected", null);
    }

    private String uninstall(E2e x) throws Exception {
        // the dialog's buttons are disabled while a stream runs: Stop in the graph toolbar or Perform's Reset
        if (x.js("[...document.querySelectorAll('button')].some((b) => b.offsetParent !== null"
                + " && b.innerText.trim() === 'Stop')").asBoolean()) {
            click(x, "Stop");
        } else if (x.js("!!document.querySelector(\"button[title='Reset timeline']\")").asBoolean()) {
            clickSelector(x, "button[title='Reset timeline']", "Reset timeline");
        }
        Thread.sleep(1500);
        Path jar = E2e.built("sample", "test.plugins.sample");
        x.server.deployPlugin(jar);
        String name = null;
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (name == null && System.nanoTime() < end) {
            for (JsonNode p : x.server.get("/api/v1/plugins").json().path("plugins")) {
                if (p.path("name").asText().contains("sample")) {
                    name = p.path("name").asText();
                }
            }
            Thread.sleep(300);
        }
        if (name == null) {
            throw new AssertionError("the dropped sample plugin is not listed: " + x.server.get("/api/v1/plugins").body());
        }
        click(x, "Menu");
        click(x, "Nodes");
        click(x, "Installed");
        // the smallest block of the dialog that names the plugin and has buttons: its row; the remove button last
        String row = "(() => { const rows = [...document.querySelectorAll('[role=dialog] div')].filter((d) =>"
                + " d.innerText.includes(" + E2e.quote(name) + ") && d.querySelector('button'))"
                + ".sort((a, b) => a.innerText.length - b.innerText.length); return rows.length ? [...rows[0]"
                + ".querySelectorAll('button')].pop() : null; })()";
        x.waitFor(row + " && !" + row + ".disabled", 15, "the plugin's row with its enabled remove button", "document.querySelector('[role=dialog]')"
                + ".innerText.slice(0, 400)");
        long t0 = System.nanoTime();
        mouse(x, row, "remove " + name);
        // the toast reads "Uninstalled NAME. Restarting server..." while the UI waits for /health's start time to
        // move, then "Server restarted" - or "Uninstalled NAME" alone when its 30 s wait ran out
        x.waitFor("document.body.innerText.includes('Server restarted') || (document.body.innerText.includes("
                + "'Uninstalled " + name + "') && !document.body.innerText.includes('Restarting server'))", 60,
                "the uninstall to finish", "document.body.innerText.slice(-300)");
        double seconds = (System.nanoTime() - t0) / 1e9;
        boolean restarted = text(x, 100000).contains("Server restarted");
        boolean gone = x.server.get("/api/v1/plugins").body().contains("\"" + name + "\"");
        String detail = String.format("%s removed, toast %s after %.1f s", name,
                restarted ? "'Server restarted'" : "'Uninstalled' (the restart wait timed out)", seconds);
        if (!restarted || seconds > 5 || gone) {
            throw new AssertionError(detail + (gone ? "; still listed" : ""));
        }
        x.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))");
        return detail;
    }

    /** A real mouse click (pointer events, as Radix menus need) at the middle of the element an expression gives. */
    static void mouse(E2e x, String elementExpression, String what) throws Exception {
        JsonNode r = x.js("(() => { const el = " + elementExpression + "; if (!el) return null; el.scrollIntoView("
                + "{block: 'center'}); const b = el.getBoundingClientRect(); return {x: b.x + b.width / 2,"
                + " y: b.y + b.height / 2}; })()");
        if (r == null || r.isNull() || r.isMissingNode()) {
            throw new AssertionError("nothing to click for " + what);
        }
        for (String type : new String[] {"mouseMoved", "mousePressed", "mouseReleased"}) {
            x.page.call("Input.dispatchMouseEvent", Map.of("type", type, "x", r.get("x").asDouble(),
                    "y", r.get("y").asDouble(), "button", "left", "clickCount", 1));
        }
        Thread.sleep(400);
    }

    static void clickSelector(E2e x, String selector, String what) throws Exception {
        x.waitFor("document.querySelector(" + E2e.quote(selector) + ") && !document.querySelector("
                + E2e.quote(selector) + ").disabled", 20, what, "document.body.innerText.slice(0, 400)");
        mouse(x, "document.querySelector(" + E2e.quote(selector) + ")", what);
    }

    static void clickInDialog(E2e x, String label) throws Exception {
        String find = "[...document.querySelectorAll('[role=dialog] button, [role=alertdialog] button')]"
                + ".filter((b) => !b.disabled"
                + " && b.innerText.trim() === " + E2e.quote(label) + ").pop()";
        x.waitFor(find, 20, "a button " + label + " in the dialog", null);
        mouse(x, find, label);
    }

    /** Clicks the first visible button (or role=button/option/tab) whose text contains the given text. */
    static void click(E2e x, String label) throws Exception {
        String q = E2e.quote(label);
        x.waitFor("[...document.querySelectorAll('button,[role=button],[role=option],[role=tab],[role=menuitem]')]"
                + ".some(b => b.offsetParent !== null && !b.disabled && (b.innerText || '').includes(" + q + "))",
                20, "a button " + label, "document.body.innerText.slice(0, 400)");
        String all = "[...document.querySelectorAll('button,[role=button],[role=option],[role=tab],[role=menuitem]')]"
                + ".filter(b => b.offsetParent !== null && !b.disabled && (b.innerText || '').includes(" + q + "))";
        // inside an open dialog or menu first: the page behind it has buttons of the same name
        mouse(x, "(" + all + ".find(b => b.closest('[role=dialog],[role=menu],[role=alertdialog]')) || " + all
                + "[0])", label);
    }

    static String text(E2e x, int max) throws Exception {
        return x.js("document.body.innerText.slice(0, " + max + ")").asText();
    }

    private void flow(E2e e, String name, Flow flow) {
        try {
            outcomes.add(new Outcome(name, true, flow.run(e)));
        } catch (Exception | AssertionError err) {
            outcomes.add(new Outcome(name, false, oneLine(String.valueOf(err.getMessage()))));
            try {
                e.page.screenshot(E2e.TARGET.resolve("e2e/ScopeFrontendCheck/failed-" + outcomes.size() + ".png"));
            } catch (Exception | AssertionError ignored) {
                // the outcome is what matters
            }
        }
    }

    private void observe(JsonNode msg) {
        JsonNode p = msg.path("params");
        switch (msg.path("method").asText()) {
            case "Network.requestWillBeSent" -> {
                methods.put(p.path("requestId").asText(), p.at("/request/method").asText());
                String url = p.at("/request/url").asText();
                urls.put(p.path("requestId").asText(), url);
                if (url.endsWith("/api/v1/pipeline/load")) {
                    loadBodies.add(p.at("/request/postData").asText());
                }
                requestsByRoute.merge(route(url), 1, Integer::sum);
            }
            case "Network.responseReceived" -> {
                int status = p.at("/response/status").asInt();
                if (status >= 400) {
                    failedRequests.add(new Request(methods.getOrDefault(p.path("requestId").asText(), "?"),
                            p.at("/response/url").asText(), status, ""));
                }
            }
            case "Network.loadingFailed" -> {
                if (!p.path("canceled").asBoolean()) {
                    failedRequests.add(new Request(methods.getOrDefault(p.path("requestId").asText(), "?"),
                            urls.getOrDefault(p.path("requestId").asText(), "?"), 0, p.path("errorText").asText()));
                }
            }
            case "Runtime.consoleAPICalled" -> {
                if (p.path("type").asText().equals("error")) {
                    StringBuilder s = new StringBuilder();
                    for (JsonNode a : p.path("args")) {
                        s.append(a.has("value") ? a.get("value").asText() : a.path("description").asText()).append(' ');
                    }
                    consoleErrors.add("console.error: " + oneLine(s.toString().trim()));
                }
            }
            case "Runtime.exceptionThrown" -> consoleErrors.add("exception: " + oneLine(
                    p.at("/exceptionDetails/exception/description").asText(p.at("/exceptionDetails/text").asText())));
            case "Log.entryAdded" -> {
                if (p.at("/entry/level").asText().equals("error")) {
                    consoleErrors.add("log: " + oneLine(p.at("/entry/text").asText() + " " + p.at("/entry/url").asText()));
                }
            }
            default -> {
            }
        }
    }

    private static String route(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    private boolean report() {
        System.out.println();
        System.out.println("Scope's frontend against this server:");
        boolean ok = true;
        for (Outcome o : outcomes) {
            System.out.printf("%s  %s%n      %s%n", o.passed ? "PASS" : "FAIL", o.flow, o.detail);
            ok &= o.passed;
        }
        // the private network namespace has no route out: requests to other hosts (web fonts, daydream.live)
        // fail by design and are listed apart; only this server's answers decide
        Map<String, Integer> ours = new LinkedHashMap<>();
        Map<String, Integer> outside = new LinkedHashMap<>();
        for (Request r : failedRequests) {
            String key = r.method + " " + route(r.url) + " -> " + (r.status == 0 ? r.note : r.status);
            (r.url.startsWith(origin) ? ours : outside).merge(key, 1, Integer::sum);
        }
        System.out.println(ours.isEmpty() ? "PASS  no failed or 4xx/5xx request to this server"
                : "FAIL  failed or 4xx/5xx requests to this server (count):");
        ours.forEach((k, n) -> System.out.println("      " + n + "x " + k));
        Map<String, Integer> errors = new LinkedHashMap<>();
        Map<String, Integer> otherErrors = new LinkedHashMap<>();
        for (String c : consoleErrors) {
            (aboutThisServer(c) ? errors : otherErrors).merge(c, 1, Integer::sum);
        }
        System.out.println(errors.isEmpty() ? "PASS  no console error about this server's API"
                : "FAIL  console errors about this server's API (count):");
        errors.forEach((k, n) -> System.out.println("      " + n + "x " + k));
        if (!outside.isEmpty() || !otherErrors.isEmpty()) {
            System.out.println("info  requests to other hosts (no route out of the namespace) and other console errors:");
            outside.forEach((k, n) -> System.out.println("      " + n + "x " + k));
            otherErrors.forEach((k, n) -> System.out.println("      " + n + "x " + k));
        }
        System.out.println("info  load requests the UI sent:");
        loadBodies.forEach(b -> System.out.println("      " + oneLine(b)));
        System.out.println("info  requests to this server by route: " + requestsByRoute.entrySet().stream()
                .filter(en -> en.getKey().startsWith(origin)).map(en -> en.getKey().substring(origin.length()) + "="
                        + en.getValue()).sorted().toList());
        return ok && ours.isEmpty() && errors.isEmpty();
    }

    /** A console error that names an API route or an HTTP error status is about this server's answers. */
    private boolean aboutThisServer(String error) {
        if (error.startsWith("log: ") && error.contains("http") && !error.contains(origin)) {
            return false; // a resource of another host failed to load
        }
        return error.contains("/api/") || error.contains("/health") || error.matches(".*(HTTP|status of) [45]\\d\\d.*")
                || error.startsWith("log: ") && error.contains(origin);
    }
}
