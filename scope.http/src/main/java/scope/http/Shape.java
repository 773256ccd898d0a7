package scope.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON Schema of a request or response body, as the API description gives it. Immutable: every method answers
 * a new shape, so shapes can be shared constants and combined freely.
 */
final class Shape {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode schema;

    private Shape(ObjectNode schema) {
        this.schema = schema;
    }

    private static Shape typed(String type) {
        return new Shape(NODES.objectNode().put("type", type));
    }

    static Shape string() {
        return typed("string");
    }

    static Shape integer() {
        return typed("integer");
    }

    static Shape number() {
        return typed("number");
    }

    static Shape bool() {
        return typed("boolean");
    }

    /** An object with no fixed keys (a free dict). */
    static Shape anyObject() {
        return typed("object");
    }

    /** An object whose keys are listed with {@link #field} and {@link #optional}. */
    static Shape object() {
        Shape s = typed("object");
        s.schema.putObject("properties");
        return s;
    }

    /** Raw bytes of the body's content type (a jar, an image). */
    static Shape binary() {
        return string().with("format", "binary");
    }

    static Shape array(Shape items) {
        Shape s = typed("array");
        s.schema.set("items", items.json());
        return s;
    }

    /** An object whose values all have one shape (keys are names, ids...). */
    static Shape mapOf(Shape values) {
        Shape s = typed("object");
        s.schema.set("additionalProperties", values.json());
        return s;
    }

    static Shape oneOfStrings(String... values) {
        Shape s = string();
        ArrayNode e = s.schema.putArray("enum");
        for (String v : values) {
            e.add(v);
        }
        return s;
    }

    /** A schema of the document's {@code components.schemas}. */
    static Shape ref(String component) {
        return new Shape(NODES.objectNode().put("$ref", OpenApiDocument.COMPONENTS + component));
    }

    static Shape anyOf(Shape... shapes) {
        ObjectNode n = NODES.objectNode();
        ArrayNode any = n.putArray("anyOf");
        for (Shape s : shapes) {
            any.add(s.json());
        }
        return new Shape(n);
    }

    /** Wraps a ready JSON Schema (a pipeline's config schema). */
    static Shape of(ObjectNode schema) {
        return new Shape(schema.deepCopy());
    }

    /** This shape or JSON null. */
    Shape orNull() {
        return anyOf(this, typed("null"));
    }

    /** A required key of an object shape. */
    Shape field(String name, Shape value) {
        Shape s = optional(name, value);
        ObjectNode copy = s.schema;
        ArrayNode required = copy.has("required") ? (ArrayNode) copy.get("required") : copy.putArray("required");
        required.add(name);
        return s;
    }

    /** A key of an object shape that may be absent. */
    Shape optional(String name, Shape value) {
        if (!schema.has("properties")) {
            throw new IllegalStateException("fields belong to Shape.object(), not to " + schema);
        }
        ObjectNode copy = schema.deepCopy();
        ((ObjectNode) copy.get("properties")).set(name, value.json());
        return new Shape(copy);
    }

    Shape describe(String description) {
        return with("description", description);
    }

    private Shape with(String key, String value) {
        ObjectNode copy = schema.deepCopy();
        copy.put(key, value);
        return new Shape(copy);
    }

    /** The JSON Schema (a copy: shapes stay immutable). */
    ObjectNode json() {
        return schema.deepCopy();
    }
}
