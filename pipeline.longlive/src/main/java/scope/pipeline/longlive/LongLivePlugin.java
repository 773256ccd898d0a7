package scope.pipeline.longlive;

import org.osgi.service.component.annotations.Component;
import scope.api.Artifact;
import scope.api.ModeDefaults;
import scope.api.PipelineDescriptor;
import scope.api.PipelineDescriptor.Feature;
import scope.api.PipelinePlugin;
import scope.api.PipelineRegistrar;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.WanPipelines;
import scope.pipeline.wan.WanVariant;
import scope.pipeline.wan.prepare.WanPreparation;

/** Registers LongLive with Scope's metadata (spec 7.2). */
@Component
public class LongLivePlugin implements PipelinePlugin {
    /**
     * Where a hand-placed ONNX export of the DiT is looked for ({@code models/LongLive-1.3B-ONNX/dit.onnx}, with the
     * shared graphs in {@code models/Wan2.1-ONNX/}); not downloaded.
     */
    static final Artifact LONGLIVE_ONNX = Artifact.huggingFace("scope-on-osgi/LongLive-1.3B-ONNX",
            WanContract.DIT_FILE);
    /** Scope's checkpoints (Wan 2.1 1.3B VAE and tokenizer, UMT5 encoder, LongLive base + LoRA) -> the graphs. */
    static final WanPreparation PREPARATION = WanPreparation.longLive(LONGLIVE_ONNX);

    @Override
    public void registerPipelines(PipelineRegistrar register) {
        PipelineDescriptor.Builder b = PipelineDescriptor.builder("longlive", LongLiveConfig.class)
                .name("LongLive")
                .description("A streaming autoregressive video diffusion model that generates long videos from "
                        + "text prompts that can change while it runs, or transforms an input video.")
                .docsUrl("https://github.com/daydreamlive/scope/blob/main/src/scope/core/pipelines/longlive/docs/usage.md")
                .estimatedVramGb(20)
                .supports(Feature.LORA, Feature.VACE, Feature.CACHE_MANAGEMENT, Feature.QUANTIZATION)
                .minDimension(16)
                .inputs("video", "vace_input_frames", "vace_input_masks")
                .temporalInterpolation("slerp", 0)
                .mode("text", ModeDefaults.defaultMode())
                .mode("video", ModeDefaults.builder().height(512).width(512).noiseScale(0.7).noiseController(true)
                        .denoisingSteps(1000, 750).build())
                .preparation(PREPARATION)
                .factory(context -> WanPipelines.load(context, WanVariant.LONGLIVE, PREPARATION,
                        context.config(LongLiveConfig.class)));
        PREPARATION.artifacts().forEach(b::artifact);
        register.register(b.build());
    }
}
