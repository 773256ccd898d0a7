package scope.osc.internal;

import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCParseException;
import com.illposed.osc.OSCParser;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Datagrams to OSC messages, with JavaOSC's parser: a message, or a bundle (nested bundles flattened, in order; time
 * tags are not waited for - values apply on arrival, as in Scope). Anything that does not parse, and a message whose
 * address is not an OSC address, is malformed. Not thread-safe: one receiving
 * thread.
 */
final class OscPackets {
    /** A datagram that is not an OSC packet. */
    static final class MalformedPacketException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedPacketException(String message) {
            super(message);
        }
    }

    /** Bounds what one datagram can unfold into. */
    static final int MAX_MESSAGES = 256;
    private static final int MAX_DEPTH = 8;

    /**
     * Without the blob type: JavaOSC allocates a blob at the length the packet claims, up to 2 GB, before it finds
     * the bytes missing. No parameter takes a blob.
     */
    private final OSCParser parser = new OSCSerializerAndParserBuilder().unregisterArgumentHandler('b')
            .buildParser();

    List<OSCMessage> parse(ByteBuffer datagram) throws MalformedPacketException {
        if (datagram.remaining() < 4 || datagram.remaining() % 4 != 0) {
            // OSC packets are made of 4-byte aligned parts
            throw new MalformedPacketException(datagram.remaining() + " bytes, not a multiple of 4");
        }
        OSCPacket packet;
        try {
            packet = parser.convert(datagram);
        } catch (OSCParseException | RuntimeException | StackOverflowError e) {
            // JavaOSC reports some damage as unchecked exceptions (buffer under- and overflows, bad type tags), and
            // parses nested arrays ("[[[...") by recursion
            throw new MalformedPacketException(e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage()));
        }
        List<OSCMessage> out = new ArrayList<>();
        flatten(packet, out, 0);
        return out;
    }

    private static void flatten(OSCPacket packet, List<OSCMessage> out, int depth) throws MalformedPacketException {
        if (packet instanceof OSCMessage m) {
            if (!m.getAddress().startsWith("/") || !OSCMessage.isValidAddress(m.getAddress())) {
                throw new MalformedPacketException("not an OSC address: '" + m.getAddress() + "'");
            }
            if (out.size() == MAX_MESSAGES) {
                throw new MalformedPacketException("more than " + MAX_MESSAGES + " messages in one packet");
            }
            out.add(m);
        } else if (packet instanceof OSCBundle b) {
            if (depth == MAX_DEPTH) {
                throw new MalformedPacketException("bundles nested deeper than " + MAX_DEPTH);
            }
            for (OSCPacket p : b.getPackets()) {
                flatten(p, out, depth + 1);
            }
        } else {
            throw new MalformedPacketException("not an OSC packet");
        }
    }
}
