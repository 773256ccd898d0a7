package scope.api;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import scope.api.config.BasePipelineConfig;

/**
 * Everything the host knows about a pipeline before loading it: metadata shown in the UI, the configuration class
 * that becomes its JSON Schema, and the factory that loads an instance. Built with {@link #builder}; immutable.
 */
public final class PipelineDescriptor {

    /** Optional capabilities; each enables UI controls (Scope's {@code supports_*} flags). */
    public enum Feature { LORA, VACE, CACHE_MANAGEMENT, KV_CACHE_BIAS, QUANTIZATION }

    private final String id;
    private final String name;
    private final String description;
    private final String version;
    private final String docsUrl;
    private final Double estimatedVramGb;
    private final Double recommendedQuantizationVramThreshold;
    private final boolean requiresModels;
    private final List<Artifact> artifacts;
    private final Set<Feature> features;
    private final boolean supportsPrompts;
    private final boolean producesVideo;
    private final boolean producesAudio;
    private final int minDimension;
    private final List<Usage> usage;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, ModeDefaults> modes;
    private final String temporalInterpolationMethod;
    private final int temporalInterpolationSteps;
    private final String spatialInterpolationMethod;
    private final Class<? extends BasePipelineConfig> configClass;
    private final PipelineFactory factory;
    private final ModelPreparation preparation;

    private PipelineDescriptor(Builder b) {
        this.id = b.id;
        this.name = b.name != null ? b.name : b.id;
        this.description = b.description;
        this.version = b.version;
        this.docsUrl = b.docsUrl;
        this.estimatedVramGb = b.estimatedVramGb;
        this.recommendedQuantizationVramThreshold = b.recommendedQuantizationVramThreshold;
        this.artifacts = List.copyOf(b.artifacts);
        this.requiresModels = b.requiresModels || !artifacts.isEmpty();
        this.features = Set.copyOf(b.features);
        this.supportsPrompts = b.supportsPrompts;
        this.producesVideo = b.producesVideo;
        this.producesAudio = b.producesAudio;
        this.minDimension = b.minDimension;
        this.usage = List.copyOf(b.usage);
        this.inputs = List.copyOf(b.inputs);
        this.outputs = List.copyOf(b.outputs);
        this.modes = b.modes.isEmpty() ? Map.of("text", ModeDefaults.defaultMode()) : new LinkedHashMap<>(b.modes);
        this.temporalInterpolationMethod = b.temporalInterpolationMethod;
        this.temporalInterpolationSteps = b.temporalInterpolationSteps;
        this.spatialInterpolationMethod = b.spatialInterpolationMethod;
        this.configClass = b.configClass;
        this.factory = b.factory;
        this.preparation = b.preparation;
    }

    /**
     * @param id          unique pipeline id, lower-case letters, digits and dashes ({@code longlive})
     * @param configClass the configuration class; its public fields become the schema
     */
    public static Builder builder(String id, Class<? extends BasePipelineConfig> configClass) {
        return new Builder(id, configClass);
    }

    public String id() { return id; }
    public String name() { return name; }
    public String description() { return description; }
    public String version() { return version; }
    public String docsUrl() { return docsUrl; }
    /** Estimated GPU memory in GiB; {@code null} means the pipeline runs without a GPU. */
    public Double estimatedVramGb() { return estimatedVramGb; }
    public Double recommendedQuantizationVramThreshold() { return recommendedQuantizationVramThreshold; }
    public boolean requiresModels() { return requiresModels; }
    public List<Artifact> artifacts() { return artifacts; }
    public boolean supports(Feature feature) { return features.contains(feature); }
    public boolean supportsPrompts() { return supportsPrompts; }
    public boolean producesVideo() { return producesVideo; }
    public boolean producesAudio() { return producesAudio; }
    public int minDimension() { return minDimension; }
    public List<Usage> usage() { return usage; }
    public List<String> inputs() { return inputs; }
    public List<String> outputs() { return outputs; }
    /** Mode name -&gt; defaults, in declaration order. */
    public Map<String, ModeDefaults> modes() { return modes; }
    public String defaultMode() {
        return modes.entrySet().stream().filter(e -> e.getValue().isDefault()).map(Map.Entry::getKey)
                .findFirst().orElse(modes.keySet().iterator().next());
    }
    public String temporalInterpolationMethod() { return temporalInterpolationMethod; }
    public int temporalInterpolationSteps() { return temporalInterpolationSteps; }
    public String spatialInterpolationMethod() { return spatialInterpolationMethod; }
    public Class<? extends BasePipelineConfig> configClass() { return configClass; }
    public PipelineFactory factory() { return factory; }
    /** The step between download and load, or null when the downloaded files are loaded as they are. @since 1.1 */
    public ModelPreparation preparation() { return preparation; }

