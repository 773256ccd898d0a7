package scope.webrtc.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the server checks in an offer before libwebrtc sees it. libwebrtc answers a media section it cannot use
 * (unknown codec, unknown transport) by rejecting it ({@code m=video 0}), and webrtc-java 0.14 crashes the JVM when
 * a rejected section's sender is used afterwards; it also spends a thread per media section. So an offer must be
 * small, ASCII, line-structured, have at most {@code maxMediaSections} sections, each with a known kind, a port, a
 * WebRTC transport, a unique {@code a=mid}, ICE credentials and a DTLS fingerprint, and every video section must
 * offer at least one codec this server can use in the section's direction.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message starts with {@code sdp: } and names the line
 * or section.
 */
final class OfferChecks {
    /** Codec names that only repair or protect another codec's stream. */
    private static final Set<String> HELPER_CODECS = Set.of("RTX", "RED", "ULPFEC", "FLEXFEC-03");
    private static final List<String> RTP_PROTOCOLS = List.of("UDP/TLS/RTP/SAVPF", "TCP/TLS/RTP/SAVPF", "RTP/SAVPF",
            "UDP/TLS/RTP/SAVP", "RTP/SAVP");
    private static final List<String> DATA_PROTOCOLS = List.of("UDP/DTLS/SCTP", "TCP/DTLS/SCTP", "DTLS/SCTP");
    private static final int MAX_MID_LENGTH = 32;
    private static final int MAX_LINE_LENGTH = 4096;

    private final int maxSdpBytes;
    private final int maxMediaSections;
    private final Set<String> sendCodecs;
    private final Set<String> receiveCodecs;

    /**
     * @param sendCodecs    video codec names (upper case) the server can send: needed where the client receives
     * @param receiveCodecs video codec names (upper case) the server can receive: needed where the client sends
     */
    OfferChecks(int maxSdpBytes, int maxMediaSections, Set<String> sendCodecs, Set<String> receiveCodecs) {
        this.maxSdpBytes = maxSdpBytes;
        this.maxMediaSections = maxMediaSections;
        this.sendCodecs = upper(sendCodecs);
        this.receiveCodecs = upper(receiveCodecs);
    }

    private static Set<String> upper(Set<String> names) {
        Set<String> result = new LinkedHashSet<>();
        for (String n : names) {
            String u = n.toUpperCase(Locale.ROOT);
            if (!HELPER_CODECS.contains(u)) {
                result.add(u);
            }
        }
        return java.util.Collections.unmodifiableSet(result);
    }

    /** One media section as read by the checks. */
    private static final class Section {
        final int index;
        final int line;
        final String kind;
        final int port;
        final List<String> formats;
        String mid;
        boolean ufrag;
        boolean pwd;
        boolean fingerprint;
        String direction = "sendrecv";
        final List<String> codecNames = new ArrayList<>();
        final Set<String> mappedFormats = new HashSet<>();

        Section(int index, int line, String kind, int port, List<String> formats) {
            this.index = index;
            this.line = line;
            this.kind = kind;
            this.port = port;
            this.formats = formats;
        }

        String name() {
            return "media section " + index + " (" + kind + (mid == null ? "" : ", mid " + mid) + ")";
        }
    }

    /** @throws IllegalArgumentException naming what is wrong */
    void check(String sdp) {
        check(sdp, false);
    }

