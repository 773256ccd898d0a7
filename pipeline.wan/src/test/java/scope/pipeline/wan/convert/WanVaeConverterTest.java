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

/** The VAE converter's reading of the state dict: the fixture's layout, the real model's, bad checkpoints. */
class WanVaeConverterTest {
    static final Path FIXTURE = Path.of(System.getProperty("parity.fixtures", "../fixtures/wan-parity"))
            .resolve("wan_vae/weights.safetensors");

    @Test
    void generatedLayoutIsTheFixturesKeyForKey() throws Exception {
        Weights fixture = TestWeights.open(FIXTURE);
        Map<String, long[]> generated = WanVaeLayouts.shapes(8, 16);
        assertEquals(fixture.names(), generated.keySet());
        for (String key : fixture.names()) {
            assertArrayEquals(fixture.shape(key), generated.get(key), key);
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

    private static void assertKey(String key, Map<String, long[]> shapes) {
        ConversionException e = assertThrows(ConversionException.class,
                () -> VaeArchitecture.of(WanVaeLayouts.random(shapes, "Wan2.1_VAE.pth")));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Wan2.1_VAE.pth: "), e.getMessage());
    }
}
