package scope.pipeline.wan.parity;

import java.util.Arrays;

/**
 * One saved tensor against ours: element count, max |diff|, max relative diff and whether every element is within
 * the tolerance. The relative diff is {@code |diff| / |expected|} over elements whose reference exceeds the
 * absolute tolerance (near zero only the absolute one means anything). A NaN, or a length mismatch, fails.
 */
public record TensorComparison(String name, long count, double maxAbs, double maxRel, Tolerance tolerance,
        boolean withinTolerance, String problem) {

    public static TensorComparison of(String name, float[] expected, float[] actual, Tolerance tolerance) {
        if (expected.length != actual.length) {
            return new TensorComparison(name, actual.length, Double.NaN, Double.NaN, tolerance, false,
                    actual.length + " values, the reference has " + expected.length);
        }
        double maxAbs = 0;
        double maxRel = 0;
        boolean ok = true;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            double d = Math.abs(a - e);
            if (Double.isNaN(d)) {
                return new TensorComparison(name, expected.length, Double.NaN, Double.NaN, tolerance, false,
                        "NaN at element " + i);
            }
            maxAbs = Math.max(maxAbs, d);
            if (Math.abs(e) > tolerance.atol()) {
                maxRel = Math.max(maxRel, d / Math.abs(e));
            }
            ok &= tolerance.accepts(e, a);
        }
        return new TensorComparison(name, expected.length, maxAbs, maxRel, tolerance, ok, null);
    }

    public static TensorComparison of(String name, long[] expected, long[] actual) {
        boolean same = Arrays.equals(expected, actual);
        return new TensorComparison(name, actual.length, same ? 0 : Double.NaN, same ? 0 : Double.NaN,
                new Tolerance(0, 0), same, same ? null : "integer values differ");
    }
}
