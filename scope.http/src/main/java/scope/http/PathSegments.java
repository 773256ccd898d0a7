package scope.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** A %-encoded part of a request path, decoded before it is checked, so {@code %2e%2e} cannot pass as a name. */
final class PathSegments {
    private PathSegments() {
    }

    static String decode(String raw) throws ApiException {
        try {
            // '+' is a plus in a path, not a space
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Malformed path: not valid %-encoding");
        }
    }
}
