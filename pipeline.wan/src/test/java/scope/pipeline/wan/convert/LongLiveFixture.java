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

/** The longlive_dit parity fixture: manifest, saved tensors and the F32 weights in Scope's key layout. */
final class LongLiveFixture {
    final Path dir;
    final JsonNode manifest;
    final JsonNode config;

    LongLiveFixture(Path dir) throws IOException {
        this.dir = dir;
        ObjectMapper json = new ObjectMapper();
        this.manifest = json.readTree(dir.resolve("manifest.json").toFile());
        this.config = json.readTree(dir.resolve("config.json").toFile());
    }

    static Path root() {
        Path p = Path.of(System.getProperty("parity.fixtures", "../fixtures/wan-parity"));
        return p.resolve("longlive_dit");
    }

    long[] shape(String name) {
        JsonNode s = tensorEntry(name).get("shape");
        long[] out = new long[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i).asLong();
        }
        return out;
    }

    private JsonNode tensorEntry(String name) {
        JsonNode t = manifest.get("tensors").get(name);
        if (t == null) {
            throw new IllegalArgumentException("manifest.json has no tensor '" + name + "'");
        }
        return t;
    }

    private ByteBuffer bytes(String name) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(dir.resolve(tensorEntry(name).get("file").asText())))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    float[] floats(String name) throws IOException {
        ByteBuffer b = bytes(name);
        String dtype = tensorEntry(name).get("dtype").asText();
        if (dtype.equals("int64")) {
            long[] l = new long[b.remaining() / 8];
            b.asLongBuffer().get(l);
            float[] f = new float[l.length];
            for (int i = 0; i < l.length; i++) {
                f[i] = l[i];
            }
            return f;
        }
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    /** The weights (F32 safetensors as the fixture writes them). */
    DitWeights weights() throws IOException {
        Path file = dir.resolve("weights.safetensors");
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = all.getLong(0);
        JsonNode header = new ObjectMapper().readTree(new String(all.array(), 8, (int) headerLength,
                StandardCharsets.UTF_8));
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode s = e.getValue().get("shape");
            long[] shape = new long[s.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).asLong();
            }
            long from = e.getValue().get("data_offsets").get(0).asLong();
            long to = e.getValue().get("data_offsets").get(1).asLong();
            float[] f = new float[(int) ((to - from) / 4)];
            all.slice((int) (8 + headerLength + from), (int) (to - from)).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(f);
            shapes.put(e.getKey(), shape);
            values.put(e.getKey(), f);
        }
        return new DitWeights() {
            @Override
            public String source() {
                return file.toString();
            }

            @Override
            public Set<String> keys() {
                return shapes.keySet();
            }

            @Override
            public long[] shape(String key) {
                return shapes.get(key).clone();
            }

            @Override
            public TensorData tensor(String key) {
                return TensorData.of(values.get(key));
            }
        };
    }
}
