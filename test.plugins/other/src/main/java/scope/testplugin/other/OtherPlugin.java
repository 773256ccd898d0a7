package scope.testplugin.other;

import org.osgi.service.component.annotations.Component;
import scope.api.ModeDefaults;
import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineDescriptor;
import scope.api.PipelineOutput;
import scope.api.PipelinePlugin;
import scope.api.PipelineRegistrar;
import scope.api.Requirements;
import scope.api.config.BasePipelineConfig;

/** Registers {@code test-other}, which returns its input. */
@Component
public class OtherPlugin implements PipelinePlugin {
    public static class OtherConfig extends BasePipelineConfig {
    }

    @Override
    public void registerPipelines(PipelineRegistrar register) {
        register.register(PipelineDescriptor.builder("test-other", OtherConfig.class)
                .name("Test Other").description("Returns its input.")
                .noPrompts().mode("video", ModeDefaults.defaultMode())
                .factory(context -> new Pipeline() {
                    @Override
                    public Requirements prepare(Parameters parameters) {
                        return Requirements.inputSize(1);
                    }

                    @Override
                    public PipelineOutput process(PipelineCall call) {
                        return PipelineOutput.of(call.video());
                    }

                    @Override
                    public void close() {
                        // holds nothing
                    }
                }).build());
    }
}
