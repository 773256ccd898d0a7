package scope.pipeline.wan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import scope.api.LoadContext;

/** A LoadContext over a models directory and a ready configuration object; records the stages. */
public final class StubLoadContext implements LoadContext {
    private final String pipelineId;
    private final Path models;
    private final Object config;
    public final List<String> stages = new ArrayList<>();

    public StubLoadContext(String pipelineId, Path models, Object config) {
        this.pipelineId = pipelineId;
        this.models = models;
        this.config = config;
    }

    @Override
    public String pipelineId() {
        return pipelineId;
    }

    @Override
    public <C> C config(Class<C> configClass) {
        return configClass.cast(config);
    }

    @Override
    public Map<String, Object> loadParameters() {
        return Map.of();
    }

    @Override
    public Path modelsDirectory() {
        return models;
    }

    @Override
    public double vramGb() {
        return 0;
    }

    @Override
    public void stage(String text) {
        stages.add(text);
    }
}
