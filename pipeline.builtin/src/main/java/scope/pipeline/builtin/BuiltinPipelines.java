package scope.pipeline.builtin;

import org.osgi.service.component.annotations.Component;
import scope.api.ModeDefaults;
import scope.api.PipelineDescriptor;
import scope.api.PipelinePlugin;
import scope.api.PipelineRegistrar;
import scope.api.Usage;
import scope.api.config.BasePipelineConfig;

/** The hook of the built-in light pipelines, with Scope's metadata (spec 7.3). */
@Component
public class BuiltinPipelines implements PipelinePlugin {

    /** Passthrough has only the base fields. */
    public static class PassthroughConfig extends BasePipelineConfig {
    }

    /** Gray has only the base fields. */
    public static class GrayConfig extends BasePipelineConfig {
    }

    @Override
    public void registerPipelines(PipelineRegistrar register) {
        register.register(PipelineDescriptor.builder("passthrough", PassthroughConfig.class)
                .name("Passthrough")
                .description("Returns the input video unchanged. Useful to test streaming and latency.")
                .noPrompts()
                .mode("video", ModeDefaults.defaultMode())
                .factory(context -> new PassthroughPipeline())
                .build());
        register.register(PipelineDescriptor.builder("gray", GrayConfig.class)
                .name("Grayscale")
                .description("Converts the video to grayscale (BT.601 luma in all three channels).")
                .noPrompts()
                .usage(Usage.PREPROCESSOR)
                .mode("video", ModeDefaults.defaultMode())
                .factory(context -> new GrayPipeline())
                .build());
    }
}
