package scope.runtime.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import scope.api.Parameters;

/**
 * The runtime parameters of one stage: the merged values its pipeline is called with, plus the updates that arrived
 * since the last call.
 *
 * <p>Contract:
 * <ul>
 * <li>Updates are coalesced, not queued: everything that arrived before a call is merged into that call
 * (shallow merge, latest value wins), so a burst of slider moves costs one call, not one call each.</li>
 * <li>A {@code prompts} update without {@code transition} drops any stale {@code transition}.</li>
 * <li>{@code ctrl_input} accumulates mouse deltas (buttons are replaced); the delta is zeroed after each call.</li>
 * <li>One-shot values ({@code lora_scales}, {@code images}, {@code first_frame_image}, {@code last_frame_image},
 * {@code vace_ref_images}) go to exactly one call and are dropped after it, even if it fails, so a bad value is not
 * retried forever.</li>
 * <li>{@code reset_cache: true} is a request the worker consumes exactly once ({@link #takeReset}); several
 * requests before one call are one reset, and a later {@code false} does not cancel a pending request.</li>
 * <li>Video mode follows {@code input_mode} for the first stage; later stages always get frames.</li>
 * </ul>
 * Thread-safe: updates come from the transport thread, calls from the stage's worker.
 */
final class StageParameters {
    static final Set<String> ONE_SHOT_KEYS = Set.of("lora_scales", "images", "first_frame_image", "last_frame_image",
            "vace_ref_images");

    private final boolean firstStage;
    private final Map<String, Object> current = new LinkedHashMap<>();
    private final Map<String, Object> oneShots = new LinkedHashMap<>();
    private Map<String, Object> pending;
    private boolean resetRequested;

    StageParameters(boolean firstStage) {
        this.firstStage = firstStage;
    }

    /** Adds an update (already validated) for the next call. */
    synchronized void offer(Map<String, Object> update) {
        Map<String, Object> u = new LinkedHashMap<>(update);
        if (Boolean.TRUE.equals(u.remove("reset_cache"))) {
            resetRequested = true;
        }
        u.remove("reset_cache");
        if (pending == null) {
            pending = new LinkedHashMap<>();
        }
        merge(pending, u);
    }

    /** True once per reset request. */
    synchronized boolean takeReset() {
        boolean r = resetRequested;
        resetRequested = false;
        return r;
    }

    /** Applies the pending updates and returns the parameters of the next call. */
    synchronized Parameters forCall() {
        if (pending != null) {
            for (String k : ONE_SHOT_KEYS) {
                if (pending.containsKey(k)) {
                    oneShots.put(k, pending.remove(k));
                }
            }
            merge(current, pending);
            pending = null;
        }
        Map<String, Object> values = new LinkedHashMap<>(current);
        values.putAll(oneShots);
        return new Parameters(values, !firstStage || !"text".equals(current.get("input_mode")));
    }

    /** A call was made with the parameters of {@link #forCall}: drop one-shots and spent deltas. */
    synchronized void called() {
        oneShots.clear();
        Object ctrl = current.get("ctrl_input");
        if (ctrl instanceof Map<?, ?> m && m.containsKey("mouse")) {
            Map<String, Object> zeroed = new LinkedHashMap<>();
            m.forEach((k, v) -> zeroed.put(String.valueOf(k), v));
            zeroed.put("mouse", List.of(0.0, 0.0));
            current.put("ctrl_input", zeroed);
        }
    }

    /** The merged values, for reporting. */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> values = new LinkedHashMap<>(current);
        if (pending != null) {
            merge(values, pending);
        }
        return values;
    }

    private static void merge(Map<String, Object> into, Map<String, Object> update) {
        if (update.containsKey("prompts") && !update.containsKey("transition")) {
            into.remove("transition");
        }
        for (Map.Entry<String, Object> e : update.entrySet()) {
            if (e.getKey().equals("ctrl_input")) {
                into.put("ctrl_input", mergeCtrl(into.get("ctrl_input"), e.getValue()));
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }

    /** Buttons are replaced, mouse deltas add up. */
    private static Object mergeCtrl(Object old, Object update) {
        if (!(update instanceof Map<?, ?> u)) {
            return update;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        u.forEach((k, v) -> out.put(String.valueOf(k), v));
        if (old instanceof Map<?, ?> o && o.get("mouse") instanceof List<?> before
                && u.get("mouse") instanceof List<?> delta) {
            List<Object> sum = new ArrayList<>();
            for (int i = 0; i < Math.max(before.size(), delta.size()); i++) {
                sum.add(number(before, i) + number(delta, i));
            }
            out.put("mouse", sum);
        }
        return out;
    }

    private static double number(List<?> l, int i) {
        return i < l.size() && l.get(i) instanceof Number n ? n.doubleValue() : 0.0;
    }
}
