package scope.pipeline.wan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading checks every graph against the contract and names the file and tensor that do not match. */
class ModelLoadingTest {
    @TempDir
    Path dir;

    private Exception load() {
        return assertThrows(Exception.class, () -> WanModels.open(new OrtGraphs(1), dir.resolve("shared"),
                dir.resolve("dit"), WanVariant.LONGLIVE, 32, 32).close());
    }

    @Test
    void aMissingGraphFailsTheLoadNamingTheFile() throws Exception {
        ToyModels.write(dir.resolve("shared"), dir.resolve("dit"), false);
        Files.delete(dir.resolve("shared/vae_decoder.onnx"));
        assertTrue(load().getMessage().contains("vae_decoder.onnx"));
    }

    @Test
    void aDitWithWrongLatentChannelsFailsNamingFileAndTensor() throws Exception {
        ToyModels.write(dir.resolve("shared"), dir.resolve("dit"), false);
        OnnxBuilder bad = new OnnxBuilder().input("latents", OnnxBuilder.FLOAT, 1, 8, "F", "H8", "W8")
                .output("flow_pred", OnnxBuilder.FLOAT, 1, 8, "F", "H8", "W8");
        bad.node("Identity", new String[] {"latents"}, "flow_pred");
        bad.write(dir.resolve("dit/dit.onnx"));
        ModelContractViolation e = (ModelContractViolation) load();
        assertEquals("latents", e.tensor());
        assertTrue(e.getMessage().contains("dit.onnx") && e.getMessage().contains("'latents'"), e.getMessage());
    }

    @Test
    void aTextEncoderWiderThanTheDitExpectsFailsNamingPromptEmbeds() throws Exception {
        ToyModels.write(dir.resolve("shared"), dir.resolve("dit"), false);
        OnnxBuilder wide = new OnnxBuilder().input("input_ids", OnnxBuilder.INT64, "B", 512)
                .input("attention_mask", OnnxBuilder.INT64, "B", 512)
                .output("prompt_embeds", OnnxBuilder.FLOAT, "B", 512, 16);
        String table = wide.randomWeights(1, 64, 16);
        wide.node("Gather", new String[] {table, "input_ids"}, "prompt_embeds", OnnxBuilder.intAttr("axis", 0));
        wide.write(dir.resolve("shared/text_encoder.onnx"));
        ModelContractViolation e = (ModelContractViolation) load();
        assertEquals("prompt_embeds", e.tensor());
        assertTrue(e.getMessage().contains("dit.onnx") && e.getMessage().contains("TEXT_DIM=16"), e.getMessage());
    }

    @Test
    void aDecoderStateThatChangesShapeFailsNamingTheStateOutput() throws Exception {
        ToyModels.write(dir.resolve("shared"), dir.resolve("dit"), false);
        // the state goes back in as the next call's state_in.0, so a different shape must be refused at load
        OnnxBuilder bad = new OnnxBuilder().input("latents", OnnxBuilder.FLOAT, 1, 16, "F", "H8", "W8")
                .input("first_chunk", OnnxBuilder.INT64, 1)
                .input("state_in.0", OnnxBuilder.FLOAT, 1, 16, 1, "H8", "W8")
                .output("frames", OnnxBuilder.UINT8, "T", "H", "W", 3)
                .output("state_out.0", OnnxBuilder.FLOAT, 1, 16, 2, "H8", "W8");
        bad.node("Identity", new String[] {"latents"}, "state_out.0");
        String rgb = bad.op("Slice", "latents", bad.longs(0), bad.longs(3), bad.longs(1));
        String hwc = bad.node("Transpose", new String[] {bad.op("Squeeze", rgb, bad.longs(0))}, null,
                OnnxBuilder.ints("perm", 1, 2, 3, 0));
        bad.node("Cast", new String[] {hwc}, "frames", OnnxBuilder.intAttr("to", OnnxBuilder.UINT8));
        bad.write(dir.resolve("shared/vae_decoder.onnx"));
        ModelContractViolation e = (ModelContractViolation) load();
        assertEquals("state_out.0", e.tensor());
        assertTrue(e.getMessage().contains("vae_decoder.onnx") && e.getMessage().contains("keep its shape"),
                e.getMessage());
    }

    @Test
    void aDitWithoutPerLayerCacheInputsFailsNamingTheFirst() throws Exception {
        ToyModels.write(dir.resolve("shared"), dir.resolve("dit"), false);
        // the contract's other inputs and outputs, but the cache as one tensor (the layout before per-layer caches)
        OnnxBuilder old = new OnnxBuilder().input("latents", OnnxBuilder.FLOAT, 1, 16, "F", "H8", "W8")
                .input("timestep", OnnxBuilder.FLOAT, 1).input("prompt_embeds", OnnxBuilder.FLOAT, 1, 512, 8)
                .input("kv_cache_in", OnnxBuilder.FLOAT, 2, 2, "CACHE_TOKENS", 8)
                .input("cache_positions", OnnxBuilder.INT64, "CACHE_FRAMES").input("positions", OnnxBuilder.INT64, "F")
                .output("flow_pred", OnnxBuilder.FLOAT, 1, 16, "F", "H8", "W8");
        old.node("Identity", new String[] {"latents"}, "flow_pred");
        old.write(dir.resolve("dit/dit.onnx"));
        ModelContractViolation e = (ModelContractViolation) load();
        assertEquals("kv_cache_in.0", e.tensor());
        assertTrue(e.getMessage().contains("dit.onnx") && e.getMessage().contains("one KV cache input per layer"),
                e.getMessage());
    }

    @Test
    void aDitWithoutTheKreaBiasInputFailsForKrea() throws Exception {
        ToyModels.write(dir.resolve("shared"), dir.resolve("dit"), false);
        ModelContractViolation e = assertThrows(ModelContractViolation.class, () -> WanModels.open(new OrtGraphs(1),
                dir.resolve("shared"), dir.resolve("dit"), WanVariant.KREA, 32, 32).close());
        assertEquals("kv_cache_attention_bias", e.tensor());
    }
}
