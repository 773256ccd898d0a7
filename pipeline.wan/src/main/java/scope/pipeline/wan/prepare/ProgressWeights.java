package scope.pipeline.wan.prepare;

import java.io.IOException;
import java.util.Set;
import java.util.function.LongConsumer;
import scope.graph.FloatSink;
import scope.graph.TensorData;
import scope.pipeline.wan.convert.Weights;

/** Weights that count the values a converter streams out of them: the progress of writing a graph. */
final class ProgressWeights implements Weights {
    private final Weights inner;
    private final LongConsumer streamed;

    /** @param streamed called with the number of values of each chunk read */
    ProgressWeights(Weights inner, LongConsumer streamed) {
        this.inner = inner;
        this.streamed = streamed;
    }

    @Override
    public String source() {
        return inner.source();
    }

    @Override
    public Set<String> names() {
        return inner.names();
    }

    @Override
    public long[] shape(String name) {
        return inner.shape(name);
    }

    @Override
    public TensorData data(String name) {
        TensorData data = inner.data(name);
        return new TensorData() {
            @Override
            public long size() {
                return data.size();
            }

            @Override
            public void writeTo(FloatSink sink) throws IOException {
                data.writeTo(chunk -> {
                    int n = chunk.remaining();
                    sink.accept(chunk);
                    streamed.accept(n);
                });
            }
        };
    }
}