    @Override
    public String toString() {
        return "Pipeline[" + id + "]";
    }

    public static final class Builder {
        private final String id;
        private final Class<? extends BasePipelineConfig> configClass;
        private String name;
        private String description = "";
        private String version = "1.0.0";
        private String docsUrl;
        private Double estimatedVramGb;
        private Double recommendedQuantizationVramThreshold;
        private boolean requiresModels;
        private final List<Artifact> artifacts = new ArrayList<>();
        private final Set<Feature> features = EnumSet.noneOf(Feature.class);
        private boolean supportsPrompts = true;
        private boolean producesVideo = true;
        private boolean producesAudio;
        private int minDimension = 1;
        private final List<Usage> usage = new ArrayList<>();
        private List<String> inputs = List.of("video");
        private List<String> outputs = List.of("video");
        private final Map<String, ModeDefaults> modes = new LinkedHashMap<>();
        private String temporalInterpolationMethod = "slerp";
        private int temporalInterpolationSteps;
        private String spatialInterpolationMethod = "linear";
        private PipelineFactory factory;
        private ModelPreparation preparation;

        private Builder(String id, Class<? extends BasePipelineConfig> configClass) {
            this.id = id;
            this.configClass = configClass;
        }

        public Builder name(String v) { this.name = v; return this; }
        public Builder description(String v) { this.description = Objects.requireNonNull(v); return this; }
        public Builder version(String v) { this.version = Objects.requireNonNull(v); return this; }
        public Builder docsUrl(String v) { this.docsUrl = v; return this; }
        public Builder estimatedVramGb(double v) { this.estimatedVramGb = v; return this; }
        public Builder recommendedQuantizationVramThreshold(double v) { this.recommendedQuantizationVramThreshold = v; return this; }
        /** Marks the pipeline as needing model files even without declared artifacts. */
        public Builder requiresModels() { this.requiresModels = true; return this; }
        public Builder artifact(Artifact a) { this.artifacts.add(Objects.requireNonNull(a)); return this; }
        public Builder supports(Feature... f) { this.features.addAll(List.of(f)); return this; }
        public Builder noPrompts() { this.supportsPrompts = false; return this; }
        public Builder producesAudio() { this.producesAudio = true; return this; }
        public Builder noVideo() { this.producesVideo = false; return this; }
        public Builder minDimension(int v) { this.minDimension = v; return this; }
        public Builder usage(Usage... u) { this.usage.addAll(List.of(u)); return this; }
        public Builder inputs(String... ports) { this.inputs = List.of(ports); return this; }
        public Builder outputs(String... ports) { this.outputs = List.of(ports); return this; }
        public Builder mode(String mode, ModeDefaults defaults) { this.modes.put(mode, Objects.requireNonNull(defaults)); return this; }
        public Builder temporalInterpolation(String method, int steps) {
            this.temporalInterpolationMethod = method;
            this.temporalInterpolationSteps = steps;
            return this;
        }
        public Builder spatialInterpolation(String method) { this.spatialInterpolationMethod = method; return this; }
        public Builder factory(PipelineFactory f) { this.factory = f; return this; }
        /** What turns the downloaded artifacts into what the factory loads. @since 1.1 */
        public Builder preparation(ModelPreparation p) { this.preparation = Objects.requireNonNull(p); return this; }

        public PipelineDescriptor build() {
            return new PipelineDescriptor(this);
        }
    }
}
