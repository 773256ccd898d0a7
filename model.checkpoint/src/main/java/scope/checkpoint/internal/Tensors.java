package scope.checkpoint.internal;

import java.util.List;

/** Small helpers shared by the readers. */
final class Tensors {
    private Tensors() {
    }

    /** The product of a shape, or -1 when a dimension is negative or the product overflows. */
    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return n;
    }

    /** A hint for a missing key: a present name that ends with it or that it ends with (a prefix mix-up). */
    static String nearby(String missing, List<String> names) {
        for (String n : names) {
            if (n.endsWith("." + missing) || missing.endsWith("." + n)) {
                return " (the checkpoint has '" + n + "')";
            }
        }
        return names.isEmpty() ? " (the checkpoint holds no tensors)" : "";
    }
}
