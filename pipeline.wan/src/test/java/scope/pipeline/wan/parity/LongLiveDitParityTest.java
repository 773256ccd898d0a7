package scope.pipeline.wan.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.pipeline.wan.convert.TestWeights;

/**
 * The committed longlive_dit fixture through the converter, every generator call from its saved inputs, and the
 * whole 9-chunk sequence with the prompt switch through WanGenerator.
 */
class LongLiveDitParityTest {
    @TempDir
    Path work;

    @Test
    void convertedDitAndTheLoopMatchScopesBlockSequence() throws Exception {
        FixtureManifest fixture = FixtureManifest.read(TextEncoderParityTest.FIXTURES.resolve("longlive_dit"));
        ParityResult r = new LongLiveDitParity(TestWeights::open).run(fixture, work);
        int calls = fixture.json().get("calls").size();
        int chunks = fixture.json().get("chunks").size();
        int denoising = 0;
        for (var call : fixture.json().get("calls")) {
            denoising += call.get("phase").asText().equals("denoise") ? 1 : 0;
        }
        assertEquals(null, r.failure());
        long single = r.comparisons().stream().filter(c -> c.name().contains("saved inputs")).count();
        long chained = r.comparisons().stream().filter(c -> c.name().contains("chained")).count();
        System.out.printf("longlive_dit parity: %d comparisons from saved inputs, %d chained, max |diff| %.3g%n",
                single, chained, r.maxAbs());
        // from saved inputs: every call's flow_pred and every chunk's cache; chained: every call's positions,
        // timestep and x_t, the denoising calls' flow_pred (cache passes fetch none), each chunk's latents and cache
        assertEquals(calls + chunks, single);
        assertEquals(calls * 3 + denoising + chunks * 2, chained);
        assertTrue(r.passed(), r.failures().toString());
        assertTrue(r.maxAbs() <= 1e-4, "max |diff| " + r.maxAbs());
    }
}
