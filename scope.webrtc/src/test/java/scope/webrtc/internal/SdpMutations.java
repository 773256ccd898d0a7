package scope.webrtc.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Deterministic mutations of a real offer: case {@code n} of seed {@code s} is always the same SDP. Each case applies
 * one to three operators: byte flips, line drops, duplications and swaps, m-line protocol/codec/port corruption,
 * codec renames, huge numbers, 1,000 m-lines, truncation, non-ASCII and control characters, missing or corrupted
 * ICE/DTLS attributes, direction and kind changes, extra sections libwebrtc rejects, long lines, junk candidates
 * and line-ending changes.
 */
public final class SdpMutations {
    /** One named operator. */
    private record Operator(String name, BiFunction<String, Random, String> apply) {
    }

    private static final String[] PROTOCOLS = {"UDP/TLS/RTP/SAVPFX", "RTP/AVP", "", "UDP/DTLS/SCTP", "TCP/TLS/RTP/SAVPF",
        "RTP/SAVPF", "UDP/TLS/RTP/SAVP", "udp/tls/rtp/savpf", "UDP/TLS/RTP/SAVPF/EXTRA", "\u00e9"};
    private static final String[] NUMBERS = {"0", "-1", "65536", "99999999999999999999", "128", "127", "1e308", "x",
        "", "4294967296", "2147483648", "00000000096"};
    private static final String[] CODECS = {"FOO", "vp8", "", "VP8/", "H264", "AV1", "rtx", "red", "ulpfec",
        "VP9", "opus", "\u00fc"};

    private final String seed;
    private final List<Operator> operators = new ArrayList<>();

    public SdpMutations(String seedOffer) {
        this.seed = seedOffer;
        operators.add(new Operator("byte-flip", (s, r) -> {
            char[] c = s.toCharArray();
            int flips = 1 + r.nextInt(4);
            for (int i = 0; i < flips; i++) {
                c[r.nextInt(c.length)] = (char) r.nextInt(256);
            }
            return new String(c);
        }));
        operators.add(new Operator("line-drop", (s, r) -> editLines(s, r, (lines, i) -> lines.remove((int) i))));
        operators.add(new Operator("line-duplicate", (s, r) -> editLines(s, r,
                (lines, i) -> lines.add(i, lines.get(i)))));
        operators.add(new Operator("line-swap", (s, r) -> editLines(s, r, (lines, i) -> {
            int j = r.nextInt(lines.size());
            String t = lines.get(i);
            lines.set(i, lines.get(j));
            lines.set(j, t);
        })));
        operators.add(new Operator("protocol", (s, r) -> replaceMLine(s, r, t -> t[2] = pick(r, PROTOCOLS))));
        operators.add(new Operator("payload-types", (s, r) -> replaceMLine(s, r, t -> {
            for (int i = 3; i < t.length; i++) {
                if (r.nextInt(3) == 0) {
                    t[i] = pick(r, NUMBERS);
                }
            }
        })));
        operators.add(new Operator("port", (s, r) -> replaceMLine(s, r, t -> t[1] = pick(r, NUMBERS))));
        operators.add(new Operator("kind", (s, r) -> replaceMLine(s, r,
                t -> t[0] = pick(r, new String[] {"audio", "text", "application", "message", "video", ""}))));
        operators.add(new Operator("codec-name", (s, r) -> s.replaceAll("a=rtpmap:(\\d+) [^/\\r\\n]+/",
                "a=rtpmap:$1 " + pick(r, CODECS).replace("$", "") + "/")));
        operators.add(new Operator("one-unknown-codec", (s, r) -> {
            String video = ChromiumOffers.videoSection(s.contains("m=video") && s.indexOf("\r\nm=",
                    s.indexOf("m=video")) > 0 ? s : seed);
            return s.contains(video) ? s.replace(video, ChromiumOffers.onlyCodec(video, pick(r, CODECS))) : s;
        }));
        operators.add(new Operator("huge-number", (s, r) -> {
            String n = pick(r, NUMBERS);
            String[] targets = {"a=rtpmap:96 VP8/90000", "a=sctp-port:5000", "a=max-message-size:262144",
                "a=extmap:4 ", "a=rtcp:9 ", "a=ssrc:3965776866 "};
            String[] replacements = {"a=rtpmap:96 VP8/" + n, "a=sctp-port:" + n, "a=max-message-size:" + n,
                "a=extmap:" + n + " ", "a=rtcp:" + n + " ", "a=ssrc:" + n + " "};
            int i = r.nextInt(targets.length);
            return s.replace(targets[i], replacements[i]) + (r.nextBoolean() ? "" : "b=AS:" + n + "\r\n");
        }));
        operators.add(new Operator("many-m-lines", (s, r) -> {
            String video = ChromiumOffers.videoSection(seed);
            StringBuilder b = new StringBuilder(s);
            int count = r.nextBoolean() ? 1000 : 9 + r.nextInt(20);
            for (int i = 0; i < count; i++) {
                b.append(ChromiumOffers.withMid(video, "x" + i, "recvonly"));
            }
            return b.toString();
        }));
        operators.add(new Operator("truncate", (s, r) -> s.substring(0, r.nextInt(s.length()))));
        operators.add(new Operator("non-ascii", (s, r) -> insert(s, r,
                pick(r, new String[] {"\u00e4\u00f6\u00fc", "\u0000", "\u2028", "\ud83d\ude00", "\u001b[31m",
                    "\t", "\r", "\n", "\uffff"}))));
        operators.add(new Operator("drop-attribute", (s, r) -> s.replaceAll("(?m)^a=" + pick(r, new String[] {
            "ice-ufrag", "ice-pwd", "fingerprint", "setup", "mid", "group", "rtcp-mux", "sctp-port", "msid"})
                + "[^\\r\\n]*\\r\\n", "")));
        operators.add(new Operator("corrupt-attribute", (s, r) -> s.replaceAll("(?m)^a=(" + pick(r, new String[] {
            "ice-ufrag", "ice-pwd", "fingerprint", "setup", "mid", "group", "extmap", "ssrc-group", "fmtp:96"})
                + ")[: ][^\\r\\n]*", "a=$1:" + pick(r, new String[] {"", "x", "sha-256 ZZ", "foo", "0 1 2 3",
                    "\u00e9", "A".repeat(300)}))));
        operators.add(new Operator("direction", (s, r) -> s.replaceAll("(?m)^a=(sendrecv|sendonly|recvonly|inactive)$",
                "a=" + pick(r, new String[] {"sendonly", "recvonly", "inactive", "sendrecv", "bogus"}))));
        operators.add(new Operator("extra-rejected-section", (s, r) -> {
            String audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:a" + r.nextInt(100)
                    + "\r\na=" + pick(r, new String[] {"recvonly", "sendrecv", "sendonly"})
                    + "\r\na=rtcp-mux\r\na=rtpmap:111 " + pick(r, new String[] {"FOO/48000/2", "opus/48000/2",
                        "PCMU/8000"}) + "\r\n";
            return s.endsWith("\r\n") ? s + audio : s + "\r\n" + audio;
        }));
        operators.add(new Operator("long-line", (s, r) -> insertLine(s, r, "a=x-long:" + "y".repeat(
                r.nextBoolean() ? 5000 : 70000))));
        operators.add(new Operator("junk-candidate", (s, r) -> insertLine(s, r, "a=candidate:" + pick(r, new String[] {
            "1 1 udp 2122260223 10.213.0.9 54400 typ host", "1 1 udp 99999999999 10.213.0.9 54400 typ host",
            "x", "1 1 udp 1 ::::: 1 typ host", "1 1 tcp 1 10.213.0.9 9 typ host tcptype bogus",
            "1 1 udp 1 256.1.1.1 70000 typ relay raddr 0.0.0.0 rport 0", "1 999 udp 1 a.local 1 typ host"}))));
        operators.add(new Operator("line-endings", (s, r) -> r.nextBoolean() ? s.replace("\r\n", "\n")
                : s.replace("\r\n", "\r\n ")));
        operators.add(new Operator("empty-lines", (s, r) -> insertLine(s, r, "")));
    }

