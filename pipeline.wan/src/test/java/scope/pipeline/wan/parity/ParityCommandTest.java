package scope.pipeline.wan.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command on a fixture subset: the real text_encoder fixture and a folder no check knows. */
class ParityCommandTest {
    @TempDir
    Path set;

    @Test
    void passesOnlyWhenEveryFixtureIsWithinTolerance() throws Exception {
        copyTree(TextEncoderParityTest.FIXTURES.resolve("text_encoder"), set.resolve("text_encoder"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err), err.toString(StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("text_encoder") && table.strip().endsWith("parity: 1 of 1 fixtures within tolerance"),
                table);

        Files.createDirectories(set.resolve("other_model"));
        Files.writeString(set.resolve("other_model/manifest.json"), "{\"tensors\": {}}");
        out.reset();
        assertEquals(1, run(out, err));
        table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("FAILED no check implemented"), table);
        assertTrue(table.strip().endsWith("parity: 1 of 2 fixtures within tolerance"), table);
    }

    @Test
    void aMissingDirectoryIsAnError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, ParityCommand.run(set.resolve("absent").toString(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("absent"), err.toString(StandardCharsets.UTF_8));
    }

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return ParityCommand.run(set.toString(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
