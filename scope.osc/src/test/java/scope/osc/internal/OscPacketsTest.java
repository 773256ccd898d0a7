package scope.osc.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.illposed.osc.OSCMessage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OscPacketsTest {
    private final OscPackets packets = new OscPackets();

    /** An OSC string: the bytes, a terminating zero, padded with zeros to a multiple of 4. */
    static byte[] string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, (b.length / 4 + 1) * 4);
    }

    static byte[] message(String address, String tags, byte[]... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(string(address));
        out.writeBytes(string(tags));
        for (byte[] a : arguments) {
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    static byte[] float32(float f) {
        return ByteBuffer.allocate(4).putFloat(f).array();
    }

    List<OSCMessage> parse(byte[] b) throws OscPackets.MalformedPacketException {
        return packets.parse(ByteBuffer.wrap(b));
    }

    @Test
    void messagesAndBundlesParse() throws Exception {
        List<OSCMessage> m = parse(message("/scope/level", ",f", float32(0.25f)));
        assertEquals("/scope/level", m.get(0).getAddress());
        assertEquals(List.of(0.25f), m.get(0).getArguments());

        byte[] inner = message("/scope/paused", ",T");
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        bundle.writeBytes(string("#bundle"));
        bundle.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}); // time tag "immediately"
        bundle.writeBytes(ByteBuffer.allocate(4).putInt(inner.length).array());
        bundle.writeBytes(inner);
        m = parse(bundle.toByteArray());
        assertEquals(1, m.size());
        assertEquals(List.of(true), m.get(0).getArguments());
    }

    @Test
    void damagedPacketsAreMalformed() {
        byte[] good = message("/scope/level", ",f", float32(0.25f));
        // truncated anywhere but right after the address: OSC 1.0 asks to accept a message without type tags
        // (from old senders), which is one without arguments and refused later for having no value
        int addressOnly = string("/scope/level").length;
        assertEquals(List.of(), assertDoesNotThrow(() -> parse(Arrays.copyOf(good, addressOnly))).get(0)
                .getArguments());
        for (int n = 0; n < good.length; n++) {
            if (n == addressOnly) {
                continue;
            }
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(OscPackets.MalformedPacketException.class, () -> parse(cut), "cut at " + n);
        }
        // a type tag no handler knows, and a tag string that promises more arguments than there are
        assertThrows(OscPackets.MalformedPacketException.class, () -> parse(message("/scope/level", ",q",
                float32(1))));
        assertThrows(OscPackets.MalformedPacketException.class, () -> parse(message("/scope/level", ",fff",
                float32(1))));
        // a blob claiming 2 GB, and arrays nested as deep as a datagram allows
        assertThrows(OscPackets.MalformedPacketException.class, () -> parse(message("/scope/level", ",b",
                ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE - 8).array())));
        assertThrows(OscPackets.MalformedPacketException.class, () -> parse(message("/scope/level", ","
                + "[".repeat(60_000) + "i" + "]".repeat(4_000), float32(1))));
        // not an address
        assertThrows(OscPackets.MalformedPacketException.class, () -> parse(message("scope", ",f", float32(1))));
        // random bytes (a multiple of 4 long, so that they reach the parser)
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] noise = new byte[4 * (1 + random.nextInt(64))];
            random.nextBytes(noise);
            if (noise[0] == '/' || noise[0] == '#') {
                noise[0] = 0x7f;
            }
            assertThrows(OscPackets.MalformedPacketException.class, () -> parse(noise), "noise " + i);
        }
    }
}
