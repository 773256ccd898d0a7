package scope.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Canonical load parameters as JSON trees that compare equal exactly when the maps do: both sides (a worker's
 * published instance, a gateway's request) go through text, so number types agree ({@code 5} is an int node on
 * both, never a long node on one).
 */
final class CanonicalJson {
    private CanonicalJson() {
    }

    static JsonNode of(Map<String, Object> canonical) {
        try {
            return WorkerAnnouncer.JSON.readTree(WorkerAnnouncer.JSON.writeValueAsString(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("load params are not JSON: " + e.getMessage(), e);
        }
    }
}
