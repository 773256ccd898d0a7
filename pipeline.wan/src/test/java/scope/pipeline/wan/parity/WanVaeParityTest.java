package scope.pipeline.wan.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.pipeline.wan.convert.TestWeights;

/**
 * The committed wan_vae fixture through the converter, ONNX Runtime and StatefulGraph: streaming decode, V2V
 * streaming encode and decode, one-shot encodes.
 */
class WanVaeParityTest {
    static final Path FIXTURES = Path.of(System.getProperty("parity.fixtures", "../fixtures/wan-parity"));

    @TempDir
    Path work;

    @Test
    void convertedVaeMatchesScopesStreamingCalls() throws Exception {
        ParityResult r = new WanVaeParity(TestWeights::open).run(FixtureManifest.read(FIXTURES.resolve("wan_vae")),
                work);
        r.comparisons().forEach(c -> System.out.printf("wan_vae %-70s max abs %.3e  max rel %.3e  %s%n", c.name(),
                c.maxAbs(), c.maxRel(), c.withinTolerance() ? "ok" : "FAILED"));
        assertNull(r.failure());
        assertTrue(r.passed(), r.failures().toString());
        // the latent constants, 3 decodes, 3 encodes and 3 decodes of V2V, 3 decodes of saved latents, 2 one-shots,
        // each decode with its frames checked twice
        assertEquals(2 + 3 * 3 + 3 + 3 * 3 + 3 * 3 + 2, r.comparisons().size());
        for (TensorComparison c : r.comparisons()) {
            if (c.name().endsWith("pixels") || c.name().endsWith("latents")) {
                // every float tensor, first calls and chained ones, within a single call's tolerance
                assertTrue(c.maxAbs() <= 1e-4, c.name() + ": max |diff| " + c.maxAbs());
            } else {
                assertTrue(c.maxAbs() <= 1, c.name() + ": max |diff| " + c.maxAbs());
            }
        }
        assertTrue(Files.exists(work.resolve("vae_decoder.onnx")) && Files.exists(work.resolve("vae_encoder.onnx")));
    }
}
