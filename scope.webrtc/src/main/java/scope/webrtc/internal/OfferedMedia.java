package scope.webrtc.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One media section of a client's offer, as far as the answer needs it: which way the client wants media to flow.
 * libwebrtc does not expose the remote direction of a transceiver, so it is read from the SDP.
 *
 * @param kind      {@code video}, {@code audio} or {@code application}
 * @param mid       the section's {@code a=mid}, or null
 * @param direction the client's direction: {@code sendrecv}, {@code sendonly}, {@code recvonly} or {@code inactive}
 */
record OfferedMedia(String kind, String mid, String direction) {

    /** The client sends media in this section (an input track for the server). */
    boolean clientSends() {
        return "sendrecv".equals(direction) || "sendonly".equals(direction);
    }

    /** The client accepts media in this section (room for the server's output track). */
    boolean clientReceives() {
        return "sendrecv".equals(direction) || "recvonly".equals(direction);
    }

    /** The mids of the sections whose m-line port is 0 (rejected, in an answer). */
    static java.util.Set<String> rejectedMids(String sdp) {
        java.util.Set<String> rejected = new java.util.HashSet<>();
        boolean zeroPort = false;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                String[] t = line.split(" ");
                zeroPort = t.length > 1 && "0".equals(t[1]);
            } else if (zeroPort && line.startsWith("a=mid:")) {
                rejected.add(line.substring("a=mid:".length()));
            }
        }
        return rejected;
    }

    static List<OfferedMedia> parse(String sdp) {
        List<OfferedMedia> sections = new ArrayList<>();
        String kind = null;
        String mid = null;
        String direction = null;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                if (kind != null) {
                    sections.add(new OfferedMedia(kind, mid, direction == null ? "sendrecv" : direction));
                }
                int space = line.indexOf(' ');
                kind = space > 2 ? line.substring(2, space) : line.substring(2);
                mid = null;
                direction = null;
            } else if (kind != null && line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length());
            } else if (kind != null && (line.equals("a=sendrecv") || line.equals("a=sendonly")
                    || line.equals("a=recvonly") || line.equals("a=inactive"))) {
                direction = line.substring(2);
            }
        }
        if (kind != null) {
            sections.add(new OfferedMedia(kind, mid, direction == null ? "sendrecv" : direction));
        }
        return sections;
    }
}
