package scope.webrtc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onvoid.webrtc.RTCIceCandidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses a trickle PATCH body ({@code {"candidates":[{"candidate":..., "sdpMid":..., "sdpMLineIndex":...}]}}). */
final class TrickleCandidates {
    static final int MAX_CANDIDATES = 64;
    static final int MAX_CANDIDATE_LENGTH = 1024;
    private static final int MAX_MID_LENGTH = 32;
    private TrickleCandidates() {
    }

    /** A candidate and the field it came from ({@code candidates[<i>].candidate}), for error messages. */
    record Entry(RTCIceCandidate candidate, String field) {
    }

    /**
     * @return the candidates to add; an empty {@code candidate} string (end of candidates) is skipped
     * @throws IllegalArgumentException naming the first candidate that cannot be parsed
     */
    static List<Entry> parse(JsonNode body) {
        JsonNode list = body == null ? null : body.get("candidates");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("candidates: must be an array");
        }
        if (list.size() > MAX_CANDIDATES) {
            throw new IllegalArgumentException("candidates: more than " + MAX_CANDIDATES + " in one request");
        }
        List<Entry> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String where = "candidates[" + i + "]";
            if (!c.isObject() || !c.path("candidate").isTextual()) {
                throw new IllegalArgumentException(where + ".candidate: must be a string");
            }
            String line = c.get("candidate").asText().trim();
            if (line.startsWith("a=")) {
                line = line.substring(2);
            }
            if (line.isEmpty()) {
                continue;
            }
            checkSyntax(line, where);
            JsonNode mid = c.get("sdpMid");
            JsonNode index = c.get("sdpMLineIndex");
            boolean hasMid = mid != null && mid.isTextual();
            boolean hasIndex = index != null && index.canConvertToInt() && index.asInt() >= 0;
            if (hasMid && (mid.asText().isEmpty() || mid.asText().length() > MAX_MID_LENGTH)) {
                throw new IllegalArgumentException(where + ".sdpMid: must be 1 to " + MAX_MID_LENGTH + " characters");
            }
            if (index != null && !index.isNull() && !hasIndex) {
                throw new IllegalArgumentException(where + ".sdpMLineIndex: must be a non-negative integer");
            }
            if (!hasMid && !hasIndex) {
                throw new IllegalArgumentException(where + ": needs sdpMid or sdpMLineIndex");
            }
            result.add(new Entry(new RTCIceCandidate(hasMid ? mid.asText() : "", hasIndex ? index.asInt() : 0, line),
                    where + ".candidate"));
        }
        return result;
    }

    // candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
    private static void checkSyntax(String line, String where) {
        String field = where + ".candidate";
        if (line.length() > MAX_CANDIDATE_LENGTH) {
            throw new IllegalArgumentException(field + ": longer than " + MAX_CANDIDATE_LENGTH + " characters");
        }
        if (!line.chars().allMatch(ch -> ch >= 0x20 && ch <= 0x7e)) {
            throw new IllegalArgumentException(field + ": has a control or non-ASCII character");
        }
        String[] t = line.split("\\s+");
        boolean ok = t.length >= 8 && t[0].startsWith("candidate:") && t[0].length() > "candidate:".length()
                && isNumber(t[1]) && isNumber(t[3]) && isNumber(t[5]) && "typ".equals(t[6]);
        if (!ok) {
            throw new IllegalArgumentException(field + ": not an ICE candidate (candidate:<foundation> <component> "
                    + "<transport> <priority> <address> <port> typ <type>): " + abbreviate(line));
        }
        if (!inRange(t[1], 1, 256)) {
            throw new IllegalArgumentException(field + ": component must be 1 to 256, got " + abbreviate(t[1]));
        }
        if (!t[2].equalsIgnoreCase("udp") && !t[2].equalsIgnoreCase("tcp")) {
            throw new IllegalArgumentException(field + ": transport must be udp or tcp, got " + abbreviate(t[2]));
        }
        if (!inRange(t[3], 0, 0xFFFFFFFFL)) {
            throw new IllegalArgumentException(field + ": priority must be 0 to 4294967295, got " + abbreviate(t[3]));
        }
        if (!inRange(t[5], 0, 65535)) {
            throw new IllegalArgumentException(field + ": port must be 0 to 65535, got " + abbreviate(t[5]));
        }
        if (!Set.of("host", "srflx", "prflx", "relay").contains(t[7])) {
            throw new IllegalArgumentException(field + ": typ must be host, srflx, prflx or relay, got "
                    + abbreviate(t[7]));
        }
    }

    private static boolean inRange(String digits, long min, long max) {
        if (digits.length() > 10) {
            return false;
        }
        long v = Long.parseLong(digits);
        return v >= min && v <= max;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
