package scope.pipeline.longlive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.api.PipelineDescriptor;
import scope.pipeline.wan.ModelsNotPresent;
import scope.pipeline.wan.StubLoadContext;
import scope.pipeline.wan.ToyModels;
import scope.pipeline.wan.WanArtifacts;

/** The registered LongLive factory loads the graphs from the models directory and generates. */
class LongLivePluginTest {
    @TempDir
    Path models;

    private PipelineDescriptor descriptor() {
        List<PipelineDescriptor> out = new ArrayList<>();
        new LongLivePlugin().registerPipelines(out::add);
        return out.get(0);
    }

    private LongLiveConfig config() {
        LongLiveConfig c = new LongLiveConfig();
        c.height = 32;
        c.width = 64;
        c.denoisingSteps = List.of(1000, 500);
        return c;
    }

    @Test
    void aVaeTypeWithoutAnExportFailsTheLoadNamingTheField() throws Exception {
        ToyModels.write(models.resolve(WanArtifacts.WAN_ONNX.directoryName()),
                models.resolve(LongLivePlugin.LONGLIVE_ONNX.directoryName()), false);
        LongLiveConfig c = config();
        c.vaeType = scope.pipeline.wan.VaeType.LIGHTVAE;
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> descriptor().factory().load(new StubLoadContext("longlive", models, c)).close());
        assertTrue(e.getMessage().startsWith("vae_type: 'lightvae'"), e.getMessage());
    }

    @Test
    void loadsToyGraphsFromTheModelsDirectoryAndGeneratesNineThenTwelveFrames() throws Exception {
        ToyModels.write(models.resolve(WanArtifacts.WAN_ONNX.directoryName()),
                models.resolve(LongLivePlugin.LONGLIVE_ONNX.directoryName()), false);
        StubLoadContext context = new StubLoadContext("longlive", models, config());
        try (Pipeline p = descriptor().factory().load(context)) {
            Parameters params = new Parameters(Map.of("prompts", List.of(Map.of("text", "a cat", "weight", 1))), false);
            assertNull(p.prepare(params));
            List<Frame> first = p.process(new PipelineCall(params, List.of(), true)).video();
            List<Frame> second = p.process(new PipelineCall(params, List.of(), false)).video();
            assertEquals(9, first.size());
            assertEquals(12, second.size());
            assertEquals(64, second.get(0).width());
            assertEquals(32, second.get(0).height());
        }
        assertEquals(List.of("Checking model files...", "Loading ONNX graphs..."), context.stages);
    }

    @Test
    void missingCheckpointsFailTheLoadNamingScopesFiles() {
        ModelsNotPresent e = assertThrows(ModelsNotPresent.class,
                () -> descriptor().factory().load(new StubLoadContext("longlive", models, config())));
        assertTrue(e.getMessage().contains("LongLive-1.3B/models/longlive_base.pt"), e.getMessage());
        assertTrue(e.getMessage().contains("LongLive-1.3B/models/lora.pt"), e.getMessage());
        assertTrue(e.getMessage().contains("Wan2.1-T2V-1.3B/Wan2.1_VAE.pth"), e.getMessage());
        assertTrue(e.getMessage().contains("Wan2.1-T2V-1.3B/google"), e.getMessage());
        assertTrue(e.getMessage().contains("WanVideo_comfy/umt5-xxl-enc-fp8_e4m3fn.safetensors"), e.getMessage());
    }

    @Test
    void declaresScopesArtifactsAndAPreparation() {
        PipelineDescriptor d = descriptor();
        assertEquals(List.of("daydreamlive/Wan2.1-T2V-1.3B[config.json, Wan2.1_VAE.pth, google]",
                "daydreamlive/WanVideo_comfy[config.json, umt5-xxl-enc-fp8_e4m3fn.safetensors]",
                "daydreamlive/LongLive-1.3B[config.json, models/longlive_base.pt, models/lora.pt]"),
                d.artifacts().stream().map(Object::toString).toList());
        assertTrue(d.preparation() != null);
        assertTrue(!d.preparation().isReady(models, 0), "nothing downloaded, nothing converted");
    }
}
