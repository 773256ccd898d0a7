package scope.pipeline.wan.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.api.Artifact;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.Pipeline;
import scope.api.PipelineCall;
import scope.pipeline.wan.ModelsNotPresent;
import scope.pipeline.wan.StubLoadContext;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.WanGeneratorConfig;
import scope.pipeline.wan.WanPipelines;
import scope.pipeline.wan.WanVariant;

/**
 * Scope's LongLive files (fixture-sized, in its layout and formats) become the contract's graphs in the conversion
 * cache, once; the converted pipeline loads and generates; bad checkpoints fail naming file and key and leave no
 * graphs behind.
 */
class WanPreparationTest {
    static final Artifact EXPORT = Artifact.huggingFace("scope-on-osgi/LongLive-1.3B-ONNX", WanContract.DIT_FILE);

    @TempDir
    Path models;
    Map<String, byte[]> files;
    WanPreparation preparation;

    @BeforeEach
    void layOut() throws Exception {
        files = ScopeCheckpointLayout.longLive(ScopeCheckpointLayout.fixtures());
        ScopeCheckpointLayout.write(files, models);
        preparation = WanPreparation.longLive(EXPORT);
    }

    private static WanGeneratorConfig config() {
        WanGeneratorConfig c = new WanGeneratorConfig();
        c.height = 32;
        c.width = 48;
        c.denoisingSteps = List.of(1000, 500);
        return c;
    }

