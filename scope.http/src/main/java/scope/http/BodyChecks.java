package scope.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Field checks of a JSON request body that collect every problem, so one answer names all the fields that are
 * wrong. Absent and null count as "not given" for optional fields; keys not checked are ignored, as in Scope.
 */
final class BodyChecks {
    private final ObjectNode body;
    private final List<scope.runtime.schema.FieldError> errors = new ArrayList<>();

    BodyChecks(ObjectNode body) {
        this.body = body;
    }

    private JsonNode given(String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(field, "required");
            }
            return null;
        }
        return v;
    }

    BodyChecks bool(String field, boolean required) {
        JsonNode v = given(field, required);
        if (v != null && !v.isBoolean()) {
            error(field, "expected true or false");
        }
        return this;
    }

    BodyChecks string(String field, boolean required) {
        JsonNode v = given(field, required);
        if (v != null && !v.isTextual()) {
            error(field, "expected a string");
        }
        return this;
    }

    BodyChecks oneOf(String field, boolean required, List<String> values) {
        JsonNode v = given(field, required);
        if (v != null && (!v.isTextual() || !values.contains(v.textValue()))) {
            error(field, "expected one of " + String.join(", ", values));
        }
        return this;
    }

    BodyChecks integer(String field, boolean required, long min, long max) {
        JsonNode v = given(field, required);
        if (v != null && (!v.canConvertToExactIntegral() || v.asLong() < min || v.asLong() > max)) {
            error(field, "expected an integer from " + min + " to " + max);
        }
        return this;
    }

    BodyChecks number(String field, boolean required, double min, double max) {
        JsonNode v = given(field, required);
        if (v != null && (!v.isNumber() || v.asDouble() < min || v.asDouble() > max)) {
            error(field, "expected a number from " + min + " to " + max);
        }
        return this;
    }

    /** An array of objects, each checked by {@code each} with the field prefix {@code field[i]}. */
    BodyChecks objects(String field, boolean required, int maxItems, java.util.function.Consumer<BodyChecks> each) {
        JsonNode v = given(field, required);
        if (v == null) {
            return this;
        }
        if (!v.isArray() || v.size() > maxItems) {
            error(field, "expected an array of at most " + maxItems + " objects");
            return this;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                error(field + "[" + i + "]", "expected an object");
                continue;
            }
            BodyChecks item = new BodyChecks((ObjectNode) v.get(i));
            each.accept(item);
            for (var e : item.errors) {
                errors.add(new scope.runtime.schema.FieldError(field + "[" + i + "]." + e.field(), e.message()));
            }
        }
        return this;
    }

    private void error(String field, String message) {
        errors.add(new scope.runtime.schema.FieldError(field, message));
    }

    /** @throws ApiException a 422 naming every field that failed */
    void done() throws ApiException {
        if (!errors.isEmpty()) {
            throw new ApiException(errors);
        }
    }
}
