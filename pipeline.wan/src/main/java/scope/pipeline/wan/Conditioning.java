package scope.pipeline.wan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import scope.api.Parameters;

/**
 * The prompt embedding each call uses: spatial blending of the weighted {@code prompts}, and temporal
 * {@code transition}s that move from the current embedding to a target over a number of calls. A new prompt list
 * or a new transition cancels a running transition (the new one starts from where the old one got to).
 */
public final class Conditioning {
    /**
     * The embedding of one call, whether it changed outside a transition (a "hard cut"), and whether it changed at
     * all since the previous call (a cut or a transition step: Scope's {@code conditioning_embeds_updated}).
     */
    public record Step(float[] embeds, boolean hardChange, boolean updated) {
    }

    private final PromptEncoder encoder;
    private final String defaultTemporalMethod;
    private Object lastPrompts;
    private String lastSpatialMethod;
    private Object lastTransition;
    private float[] current;
    private float[] from;
    private float[] target;
    private int step;
    private int steps;
    private boolean slerpTransition;
    private int rowLength;

    public Conditioning(PromptEncoder encoder, String defaultTemporalMethod) {
        this.encoder = encoder;
        this.defaultTemporalMethod = defaultTemporalMethod;
    }

    public Step next(Parameters p) throws Exception {
        boolean hard = false;
        float[] before = current;
        Object prompts = p.get("prompts");
        String spatial = p.getString("prompt_interpolation_method", "linear");
        Object transition = p.get("transition");
        if (transition instanceof Map<?, ?> t && !t.equals(lastTransition)) {
            lastTransition = t;
            lastPrompts = prompts;
            lastSpatialMethod = spatial;
            Object targets = t.get("target_prompts");
            float[] goal = blend(targets instanceof List<?> l ? WeightedPrompt.parse(l) : promptsOf(prompts), spatial);
            int n = t.get("num_steps") instanceof Number num ? num.intValue() : 0;
            Object method = t.get("temporal_interpolation_method");
            if (n > 0 && current != null) {
                from = current;
                target = goal;
                step = 0;
                steps = n;
                slerpTransition = "slerp".equals(method != null ? method.toString() : defaultTemporalMethod);
            } else {
                hard = current != null;
                current = goal;
                target = null;
            }
        } else if (current == null || !Objects.equals(prompts, lastPrompts) || !spatial.equals(lastSpatialMethod)) {
            lastPrompts = prompts;
            lastSpatialMethod = spatial;
            lastTransition = transition;
            hard = current != null;
            current = blend(promptsOf(prompts), spatial);
            target = null;
        }
        if (target != null) {
            step++;
            current = EmbeddingMath.interpolate(from, target, (double) step / steps, slerpTransition, rowLength);
            if (step >= steps) {
                target = null;
            }
        }
        // the embedding is a new array whenever it changes
        return new Step(current, hard, before != null && current != before);
    }

    /** True while a transition is moving the embedding. */
    public boolean inTransition() {
        return target != null;
    }

    private static List<WeightedPrompt> promptsOf(Object prompts) {
        List<WeightedPrompt> list = prompts instanceof List<?> l ? WeightedPrompt.parse(l) : List.of();
        return list.isEmpty() ? List.of(new WeightedPrompt("", 1.0)) : list;
    }

    private float[] blend(List<WeightedPrompt> prompts, String spatialMethod) throws Exception {
        List<String> texts = new ArrayList<>();
        double[] weights = new double[prompts.size()];
        for (int i = 0; i < prompts.size(); i++) {
            texts.add(prompts.get(i).text());
            weights[i] = prompts.get(i).weight();
        }
        List<float[]> embeds = encoder.encode(texts);
        rowLength = embeds.get(0).length / WanContract.TEXT_TOKENS;
        return EmbeddingMath.blend(embeds.toArray(float[][]::new), weights, "slerp".equals(spatialMethod), rowLength);
    }
}
