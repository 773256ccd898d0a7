package scope.testplugin.sample;

import java.util.concurrent.atomic.AtomicInteger;
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
import scope.api.config.Param;
import scope.api.config.Ui;

/**
 * Registers {@code test-echo} (returns its input; counts loads so tests can prove reuse) and {@code test-heavy}
 * (estimated at 24 GB of VRAM, so it is filtered on small GPUs). A load waits {@code scope.test.loadDelayMs}
 * milliseconds (system property) so tests can observe the {@code loading} state.
 */
@Component
public class SamplePlugin implements PipelinePlugin {
    /** Read by the integration tests through the bundle's class loader. */
    public static final AtomicInteger LOADS = new AtomicInteger();

    public static class EchoConfig extends BasePipelineConfig {
        @Param(description = "Size of the model to load")
        @Ui(order = 1, loadParam = true)
        public String modelSize = "small";

        @Param(minimum = 0, maximum = 1, description = "How strongly the effect is applied")
        @Ui(order = 2)
        public double strength = 0.5;
    }

    @Override
    public void registerPipelines(PipelineRegistrar register) {
        register.register(PipelineDescriptor.builder("test-echo", EchoConfig.class)
                .name("Test Echo").description("Returns its input; counts loads.")
                .noPrompts().mode("video", ModeDefaults.defaultMode())
                .factory(context -> {
                    long delay = Long.getLong("scope.test.loadDelayMs", 0);
                    context.stage("Loading echo model...");
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    LOADS.incrementAndGet();
                    return new Echo();
                }).build());
        register.register(PipelineDescriptor.builder("test-heavy", BasePipelineConfig.class)
                .name("Test Heavy").description("Needs a 24 GB GPU.")
                .estimatedVramGb(24).noPrompts().mode("video", ModeDefaults.defaultMode())
                .factory(context -> new Echo()).build());
    }

    static final class Echo implements Pipeline {
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
    }
}
