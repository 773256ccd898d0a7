package scope.osc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import scope.api.Frame;
import scope.runtime.schema.ValidationException;
import scope.runtime.stream.Stream;
import scope.runtime.stream.StreamStats;

class OscDispatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Records updates; refuses "level" above 1 the way a schema would. */
    static final class RecordingStream implements Stream {
        final String id;
        final List<String> updates = new ArrayList<>();

        RecordingStream(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void update(JsonNode message) throws ValidationException {
            if (message.path("level").asDouble() > 1) {
                throw new ValidationException("level", "must be at most 1");
            }
            updates.add(message.toString());
        }

        @Override
        public void pushInput(Frame frame) {
        }

        @Override
        public Frame nextOutput() {
            return null;
        }

        @Override
        public StreamStats stats() {
            return null;
        }

        @Override
        public void fail(String errorMessage) {
        }

        @Override
        public void close() {
        }
    }

    private final RecordingStream older = new RecordingStream("a");
    private final RecordingStream newer = new RecordingStream("b");
    private final GraphInventory inventory = new GraphInventory();
    private final OscDispatch dispatch = new OscDispatch(() -> List.of(older, newer), inventory);

    @Test
    void plainAddressesGoToTheMostRecentSessionAndNamedOnesToThatSession() {
        OscDispatch.Result r = dispatch.dispatch("/scope/level", List.of(0.3f));
        assertEquals(OscDispatch.Outcome.APPLIED, r.outcome());
        assertEquals(List.of("{\"level\":0.3}"), newer.updates, "0.3f arrives as 0.3");
        assertEquals("{\"type\":\"osc_command\",\"key\":\"level\",\"session_id\":\"b\",\"value\":0.3}",
                r.event().toString());

        r = dispatch.dispatch("/scope/session/a/prompt", List.of("a lighthouse"));
        assertEquals(List.of("{\"prompts\":[{\"text\":\"a lighthouse\",\"weight\":1.0}]}"), older.updates);
        assertEquals("osc_session_command", r.event().get("type").asText());
        assertFalse(r.event().has("key"), "a page showing another session must not take it for its own");

        assertEquals(OscDispatch.Outcome.UNKNOWN_ADDRESS, dispatch.dispatch("/scope/session/zzz/level",
                List.of(0.5f)).outcome());
        assertEquals(OscDispatch.Outcome.UNKNOWN_ADDRESS, dispatch.dispatch("/other/level", List.of(1)).outcome());
        assertEquals(OscDispatch.Outcome.NO_SESSION, new OscDispatch(List::of, inventory)
                .dispatch("/scope/level", List.of(0.5f)).outcome());
    }

    @Test
    void refusedValuesChangeNothingAndSayWhy() {
        OscDispatch.Result r = dispatch.dispatch("/scope/level", List.of(5f));
        assertEquals(OscDispatch.Outcome.REFUSED, r.outcome());
        assertEquals("level", r.event().at("/errors/0/field").asText());
        assertTrue(newer.updates.isEmpty());
        assertEquals(OscDispatch.Outcome.REFUSED, dispatch.dispatch("/scope/level", List.of()).outcome());
        assertEquals(OscDispatch.Outcome.REFUSED, dispatch.dispatch("/scope/level", List.of(Float.NaN)).outcome());
        assertEquals(OscDispatch.Outcome.REFUSED, dispatch.dispatch("/scope/level", List.of(new byte[3])).outcome());
        assertEquals(OscDispatch.Outcome.REFUSED, dispatch.dispatch("/scope/prompt", List.of(3)).outcome());
        assertFalse(r.event().has("key"));
    }

    @Test
    void graphAddressesReachTheirNodeOrOnlyThePage() throws Exception {
        inventory.replace(JSON.readTree("[{\"osc_address\":\"/scope/main/level\",\"type\":\"float\",\"node_id\":\"tint\","
                + "\"param\":\"level\",\"pipeline_id\":\"test-tint\"},{\"osc_address\":\"knob\",\"type\":\"float\","
                + "\"min\":0,\"max\":1,\"node_id\":\"knob1\",\"param\":\"value\"}]"));
        OscDispatch.Result r = dispatch.dispatch("/scope/main/level", List.of(0.5f));
        assertEquals(List.of("{\"node_id\":\"tint\",\"level\":0.5}"), newer.updates);
        assertEquals("tint", r.event().get("node_id").asText());

        r = dispatch.dispatch("/scope/knob", List.of(0.25f));
        assertEquals(OscDispatch.Outcome.APPLIED, r.outcome());
        assertEquals(1, newer.updates.size(), "a page-only node sends nothing to the session");
        assertNull(r.event().get("session_id"));
        assertEquals(OscDispatch.Outcome.REFUSED, dispatch.dispatch("/scope/knob", List.of(2f)).outcome());
        assertEquals(OscDispatch.Outcome.REFUSED, dispatch.dispatch("/scope/transition_steps", List.of(0.5f))
                .outcome());
    }

    @Test
    void settingsFollowTheListenAddress() {
        assertTrue(OscSettings.of(null, null, "127.0.0.1", 8000, true).enabled());
        assertEquals(8000, OscSettings.of(null, null, "127.0.0.1", 8000, true).port());
        OscSettings wide = OscSettings.of(null, null, "0.0.0.0", 8000, false);
        assertFalse(wide.enabled());
        assertTrue(wide.note().contains("no authentication"), wide.note());
        assertTrue(OscSettings.of("on", "9000", "0.0.0.0", 8000, false).enabled());
        assertEquals(9000, OscSettings.of("on", "9000", "0.0.0.0", 8000, false).port());
        assertFalse(OscSettings.of("off", null, "127.0.0.1", 8000, true).enabled());
        assertFalse(OscSettings.of("maybe", null, "127.0.0.1", 8000, true).enabled());
        assertTrue(OscSettings.of(null, "70000", "127.0.0.1", 8000, true).note().contains("65535"));
    }
}
