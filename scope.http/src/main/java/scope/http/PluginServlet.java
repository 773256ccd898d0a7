package scope.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.runtime.plugins.FailedPluginInfo;
import scope.runtime.plugins.PluginException;
import scope.runtime.plugins.PluginInfo;
import scope.runtime.plugins.PluginResults;
import scope.runtime.plugins.PluginService;
import scope.runtime.registry.RegisteredPipeline;

/**
 * The plugin API (spec 1.8, adapted to bundles): list, install (upload a bundle jar), remove and reload, over
 * {@link PluginService}. Install takes the jar as the raw body ({@code application/java-archive} or
 * {@code application/octet-stream}) or as the first file part of a {@code multipart/form-data} body.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.multipart.enabled=true",
    // parts are streamed to disk above this size instead of held in memory
    "osgi.http.whiteboard.servlet.multipart.fileSizeThreshold:Integer=1048576",
    // the hard limit is enforced by PluginService while copying; this only bounds what Jetty buffers
    "osgi.http.whiteboard.servlet.multipart.maxFileSize:Long=268435456",
    "osgi.http.whiteboard.servlet.multipart.maxRequestSize:Long=268435456"})
@HttpWhiteboardServletPattern({"/api/v1/plugins", "/api/v1/plugins/*"})
public class PluginServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    private final transient PluginService plugins;

    @Activate
    public PluginServlet(@Reference PluginService plugins) {
        this.plugins = plugins;
        router.on("GET", "/api/v1/plugins", RouteDocs.PLUGINS, (q, r, g) -> list(r))
                .on("POST", "/api/v1/plugins", RouteDocs.PLUGIN_INSTALL, (q, r, g) -> refusals(() -> install(q, r)))
                .on("DELETE", "/api/v1/plugins/(?<name>[^/]+)", RouteDocs.PLUGIN_REMOVE,
                        (q, r, g) -> refusals(() -> remove(g.get(0), r)))
                .on("POST", "/api/v1/plugins/(?<name>[^/]+)/reload", RouteDocs.PLUGIN_RELOAD,
                        (q, r, g) -> refusals(() -> reload(g.get(0), r)));
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    /** A refused plugin operation becomes an error answer with the matching status. */
    private static void refusals(Action action) throws Exception {
        try {
            action.run();
        } catch (PluginException e) {
            throw new ApiException(status(e.kind()), e.getMessage());
        }
    }

    static int status(PluginException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case TOO_LARGE -> 413;
            case NOT_FOUND -> 404;
            case PROTECTED -> 403;
            case CONFLICT -> 409;
            case UNRESOLVED -> 422;
        };
    }

    private void list(HttpServletResponse resp) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("plugins");
        for (PluginInfo p : plugins.plugins()) {
            list.add(json(p));
        }
        root.put("total", list.size());
        ArrayNode failed = root.putArray("failed_plugins");
        for (FailedPluginInfo f : plugins.failed()) {
            ObjectNode fp = failed.addObject();
            fp.put("package_name", f.name());
            fp.put("entry_point_name", f.file() != null ? f.file() : f.name());
            fp.put("error_type", f.errorType());
            fp.put("error_message", f.errorMessage());
            fp.put("version", f.version());
            fp.put("file", f.file());
        }
        Json.write(resp, 200, root);
    }

    static ObjectNode json(PluginInfo p) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("name", p.name());
        n.put("version", p.version());
        n.putNull("author");
        n.put("description", p.description());
        // Scope's UI knows pypi | git | local (and builtin in workflows); where the bundle came from is our detail
        n.put("source", p.source().equals("platform") ? "builtin" : "local");
        n.put("install_source", p.source());
        n.put("editable", false);
        n.putNull("editable_path");
        ArrayNode pipes = n.putArray("pipelines");
        for (RegisteredPipeline rp : p.pipelines()) {
            ObjectNode pi = pipes.addObject();
            pi.put("pipeline_id", rp.id());
            pi.put("pipeline_name", rp.descriptor().name());
        }
        n.putNull("latest_version");
        n.put("update_available", false);
        n.putNull("package_spec");
        n.put("bundled", !p.removable());
        n.putNull("kind");
        n.putNull("origin");
        n.put("state", p.state());
        n.put("bundle_id", p.bundleId());
        n.put("file", p.file());
        n.put("removable", p.removable());
        ArrayNode loaded = n.putArray("loaded_pipelines");
        p.loaded().forEach(loaded::add);
        return n;
    }

    private void install(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        long limit = plugins.uploadLimitBytes();
        if (req.getContentLengthLong() > limit + 64 * 1024) { // allow for multipart framing
            throw new ApiException(413, "Plugin upload too large: " + req.getContentLengthLong()
                    + " bytes (limit " + limit / (1024 * 1024) + " MB)");
        }
        String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(java.util.Locale.ROOT);
        PluginResults.Installed result;
        if (type.startsWith("multipart/form-data")) {
            Collection<Part> parts;
            try {
                parts = req.getParts();
            } catch (IllegalStateException e) {
                throw new ApiException(413, "Plugin upload too large (limit " + limit / (1024 * 1024) + " MB)");
            } catch (jakarta.servlet.ServletException | IOException e) {
                if (e instanceof IOException io && ClientAborts.isClientGone(io)) {
                    throw io;
                }
                throw new ApiException(400, "Malformed multipart body: expected multipart/form-data with a "
                        + "boundary and one file part holding the bundle jar");
            }
            Part file = parts.stream().filter(p -> p.getSubmittedFileName() != null).findFirst()
                    .orElseThrow(() -> new ApiException(400, "multipart body has no file part"));
            try (InputStream in = file.getInputStream()) {
                result = plugins.install(in);
            } finally {
                for (Part p : parts) {
                    p.delete();
                }
            }
        } else if (type.startsWith("application/json")) {
            throw new ApiException(400, "Installing by package spec (pip or git) is not supported: plugins here are "
                    + "OSGi bundle jars. Install one by uploading the jar to POST /api/v1/plugins (as the body with "
                    + "Content-Type application/java-archive, or as a multipart file; our UI's Plugins page does this) "
                    + "or by copying it into the plugins folder " + plugins.folder() + ", which is watched");
        } else {
            try (InputStream in = req.getInputStream()) {
                result = plugins.install(in);
            }
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("success", true);
        root.put("message", result.message());
        root.put("replaced", result.replaced());
        if (result.plugin() != null) {
            root.set("plugin", json(result.plugin()));
        } else {
            root.putObject("plugin").put("name", result.name());
        }
        Json.write(resp, 200, root);
    }

    private void remove(String name, HttpServletResponse resp) throws Exception {
        PluginResults.Removed r = plugins.remove(decode(name));
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("success", true);
        root.put("message", r.message());
        array(root, "unloaded_pipelines", r.unloadedPipelines());
        array(root, "removed_pipelines", r.removedPipelines());
        Json.write(resp, 200, root);
    }

    private void reload(String name, HttpServletResponse resp) throws Exception {
        PluginResults.Reloaded r = plugins.reload(decode(name));
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("success", true);
        root.put("message", r.message());
        array(root, "reloaded_pipelines", r.reloaded());
        array(root, "added_pipelines", r.added());
        array(root, "removed_pipelines", r.removed());
        Json.write(resp, 200, root);
    }

    /** Names are validated by the service; decoding first means '%2e%2e' cannot sneak past as a literal. */
    private static String decode(String raw) {
        return java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void array(ObjectNode root, String field, List<String> values) {
        ArrayNode a = root.putArray(field);
        values.forEach(a::add);
    }
}
