package scope.pipeline.wan.convert;

import java.io.IOException;
import java.nio.file.Path;
import scope.graph.GraphBuilder;
import scope.graph.ModelWriter;
import scope.graph.Precision;

/**
 * Converts a Wan-family causal DiT state dict (LongLive's, Krea's) into the contract's {@code dit.onnx}: sizes from
 * the tensor shapes, heads and norm epsilon from the model's config.json, weights streamed from the checkpoint
 * into the file (external data above 1.8 GB), at the chosen precision.
 */
public final class CausalDitConverter {
    /** What was written, and the sizes read from the weights. */
    public record Result(ModelWriter.Written written, DitConfig config) {
    }

    private CausalDitConverter() {
    }

    /**
     * @param weights       the state dict (a LoRA already merged in, see {@link LoraMergedWeights})
     * @param heads         config {@code num_heads}
     * @param eps           config {@code eps}
     * @param attentionBias declare Krea's {@code kv_cache_attention_bias}
     */
    public static Result convert(Weights weights, int heads, double eps, boolean attentionBias, Path file,
            Precision precision) throws IOException {
        DitConfig config = DitConfig.derive(weights, heads, eps);
        GraphBuilder g = new GraphBuilder("causal_dit", precision);
        CausalDitGraph.build(g, weights, config, attentionBias);
        return new Result(ModelWriter.write(g, file, ModelWriter.Placement.AUTO), config);
    }
}
