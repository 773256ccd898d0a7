package scope.osc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.illposed.osc.argument.OSCSymbol;
import java.util.List;

/**
 * OSC arguments as the JSON value a data-channel message would carry: one argument is the value, several are an
 * array. Integers ({@code i}, {@code h}) stay integers, floats ({@code f}) become the decimal they were written as
 * (0.3f is 0.3, not 0.30000001192...), {@code T}/{@code F} booleans, strings and symbols text. Anything else (blobs,
 * nil, impulses, colours, MIDI, time tags) and non-finite numbers are refused.
 */
final class OscValues {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OscValues() {
    }

    /** @throws IllegalArgumentException naming the argument that has no JSON equivalent */
    static JsonNode toJson(List<Object> arguments) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("the message has no value");
        }
        if (arguments.size() == 1) {
            return scalar(arguments.get(0), "");
        }
        ArrayNode array = JSON.arrayNode();
        for (int i = 0; i < arguments.size(); i++) {
            array.add(scalar(arguments.get(i), "argument " + i + ": "));
        }
        return array;
    }

    private static JsonNode scalar(Object a, String where) {
        if (a instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (a instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (a instanceof Float f) {
            requireFinite(f, where);
            return JSON.numberNode(Double.parseDouble(Float.toString(f)));
        }
        if (a instanceof Double d) {
            requireFinite(d, where);
            return JSON.numberNode(d);
        }
        if (a instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (a instanceof String s) {
            return JSON.textNode(s);
        }
        if (a instanceof OSCSymbol s) {
            return JSON.textNode(s.toString());
        }
        if (a instanceof Character c) {
            return JSON.textNode(c.toString());
        }
        throw new IllegalArgumentException(where + "unsupported OSC argument type "
                + (a == null ? "nil" : a.getClass().getSimpleName()) + " (send i, h, f, d, T, F or s)");
    }

    private static void requireFinite(double d, String where) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(where + "not a finite number: " + d);
        }
    }
}
