package scope.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.runtime.gpu.HardwareService;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.schema.ValidationException;
import scope.runtime.settings.ScopeSettings;
import scope.runtime.workflow.Resolution;
import scope.runtime.workflow.ResolveItem;
import scope.runtime.workflow.WorkflowResolver;

/**
 * {@code POST /api/v1/workflow/resolve} (spec 1.9): what a workflow needs and whether this server has it. Read-only;
 * the body is size-limited and validated like every API body (422 naming the field).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/workflow/*")
public class WorkflowServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient WorkflowResolver resolver;

    @Activate
    public WorkflowServlet(@Reference PipelineRegistry registry, @Reference HardwareService hardware,
            @Reference ScopeSettings settings, BundleContext context) {
        this.resolver = new WorkflowResolver(registry, hardware, () -> settings.models().resolve("lora"),
                context.getBundle().getVersion().toString());
        router.on("POST", "/api/v1/workflow/resolve", RouteDocs.WORKFLOW_RESOLVE, (q, r, g) -> resolve(q, r));
    }

    @Override
    protected String internalErrorDetail(Throwable e) {
        return "Internal error while resolving workflow dependencies";
    }

    private void resolve(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        JsonNode body = Json.body(req);
        Resolution r;
        try {
            r = resolver.resolve(body);
        } catch (ValidationException e) {
            throw new ApiException(e.errors());
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("can_apply", r.canApply());
        ArrayNode items = n.putArray("items");
        for (ResolveItem it : r.items()) {
            ObjectNode i = items.addObject();
            i.put("kind", it.kind());
            i.put("name", it.name());
            i.put("status", it.status());
            i.put("detail", it.detail());
            i.put("action", it.action());
            i.put("can_auto_resolve", it.canAutoResolve());
        }
        ArrayNode warnings = n.putArray("warnings");
        r.warnings().forEach(warnings::add);
        n.put("format", r.format());
        Json.write(resp, 200, n);
    }
}
