package scope.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.runtime.schema.FieldError;
import scope.runtime.settings.ScopeSettings;

/**
 * {@code GET/PUT /api/v1/onboarding/status}: whether the first-run flow of Scope's UI is done, kept in
 * {@code <home>/conf/onboarding.json} so it does not come back on the next launch. A PUT merges the fields it
 * sets (null or absent leaves a field as it was), as Scope does.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/v1/onboarding/*")
public class OnboardingServlet extends JsonApiServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OnboardingServlet.class);
    private static final List<String> TEXT_FIELDS =
            List.of("inference_mode", "onboarding_style", "referral_source", "use_case");
    private static final List<String> FIELDS = java.util.stream.Stream.concat(java.util.stream.Stream.of("completed"),
            TEXT_FIELDS.stream()).toList();
    private static final int MAX_TEXT = 200;

    private final transient Path file;

    @Activate
    public OnboardingServlet(@Reference ScopeSettings settings) {
        this.file = settings.home().resolve("conf").resolve("onboarding.json");
        router.on("GET", "/api/v1/onboarding/status", RouteDocs.ONBOARDING_STATUS,
                        (q, r, g) -> Json.write(r, 200, answer(read())))
                .on("PUT", "/api/v1/onboarding/status", RouteDocs.ONBOARDING_UPDATE, (q, r, g) -> update(q, r));
    }

    private synchronized void update(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        ObjectNode body = Json.objectBody(req);
        List<FieldError> errors = new ArrayList<>();
        JsonNode completed = body.get("completed");
        if (completed != null && !completed.isNull() && !completed.isBoolean()) {
            errors.add(new FieldError("completed", "expected true, false or null"));
        }
        for (String name : TEXT_FIELDS) {
            JsonNode v = body.get(name);
            if (v != null && !v.isNull() && (!v.isTextual() || v.textValue().length() > MAX_TEXT)) {
                errors.add(new FieldError(name, "expected a string of at most " + MAX_TEXT + " characters, or null"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(errors);
        }
        ObjectNode stored = read();
        // other keys are ignored, as in Scope (a newer UI may send more)
        for (String name : FIELDS) {
            JsonNode v = body.get(name);
            if (v != null && !v.isNull()) {
                stored.set(name, v);
            }
        }
        AtomicFiles.writeJson(file, stored);
        Json.write(resp, 200, answer(stored));
    }

    /** The stored state; a missing or unreadable file is "not completed" (an unreadable one is logged). */
    private ObjectNode read() {
        if (!Files.isRegularFile(file)) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(file.toFile());
            if (n != null && n.isObject()) {
                return (ObjectNode) n;
            }
            LOG.warn("{} does not hold a JSON object; onboarding counts as not completed", file);
        } catch (IOException e) {
            LOG.warn("Cannot read {} ({}); onboarding counts as not completed", file, e.getMessage());
        }
        return Json.MAPPER.createObjectNode();
    }

    private static ObjectNode answer(ObjectNode stored) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("completed", stored.path("completed").asBoolean(false));
        for (String name : TEXT_FIELDS) {
            JsonNode v = stored.get(name);
            if (v != null && v.isTextual()) {
                n.put(name, v.textValue());
            } else {
                n.putNull(name);
            }
        }
        return n;
    }
}
