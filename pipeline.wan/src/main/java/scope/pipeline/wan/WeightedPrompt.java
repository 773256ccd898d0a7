package scope.pipeline.wan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One entry of Scope's {@code prompts} list: a text and its weight. */
public record WeightedPrompt(String text, double weight) {
    /** Reads a {@code prompts} JSON value: a list of {@code {text, weight}} objects or plain strings. */
    public static List<WeightedPrompt> parse(List<?> value) {
        List<WeightedPrompt> out = new ArrayList<>();
        for (Object o : value) {
            if (o instanceof Map<?, ?> m && m.get("text") != null) {
                Object w = m.get("weight");
                out.add(new WeightedPrompt(m.get("text").toString(), w instanceof Number n ? n.doubleValue() : 1.0));
            } else if (o instanceof String s) {
                out.add(new WeightedPrompt(s, 1.0));
            }
        }
        return out;
    }
}
