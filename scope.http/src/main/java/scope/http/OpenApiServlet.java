package scope.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.registry.RegisteredPipeline;

/**
 * The API description: {@code /openapi.json} is generated on each request from the routers of the API servlets
 * of this bundle that are registered now (they are bound here as they come and go), and {@code /docs} is a page
 * that renders it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/openapi.json", "/docs"})
public class OpenApiServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient PipelineRegistry registry;
    private final String version;
    private final transient List<JsonApiServlet> servlets = new CopyOnWriteArrayList<>();

    @Activate
    public OpenApiServlet(@Reference PipelineRegistry registry, BundleContext context) {
        this(registry, context.getBundle().getVersion().toString());
    }

    OpenApiServlet(PipelineRegistry registry, String version) {
        this.registry = registry;
        this.version = version;
        router.on("GET", "/openapi.json", RouteDocs.OPENAPI, (q, r, g) -> Json.write(r, 200, document()))
                .on("GET", "/docs", RouteDocs.DOCS_PAGE, (q, r, g) -> page(r));
    }

    /** This bundle's servlets only (by component name); itself is listed directly. */
    @Reference(service = Servlet.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            target = "(&(component.name=scope.http.*)(!(component.name=scope.http.OpenApiServlet)))")
    void addServlet(Servlet servlet) {
        if (servlet instanceof JsonApiServlet api) {
            servlets.add(api);
        }
    }

    void removeServlet(Servlet servlet) {
        servlets.remove(servlet);
    }

    ObjectNode document() {
        List<OpenApiDocument.Group> groups = new ArrayList<>();
        groups.add(new OpenApiDocument.Group(tag(this), router.routes()));
        for (JsonApiServlet s : servlets) {
            groups.add(new OpenApiDocument.Group(tag(s), s.router.routes()));
        }
        Map<String, ObjectNode> configs = new LinkedHashMap<>();
        for (RegisteredPipeline p : registry.pipelines()) {
            try {
                configs.put(p.id(), p.schema().toJson());
            } catch (RuntimeException e) {
                // one broken schema leaves its pipeline out of LoadParams, never breaks the description
            }
        }
        return OpenApiDocument.build(version, groups, configs);
    }

    /** The servlet's name as the description's tag: {@code AssetsServlet} is "Assets". */
    static String tag(JsonApiServlet servlet) {
        String name = servlet.getClass().getSimpleName().replaceFirst("Servlet$", "");
        return switch (name) {
            case "Api" -> "Pipelines";
            case "OpenApi" -> "API description";
            case "WebRtc" -> "WebRTC";
            case "Dmx" -> "DMX";
            case "Osc" -> "OSC";
            case "Loras" -> "LoRAs";
            case "Plugin" -> "Plugins";
            default -> name.replaceAll("([a-z])([A-Z])", "$1 $2");
        };
    }

    private void page(HttpServletResponse resp) throws IOException {
        byte[] page;
        try (InputStream in = OpenApiServlet.class.getResourceAsStream("/openapi/docs.html")) {
            if (in == null) {
                throw new IOException("the docs page is missing from the bundle");
            }
            page = in.readAllBytes();
        }
        resp.setStatus(200);
        resp.setContentType("text/html; charset=utf-8");
        // the page renders text from plugins' schemas; it fetches the document and runs nothing else
        resp.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; "
                + "style-src 'unsafe-inline'; connect-src 'self'");
        resp.setContentLength(page.length);
        resp.getOutputStream().write(page);
    }
}
