package scope.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints written by real {@code torch.save} (torch 1.13.1, see {@code torch-1.13/make_files.py}) read back
 * with the values torch recorded beside them; and the test-side writer's pickle equals torch's byte for byte, so
 * the synthetic files of the other tests are what torch writes.
 */
class TorchWrittenFilesTest {
    private static Path folder() throws URISyntaxException {
        return Path.of(TorchWrittenFilesTest.class.getResource("/torch-1.13/expected.tsv").toURI()).getParent();
    }

    private record Row(String name, String dtype, long[] shape, String[] values) {
    }

    private static Map<String, List<Row>> expected() throws Exception {
        Map<String, List<Row>> byFile = new LinkedHashMap<>();
        for (String line : Files.readAllLines(folder().resolve("expected.tsv"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            long[] shape = f[3].isEmpty() ? new long[0]
                    : java.util.Arrays.stream(f[3].split(",")).mapToLong(Long::parseLong).toArray();
            String[] values = f[4].isEmpty() ? new String[0] : f[4].split(",");
            byFile.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Row(f[1], f[2], shape, values));
        }
        return byFile;
    }

    private static DType dtype(String torchName) {
        return switch (torchName) {
            case "float64" -> DType.F64;
            case "float32" -> DType.F32;
            case "float16" -> DType.F16;
            case "bfloat16" -> DType.BF16;
            case "int64" -> DType.I64;
            case "int32" -> DType.I32;
            case "int16" -> DType.I16;
            case "int8" -> DType.I8;
            case "uint8" -> DType.U8;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalArgumentException(torchName);
        };
    }

    @Test
    void everyTensorHasTorchsNameDtypeShapeAndValues() throws Exception {
        Map<String, List<Row>> expected = expected();
        assertEquals(List.of("flat.pt", "nested.pt", "linear.pt", "dtypes.pt"), List.copyOf(expected.keySet()));
        int compared = 0;
        for (Map.Entry<String, List<Row>> file : expected.entrySet()) {
            try (Checkpoint c = Checkpoints.open(folder().resolve(file.getKey()))) {
                assertEquals(file.getValue().stream().map(Row::name).toList(), c.names(), file.getKey());
                assertTrue(c.metadata().isEmpty());
                for (Row row : file.getValue()) {
                    if (row.name().equals("c.transposed")) {
                        continue; // non-contiguous: refused, see below
                    }
                    StoredTensor t = c.tensor(row.name());
                    assertEquals(dtype(row.dtype()), t.dtype(), row.name());
                    assertArrayEquals(row.shape(), t.shape(), row.name());
                    if (t.dtype().isFloatingPoint()) {
                        float[] v = t.toFloats();
                        assertEquals(row.values().length, v.length, row.name());
                        for (int i = 0; i < v.length; i++) {
                            float want = (float) Double.parseDouble(row.values()[i]);
                            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(v[i]),
                                    row.name() + "[" + i + "]: " + v[i] + ", torch " + want);
                        }
                    } else {
                        long[] v = t.toLongs();
                        assertArrayEquals(java.util.Arrays.stream(row.values()).mapToLong(Long::parseLong).toArray(),
                                v, row.name());
                    }
                    compared++;
                }
            }
        }
        assertEquals(20, compared);
    }

    @Test
    void nestedDictsAreNamedByPathAndViewsStripPrefixes() throws Exception {
        try (Checkpoint c = Checkpoints.open(folder().resolve("nested.pt"))) {
            Checkpoint generator = c.withPrefix("generator.");
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), generator.names());
            assertEquals("generator.0.bias", generator.tensor("0.bias").name());
            assertEquals(List.of("weight", "bias"), generator.withPrefix("0.").names());
            CheckpointException e = assertThrows(CheckpointException.class, () -> c.tensor("0.weight"));
            assertTrue(e.getMessage().contains("generator.0.weight"), e.getMessage()); // the hint
        }
    }

    @Test
    void aNonContiguousTensorIsRefusedNamingItsStride() throws Exception {
        try (Checkpoint c = Checkpoints.open(folder().resolve("flat.pt"))) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> c.tensor("c.transposed"));
            assertTrue(e.getMessage().contains("flat.pt") && e.getMessage().contains("'c.transposed'")
                    && e.getMessage().contains("stride [1, 3]"), e.getMessage());
            assertEquals(3, c.tensor("b.view1").elementCount()); // the others stay readable
        }
    }

    @Test
    void theTestWritersPickleIsTorchsByteForByte() throws Exception {
        TorchSaveFile flat = new TorchSaveFile("flat");
        TorchSaveFile.Storage f32 = flat.storage("FloatStorage", 4, new byte[24]);
        TorchSaveFile.Storage f16 = flat.storage("HalfStorage", 2, new byte[20]);
        TorchSaveFile.Storage t = flat.storage("FloatStorage", 4, new byte[24]);
        Map<String, Object> items = new LinkedHashMap<>();
        items.put("a.weight", TorchSaveFile.contiguous(f32, 2, 3));
        items.put("b.view1", TorchSaveFile.view(f16, 2, 3));
        items.put("b.view2", TorchSaveFile.view(f16, 5, 5));
        items.put("c.transposed", new TorchSaveFile.Tensor(t, 0, new long[] {3, 2}, new long[] {1, 3}));
        assertArrayEquals(torchPickle("flat.pt"), flat.pickle(new TorchSaveFile.OrderedDict(items, false)));

        TorchSaveFile linear = new TorchSaveFile("linear");
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("weight", TorchSaveFile.contiguous(linear.storage("FloatStorage", 4, new byte[24]), 2, 3));
        state.put("bias", TorchSaveFile.contiguous(linear.storage("FloatStorage", 4, new byte[8]), 2));
        assertArrayEquals(torchPickle("linear.pt"), linear.pickle(new TorchSaveFile.OrderedDict(state, true)));
    }

    private static byte[] torchPickle(String file) throws IOException, URISyntaxException {
        try (ZipFile zip = new ZipFile(folder().resolve(file).toFile())) {
            String stem = file.substring(0, file.indexOf('.'));
            return zip.getInputStream(zip.getEntry(stem + "/data.pkl")).readAllBytes();
        }
    }
}
