package scope.pipeline.wan.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.graph.ModelWriter;
import scope.graph.Precision;
import scope.pipeline.wan.Graph;
import scope.pipeline.wan.HostTensor;
import scope.pipeline.wan.OrtGraphs;
import scope.pipeline.wan.StatefulGraph;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.parity.FixtureManifest;

/**
 * The VAE converter: its reading of the state dict (the fixture's layout, the real model's, bad checkpoints) and
 * its reduced precision.
 */
class WanVaeConverterTest {
    static final Path FIXTURE = Path.of(System.getProperty("parity.fixtures", "../fixtures/wan-parity"))
            .resolve("wan_vae/weights.safetensors");

    @Test
    void generatedLayoutIsTheFixturesKeyForKey() throws Exception {
        try (Weights fixture = TestWeights.open(FIXTURE)) {
            Map<String, long[]> generated = WanVaeLayouts.shapes(8, 16);
            assertEquals(fixture.names(), generated.keySet());
            for (String key : fixture.names()) {
                assertArrayEquals(fixture.shape(key), generated.get(key), key);
            }
        }
    }

    @Test
    void architectureOfTheRealModelComesFromItsShapes() {
        VaeArchitecture arch = VaeArchitecture.of(WanVaeLayouts.random(WanVaeLayouts.shapes(96, 16), "vae"));
        assertEquals(16, arch.latentChannels());
        assertEquals(96, arch.encoder().width());
        assertEquals(384, arch.decoder().width());
        // upstream's feat_cache has 26 / 33 slots, less the never-cached shortcuts (2 / 1)
        assertEquals(24, arch.encoder().cachedConvs().size());
        assertEquals(32, arch.decoder().cachedConvs().size());
        assertEquals(2, arch.decoder().temporalResamples());
        assertEquals(3, arch.decoder().spatialResamples());
        // the decoder's largest states: 2 frames of its full-resolution convs' inputs
        VaeArchitecture.CachedConv head = arch.decoder().cachedConvs().get(31);
        assertEquals(new VaeArchitecture.CachedConv("head.2", 96, 2, 1), head);
        assertEquals(new VaeArchitecture.CachedConv("upsamples.3.time_conv", 384, 2, 8),
                arch.decoder().cachedConvs().get(11));
        assertEquals(new VaeArchitecture.CachedConv("downsamples.5.time_conv", 192, 1, 4),
                arch.encoder().cachedConvs().get(9));
    }

    @Test
    void badCheckpointsFailNamingTheKey() {
        Map<String, long[]> shapes = WanVaeLayouts.shapes(8, 16);
        Map<String, long[]> missing = new LinkedHashMap<>(shapes);
        missing.remove("decoder.upsamples.7.time_conv.bias");
        assertKey("decoder.upsamples.7.time_conv.bias", missing);

        Map<String, long[]> wrong = new HashMap<>(shapes);
        wrong.put("encoder.downsamples.4.residual.6.weight", new long[] {16, 16, 3, 3, 1});
        assertKey("encoder.downsamples.4.residual.6.weight", wrong);

        Map<String, long[]> gap = new LinkedHashMap<>(shapes);
        gap.keySet().removeIf(k -> k.startsWith("decoder.upsamples.5."));
        assertKey("decoder.upsamples.5", gap);

        Map<String, long[]> stranger = new LinkedHashMap<>(shapes);
        stranger.put("encoder.middle.3.something.weight", new long[] {4});
        assertKey("encoder.middle.3", stranger);
    }

    @Test
    void fp16GraphsRunCloseToTheReferenceAndBf16IsRefused(@TempDir Path dir) throws Exception {
        try (Weights weights = TestWeights.open(FIXTURE)) {
            WanVaeConverter.convert(weights, dir, new WanVaeConverter.Options(Precision.FP16,
                    ModelWriter.Placement.AUTO, true));
            IllegalArgumentException bf16 = assertThrows(IllegalArgumentException.class,
                    () -> WanVaeConverter.convert(weights, dir, new WanVaeConverter.Options(Precision.BF16,
                            ModelWriter.Placement.AUTO, false)));
            assertTrue(bf16.getMessage().contains("BF16"), bf16.getMessage());
        }
        FixtureManifest fixture = FixtureManifest.read(FIXTURE.getParent());
        Path file = dir.resolve(WanContract.VAE_DECODER.file());
        Map<String, Long> bindings = WanContract.resolutionBindings(32, 48);
        float[] ours;
        try (Graph graph = new OrtGraphs(1).open(file); StatefulGraph decoder = new StatefulGraph(file, graph,
                bindings)) {
            WanContract.VAE_DECODER.check(file, graph, bindings);
            // saved latents [1, 3, 16, 4, 6] as the contract's [1, 16, 3, 4, 6]
            float[] saved = fixture.floats("decode_chunk0_latents");
            float[] latents = new float[saved.length];
            for (int t = 0; t < 3; t++) {
                for (int c = 0; c < 16; c++) {
                    System.arraycopy(saved, (t * 16 + c) * 24, latents, (c * 3 + t) * 24, 24);
                }
            }
            ours = decoder.run("latents", HostTensor.floats(latents, 1, 16, 3, 4, 6), WanVaeConverter.VIDEO_OUTPUT)
                    .floatData();
        }
        float[] reference = fixture.floats("decode_chunk0_pixels");
        double max = 0;
        int frame = 32 * 48;
        for (int t = 0; t < 9; t++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < frame; i++) {
                    max = Math.max(max, Math.abs(ours[(c * 9 + t) * frame + i] - reference[(t * 3 + c) * frame + i]));
                }
            }
        }
        // half precision: ~3 decimal digits
        assertTrue(max < 1e-2, "fp16 decode max |diff| " + max);
    }

    private static void assertKey(String key, Map<String, long[]> shapes) {
        ConversionException e = assertThrows(ConversionException.class,
                () -> VaeArchitecture.of(WanVaeLayouts.random(shapes, "Wan2.1_VAE.pth")));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Wan2.1_VAE.pth: "), e.getMessage());
    }
}
