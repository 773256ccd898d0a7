package scope.pipeline.wan.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.pipeline.wan.convert.TestWeights;

/** The committed krea_dit fixture through the converter with Krea's attention rule. */
class KreaDitParityTest {
    @TempDir
    Path work;

    @Test
    void convertedDitMatchesEveryKreaCall() throws Exception {
        FixtureManifest fixture = FixtureManifest.read(TextEncoderParityTest.FIXTURES.resolve("krea_dit"));
        ParityResult r = new KreaDitParity(TestWeights::open).run(fixture, work);
        assertEquals(null, r.failure());
        System.out.printf("krea_dit parity: %d comparisons, max |diff| %.3g%n", r.comparisons().size(), r.maxAbs());
        int calls = fixture.json().get("calls").size();
        // every call's flow_pred, and the context cache of every chunk after the first
        assertEquals(calls + fixture.json().get("chunks").size() - 1, r.comparisons().size());
        assertTrue(r.passed(), r.failures().toString());
    }
}
