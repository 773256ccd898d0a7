package scope.runtime.workflow;

import java.util.List;

/**
 * The answer of a resolve: one item per dependency, whether the workflow can be applied, and warnings.
 *
 * @param format {@code scope-workflow} or {@code timeline} (the legacy prompt-timeline export)
 */
public record Resolution(boolean canApply, List<ResolveItem> items, List<String> warnings, String format) {
    public Resolution {
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
    }
}
