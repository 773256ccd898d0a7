package scope.webrtc.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A real offer of Chromium 156 (the stock frontend's shape: a sendrecv camera track on a video section and the
 * {@code parameters} data channel), captured from headless Chromium with a fake camera, and edits of it.
 */
public final class ChromiumOffers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChromiumOffers() {
    }

    public static String videoSendRecv() {
        try (InputStream in = ChromiumOffers.class.getResourceAsStream("/sdp/chromium-video-sendrecv.sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The video section (from its m= line up to the next m= line). */
    static String videoSection(String sdp) {
        int start = sdp.indexOf("m=video");
        int end = sdp.indexOf("\r\nm=", start) + 2;
        return sdp.substring(start, end);
    }

    /** The video section's codecs replaced by one payload type 96 of codec {@code name}. */
    static String onlyCodec(String section, String name) {
        StringBuilder out = new StringBuilder();
        for (String line : section.split("\r\n")) {
            if (line.startsWith("m=video ")) {
                String[] t = line.split(" ");
                line = t[0] + " " + t[1] + " " + t[2] + " 96";
            } else if (line.matches("a=(rtpmap|rtcp-fb|fmtp):\\d+ .*")) {
                if (!line.startsWith("a=rtpmap:96 ")) {
                    continue;
                }
                line = "a=rtpmap:96 " + name + "/90000";
            } else if (line.startsWith("a=ssrc")) {
                continue;
            }
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    /** A video section with a new mid (and no ssrc/msid lines, which would repeat the first section's). */
    static String withMid(String section, String mid, String direction) {
        StringBuilder out = new StringBuilder();
        for (String line : section.split("\r\n")) {
            if (line.startsWith("a=ssrc") || line.startsWith("a=msid:")) {
                continue;
            }
            if (line.startsWith("a=mid:")) {
                line = "a=mid:" + mid;
            } else if (line.equals("a=sendrecv")) {
                line = "a=" + direction;
            }
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    /** The offer with {@code section} inserted before the data channel section (and its mid added to BUNDLE). */
    static String withExtraSection(String sdp, String section, String mid) {
        int at = sdp.indexOf("m=application");
        return sdp.substring(0, at).replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 " + mid) + section
                + sdp.substring(at);
    }

    public static ObjectNode body(String sdp) {
        return JSON.createObjectNode().put("type", "offer").put("sdp", sdp);
    }
}
