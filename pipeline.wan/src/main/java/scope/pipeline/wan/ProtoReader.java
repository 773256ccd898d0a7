package scope.pipeline.wan;

import java.nio.charset.StandardCharsets;

/** Reads protobuf wire format (enough of it for a SentencePiece model file): fields, varints, fixed32, bytes. */
final class ProtoReader {
    private final byte[] data;
    private int pos;
    private final int end;

    ProtoReader(byte[] data, int offset, int end) {
        this.data = data;
        this.pos = offset;
        this.end = end;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** The next tag: field number << 3 | wire type. */
    int tag() {
        return (int) varint();
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = data[pos++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    float fixed32Float() {
        int bits = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8 | (data[pos + 2] & 0xff) << 16
                | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    /** A length-delimited field as a reader of its own. */
    ProtoReader message() {
        int length = (int) varint();
        ProtoReader r = new ProtoReader(data, pos, pos + length);
        pos += length;
        return r;
    }

    String string() {
        int length = (int) varint();
        String s = new String(data, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    void skip(int wireType) {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> pos += 8;
            case 2 -> {
                int length = (int) varint();
                pos += length;
            }
            case 5 -> pos += 4;
            default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
        }
    }
}
