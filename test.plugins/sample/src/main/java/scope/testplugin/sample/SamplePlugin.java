package scope.testplugin.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import scope.api.Frame;
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
 * (estimated at 24 GB of VRAM, so it is filtered on small GPUs) and {@code test-tint} (scales brightness by its
 * runtime field {@code level}, so end-to-end tests can see a data-channel update in the video). A load waits {@code scope.test.loadDelayMs}
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

    public static class TintConfig extends BasePipelineConfig {
        // a runtime field: changed live over the data channel, never a reason to reload
        @Param(minimum = 0, maximum = 1, description = "Brightness factor applied to every pixel")
        @Ui(order = 1, label = "Level")
        public double level = 1.0;
    }

    @Override
    public void registerPipelines(PipelineRegistrar register) {
        register.register(PipelineDescriptor.builder("test-tint", TintConfig.class)
                .name("Test Tint").description("Scales pixel brightness by the runtime field level.")
                .noPrompts().mode("video", ModeDefaults.defaultMode())
                .factory(context -> new Tint()).build());
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

    static final class Tint implements Pipeline {
        @Override
        public Requirements prepare(Parameters parameters) {
            return Requirements.inputSize(1);
        }

        @Override
        public PipelineOutput process(PipelineCall call) {
            int factor = (int) Math.round(256 * Math.max(0, Math.min(1, call.parameters().getDouble("level", 1.0))));
            List<Frame> out = new ArrayList<>(call.video().size());
            for (Frame f : call.video()) {
                byte[] in = f.rgb();
                byte[] rgb = new byte[in.length];
                for (int i = 0; i < in.length; i++) {
                    rgb[i] = (byte) (((in[i] & 0xff) * factor) >> 8);
                }
                out.add(new Frame(f.width(), f.height(), rgb, f.timestampNanos()));
            }
            return PipelineOutput.of(out);
        }

        @Override
        public void close() {
            // holds nothing
        }
    }
}
