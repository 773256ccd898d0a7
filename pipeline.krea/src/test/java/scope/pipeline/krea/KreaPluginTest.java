package scope.pipeline.krea;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import scope.pipeline.wan.ModelContractViolation;
import scope.pipeline.wan.StubLoadContext;
import scope.pipeline.wan.ToyModels;
import scope.pipeline.wan.WanArtifacts;

/** The registered Krea factory loads graphs with the attention-bias input and rejects a DiT without it. */
class KreaPluginTest {
    @TempDir
    Path models;

    private PipelineDescriptor descriptor() {
        List<PipelineDescriptor> out = new ArrayList<>();
        new KreaPlugin().registerPipelines(out::add);
        return out.get(0);
    }

    private KreaConfig config() {
        KreaConfig c = new KreaConfig();
        c.height = 32;
        c.width = 32;
        c.denoisingSteps = List.of(1000);
        return c;
    }

    @Test
    void generatesInVideoModeFromTwelveInputFrames() throws Exception {
        ToyModels.write(models.resolve(WanArtifacts.WAN_ONNX.directoryName()),
                models.resolve(KreaPlugin.KREA_ONNX.directoryName()), true);
        try (Pipeline p = descriptor().factory().load(new StubLoadContext("krea-realtime-video", models, config()))) {
            Parameters params = new Parameters(Map.of("prompts", List.of(Map.of("text", "a dog", "weight", 1))), true);
            assertEquals(12, p.prepare(params).inputSize());
            List<Frame> input = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                input.add(new Frame(40, 24, new byte[40 * 24 * 3]));
            }
            assertEquals(9, p.process(new PipelineCall(params, input, true)).video().size());
            assertEquals(12, p.process(new PipelineCall(params, input, false)).video().size());
        }
    }

    @Test
    void aDitWithoutTheBiasInputFailsTheLoadNamingFileAndTensor() throws Exception {
        ToyModels.write(models.resolve(WanArtifacts.WAN_ONNX.directoryName()),
                models.resolve(KreaPlugin.KREA_ONNX.directoryName()), false);
        ModelContractViolation e = assertThrows(ModelContractViolation.class, () -> descriptor().factory()
                .load(new StubLoadContext("krea-realtime-video", models, config())));
        assertTrue(e.getMessage().contains("krea-realtime-video-14b-ONNX/dit.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("kv_cache_attention_bias"), e.getMessage());
    }

    @Test
    void declaresScopesArtifactsAndAPreparation() {
        PipelineDescriptor d = descriptor();
        assertEquals(java.util.List.of("daydreamlive/Wan2.1-T2V-1.3B[config.json, Wan2.1_VAE.pth, google]",
                "daydreamlive/WanVideo_comfy[config.json, umt5-xxl-enc-fp8_e4m3fn.safetensors]",
                "daydreamlive/Wan2.1-T2V-14B[config.json]",
                "daydreamlive/krea-realtime-video[config.json, krea-realtime-video-14b.safetensors]"),
                d.artifacts().stream().map(Object::toString).toList());
        assertTrue(d.preparation() != null && !d.preparation().isReady(models, 0));
    }
}