    /** The SDP of case {@code n} and the operators applied. */
    public record Case(int index, String operators, String sdp) {
    }

    public Case generate(long seedValue, int n) {
        Random r = new Random(seedValue * 1_000_003L + n);
        int count = 1 + (r.nextInt(10) < 7 ? 0 : r.nextInt(3));
        String sdp = seed;
        List<String> applied = new ArrayList<>();
        for (int i = 0; i < count && !sdp.isEmpty(); i++) {
            Operator op = operators.get(r.nextInt(operators.size()));
            sdp = op.apply().apply(sdp, r);
            applied.add(op.name());
        }
        return new Case(n, String.join("+", applied), sdp);
    }

    private interface LineEdit {
        void apply(List<String> lines, Integer index);
    }

    private static String editLines(String s, Random r, LineEdit edit) {
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\r\n", -1)));
        if (lines.size() < 2) {
            return s;
        }
        edit.apply(lines, r.nextInt(lines.size() - 1));
        return String.join("\r\n", lines);
    }

    private interface TokenEdit {
        void apply(String[] tokens);
    }

    private static String replaceMLine(String s, Random r, TokenEdit edit) {
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\r\n", -1)));
        List<Integer> mLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("m=")) {
                mLines.add(i);
            }
        }
        if (mLines.isEmpty()) {
            return s;
        }
        int at = mLines.get(r.nextInt(mLines.size()));
        String[] t = lines.get(at).substring(2).split(" ", -1);
        if (t.length < 4) {
            return s;
        }
        edit.apply(t);
        lines.set(at, "m=" + String.join(" ", t));
        return String.join("\r\n", lines);
    }

    private static String insert(String s, Random r, String what) {
        int at = r.nextInt(s.length() + 1);
        return s.substring(0, at) + what + s.substring(at);
    }

    private static String insertLine(String s, Random r, String line) {
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\r\n", -1)));
        lines.add(1 + r.nextInt(Math.max(1, lines.size() - 1)), line);
        return String.join("\r\n", lines);
    }

    private static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }
}
