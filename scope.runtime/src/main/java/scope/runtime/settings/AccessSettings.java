package scope.runtime.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may use the API from where: the API token (null when none is required), extra host names the server answers
 * to (besides its own names and addresses), and extra browser origins trusted with state-changing requests and
 * credentials (besides the server's own origin and loopback development origins).
 *
 * @param apiToken       the bearer token every API request needs, or null (loopback-only without a configured token)
 * @param allowedHosts   lower-case host names or addresses, from {@code SCOPE_ALLOWED_HOSTS}
 * @param allowedOrigins origins such as {@code https://studio.example}, from {@code SCOPE_ALLOWED_ORIGINS}
 */
public record AccessSettings(String apiToken, List<String> allowedHosts, List<String> allowedOrigins) {
    public AccessSettings {
        allowedHosts = List.copyOf(allowedHosts);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public boolean tokenRequired() {
        return apiToken != null;
    }

    /** A comma- or space-separated list, lower-cased, trailing slashes of origins dropped. */
    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split("[,\\s]+")) {
            String p = part.trim().toLowerCase(java.util.Locale.ROOT);
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }
}
