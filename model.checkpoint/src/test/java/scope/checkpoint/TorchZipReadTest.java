package scope.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scope.checkpoint.SafetensorsFile.f32;
import static scope.checkpoint.SafetensorsFile.le;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PyTorch zip checkpoints written here as torch.save lays them out, read back; and bad ones refused. */
class TorchZipReadTest {
    @TempDir
    Path dir;

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A state dict of every storage type, with two views of one storage. */
    private static Object stateDict(TorchSaveFile f) {
        TorchSaveFile.Storage shared = f.storage("FloatStorage", 4, f32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        return new TorchSaveFile.OrderedDict(map(
                "w", TorchSaveFile.view(shared, 0, 2, 3),
                "tail", TorchSaveFile.view(shared, 6, 2, 2),
                "half", TorchSaveFile.contiguous(f.storage("HalfStorage", 2, le(2, 0x3c00, 0x0001, 0xfc00)), 3),
                "bf16", TorchSaveFile.contiguous(f.storage("BFloat16Storage", 2, le(2, 0x4049, 0xbf80)), 2, 1),
                "f8", TorchSaveFile.contiguous(f.storage("Float8_e4m3fnStorage", 1, le(1, 0x7e, 0x01, 0xb8)), 3),
                "f8e5", TorchSaveFile.contiguous(f.storage("Float8_e5m2Storage", 1, le(1, 0x7b)), 1),
                "double", TorchSaveFile.contiguous(f.storage("DoubleStorage", 8, SafetensorsFile.f64(0.25)), 1),
                "long", TorchSaveFile.contiguous(f.storage("LongStorage", 8, le(8, 1L << 40, -3)), 2),
                "int", TorchSaveFile.contiguous(f.storage("IntStorage", 4, le(4, 70000)), 1),
                "short", TorchSaveFile.contiguous(f.storage("ShortStorage", 2, le(2, -300)), 1),
                "char", TorchSaveFile.contiguous(f.storage("CharStorage", 1, le(1, -5)), 1),
                "byte", TorchSaveFile.contiguous(f.storage("ByteStorage", 1, le(1, 250)), 1),
                "bool", TorchSaveFile.contiguous(f.storage("BoolStorage", 1, le(1, 1, 0)), 2),
                "scalar", TorchSaveFile.contiguous(f.storage("FloatStorage", 4, f32(42)))), true);
    }

    @Test
    void aStateDictOfEveryStorageTypeReadsBack() throws Exception {
        for (boolean zip64 : new boolean[] {false, true}) {
            TorchSaveFile f = new TorchSaveFile("archive").byteorder("little");
            if (zip64) {
                f.zip64();
            }
            Path file = f.write(dir.resolve("model" + zip64 + ".pth"), stateDict(f));
            try (Checkpoint c = Checkpoints.open(file)) {
                assertEquals(List.of("w", "tail", "half", "bf16", "f8", "f8e5", "double", "long", "int", "short", "char",
                        "byte", "bool", "scalar"), c.names());
                assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, c.tensor("w").toFloats());
                assertArrayEquals(new long[] {2, 3}, c.tensor("w").shape());
                assertArrayEquals(new float[] {6, 7, 8, 9}, c.tensor("tail").toFloats());
                assertEquals(DType.F32, c.tensor("tail").dtype());
                assertArrayEquals(new float[] {1f, 0x1p-24f, Float.NEGATIVE_INFINITY}, c.tensor("half").toFloats());
                assertArrayEquals(new float[] {3.140625f, -1f}, c.tensor("bf16").toFloats());
                assertArrayEquals(new long[] {2, 1}, c.tensor("bf16").shape());
                assertArrayEquals(new float[] {448f, 0x1p-9f, -1f}, c.tensor("f8").toFloats());
                assertEquals(DType.F8_E4M3, c.tensor("f8").dtype());
                assertArrayEquals(new float[] {57344f}, c.tensor("f8e5").toFloats());
                assertArrayEquals(new float[] {0.25f}, c.tensor("double").toFloats());
                assertArrayEquals(new long[] {1L << 40, -3}, c.tensor("long").toLongs());
                assertArrayEquals(new long[] {70000}, c.tensor("int").toLongs());
                assertArrayEquals(new long[] {-300}, c.tensor("short").toLongs());
                assertArrayEquals(new long[] {-5}, c.tensor("char").toLongs());
                assertArrayEquals(new long[] {250}, c.tensor("byte").toLongs());
                assertArrayEquals(new long[] {1, 0}, c.tensor("bool").toLongs());
                assertArrayEquals(new long[0], c.tensor("scalar").shape());
                assertArrayEquals(new float[] {42}, c.tensor("scalar").toFloats());
                assertEquals(16, c.tensor("tail").rawBytes().remaining()); // a slice of the shared storage
                assertEquals(6f, c.tensor("tail").rawBytes().getFloat(0));
                assertTrue(c.metadata().isEmpty());
            }
        }
    }

