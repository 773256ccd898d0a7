package scope.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import scope.api.Parameters;

class UpdatesCoalescePerCallTest {

    @Test
    void allUpdatesBeforeACallAreMergedLatestWins() {
        StageParameters p = new StageParameters(true);
        p.offer(Map.of("noise_scale", 0.1, "strength", 0.3));
        p.offer(Map.of("noise_scale", 0.2));
        p.offer(Map.of("noise_scale", 0.7));
        Parameters call = p.forCall();
        assertEquals(0.7, call.get("noise_scale"));
        assertEquals(0.3, call.get("strength"));
    }

    @Test
    void resetCacheIsConsumedExactlyOnceAndNotCancelledByALaterFalse() {
        StageParameters p = new StageParameters(true);
        p.offer(Map.of("reset_cache", true));
        p.offer(Map.of("reset_cache", true));
        p.offer(Map.of("reset_cache", false));
        assertTrue(p.takeReset());
        assertFalse(p.takeReset());
        assertFalse(p.forCall().has("reset_cache"), "reset_cache is not a parameter the pipeline keeps seeing");
    }

    @Test
    void newPromptsWithoutTransitionClearAStaleTransition() {
        StageParameters p = new StageParameters(true);
        p.offer(Map.of("prompts", List.of("a"), "transition", Map.of("num_steps", 4L)));
        assertTrue(p.forCall().has("transition"));
        p.offer(Map.of("prompts", List.of("b")));
        assertNull(p.forCall().get("transition"));
        // also when both arrive before one call
        p.offer(Map.of("prompts", List.of("c"), "transition", Map.of("num_steps", 2L)));
        p.offer(Map.of("prompts", List.of("d")));
        Parameters call = p.forCall();
        assertEquals(List.of("d"), call.get("prompts"));
        assertNull(call.get("transition"));
    }

    @Test
    void oneShotValuesReachExactlyOneCall() {
        StageParameters p = new StageParameters(true);
        p.offer(Map.of("lora_scales", List.of(1.0), "first_frame_image", "a.png"));
        assertTrue(p.forCall().has("lora_scales"));
        p.called();
        Parameters next = p.forCall();
        assertFalse(next.has("lora_scales"));
        assertFalse(next.has("first_frame_image"));
    }

    @Test
    void mouseDeltasAccumulateUntilACallAndButtonsAreReplaced() {
        StageParameters p = new StageParameters(true);
        p.offer(Map.of("ctrl_input", Map.of("button", List.of("KeyW"), "mouse", List.of(1.0, 2.0))));
        p.offer(Map.of("ctrl_input", Map.of("button", List.of("KeyA"), "mouse", List.of(3.0, -1.0))));
        @SuppressWarnings("unchecked")
        Map<String, Object> ctrl = (Map<String, Object>) p.forCall().get("ctrl_input");
        assertEquals(List.of("KeyA"), ctrl.get("button"));
        assertEquals(List.of(4.0, 1.0), ctrl.get("mouse"));
        p.called();
        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>) p.forCall().get("ctrl_input");
        assertEquals(List.of(0.0, 0.0), after.get("mouse"));
    }

    @Test
    void inputModeDecidesVideoModeOfTheFirstStageOnly() {
        StageParameters first = new StageParameters(true);
        StageParameters later = new StageParameters(false);
        first.offer(Map.of("input_mode", "text"));
        later.offer(Map.of("input_mode", "text"));
        assertFalse(first.forCall().videoMode());
        assertTrue(later.forCall().videoMode());
        first.offer(Map.of("input_mode", "video"));
        assertTrue(first.forCall().videoMode());
    }
}
