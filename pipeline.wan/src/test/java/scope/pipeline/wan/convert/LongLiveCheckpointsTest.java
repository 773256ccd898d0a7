package scope.pipeline.wan.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.graph.Precision;
import scope.graph.TensorData;

/**
 * LongLive's layout (the generator dict with model. prefixes, the adapter under generator_lora with PEFT names)
 * read through the checkpoint reader, merged and converted. Written as safetensors with the flattened names a
 * PyTorch checkpoint's nested dicts get, since the reader gives both the same names.
 */
class LongLiveCheckpointsTest {
    private static final Path FIXTURE = Path.of(System.getProperty("parity.fixtures", "../fixtures/wan-parity"))
            .resolve("longlive_dit/weights.safetensors");

    @TempDir
    Path dir;

    @Test
    void theGeneratorDictWithModelPrefixesAndTheLoraAreMergedInUpstreamsNames() throws Exception {
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (Weights plain = TestWeights.open(FIXTURE)) {
            for (String name : plain.names()) {
                values.put("generator.model." + name, TensorData.toArray(plain.data(name)));
                shapes.put("generator.model." + name, plain.shape(name));
            }
        }
        Path base = write(dir.resolve("longlive_base.safetensors"), values, shapes);
        int rank = 2;
        SplittableRandom random = new SplittableRandom(7);
        float[] a = new float[rank * 64];
        float[] b = new float[64 * rank];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
        String module = "generator_lora.base_model.model.blocks.1.ffn.2";
        Map<String, float[]> lora = new LinkedHashMap<>();
        Map<String, long[]> loraShapes = new LinkedHashMap<>();
        // ffn.2 is [64, 128]: A [rank, 128], B [64, rank]
        float[] a128 = new float[rank * 128];
        System.arraycopy(a, 0, a128, 0, a.length);
        lora.put(module + ".lora_A.weight", a128);
        loraShapes.put(module + ".lora_A.weight", new long[] {rank, 128});
        lora.put(module + ".lora_B.weight", b);
        loraShapes.put(module + ".lora_B.weight", new long[] {64, rank});
        Path adapter = write(dir.resolve("lora.safetensors"), lora, loraShapes);

        try (LoraMergedWeights merged = LongLiveCheckpoints.open(base, adapter)) {
            assertEquals(values.size(), merged.names().size());
            assertTrue(merged.names().contains("blocks.1.ffn.2.weight"), "model. stripped: " + merged.names());
            float[] w = values.get("generator.model.blocks.1.ffn.2.weight");
            float[] got = TensorData.toArray(merged.data("blocks.1.ffn.2.weight"));
            double scale = LongLiveCheckpoints.LORA_ALPHA / LongLiveCheckpoints.LORA_RANK;
            for (int o = 0; o < 64; o++) {
                for (int i = 0; i < 128; i++) {
                    double ba = 0;
                    for (int r = 0; r < rank; r++) {
                        ba += b[o * rank + r] * a128[r * 128 + i];
                    }
                    assertEquals(w[o * 128 + i] + scale * ba, got[o * 128 + i], 1e-5);
                }
            }
            assertArrayEquals(values.get("generator.model.head.head.weight"),
                    TensorData.toArray(merged.data("head.head.weight")));
            CausalDitConverter.Result r = CausalDitConverter.convert(merged, 4, 1e-6, false, dir.resolve("dit.onnx"),
                    Precision.FP32);
            assertEquals(2, r.config().layers());
            assertTrue(Files.size(dir.resolve("dit.onnx")) > 0);
        }
    }

    /** A F32 safetensors file. */
    private static Path write(Path file, Map<String, float[]> values, Map<String, long[]> shapes) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            long[] s = shapes.get(e.getKey());
            StringBuilder dims = new StringBuilder();
            for (long d : s) {
                dims.append(dims.length() == 0 ? "" : ",").append(d);
            }
            long end = offset + 4L * e.getValue().length;
            header.append(header.length() == 1 ? "" : ",").append('"').append(e.getKey())
                    .append("\":{\"dtype\":\"F32\",\"shape\":[").append(dims).append("],\"data_offsets\":[")
                    .append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        while ((header.length() + 8) % 8 != 0) {
            header.append(' ');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h);
        for (float[] v : values.values()) {
            for (float x : v) {
                out.putFloat(x);
            }
        }
        Files.write(file, out.array());
        return file;
    }
}