    /** As longlive_base.pt: {"generator": {"model.blocks.0...": tensor}}, with non-tensor values beside it. */
    @Test
    void nestedCheckpointsAreFlattenedAndViewedWithoutTheirPrefixes() throws Exception {
        TorchSaveFile f = new TorchSaveFile("longlive_base");
        Object root = map(
                "generator", new TorchSaveFile.OrderedDict(map(
                        "model.blocks.0.self_attn.q.weight",
                        TorchSaveFile.contiguous(f.storage("BFloat16Storage", 2, le(2, 0x3f80, 0x4000, 0x4040, 0x4080)),
                                2, 2),
                        "model.head.modulation",
                        TorchSaveFile.contiguous(f.storage("BFloat16Storage", 2, le(2, 0xbf80)), 1, 1, 1)), true),
                "step", 1200L,
                "config", "a string",
                "lora", List.of(TorchSaveFile.contiguous(f.storage("FloatStorage", 4, f32(9)), 1)));
        Path file = f.write(dir.resolve("longlive_base.pt"), root);
        try (Checkpoint c = Checkpoints.open(file)) {
            assertEquals(List.of("generator.model.blocks.0.self_attn.q.weight", "generator.model.head.modulation",
                    "lora.0"), c.names());
            Checkpoint model = c.withPrefix("generator.").stripPrefix("model.");
            assertEquals(List.of("blocks.0.self_attn.q.weight", "head.modulation"), model.names());
            assertArrayEquals(new float[] {1, 2, 3, 4}, model.tensor("blocks.0.self_attn.q.weight").toFloats());
            assertArrayEquals(new float[] {9}, c.tensor("lora.0").toFloats());
        }
    }

    private CheckpointException failsToOpen(Path file, String... mustMention) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(file).close());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String m : mustMention) {
            assertTrue(e.getMessage().contains(m), "'" + m + "' missing in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void anUnknownGlobalIsRefusedNamingIt() throws Exception {
        TorchSaveFile f = new TorchSaveFile("archive");
        Path file = f.write(dir.resolve("evil.pt"), map("payload",
                new TorchSaveFile.Call("os", "system", List.of("touch " + dir.resolve("pwned")))));
        failsToOpen(file, "'os.system'", "refused");
        assertTrue(!Files.exists(dir.resolve("pwned")));

        TorchSaveFile g = new TorchSaveFile("archive");
        Path builtins = g.write(dir.resolve("eval.pt"), new TorchSaveFile.OrderedDict(map(
                "w", TorchSaveFile.contiguous(g.storage("FloatStorage", 4, f32(1)), 1),
                "x", new TorchSaveFile.Call("builtins", "eval", List.of("1+1"))), false));
        failsToOpen(builtins, "'builtins.eval'");

        TorchSaveFile h = new TorchSaveFile("archive");
        Path storage = h.write(dir.resolve("storage.pt"),
                map("w", TorchSaveFile.contiguous(h.storage("ComplexFloatStorage", 8, new byte[8]), 1)));
        failsToOpen(storage, "'torch.ComplexFloatStorage'");
    }

    @Test
    void storagesThatDoNotHoldTheTensorAreRefusedNamingTheKey() throws Exception {
        TorchSaveFile f = new TorchSaveFile("archive");
        TorchSaveFile.Storage s = f.storage("FloatStorage", 4, f32(1, 2, 3, 4));
        Path file = f.write(dir.resolve("offset.pt"), map("ok", TorchSaveFile.contiguous(s, 4),
                "past", TorchSaveFile.view(s, 2, 3)));
        failsToOpen(file, "'past'", "reaches past its storage of 4 elements");

        TorchSaveFile g = new TorchSaveFile("archive");
        TorchSaveFile.Storage claimed = new TorchSaveFile.Storage("0", "FloatStorage", 8, f32(1, 2));
        Path short_ = g.write(dir.resolve("short.pt"), map("w", TorchSaveFile.contiguous(claimed, 8)));
        // the writer stores no entry for a storage it was not given: the archive lacks data/0
        failsToOpen(short_, "'w'", "archive/data/0");
    }

    @Test
    void bigEndianLegacyAndForeignArchivesAreRefused() throws Exception {
        TorchSaveFile f = new TorchSaveFile("archive").byteorder("big");
        Path big = f.write(dir.resolve("big.pt"), map("w", TorchSaveFile.contiguous(f.storage("FloatStorage", 4,
                f32(1)), 1)));
        failsToOpen(big, "big-endian");

        Path legacy = dir.resolve("legacy.pt");
        Files.write(legacy, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46});
        failsToOpen(legacy, "legacy");

        Path other = dir.resolve("other.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(other))) {
            z.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            z.write(1);
        }
        failsToOpen(other, "data.pkl");
    }

    @Test
    void truncatedCheckpointsAreRefused() throws Exception {
        TorchSaveFile f = new TorchSaveFile("archive");
        byte[] whole = f.bytes(stateDict(f));
        Path cutEnd = dir.resolve("cut.pt");
        Files.write(cutEnd, Arrays.copyOf(whole, whole.length - 30));
        failsToOpen(cutEnd, "zip");
        Path cutHalf = dir.resolve("half.pt");
        Files.write(cutHalf, Arrays.copyOf(whole, whole.length / 2));
        failsToOpen(cutHalf, "zip");
    }

    @Test
    void aPickleWithoutStopIsRefused() throws Exception {
        Path file = dir.resolve("nostop.pt");
        Files.write(file, new RawArchive().bytes(new byte[] {(byte) 0x80, 2, '}', 'q', 0}));
        failsToOpen(file, "data.pkl", "truncated");
        Files.write(file, new RawArchive().bytes(new byte[] {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's',
                't', 'e', 'm', '\n', '.'}));
        failsToOpen(file, "os.system");
        Files.write(file, new RawArchive().bytes(new byte[] {(byte) 0x80, 2, 'I', '1', '\n', '.'}));
        failsToOpen(file, "unsupported pickle opcode 0x49");
    }

    /** An archive with a given data.pkl and nothing else. */
    private static final class RawArchive {
        byte[] bytes(byte[] pickle) throws Exception {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
                z.putNextEntry(new java.util.zip.ZipEntry("archive/data.pkl")); // deflated, which the reader inflates
                z.write(pickle);
            }
            return out.toByteArray();
        }
    }
}
