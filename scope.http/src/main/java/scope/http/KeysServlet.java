package scope.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import scope.runtime.schema.FieldError;

/**
 * {@code /api/v1/keys}: the service keys of Scope's settings dialog. This server reads its Hugging Face token from
 * {@code HF_TOKEN} in its environment (and downloads nothing from CivitAI), so the list reports whether the
 * environment sets each key, and setting or removing one from the UI is answered 409 saying to use the
 * environment variable - as Scope answers when the variable is set.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/api/v1/keys", "/api/v1/keys/*"})
public class KeysServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;

    private record Service(String id, String name, String description, String envVar, String keyUrl) {
    }

    private static final List<Service> SERVICES = List.of(
            new Service("huggingface", "HuggingFace", "Used for downloading gated models", "HF_TOKEN",
                    "https://huggingface.co/settings/tokens"),
            new Service("civitai", "CivitAI", "Used by Scope to download LoRAs from CivitAI (not offered here)",
                    "CIVITAI_API_TOKEN", "https://civitai.com/user/account"));

    private final transient Function<String, String> environment;

    @Activate
    public KeysServlet() {
        this(System::getenv);
    }

    KeysServlet(Function<String, String> environment) {
        this.environment = environment;
        router.on("GET", "/api/v1/keys", RouteDocs.KEYS, (q, r, g) -> Json.write(r, 200, list()))
                .on("PUT", "/api/v1/keys/(?<serviceId>[^/]+)", RouteDocs.KEY_SET, (q, r, g) -> set(g.get(0), q))
                .on("DELETE", "/api/v1/keys/(?<serviceId>[^/]+)", RouteDocs.KEY_DELETE, (q, r, g) -> {
                    Service s = service(g.get(0));
                    throw new ApiException(409, s.name() + " key is read from the " + s.envVar()
                            + " environment variable only: unset it there and restart the server");
                });
    }

    private ObjectNode list() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode keys = root.putArray("keys");
        for (Service s : SERVICES) {
            String value = environment.apply(s.envVar());
            boolean set = value != null && !value.isBlank();
            ObjectNode n = keys.addObject();
            n.put("id", s.id());
            n.put("name", s.name());
            n.put("description", s.description());
            n.put("is_set", set);
            if (set) {
                n.put("source", "env_var");
            } else {
                n.putNull("source");
            }
            n.put("env_var", s.envVar());
            n.put("key_url", s.keyUrl());
        }
        return root;
    }

    private void set(String id, HttpServletRequest req) throws Exception {
        Service s = service(id);
        ObjectNode body = Json.objectBody(req);
        JsonNode value = body.get("value");
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new ApiException(List.of(new FieldError("value", "required, a non-empty string")));
        }
        throw new ApiException(409, "This server reads the " + s.name() + " key from the " + s.envVar()
                + " environment variable only and does not store keys: set it there and restart the server");
    }

    private static Service service(String id) throws ApiException {
        String decoded = PathSegments.decode(id);
        return SERVICES.stream().filter(s -> s.id().equals(decoded)).findFirst()
                .orElseThrow(() -> new ApiException(404, "Unknown service: '" + decoded + "' (known: "
                        + String.join(", ", SERVICES.stream().map(Service::id).toList()) + ")"));
    }

}
