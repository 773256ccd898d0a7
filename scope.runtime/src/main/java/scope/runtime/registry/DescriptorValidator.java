package scope.runtime.registry;

import java.util.regex.Pattern;
import scope.api.ModeDefaults;
import scope.api.PipelineDescriptor;
import scope.runtime.schema.ConfigSchema;

/** Checks a descriptor a plugin registers; the first problem found fails the plugin with that message. */
final class DescriptorValidator {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final java.util.Set<String> INTERPOLATION = java.util.Set.of("linear", "slerp");

    private DescriptorValidator() {
    }

    static ConfigSchema validate(PipelineDescriptor d) {
        if (d == null) {
            throw new IllegalArgumentException("registered a null descriptor");
        }
        if (d.id() == null || !ID.matcher(d.id()).matches()) {
            throw new IllegalArgumentException("invalid pipeline id '" + d.id()
                    + "': use 1-64 lower-case letters, digits, '.', '_' or '-'");
        }
        String where = "pipeline '" + d.id() + "': ";
        if (d.configClass() == null) {
            throw new IllegalArgumentException(where + "no config class");
        }
        if (d.factory() == null) {
            throw new IllegalArgumentException(where + "no factory");
        }
        if (d.estimatedVramGb() != null && !(d.estimatedVramGb() >= 0)) {
            throw new IllegalArgumentException(where + "estimated_vram_gb must be >= 0, got " + d.estimatedVramGb());
        }
        if (d.minDimension() < 1) {
            throw new IllegalArgumentException(where + "min_dimension must be >= 1");
        }
        if (!INTERPOLATION.contains(d.temporalInterpolationMethod())
                || !INTERPOLATION.contains(d.spatialInterpolationMethod())) {
            throw new IllegalArgumentException(where + "interpolation methods must be linear or slerp");
        }
        if (d.temporalInterpolationSteps() < 0) {
            throw new IllegalArgumentException(where + "default_temporal_interpolation_steps must be >= 0");
        }
        long defaults = d.modes().values().stream().filter(ModeDefaults::isDefault).count();
        if (defaults > 1) {
            throw new IllegalArgumentException(where + "more than one default mode");
        }
        for (String mode : d.modes().keySet()) {
            if (!mode.equals("text") && !mode.equals("video")) {
                throw new IllegalArgumentException(where + "unknown mode '" + mode + "' (text or video)");
            }
        }
        ConfigSchema schema;
        try {
            schema = ConfigSchema.of(d.configClass());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        for (var mode : d.modes().entrySet()) {
            for (String key : mode.getValue().overrides().keySet()) {
                if (schema.field(key) == null && !key.equals("default_temporal_interpolation_steps")) {
                    throw new IllegalArgumentException(where + "mode '" + mode.getKey() + "' overrides unknown field '"
                            + key + "'");
                }
            }
        }
        return schema;
    }
}
