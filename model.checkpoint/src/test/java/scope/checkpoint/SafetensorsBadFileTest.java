package scope.checkpoint;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scope.checkpoint.SafetensorsFile.f32;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed safetensors files fail at open (or at the access concerned) with the file and key named. */
class SafetensorsBadFileTest {
    @TempDir
    Path dir;

    private static SafetensorsFile twoTensors() {
        return new SafetensorsFile()
                .add("a.weight", "F32", new long[] {2, 2}, f32(1, 2, 3, 4))
                .add("b.bias", "F32", new long[] {2}, f32(5, 6));
    }

    private CheckpointException failsToOpen(String fileName, byte[] content, String... mustMention) throws Exception {
        Path file = dir.resolve(fileName);
        Files.write(file, content);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(file).close());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String m : mustMention) {
            assertTrue(e.getMessage().contains(m), "'" + m + "' missing in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void truncatedDataNamesTheTensorThatNoLongerFits() throws Exception {
        byte[] whole = twoTensors().bytes();
        failsToOpen("truncated.safetensors", Arrays.copyOf(whole, whole.length - 3), "'b.bias'", "truncated");
    }

    @Test
    void truncatedHeader() throws Exception {
        byte[] whole = twoTensors().bytes();
        failsToOpen("cut-header.safetensors", Arrays.copyOf(whole, 20), "truncated");
        failsToOpen("tiny.safetensors", new byte[] {1, 2, 3}, "shorter than");
        failsToOpen("empty.safetensors", new byte[0], "shorter than");
    }

    @Test
    void headerLengthBeyondTheFileOrInsane() throws Exception {
        byte[] whole = twoTensors().bytes();
        ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).putLong(0, whole.length + 100);
        failsToOpen("long-header.safetensors", whole, "header");
        ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        failsToOpen("huge-header.safetensors", whole, "header length");
        ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -5);
        failsToOpen("negative-header.safetensors", whole, "header length");
    }

    @Test
    void offsetsThatDoNotMatchTheShape() throws Exception {
        SafetensorsFile f = twoTensors();
        String header = f.header().replace("\"shape\":[2,2]", "\"shape\":[2,3]");
        failsToOpen("mismatch.safetensors", f.bytes(header), "'a.weight'", "needs 24");
    }

    @Test
    void overlappingOffsets() throws Exception {
        SafetensorsFile f = twoTensors();
        String header = f.header().replace("\"data_offsets\":[16,24]", "\"data_offsets\":[8,16]");
        failsToOpen("overlap.safetensors", f.bytes(header), "'b.bias'", "overlap", "a.weight");
    }

    @Test
    void unknownDtypeNamesKeyAndDtype() throws Exception {
        SafetensorsFile f = twoTensors();
        String header = f.header().replaceFirst("\"F32\"", "\"F31\"");
        failsToOpen("dtype.safetensors", f.bytes(header), "'a.weight'", "F31");
    }

    @Test
    void malformedHeaderEntries() throws Exception {
        SafetensorsFile f = twoTensors();
        failsToOpen("json.safetensors", f.bytes(f.header().substring(1)), "JSON");
        failsToOpen("shape.safetensors", f.bytes(f.header().replace("\"shape\":[2]", "\"shape\":[2.5]")), "'b.bias'",
                "shape");
        failsToOpen("negative.safetensors", f.bytes(f.header().replace("\"shape\":[2]", "\"shape\":[-2]")),
                "'b.bias'");
        failsToOpen("offsets.safetensors", f.bytes(f.header().replace("[16,24]", "[16]")), "'b.bias'",
                "data_offsets");
        failsToOpen("metadata.safetensors", f.bytes(f.header().replaceFirst("\\{", "{\"__metadata__\":{\"n\":1},")),
                "__metadata__");
        failsToOpen("array.safetensors", f.bytes("[1,2]"), "not a JSON object");
    }

    @Test
    void missingKeyNamesFileAndKey() throws Exception {
        Path file = twoTensors().write(dir.resolve("keys.safetensors"));
        try (Checkpoint c = Checkpoints.open(file)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> c.tensor("weight"));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("'weight'")
                    && e.getMessage().contains("a.weight"), e.getMessage());
        }
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
