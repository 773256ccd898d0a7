package scope.pipeline.wan.parity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import scope.graph.ModelWriter;
import scope.graph.Precision;
import scope.pipeline.wan.Graph;
import scope.pipeline.wan.GraphContract;
import scope.pipeline.wan.OrtGraphs;
import scope.pipeline.wan.PromptEncoder;
import scope.pipeline.wan.WanContract;
import scope.pipeline.wan.convert.Umt5EncoderConverter;
import scope.pipeline.wan.convert.Weights;
import scope.pipeline.wan.convert.WeightsOpener;

/**
 * {@code text_encoder}: the UMT5 encoder converted at FP32, loaded as the pipeline loads it (ONNX Runtime through
 * {@link OrtGraphs}, checked against the contract) and run through {@link PromptEncoder} on the saved ids and
 * mask. Compares {@code prompt_embeds} and, within each prompt's length (ours zeroes the rest, as the contract
 * says), {@code encoder_output_raw}; one call from saved inputs, so 1e-4 absolute.
 */
public final class TextEncoderParity implements ParityCheck {
    private final WeightsOpener weights;

    public TextEncoderParity(WeightsOpener weights) {
        this.weights = weights;
    }

    @Override
    public String fixture() {
        return "text_encoder";
    }

    @Override
    public ParityResult run(FixtureManifest fixture, Path workDir) throws Exception {
        Path file = workDir.resolve(WanContract.TEXT_ENCODER.file());
        try (Weights w = weights.open(fixture.weights())) {
            Umt5EncoderConverter.convert(w, file, Precision.FP32, ModelWriter.Placement.AUTO);
        }

        long[] ids = fixture.longs("input_ids");
        long[] mask = fixture.longs("attention_mask");
        long[] idShape = fixture.entry("input_ids").shape();
        int batch = (int) idShape[0];
        int tokens = (int) idShape[1];
        float[] ours;
        try (Graph encoder = new OrtGraphs(1).open(file)) {
            WanContract.TEXT_ENCODER.check(file, encoder, GraphContract.bindings("B", batch));
            ours = new PromptEncoder(encoder, null).embed(ids, mask, batch);
        }

        List<TensorComparison> compared = new ArrayList<>();
        compared.add(TensorComparison.of("prompt_embeds", fixture.floats("prompt_embeds"), ours,
                Tolerance.SINGLE_CALL));

        float[] raw = fixture.floats("encoder_output_raw");
        int dim = raw.length / (batch * tokens);
        List<Float> expectedRows = new ArrayList<>();
        List<Float> ourRows = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int length = 0;
            for (int t = 0; t < tokens; t++) {
                length += mask[b * tokens + t] > 0 ? 1 : 0;
            }
            for (int i = b * tokens * dim; i < (b * tokens + length) * dim; i++) {
                expectedRows.add(raw[i]);
                ourRows.add(ours[i]);
            }
        }
        compared.add(TensorComparison.of("encoder_output_raw[:, :seq_len]", toArray(expectedRows),
                toArray(ourRows), Tolerance.SINGLE_CALL));
        return ParityResult.of(fixture(), compared);
    }

    private static float[] toArray(List<Float> values) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
