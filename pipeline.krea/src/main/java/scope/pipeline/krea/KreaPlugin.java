package scope.pipeline.krea;

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

/** Registers Krea Realtime Video with Scope's metadata (spec 7.2). */
@Component
public class KreaPlugin implements PipelinePlugin {
    /**
     * Where a hand-placed ONNX export of the DiT (with the attention-bias input) is looked for
     * ({@code models/krea-realtime-video-14b-ONNX/dit.onnx}, shared graphs in {@code models/Wan2.1-ONNX/}).
     */
    static final Artifact KREA_ONNX = Artifact.huggingFace("scope-on-osgi/krea-realtime-video-14b-ONNX",
            WanContract.DIT_FILE);
    /** Scope's checkpoints (Wan 2.1 VAE and tokenizer, UMT5 encoder, Wan 14B config, Krea 14B) -> the graphs. */
    static final WanPreparation PREPARATION = WanPreparation.krea(KREA_ONNX);

    @Override
    public void registerPipelines(PipelineRegistrar register) {
        PipelineDescriptor.Builder b = PipelineDescriptor.builder("krea-realtime-video", KreaConfig.class)
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
                .preparation(PREPARATION)
                .factory(context -> WanPipelines.load(context, WanVariant.KREA, PREPARATION,
                        context.config(KreaConfig.class)));
        PREPARATION.artifacts().forEach(b::artifact);
        register.register(b.build());
    }
}
