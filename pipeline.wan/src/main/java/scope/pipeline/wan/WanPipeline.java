package scope.pipeline.wan;

import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;
import scope.api.Requirements;

/** A loaded Wan-family pipeline: text mode needs no input; video mode takes 12 frames per block. */
public final class WanPipeline implements Pipeline {
    /** Input frames of one block in video mode: 3 latent frames x 4 (VAE temporal stride). */
    public static final int VIDEO_INPUT_SIZE = 12;

    private final WanModels models;
    private final WanGenerator generator;

    public WanPipeline(WanModels models, WanVariant variant, WanGeneratorConfig config) {
        this.models = models;
        this.generator = new WanGenerator(models, variant, config);
    }

    @Override
    public Requirements prepare(Parameters parameters) {
        return parameters.videoMode() ? Requirements.inputSize(VIDEO_INPUT_SIZE) : null;
    }

    @Override
    public PipelineOutput process(PipelineCall call) throws Exception {
        return PipelineOutput.of(generator.generate(call));
    }

    public WanGenerator generator() {
        return generator;
    }

    @Override
    public void close() {
        models.close();
    }
}