    private List<Path> converted() throws Exception {
        Path root = models.resolve(ConversionCache.DIRECTORY);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(".lock")).sorted()
                    .toList();
        }
    }

    @Test
    void convertsOnceIntoTheCacheAndTheConvertedPipelineGenerates() throws Exception {
        assertFalse(preparation.isReady(models, 0));
        Map<String, long[]> progress = new LinkedHashMap<>();
        preparation.prepare(models, 0, (step, done, total) -> progress.put(step, new long[] {done, total}));
        assertTrue(preparation.isReady(models, 0));
        assertEquals(List.of("text_encoder.onnx + spiece.model", "vae_decoder.onnx + vae_encoder.onnx", "dit.onnx"),
                List.copyOf(progress.keySet()));
        progress.values().forEach(p -> assertTrue(p[1] > 0 && p[0] == p[1], "each step ends complete"));

        ConvertedModels dirs = preparation.locate(models, 0).orElseThrow();
        assertFalse(dirs.placedByHand());
        for (Path p : List.of(dirs.textDirectory().resolve("text_encoder.onnx"),
                dirs.textDirectory().resolve("spiece.model"), dirs.vaeDirectory().resolve("vae_decoder.onnx"),
                dirs.vaeDirectory().resolve("vae_encoder.onnx"), dirs.ditDirectory().resolve("dit.onnx"))) {
            assertTrue(Files.isRegularFile(p), p + " converted");
        }
        assertTrue(dirs.ditDirectory().getFileName().toString().startsWith("v1-fp32-"), dirs.ditDirectory().toString());
        List<Path> before = converted();
        Map<Path, FileTime> times = new LinkedHashMap<>();
        for (Path p : before) {
            times.put(p, Files.getLastModifiedTime(p));
        }

        // a second preparation and a load find everything converted
        List<String> again = new ArrayList<>();
        preparation.prepare(models, 0, (step, done, total) -> again.add(step));
        assertEquals(List.of(), again, "nothing converted again");
        StubLoadContext context = new StubLoadContext("longlive", models, config());
        try (Pipeline p = WanPipelines.load(context, WanVariant.LONGLIVE, preparation, config())) {
            Parameters params = new Parameters(Map.of("prompts", List.of(Map.of("text", "a red cat", "weight", 1))),
                    false);
            p.prepare(params);
            List<Frame> first = p.process(new PipelineCall(params, List.of(), true)).video();
            assertEquals(9, first.size());
            assertEquals(48, first.get(0).width());
            assertEquals(32, first.get(0).height());
        }
        assertEquals(List.of("Checking model files...", "Loading ONNX graphs..."), context.stages);
        assertEquals(before, converted());
        for (Path p : before) {
            assertEquals(times.get(p), Files.getLastModifiedTime(p), p + " untouched");
        }
    }

    @Test
    void aLoadWithCheckpointsButNoGraphsConvertsFirst() throws Exception {
        StubLoadContext context = new StubLoadContext("longlive", models, config());
        try (Pipeline p = WanPipelines.load(context, WanVariant.LONGLIVE, preparation, config())) {
            assertTrue(context.stages.contains("Converting models..."), context.stages.toString());
            assertTrue(context.stages.contains("Converting models: dit.onnx 100%"), context.stages.toString());
            assertEquals("Loading ONNX graphs...", context.stages.get(context.stages.size() - 1));
        }
        assertTrue(preparation.isReady(models, 0));
    }

    @Test
    void aChangedCheckpointIsConvertedAgainUnderANewKey() throws Exception {
        preparation.prepare(models, 0, (s, d, t) -> { });
        Path first = preparation.locate(models, 0).orElseThrow().vaeDirectory();
        Path vae = models.resolve("Wan2.1-T2V-1.3B/Wan2.1_VAE.pth");
        Files.setLastModifiedTime(vae, FileTime.fromMillis(Files.getLastModifiedTime(vae).toMillis() + 5000));
        assertFalse(preparation.isReady(models, 0), "a replaced source is not the converted one");
        preparation.prepare(models, 0, (s, d, t) -> { });
        Path second = preparation.locate(models, 0).orElseThrow().vaeDirectory();
        assertFalse(first.equals(second), first + " vs " + second);
        assertEquals(first.getParent(), second.getParent());
        assertFalse(Files.exists(first), "the earlier conversion is removed: " + first);
    }

    @Test
    void missingCheckpointsAreNamed() throws Exception {
        Files.delete(models.resolve("LongLive-1.3B/models/lora.pt"));
        ModelsNotPresent e = assertThrows(ModelsNotPresent.class, () -> preparation.prepare(models, 0,
                (s, d, t) -> { }));
        assertTrue(e.getMessage().contains("LongLive-1.3B/models/lora.pt"), e.getMessage());
        assertFalse(preparation.isReady(models, 0));
    }

    @Test
    void aTruncatedCheckpointFailsNamingTheFileAndLeavesNoGraph() throws Exception {
        Path base = models.resolve("LongLive-1.3B/models/longlive_base.pt");
        byte[] bytes = files.get("LongLive-1.3B/models/longlive_base.pt");
        Files.write(base, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        Exception e = assertThrows(Exception.class, () -> preparation.prepare(models, 0, (s, d, t) -> { }));
        System.out.println("truncated longlive_base.pt: " + e.getMessage());
        assertTrue(e.getMessage().contains("longlive_base.pt"), e.getMessage());
        assertFalse(preparation.isReady(models, 0));
        assertTrue(converted().stream().noneMatch(p -> p.toString().contains("longlive_dit")),
                "no DiT graph: " + converted());
        assertTrue(converted().stream().noneMatch(p -> p.toString().contains(".partial-")), converted().toString());
    }

    @Test
    void aMissingKeyFailsNamingTheFileAndTheKey() throws Exception {
        Map<String, TorchZipWriter.Tensor> vae = ScopeCheckpointLayout.tensors(
                ScopeCheckpointLayout.fixtures().resolve("wan_vae/weights.safetensors"), "");
        String dropped = vae.keySet().stream().filter(k -> k.startsWith("decoder.")).findFirst().orElseThrow();
        vae.remove(dropped);
        Files.write(models.resolve("Wan2.1-T2V-1.3B/Wan2.1_VAE.pth"), TorchZipWriter.write(vae));
        Exception e = assertThrows(Exception.class, () -> preparation.prepare(models, 0, (s, d, t) -> { }));
        System.out.println("VAE without " + dropped + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("Wan2.1_VAE.pth"), e.getMessage());
        assertTrue(e.getMessage().contains(dropped), e.getMessage());
        assertTrue(converted().stream().noneMatch(p -> p.toString().contains("wan_vae")), converted().toString());
    }

    @Test
    void aHandPlacedExportIsUsedAsItIs() throws Exception {
        for (String f : List.of("spiece.model", "text_encoder.onnx", "vae_decoder.onnx", "vae_encoder.onnx")) {
            Path p = models.resolve("Wan2.1-ONNX").resolve(f);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[] {1});
        }
        assertFalse(preparation.isReady(models, 0), "the DiT export is missing");
        Files.createDirectories(models.resolve("LongLive-1.3B-ONNX"));
        Files.write(models.resolve("LongLive-1.3B-ONNX/dit.onnx"), new byte[] {1});
        ConvertedModels dirs = preparation.locate(models, 0).orElseThrow();
        assertTrue(dirs.placedByHand());
        assertEquals(models.resolve("LongLive-1.3B-ONNX"), dirs.ditDirectory());
        assertEquals(List.of(), converted());
    }

    @Test
    void kreaConvertsItsSafetensorsWithTheBiasAndAVideoDecoderAndGenerates() throws Exception {
        ScopeCheckpointLayout.write(ScopeCheckpointLayout.krea(ScopeCheckpointLayout.fixtures()), models);
        WanPreparation krea = WanPreparation.krea(Artifact.huggingFace("scope-on-osgi/krea-realtime-video-14b-ONNX",
                WanContract.DIT_FILE));
        StubLoadContext context = new StubLoadContext("krea-realtime-video", models, config());
        try (Pipeline p = WanPipelines.load(context, WanVariant.KREA, krea, config())) {
            Parameters params = new Parameters(Map.of("prompts", List.of(Map.of("text", "a blue sea", "weight", 1))),
                    false);
            p.prepare(params);
            assertEquals(9, p.process(new PipelineCall(params, List.of(), true)).video().size());
            assertEquals(12, p.process(new PipelineCall(params, List.of(), false)).video().size());
        }
        ConvertedModels dirs = krea.locate(models, 0).orElseThrow();
        assertTrue(dirs.vaeDirectory().toString().contains("wan_vae_with_video"), dirs.toString());
        assertTrue(dirs.ditDirectory().toString().contains("krea-realtime-video_dit"), dirs.toString());
        // the text encoder is the one LongLive would use: same unit, same key
        preparation.prepare(models, 0, (s, d, t) -> { });
        assertEquals(dirs.textDirectory(), preparation.locate(models, 0).orElseThrow().textDirectory());
    }

    @Test
    void theServedUmt5FileHoldsFp8MatricesTheReaderDequantizes() throws Exception {
        Map<String, TorchZipWriter.Tensor> original = ScopeCheckpointLayout.tensors(
                ScopeCheckpointLayout.fixtures().resolve("text_encoder/weights.safetensors"), "");
        try (scope.checkpoint.Checkpoint c = scope.checkpoint.Checkpoints.open(
                models.resolve("WanVideo_comfy/umt5-xxl-enc-fp8_e4m3fn.safetensors"))) {
            scope.checkpoint.StoredTensor e = c.tensor("token_embedding.weight");
            assertEquals(scope.checkpoint.DType.F8_E4M3, e.dtype());
            assertEquals(scope.checkpoint.DType.F32, c.tensor("norm.weight").dtype());
            float[] want = original.get("token_embedding.weight").values();
            float[] got = e.toFloats();
            for (int i = 0; i < want.length; i++) {
                // 3 mantissa bits: within half a step (1/16 relative) for normal values, 2^-10 below them
                double tolerance = Math.max(Math.abs(want[i]) / 16, Math.pow(2, -10));
                assertTrue(Math.abs(got[i] - want[i]) <= tolerance, i + ": " + want[i] + " -> " + got[i]);
            }
        }
    }

    @Test
    void whatAnInterruptedConversionLeftIsNeverLoadedAndIsRedone() throws Exception {
        preparation.prepare(models, 0, (s, d, t) -> { });
        Path vae = preparation.locate(models, 0).orElseThrow().vaeDirectory();
        // as a conversion killed half way leaves it: the files under the partial name, none under the key
        Path partial = vae.resolveSibling(".partial-" + vae.getFileName());
        Files.move(vae, partial);
        Files.delete(partial.resolve("vae_encoder.onnx"));
        assertFalse(preparation.isReady(models, 0));
        assertTrue(preparation.locate(models, 0).isEmpty());
        List<String> steps = new ArrayList<>();
        preparation.prepare(models, 0, (step, d, t) -> {
            if (!steps.contains(step)) {
                steps.add(step);
            }
        });
        assertEquals(List.of("vae_decoder.onnx + vae_encoder.onnx"), steps, "only the unfinished unit again");
        assertTrue(Files.isRegularFile(vae.resolve("vae_encoder.onnx")));
        assertFalse(Files.exists(partial));
    }
}
