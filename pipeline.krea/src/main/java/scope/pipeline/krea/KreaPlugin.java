package scope.pipeline.krea;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import scope.api.Artifact;
import scope.api.ModeDefaults;
import scope.api.PipelineDescriptor;
import scope.api.PipelineDescriptor.Feature;
import scope.api.PipelinePlugin;
import scope.api.PipelineRegistrar;
import scope.pipeline.wan.ModelsNotPresent;
import scope.pipeline.wan.WanArtifacts;

/** Registers Krea Realtime Video with Scope's metadata (spec 7.2). */
@Component
public class KreaPlugin implements PipelinePlugin {
    static final Artifact WAN_14B = Artifact.huggingFace("daydreamlive/Wan2.1-T2V-14B", "config.json");
    static final Artifact KREA = Artifact.huggingFace("daydreamlive/krea-realtime-video",
            "config.json", "krea-realtime-video-14b.safetensors");

    @Override
    public void registerPipelines(PipelineRegistrar register) {
        register.register(PipelineDescriptor.builder("krea-realtime-video", KreaConfig.class)
                .name("Krea Realtime Video")
                .description("A 14B autoregressive video diffusion model for real-time, prompt-steerable "
                        + "text-to-video and video-to-video generation.")
                .docsUrl("https://github.com/daydreamlive/scope/blob/main/src/scope/core/pipelines/krea_realtime_video/docs/usage.md")
                .estimatedVramGb(32)
                .recommendedQuantizationVramThreshold(40)
                .supports(Feature.LORA, Feature.VACE, Feature.CACHE_MANAGEMENT, Feature.QUANTIZATION,
                        Feature.KV_CACHE_BIAS)
                .minDimension(16)
                .inputs("video", "vace_input_frames", "vace_input_masks")
                .temporalInterpolation("linear", 4)
                .mode("text", ModeDefaults.defaultMode())
                .mode("video", ModeDefaults.builder().height(256).width(256).noiseScale(0.7).noiseController(true)
                        .denoisingSteps(1000, 750).defaultTemporalInterpolationSteps(0).build())
                .artifact(WanArtifacts.WAN_1_3B)
                .artifact(WanArtifacts.UMT5_ENCODER)
                .artifact(WanArtifacts.VACE_14B)
                .artifact(WAN_14B)
                .artifact(KREA)
                .factory(context -> {
                    context.stage("Checking model files...");
                    ModelsNotPresent.check("krea-realtime-video", context.modelsDirectory(),
                            List.of(WanArtifacts.WAN_1_3B, WanArtifacts.UMT5_ENCODER, WAN_14B, KREA));
                    throw new UnsupportedOperationException("Krea Realtime Video inference needs the exported ONNX "
                            + "graphs, which this build does not run yet (see the pipeline.krea README)");
                })
                .build());
    }
}
