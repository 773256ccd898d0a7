package scope.checkpoint.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import scope.checkpoint.Checkpoint;
import scope.checkpoint.CheckpointException;
import scope.checkpoint.StoredTensor;
import scope.checkpoint.internal.TorchPickle.TensorRef;

/**
 * A PyTorch checkpoint in {@code torch.save}'s zip format: {@code <archive>/data.pkl} (the pickled object),
 * {@code <archive>/data/<key>} (one entry per storage, raw elements), {@code <archive>/byteorder} (absent before
 * torch 1.13: little-endian) and {@code <archive>/version}. The pickle is read with {@link Pickle} under
 * {@link TorchPickle}'s allow-list; tensors in nested dicts and lists are named by their path joined with '.'.
 * Storages are mapped in place, so shared storages (views) cost nothing.
 */
public final class TorchZipCheckpoint implements Checkpoint {
    private static final String PICKLE = "data.pkl";
    private static final long MAX_PICKLE = 1L << 30;

    private final FileMapping mapping;
    /** A {@link MappedTensor}, or the {@link String} reason the tensor cannot be read as one. */
    private final Map<String, Object> tensors;
    private final List<String> names;

    private TorchZipCheckpoint(FileMapping mapping, Map<String, Object> tensors) {
        this.mapping = mapping;
        this.tensors = tensors;
        this.names = List.copyOf(tensors.keySet());
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
        ZipIndex zip = ZipIndex.read(mapping);
        String prefix = archivePrefix(file, zip);
        ZipIndex.Entry byteorder = zip.entries().get(prefix + "byteorder");
        if (byteorder != null) {
            String order = new String(bytes(mapping, zip, byteorder, 64), StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new CheckpointException(file, "stored " + order + "-endian (" + prefix + "byteorder); only"
                        + " little-endian checkpoints are read");
            }
        }
        ZipIndex.Entry pickleEntry = zip.entries().get(prefix + PICKLE);
        ByteBuffer pickle = ByteBuffer.wrap(bytes(mapping, zip, pickleEntry, MAX_PICKLE));
        Object root;
        try {
            root = Pickle.load(pickle, new TorchPickle());
        } catch (Pickle.PickleException e) {
            throw new CheckpointException(file, null, prefix + PICKLE + ": " + e.getMessage(), e);
        }
        Map<String, TensorRef> refs = new LinkedHashMap<>();
        collect(file, root, "", refs, 0);
        Map<String, Long> dataOffsets = new HashMap<>();
        Map<String, Object> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
            tensors.put(e.getKey(), tensor(mapping, zip, prefix, e.getKey(), e.getValue(), dataOffsets));
        }
        return new TorchZipCheckpoint(mapping, tensors);
    }

    /** The archive folder ("archive/", or the saved file's stem in older torch): where {@code data.pkl} lies. */
    private static String archivePrefix(Path file, ZipIndex zip) throws CheckpointException {
        String found = null;
        for (String name : zip.entries().keySet()) {
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals(PICKLE)) {
                if (found != null) {
                    throw new CheckpointException(file, "a zip archive with more than one " + PICKLE);
                }
                found = name.substring(0, slash + 1);
            }
        }
        if (found == null) {
            throw new CheckpointException(file, "a zip archive but not a PyTorch checkpoint: no <archive>/" + PICKLE);
        }
        return found;
    }

    /** Tensors anywhere in dicts, lists and tuples, by their path; other values (ints, strings, ...) are skipped. */
    private static void collect(Path file, Object node, String path, Map<String, TensorRef> out, int depth)
            throws CheckpointException {
        if (depth > 100) {
            throw new CheckpointException(file, path, "nested too deeply");
        }
        if (node instanceof TensorRef t) {
            TensorRef previous = out.putIfAbsent(path, t);
            if (previous != null) {
                throw new CheckpointException(file, path, "two tensors have this name once nested keys are joined"
                        + " with '.'");
            }
        } else if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                collect(file, e.getValue(), join(path, String.valueOf(e.getKey())), out, depth + 1);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(file, list.get(i), join(path, Integer.toString(i)), out, depth + 1);
            }
        } else if (node instanceof Pickle.Tuple tuple) {
            collect(file, tuple.items(), path, out, depth);
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Object tensor(FileMapping mapping, ZipIndex zip, String prefix, String name, TensorRef ref,
            Map<String, Long> dataOffsets) throws CheckpointException {
        Path file = mapping.file();
        TorchPickle.StorageRef storage = ref.storage();
        String entryName = prefix + "data/" + storage.key();
        ZipIndex.Entry entry = zip.entries().get(entryName);
        if (entry == null) {
            throw new CheckpointException(file, name, "its storage " + entryName + " is missing from the archive");
        }
        if (entry.method() != ZipIndex.Entry.STORED) {
            throw new CheckpointException(file, name, "its storage " + entryName + " is compressed (method "
                    + entry.method() + "); torch.save stores storages uncompressed");
        }
        long storageBytes;
        try {
            storageBytes = Math.multiplyExact(storage.elementCount(), storage.dtype().byteSize());
        } catch (ArithmeticException e) {
            throw new CheckpointException(file, name, "storage of " + storage.elementCount() + " elements is too large");
        }
        if (entry.size() < storageBytes) {
            throw new CheckpointException(file, name, "its storage " + entryName + " holds " + entry.size()
                    + " bytes, fewer than " + storage.elementCount() + " " + storage.dtype() + " elements");
        }
        long[] shape = ref.shape();
        long[] stride = ref.stride();
        long count = Tensors.elementCount(shape);
        if (count < 0) {
            throw new CheckpointException(file, name, "invalid shape " + Arrays.toString(shape));
        }
        long offset = ref.storageOffset();
        if (count > 0) {
            long last = offset;
            for (int i = 0; i < shape.length; i++) {
                if (stride[i] < 0) {
                    return "negative stride " + Arrays.toString(stride);
                }
                last += (shape[i] - 1) * stride[i];
            }
            if (offset < 0 || last >= storage.elementCount()) {
                throw new CheckpointException(file, name, "shape " + Arrays.toString(shape) + " at offset " + offset
                        + " with stride " + Arrays.toString(stride) + " reaches past its storage of "
                        + storage.elementCount() + " elements");
            }
            if (!contiguous(shape, stride)) {
                return "stored non-contiguous (shape " + Arrays.toString(shape) + ", stride " + Arrays.toString(stride)
                        + "): save it with .contiguous() or as safetensors";
            }
        } else {
            offset = 0;
        }
        Long data = dataOffsets.get(entryName);
        if (data == null) {
            data = zip.dataOffset(entry);
            dataOffsets.put(entryName, data);
        }
        return new MappedTensor(mapping, name, storage.dtype(), shape, count,
                data + offset * storage.dtype().byteSize());
    }

    /** C order: each stride is the product of the later sizes (a stride of a size-1 dimension does not matter). */
    private static boolean contiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** A small entry's bytes, inflated if it is deflated. */
    private static byte[] bytes(FileMapping mapping, ZipIndex zip, ZipIndex.Entry entry, long limit)
            throws CheckpointException {
        if (entry.size() > limit || entry.compressedSize() > limit) {
            throw new CheckpointException(mapping.file(), "entry " + entry.name() + " is larger than " + limit
                    + " bytes");
        }
        ByteBuffer stored = mapping.slice(zip.dataOffset(entry), entry.compressedSize(), null);
        if (entry.method() == ZipIndex.Entry.STORED) {
            byte[] b = new byte[stored.remaining()];
            stored.get(b);
            return b;
        }
        if (entry.method() != ZipIndex.Entry.DEFLATED) {
            throw new CheckpointException(mapping.file(), "entry " + entry.name() + " uses compression method "
                    + entry.method());
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(stored);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(entry.size(), 1 << 20));
            byte[] chunk = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new CheckpointException(mapping.file(), "entry " + entry.name() + " is truncated");
                }
                out.write(chunk, 0, n);
                if (out.size() > limit) {
                    throw new CheckpointException(mapping.file(), "entry " + entry.name() + " inflates past " + limit
                            + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new CheckpointException(mapping.file(), null, "entry " + entry.name() + " is corrupt: " + e, e);
        } finally {
            inflater.end();
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
        Object t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(file(), name, "no such tensor" + Tensors.nearby(name, names));
        }
        if (t instanceof String reason) {
            throw new CheckpointException(file(), name, reason);
        }
        return (StoredTensor) t;
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    @Override
    public void close() {
        mapping.close();
    }

    @Override
    public String toString() {
        return "PyTorch checkpoint " + file() + " (" + names.size() + " tensors)";
    }
}
