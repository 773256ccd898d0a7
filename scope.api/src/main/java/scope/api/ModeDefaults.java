package scope.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values that replace the configuration defaults while a mode ({@code text}, {@code video}) is selected, and
 * whether the mode is the pipeline's default.
 */
public final class ModeDefaults {
    private final boolean isDefault;
    private final Map<String, Object> overrides;

    private ModeDefaults(boolean isDefault, Map<String, Object> overrides) {
        this.isDefault = isDefault;
        this.overrides = Map.copyOf(overrides);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A mode with no overrides that is selected initially. */
    public static ModeDefaults defaultMode() {
        return builder().isDefault().build();
    }

    /** A mode with no overrides. */
    public static ModeDefaults plain() {
        return builder().build();
    }

    public boolean isDefault() {
        return isDefault;
    }

    /** Schema field name -&gt; value, in snake_case. */
    public Map<String, Object> overrides() {
        return overrides;
    }

    public static final class Builder {
        private boolean isDefault;
        private final Map<String, Object> overrides = new LinkedHashMap<>();

        public Builder isDefault() {
            this.isDefault = true;
            return this;
        }

        public Builder height(int v) {
            return set("height", v);
        }

        public Builder width(int v) {
            return set("width", v);
        }

        public Builder denoisingSteps(Integer... steps) {
            return set("denoising_steps", List.of(steps));
        }

        public Builder noiseScale(double v) {
            return set("noise_scale", v);
        }

        public Builder noiseController(boolean v) {
            return set("noise_controller", v);
        }

        public Builder inputSize(int v) {
            return set("input_size", v);
        }

        public Builder defaultTemporalInterpolationSteps(int v) {
            return set("default_temporal_interpolation_steps", v);
        }

        private Builder set(String key, Object v) {
            overrides.put(key, v);
            return this;
        }

        public ModeDefaults build() {
            return new ModeDefaults(isDefault, overrides);
        }
    }
}
