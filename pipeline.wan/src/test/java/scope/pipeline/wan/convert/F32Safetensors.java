package scope.pipeline.wan.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import scope.graph.TensorData;

/** The fixtures' F32 safetensors as {@link Weights}, for tests (small files read whole). */
final class F32Safetensors implements Weights {
    private final String source;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, float[]> values = new LinkedHashMap<>();

    private F32Safetensors(Path file) throws IOException {
        source = file.getFileName().toString();
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) all.getLong(0);
        JsonNode header = new ObjectMapper().readTree(new String(all.array(), 8, headerLength, StandardCharsets.UTF_8));
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            if (!t.get("dtype").asText().equals("F32")) {
                throw new IOException(source + ": " + e.getKey() + " is not F32");
            }
            long[] shape = new long[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asLong();
            }
            int from = 8 + headerLength + t.get("data_offsets").get(0).asInt();
            int to = 8 + headerLength + t.get("data_offsets").get(1).asInt();
            float[] v = new float[(to - from) / 4];
            all.slice(from, to - from).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            shapes.put(e.getKey(), shape);
            values.put(e.getKey(), v);
        }
    }

    static Weights open(Path file) throws IOException {
        return new F32Safetensors(file);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public Set<String> names() {
        return shapes.keySet();
    }

    @Override
    public long[] shape(String name) {
        require(name);
        return shapes.get(name).clone();
    }

    @Override
    public TensorData data(String name) {
        require(name);
        return TensorData.of(values.get(name));
    }
}
