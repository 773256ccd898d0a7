package scope.checkpoint.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import scope.checkpoint.CheckpointException;

/**
 * The central directory of a zip archive (zip64 included), read from the file's mapping, so entries can be mapped
 * in place instead of extracted. {@code torch.save} stores its entries uncompressed and 64-byte aligned.
 */
final class ZipIndex {
    /** One entry: where its data starts in the file and how it is stored. */
    record Entry(String name, int method, long compressedSize, long size, long localHeader) {
        static final int STORED = 0;
        static final int DEFLATED = 8;
    }

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    private final FileMapping mapping;
    private final Map<String, Entry> entries;

    private ZipIndex(FileMapping mapping, Map<String, Entry> entries) {
        this.mapping = mapping;
        this.entries = entries;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    static ZipIndex read(FileMapping mapping) throws CheckpointException {
        long size = mapping.size();
        long eocd = findEndOfCentralDirectory(mapping);
        ByteBuffer end = mapping.slice(eocd, 22, null);
        long count = end.getShort(10) & 0xffff;
        long cdSize = end.getInt(12) & 0xffffffffL;
        long cdOffset = end.getInt(16) & 0xffffffffL;
        if (eocd >= 20 && mapping.slice(eocd - 20, 4, null).getInt(0) == ZIP64_LOCATOR) {
            long z = mapping.slice(eocd - 20, 20, null).getLong(8);
            if (z < 0 || z + 56 > size || mapping.slice(z, 4, null).getInt(0) != ZIP64_EOCD) {
                throw corrupt(mapping, "zip64 end record missing where its locator points");
            }
            ByteBuffer z64 = mapping.slice(z, 56, null);
            count = z64.getLong(32);
            cdSize = z64.getLong(40);
            cdOffset = z64.getLong(48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > eocd || count < 0 || count > cdSize / 46) {
            throw corrupt(mapping, "central directory outside the file (truncated?)");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        long at = cdOffset;
        for (long i = 0; i < count; i++) {
            if (at + 46 > cdOffset + cdSize) {
                throw corrupt(mapping, "central directory ends early");
            }
            ByteBuffer h = mapping.slice(at, 46, null);
            if (h.getInt(0) != CENTRAL) {
                throw corrupt(mapping, "bad central directory entry at byte " + at);
            }
            int flags = h.getShort(8) & 0xffff;
            int method = h.getShort(10) & 0xffff;
            long csize = h.getInt(20) & 0xffffffffL;
            long usize = h.getInt(24) & 0xffffffffL;
            int nameLength = h.getShort(28) & 0xffff;
            int extraLength = h.getShort(30) & 0xffff;
            int commentLength = h.getShort(32) & 0xffff;
            long local = h.getInt(42) & 0xffffffffL;
            if (at + 46 + nameLength + extraLength + commentLength > cdOffset + cdSize) {
                throw corrupt(mapping, "central directory entry at byte " + at + " runs past the directory");
            }
            byte[] nameBytes = new byte[nameLength];
            mapping.slice(at + 46, nameLength, null).get(nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            ByteBuffer extra = mapping.slice(at + 46 + nameLength, extraLength, null);
            while (extra.remaining() >= 4) {
                int id = extra.getShort() & 0xffff;
                int len = extra.getShort() & 0xffff;
                if (len > extra.remaining()) {
                    break;
                }
                ByteBuffer field = extra.slice(extra.position(), len).order(extra.order());
                extra.position(extra.position() + len);
                if (id == 0x0001) { // zip64: the 32-bit fields that overflowed, in this order
                    if (usize == 0xffffffffL && field.remaining() >= 8) {
                        usize = field.getLong();
                    }
                    if (csize == 0xffffffffL && field.remaining() >= 8) {
                        csize = field.getLong();
                    }
                    if (local == 0xffffffffL && field.remaining() >= 8) {
                        local = field.getLong();
                    }
                }
            }
            if ((flags & 1) != 0) {
                throw corrupt(mapping, "entry " + name + " is encrypted");
            }
            entries.put(name, new Entry(name, method, csize, usize, local));
            at += 46 + nameLength + extraLength + commentLength;
        }
        return new ZipIndex(mapping, Collections.unmodifiableMap(entries));
    }

    /** The file offset of an entry's data, read from its local header (whose extra field may differ in length). */
    long dataOffset(Entry e) throws CheckpointException {
        if (e.localHeader() < 0 || e.localHeader() + 30 > mapping.size()) {
            throw corrupt(mapping, "entry " + e.name() + " has its header outside the file");
        }
        ByteBuffer h = mapping.slice(e.localHeader(), 30, null);
        if (h.getInt(0) != LOCAL) {
            throw corrupt(mapping, "entry " + e.name() + " has no local header at byte " + e.localHeader());
        }
        long data = e.localHeader() + 30 + (h.getShort(26) & 0xffff) + (h.getShort(28) & 0xffff);
        if (data + e.compressedSize() > mapping.size()) {
            throw corrupt(mapping, "entry " + e.name() + " reaches past the end of the file (truncated?)");
        }
        return data;
    }

    private static long findEndOfCentralDirectory(FileMapping mapping) throws CheckpointException {
        long size = mapping.size();
        if (size < 22) {
            throw corrupt(mapping, "too short for a zip archive");
        }
        long lowest = Math.max(0, size - 22 - 65535);
        ByteBuffer tail = mapping.slice(lowest, size - lowest, null);
        for (int at = (int) (size - lowest - 22); at >= 0; at--) {
            if (tail.getInt(at) == EOCD) {
                return lowest + at;
            }
        }
        throw corrupt(mapping, "no zip end record (truncated?)");
    }

    private static CheckpointException corrupt(FileMapping mapping, String what) {
        return new CheckpointException(mapping.file(), "not a readable zip archive: " + what);
    }
}
