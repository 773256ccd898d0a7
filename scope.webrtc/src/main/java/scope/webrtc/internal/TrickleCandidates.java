package scope.webrtc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onvoid.webrtc.RTCIceCandidate;
import java.util.ArrayList;
import java.util.List;

/** Parses a trickle PATCH body ({@code {"candidates":[{"candidate":..., "sdpMid":..., "sdpMLineIndex":...}]}}). */
final class TrickleCandidates {
    private TrickleCandidates() {
    }

    /**
     * @return the candidates to add; an empty {@code candidate} string (end of candidates) is skipped
     * @throws IllegalArgumentException naming the first candidate that cannot be parsed
     */
    static List<RTCIceCandidate> parse(JsonNode body) {
        JsonNode list = body == null ? null : body.get("candidates");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("candidates: must be an array");
        }
        List<RTCIceCandidate> result = new ArrayList<>();
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
            if (!hasMid && !hasIndex) {
                throw new IllegalArgumentException(where + ": needs sdpMid or sdpMLineIndex");
            }
            result.add(new RTCIceCandidate(hasMid ? mid.asText() : "", hasIndex ? index.asInt() : 0, line));
        }
        return result;
    }

    // candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
    private static void checkSyntax(String line, String where) {
        String[] t = line.split("\\s+");
        boolean ok = t.length >= 8 && t[0].startsWith("candidate:") && t[0].length() > "candidate:".length()
                && isNumber(t[1]) && isNumber(t[3]) && isNumber(t[5]) && "typ".equals(t[6]);
        if (!ok) {
            throw new IllegalArgumentException(where + ".candidate: not an ICE candidate: " + line);
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
