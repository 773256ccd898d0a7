package scope.cluster;

import java.util.List;
import java.util.function.Function;

/**
 * The VRAM a worker has left: its total minus the {@code estimated_vram_gb} of every instance it holds (loading or
 * loaded; a failed load holds nothing). An estimate from the pipelines' own figures: the host reads
 * {@code nvidia-smi} once at start, so a live reading is not to be had here.
 */
final class FreeVram {
    private FreeVram() {
    }

    /**
     * @param totalGb   the worker's VRAM (0: no GPU)
     * @param instances what it holds
     * @param estimate  a pipeline's {@code estimated_vram_gb} by id (null: none declared, counted as 0)
     * @return GB left, never below 0
     */
    static double of(double totalGb, List<WorkerState.Instance> instances, Function<String, Double> estimate) {
        double used = 0;
        for (WorkerState.Instance i : instances) {
            if (i.usable()) {
                Double gb = estimate.apply(i.pipelineId());
                used += gb == null ? 0 : gb;
            }
        }
        return Math.max(0, Math.round((totalGb - used) * 100) / 100.0);
    }
}
