package scope.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.schema.ConfigSchema;
import scope.runtime.settings.ScopeSettings;

/**
 * The description lists every route the real servlets register: each API servlet class of this module is found on
 * the class path and constructed, so a new servlet or route is covered without touching this test.
 */
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

    @TempDir
    Path home;

    @Test
    void everyRouteOfEveryApiServletIsInTheDocumentWithItsMethodAndPath() throws Exception {
        List<JsonApiServlet> servlets = allApiServlets();
        assertTrue(servlets.size() >= 15, "found only " + servlets.size() + " API servlets");
        OpenApiServlet description = new OpenApiServlet(new PipelineRegistry(), "1.2.3");
        servlets.forEach(description::addServlet);
        ObjectNode doc = description.document();

        int operations = 0;
        for (JsonApiServlet s : servlets) {
            for (Router.Route r : s.router.routes()) {
                for (PathTemplate t : PathTemplate.of(r.pathRegex())) {
                    String where = s.getClass().getSimpleName() + " " + r.method() + " " + r.pathRegex();
                    assertTrue(t.plain(), where + " is not a plain path: " + t.path());
                    assertFalse(t.path().contains("{param"), where + ": name its path groups, (?<name>...)");
                    JsonNode op = doc.path("paths").path(t.path()).path(r.method().toLowerCase(Locale.ROOT));
                    assertTrue(op.isObject(), where + " is missing from the document as " + t.path());
                    assertEquals(t.parameters().size(), countPathParameters(op), where);
                    operations++;
                }
            }
        }
        assertTrue(doc.path("paths").has("/openapi.json"), "the description describes itself");
        assertEquals(operations + 2, countOperations(doc), "the document lists routes nobody registered");
    }

    @Test
    void theDocumentIsOpenApi31WithResolvableReferences() throws Exception {
        OpenApiServlet description = new OpenApiServlet(new PipelineRegistry(), "1.2.3");
        allApiServlets().forEach(description::addServlet);
        ObjectNode doc = description.document();
        assertTrue(doc.path("openapi").asText().startsWith("3.1"), doc.path("openapi").toString());
        assertEquals("Scope", doc.path("info").path("title").asText());
        assertEquals("1.2.3", doc.path("info").path("version").asText());
        assertTrue(doc.path("paths").size() > 40, "paths: " + doc.path("paths").size());
        Set<String> operationIds = new HashSet<>();
        doc.path("paths").fields().forEachRemaining(path -> {
            assertTrue(path.getKey().startsWith("/"), path.getKey());
            path.getValue().fields().forEachRemaining(m -> {
                assertTrue(METHODS.contains(m.getKey()), path.getKey() + ": " + m.getKey());
                JsonNode op = m.getValue();
                assertTrue(op.path("summary").isTextual(), path.getKey());
                assertTrue(op.path("responses").isObject() && op.path("responses").size() > 0, path.getKey());
                assertTrue(operationIds.add(op.path("operationId").asText()), "duplicate operationId at "
                        + path.getKey());
                for (JsonNode p : op.path("parameters")) {
                    if (p.path("in").asText().equals("path")) {
                        assertTrue(path.getKey().contains("{" + p.path("name").asText() + "}"), path.getKey());
                        assertTrue(p.path("required").asBoolean(), path.getKey());
                    }
                }
            });
        });
        assertAllRefsResolve(doc, doc, "");
    }

    @Test
    void mainBodiesHaveTheirShapes() throws Exception {
        OpenApiServlet description = new OpenApiServlet(new PipelineRegistry(), "1");
        allApiServlets().forEach(description::addServlet);
        JsonNode paths = description.document().path("paths");
        JsonNode load = paths.path("/api/v1/pipeline/load").path("post");
        assertEquals("string", bodySchema(load).path("properties").path("pipelines").path("items").path("properties")
                .path("pipeline_id").path("type").asText());
        assertEquals("#/components/schemas/LoadParams", bodySchema(load).path("properties").path("load_params")
                .path("$ref").asText());
        assertTrue(bodySchema(paths.path("/api/v1/webrtc/offer").path("post")).path("required").toString()
                .contains("sdp"));
        assertTrue(paths.path("/api/v1/plugins").path("post").path("requestBody").path("content")
                .has("application/java-archive"));
        assertEquals("integer", paths.path("/api/v1/logs/tail").path("get").path("parameters").get(0)
                .path("schema").path("type").asText());
        assertTrue(paths.path("/api/v1/webrtc/offer/{session_id}").path("delete").path("responses").has("204"));
    }

    @Test
    void pipelineConfigSchemasBecomeTheLoadParametersWithTheirDefinitionsReachable() {
        ObjectNode schema = ConfigSchema.of(ToyConfig.class).toJson();
        ObjectNode doc = OpenApiDocument.build("1", List.of(), Map.of("toy", schema));
        JsonNode components = doc.path("components").path("schemas");
        assertEquals("#/components/schemas/PipelineConfig.toy",
                components.path("LoadParams").path("anyOf").get(0).path("$ref").asText());
        assertTrue(components.path("PipelineConfig.toy").path("properties").has("steps"));
        assertTrue(components.path("PipelineConfig.toy").toString().contains("#/components/schemas/PipelineConfig"
                + ".toy/$defs/"), components.toString());
        assertAllRefsResolve(doc, doc, "");
    }

    @Test
    void aServletThatGoesAwayTakesItsRoutesAlong() throws Exception {
        OpenApiServlet description = new OpenApiServlet(new PipelineRegistry(), "1");
        TempoServlet tempo = new TempoServlet();
        description.addServlet(tempo);
        assertTrue(description.document().path("paths").has("/api/v1/tempo/status"));
        description.removeServlet(tempo);
        assertFalse(description.document().path("paths").has("/api/v1/tempo/status"));
        // a route registered without a description still appears, with its method and path
        tempo.router.on("DELETE", "/api/v1/tempo/(?<sourceId>[^/]+)", (q, r, g) -> { });
        description.addServlet(tempo);
        JsonNode op = description.document().path("paths").path("/api/v1/tempo/{source_id}").path("delete");
        assertEquals("DELETE /api/v1/tempo/{source_id}", op.path("summary").asText());
    }

    /** A config class with an enum, so the schema has {@code $defs}. */
    public static class ToyConfig {
        public enum Mode { FAST, GOOD }

        public int steps = 4;
        public Mode mode = Mode.FAST;
    }

    private static JsonNode bodySchema(JsonNode op) {
        return op.path("requestBody").path("content").path("application/json").path("schema");
    }

    private static int countPathParameters(JsonNode op) {
        int n = 0;
        for (JsonNode p : op.path("parameters")) {
            n += p.path("in").asText().equals("path") ? 1 : 0;
        }
        return n;
    }

    private static int countOperations(JsonNode doc) {
        int[] n = {0};
        doc.path("paths").forEach(item -> n[0] += item.size());
        return n[0];
    }

    private static void assertAllRefsResolve(JsonNode doc, JsonNode node, String at) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                assertTrue(ref.asText().startsWith("#/"), at + ": " + ref);
                JsonNode target = doc.at(ref.asText().substring(1));
                assertFalse(target.isMissingNode(), at + ": " + ref + " points at nothing");
            }
            node.fields().forEachRemaining(e -> assertAllRefsResolve(doc, e.getValue(), at + "/" + e.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertAllRefsResolve(doc, node.get(i), at + "/" + i);
            }
        }
    }

    // --- constructing the real servlets

    private List<JsonApiServlet> allApiServlets() throws Exception {
        List<JsonApiServlet> out = new ArrayList<>();
        for (Class<?> c : classesOfThisModule()) {
            if (JsonApiServlet.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())
                    && c != OpenApiServlet.class) {
                out.add((JsonApiServlet) construct(c));
            }
        }
        return out;
    }

    private static List<Class<?>> classesOfThisModule() throws IOException, URISyntaxException,
            ClassNotFoundException {
        Path root = Path.of(JsonApiServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("scope/http"))) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    classes.add(Class.forName("scope.http." + name.substring(0, name.length() - 6)));
                }
            }
        }
        return classes;
    }

    /** Through the public constructor DS uses, with working settings and inert stand-ins for the rest. */
    private Object construct(Class<?> c) throws Exception {
        Constructor<?> ctor = Stream.of(c.getConstructors())
                .max(Comparator.comparingInt(Constructor::getParameterCount))
                .orElseThrow(() -> new AssertionError(c + " has no public constructor"));
        Object[] args = new Object[ctor.getParameterCount()];
        Class<?>[] types = ctor.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            args[i] = standIn(types[i]);
        }
        return ctor.newInstance(args);
    }

    private Object standIn(Class<?> type) {
        if (type == ScopeSettings.class) {
            return new ScopeSettings(home, "127.0.0.1", 0);
        }
        if (type == PipelineRegistry.class) {
            return new PipelineRegistry();
        }
        if (type == ServerEpoch.class) {
            return new ServerEpoch();
        }
        if (type.isInterface()) {
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> defaultOf(method.getReturnType()));
        }
        // services the constructors only keep: their behaviour is not what the description reads
        return null;
    }

    private Object defaultOf(Class<?> type) {
        if (type == String.class) {
            return "";
        }
        if (type == Version.class) {
            return Version.emptyVersion;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class) {
            return type == long.class ? (Object) 0L : type == int.class ? (Object) 0 : type == short.class
                    ? (Object) (short) 0 : (Object) (byte) 0;
        }
        if (type == double.class || type == float.class) {
            return type == double.class ? (Object) 0d : (Object) 0f;
        }
        if (type == char.class) {
            return '\0';
        }
        return type.isInterface() ? standIn(type) : null;
    }
}
