package scope.pipeline.wan.parity;

/**
 * numpy's allclose: an element passes when {@code |actual - expected| <= atol + rtol |expected|}.
 */
public record Tolerance(double rtol, double atol) {
    /** One model call from saved inputs: 1e-4 absolute. */
    public static final Tolerance SINGLE_CALL = new Tolerance(0, 1e-4);
    /** Chained sequences (a re-implementation feeds its own outputs forward). */
    public static final Tolerance CHAINED = new Tolerance(1e-3, 1e-4);

    public boolean accepts(double expected, double actual) {
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    @Override
    public String toString() {
        return rtol == 0 ? "atol " + atol : "rtol " + rtol + " atol " + atol;
    }
}
