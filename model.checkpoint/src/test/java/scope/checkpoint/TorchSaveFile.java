package scope.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes PyTorch checkpoints as {@code torch.save} does (zip format, pickle protocol 2 with the pickler's memo,
 * storages stored uncompressed with their data aligned to 64 bytes), for the tests. Values: {@link OrderedDict}
 * (a state dict, with the {@code _metadata} attribute torch sets), {@link Map} (a plain dict), {@link List},
 * String, Long/Integer, Boolean, null, {@link Tensor}, and {@link Call} to plant arbitrary globals.
 */
final class TorchSaveFile {
    /** One storage: {@code <archive>/data/<key>}. */
    record Storage(String key, String type, long elementCount, byte[] bytes) {
    }

    /** A tensor: a view of a storage. */
    record Tensor(Storage storage, long offset, long[] shape, long[] stride) {
    }

    /** {@code collections.OrderedDict}; {@code metadata}: add torch's {@code _metadata} attribute. */
    record OrderedDict(Map<String, Object> items, boolean metadata) {
    }

    /** A call of any global with arguments (as REDUCE), to plant what a reader must refuse. */
    record Call(String module, String name, List<Object> args) {
    }

    private final String archive;
    private final List<Storage> storages = new ArrayList<>();
    private String byteorder;
    private boolean zip64;

    TorchSaveFile(String archive) {
        this.archive = archive;
    }

    /** Also writes {@code <archive>/byteorder} with this content, as releases after torch 1.13 do. */
    TorchSaveFile byteorder(String order) {
        this.byteorder = order;
        return this;
    }

    /** Writes zip64 records even though the file is small (as large checkpoints have them). */
    TorchSaveFile zip64() {
        this.zip64 = true;
        return this;
    }

    Storage storage(String type, int elementSize, byte[] bytes) {
        Storage s = new Storage(Integer.toString(storages.size()), type, bytes.length / elementSize, bytes);
        storages.add(s);
        return s;
    }

    static Tensor contiguous(Storage s, long... shape) {
        return view(s, 0, shape);
    }

