package scope.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scope.checkpoint.SafetensorsFile.f32;
import static scope.checkpoint.SafetensorsFile.f64;
import static scope.checkpoint.SafetensorsFile.le;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors files of every dtype, written here, read back with known values and edge cases. */
class SafetensorsReadTest {
    @TempDir
    Path dir;

    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    @Test
    void everyDtypeDecodesToItsKnownValues() throws Exception {
        Path file = new SafetensorsFile()
                .add("f32", "F32", new long[] {2, 3}, f32(1.5f, -0.0f, INF, NAN, Float.MIN_VALUE, -3e38f))
                .add("f64", "F64", new long[] {3}, f64(1.25, -2.5e-3, 1e300))
                // F16: 1, -2, max 65504, smallest subnormal 2^-24, largest subnormal, smallest normal 2^-14, inf, -inf,
                // NaN, -0
                .add("f16", "F16", new long[] {10}, le(2, 0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x0400, 0x7c00, 0xfc00,
                        0x7e00, 0x8000))
                // BF16: 1, pi's bf16 rounding 3.140625, -inf, smallest subnormal 2^-133, NaN
                .add("bf16", "BF16", new long[] {5}, le(2, 0x3f80, 0x4049, 0xff80, 0x0001, 0x7fc0))
                // F8_E4M3 (fn): 1, -1, 448 (max), NaN (0x7f and 0xff), 2^-9 (smallest subnormal), 7*2^-9 (largest
                // subnormal), 2^-6 (smallest normal), -0, 0x77 = 1.875 * 2^7 = 240
                .add("f8e4m3", "F8_E4M3", new long[] {10}, le(1, 0x38, 0xb8, 0x7e, 0x7f, 0xff, 0x01, 0x07, 0x08, 0x80,
                        0x77))
                // F8_E5M2: 1, -2, 57344 (max), inf, -inf, NaN, 2^-16 (smallest subnormal), 2^-14 (smallest normal)
                .add("f8e5m2", "F8_E5M2", new long[] {8}, le(1, 0x3c, 0xc0, 0x7b, 0x7c, 0xfc, 0x7d, 0x01, 0x04))
                .write(dir.resolve("dtypes.safetensors"));
        try (Checkpoint c = Checkpoints.open(file)) {
            assertFloats(c, "f32", 1.5f, -0.0f, INF, NAN, Float.MIN_VALUE, -3e38f);
            assertFloats(c, "f64", 1.25f, (float) -2.5e-3, INF);
            assertFloats(c, "f16", 1f, -2f, 65504f, 0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, INF, -INF, NAN, -0.0f);
            assertFloats(c, "bf16", 1f, 3.140625f, -INF, 0x1p-133f, NAN);
            assertFloats(c, "f8e4m3", 1f, -1f, 448f, NAN, NAN, 0x1p-9f, 7 * 0x1p-9f, 0x1p-6f, -0.0f, 240f);
            assertFloats(c, "f8e5m2", 1f, -2f, 57344f, INF, -INF, NAN, 0x1p-16f, 0x1p-14f);
            assertEquals(DType.F8_E4M3, c.tensor("f8e4m3").dtype());
            assertArrayEquals(new long[] {2, 3}, c.tensor("f32").shape());
        }
    }

