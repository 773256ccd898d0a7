package scope.runtime.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import scope.runtime.schema.ConfigSchema;
import scope.runtime.schema.FieldError;
import scope.runtime.schema.ValidationException;

/**
 * Turns one client message (spec 2.3 / 2.4: initial parameters or a data-channel update) into validated,
 * per-stage parameter updates.
 *
 * <p>Contract:
 * <ul>
 * <li>The message must be a JSON object. Null values are ignored (the frontend strips them anyway).</li>
 * <li>Control keys are checked here: {@code prompts} ({@code [{text, weight >= 0}]}, weight defaults to 1.0),
 * {@code prompt_interpolation_method} ({@code linear|slerp}), {@code transition} ({@code target_prompts},
 * {@code num_steps >= 0} default 4, {@code temporal_interpolation_method} {@code linear|slerp}),
 * {@code denoising_step_list} (integers), {@code noise_scale} (0..1), {@code noise_controller},
 * {@code manage_cache}, {@code reset_cache}, {@code paused} (booleans), {@code kv_cache_attention_bias}
 * (0.01..1), {@code input_mode} ({@code text|video}), {@code node_id} (a stage of this chain).</li>
 * <li>Pipeline-facing extras ({@code lora_scales}, {@code ctrl_input}, {@code images}, {@code first_frame_image},
 * {@code last_frame_image}, {@code vace_*}) pass through unchecked. Session and tempo keys (graph, sinks, beat clock,
 * quantisation, recording...) are accepted and dropped: they are not pipeline parameters.</li>
 * <li>Every other key must be a field of a target stage's {@link ConfigSchema} and is validated by it. With
 * {@code node_id} the only target is that stage; without it, every stage gets the control keys plus the fields
 * its own schema declares, and a key no stage declares is an error.</li>
 * <li>All errors are collected and thrown together; nothing is returned for an invalid message.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class UpdateParser {
    /** Validated here and given to pipelines. */
    static final Set<String> CONTROL_KEYS = Set.of("prompts", "prompt_interpolation_method", "transition",
            "denoising_step_list", "noise_scale", "noise_controller", "manage_cache", "reset_cache",
            "kv_cache_attention_bias", "input_mode");
    /** Given to pipelines unchecked. */
    static final Set<String> PASS_THROUGH_KEYS = Set.of("lora_scales", "ctrl_input", "images", "first_frame_image",
            "last_frame_image");
    static final String VACE_PREFIX = "vace_";
    /** Accepted and consumed by the session; never given to pipelines. */
    static final Set<String> SESSION_KEYS = Set.of("paused", "node_id", "quantize_mode", "lookahead_ms",
            "modulations", "beat_cache_reset_rate", "bpm", "beat_phase", "bar_position", "beat_count", "is_playing",
            "_quantized", "output_sinks", "input_source", "recording", "pipeline_ids", "graph", "produces_video",
            "produces_audio", "source_track_order");

    /**
     * The result: the new pause state if the message sets one, and the update for each stage index that receives
     * one (stage order of the chain).
     */
    record Parsed(Boolean paused, Map<Integer, Map<String, Object>> perStage) {
    }

    private UpdateParser() {
    }

    static Parsed parse(JsonNode message, List<ChainStage> stages) throws ValidationException {
        if (message == null || message.isNull()) {
            return new Parsed(null, Map.of());
        }
        if (!message.isObject()) {
            throw new ValidationException("$", "expected a JSON object, got " + message.getNodeType());
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> control = new LinkedHashMap<>();
        Map<String, JsonNode> schemaValues = new LinkedHashMap<>();
        Boolean paused = null;
        Integer target = null;
        var it = message.fields();
        while (it.hasNext()) {
            var e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (v == null || v.isNull()) {
                continue;
            }
            try {
                if (key.equals("paused")) {
                    paused = bool(v);
                } else if (key.equals("node_id")) {
                    target = stageIndex(v, stages);
                } else if (key.equals("recording")) {
                    bool(v); // read by the recorder when the stream opens; a non-boolean is refused, not ignored
                } else if (SESSION_KEYS.contains(key)) {
                    // consumed by the session (tempo, sinks, graph): not a pipeline parameter
                } else if (CONTROL_KEYS.contains(key)) {
                    control.put(key, control(key, v));
                } else if (PASS_THROUGH_KEYS.contains(key) || key.startsWith(VACE_PREFIX)) {
                    control.put(key, ConfigSchema.plain(v));
                } else {
                    schemaValues.put(key, v);
                }
            } catch (IllegalArgumentException ex) {
                errors.add(new FieldError(key, ex.getMessage()));
            }
        }
        Map<Integer, Map<String, Object>> perStage = new LinkedHashMap<>();
        Set<String> claimed = new HashSet<>();
        for (int i = 0; i < stages.size(); i++) {
            if (target != null && target != i) {
                continue;
            }
            ConfigSchema schema = stages.get(i).schema();
            var own = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            schemaValues.forEach((k, v) -> {
                if (schema.field(k) != null) {
                    own.set(k, v);
                    claimed.add(k);
                }
            });
            // control keys a schema also declares get the schema's (stricter or equal) check too
            control.keySet().forEach(k -> {
                if (schema.field(k) != null) {
                    own.set(k, message.get(k));
                }
            });
            Map<String, Object> update = new LinkedHashMap<>(control);
            try {
                Map<String, Object> validated = schema.validate(own, Set.of());
                validated.forEach((k, v) -> {
                    if (!control.containsKey(k)) {
                        update.put(k, v);
                    }
                });
            } catch (ValidationException ex) {
                String node = stages.get(i).nodeId();
                ex.errors().forEach(fe -> errors.add(new FieldError(fe.field(), fe.message() + " (node " + node + ")")));
            }
            if (!update.isEmpty()) {
                perStage.put(i, update);
            }
        }
        for (String k : schemaValues.keySet()) {
            if (!claimed.contains(k)) {
                errors.add(new FieldError(k, target == null ? "unknown parameter: no pipeline of this stream declares it"
                        : "unknown parameter for node " + stages.get(target).nodeId()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Parsed(paused, perStage);
    }

    private static int stageIndex(JsonNode v, List<ChainStage> stages) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("expected a string, got " + v.getNodeType());
        }
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).nodeId().equals(v.textValue())) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown node '" + v.textValue() + "'");
    }

    private static Object control(String key, JsonNode v) {
        return switch (key) {
            case "prompts" -> prompts(v);
            case "prompt_interpolation_method" -> oneOf(v, "linear", "slerp");
            case "transition" -> transition(v);
            case "denoising_step_list" -> integers(v);
            case "noise_scale" -> number(v, 0.0, 1.0);
            case "kv_cache_attention_bias" -> number(v, 0.01, 1.0);
            case "input_mode" -> oneOf(v, "text", "video");
            default -> bool(v); // noise_controller, manage_cache, reset_cache
        };
    }

    private static List<Map<String, Object>> prompts(JsonNode v) {
        if (!v.isArray()) {
            throw new IllegalArgumentException("expected an array of {text, weight}, got " + v.getNodeType());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode p = v.get(i);
            if (!p.isObject() || !p.path("text").isTextual()) {
                throw new IllegalArgumentException("item " + i + ": expected {text: string, weight: number}");
            }
            double weight = 1.0;
            JsonNode w = p.get("weight");
            if (w != null && !w.isNull()) {
                if (!w.isNumber() || !Double.isFinite(w.doubleValue()) || w.doubleValue() < 0) {
                    throw new IllegalArgumentException("item " + i + ": weight must be a number >= 0");
                }
                weight = w.doubleValue();
            }
            Map<String, Object> prompt = new LinkedHashMap<>();
            prompt.put("text", p.get("text").textValue());
            prompt.put("weight", weight);
            out.add(prompt);
        }
        return out;
    }

    private static Map<String, Object> transition(JsonNode v) {
        if (!v.isObject()) {
            throw new IllegalArgumentException("expected an object, got " + v.getNodeType());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        JsonNode targets = v.get("target_prompts");
        if (targets == null || targets.isNull()) {
            throw new IllegalArgumentException("target_prompts is required");
        }
        try {
            out.put("target_prompts", prompts(targets));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("target_prompts: " + e.getMessage());
        }
        long steps = 4;
        JsonNode n = v.get("num_steps");
        if (n != null && !n.isNull()) {
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0 || n.longValue() > 10_000) {
                throw new IllegalArgumentException("num_steps must be an integer from 0 to 10000");
            }
            steps = n.longValue();
        }
        out.put("num_steps", steps);
        JsonNode m = v.get("temporal_interpolation_method");
        try {
            out.put("temporal_interpolation_method", m == null || m.isNull() ? "linear" : oneOf(m, "linear", "slerp"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("temporal_interpolation_method: " + e.getMessage());
        }
        return out;
    }

    private static List<Long> integers(JsonNode v) {
        if (!v.isArray()) {
            throw new IllegalArgumentException("expected an array of integers, got " + v.getNodeType());
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isIntegralNumber() || !v.get(i).canConvertToInt()) {
                throw new IllegalArgumentException("item " + i + ": expected an integer (32-bit)");
            }
            out.add(v.get(i).longValue());
        }
        return out;
    }

    private static double number(JsonNode v, double min, double max) {
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw new IllegalArgumentException("expected a number, got " + v.getNodeType());
        }
        double d = v.doubleValue();
        if (d < min || d > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max + ", got " + d);
        }
        return d;
    }

    private static boolean bool(JsonNode v) {
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("expected a boolean, got " + v.getNodeType());
        }
        return v.booleanValue();
    }

    private static String oneOf(JsonNode v, String... allowed) {
        if (v.isTextual()) {
            for (String a : allowed) {
                if (a.equals(v.textValue())) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("expected one of " + List.of(allowed) + ", got " + v);
    }
}
