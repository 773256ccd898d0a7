package scope.checkpoint.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import scope.checkpoint.Checkpoint;
import scope.checkpoint.CheckpointException;
import scope.checkpoint.DType;
import scope.checkpoint.StoredTensor;

/**
 * A safetensors file: an 8-byte little-endian header length N, N bytes of JSON
 * {@code {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string: string}}}, then the
 * data section, to which the offsets are relative. The header is checked strictly when the file is opened.
 */
public final class SafetensorsCheckpoint implements Checkpoint {
    /** The format's own limit on the header (100 MB), which also keeps a corrupt length from allocating. */
    static final long MAX_HEADER = 100_000_000L;
    private static final String METADATA = "__metadata__";

    private final FileMapping mapping;
    private final Map<String, MappedTensor> tensors;
    private final List<String> names;
    private final Map<String, String> metadata;

    private SafetensorsCheckpoint(FileMapping mapping, Map<String, MappedTensor> tensors, Map<String, String> metadata) {
        this.mapping = mapping;
        this.tensors = tensors;
        this.names = List.copyOf(tensors.keySet());
        this.metadata = metadata;
    }

    public static Checkpoint open(Path file) throws CheckpointException {
        FileMapping mapping = FileMapping.open(file);
        try {
            return read(mapping);
        } catch (CheckpointException | RuntimeException e) {
            mapping.close();
            throw e;
        }
    }

    private static Checkpoint read(FileMapping mapping) throws CheckpointException {
        Path file = mapping.file();
        long size = mapping.size();
        if (size < 8) {
            throw new CheckpointException(file, "not a safetensors file: " + size + " bytes, shorter than the 8-byte"
                    + " header length");
        }
        long headerLength = mapping.slice(0, 8, null).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER) {
            throw new CheckpointException(file, "not a safetensors file: header length " + headerLength
                    + " (expected 2 to " + MAX_HEADER + " bytes)");
        }
        if (8 + headerLength > size) {
            throw new CheckpointException(file, "truncated: the header claims " + headerLength
                    + " bytes but the file has only " + (size - 8) + " after the length");
        }
        String json = utf8(file, mapping.slice(8, headerLength, null));
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (Json.SyntaxException e) {
            throw new CheckpointException(file, null, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw new CheckpointException(file, "header is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        long dataLength = size - dataStart;
        Map<String, String> metadata = Map.of();
        Map<String, MappedTensor> tensors = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        List<String> rangeNames = new ArrayList<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) {
                metadata = metadata(file, e.getValue());
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> info)) {
                throw new CheckpointException(file, name, "header entry is not an object");
            }
            Object dtypeName = info.get("dtype");
            if (!(dtypeName instanceof String dtypeString)) {
                throw new CheckpointException(file, name, "header entry has no dtype string");
            }
            DType dtype = DType.ofSafetensorsName(dtypeString).orElseThrow(() -> new CheckpointException(file, name,
                    "unknown dtype '" + dtypeString + "' (known: " + Arrays.toString(DType.values()) + ")"));
            long[] shape = longs(file, name, "shape", info.get("shape"), -1);
            long[] offsets = longs(file, name, "data_offsets", info.get("data_offsets"), 2);
            long count = Tensors.elementCount(shape);
            if (count < 0) {
                throw new CheckpointException(file, name, "invalid shape " + Arrays.toString(shape));
            }
            long begin = offsets[0];
            long end = offsets[1];
            if (begin < 0 || end < begin) {
                throw new CheckpointException(file, name, "invalid data_offsets " + Arrays.toString(offsets));
            }
            if (end > dataLength) {
                throw new CheckpointException(file, name, "data_offsets " + Arrays.toString(offsets)
                        + " reach past the data section of " + dataLength + " bytes (truncated file?)");
            }
            long expected;
            try {
                expected = Math.multiplyExact(count, dtype.byteSize());
            } catch (ArithmeticException ex) {
                throw new CheckpointException(file, name, "shape " + Arrays.toString(shape) + " is too large");
            }
            if (end - begin != expected) {
                throw new CheckpointException(file, name, "data_offsets " + Arrays.toString(offsets) + " span "
                        + (end - begin) + " bytes but " + dtype + Arrays.toString(shape) + " needs " + expected);
            }
            tensors.put(name, new MappedTensor(mapping, name, dtype, shape, count, dataStart + begin));
            ranges.add(offsets);
            rangeNames.add(name);
        }
        checkNoOverlap(file, ranges, rangeNames);
        return new SafetensorsCheckpoint(mapping, tensors, metadata);
    }

    private static void checkNoOverlap(Path file, List<long[]> ranges, List<String> names) throws CheckpointException {
        Integer[] order = new Integer[ranges.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> ranges.get(i)[0])
                .thenComparingLong(i -> ranges.get(i)[1]));
        long reached = 0;
        String last = null;
        for (int i : order) {
            long[] r = ranges.get(i);
            if (r[0] < reached && r[1] > r[0]) {
                throw new CheckpointException(file, names.get(i), "data_offsets " + Arrays.toString(r)
                        + " overlap those of '" + last + "'");
            }
            if (r[1] > reached) {
                reached = r[1];
                last = names.get(i);
            }
        }
    }

    private static Map<String, String> metadata(Path file, Object value) throws CheckpointException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new CheckpointException(file, "__metadata__ is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new CheckpointException(file, "__metadata__ value of '" + e.getKey() + "' is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    private static long[] longs(Path file, String name, String field, Object value, int length)
            throws CheckpointException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new CheckpointException(file, name, "header field " + field + " is not "
                    + (length >= 0 ? "a list of " + length + " integers" : "a list of integers") + ": " + value);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l)) {
                throw new CheckpointException(file, name, "header field " + field + " holds a non-integer: " + value);
            }
            out[i] = l;
        }
        return out;
    }

    private static String utf8(Path file, ByteBuffer bytes) throws CheckpointException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, null, "header is not UTF-8", e);
        }
    }

    @Override
    public Path file() {
        return mapping.file();
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    @Override
    public StoredTensor tensor(String name) throws CheckpointException {
        MappedTensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(file(), name, "no such tensor" + Tensors.nearby(name, names));
        }
        return t;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void close() {
        mapping.close();
    }

    @Override
    public String toString() {
        return "safetensors " + file() + " (" + names.size() + " tensors)";
    }
}
