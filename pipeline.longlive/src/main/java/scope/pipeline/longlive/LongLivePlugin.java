package scope.pipeline.longlive;

import org.osgi.service.component.annotations.Component;
import scope.api.Artifact;
import scope.api.ModeDefaults;
import scope.api.PipelineDescriptor;
import scope.api.PipelineDescriptor.Feature;
import scope.api.PipelinePlugin;
import scope.api.PipelineRegistrar;
import scope.pipeline.wan.WanArtifacts;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.WanPipelines;
import scope.pipeline.wan.WanVariant;

/** Registers LongLive with Scope's metadata (spec 7.2). */
@Component
public class LongLivePlugin implements PipelinePlugin {
    /** The causal DiT exported from LongLive 1.3B with its LoRA merged (README: the model contract). */
    static final Artifact LONGLIVE_ONNX = Artifact.huggingFace("scope-on-osgi/LongLive-1.3B-ONNX",
            WanContract.DIT_FILE);

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
                .artifact(WanArtifacts.WAN_ONNX)
                .artifact(LONGLIVE_ONNX)
                .factory(context -> WanPipelines.load(context, WanVariant.LONGLIVE, LONGLIVE_ONNX,
                        context.config(LongLiveConfig.class)));
        register.register(b.build());
    }
}
