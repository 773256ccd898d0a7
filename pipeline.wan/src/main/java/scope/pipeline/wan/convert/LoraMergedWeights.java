package scope.pipeline.wan.convert;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import scope.graph.FloatSink;
import scope.graph.TensorData;

/**
 * Base weights with a LoRA adapter merged in at conversion, as LongLive's {@code lora.pt} is applied: for every
 * adapted linear layer {@code W' = W + scale * B A}, with A {@code [rank, in]}, B {@code [out, rank]} and PEFT's
 * {@code scale = alpha / rank} (LongLive's model.yaml: rank 256, alpha 256, so 1). Adapter keys are PEFT's state
 * dict names, {@code [base_model.model.]<module>.lora_A[.default].weight}; the module is the base key without
 * {@code .weight}.
 */
public final class LoraMergedWeights implements Weights {
    private final Weights base;
    private final Weights adapter;
    private final double scale;
    /** Base weight key -> adapter keys {A, B}. */
    private final Map<String, String[]> merged = new LinkedHashMap<>();

    public LoraMergedWeights(Weights base, Weights adapter, double alpha, int rank) {
        if (rank <= 0) {
            throw new ConversionException(adapter.source(), "rank", "LoRA rank " + rank + " must be positive");
        }
        this.base = base;
        this.adapter = adapter;
        this.scale = alpha / rank;
        for (String key : adapter.names()) {
            String a = key.replace(".default.", ".");
            if (!a.endsWith(".lora_A.weight")) {
                continue;
            }
            String module = a.substring(0, a.length() - ".lora_A.weight".length());
            if (module.startsWith("base_model.model.")) {
                module = module.substring("base_model.model.".length());
            }
            String target = module + ".weight";
            String bKey = key.replace("lora_A", "lora_B");
            if (!adapter.names().contains(bKey)) {
                throw new ConversionException(adapter.source(), bKey, "missing (its lora_A is present)");
            }
            if (!base.names().contains(target)) {
                throw new ConversionException(adapter.source(), key, "adapts '" + target + "', which the base lacks");
            }
            merged.put(target, new String[] {key, bKey});
        }
        if (merged.isEmpty()) {
            throw new ConversionException(adapter.source(), "lora_A", "no LoRA layers found");
        }
    }

    /** Closes both sources. */
    @Override
    public void close() {
        try {
            base.close();
        } finally {
            adapter.close();
        }
    }

    /** The base weight keys the adapter changes. */
    public Set<String> adaptedKeys() {
        return merged.keySet();
    }

    @Override
    public String source() {
        return base.source() + " + " + adapter.source();
    }

    @Override
    public Set<String> names() {
        return base.names();
    }

    @Override
    public long[] shape(String key) {
        return base.shape(key);
    }

    /** The base tensor, or for an adapted layer the merged weight, computed when it is written (one at a time). */
    @Override
    public TensorData data(String key) {
        if (!merged.containsKey(key)) {
            return base.data(key);
        }
        long size = base.data(key).size();
        return new TensorData() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void writeTo(FloatSink sink) throws IOException {
                sink.accept(FloatBuffer.wrap(merge(key)));
            }
        };
    }

    private float[] merge(String key) {
        String[] ab = merged.get(key);
        long[] w = base.shape(key, 2);
        long[] a = adapter.shape(ab[0], 2);
        long[] b = adapter.shape(ab[1], 2);
        int out = (int) w[0];
        int in = (int) w[1];
        int rank = (int) a[0];
        if (a[1] != in || b[0] != out || b[1] != rank) {
            throw new ConversionException(adapter.source(), ab[0], "LoRA shapes A " + java.util.Arrays.toString(a)
                    + ", B " + java.util.Arrays.toString(b) + " do not fit " + key + " "
                    + java.util.Arrays.toString(w));
        }
        float[] weight = read(base, key);
        float[] av = read(adapter, ab[0]);
        float[] bv = read(adapter, ab[1]);
        double[] row = new double[in];
        for (int o = 0; o < out; o++) {
            java.util.Arrays.fill(row, 0);
            for (int r = 0; r < rank; r++) {
                double br = bv[o * rank + r];
                if (br == 0) {
                    continue;
                }
                int from = r * in;
                for (int i = 0; i < in; i++) {
                    row[i] += br * av[from + i];
                }
            }
            for (int i = 0; i < in; i++) {
                weight[o * in + i] = (float) (weight[o * in + i] + scale * row[i]);
            }
        }
        return weight;
    }

    private static float[] read(Weights w, String key) {
        try {
            return TensorData.toArray(w.data(key));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(w.source() + ": reading '" + key + "': " + e.getMessage(), e);
        }
    }
}
