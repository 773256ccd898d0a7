package scope.webrtc.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * The bitrate a video sender starts at, written into an SDP as libwebrtc's (and Chromium's) codec parameter
 * {@code x-google-start-bitrate} (kbps) on every VP8 payload type. libwebrtc takes a send codec's parameters from
 * the remote description, so the parameter in the client's offer (before the server applies it) sets the server's
 * sender, and the one in the answer sets the browser's. Without it both start at 300 kbps and ramp up over the first
 * seconds, in which the encoders drop frames and send blurred ones; congestion control still lowers the rate from
 * the start value where the path cannot carry it.
 */
final class StartBitrate {
    /** About 60 % of what libwebrtc allows a 512x512 VP8 stream at most (1.7 Mbps). */
    static final int KBPS = 1000;
    private static final String PARAMETER = "x-google-start-bitrate";

    private StartBitrate() {
    }

    /** The SDP with the start bitrate on each VP8 payload type that does not name one yet. */
    static String apply(String sdp, int kbps) {
        String eol = sdp.contains("\r\n") ? "\r\n" : "\n";
        String[] lines = sdp.split("\r?\n", -1);
        Set<String> vp8 = new HashSet<>();
        for (String line : lines) {
            if (line.startsWith("a=rtpmap:")) {
                String[] t = line.substring("a=rtpmap:".length()).split(" ", 2);
                if (t.length == 2 && t[1].regionMatches(true, 0, "VP8/", 0, 4)) {
                    vp8.add(t[0]);
                }
            }
        }
        if (vp8.isEmpty()) {
            return sdp;
        }
        Set<String> withFmtp = new HashSet<>();
        for (String line : lines) {
            String pt = fmtpPayloadType(line);
            if (pt != null && vp8.contains(pt)) {
                withFmtp.add(pt);
            }
        }
        java.util.List<String> out = new java.util.ArrayList<>(lines.length + vp8.size());
        for (String line : lines) {
            String pt = fmtpPayloadType(line);
            out.add(pt != null && vp8.contains(pt) && !line.contains(PARAMETER + "=")
                    ? line + ";" + PARAMETER + "=" + kbps : line);
            if (line.startsWith("a=rtpmap:")) {
                String mapped = line.substring("a=rtpmap:".length()).split(" ", 2)[0];
                if (vp8.contains(mapped) && !withFmtp.contains(mapped)) {
                    out.add("a=fmtp:" + mapped + " " + PARAMETER + "=" + kbps);
                }
            }
        }
        return String.join(eol, out);
    }

    private static String fmtpPayloadType(String line) {
        if (!line.startsWith("a=fmtp:")) {
            return null;
        }
        int space = line.indexOf(' ');
        return space < 0 ? null : line.substring("a=fmtp:".length(), space);
    }
}
