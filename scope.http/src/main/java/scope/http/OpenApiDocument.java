package scope.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.1 document of the routes that are registered now: paths and methods from the routers that
 * dispatch, shapes from their {@link RouteDoc}s, and each registered pipeline's load parameters from its config
 * schema (the same JSON Schema {@code /api/v1/pipelines/schemas} answers).
 */
final class OpenApiDocument {
    static final String COMPONENTS = "#/components/schemas/";
    /** Scope's error answer, {@code {"detail": ...}}. */
    static final String ERROR = "Error";
    /** The load parameters of any registered pipeline. */
    static final String LOAD_PARAMS = "LoadParams";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> METHOD_ORDER = List.of("GET", "PUT", "POST", "PATCH", "DELETE");
    /** The core of the API first, then the rest by name. */
    private static final List<String> FIRST_TAGS = List.of("Pipelines", "WebRTC", "Workflow", "Plugins");

    /** The routes of one servlet, under one tag. */
    record Group(String tag, List<Router.Route> routes) {
    }

    private OpenApiDocument() {
    }

    /**
     * @param pipelineConfigs pipeline id -&gt; its config's JSON Schema ({@code ConfigSchema.toJson()})
     */
    static ObjectNode build(String version, List<Group> groups, Map<String, ObjectNode> pipelineConfigs) {
        ObjectNode doc = NODES.objectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Scope");
        info.put("version", version);
        info.put("description", "Scope's HTTP API on this server: the routes registered now, generated from the "
                + "routes that dispatch. Every error is {\"detail\": ...}; validation errors (422) list the fields.");
        ArrayNode tags = doc.putArray("tags");
        // path -> method -> operation; sorted, so the document reads the same whatever order servlets came in
        Map<String, Map<String, ObjectNode>> paths = new TreeMap<>();
        List<Group> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparingInt((Group g) -> FIRST_TAGS.contains(g.tag()) ? FIRST_TAGS.indexOf(g.tag())
                : FIRST_TAGS.size()).thenComparing(Group::tag));
        for (Group g : sorted) {
            tags.addObject().put("name", g.tag());
            for (Router.Route r : g.routes()) {
                for (PathTemplate t : PathTemplate.of(r.pathRegex())) {
                    Map<String, ObjectNode> methods = paths.computeIfAbsent(t.path(),
                            p -> new TreeMap<>(Comparator.comparingInt(OpenApiDocument::methodRank)));
                    // two servlets with the same route: the first one listed is described (sorted, so stable)
                    methods.putIfAbsent(r.method(), operation(g.tag(), r, t));
                }
            }
        }
        ObjectNode pathsNode = doc.putObject("paths");
        paths.forEach((path, methods) -> {
            ObjectNode item = pathsNode.putObject(path);
            methods.forEach((method, op) -> item.set(method.toLowerCase(Locale.ROOT), op));
        });
        doc.putObject("components").set("schemas", components(pipelineConfigs));
        return doc;
    }

    private static int methodRank(String method) {
        int i = METHOD_ORDER.indexOf(method);
        return i < 0 ? METHOD_ORDER.size() : i;
    }

    private static ObjectNode operation(String tag, Router.Route r, PathTemplate t) {
        RouteDoc d = r.doc();
        ObjectNode op = NODES.objectNode();
        op.putArray("tags").add(tag);
        op.put("summary", d.documented() ? d.summary() : r.method() + " " + t.path());
        if (d.description() != null) {
            op.put("description", d.description());
        }
        op.put("operationId", (r.method() + t.path()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_|_$", ""));
        ArrayNode params = NODES.arrayNode();
        for (String name : t.parameters()) {
            ObjectNode p = params.addObject();
            p.put("name", name);
            p.put("in", "path");
            p.put("required", true);
            p.set("schema", Shape.string().json());
        }
        for (RouteDoc.Query q : d.query()) {
            ObjectNode p = params.addObject();
            p.put("name", q.name());
            p.put("in", "query");
            p.put("required", q.required());
            p.set("schema", q.shape().json());
            if (q.description() != null) {
                p.put("description", q.description());
            }
        }
        if (!params.isEmpty()) {
            op.set("parameters", params);
        }
        if (!d.body().isEmpty()) {
            ObjectNode content = op.putObject("requestBody").putObject("content");
            d.body().forEach((type, shape) -> content.putObject(type).set("schema", shape.json()));
        }
        ObjectNode responses = op.putObject("responses");
        new TreeMap<>(d.answers()).forEach((status, a) -> {
            ObjectNode resp = responses.putObject(Integer.toString(status));
            resp.put("description", a.description());
            if (a.contentType() != null) {
                resp.putObject("content").putObject(a.contentType()).set("schema", a.shape().json());
            }
        });
        if (!d.documented()) {
            responses.putObject("default").put("description", "Not described yet: see the route's handler");
        }
        responses.putObject("4XX").put("description", "The request was refused; the detail says why")
                .putObject("content").putObject("application/json").putObject("schema").put("$ref", COMPONENTS + ERROR);
        responses.putObject("5XX").put("description", "An internal error; the detail says what failed")
                .putObject("content").putObject("application/json").putObject("schema").put("$ref", COMPONENTS + ERROR);
        return op;
    }

    private static ObjectNode components(Map<String, ObjectNode> pipelineConfigs) {
        ObjectNode schemas = NODES.objectNode();
        schemas.set(ERROR, Shape.object()
                .field("detail", Shape.anyOf(Shape.string(), Shape.array(Shape.object()
                        .field("loc", Shape.array(Shape.anyOf(Shape.string(), Shape.integer())))
                        .field("msg", Shape.string()).field("type", Shape.string()))))
                .describe("A refusal: a message, or (422) one entry per field that is wrong").json());
        ArrayNode anyOf = NODES.arrayNode();
        new TreeMap<>(pipelineConfigs).forEach((id, schema) -> {
            String name = "PipelineConfig." + id.replaceAll("[^A-Za-z0-9._-]", "_");
            ObjectNode copy = schema.deepCopy();
            rewriteRefs(copy, COMPONENTS + name + "/$defs/");
            // load_params is a free dict: keys the pipeline does not know are ignored and reported as warnings
            copy.put("additionalProperties", true);
            copy.put("description", "Load parameters of pipeline '" + id + "'");
            schemas.set(name, copy);
            anyOf.addObject().put("$ref", COMPONENTS + name);
        });
        ObjectNode loadParams = schemas.putObject(LOAD_PARAMS);
        loadParams.put("description", "A pipeline's load parameters (one schema per registered pipeline). Keys the "
                + "pipeline does not know are ignored and listed in the answer's warnings; known keys are validated.");
        if (anyOf.isEmpty()) {
            loadParams.put("type", "object");
        } else {
            loadParams.set("anyOf", anyOf);
        }
        return schemas;
    }

    /** A config schema's {@code #/$defs/...} refs, pointed at its copy inside this document. */
    private static void rewriteRefs(JsonNode node, String defsPointer) {
        if (node instanceof ObjectNode o) {
            JsonNode ref = o.get("$ref");
            if (ref != null && ref.isTextual() && ref.textValue().startsWith("#/$defs/")) {
                o.put("$ref", defsPointer + ref.textValue().substring("#/$defs/".length()));
            }
            o.elements().forEachRemaining(child -> rewriteRefs(child, defsPointer));
        } else if (node != null && node.isArray()) {
            node.elements().forEachRemaining(child -> rewriteRefs(child, defsPointer));
        }
    }
}
