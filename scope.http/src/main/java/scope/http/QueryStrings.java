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
            try {
                URLDecoder.decode(pair, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                String shown = pair.length() > 40 ? pair.substring(0, 40) + "..." : pair;
                throw new ApiException(400, "Malformed query string: '" + shown + "' is not valid %-encoding");
            }
        }
    }
}
