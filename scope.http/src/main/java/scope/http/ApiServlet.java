package scope.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.runtime.gpu.Availability;
import scope.runtime.gpu.GpuDevice;
import scope.runtime.gpu.GpuInfo;
import scope.runtime.gpu.HardwareService;
import scope.runtime.manager.InstanceView;
import scope.runtime.manager.LoadEntry;
import scope.runtime.manager.ManagerStatus;
import scope.runtime.manager.PipelineManager;
import scope.runtime.manager.PipelineUnavailableException;
import scope.runtime.manager.UnknownPipelineException;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.registry.RegisteredPipeline;
import scope.runtime.schema.FieldError;
import scope.runtime.schema.ValidationException;
import scope.runtime.settings.ScopeSettings;
import scope.runtime.artifacts.ModelService;

/**
 * Scope's core REST API (spec 1.2-1.4, 1.7, 1.8) as a thin adapter over the runtime: every answer is JSON, every
 * error is {@code {"detail": ...}} with a 4xx that names the problem, and no request can take the server down.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/*", "/health"})
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient PipelineRegistry registry;
    private final transient PipelineManager manager;
    private final transient HardwareService hardware;
    private final transient ModelService models;
    private final transient Router router = new Router();
    private final double serverStartTime = System.currentTimeMillis() / 1000.0;
    private final String version;

    @Activate
    public ApiServlet(@Reference PipelineRegistry registry, @Reference PipelineManager manager,
            @Reference HardwareService hardware, @Reference ScopeSettings settings, @Reference ModelService models,
            BundleContext context) {
        this.models = models;
        this.registry = registry;
        this.manager = manager;
        this.hardware = hardware;
        this.version = context.getBundle().getVersion().toString();
        router.on("GET", "/health", (q, r, g) -> health(r))
                .on("GET", "/api/v1/hardware/info", (q, r, g) -> hardwareInfo(r))
                .on("GET", "/api/v1/pipelines/schemas", (q, r, g) -> schemas(r))
                .on("GET", "/api/v1/nodes/definitions", (q, r, g) -> nodeDefinitions(r))
                .on("POST", "/api/v1/pipeline/load", (q, r, g) -> load(q, r))
                .on("GET", "/api/v1/pipeline/status", (q, r, g) -> status(r))
                .on("GET", "/api/v1/models/status", (q, r, g) -> modelStatus(q, r))
                .on("POST", "/api/v1/models/download", (q, r, g) -> modelDownload(q, r));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Cors.apply(req, resp);
        if ("OPTIONS".equals(req.getMethod())) {
            resp.setStatus(200);
            return;
        }
        String path = req.getRequestURI().substring(req.getContextPath().length());
        try {
            if (!router.dispatch(req.getMethod(), path, req, resp)) {
                throw new ApiException(404, "Not Found");
            }
        } catch (ApiException e) {
            Json.error(resp, e);
        } catch (Exception | LinkageError e) {
            LOG.error("{} {} failed", req.getMethod(), path, e);
            if (!resp.isCommitted()) {
                Json.error(resp, new ApiException(500, "Internal error: " + e));
            }
        }
    }

    private void health(HttpServletResponse resp) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("status", "healthy");
        n.put("timestamp", LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        n.put("server_start_time", serverStartTime);
        n.put("version", version);
        n.put("git_commit", "unknown");
        Json.write(resp, 200, n);
    }

    private void hardwareInfo(HttpServletResponse resp) throws IOException {
        GpuInfo gpu = hardware.gpu();
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (gpu.hasGpu()) {
            n.put("vram_gb", gpu.vramGb());
        } else {
            n.putNull("vram_gb");
        }
        integration(n, "spout", "Spout is Windows-only", "Run Scope on Windows to use Spout sources and sinks.");
        integration(n, "ndi", "NDI is not supported by this server", "NDI input and output are not available.");
        integration(n, "syphon", "Syphon is macOS-only", "Run Scope on macOS to use Syphon sources and sinks.");
        ObjectNode g = n.putObject("gpu");
        g.put("source", gpu.source());
        ArrayNode devices = g.putArray("devices");
        for (GpuDevice d : gpu.devices()) {
            ObjectNode dn = devices.addObject();
            dn.put("index", d.index());
            dn.put("name", d.name());
            dn.put("total_gb", d.totalGb());
            dn.put("free_gb", d.freeGb());
        }
        Json.write(resp, 200, n);
    }

    private static void integration(ObjectNode n, String name, String reason, String hint) {
        ObjectNode i = n.putObject(name);
        i.put("available", false);
        i.put("reason", reason);
        i.put("install_hint", hint);
    }

    private void schemas(HttpServletResponse resp) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode pipelines = root.putObject("pipelines");
        ObjectNode filtered = root.putObject("filtered");
        for (RegisteredPipeline p : registry.pipelines()) {
            Availability a = hardware.availability(p.descriptor().estimatedVramGb());
            if (!a.available()) {
                filtered.put(p.id(), a.reason());
                continue;
            }
            try {
                pipelines.set(p.id(), PipelineJson.schemaEntry(p));
            } catch (RuntimeException e) {
                // one broken schema degrades its entry, never the endpoint
                ObjectNode broken = pipelines.putObject(p.id());
                broken.put("id", p.id());
                broken.put("name", p.descriptor().name());
                broken.put("description", p.descriptor().description());
                broken.put("version", p.descriptor().version());
                broken.put("schema_error", e.toString());
            }
        }
        Json.write(resp, 200, root);
    }

    private void nodeDefinitions(HttpServletResponse resp) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode nodes = root.putArray("nodes");
        for (RegisteredPipeline p : registry.pipelines()) {
            if (hardware.availability(p.descriptor().estimatedVramGb()).available()) {
                nodes.add(PipelineJson.nodeDefinition(p));
            }
        }
        Json.write(resp, 200, root);
    }

    private void load(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        ObjectNode body = Json.objectBody(req);
        List<LoadEntry> entries = new ArrayList<>();
        JsonNode pipelines = body.get("pipelines");
        JsonNode ids = body.get("pipeline_ids");
        if (pipelines != null && !pipelines.isNull()) {
            if (!pipelines.isArray()) {
                throw new ApiException(List.of(new FieldError("pipelines", "expected an array")));
            }
            for (int i = 0; i < pipelines.size(); i++) {
                JsonNode e = pipelines.get(i);
                String at = "pipelines[" + i + "]";
                if (!e.isObject()) {
                    throw new ApiException(List.of(new FieldError(at, "expected an object")));
                }
                String pipelineId = requireText(e, "pipeline_id", at);
                JsonNode nodeIdNode = e.get("node_id");
                String nodeId = nodeIdNode == null || nodeIdNode.isNull() ? pipelineId
                        : requireText(e, "node_id", at);
                entries.add(new LoadEntry(nodeId, pipelineId, loadParams(e.get("load_params"), at + ".load_params")));
            }
        } else if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                throw new ApiException(List.of(new FieldError("pipeline_ids", "expected an array of strings")));
            }
            JsonNode params = loadParams(body.get("load_params"), "load_params");
            for (int i = 0; i < ids.size(); i++) {
                if (!ids.get(i).isTextual() || ids.get(i).textValue().isBlank()) {
                    throw new ApiException(List.of(new FieldError("pipeline_ids[" + i + "]",
                            "expected a non-empty string")));
                }
                entries.add(new LoadEntry(ids.get(i).textValue(), ids.get(i).textValue(), params));
            }
        } else {
            throw new ApiException(400, "Either 'pipelines' or 'pipeline_ids' must be provided");
        }
        if (entries.isEmpty()) {
            throw new ApiException(400, "Either 'pipelines' or 'pipeline_ids' must name at least one pipeline");
        }
        try {
            manager.load(entries);
        } catch (UnknownPipelineException e) {
            throw new ApiException(404, e.getMessage());
        } catch (PipelineUnavailableException e) {
            throw new ApiException(409, e.getMessage());
        } catch (ValidationException e) {
            throw new ApiException(e.errors());
        }
        Json.write(resp, 200, Map.of("message", "Pipeline loading initiated successfully"));
    }

    private static String requireText(JsonNode obj, String field, String at) throws ApiException {
        JsonNode v = obj.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new ApiException(List.of(new FieldError(at + "." + field, "required, a non-empty string")));
        }
        return v.textValue();
    }

    private static JsonNode loadParams(JsonNode v, String at) throws ApiException {
        if (v == null || v.isNull()) {
            return Json.MAPPER.createObjectNode();
        }
        if (!v.isObject()) {
            throw new ApiException(List.of(new FieldError(at, "expected an object")));
        }
        return v;
    }

    private void status(HttpServletResponse resp) throws IOException {
        ManagerStatus s = manager.status();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("status", s.status().value());
        n.put("pipeline_id", s.pipelineId());
        n.set("load_params", s.loadParams());
        n.putNull("loaded_lora_adapters");
        n.put("error", s.error());
        n.put("loading_stage", s.loadingStage());
        n.put("produces_video", s.producesVideo());
        n.put("produces_audio", s.producesAudio());
        ArrayNode instances = n.putArray("instances");
        for (InstanceView v : s.instances()) {
            ObjectNode i = instances.addObject();
            i.put("node_id", v.nodeId());
            i.put("pipeline_id", v.pipelineId());
            i.put("status", v.status().value());
            i.set("load_params", Json.MAPPER.valueToTree(v.loadParams()));
            i.put("instance_id", v.instanceId());
            i.put("loaded_at", v.loadedAt() == null ? null : v.loadedAt().toString());
            i.put("error", v.error());
            i.put("loading_stage", v.stage());
        }
        Json.write(resp, 200, n);
    }

    private RegisteredPipeline pipelineFor(String id, String field) throws ApiException {
        if (id == null || id.isBlank()) {
            throw new ApiException(400, "'" + field + "' must be a non-empty pipeline id");
        }
        return registry.pipeline(id).orElseThrow(() -> new ApiException(404, "Pipeline '" + id + "' not found"));
    }

    private void modelStatus(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        RegisteredPipeline p = pipelineFor(req.getParameter("pipeline_id"), "pipeline_id");
        Json.write(resp, 200, models.status(p.id(), p.descriptor().artifacts()));
    }

    private void modelDownload(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        ObjectNode body = Json.objectBody(req);
        JsonNode id = body.get("pipeline_id");
        if (id != null && !id.isNull() && !id.isTextual()) {
            throw new ApiException(List.of(new FieldError("pipeline_id", "expected a string")));
        }
        RegisteredPipeline p = pipelineFor(id == null || id.isNull() ? null : id.textValue(), "pipeline_id");
        if (!models.start(p.id(), p.descriptor().artifacts())) {
            throw new ApiException(409, "Models for '" + p.id() + "' are already downloading");
        }
        Json.write(resp, 200, Map.of("message", "Model download started for " + p.id()));
    }


}
