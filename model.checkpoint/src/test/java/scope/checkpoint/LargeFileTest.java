package scope.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file above 4 GB with a tensor above 2 GB (written sparse: only a few values are set), read at places past the
 * 2 GB and 4 GB marks and across the mapping windows' boundaries, without holding it in the heap.
 */
class LargeFileTest {
    @TempDir
    Path dir;

    @Test
    void tensorsBeyondTwoGigabytesStream() throws Exception {
        long bigCount = 1_300_000_000L; // F32: 5.2 GB; its elements would fit one array, its bytes no buffer
        long hugeCount = 2_200_000_000L; // U8: more elements than a Java array holds
        String header = "{\"small\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"big\":{\"dtype\":\"F32\",\"shape\":[1300,1000000],\"data_offsets\":[8," + (8 + bigCount * 4) + "]},"
                + "\"huge\":{\"dtype\":\"U8\",\"shape\":[" + hugeCount + "],\"data_offsets\":[" + (8 + bigCount * 4)
                + "," + (8 + bigCount * 4 + hugeCount) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + h.length;
        long bigStart = dataStart + 8;
        long hugeStart = bigStart + bigCount * 4;
        Path file = dir.resolve("large.safetensors");
        long[] probes = {0, (1L << 28) - 1, 536_870_911L, 536_870_912L, 1_000_000_000L, bigCount - 1};
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(hugeStart + hugeCount);
            raf.seek(0);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            raf.write(h);
            raf.write(SafetensorsFile.f32(1f, 2f));
            for (long p : probes) {
                raf.seek(bigStart + p * 4);
                raf.write(SafetensorsFile.f32(p + 0.5f));
            }
            raf.seek(hugeStart + hugeCount - 1);
            raf.write(200);
            raf.seek(hugeStart + (1L << 31) + 3);
            raf.write(7);
        }
        try (Checkpoint c = Checkpoints.open(file)) {
            StoredTensor big = c.tensor("big");
            assertEquals(bigCount, big.elementCount());
            for (long p : probes) {
                FloatBuffer one = FloatBuffer.allocate(1);
                big.readFloats(p, one);
                assertEquals(p + 0.5f, one.get(0), "element " + p);
            }
            // a streamed range across the first window boundary (1 GiB into the file)
            long across = (1L << 30) / 4 - 10;
            FloatBuffer range = FloatBuffer.allocate(5_000_000);
            big.readFloats(across, range);
            assertEquals(0, range.remaining());
            IllegalStateException tooBig = assertThrows(IllegalStateException.class, big::rawBytes);
            assertTrue(tooBig.getMessage().contains("'big'"), tooBig.getMessage());
            assertEquals(536_870_912L + 0.5f, big.rawBytes(536_870_912L * 4, 8).getFloat(0));

            StoredTensor huge = c.tensor("huge");
            CheckpointException e = assertThrows(CheckpointException.class, huge::toLongs);
            assertTrue(e.getMessage().contains("'huge'") && e.getMessage().contains("readFloats"), e.getMessage());
            FloatBuffer tail = FloatBuffer.allocate(2);
            huge.readFloats(hugeCount - 2, tail);
            assertEquals(0f, tail.get(0));
            assertEquals(200f, tail.get(1));
            FloatBuffer mid = FloatBuffer.allocate(1);
            huge.readFloats((1L << 31) + 3, mid);
            assertEquals(7f, mid.get(0));
            assertEquals(2f, c.tensor("small").toFloats()[1]);
        }
    }
}