    static Tensor view(Storage s, long offset, long... shape) {
        long[] stride = new long[shape.length];
        long n = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = n;
            n *= shape[i];
        }
        return new Tensor(s, offset, shape, stride);
    }

    Path write(Path file, Object root) throws IOException {
        Files.write(file, bytes(root));
        return file;
    }

    byte[] bytes(Object root) {
        List<Object[]> entries = new ArrayList<>();
        entries.add(new Object[] {archive + "/data.pkl", pickle(root)});
        if (byteorder != null) {
            entries.add(new Object[] {archive + "/byteorder", byteorder.getBytes(StandardCharsets.US_ASCII)});
        }
        for (Storage s : storages) {
            entries.add(new Object[] {archive + "/data/" + s.key(), s.bytes()});
        }
        entries.add(new Object[] {archive + "/version", "3\n".getBytes(StandardCharsets.US_ASCII)});
        return zip(entries);
    }

    // ---- pickle, protocol 2, as CPython's pickler writes it ----

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> memo = new HashMap<>();
    private int memoSize;

    byte[] pickle(Object root) {
        out.reset();
        memo.clear();
        memoSize = 0;
        out.write(0x80);
        out.write(2);
        save(root);
        out.write('.');
        return out.toByteArray();
    }

    private void save(Object o) {
        if (o == null) {
            out.write('N');
        } else if (o instanceof Boolean b) {
            out.write(b ? 0x88 : 0x89);
        } else if (o instanceof Integer i) {
            saveInt(i);
        } else if (o instanceof Long l) {
            saveInt(l);
        } else if (o instanceof String s) {
            saveString(s);
        } else if (o instanceof Tensor t) {
            saveTensor(t);
        } else if (o instanceof OrderedDict d) {
            saveGlobal("collections", "OrderedDict");
            out.write(')');
            out.write('R');
            put(null);
            setItems(d.items());
            if (d.metadata()) {
                Map<String, Object> version = new LinkedHashMap<>();
                version.put("version", 1);
                Map<String, Object> modules = new LinkedHashMap<>();
                modules.put("", version);
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("_metadata", new OrderedDict(modules, false));
                save(state);
                out.write('b');
            }
        } else if (o instanceof Map<?, ?> m) {
            out.write('}');
            put(null);
            @SuppressWarnings("unchecked")
            Map<String, Object> items = (Map<String, Object>) m;
            setItems(items);
        } else if (o instanceof List<?> list) {
            out.write(']');
            put(null);
            if (list.size() == 1) {
                save(list.get(0));
                out.write('a');
            } else if (list.size() > 1) {
                out.write('(');
                list.forEach(this::save);
                out.write('e');
            }
        } else if (o instanceof Call c) {
            saveGlobal(c.module(), c.name());
            saveTuple(c.args());
            out.write('R');
            put(null);
        } else if (o instanceof long[] tuple) {
            List<Object> items = new ArrayList<>();
            for (long v : tuple) {
                items.add(v);
            }
            saveTuple(items);
        } else {
            throw new IllegalArgumentException("cannot pickle " + o.getClass());
        }
    }

    private void setItems(Map<String, Object> items) {
        if (items.size() == 1) {
            Map.Entry<String, Object> e = items.entrySet().iterator().next();
            save(e.getKey());
            save(e.getValue());
            out.write('s');
        } else if (items.size() > 1) {
            out.write('(');
            for (Map.Entry<String, Object> e : items.entrySet()) {
                save(e.getKey());
                save(e.getValue());
            }
            out.write('u');
        }
    }

    private void saveTensor(Tensor t) {
        saveGlobal("torch._utils", "_rebuild_tensor_v2");
        out.write('(');
        // the persistent id ('storage', storage type, key, location, numel): a fresh tuple each time
        out.write('(');
        saveString("storage");
        saveGlobal("torch", t.storage().type());
        saveString(t.storage().key());
        saveString("cpu");
        saveInt(t.storage().elementCount());
        out.write('t');
        put(null);
        out.write('Q');
        saveInt(t.offset());
        save(t.shape());
        save(t.stride());
        out.write(0x89); // requires_grad False
        saveGlobal("collections", "OrderedDict"); // backward hooks: an empty OrderedDict
        out.write(')');
        out.write('R');
        put(null);
        out.write('t');
        put(null);
        out.write('R');
        put(null);
    }

    private void saveTuple(List<Object> items) {
        if (items.isEmpty()) {
            out.write(')');
            return;
        }
        if (items.size() > 3) {
            out.write('(');
        }
        items.forEach(this::save);
        out.write(items.size() > 3 ? 't' : 0x84 + items.size());
        put(null);
    }

    private void saveGlobal(String module, String name) {
        String id = "global:" + module + "." + name;
        if (get(id)) {
            return;
        }
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        put(id);
    }

    private void saveString(String s) {
        // CPython memoizes by identity; torch's repeated strings ('storage', 'cpu', a storage's key) are one object
        String id = "str:" + s;
        if (get(id)) {
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        out.writeBytes(le32(b.length));
        out.writeBytes(b);
        put(id);
    }

    private void saveInt(long v) {
        if (v >= 0 && v <= 0xff) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v <= 0xffff) {
            out.write('M');
            out.write((int) v & 0xff);
            out.write((int) (v >>> 8) & 0xff);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            out.writeBytes(le32((int) v));
        } else {
            // LONG1: the shortest little-endian two's complement
            byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
            int n = 8;
            while (n > 1 && ((b[n - 1] == 0 && b[n - 2] >= 0) || (b[n - 1] == -1 && b[n - 2] < 0))) {
                n--;
            }
            out.write(0x8a);
            out.write(n);
            out.write(b, 0, n);
        }
    }

    private boolean get(String id) {
        Integer index = memo.get(id);
        if (index == null) {
            return false;
        }
        if (index < 256) {
            out.write('h');
            out.write(index);
        } else {
            out.write('j');
            out.writeBytes(le32(index));
        }
        return true;
    }

    private void put(String id) {
        int index = memoSize++;
        if (id != null) {
            memo.put(id, index);
        }
        if (index < 256) {
            out.write('q');
            out.write(index);
        } else {
            out.write('r');
            out.writeBytes(le32(index));
        }
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    // ---- zip, as torch's stream writer lays it out ----

    private byte[] zip(List<Object[]> entries) {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Object[] e : entries) {
            String name = (String) e[0];
            byte[] data = (byte[]) e[1];
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(data);
            long localOffset = zip.size();
            // pad the local header's extra field so the data starts on a 64-byte boundary
            int headerEnd = (int) (localOffset + 30 + nameBytes.length);
            int pad = (64 - (headerEnd + 4) % 64) % 64;
            ByteBuffer local = ByteBuffer.allocate(30 + nameBytes.length + 4 + pad).order(ByteOrder.LITTLE_ENDIAN);
            local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt((int) crc.getValue()).putInt(data.length).putInt(data.length)
                    .putShort((short) nameBytes.length).putShort((short) (4 + pad)).put(nameBytes)
                    .putShort((short) 0x4246).putShort((short) pad);
            zip.writeBytes(local.array());
            zip.writeBytes(data);
            ByteBuffer extra = ByteBuffer.allocate(zip64 ? 4 + 24 : 0).order(ByteOrder.LITTLE_ENDIAN);
            if (zip64) {
                extra.putShort((short) 1).putShort((short) 24).putLong(data.length).putLong(data.length)
                        .putLong(localOffset);
            }
            ByteBuffer c = ByteBuffer.allocate(46 + nameBytes.length).order(ByteOrder.LITTLE_ENDIAN);
            c.putInt(0x02014b50).putShort((short) (zip64 ? 45 : 20)).putShort((short) (zip64 ? 45 : 20))
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putInt((int) crc.getValue()).putInt(zip64 ? -1 : data.length).putInt(zip64 ? -1 : data.length)
                    .putShort((short) nameBytes.length).putShort((short) extra.capacity()).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(zip64 ? -1 : (int) localOffset)
                    .put(nameBytes);
            central.writeBytes(c.array());
            central.writeBytes(extra.array());
        }
        long cdOffset = zip.size();
        zip.writeBytes(central.toByteArray());
        if (zip64) {
            long z64 = zip.size();
            ByteBuffer r = ByteBuffer.allocate(56 + 20).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(central.size()).putLong(cdOffset);
            r.putInt(0x07064b50).putInt(0).putLong(z64).putInt(1);
            zip.writeBytes(r.array());
        }
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) (zip64 ? -1 : entries.size())).putShort((short) (zip64 ? -1 : entries.size()))
                .putInt(zip64 ? -1 : central.size()).putInt(zip64 ? -1 : (int) cdOffset).putShort((short) 0);
        zip.writeBytes(end.array());
        return zip.toByteArray();
    }
}
