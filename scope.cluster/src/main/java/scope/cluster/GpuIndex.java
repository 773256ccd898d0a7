package scope.cluster;

/** The CUDA device a worker is given: {@code SCOPE_GPU_INDEX}, else the first of {@code CUDA_VISIBLE_DEVICES}. */
final class GpuIndex {
    private GpuIndex() {
    }

    static Integer configured() {
        Integer own = parse(System.getenv("SCOPE_GPU_INDEX"));
        if (own != null) {
            return own;
        }
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        return visible == null ? null : parse(visible.split(",")[0]);
    }

    private static Integer parse(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            int i = Integer.parseInt(v.trim());
            return i >= 0 ? i : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
