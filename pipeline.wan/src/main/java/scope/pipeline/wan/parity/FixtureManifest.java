package scope.pipeline.wan.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parity fixture folder: {@code manifest.json} (every saved tensor's file, dtype float32, float64 or int64,
 * shape; plus the fixture's call sequence), {@code config.json}, {@code weights.safetensors} and
 * {@code tensors/*.bin} (raw little-endian, C order, no header). Sizes are those the files say; a tensor whose file does not hold exactly its
 * shape's bytes is an error naming the file.
 */
public final class FixtureManifest {
    /** One saved tensor. */
    public record Entry(String name, Path file, String dtype, long[] shape) {
        public long count() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final Path dir;
    private final JsonNode manifest;
    private final Map<String, Entry> tensors;

    private FixtureManifest(Path dir, JsonNode manifest, Map<String, Entry> tensors) {
        this.dir = dir;
        this.manifest = manifest;
        this.tensors = tensors;
    }

    /** Reads {@code dir/manifest.json}. */
    public static FixtureManifest read(Path dir) throws IOException {
        Path file = dir.resolve("manifest.json");
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode list = root.get("tensors");
        if (list == null || !list.isObject()) {
            throw new IOException(file + ": no \"tensors\" object");
        }
        Map<String, Entry> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode t = e.getValue();
            String where = file + ": tensor " + e.getKey();
            if (!t.path("file").isTextual() || !t.path("dtype").isTextual() || !t.path("shape").isArray()) {
                throw new IOException(where + ": needs \"file\", \"dtype\" and \"shape\"");
            }
            String dtype = t.get("dtype").asText();
            if (!dtype.equals("float32") && !dtype.equals("int64") && !dtype.equals("float64")) {
                throw new IOException(where + ": dtype " + dtype + ", expected float32, float64 or int64");
            }
            long[] shape = new long[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asLong();
            }
            tensors.put(e.getKey(), new Entry(e.getKey(), dir.resolve(t.get("file").asText()), dtype, shape));
        }
        return new FixtureManifest(dir, root, Collections.unmodifiableMap(tensors));
    }

    public Path dir() {
        return dir;
    }

    /** The whole manifest (call sequences and metadata beyond the tensor list). */
    public JsonNode json() {
        return manifest;
    }

    /** {@code config.json} of the fixture. */
    public JsonNode config() throws IOException {
        return new ObjectMapper().readTree(dir.resolve("config.json").toFile());
    }

    /** {@code weights.safetensors} of the fixture. */
    public Path weights() {
        return dir.resolve(manifest.path("weights").asText("weights.safetensors"));
    }

    public Map<String, Entry> tensors() {
        return tensors;
    }

    public Entry entry(String name) throws IOException {
        Entry e = tensors.get(name);
        if (e == null) {
            throw new IOException(dir.resolve("manifest.json") + ": no tensor " + name);
        }
        return e;
    }

    public float[] floats(String name) throws IOException {
        Entry e = expect(name, "float32");
        float[] out = new float[Math.toIntExact(e.count())];
        bytes(e, 4).asFloatBuffer().get(out);
        return out;
    }

    public double[] doubles(String name) throws IOException {
        Entry e = expect(name, "float64");
        double[] out = new double[Math.toIntExact(e.count())];
        bytes(e, 8).asDoubleBuffer().get(out);
        return out;
    }

    public long[] longs(String name) throws IOException {
        Entry e = expect(name, "int64");
        long[] out = new long[Math.toIntExact(e.count())];
        bytes(e, 8).asLongBuffer().get(out);
        return out;
    }

    private Entry expect(String name, String dtype) throws IOException {
        Entry e = entry(name);
        if (!e.dtype().equals(dtype)) {
            throw new IOException(e.file() + ": tensor " + name + " is " + e.dtype() + ", read as " + dtype);
        }
        return e;
    }

    private static ByteBuffer bytes(Entry e, int elementBytes) throws IOException {
        byte[] raw = Files.readAllBytes(e.file());
        if (raw.length != e.count() * elementBytes) {
            throw new IOException(e.file() + ": " + raw.length + " bytes, tensor " + e.name() + " of shape "
                    + java.util.Arrays.toString(e.shape()) + " needs " + e.count() * elementBytes);
        }
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }
}