    @Test
    void integerDtypesReadAsLongsAndAsFloats() throws Exception {
        Path file = new SafetensorsFile()
                .add("i64", "I64", new long[] {3}, le(8, Long.MIN_VALUE, -1, Long.MAX_VALUE))
                .add("i32", "I32", new long[] {3}, le(4, Integer.MIN_VALUE, 7, Integer.MAX_VALUE))
                .add("i16", "I16", new long[] {2}, le(2, -32768, 32767))
                .add("i8", "I8", new long[] {2}, le(1, -128, 127))
                .add("u8", "U8", new long[] {2}, le(1, 0, 255))
                .add("bool", "BOOL", new long[] {3}, le(1, 0, 1, 1))
                .write(dir.resolve("ints.safetensors"));
        try (Checkpoint c = Checkpoints.open(file)) {
            assertArrayEquals(new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}, c.tensor("i64").toLongs());
            assertArrayEquals(new long[] {Integer.MIN_VALUE, 7, Integer.MAX_VALUE}, c.tensor("i32").toLongs());
            assertArrayEquals(new long[] {-32768, 32767}, c.tensor("i16").toLongs());
            assertArrayEquals(new long[] {-128, 127}, c.tensor("i8").toLongs());
            assertArrayEquals(new long[] {0, 255}, c.tensor("u8").toLongs());
            assertArrayEquals(new long[] {0, 1, 1}, c.tensor("bool").toLongs());
            assertArrayEquals(new float[] {-128f, 127f}, c.tensor("i8").toFloats());
            assertArrayEquals(new float[] {0f, 255f}, c.tensor("u8").toFloats());
            assertFalse(DType.U8.isFloatingPoint());
        }
    }

    /** Every positive finite pattern of each 16/8-bit float decodes to a strictly larger value than the previous. */
    @Test
    void smallFloatsAreMonotonicAcrossSubnormalNormalBoundaries() throws Exception {
        assertMonotonic("F16", 2, 0x7c00);
        assertMonotonic("BF16", 2, 0x7f80);
        assertMonotonic("F8_E4M3", 1, 0x7f);
        assertMonotonic("F8_E5M2", 1, 0x7c);
    }

    private void assertMonotonic(String dtype, int size, int endExclusive) throws Exception {
        long[] patterns = new long[endExclusive];
        for (int i = 0; i < endExclusive; i++) {
            patterns[i] = i;
        }
        Path file = new SafetensorsFile().add("t", dtype, new long[] {endExclusive}, le(size, patterns))
                .write(dir.resolve(dtype + ".safetensors"));
        try (Checkpoint c = Checkpoints.open(file)) {
            float[] v = c.tensor("t").toFloats();
            assertEquals(0f, v[0]);
            for (int i = 1; i < v.length; i++) {
                assertTrue(v[i] > v[i - 1] && Float.isFinite(v[i]), dtype + " pattern " + Integer.toHexString(i)
                        + ": " + v[i] + " after " + v[i - 1]);
            }
        }
    }

    @Test
    void namesOrderMetadataAndViews() throws Exception {
        Path file = new SafetensorsFile()
                .metadata("format", "pt").metadata("config", "{\"dim\": 8}")
                .add("model.b", "F32", new long[] {1}, f32(2f))
                .add("model.a", "F32", new long[] {1}, f32(1f))
                .add("scalar", "F32", new long[] {}, f32(7f))
                .add("empty", "F32", new long[] {0, 3}, new byte[0])
                .write(dir.resolve("names.safetensors"));
        try (Checkpoint c = Checkpoints.open(file)) {
            assertEquals(file, c.file());
            assertEquals(List.of("model.b", "model.a", "scalar", "empty"), c.names());
            assertEquals(Map.of("format", "pt", "config", "{\"dim\": 8}"), c.metadata());
            assertTrue(c.contains("scalar"));
            assertFalse(c.contains("model"));
            assertEquals(1, c.tensor("scalar").elementCount());
            assertArrayEquals(new long[0], c.tensor("scalar").shape());
            assertArrayEquals(new float[] {7f}, c.tensor("scalar").toFloats());
            assertEquals(0, c.tensor("empty").toFloats().length);

            Checkpoint model = c.withPrefix("model.");
            assertEquals(List.of("b", "a"), model.names());
            assertEquals("model.a", model.tensor("a").name());
            assertArrayEquals(new float[] {1f}, model.tensor("a").toFloats());
            Checkpoint stripped = c.stripPrefix("model.");
            assertEquals(List.of("b", "a", "scalar", "empty"), stripped.names());
            CheckpointException e = assertThrows(CheckpointException.class, () -> model.tensor("model.a"));
            assertTrue(e.getMessage().contains("names.safetensors") && e.getMessage().contains("'model.a'"),
                    e.getMessage());
        }
    }

    @Test
    void strippingAPrefixThatMakesNamesCollideFails() throws Exception {
        Path file = new SafetensorsFile()
                .add("model.x", "F32", new long[] {1}, f32(2f))
                .add("x", "F32", new long[] {1}, f32(1f))
                .write(dir.resolve("collide.safetensors"));
        try (Checkpoint c = Checkpoints.open(file)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> c.stripPrefix("model."));
            assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("collide.safetensors"),
                    e.getMessage());
        }
    }

    @Test
    void streamedReadsAndRawBytesSeeTheStoredValues() throws Exception {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 100;
        }
        long[] halves = new long[values.length];
        float[] truncated = new float[values.length];
        for (int i = 0; i < halves.length; i++) {
            halves[i] = Float.floatToIntBits(values[i]) >>> 16; // bf16 is the high half of a float32
            truncated[i] = Float.intBitsToFloat(Float.floatToIntBits(values[i]) & 0xffff0000);
        }
        Path file = new SafetensorsFile()
                .add("w", "F32", new long[] {10, 100}, f32(values))
                .add("h", "BF16", new long[] {1000}, le(2, halves))
                .write(dir.resolve("stream.safetensors"));
        try (Checkpoint c = Checkpoints.open(file)) {
            StoredTensor w = c.tensor("w");
            FloatBuffer part = FloatBuffer.allocate(30);
            w.readFloats(400, part);
            assertEquals(0, part.remaining());
            for (int i = 0; i < 30; i++) {
                assertEquals(values[400 + i], part.get(i));
            }
            assertArrayEquals(truncated, c.tensor("h").toFloats());
            ByteBuffer raw = w.rawBytes();
            assertTrue(raw.isReadOnly());
            assertEquals(4000, raw.remaining());
            assertEquals(values[999], raw.getFloat(999 * 4));
            assertEquals(values[10], w.rawBytes(40, 4).getFloat());
            assertThrows(CheckpointException.class, () -> w.readFloats(990, FloatBuffer.allocate(11)));
            assertThrows(CheckpointException.class, () -> w.rawBytes(3998, 4));
            CheckpointException e = assertThrows(CheckpointException.class, w::toLongs);
            assertTrue(e.getMessage().contains("'w'"), e.getMessage());
        }
    }

    @Test
    void readsAfterCloseFailNamingTheFile() throws Exception {
        Path file = new SafetensorsFile().add("w", "F32", new long[] {1}, f32(1f)).write(dir.resolve("c.safetensors"));
        Checkpoint c = Checkpoints.open(file);
        StoredTensor w = c.tensor("w");
        c.close();
        CheckpointException e = assertThrows(CheckpointException.class, w::toFloats);
        assertTrue(e.getMessage().contains("c.safetensors") && e.getMessage().contains("closed"), e.getMessage());
    }

    private static void assertFloats(Checkpoint c, String name, float... expected) throws CheckpointException {
        float[] actual = c.tensor(name).toFloats();
        assertEquals(expected.length, actual.length, name);
        for (int i = 0; i < expected.length; i++) {
            // bit equality, so -0 and NaN count; NaN payloads may differ
            boolean same = Float.isNaN(expected[i]) ? Float.isNaN(actual[i])
                    : Float.floatToIntBits(expected[i]) == Float.floatToIntBits(actual[i]);
            assertTrue(same, name + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
        }
    }
}
