package scope.osc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The session-wide runtime keys OSC offers besides each pipeline's own runtime fields (Scope's "Runtime" group).
 * Stream keys go to the session as a data-channel update would, and are validated there; the UI keys are settings
 * only the page keeps (prompt transition settings), so they are checked here and handed to the page's event stream.
 */
final class RuntimeKeys {
    /** @param uiOnly true when only the page uses it (nothing is sent to the session) */
    record Key(String key, String type, String description, Double min, Double max, List<String> values,
            boolean uiOnly) {
        ObjectNode toJson() {
            ObjectNode n = OscPaths.entry(key, type, description);
            if (min != null) {
                n.put("min", min);
            }
            if (max != null) {
                n.put("max", max);
            }
            if (values != null) {
                values.forEach(n.withArray("enum")::add);
            }
            return n;
        }
    }

    static final List<Key> ALL = List.of(
            new Key("prompt", "string", "Replaces the prompts with this one text at weight 1", null, null, null, false),
            new Key("input_mode", "string", "Generate from text only, or from the incoming video", null, null,
                    List.of("text", "video"), false),
            new Key("transition_steps", "integer", "Steps the page uses to blend into a new prompt (0: at once)", 0.0,
                    null, null, true),
            new Key("interpolation_method", "string", "How the page blends several prompts", null, null,
                    List.of("linear", "slerp"), true),
            new Key("temporal_interpolation_method", "string", "How the page blends from one prompt to the next",
                    null, null, List.of("linear", "slerp"), true),
            new Key("denoising_step_list", "integer_list", "Denoising timesteps, several integers (e.g. 700 500)",
                    null, null, null, false),
            new Key("noise_scale", "float", "Amount of noise added to the input video", 0.0, 1.0, null, false),
            new Key("noise_controller", "bool", "Let motion in the input set the noise scale", null, null, null,
                    false),
            new Key("kv_cache_attention_bias", "float", "Weight of past frames in attention (lower: less)", 0.01, 1.0,
                    null, false),
            new Key("manage_cache", "bool", "Reset the cache by itself when parameters change", null, null, null,
                    false),
            new Key("reset_cache", "bool", "Reset the cache once (send T)", null, null, null, false),
            new Key("vace_context_scale", "float", "Strength of VACE conditioning", 0.0, 2.0, null, false),
            new Key("paused", "bool", "Pause (T) or resume (F) the session", null, null, null, false));

    private RuntimeKeys() {
    }

    static Key get(String key) {
        for (Key k : ALL) {
            if (k.key().equals(key)) {
                return k;
            }
        }
        return null;
    }

    /** Scope's check of a value against an address's type, range and allowed values; null when acceptable. */
    static String check(String type, Double min, Double max, List<String> values, JsonNode v) {
        boolean ok = switch (type) {
            case "float", "number" -> v.isNumber();
            case "integer" -> v.isIntegralNumber();
            case "bool", "boolean" -> v.isBoolean();
            case "string" -> v.isTextual();
            case "integer_list" -> v.isArray() && !v.isEmpty() && allIntegers(v) || v.isIntegralNumber();
            default -> true;
        };
        if (!ok) {
            return "expected " + type + ", got " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
        if (v.isNumber() && min != null && v.doubleValue() < min) {
            return "value " + v + " below the minimum " + OscPaths.plain(min);
        }
        if (v.isNumber() && max != null && v.doubleValue() > max) {
            return "value " + v + " above the maximum " + OscPaths.plain(max);
        }
        if (values != null && !values.isEmpty() && !(v.isTextual() && values.contains(v.textValue()))) {
            return "value " + v + " is not one of " + values;
        }
        return null;
    }

    private static boolean allIntegers(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }
}
