package scope.pipeline.wan.convert;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import scope.graph.FloatSink;
import scope.graph.GraphBuilder;
import scope.graph.TensorData;

/**
 * The VAE's weights as graph initializers, each made once however many branches of the graph read it (the first
 * chunk and later chunks run the same layers in different subgraphs).
 */
final class VaeParameters {
    private final GraphBuilder graph;
    private final Weights weights;
    private final Map<String, String> made = new HashMap<>();

    VaeParameters(GraphBuilder graph, Weights weights) {
        this.graph = graph;
        this.weights = weights;
    }

    Weights weights() {
        return weights;
    }

    /** The tensor under {@code key} with the given dims (same element count, e.g. a Conv2d kernel as 3-d). */
    String tensor(String key, long... dims) {
        return made.computeIfAbsent(key + java.util.Arrays.toString(dims), k -> graph.weight(key,
                weights.data(key), dims));
    }

    /** A Conv3d weight [out, in, kt, kh, kw] as stored. */
    String conv3d(String key) {
        return tensor(key, weights.shape(key, 5));
    }

    /** A Conv2d weight [out, in, kh, kw] as a 3-d kernel of depth 1, applied to each frame. */
    String conv2dPerFrame(String key) {
        long[] s = weights.shape(key, 4);
        return tensor(key, s[0], s[1], 1, s[2], s[3]);
    }

    /** A vector [C] (a bias). */
    String vector(String key) {
        return tensor(key, weights.shape(key, 1));
    }

    /** The first {@code rows} output channels of a 1x1x1 conv's weight [out, in, 1, 1, 1] (or its bias). */
    String leadingRows(String key, long rows) {
        long[] s = weights.shape(key);
        long perRow = 1;
        for (int i = 1; i < s.length; i++) {
            perRow *= s[i];
        }
        long[] dims = s.clone();
        dims[0] = rows;
        TensorData all = weights.data(key);
        long count = rows * perRow;
        return made.computeIfAbsent(key + "[:" + rows + "]", k -> graph.weight(key + ".leading" + rows,
                leading(all, count), dims));
    }

    /**
     * An RMS norm's {@code gamma} [C, 1, ...] times sqrt(C) (upstream multiplies by both), shaped [C, 1, 1, 1] to
     * broadcast over [1, C, T, H, W].
     */
    String rmsScale(String key) {
        long c = weights.shape(key)[0];
        float[] gamma;
        try {
            gamma = TensorData.toArray(weights.data(key));
        } catch (IOException e) {
            throw new ConversionException(weights.source(), key, "cannot be read: " + e.getMessage());
        }
        float scale = (float) Math.sqrt(c);
        float[] scaled = new float[gamma.length];
        for (int i = 0; i < gamma.length; i++) {
            scaled[i] = scale * gamma[i];
        }
        return made.computeIfAbsent(key + "*sqrt", k -> graph.weight(key + ".scaled", TensorData.of(scaled), c, 1,
                1, 1));
    }

    /** The first {@code count} values of a tensor. */
    private static TensorData leading(TensorData all, long count) {
        return new TensorData() {
            @Override
            public long size() {
                return count;
            }

            @Override
            public void writeTo(FloatSink sink) throws IOException {
                long[] left = {count};
                all.writeTo(chunk -> {
                    if (left[0] > 0) {
                        int n = (int) Math.min(left[0], chunk.remaining());
                        FloatBuffer part = chunk.slice().limit(n);
                        left[0] -= n;
                        sink.accept(part);
                    }
                });
            }
        };
    }
}
