package scope.runtime.manager;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import scope.api.PipelineDescriptor;
import scope.api.PipelineDescriptor.Feature;
import scope.runtime.registry.RegisteredPipeline;
import scope.runtime.schema.ConfigSchema;
import scope.runtime.schema.FieldError;
import scope.runtime.schema.FieldSpec;
import scope.runtime.schema.ValidationException;

/**
 * The canonical effective load parameters of a request: what decides whether a loaded instance can be reused.
 *
 * <p>Scope compares the raw {@code load_params} dicts, so a key present with its default value, a runtime-only
 * value, or {@code 512} vs {@code 512.0} forces a full reload (spec 3.3, 3.6). Here the comparison is made on:
 * schema defaults filled in; only load-time fields (schema {@code ui.is_load_param}) plus the well-known load keys
 * ({@code height, width, base_seed, quantization, vae_type} when the schema has them, {@code vace_enabled} for VACE
 * pipelines, {@code loras} and {@code lora_merge_mode} for LoRA pipelines); numbers normalised by field type;
 * keys sorted. Runtime fields never take part.
 */
final class CanonicalLoadParams {
    static final Set<String> WELL_KNOWN_SCHEMA_KEYS = Set.of("height", "width", "base_seed", "quantization", "vae_type");
    /** Load keys the frontend sends that are not config fields. */
    static final Set<String> EXTRA_LOAD_KEYS = Set.of("vace_enabled", "loras", "lora_merge_mode", "vace_ref_images");

    private CanonicalLoadParams() {
    }

    /** Validates raw load params against the pipeline's schema; returns every given value normalised. */
    static Map<String, Object> validate(RegisteredPipeline p, JsonNode raw) throws ValidationException {
        return validate(p, raw, new ArrayList<>());
    }

    /**
     * As Scope, load params are a free dict: keys the pipeline does not know (the UI sends its whole settings
     * object, runtime values included) are dropped and named in {@code ignored}; keys it knows are validated
     * strictly. Dropped keys never take part in the reuse comparison.
     */
    static Map<String, Object> validate(RegisteredPipeline p, JsonNode raw, List<String> ignored)
            throws ValidationException {
        JsonNode known = raw;
        if (raw != null && raw.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) raw)
                    .deepCopy();
            java.util.Iterator<String> names = copy.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!p.schema().fields().containsKey(name) && !EXTRA_LOAD_KEYS.contains(name)) {
                    ignored.add(name);
                    names.remove();
                }
            }
            known = copy;
        }
        Map<String, Object> values = p.schema().validate(known, EXTRA_LOAD_KEYS);
        List<FieldError> errors = new ArrayList<>();
        Object vace = values.get("vace_enabled");
        if (vace != null && !(vace instanceof Boolean)) {
            errors.add(new FieldError("vace_enabled", "expected a boolean"));
        }
        Object loras = values.get("loras");
        if (loras != null && !(loras instanceof List)) {
            errors.add(new FieldError("loras", "expected an array"));
        }
        Object mode = values.get("lora_merge_mode");
        if (mode != null && !(mode instanceof String)) {
            errors.add(new FieldError("lora_merge_mode", "expected a string"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return values;
    }

    static Map<String, Object> of(RegisteredPipeline p, Map<String, Object> validated) {
        ConfigSchema schema = p.schema();
        PipelineDescriptor d = p.descriptor();
        Map<String, Object> canonical = new TreeMap<>();
        for (FieldSpec f : schema.fields().values()) {
            if (f.isLoadParam() || WELL_KNOWN_SCHEMA_KEYS.contains(f.name())) {
                canonical.put(f.name(), validated.containsKey(f.name()) ? validated.get(f.name()) : f.defaultValue());
            }
        }
        if (d.supports(Feature.VACE)) {
            canonical.put("vace_enabled", validated.getOrDefault("vace_enabled", Boolean.TRUE));
        }
        if (d.supports(Feature.LORA)) {
            canonical.put("loras", validated.getOrDefault("loras", List.of()));
            canonical.put("lora_merge_mode", validated.getOrDefault("lora_merge_mode", "permanent_merge"));
        }
        return canonical;
    }
}
