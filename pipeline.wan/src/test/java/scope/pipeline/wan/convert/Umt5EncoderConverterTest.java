package scope.pipeline.wan.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.graph.ModelWriter;
import scope.graph.Precision;
import scope.graph.TensorData;
import scope.pipeline.wan.Graph;
import scope.pipeline.wan.GraphContract;
import scope.pipeline.wan.HostTensor;
import scope.pipeline.wan.OrtGraphs;
import scope.pipeline.wan.PromptEncoder;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.parity.FixtureManifest;

class Umt5EncoderConverterTest {
    static final Path WEIGHTS = Path.of(System.getProperty("parity.fixtures", "../fixtures/wan-parity"))
            .resolve("text_encoder/weights.safetensors");

    @TempDir
    Path dir;

    @Test
    void sizesComeFromTheTensorShapes() throws Exception {
        Umt5EncoderConverter.Config c = Umt5EncoderConverter.inspect(TestWeights.open(WEIGHTS));
        assertEquals(new Umt5EncoderConverter.Config(256, 32, 32, 64, 2, 2, 32, false), c);
    }

    @Test
    void bucketsFollowT5sBidirectionalLayout() {
        int length = 512;
        long[] table = Umt5EncoderConverter.bucketTable(length, 32, 128);
        // query 0 looking at key j: rel = j; query 511 looking at key j: rel = j - 511
        Map<Integer, Long> known = Map.of(0, 0L, 1, 17L, -1, 1L, 7, 23L, -8, 8L, 12, 25L, 16, 26L, -32, 12L,
                128, 31L, -500, 15L);
        known.forEach((rel, bucket) -> {
            int q = rel >= 0 ? 0 : length - 1;
            assertEquals(bucket, table[q * length + q + rel], "rel " + rel);
        });
        // every pair against the formula in double precision, away from the values where float rounding decides
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                int rel = j - i;
                int d = Math.abs(rel);
                double scaled = d < 8 ? d : Math.log(d / 8.0) / Math.log(16) * 8;
                if (d >= 8 && Math.abs(scaled - Math.rint(scaled)) < 1e-5) {
                    continue;
                }
                long expected = (rel > 0 ? 16 : 0) + (d < 8 ? d : Math.min(8 + (long) scaled, 15));
                assertEquals(expected, table[i * length + j], "query " + i + " key " + j);
            }
        }
    }

    @Test
    void aMissingKeyFailsNamingFileAndKey() throws Exception {
        Weights w = without(TestWeights.open(WEIGHTS), "blocks.1.ffn.fc2.weight");
        ConversionException e = assertThrows(ConversionException.class, () -> convert(w));
        assertTrue(e.getMessage().contains("weights.safetensors") && e.getMessage().contains("blocks.1.ffn.fc2.weight"),
                e.getMessage());
    }

    @Test
    void anUnexpectedKeyFailsNamingIt() throws Exception {
        Weights base = TestWeights.open(WEIGHTS);
        Weights w = new Filtered(base, Set.of()) {
            @Override
            public Set<String> names() {
                Set<String> n = new LinkedHashSet<>(base.names());
                n.add("blocks.0.attn.q.scale_weight");
                return n;
            }

            @Override
            public long[] shape(String name) {
                return name.endsWith("scale_weight") ? new long[] {1} : base.shape(name);
            }
        };
        ConversionException e = assertThrows(ConversionException.class, () -> convert(w));
        assertTrue(e.getMessage().contains("blocks.0.attn.q.scale_weight"), e.getMessage());
    }

    @Test
    void aWrongShapeFailsNamingTheKey() throws Exception {
        Weights base = TestWeights.open(WEIGHTS);
        Weights w = new Filtered(base, Set.of()) {
            @Override
            public long[] shape(String name) {
                return name.equals("blocks.1.attn.k.weight") ? new long[] {16, 32} : base.shape(name);
            }
        };
        ConversionException e = assertThrows(ConversionException.class, () -> convert(w));
        assertTrue(e.getMessage().contains("blocks.1.attn.k.weight") && e.getMessage().contains("[16, 32]"),
                e.getMessage());
    }

    @Test
    void externalDataOnRequest() throws Exception {
        ModelWriter.Written written = Umt5EncoderConverter.convert(TestWeights.open(WEIGHTS),
                dir.resolve("text_encoder.onnx"), Precision.FP32, ModelWriter.Placement.EXTERNAL);
        assertEquals(dir.resolve("text_encoder.onnx.data"), written.data());
        assertFalse(written.weightBytes() == 0);
    }

    @Test
    void anFp16GraphRunsWithinHalfPrecisionOfScope() throws Exception {
        // ONNX Runtime's CPU provider runs the FP16 graph (BF16 needs a GPU provider: no CPU kernels)
        Path fixture = WEIGHTS.getParent();
        FixtureManifest m = FixtureManifest.read(fixture);
        Path file = dir.resolve("text_encoder.onnx");
        Umt5EncoderConverter.convert(TestWeights.open(WEIGHTS), file, Precision.FP16, ModelWriter.Placement.AUTO);
        float[] ours;
        try (Graph g = new OrtGraphs(1).open(file)) {
            WanContract.TEXT_ENCODER.check(file, g, GraphContract.bindings("B", 2));
            ours = new PromptEncoder(g, null).embed(m.longs("input_ids"), m.longs("attention_mask"), 2);
        }
        float[] scope = m.floats("prompt_embeds");
        double max = 0;
        for (int i = 0; i < scope.length; i++) {
            max = Math.max(max, Math.abs(ours[i] - scope[i]));
        }
        // values up to ~3 through 2 blocks at 11-bit mantissas: a few 1e-3, not the 1e-6 of FP32
        assertTrue(max > 1e-5 && max < 2e-2, "FP16 max |diff| " + max);
    }

    @Test
    void aShorterSequenceGivesTheSameRows() throws Exception {
        // the position biases are sliced to the input's length (not constants ONNX Runtime would fold at load)
        FixtureManifest m = FixtureManifest.read(WEIGHTS.getParent());
        Path file = dir.resolve("text_encoder.onnx");
        Umt5EncoderConverter.convert(TestWeights.open(WEIGHTS), file, Precision.FP32, ModelWriter.Placement.AUTO);
        long[] ids = m.longs("input_ids");
        long[] mask = m.longs("attention_mask");
        int full = 512;
        int shortLength = 32; // both prompts (9 and 21 tokens) fit
        long[] shortIds = new long[2 * shortLength];
        long[] shortMask = new long[2 * shortLength];
        for (int b = 0; b < 2; b++) {
            System.arraycopy(ids, b * full, shortIds, b * shortLength, shortLength);
            System.arraycopy(mask, b * full, shortMask, b * shortLength, shortLength);
        }
        float[] scope = m.floats("prompt_embeds");
        float[] ours;
        try (Graph g = new OrtGraphs(1).open(file)) {
            ours = g.run(java.util.Map.of("input_ids", HostTensor.longs(shortIds, 2, shortLength),
                    "attention_mask", HostTensor.longs(shortMask, 2, shortLength))).get("prompt_embeds").floatData();
        }
        int dim = 32;
        assertEquals(2 * shortLength * dim, ours.length);
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < shortLength * dim; i++) {
                assertEquals(scope[b * full * dim + i], ours[b * shortLength * dim + i], 1e-4, "row " + b + " value " + i);
            }
        }
    }

    @Test
    void onnxRuntimeDoesNotFoldThePositionBiasesIntoConstants() throws Exception {
        // a [1,H,512,512] bias per block would be computed at load and kept (64 MB per block for UMT5-XXL at FP32)
        Path file = dir.resolve("text_encoder.onnx");
        Umt5EncoderConverter.convert(TestWeights.open(WEIGHTS), file, Precision.FP32, ModelWriter.Placement.AUTO);
        Path optimized = dir.resolve("optimized.onnx");
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (ai.onnxruntime.OrtSession.SessionOptions options = new ai.onnxruntime.OrtSession.SessionOptions()) {
            options.setOptimizationLevel(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            options.setOptimizedModelFilePath(optimized.toString());
            env.createSession(file.toString(), options).close();
        }
        long biasBytes = 2L * 512 * 512 * 4; // one block's bias in the fixture (2 heads)
        assertTrue(java.nio.file.Files.size(optimized) < java.nio.file.Files.size(file) + biasBytes / 4,
                "optimized " + java.nio.file.Files.size(optimized) + " bytes, written " + java.nio.file.Files.size(file));
    }

    private void convert(Weights w) throws Exception {
        Umt5EncoderConverter.convert(w, dir.resolve("text_encoder.onnx"), Precision.FP32, ModelWriter.Placement.AUTO);
    }

    private static Weights without(Weights base, String key) {
        return new Filtered(base, Set.of(key));
    }

    /** The fixture's weights with some keys left out. */
    private static class Filtered implements Weights {
        private final Weights base;
        private final Set<String> dropped;

        Filtered(Weights base, Set<String> dropped) {
            this.base = base;
            this.dropped = dropped;
        }

        @Override
        public String source() {
            return base.source();
        }

        @Override
        public Set<String> names() {
            Set<String> n = new LinkedHashSet<>(base.names());
            n.removeAll(dropped);
            return n;
        }

        @Override
        public long[] shape(String name) {
            require(name);
            return base.shape(name);
        }

        @Override
        public TensorData data(String name) {
            require(name);
            return base.data(name);
        }
    }
}
