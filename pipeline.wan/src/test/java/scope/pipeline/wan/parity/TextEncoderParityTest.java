package scope.pipeline.wan.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.pipeline.wan.convert.TestWeights;

/** The committed text_encoder fixture through the converter, ONNX Runtime and PromptEncoder. */
class TextEncoderParityTest {
    static final Path FIXTURES = Path.of(System.getProperty("parity.fixtures", "../fixtures/wan-parity"));

    @TempDir
    Path work;

    @Test
    void convertedEncoderMatchesScopesOutputs() throws Exception {
        ParityResult r = new TextEncoderParity(TestWeights::open)
                .run(FixtureManifest.read(FIXTURES.resolve("text_encoder")), work);
        System.out.println("text_encoder parity: " + r.comparisons());
        assertEquals(null, r.failure());
        assertEquals(2, r.comparisons().size());
        assertTrue(r.passed(), r.failures().toString());
        assertTrue(r.maxAbs() <= 1e-4, "max |diff| " + r.maxAbs());
        assertTrue(Files.exists(work.resolve("text_encoder.onnx")));
    }

    @Test
    void aFixtureWithoutACheckIsAFailedRowNotAPass(@TempDir Path set) throws Exception {
        Path folder = Files.createDirectories(set.resolve("some_other_model"));
        Files.writeString(folder.resolve("manifest.json"), "{\"tensors\": {}}");
        List<ParityResult> results = new ParityRunner(ParityChecks.all(TestWeights::open)).run(set);
        assertEquals(1, results.size());
        assertEquals("no check implemented", results.get(0).failure());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ParityRunner.print(results, new PrintStream(text, true, StandardCharsets.UTF_8));
        String table = text.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("FAILED no check implemented"), table);
        assertTrue(table.strip().endsWith("parity: 0 of 1 fixtures within tolerance"), table);
    }
}
