package scope.pipeline.wan.prepare;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a PyTorch checkpoint in {@code torch.save}'s zip layout, for the tests: nested dicts (String keys, in
 * order) of float32 tensors, pickled with protocol 2 as torch does ({@code _rebuild_tensor_v2} over persistent
 * {@code FloatStorage} ids), each storage an uncompressed entry {@code archive/data/<n>} aligned to 64 bytes, plus
 * {@code archive/byteorder} and {@code archive/version}.
 */
public final class TorchZipWriter {
    /** A float32 tensor in C order. */
    public record Tensor(long[] shape, float[] values) {
    }

    private final List<float[]> storages = new ArrayList<>();
    private final ByteArrayOutputStream pickle = new ByteArrayOutputStream();

    private TorchZipWriter() {
    }

    /** The bytes of {@code torch.save(dict)}; values are {@link Tensor}s or nested maps. */
    public static byte[] write(Map<String, ?> dict) throws IOException {
        TorchZipWriter w = new TorchZipWriter();
        w.pickle.write(new byte[] {(byte) 0x80, 2});
        w.dict(dict);
        w.pickle.write('.');
        return w.zip();
    }

    private void dict(Map<String, ?> dict) throws IOException {
        pickle.write('}');
        if (dict.isEmpty()) {
            return;
        }
        pickle.write('(');
        for (Map.Entry<String, ?> e : dict.entrySet()) {
            string(e.getKey());
            Object v = e.getValue();
            if (v instanceof Tensor t) {
                tensor(t);
            } else if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) m;
                dict(nested);
            } else {
                throw new IllegalArgumentException("not a tensor or dict: " + e.getKey());
            }
        }
        pickle.write('u');
    }

    private void tensor(Tensor t) throws IOException {
        String key = Integer.toString(storages.size());
        storages.add(t.values());
        global("torch._utils", "_rebuild_tensor_v2");
        pickle.write('(');
        pickle.write('(');
        string("storage");
        global("torch", "FloatStorage");
        string(key);
        string("cpu");
        integer(t.values().length);
        pickle.write('t');
        pickle.write('Q');
        integer(0);
        long[] stride = new long[t.shape().length];
        long s = 1;
        for (int i = stride.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= t.shape()[i];
        }
        tuple(t.shape());
        tuple(stride);
        pickle.write(0x89); // requires_grad False
        global("collections", "OrderedDict");
        pickle.write(')');
        pickle.write('R');
        pickle.write('t');
        pickle.write('R');
    }

    private void tuple(long[] values) throws IOException {
        if (values.length == 0) {
            pickle.write(')');
            return;
        }
        pickle.write('(');
        for (long v : values) {
            integer(v);
        }
        pickle.write('t');
    }

    private void global(String module, String name) throws IOException {
        pickle.write('c');
        pickle.write((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void string(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        pickle.write('X');
        pickle.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        pickle.write(b);
    }

    private void integer(long v) throws IOException {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("test tensors stay below 2^31 elements");
        }
        pickle.write('J');
        pickle.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    }

    private byte[] zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Counting counting = new Counting(bytes);
        try (ZipOutputStream zip = new ZipOutputStream(counting)) {
            entry(zip, counting, "archive/data.pkl", pickle.toByteArray());
            entry(zip, counting, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < storages.size(); i++) {
                float[] v = storages.get(i);
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                entry(zip, counting, "archive/data/" + i, b.array());
            }
            entry(zip, counting, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /** A stored entry whose data starts on a 64-byte boundary (padding in an extra field, as torch writes it). */
    private static void entry(ZipOutputStream zip, Counting counting, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        int nameLength = name.getBytes(StandardCharsets.UTF_8).length;
        long start = counting.count + 30 + nameLength + 4;
        int pad = (int) ((64 - start % 64) % 64);
        byte[] extra = new byte[4 + pad];
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) pad;
        extra[3] = (byte) (pad >> 8);
        e.setExtra(extra);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
