package scope.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one call: the session's merged runtime values (prompts, noise scale, plugin knobs...), already
 * validated against the pipeline's schema. Keys are the schema's snake_case names. Immutable.
 */
public final class Parameters {
    private static final Parameters EMPTY = new Parameters(Map.of(), false);

    private final Map<String, Object> values;
    private final boolean videoMode;

    public Parameters(Map<String, ?> values, boolean videoMode) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.videoMode = videoMode;
    }

    public static Parameters empty() {
        return EMPTY;
    }

    /** True when the session feeds video into this pipeline; false in text mode. */
    public boolean videoMode() {
        return videoMode;
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    public Object get(String key) {
        return values.get(key);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public String getString(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : v.toString();
    }

    public double getDouble(String key, double fallback) {
        Object v = values.get(key);
        return v instanceof Number ? ((Number) v).doubleValue() : fallback;
    }

    public int getInt(String key, int fallback) {
        Object v = values.get(key);
        return v instanceof Number ? ((Number) v).intValue() : fallback;
    }

    public boolean getBoolean(String key, boolean fallback) {
        Object v = values.get(key);
        return v instanceof Boolean ? (Boolean) v : fallback;
    }

    /** A JSON array value, or an empty list. */
    public List<?> getList(String key) {
        Object v = values.get(key);
        return v instanceof List ? (List<?>) v : List.of();
    }

    /** A copy with other values on top (latest wins). */
    public Parameters with(Map<String, ?> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        return new Parameters(merged, videoMode);
    }

    @Override
    public String toString() {
        return "Parameters" + values + (videoMode ? "[video]" : "[text]");
    }
}
