package scope.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parity fixtures' weights (safetensors written by the reference implementation's tooling) open, cover the
 * whole data section, and hold the shapes their recorded configuration implies.
 */
class ParityFixtureWeightsTest {
    private static Path fixture(String name) {
        String dir = System.getProperty("parity.fixtures", "../fixtures/wan-parity");
        return Path.of(dir).resolve(name).resolve("weights.safetensors");
    }

    private static long configValue(Checkpoint c, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(c.metadata().get("config"));
        assertTrue(m.find(), key + " in " + c.metadata().get("config"));
        return Long.parseLong(m.group(1));
    }

    @ParameterizedTest
    @CsvSource({"longlive_dit", "krea_dit", "text_encoder", "wan_vae"})
    void weightsOpenAndCoverTheirFile(String name) throws Exception {
        Path file = fixture(name);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        try (Checkpoint c = Checkpoints.open(file)) {
            assertTrue(c.names().size() > 10, name);
            long data = 0;
            for (String n : c.names()) {
                StoredTensor t = c.tensor(n);
                assertEquals(DType.F32, t.dtype(), n);
                data += t.byteSize();
                // the values equal the bytes at the tensor's place in the file
                float[] v = t.toFloats();
                ByteBuffer raw = t.rawBytes();
                for (int i = 0; i < v.length; i += Math.max(1, v.length / 7)) {
                    assertEquals(Float.floatToIntBits(raw.getFloat(i * 4)), Float.floatToIntBits(v[i]), n);
                }
            }
            assertEquals(bytes.length, 8 + headerLength + data, "tensors cover the data section");
            assertEquals("0.2.4", c.metadata().get("scope_version"));
        }
    }

    @ParameterizedTest
    @CsvSource({"longlive_dit", "krea_dit"})
    void ditShapesFollowTheConfig(String name) throws Exception {
        try (Checkpoint c = Checkpoints.open(fixture(name))) {
            long dim = configValue(c, "dim");
            long inDim = configValue(c, "in_dim");
            long textDim = configValue(c, "text_dim");
            long layers = configValue(c, "num_layers");
            assertArrayEquals(new long[] {dim, inDim, 1, 2, 2}, c.tensor("patch_embedding.weight").shape());
            assertArrayEquals(new long[] {dim, textDim}, c.tensor("text_embedding.0.weight").shape());
            assertArrayEquals(new long[] {dim, dim}, c.tensor("blocks." + (layers - 1) + ".self_attn.q.weight").shape());
            assertTrue(!c.contains("blocks." + layers + ".self_attn.q.weight"));
        }
    }

    @ParameterizedTest
    @CsvSource({"text_encoder"})
    void textEncoderShapesFollowTheConfig(String name) throws Exception {
        try (Checkpoint c = Checkpoints.open(fixture(name))) {
            assertArrayEquals(new long[] {configValue(c, "vocab_size"), configValue(c, "dim")},
                    c.tensor("token_embedding.weight").shape());
            assertArrayEquals(new long[] {configValue(c, "num_buckets"), configValue(c, "num_heads")},
                    c.tensor("blocks.0.pos_embedding.embedding.weight").shape());
        }
    }

    @ParameterizedTest
    @CsvSource({"wan_vae"})
    void vaeShapesFollowTheConfig(String name) throws Exception {
        try (Checkpoint c = Checkpoints.open(fixture(name))) {
            long z = configValue(c, "z_dim");
            long dim = configValue(c, "dim");
            assertArrayEquals(new long[] {2 * z, 2 * z, 1, 1, 1}, c.tensor("conv1.weight").shape());
            assertArrayEquals(new long[] {dim, 3, 3, 3, 3}, c.tensor("encoder.conv1.weight").shape());
        }
    }
}
