package scope.pipeline.wan.parity;

import java.util.List;

/** What one fixture's check found: every tensor compared, or why it could not run. */
public record ParityResult(String fixture, List<TensorComparison> comparisons, String failure) {

    public static ParityResult of(String fixture, List<TensorComparison> comparisons) {
        if (comparisons.isEmpty()) {
            return failed(fixture, "no tensor compared");
        }
        return new ParityResult(fixture, List.copyOf(comparisons), null);
    }

    public static ParityResult failed(String fixture, String why) {
        return new ParityResult(fixture, List.of(), why);
    }

    public boolean passed() {
        return failure == null && comparisons.stream().allMatch(TensorComparison::withinTolerance);
    }

    public double maxAbs() {
        return comparisons.stream().mapToDouble(TensorComparison::maxAbs).max().orElse(Double.NaN);
    }

    public double maxRel() {
        return comparisons.stream().mapToDouble(TensorComparison::maxRel).max().orElse(Double.NaN);
    }

    /** The tolerances used, as they read. */
    public String tolerances() {
        return comparisons.stream().map(c -> c.tolerance().toString()).distinct()
                .reduce((a, b) -> a + "; " + b).orElse("-");
    }

    /** The comparisons that failed, for the report. */
    public List<TensorComparison> failures() {
        return comparisons.stream().filter(c -> !c.withinTolerance()).toList();
    }
}