    /**
     * @param ingest a WHIP offer: it must send video, and nothing is sent back to it (so nothing need receive)
     */
    void check(String sdp, boolean ingest) {
        if (sdp.length() > maxSdpBytes) {
            throw new IllegalArgumentException("sdp: " + sdp.length() + " characters, more than the limit of "
                    + maxSdpBytes + " (max_sdp_bytes)");
        }
        boolean sessionUfrag = false;
        boolean sessionPwd = false;
        boolean sessionFingerprint = false;
        List<Section> sections = new ArrayList<>();
        Section current = null;
        String[] lines = sdp.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isEmpty()) {
                if (i == lines.length - 1) {
                    continue; // the final line break
                }
                throw new IllegalArgumentException("sdp: line " + lineNo + " is empty");
            }
            checkCharacters(line, lineNo);
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new IllegalArgumentException("sdp: line " + lineNo + " is not <letter>=<value>: "
                        + abbreviate(line));
            }
            if (i == 0 && !line.equals("v=0")) {
                throw new IllegalArgumentException("sdp: line 1 must be v=0");
            }
            if (line.startsWith("m=")) {
                if (sections.size() == maxMediaSections) {
                    throw new IllegalArgumentException("sdp: more than " + maxMediaSections
                            + " media sections (max_media_sections)");
                }
                current = mediaLine(line, lineNo, sections.size());
                sections.add(current);
            } else if (line.startsWith("a=")) {
                String attribute = line.substring(2);
                if (current == null) {
                    sessionUfrag |= attribute.startsWith("ice-ufrag:");
                    sessionPwd |= attribute.startsWith("ice-pwd:");
                    sessionFingerprint |= attribute.startsWith("fingerprint:");
                } else {
                    sectionAttribute(current, attribute, lineNo);
                }
            }
        }
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("sdp: no media section (m= line)");
        }
        Set<String> mids = new HashSet<>();
        boolean outputPossible = false;
        boolean inputPossible = false;
        for (Section s : sections) {
            if (s.mid == null) {
                throw new IllegalArgumentException("sdp: " + s.name() + " has no a=mid");
            }
            if (!mids.add(s.mid)) {
                throw new IllegalArgumentException("sdp: " + s.name() + " repeats a=mid:" + s.mid);
            }
            if (s.port == 0) {
                continue; // rejected or bundle-only: the client's own choice, nothing is created for it
            }
            if (!(s.ufrag || sessionUfrag) || !(s.pwd || sessionPwd)) {
                throw new IllegalArgumentException("sdp: " + s.name() + " has no a=ice-ufrag/a=ice-pwd");
            }
            if (!(s.fingerprint || sessionFingerprint)) {
                throw new IllegalArgumentException("sdp: " + s.name() + " has no a=fingerprint");
            }
            if ("video".equals(s.kind)) {
                checkVideoCodecs(s);
                outputPossible |= "sendrecv".equals(s.direction) || "recvonly".equals(s.direction);
                inputPossible |= "sendrecv".equals(s.direction) || "sendonly".equals(s.direction);
            }
        }
        if (ingest && !inputPossible) {
            throw new IllegalArgumentException("sdp: a WHIP offer must send video (no video section with direction "
                    + "sendonly or sendrecv)");
        }
        if (!ingest && !outputPossible) {
            throw new IllegalArgumentException(
                    "sdp: no video section can receive the output (needs a sendrecv or recvonly video section)");
        }
    }

    private static void checkCharacters(String line, int lineNo) {
        if (line.length() > MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("sdp: line " + lineNo + " is longer than " + MAX_LINE_LENGTH
                    + " characters");
        }
        for (int c = 0; c < line.length(); c++) {
            char ch = line.charAt(c);
            if (ch < 0x20 && ch != '\t' || ch > 0x7e) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "sdp: line %d has a control or non-ASCII character (U+%04X) at column %d", lineNo,
                        (int) ch, c + 1));
            }
        }
    }

    private Section mediaLine(String line, int lineNo, int index) {
        String[] t = line.substring(2).split(" ", -1);
        String where = "sdp: line " + lineNo + " (media section " + index + "): ";
        if (t.length < 4) {
            throw new IllegalArgumentException(where + "must be m=<kind> <port> <protocol> <formats>");
        }
        String kind = t[0];
        if (!kind.equals("video") && !kind.equals("audio") && !kind.equals("application")) {
            throw new IllegalArgumentException(where + "kind '" + abbreviate(kind)
                    + "' is not supported (video, audio, application)");
        }
        int port = number(t[1], 0, 65535, where + "port");
        String protocol = t[2];
        List<String> formats = new ArrayList<>();
        for (int f = 3; f < t.length; f++) {
            formats.add(t[f]);
        }
        if (kind.equals("application")) {
            if (!DATA_PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException(where + "protocol '" + abbreviate(protocol)
                        + "' is not a data channel transport (" + String.join(", ", DATA_PROTOCOLS) + ")");
            }
            if (formats.size() != 1 || !formats.get(0).equals("webrtc-datachannel")) {
                throw new IllegalArgumentException(where + "format must be webrtc-datachannel");
            }
        } else {
            if (!RTP_PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException(where + "protocol '" + abbreviate(protocol)
                        + "' is not a secure RTP transport (" + String.join(", ", RTP_PROTOCOLS) + ")");
            }
            Set<String> seen = new HashSet<>();
            for (String f : formats) {
                number(f, 0, 127, where + "payload type");
                if (!seen.add(f)) {
                    throw new IllegalArgumentException(where + "payload type " + f + " is listed twice");
                }
            }
        }
        return new Section(index, lineNo, kind, port, formats);
    }

    private static void sectionAttribute(Section s, String attribute, int lineNo) {
        if (attribute.startsWith("mid:")) {
            String mid = attribute.substring(4);
            if (s.mid != null) {
                throw new IllegalArgumentException("sdp: line " + lineNo + ": " + s.name() + " has a second a=mid");
            }
            if (mid.isEmpty() || mid.length() > MAX_MID_LENGTH || !isToken(mid)) {
                throw new IllegalArgumentException("sdp: line " + lineNo + ": a=mid must be 1 to " + MAX_MID_LENGTH
                        + " token characters");
            }
            s.mid = mid;
        } else if (attribute.startsWith("ice-ufrag:")) {
            s.ufrag = true;
        } else if (attribute.startsWith("ice-pwd:")) {
            s.pwd = true;
        } else if (attribute.startsWith("fingerprint:")) {
            s.fingerprint = true;
        } else if (attribute.equals("sendrecv") || attribute.equals("sendonly") || attribute.equals("recvonly")
                || attribute.equals("inactive")) {
            s.direction = attribute;
        } else if (attribute.startsWith("rtpmap:") && !s.kind.equals("application")) {
            // a=rtpmap:<pt> <name>/<clock rate>[/<channels>]
            String[] t = attribute.substring(7).split(" ", -1);
            String where = "sdp: line " + lineNo + ": a=rtpmap";
            if (t.length != 2) {
                throw new IllegalArgumentException(where + " must be a=rtpmap:<payload type> <name>/<clock rate>");
            }
            number(t[0], 0, 127, where + " payload type");
            String[] codec = t[1].split("/", -1);
            if (codec.length < 2 || codec.length > 3 || codec[0].isEmpty() || !isToken(codec[0])) {
                throw new IllegalArgumentException(where + " codec must be <name>/<clock rate>[/<channels>]");
            }
            number(codec[1], 1, 10_000_000, where + " clock rate");
            if (codec.length == 3) {
                number(codec[2], 1, 255, where + " channels");
            }
            if (s.formats.contains(t[0])) {
                s.mappedFormats.add(t[0]);
                s.codecNames.add(codec[0].toUpperCase(Locale.ROOT));
            }
        }
    }

    private void checkVideoCodecs(Section s) {
        boolean clientSends = "sendrecv".equals(s.direction) || "sendonly".equals(s.direction);
        boolean clientReceives = "sendrecv".equals(s.direction) || "recvonly".equals(s.direction);
        List<String> usable = new ArrayList<>();
        for (String name : s.codecNames) {
            boolean ok = (!clientReceives || sendCodecs.contains(name)) && (!clientSends || receiveCodecs.contains(name));
            if (ok && !HELPER_CODECS.contains(name)) {
                usable.add(name);
            }
        }
        if (usable.isEmpty()) {
            Set<String> supported = new LinkedHashSet<>(clientReceives ? sendCodecs : receiveCodecs);
            if (clientReceives && clientSends) {
                supported.retainAll(receiveCodecs);
            }
            throw new IllegalArgumentException("sdp: " + s.name() + " offers no video codec this server supports"
                    + " (offered: " + (s.codecNames.isEmpty() ? "none with an a=rtpmap" : String.join(", ",
                    new LinkedHashSet<>(s.codecNames))) + "; supported: " + String.join(", ", supported) + ")");
        }
    }

    private static int number(String text, int min, int max, String what) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(what + " must be a number from " + min + " to " + max + ", got '"
                    + abbreviate(text) + "'");
        }
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be a number from " + min + " to " + max + ", got "
                    + value);
        }
        return value;
    }

    // RFC 4566 token characters
    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`{|}~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
