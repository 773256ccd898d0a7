package scope.pipeline.depth;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import scope.api.Artifact;
import scope.api.ModeDefaults;
import scope.api.PipelineDescriptor;
import scope.api.PipelinePlugin;
import scope.api.PipelineRegistrar;
import scope.api.Usage;

/** Registers the video-depth-anything preprocessor with Scope's metadata (spec 7.3). */
@Component
public class DepthPlugin implements PipelinePlugin {
    static final Artifact MODEL = Artifact.huggingFace("daydreamlive/Video-Depth-Anything-Small",
            "config.json", "video_depth_anything_vits.pth");

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
                .factory(context -> {
                    List<String> missing = Artifact.missingFiles(context.modelsDirectory(), List.of(MODEL));
                    if (!missing.isEmpty()) {
                        throw new IllegalStateException("Models for 'video-depth-anything' are not present in "
                                + context.modelsDirectory() + ": missing " + String.join(", ", missing)
                                + ". Download them first (POST /api/v1/models/download).");
                    }
                    throw new UnsupportedOperationException("Depth inference needs the ONNX export of the model, "
                            + "which this build does not run yet (see the pipeline.preprocess.depth README)");
                })
                .build());
    }
}
