package scope.pipeline.depth;

import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import scope.api.Artifact;
import scope.api.LoadContext;
import scope.api.ModeDefaults;
import scope.api.Pipeline;
import scope.api.PipelineDescriptor;
import scope.api.PipelinePlugin;
import scope.api.PipelineRegistrar;
import scope.api.Usage;
import scope.api.onnx.InferenceSession;
import scope.api.onnx.OnnxSessions;

/**
 * Registers the video-depth-anything preprocessor (Scope's metadata, spec 7.3). Scope ships PyTorch weights of
 * Video Depth Anything; this host runs the public ONNX export of Depth Anything V2 Small with temporal smoothing
 * instead (see README).
 */
@Component
public class DepthPlugin implements PipelinePlugin {
    static final Artifact MODEL = Artifact.huggingFace("onnx-community/depth-anything-v2-small", "onnx/model.onnx");

    private final OnnxSessions onnx;

    @Activate
    public DepthPlugin(@Reference(name = "onnx") OnnxSessions onnx) {
        this.onnx = onnx;
    }

    @Override
    public void registerPipelines(PipelineRegistrar register) {
        register.register(PipelineDescriptor.builder("video-depth-anything", DepthConfig.class)
                .name("Video Depth Anything")
                .description("Estimates temporally consistent depth from the input video; outputs depth as a "
                        + "3-channel video to condition generation.")
                .docsUrl("https://github.com/DepthAnything/Video-Depth-Anything")
                .estimatedVramGb(1.0)
                .noPrompts()
                .usage(Usage.PREPROCESSOR)
                .mode("video", ModeDefaults.defaultMode())
                .artifact(MODEL)
                .factory(this::load)
                .build());
    }

    Pipeline load(LoadContext context) throws Exception {
        List<String> missing = Artifact.missingFiles(context.modelsDirectory(), List.of(MODEL));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Models for 'video-depth-anything' are not present in "
                    + context.modelsDirectory() + ": missing " + String.join(", ", missing)
                    + ". Download them first (POST /api/v1/models/download).");
        }
        Path file = context.modelsDirectory().resolve(MODEL.directoryName()).resolve(MODEL.files().get(0));
        context.stage("Loading depth model...");
        InferenceSession session = onnx.open(file);
        try {
            return new DepthPipeline(new DepthModel(session),
                    new TemporalSmoother(DepthPipeline.RANGE_MOMENTUM, DepthPipeline.MAP_MOMENTUM));
        } catch (Exception | Error e) {
            session.close();
            throw e;
        }
    }
}
