package scope.pipeline.wan.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.pipeline.wan.convert.TestWeights;

/**
 * The committed krea_dit fixture through the converter with Krea's attention rule, every call from its saved
 * inputs and the 5-chunk sequence through WanGenerator with the Wan VAE of wan_vae (decode, first-frame re-encode).
 */
class KreaDitParityTest {
    @TempDir
    Path work;

    @Test
    void convertedDitAndTheLoopMatchScopesKreaSequence() throws Exception {
        FixtureManifest fixture = FixtureManifest.read(TextEncoderParityTest.FIXTURES.resolve("krea_dit"));
        ParityResult r = new KreaDitParity(TestWeights::open).run(fixture, work);
        assertEquals(null, r.failure());
        long single = r.comparisons().stream().filter(c -> c.name().contains("saved inputs")).count();
        long chained = r.comparisons().stream().filter(c -> c.name().contains("chained")).count();
        System.out.printf("krea_dit parity: %d comparisons from saved inputs, %d chained, max |diff| %.3g%n", single,
                chained, r.maxAbs());
        int calls = fixture.json().get("calls").size();
        int chunks = fixture.json().get("chunks").size();
        int denoising = 0;
        for (var call : fixture.json().get("calls")) {
            denoising += call.get("phase").asText().equals("denoise") ? 1 : 0;
        }
        // from saved inputs: every call's flow_pred and the context cache of every chunk after the first; chained:
        // every call's positions, timestep, bias and x_t, the denoising calls' flow_pred, each chunk's latents and
        // (after the first) its context cache
        assertEquals(calls + chunks - 1, single);
        assertEquals(calls * 4 + denoising + chunks + chunks - 1, chained);
        assertTrue(r.passed(), r.failures().toString());
    }
}
