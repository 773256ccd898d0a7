package scope.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelWriterTest {
    @TempDir
    Path dir;

    private static final int IN = 300;
    private static final int OUT = 700; // weight 300x700 floats = 840 KB, streamed in chunks through the writer

    /** y = x W^T + b for a PyTorch-layout weight [OUT, IN], read through a range reader as a checkpoint is. */
    private static GraphBuilder linearModel(float[] weight, float[] bias, Precision precision) {
        GraphBuilder g = new GraphBuilder("linear", precision);
        String x = g.toCompute(g.input("x", DataType.FLOAT, "batch", IN));
        TensorData w = TensorData.reading(weight.length, (from, into) -> into.put(weight, (int) from, into.remaining()));
        String y = Layers.linear(g, x, "proj", w, OUT, IN, TensorData.of(bias));
        g.output(g.toFloat(y), "y", DataType.FLOAT, "batch", OUT);
        return g;
    }

    private static float[] random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static float[] reference(float[] x, float[] w, float[] b, int batch) {
        float[] y = new float[batch * OUT];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < OUT; o++) {
                double s = b[o];
                for (int i = 0; i < IN; i++) {
                    s += (double) x[n * IN + i] * w[o * IN + i];
                }
                y[n * OUT + o] = (float) s;
            }
        }
        return y;
    }

    @Test
    void externalDataIsWrittenBesideTheModelAndOnnxRuntimeComputesFromIt() throws Exception {
        float[] w = random(1, OUT * IN);
        float[] b = random(2, OUT);
        float[] x = random(3, 2 * IN);
        Path file = dir.resolve("linear.onnx");
        ModelWriter.Written written = ModelWriter.write(linearModel(w, b, Precision.FP32), file,
                ModelWriter.Placement.EXTERNAL);

        assertEquals(dir.resolve("linear.onnx.data"), written.data());
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertTrue(Files.size(file) < 10_000, "weights are not inside the model file: " + Files.size(file));
        long externalBytes = 0;
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                Map<String, String> entries = new java.util.HashMap<>();
                t.getExternalDataList().forEach(e -> entries.put(e.getKey(), e.getValue()));
                assertEquals("linear.onnx.data", entries.get("location"));
                long offset = Long.parseLong(entries.get("offset"));
                long length = Long.parseLong(entries.get("length"));
                assertTrue(offset + length <= Files.size(written.data()), t.getName());
                assertEquals(0, t.getRawData().size());
                externalBytes += length;
            }
        }
        assertEquals((OUT * IN + OUT) * 4L, externalBytes);

        float[] y = Ort.run(file, "y", Map.of("x", Ort.floats(x, 2, IN)));
        float[] expected = reference(x, w, b, 2);
        for (int i = 0; i < y.length; i++) {
            assertEquals(expected[i], y[i], 1e-4, "element " + i);
        }
    }

    @Test
    void inlineAndExternalModelsComputeTheSame() throws Exception {
        float[] w = random(4, OUT * IN);
        float[] b = random(5, OUT);
        float[] x = random(6, 3 * IN);
        Path inline = dir.resolve("inline.onnx");
        ModelWriter.Written written = ModelWriter.write(linearModel(w, b, Precision.FP32), inline,
                ModelWriter.Placement.AUTO);
        assertNull(written.data(), "small weights stay inside the model file");
        Path external = dir.resolve("external.onnx");
        ModelWriter.write(linearModel(w, b, Precision.FP32), external, ModelWriter.Placement.EXTERNAL);
        assertArrayEquals(Ort.run(inline, "y", Map.of("x", Ort.floats(x, 3, IN))),
                Ort.run(external, "y", Map.of("x", Ort.floats(x, 3, IN))));
    }

    @Test
    void reducedPrecisionWeightsHoldTheRoundedValues() throws Exception {
        // a graph that returns its FP16 / BF16 weight cast to float: ONNX Runtime reads what the writer encoded
        float[] values = {0f, 1f, -2.5f, 65504f, 1e-7f, 3.14159265f, 70000f, Float.NaN, 1f / 3};
        for (Precision p : new Precision[] {Precision.FP16, Precision.BF16}) {
            GraphBuilder g = new GraphBuilder("weights", p);
            String x = g.input("x", DataType.FLOAT, values.length);
            String w = g.weight("w", TensorData.of(values), values.length);
            g.output(g.add(g.toFloat(w), x), "y", DataType.FLOAT, values.length);
            Path file = dir.resolve(p + ".onnx");
            ModelWriter.write(g, file, ModelWriter.Placement.EXTERNAL);
            float[] y = Ort.run(file, "y", Map.of("x", Ort.floats(new float[values.length], values.length)));
            for (int i = 0; i < values.length; i++) {
                float expected = p == Precision.FP16 ? Precision.fromHalf(Precision.toHalf(values[i]))
                        : Precision.fromBfloat16(Precision.toBfloat16(values[i]));
                assertEquals(expected, y[i], 0f, p + " element " + i);
                if (!Float.isNaN(values[i]) && !Float.isInfinite(expected)) {
                    assertEquals(values[i], expected, Math.abs(values[i]) * (p == Precision.FP16 ? 1e-3 : 8e-3)
                            + 6e-8, p + " rounding of " + values[i]);
                }
            }
        }
        assertEquals(Float.POSITIVE_INFINITY, Precision.fromHalf(Precision.toHalf(70000f)));
        assertEquals(0x3c00, Precision.toHalf(1f));
        assertEquals(0x3f80, Precision.toBfloat16(1f));
        assertEquals((short) 0x0001, Precision.toHalf(0x1p-24f)); // smallest subnormal
        assertEquals((short) 0x3c00, Precision.toHalf(1f + 0x1p-11f)); // tie to even stays at 1
        assertEquals((short) 0x3c02, Precision.toHalf(1f + 3 * 0x1p-11f)); // tie to even goes up
    }

    @Test
    void aTensorGivingTooFewValuesFailsNamingIt() {
        GraphBuilder g = new GraphBuilder("bad", Precision.FP32);
        String x = g.input("x", DataType.FLOAT, 4096);
        TensorData shortData = new TensorData() {
            @Override
            public long size() {
                return 4096;
            }

            @Override
            public void writeTo(FloatSink sink) throws java.io.IOException {
                sink.accept(java.nio.FloatBuffer.allocate(100));
            }
        };
        g.output(g.add(x, g.weight("blocks.3.w", shortData, 4096)), "y", DataType.FLOAT, 4096);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> ModelWriter.write(g, dir.resolve("bad.onnx"), ModelWriter.Placement.EXTERNAL));
        assertTrue(e.getMessage().contains("blocks.3.w"), e.getMessage());
    }
}
