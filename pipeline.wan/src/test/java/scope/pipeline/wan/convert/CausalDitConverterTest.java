package scope.pipeline.wan.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.graph.Precision;
import scope.graph.TensorData;
import scope.pipeline.wan.CausalDit;
import scope.pipeline.wan.Graph;
import scope.pipeline.wan.HostTensor;
import scope.pipeline.wan.KvCache;
import scope.pipeline.wan.OrtGraphs;
import scope.pipeline.wan.WanVariant;

/** The DiT converter on the longlive_dit fixture's weights: RoPE tables, reduced precision, bad checkpoints. */
class CausalDitConverterTest {
    private static final Path FIXTURE = Path.of(System.getProperty("parity.fixtures", "../fixtures/wan-parity"))
            .resolve("longlive_dit");

    @TempDir
    Path dir;

    private static double[] doubles(String name) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(FIXTURE.resolve("tensors/" + name + ".bin")))
                .order(ByteOrder.LITTLE_ENDIAN);
        double[] d = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(d);
        return d;
    }

    @Test
    void ropeTablesAreScopesFrequenciesPerAxis() throws Exception {
        // Scope's freqs [1024, 8] for head size 16: 4 frame pairs, then 2 row and 2 column pairs, each axis with
        // its own base
        double[] re = doubles("rope_freqs_real");
        double[] im = doubles("rope_freqs_imag");
        int[] axis = {4, 2, 2};
        int column = 0;
        for (int pairs : axis) {
            float[][] table = RotaryEmbedding.table(pairs);
            for (int p = 0; p < RotaryEmbedding.TABLE; p++) {
                for (int j = 0; j < pairs; j++) {
                    assertEquals(re[p * 8 + column + j], table[0][p * pairs + j], 1e-6, "cos p=" + p + " j=" + j);
                    assertEquals(im[p * 8 + column + j], table[1][p * pairs + j], 1e-6, "sin p=" + p + " j=" + j);
                }
            }
            column += pairs;
        }
    }

    @Test
    void anFp16GraphRunsAndStaysCloseToFp32() throws Exception {
        float[] fp32 = firstCall(Precision.FP32);
        float[] fp16 = firstCall(Precision.FP16);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < fp32.length; i++) {
            worst = Math.max(worst, Math.abs(fp32[i] - fp16[i]));
            scale = Math.max(scale, Math.abs(fp32[i]));
        }
        System.out.printf("dit FP16 vs FP32, first fixture call: max |diff| %.3g (max |flow| %.3g)%n", worst, scale);
        assertTrue(worst < 2e-2 * scale, "max |diff| " + worst + " of " + scale);
    }

    /** flow_pred of a first block's first step (empty cache) at a precision. */
    private float[] firstCall(Precision precision) throws Exception {
        Path file = dir.resolve(precision + "/dit.onnx");
        try (Weights w = TestWeights.open(FIXTURE.resolve("weights.safetensors"))) {
            CausalDitConverter.convert(w, 4, 1e-6, false, file, precision);
        }
        float[] latents = new float[16 * 3 * 4 * 6];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < latents.length; i++) {
            latents[i] = (float) r.nextGaussian();
        }
        float[] embeds = new float[512 * 32];
        for (int i = 0; i < 10 * 32; i++) {
            embeds[i] = (float) r.nextGaussian();
        }
        try (Graph g = new OrtGraphs(1).open(file)) {
            KvCache cache = new KvCache(2, 12, 3, 12, 6, 64);
            return new CausalDit(g, false, 4, 6, 2, 64).flow(HostTensor.floats(latents, 1, 16, 3, 4, 6),
                    new long[] {0, 1, 2}, 1000f, embeds, cache, 1f).floatData();
        }
    }

    @Test
    void aMissingKeyOrAWrongShapeFailsNamingFileAndKey() throws Exception {
        try (Weights w = TestWeights.open(FIXTURE.resolve("weights.safetensors"))) {
            Weights missing = view(w, "blocks.1.cross_attn.norm_k.weight", null);
            ConversionException e = assertThrows(ConversionException.class, () -> CausalDitConverter.convert(missing,
                    4, 1e-6, false, dir.resolve("a.onnx"), Precision.FP32));
            assertEquals("blocks.1.cross_attn.norm_k.weight", e.key());
            assertTrue(e.getMessage().contains("weights.safetensors") && e.getMessage().contains("missing"),
                    e.getMessage());
            Weights wrong = view(w, "blocks.0.ffn.2.weight", new long[] {64, 127});
            e = assertThrows(ConversionException.class, () -> CausalDitConverter.convert(wrong, 4, 1e-6, false,
                    dir.resolve("b.onnx"), Precision.FP32));
            assertEquals("blocks.0.ffn.2.weight", e.key());
            assertTrue(e.getMessage().contains("[64, 127]"), e.getMessage());
            e = assertThrows(ConversionException.class, () -> CausalDitConverter.convert(w, 5, 1e-6, false,
                    dir.resolve("c.onnx"), Precision.FP32));
            assertEquals("num_heads", e.key());
        }
    }

    /** The weights without {@code key} (shape null) or with another shape for it. */
    private static Weights view(Weights w, String key, long[] shape) {
        Set<String> names = new LinkedHashSet<>(w.names());
        if (shape == null) {
            names.remove(key);
        }
        return new Weights() {
            @Override
            public String source() {
                return w.source();
            }

            @Override
            public Set<String> names() {
                return names;
            }

            @Override
            public long[] shape(String name) {
                return name.equals(key) && shape != null ? shape.clone() : w.shape(name);
            }

            @Override
            public TensorData data(String name) {
                return w.data(name);
            }
        };
    }
}
