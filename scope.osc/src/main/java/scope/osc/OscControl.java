package scope.osc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The OSC server: listens for OSC messages on UDP and applies {@code /scope/<key>} (the most recently started
 * session) or {@code /scope/session/<session id>/<key>} (that session) to a session's runtime parameters, validated
 * as a data-channel update is. Thread-safe.
 */
@ProviderType
public interface OscControl {

    /** Where it listens and what it has received so far. */
    OscStatus status();

    /** Logs every applied message too (refused and malformed ones are always logged); returns the new status. */
    OscStatus logAllMessages(boolean on);

    /**
     * Scope's address inventory: {@code {"active": {group: [entry]}, "available": {group: [entry]},
     * "active_pipeline_ids": [...]}}, each entry {@code {key, osc_address, type, description, min?, max?, enum?,
     * default?, pipeline_id?}}; the UI's graph inventory entries are listed under their own groups in active.
     */
    ObjectNode paths();

    /**
     * Replaces the inventory of addresses the UI's graph offers (Scope's {@code POST /api/v1/osc/inventory}).
     *
     * @param entries an array of already checked entries ({@code osc_address}, {@code type}, optional
     *                {@code node_id}, {@code param}, {@code pipeline_id}, {@code min}, {@code max}, {@code enum},
     *                {@code group}...); an empty array clears it
     * @return how many entries it holds now
     */
    int graphInventory(JsonNode entries);

    /**
     * Receives every event from now on: {@code {"type":"osc_command","key","value","session_id"?,"node_id"?,
     * "param"?}} for an applied message (Scope's event, which its UI follows) and {@code {"type":"osc_refused",
     * "address","value","reason","errors"}} for a refused one. Called on the receiving thread: do not block.
     *
     * @return closes the subscription
     */
    AutoCloseable subscribe(Consumer<ObjectNode> events);
}
