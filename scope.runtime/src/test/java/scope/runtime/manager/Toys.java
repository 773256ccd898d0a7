package scope.runtime.manager;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import scope.api.ModeDefaults;
import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineDescriptor;
import scope.api.PipelineOutput;
import scope.api.PipelinePlugin;
import scope.api.Requirements;
import scope.api.config.BasePipelineConfig;
import scope.api.config.Param;
import scope.api.config.Ui;

/** A toy plugin for manager tests: counts loads and closes, can hold a load open, can fail. */
final class Toys {
    final AtomicInteger loads = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile String failWith;

    public static class ToyConfig extends BasePipelineConfig {
        @Param(minimum = 16)
        @Ui(component = "resolution", loadParam = true)
        public int height = 320;

        @Param(minimum = 0, maximum = 1)
        @Ui(component = "noise")
        public Double noiseScale = 0.7;

        @Ui(loadParam = true)
        public boolean flag = false;
    }

    PipelinePlugin plugin(String... ids) {
        return register -> {
            for (String id : ids) {
                register.register(PipelineDescriptor.builder(id, ToyConfig.class).name(id)
                        .mode("video", ModeDefaults.defaultMode())
                        .factory(ctx -> {
                            gate.await(10, TimeUnit.SECONDS);
                            loads.incrementAndGet();
                            events.add("load " + id + " " + ctx.config(ToyConfig.class).height);
                            if (failWith != null) {
                                throw new IllegalStateException(failWith);
                            }
                            return new Pipeline() {
                                @Override
                                public Requirements prepare(Parameters p) {
                                    return null;
                                }

                                @Override
                                public PipelineOutput process(PipelineCall c) {
                                    return PipelineOutput.empty();
                                }

                                @Override
                                public void close() {
                                    closes.incrementAndGet();
                                    events.add("close " + id);
                                }
                            };
                        }).build());
            }
        };
    }
}
