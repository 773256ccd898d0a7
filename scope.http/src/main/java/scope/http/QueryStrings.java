package scope.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** A query string is checked before any handler reads it, so a malformed one is a 400, not an error deep inside. */
final class QueryStrings {
    private static final int MAX_LENGTH = 8192;

    private QueryStrings() {
    }

    static void requireWellFormed(String query) throws ApiException {
        if (query == null || query.isEmpty()) {
            return;
        }
        if (query.length() > MAX_LENGTH) {
            throw new ApiException(414, "Query string too long (limit " + MAX_LENGTH + " characters)");
        }
        for (String pair : query.split("&")) {
            String shown = pair.length() > 40 ? pair.substring(0, 40) + "..." : pair;
            try {
                URLDecoder.decode(pair, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "Malformed query string: '" + shown + "' is not valid %-encoding");
            }
            if (!decodesAsUtf8(pair)) {
                // the container refuses these itself, deep inside parameter parsing
                throw new ApiException(400, "Malformed query string: '" + shown + "' is not UTF-8");
            }
        }
    }

    /** Whether the %-escaped bytes (and plain characters) of a query part form valid UTF-8. */
    static boolean decodesAsUtf8(String part) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%' && i + 2 < part.length()) {
                bytes.write(Integer.parseInt(part.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
