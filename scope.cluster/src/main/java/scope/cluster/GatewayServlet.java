package scope.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.runtime.manager.PipelineManager;
import scope.runtime.manager.UnknownPipelineException;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.registry.RegisteredPipeline;
import scope.runtime.schema.FieldError;
import scope.runtime.schema.ValidationException;
import scope.runtime.settings.ScopeSettings;

/**
 * The gateway's side of the Scope API: the routes whose answer depends on where work runs. Loads and WebRTC offers
 * are placed on a worker ({@link Placement}) and forwarded to it with the cluster secret; trickled candidates and
 * session closes follow the session to its worker, named in the session id the gateway hands out
 * ({@code <worker>.<session>}), so no gateway keeps a table. Status, hardware and schemas describe the cluster
 * (extra fields {@code worker}, {@code cluster}, {@code cluster_workers} that Scope clients ignore). Every other
 * route - the UI, ICE servers, plugins - is the gateway's own, served as on a single server.
 *
 * <p>These exact patterns win over the API servlet's {@code /api/*} (servlet path matching: exact, then longest
 * prefix), and {@code /api/v1/webrtc/offer/*} over the signalling servlet's {@code /api/v1/webrtc/*}; the request
 * guard of the HTTP bundle runs before them as before every request.
 */
@Component(service = Servlet.class, configurationPid = GatewayServlet.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@HttpWhiteboardServletPattern({"/api/v1/pipeline/load", "/api/v1/pipeline/status", "/api/v1/hardware/info",
        "/api/v1/pipelines/schemas", "/api/v1/webrtc/offer", "/api/v1/webrtc/offer/*", "/api/v1/cluster/*"})
public class GatewayServlet extends HttpServlet {
    static final String PID = "scope.cluster.gateway";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServlet.class);
    private static final Pattern SESSION = Pattern.compile("/api/v1/webrtc/offer/([A-Za-z0-9_-]{1,64})\\.([^/]+)");
    private static final Pattern DRAIN = Pattern.compile("/api/v1/cluster/workers/([^/]+)/drain");

    /** The gateway's configuration (made from the host's settings by {@link ClusterConfigurer}). */
    public @interface Config {
        String zookeeper();

        int session_timeout_ms() default 10_000;
    }

    private final transient PipelineRegistry registry;
    private final transient PipelineManager manager;
    private final transient CuratorFramework client;
    private final transient ClusterView view;
    private final transient WorkerCalls calls;

    @Activate
    public GatewayServlet(Config config, @Reference ScopeSettings settings, @Reference PipelineRegistry registry,
            @Reference PipelineManager manager) {
        String secret = settings.cluster().secret();
        if (secret == null) {
            throw new IllegalStateException("a cluster gateway needs SCOPE_CLUSTER_SECRET");
        }
        this.registry = registry;
        this.manager = manager;
        this.client = ZooKeeperClients.start(config.zookeeper(), config.session_timeout_ms());
        this.view = new ClusterView(client);
        this.calls = new WorkerCalls(secret);
        LOG.info("Cluster gateway on ZooKeeper {}", config.zookeeper());
    }

    @Deactivate
    void deactivate() {
        client.close();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if ("OPTIONS".equals(method)) {
            resp.setStatus(204); // CORS was answered by the request guard
            return;
        }
        String path = req.getRequestURI().substring(req.getContextPath().length());
        try {
            route(method, path, req, resp);
        } catch (GatewayError e) {
            GatewayJson.error(resp, e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            LOG.error("{} {} failed", method, path, e);
            if (!resp.isCommitted()) {
                GatewayJson.error(resp, new GatewayError(503, "The cluster cannot answer: " + e));
            }
        }
    }

    private void route(String method, String path, HttpServletRequest req, HttpServletResponse resp) throws Exception {
        Matcher session = SESSION.matcher(path);
        Matcher drain = DRAIN.matcher(path);
        if (method.equals("POST") && path.equals("/api/v1/pipeline/load")) {
            load(req, resp);
        } else if (method.equals("GET") && path.equals("/api/v1/pipeline/status")) {
            status(resp);
        } else if (method.equals("GET") && path.equals("/api/v1/hardware/info")) {
            hardware(resp);
        } else if (method.equals("GET") && path.equals("/api/v1/pipelines/schemas")) {
            schemas(resp);
        } else if (method.equals("POST") && path.equals("/api/v1/webrtc/offer")) {
            offer(req, resp);
        } else if ((method.equals("PATCH") || method.equals("DELETE")) && session.matches()) {
            sessionCall(method, session.group(1), session.group(2), req, resp);
        } else if ((method.equals("PATCH") || method.equals("DELETE")) && path.startsWith("/api/v1/webrtc/offer/")) {
            throw new GatewayError(404, "Session '" + path.substring("/api/v1/webrtc/offer/".length())
                    + "' not found (session ids of this cluster are <worker>.<session>)");
        } else if (method.equals("GET") && path.equals("/api/v1/cluster/workers")) {
            GatewayJson.write(resp, 200, clusterJson(view.workers(), view.draining()));
        } else if (method.equals("POST") && drain.matches()) {
            drain(drain.group(1), req, resp);
        } else {
            throw new GatewayError(path.startsWith("/api/v1/cluster/") ? 404 : 405,
                    path.startsWith("/api/v1/cluster/") ? "Not Found" : "Method Not Allowed");
        }
    }

    // --- loads -------------------------------------------------------------------------------------------------

    private void load(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        ObjectNode body = GatewayJson.objectBody(req);
        List<Placement.Wanted> wanted = new ArrayList<>();
        double estimate = 0;
        for (LoadRequest.Entry e : LoadRequest.entries(body)) {
            RegisteredPipeline p = registry.pipeline(e.pipelineId())
                    .orElseThrow(() -> new GatewayError(404, "Pipeline '" + e.pipelineId() + "' not found"));
            Map<String, Object> canonical;
            try {
                canonical = manager.canonicalLoadParams(p.id(), e.loadParams());
            } catch (ValidationException ve) {
                throw new GatewayError(ve.prefixed(e.at() + ".load_params").errors());
            } catch (UnknownPipelineException ue) {
                throw new GatewayError(404, ue.getMessage());
            }
            Double gb = p.descriptor().estimatedVramGb();
            estimate += gb == null ? 0 : gb;
            wanted.add(new Placement.Wanted(e.nodeId(), p.id(), CanonicalJson.of(canonical)));
        }
        Placement.Decision d;
        try {
            d = Placement.forLoad(wanted, estimate, view.workers(), view.draining());
        } catch (PlacementRefused r) {
            throw new GatewayError(r.status(), r.getMessage());
        }
        WorkerCalls.Reply reply = calls.post(d.worker(), "/api/v1/pipeline/load", body);
        if (reply.status() / 100 == 2) {
            view.setLastLoad(d.worker().id());
            LOG.info("Load of {} placed on worker '{}' ({})", wanted.stream().map(Placement.Wanted::nodeId).toList(),
                    d.worker().id(), d.warm() ? "warm: reuses its instances" : "cold");
        }
        ObjectNode answer = objectOr(reply.body());
        answer.put("worker", d.worker().id());
        answer.put("placement", d.warm() ? "warm" : "cold");
        GatewayJson.write(resp, reply.status(), answer);
    }

    private void status(HttpServletResponse resp) throws Exception {
        List<WorkerState> workers = view.workers();
        Set<String> draining = view.draining();
        String last = view.lastLoadWorker();
        Optional<WorkerState> holder = workers.stream().filter(w -> w.id().equals(last)).findFirst();
        ObjectNode answer;
        if (holder.isPresent()) {
            answer = objectOr(calls.get(holder.get(), "/api/v1/pipeline/status").body());
            for (JsonNode i : answer.path("instances")) {
                ((ObjectNode) i).put("worker", last);
            }
        } else {
            answer = GatewayJson.MAPPER.createObjectNode();
            answer.put("status", "not_loaded");
            answer.putNull("pipeline_id");
            answer.putNull("load_params");
            answer.putNull("loaded_lora_adapters");
            if (last == null) {
                answer.putNull("error");
            } else {
                answer.put("error", "worker '" + last + "', which held the last loaded pipelines, left the cluster;"
                        + " load them again");
            }
            answer.putNull("loading_stage");
            answer.put("produces_video", true);
            answer.put("produces_audio", false);
            answer.putArray("instances");
        }
        answer.put("worker", holder.isPresent() ? last : null);
        answer.set("cluster", clusterJson(workers, draining));
        GatewayJson.write(resp, 200, answer);
    }

    // --- what the cluster has ------------------------------------------------------------------------------------

    private void hardware(HttpServletResponse resp) throws Exception {
        List<WorkerState> workers = view.workers();
        ObjectNode n = GatewayJson.MAPPER.createObjectNode();
        double max = workers.stream().mapToDouble(WorkerState::vramGb).max().orElse(0);
        if (max > 0) {
            n.put("vram_gb", max); // what one stream can use: the largest GPU of the cluster
        } else {
            n.putNull("vram_gb");
        }
        integration(n, "spout", "Spout is Windows-only", "Run Scope on Windows to use Spout sources and sinks.");
        integration(n, "ndi", "NDI is not supported by this server", "NDI input and output are not available.");
        integration(n, "syphon", "Syphon is macOS-only", "Run Scope on macOS to use Syphon sources and sinks.");
        ObjectNode gpu = n.putObject("gpu");
        gpu.put("source", "cluster");
        ArrayNode devices = gpu.putArray("devices");
        for (WorkerState w : workers) {
            ObjectNode d = devices.addObject();
            d.put("index", w.gpuIndex() == null ? 0 : w.gpuIndex());
            d.put("name", "worker " + w.id());
            d.put("total_gb", w.vramGb());
            // what the worker announced it has left; a worker that announces none: its total, as before
            d.put("free_gb", w.freeVramGb() == null ? w.vramGb() : w.freeVramGb());
            d.put("worker", w.id());
        }
        n.set("cluster", clusterJson(workers, view.draining()));
        GatewayJson.write(resp, 200, n);
    }

    private static void integration(ObjectNode n, String name, String reason, String hint) {
        ObjectNode i = n.putObject(name);
        i.put("available", false);
        i.put("reason", reason);
        i.put("install_hint", hint);
    }

    /**
     * Every worker's schemas merged: a pipeline is listed when some worker can run it, with the workers that can
     * in {@code cluster_workers}; it is filtered only when every worker filters it, with each one's reason.
     */
    private void schemas(HttpServletResponse resp) throws Exception {
        ObjectNode pipelines = GatewayJson.MAPPER.createObjectNode();
        Map<String, List<String>> filteredBy = new java.util.TreeMap<>();
        for (WorkerState w : view.workers()) {
            JsonNode body;
            try {
                WorkerCalls.Reply r = calls.get(w, "/api/v1/pipelines/schemas");
                if (r.status() != 200 || r.body() == null) {
                    continue;
                }
                body = r.body();
            } catch (GatewayError e) {
                LOG.warn("Schemas of worker '{}': {}", w.id(), e.getMessage());
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = body.path("pipelines").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!pipelines.has(e.getKey())) {
                    ObjectNode entry = e.getValue().deepCopy();
                    entry.putArray("cluster_workers");
                    pipelines.set(e.getKey(), entry);
                }
                ((ArrayNode) pipelines.get(e.getKey()).get("cluster_workers")).add(w.id());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = body.path("filtered").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                filteredBy.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(w.id() + ": " + e.getValue().asText());
            }
        }
        ObjectNode root = GatewayJson.MAPPER.createObjectNode();
        root.set("pipelines", pipelines);
        ObjectNode filtered = root.putObject("filtered");
        filteredBy.forEach((id, reasons) -> {
            if (!pipelines.has(id)) {
                filtered.put(id, "No worker of the cluster can run it (" + String.join("; ", reasons) + ")");
            }
        });
        GatewayJson.write(resp, 200, root);
    }

    // --- sessions ----------------------------------------------------------------------------------------------

    private void offer(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        ObjectNode body = GatewayJson.objectBody(req);
        List<Placement.Needed> needed = OfferPipelines.of(body.get("initialParameters"));
        String last = view.lastLoadWorker();
        List<WorkerState> workers = view.workers();
        Set<String> draining = view.draining();
        Placement.Decision d;
        try {
            d = Placement.forSession(needed, last, workers, draining);
        } catch (PlacementRefused r) {
            // a client that offers as soon as its load is done can be quicker than the worker's next znode
            // update (0.5 s): ask the worker of the last load for its instances directly, then decide again
            int at = indexOf(workers, last);
            if (at < 0) {
                throw new GatewayError(r.status(), r.getMessage());
            }
            workers = new ArrayList<>(workers);
            workers.set(at, withLiveInstances(workers.get(at)));
            try {
                d = Placement.forSession(needed, last, workers, draining);
            } catch (PlacementRefused again) {
                throw new GatewayError(again.status(), again.getMessage());
            }
        }
        WorkerCalls.Reply reply = calls.post(d.worker(), "/api/v1/webrtc/offer", body);
        ObjectNode answer = objectOr(reply.body());
        if (reply.status() == 200 && answer.path("sessionId").isTextual()) {
            answer.put("sessionId", d.worker().id() + "." + answer.get("sessionId").asText());
            LOG.info("Session {} placed on worker '{}'", answer.get("sessionId").asText(), d.worker().id());
        }
        answer.put("worker", d.worker().id());
        GatewayJson.write(resp, reply.status(), answer);
    }

    private static int indexOf(List<WorkerState> workers, String id) {
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** The worker with the instances its pipeline status reports now, instead of those it last published. */
    private WorkerState withLiveInstances(WorkerState w) throws GatewayError {
        WorkerCalls.Reply reply = calls.get(w, "/api/v1/pipeline/status");
        if (reply.status() != 200 || reply.body() == null) {
            return w;
        }
        List<WorkerState.Instance> instances = new ArrayList<>();
        for (JsonNode i : reply.body().path("instances")) {
            instances.add(new WorkerState.Instance(i.path("node_id").asText(), i.path("pipeline_id").asText(),
                    i.path("instance_id").asText(), i.path("status").asText(), i.path("load_params"),
                    i.path("error").asText(null)));
        }
        return new WorkerState(w.id(), w.url(), w.vramGb(), w.gpuSource(), w.gpuIndex(), w.maxSessions(),
                w.sessionIds(), instances, w.startedAt(), w.freeVramGb());
    }

    private void sessionCall(String method, String workerId, String sessionId, HttpServletRequest req,
            HttpServletResponse resp) throws Exception {
        Optional<WorkerState> worker = view.worker(workerId);
        if (worker.isEmpty()) {
            if (method.equals("DELETE")) {
                resp.setStatus(204); // its worker is gone, and the session with it
                return;
            }
            throw new GatewayError(404, "Session '" + workerId + "." + sessionId + "' not found: worker '" + workerId
                    + "' is not in the cluster");
        }
        String path = "/api/v1/webrtc/offer/" + sessionId;
        WorkerCalls.Reply reply = method.equals("PATCH")
                ? calls.patch(worker.get(), path, GatewayJson.objectBody(req))
                : calls.delete(worker.get(), path);
        if (reply.body() == null) {
            resp.setStatus(reply.status());
        } else {
            GatewayJson.write(resp, reply.status(), reply.body());
        }
    }

    private void drain(String workerId, HttpServletRequest req, HttpServletResponse resp) throws Exception {
        ObjectNode body = GatewayJson.objectBody(req);
        JsonNode flag = body.get("draining");
        if (flag != null && !flag.isBoolean()) {
            throw new GatewayError(List.of(new FieldError("draining", "expected a boolean")));
        }
        setDraining(workerId, flag == null || flag.booleanValue());
        GatewayJson.write(resp, 200, clusterJson(view.workers(), view.draining()));
    }

    /**
     * Marks a worker draining (no new loads or sessions there; running ones finish) or lifts the mark: the drain
     * route and the console's cluster page both come here.
     *
     * @throws GatewayError 404 when the worker is neither in the cluster nor marked
     */
    void setDraining(String workerId, boolean draining) throws Exception {
        if (view.worker(workerId).isEmpty() && !view.draining().contains(workerId)) {
            throw new GatewayError(404, "Worker '" + workerId + "' is not in the cluster");
        }
        view.setDraining(workerId, draining);
        LOG.info("Worker '{}' {}", workerId, draining ? "draining: no new loads or sessions" : "no longer draining");
    }

    /** What ZooKeeper holds about the cluster now (for the console's cluster page). */
    ClusterView view() {
        return view;
    }

    /** The cluster as the extra {@code cluster} field: each worker, its GPU, instances, sessions and draining flag. */
    private static ObjectNode clusterJson(List<WorkerState> workers, Set<String> draining) {
        ObjectNode c = GatewayJson.MAPPER.createObjectNode();
        ArrayNode list = c.putArray("workers");
        for (WorkerState w : workers) {
            ObjectNode n = GatewayJson.MAPPER.valueToTree(w);
            n.put("sessions", w.sessions());
            n.put("draining", draining.contains(w.id()));
            list.add(n);
        }
        ArrayNode away = c.putArray("draining_absent");
        draining.stream().filter(id -> workers.stream().noneMatch(w -> w.id().equals(id))).sorted().forEach(away::add);
        return c;
    }

    private static ObjectNode objectOr(JsonNode body) {
        return body != null && body.isObject() ? (ObjectNode) body.deepCopy() : GatewayJson.MAPPER.createObjectNode();
    }
}
