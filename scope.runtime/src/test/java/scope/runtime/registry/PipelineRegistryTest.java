package scope.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import scope.api.PipelineDescriptor;
import scope.api.config.BasePipelineConfig;

class PipelineRegistryTest {
    static PluginOrigin origin(long id, String name) {
        return new PluginOrigin(id, name, "1.0.0", "", "file:/" + name + ".jar");
    }

    static PipelineDescriptor descriptor(String id) {
        return PipelineDescriptor.builder(id, BasePipelineConfig.class).factory(ctx -> null).build();
    }

    @Test
    void failingHookIsRecordedAndOthersAreUnaffected() {
        PipelineRegistry r = new PipelineRegistry();
        r.register(origin(1, "good"), reg -> reg.register(descriptor("alpha")));
        r.register(origin(2, "bad"), reg -> {
            reg.register(descriptor("beta"));
            throw new IllegalStateException("boom");
        });
        assertEquals(List.of("alpha"), r.pipelines().stream().map(RegisteredPipeline::id).toList());
        FailedPlugin f = r.failedPlugins().get(0);
        assertEquals("bad", f.origin().symbolicName());
        assertEquals("IllegalStateException", f.errorType());
        assertEquals("boom", f.errorMessage());
    }

    @Test
    void duplicateIdFailsTheSecondPlugin() {
        PipelineRegistry r = new PipelineRegistry();
        r.register(origin(1, "first"), reg -> reg.register(descriptor("same")));
        r.register(origin(2, "second"), reg -> reg.register(descriptor("same")));
        assertEquals("first", r.pipeline("same").orElseThrow().origin().symbolicName());
        assertTrue(r.failedPlugins().get(0).errorMessage().contains("already registered by first"));
    }

    @Test
    void invalidMetadataFailsThePlugin() {
        PipelineRegistry r = new PipelineRegistry();
        r.register(origin(1, "upper"), reg -> reg.register(descriptor("Not Valid")));
        r.register(origin(2, "nofactory"), reg -> reg.register(
                PipelineDescriptor.builder("x", BasePipelineConfig.class).build()));
        r.register(origin(3, "vram"), reg -> reg.register(PipelineDescriptor.builder("y", BasePipelineConfig.class)
                .estimatedVramGb(-1).factory(c -> null).build()));
        assertTrue(r.pipelines().isEmpty());
        assertEquals(3, r.failedPlugins().size());
        assertTrue(r.failedPlugins().get(0).errorMessage().contains("invalid pipeline id"));
        assertTrue(r.failedPlugins().get(1).errorMessage().contains("no factory"));
        assertTrue(r.failedPlugins().get(2).errorMessage().contains("estimated_vram_gb"));
    }

    @Test
    void unregisterRemovesPipelinesAndTellsListeners() {
        PipelineRegistry r = new PipelineRegistry();
        List<String> events = new java.util.ArrayList<>();
        r.addListener(new RegistryListener() {
            @Override
            public void pipelinesAdded(PluginOrigin o, List<RegisteredPipeline> p) {
                events.add("+" + p.get(0).id());
            }

            @Override
            public void pipelinesRemoved(PluginOrigin o, List<RegisteredPipeline> p) {
                events.add("-" + p.get(0).id());
            }
        });
        long g = r.generation();
        r.register(origin(1, "a"), reg -> reg.register(descriptor("alpha")));
        r.unregister(1);
        assertEquals(List.of("+alpha", "-alpha"), events);
        assertTrue(r.pipelines().isEmpty());
        assertTrue(r.generation() > g);
    }
}
