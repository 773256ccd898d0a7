package scope.pipeline.longlive;

import org.osgi.service.component.annotations.Component;
import scope.api.Artifact;
import scope.api.ModeDefaults;
import scope.api.PipelineDescriptor;
import scope.api.PipelineDescriptor.Feature;
import scope.api.PipelinePlugin;
import scope.api.PipelineRegistrar;
import scope.pipeline.wan.ModelsNotPresent;
import scope.pipeline.wan.WanArtifacts;

/** Registers LongLive with Scope's metadata (spec 7.2). */
@Component
public class LongLivePlugin implements PipelinePlugin {
    static final Artifact LONGLIVE = Artifact.huggingFace("daydreamlive/LongLive-1.3B",
            "config.json", "models/longlive_base.pt", "models/lora.pt");

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
                .artifact(WanArtifacts.WAN_1_3B)
                .artifact(WanArtifacts.UMT5_ENCODER)
                .artifact(WanArtifacts.VACE_1_3B)
                .artifact(LONGLIVE)
                .factory(context -> {
                    context.stage("Checking model files...");
                    ModelsNotPresent.check("longlive", context.modelsDirectory(),
                            java.util.List.of(WanArtifacts.WAN_1_3B, WanArtifacts.UMT5_ENCODER, LONGLIVE));
                    throw new UnsupportedOperationException("LongLive inference needs the exported ONNX graphs, "
                            + "which this build does not run yet (see the pipeline.longlive README)");
                });
        register.register(b.build());
    }
}
