package scope.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
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
public class ApiServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient PipelineRegistry registry;
    private final transient PipelineManager manager;
    private final transient HardwareService hardware;
    private final transient ModelService models;
    private final transient ServerEpoch epoch;
    private final String version;
    private final transient org.osgi.framework.Bundle systemBundle;
    private final transient org.osgi.framework.Bundle self;
    private final String pluginsLocation;

    @Activate
    public ApiServlet(@Reference PipelineRegistry registry, @Reference PipelineManager manager,
            @Reference HardwareService hardware, @Reference ScopeSettings settings, @Reference ModelService models,
            @Reference ServerEpoch epoch, BundleContext context) {
        this.epoch = epoch;
        this.models = models;
        this.pluginsLocation = "file:" + settings.plugins().toAbsolutePath();
        this.registry = registry;
        this.manager = manager;
        this.hardware = hardware;
        this.version = context.getBundle().getVersion().toString();
        this.systemBundle = context.getBundle(0);
        this.self = context.getBundle();
        router.on("GET", "/health", RouteDocs.HEALTH, (q, r, g) -> health(r))
                .on("GET", "/api/v1/hardware/info", RouteDocs.HARDWARE, (q, r, g) -> hardwareInfo(r))
                .on("GET", "/api/v1/pipelines/schemas", RouteDocs.SCHEMAS, (q, r, g) -> schemas(r))
                .on("GET", "/api/v1/nodes/definitions", RouteDocs.NODE_DEFINITIONS, (q, r, g) -> nodeDefinitions(r))
                .on("POST", "/api/v1/pipeline/load", RouteDocs.LOAD, (q, r, g) -> load(q, r))
                .on("GET", "/api/v1/pipeline/status", RouteDocs.PIPELINE_STATUS, (q, r, g) -> status(r))
                .on("GET", "/api/v1/models/status", RouteDocs.MODELS_STATUS, (q, r, g) -> modelStatus(q, r))
                .on("POST", "/api/v1/models/download", RouteDocs.MODELS_DOWNLOAD, (q, r, g) -> modelDownload(q, r));
    }


    private void health(HttpServletResponse resp) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        String waitingFor = startupBlocker();
        boolean started = waitingFor == null;
        n.put("status", started ? "healthy" : "starting");
        n.put("timestamp", LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        n.put("server_start_time", epoch.startTime());
        n.put("version", version);
        n.put("git_commit", "unknown");
        if (!started) {
            n.put("waiting_for", waitingFor);
        }
        Json.write(resp, started ? 200 : 503, n);
    }

    /**
     * Healthy only once the platform has started, so that every endpoint answers: the framework is ACTIVE, every
     * platform bundle meant to run at the current start level (persistently started, not a fragment, resolvable) is
     * ACTIVE, and every servlet of this bundle is served. Bundles from the drop folder do not count: a broken plugin must not keep the server "starting".
     */
    private String startupBlocker() {
        org.osgi.framework.BundleContext ctx = systemBundle.getBundleContext();
        if (systemBundle.getState() != org.osgi.framework.Bundle.ACTIVE) {
            return "framework";
        }
        int target = systemBundle.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).getStartLevel();
        for (org.osgi.framework.Bundle b : ctx.getBundles()) {
            boolean fragment = b.getHeaders("").get(org.osgi.framework.Constants.FRAGMENT_HOST) != null;
            org.osgi.framework.startlevel.BundleStartLevel level =
                    b.adapt(org.osgi.framework.startlevel.BundleStartLevel.class);
            boolean pending = b.getState() == org.osgi.framework.Bundle.RESOLVED
                    || b.getState() == org.osgi.framework.Bundle.STARTING;
            if (!fragment && pending && level != null && level.isPersistentlyStarted()
                    && level.getStartLevel() <= target && !b.getLocation().startsWith(pluginsLocation)) {
                return "bundle " + b.getSymbolicName();
            }
        }
        String component = ownComponentsActive(self.getBundleContext());
        if (component != null) {
            return component;
        }
        // looked up through this bundle: it is wired to the same servlet runtime API package as the HTTP
        // bundle, while the system bundle may see another copy of it (a test JVM's class path) and get nothing
        return ownServletsServed(self.getBundleContext());
    }

    /**
     * Every component of this bundle is up: a servlet whose component has not activated yet has not registered,
     * so the servlet check alone would call the server healthy while that endpoint still answers 404.
     */
    private String ownComponentsActive(org.osgi.framework.BundleContext ctx) {
        var ref = ctx.getServiceReference(org.osgi.service.component.runtime.ServiceComponentRuntime.class);
        if (ref == null) {
            return "component runtime";
        }
        var scr = ctx.getService(ref);
        try {
            for (var description : scr.getComponentDescriptionDTOs(self)) {
                if (!scr.isComponentEnabled(description)) {
                    continue;
                }
                boolean up = scr.getComponentConfigurationDTOs(description).stream().anyMatch(c -> c.state
                        == org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.ACTIVE
                        || c.state == org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.SATISFIED);
                if (!up) {
                    return "component " + description.name;
                }
            }
            return null;
        } finally {
            ctx.ungetService(ref);
        }
    }

    /** Every servlet this bundle registered is known to the HTTP runtime (whiteboard registration is not instant). */
    private String ownServletsServed(org.osgi.framework.BundleContext ctx) {
        org.osgi.framework.ServiceReference<?>[] mine = self.getRegisteredServices();
        org.osgi.framework.ServiceReference<org.osgi.service.servlet.runtime.HttpServiceRuntime> runtimeRef =
                ctx.getServiceReference(org.osgi.service.servlet.runtime.HttpServiceRuntime.class);
        if (mine == null || runtimeRef == null) {
            return "HTTP runtime";
        }
        org.osgi.service.servlet.runtime.HttpServiceRuntime runtime = ctx.getService(runtimeRef);
        try {
            java.util.Set<Long> served = new java.util.HashSet<>();
            for (var context : runtime.getRuntimeDTO().servletContextDTOs) {
                for (var servlet : context.servletDTOs) {
                    served.add(servlet.serviceId);
                }
            }
            for (org.osgi.framework.ServiceReference<?> ref : mine) {
                String[] classes = (String[]) ref.getProperty(org.osgi.framework.Constants.OBJECTCLASS);
                // whiteboard servlets only: the web console page is served by the console, not the whiteboard
                if (java.util.Arrays.asList(classes).contains(Servlet.class.getName())
                        && ref.getProperty("osgi.http.whiteboard.servlet.pattern") != null
                        && !served.contains((Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID))) {
                    return "servlet " + ref.getProperty("component.name");
                }
            }
            return null;
        } finally {
            ctx.ungetService(runtimeRef);
        }
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
        List<String> warnings;
        try {
            warnings = manager.load(entries);
        } catch (UnknownPipelineException e) {
            throw new ApiException(404, e.getMessage());
        } catch (PipelineUnavailableException e) {
            throw new ApiException(409, e.getMessage());
        } catch (ValidationException e) {
            throw new ApiException(e.errors());
        }
        ObjectNode answer = Json.MAPPER.createObjectNode().put("message", "Pipeline loading initiated successfully");
        ArrayNode w = answer.putArray("warnings");
        warnings.forEach(w::add);
        Json.write(resp, 200, answer);
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
