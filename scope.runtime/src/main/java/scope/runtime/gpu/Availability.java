package scope.runtime.gpu;

/** Whether a pipeline can run here, and if not, why. */
public record Availability(boolean available, String reason) {
    static final Availability OK = new Availability(true, null);

    /**
     * Stricter than Scope (which only asks whether any GPU exists): a pipeline with an estimate is available only
     * when the estimate fits the VRAM.
     */
    public static Availability of(Double estimatedVramGb, GpuInfo gpu) {
        if (estimatedVramGb == null) {
            return OK;
        }
        if (!gpu.hasGpu()) {
            return new Availability(false, String.format(java.util.Locale.ROOT,
                    "needs a GPU with about %s GB of VRAM; no GPU detected", num(estimatedVramGb)));
        }
        if (estimatedVramGb > gpu.vramGb()) {
            return new Availability(false, String.format(java.util.Locale.ROOT,
                    "needs about %s GB of VRAM; the GPU has %s GB", num(estimatedVramGb), num(gpu.vramGb())));
        }
        return OK;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
