package scope.example.invert;

import org.osgi.service.component.annotations.Component;
import scope.api.ModeDefaults;
import scope.api.PipelineDescriptor;
import scope.api.PipelinePlugin;
import scope.api.PipelineRegistrar;
import scope.api.Usage;
import scope.api.config.BasePipelineConfig;
import scope.api.config.Param;
import scope.api.config.Ui;

/**
 * The plugin's hook: a Declarative Services component providing {@link PipelinePlugin}. Scope calls
 * {@link #registerPipelines} once when the bundle starts; everything registered here disappears when the bundle
 * stops, and comes back (new code) when it is updated.
 */
@Component
public class InvertPlugin implements PipelinePlugin {

    /**
     * The configuration: public fields with defaults. {@link Param} gives bounds and a description (they become
     * the JSON Schema the UI renders and the server validates against); {@link Ui} places the field in the UI.
     * {@code amount} is a runtime field (no {@code loadParam = true}): changing it live never reloads the pipeline.
     */
    public static class InvertConfig extends BasePipelineConfig {
        @Param(minimum = 0, maximum = 1, description = "How much of the inverted image to show: 0 = original, "
                + "1 = fully inverted")
        @Ui(order = 1, label = "Amount", modulatable = true)
        public double amount = 1.0;
    }

    @Override
    public void registerPipelines(PipelineRegistrar register) {
        register.register(PipelineDescriptor.builder("invert", InvertConfig.class)
                .name("Invert")
                .description("Inverts the colours of the video, blended with the original by 'amount'.")
                .noPrompts()
                .usage(Usage.POSTPROCESSOR)
                .mode("video", ModeDefaults.defaultMode())
                .factory(context -> new InvertPipeline())
                .build());
    }
}
