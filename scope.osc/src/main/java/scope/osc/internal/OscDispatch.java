package scope.osc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Supplier;
import scope.runtime.schema.FieldError;
import scope.runtime.schema.ValidationException;
import scope.runtime.stream.Stream;

/**
 * What one OSC message does. Addresses (Scope's scheme, plus session addressing):
 * <ul>
 * <li>{@code /scope/<key>}: the most recently started session that is still running;</li>
 * <li>{@code /scope/session/<session id>/<key>}: that session;</li>
 * <li>{@code <key>} is a runtime key ({@link RuntimeKeys}), a runtime field of a pipeline of the session (e.g.
 * {@code level}), or an address of the UI's graph inventory ({@link GraphInventory}).</li>
 * </ul>
 * The value goes to the session as the data-channel update {@code {"<key>": value}} would ({@code prompt} as
 * {@code prompts: [{text, weight: 1}]}, a graph address as {@code {"node_id": ..., "<param>": value}}), validated by
 * the same code; a refused value changes nothing. Stateless apart from the inventory; thread-safe.
 */
final class OscDispatch {
    static final String PREFIX = "/scope/";
    static final String SESSION = "session/";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    enum Outcome { APPLIED, REFUSED, UNKNOWN_ADDRESS, NO_SESSION }

    /**
     * @param event  for the event stream (applied and refused messages), else null
     * @param detail a line for the log
     */
    record Result(Outcome outcome, ObjectNode event, String detail) {
    }

    private final Supplier<List<Stream>> streams;
    private final GraphInventory inventory;

    OscDispatch(Supplier<List<Stream>> streams, GraphInventory inventory) {
        this.streams = streams;
        this.inventory = inventory;
    }

    Result dispatch(String address, List<Object> arguments) {
        if (!address.startsWith(PREFIX) || address.length() == PREFIX.length()) {
            return new Result(Outcome.UNKNOWN_ADDRESS, null, address + ": not a /scope/... address");
        }
        String key = address.substring(PREFIX.length());
        String sessionId = null;
        if (key.startsWith(SESSION)) {
            int slash = key.indexOf('/', SESSION.length());
            if (slash <= SESSION.length() || slash == key.length() - 1) {
                return new Result(Outcome.UNKNOWN_ADDRESS, null, address
                        + ": expected /scope/session/<session id>/<key>");
            }
            sessionId = key.substring(SESSION.length(), slash);
            key = key.substring(slash + 1);
        }
        JsonNode value;
        try {
            value = OscValues.toJson(arguments);
        } catch (IllegalArgumentException e) {
            return refused(address, JSON.textNode(String.valueOf(arguments)), sessionId, e.getMessage(), List.of());
        }
        GraphInventory.Entry entry = inventory.get(key);
        RuntimeKeys.Key runtime = entry == null ? RuntimeKeys.get(key) : null;
        if (entry != null && entry.nodeId() != null && entry.pipelineId() == null
                || runtime != null && runtime.uiOnly()) {
            // a value only the page keeps: check it as Scope does and hand it to the page
            String reason = entry != null ? entry.check(value)
                    : RuntimeKeys.check(runtime.type(), runtime.min(), runtime.max(), runtime.values(), value);
            if (reason != null) {
                return refused(address, value, sessionId, reason, List.of());
            }
            return applied(key, value, null, false, entry, address + " = " + value + " (for the page)");
        }
        Stream target = target(sessionId);
        if (target == null) {
            return sessionId == null ? new Result(Outcome.NO_SESSION, null, address + ": no session is running")
                    : new Result(Outcome.UNKNOWN_ADDRESS, null, address + ": no running session " + sessionId);
        }
        ObjectNode update = JSON.objectNode();
        if (entry != null && entry.nodeId() != null) {
            update.put("node_id", entry.nodeId());
            update.set(entry.param() != null ? entry.param() : key, value);
        } else if (key.equals("prompt")) {
            if (!value.isTextual()) {
                return refused(address, value, target.id(), "expected a string", List.of());
            }
            update.putArray("prompts").addObject().put("text", value.textValue()).put("weight", 1.0);
        } else {
            update.set(key, value);
        }
        try {
            target.update(update);
        } catch (ValidationException e) {
            return refused(address, value, target.id(), e.getMessage(), e.errors());
        } catch (RuntimeException e) {
            return refused(address, value, target.id(), String.valueOf(e.getMessage()), List.of());
        }
        return applied(key, value, target.id(), sessionId != null, entry, address + " = " + value + " (session "
                + target.id() + ")");
    }

    private Stream target(String sessionId) {
        List<Stream> running = streams.get();
        if (sessionId == null) {
            return running.isEmpty() ? null : running.get(running.size() - 1);
        }
        for (Stream s : running) {
            if (s.id().equals(sessionId)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Scope's {@code osc_command} event, which its page applies to its own controls. A message addressed to a named
     * session is announced as {@code osc_session_command} with {@code parameter} instead of {@code key}, so that a
     * page showing another session does not take it for its own.
     */
    private static Result applied(String key, JsonNode value, String sessionId, boolean named,
            GraphInventory.Entry entry, String detail) {
        ObjectNode event = JSON.objectNode();
        event.put("type", named ? "osc_session_command" : "osc_command");
        event.put(named ? "parameter" : "key", key);
        if (sessionId != null) {
            event.put("session_id", sessionId);
        }
        event.set("value", value);
        if (entry != null && entry.nodeId() != null) {
            event.put("node_id", entry.nodeId());
            event.put("param", entry.param() != null ? entry.param() : key);
        }
        return new Result(Outcome.APPLIED, event, detail);
    }

    private static Result refused(String address, JsonNode value, String sessionId, String reason,
            List<FieldError> errors) {
        ObjectNode event = JSON.objectNode();
        event.put("type", "osc_refused");
        event.put("address", address);
        event.set("value", value);
        if (sessionId != null) {
            event.put("session_id", sessionId);
        }
        event.put("reason", reason);
        var list = event.putArray("errors");
        errors.forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
        return new Result(Outcome.REFUSED, event, address + " = " + value + " refused: " + reason);
    }
}
