package scope.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Where a load or a WebRTC session goes - the pipeline manager's reuse rule applied cluster-wide. Decisions only:
 * no I/O, so every gateway decides the same from the same ZooKeeper view.
 *
 * <p>A load goes to a <em>warm</em> worker when one holds every requested pipeline with equal canonical effective
 * load parameters (loaded or loading) and has room for another session - and, when it serves sessions, holds
 * nothing the load does not name (a load replaces what a worker holds): it reuses those instances, nothing
 * reloads. Otherwise it is <em>cold</em>: to a worker whose VRAM fits the request's {@code estimated_vram_gb} and
 * that serves no session (a load replaces what a worker holds, which would stop its streams), preferring workers
 * that hold nothing loaded (nothing warm is thrown away), then the most room left (VRAM minus the estimate). A
 * session goes to a worker that holds every pipeline it names, preferring the worker of the last load.
 * Draining workers take neither. A refusal names, per worker, why it was not chosen.
 */
final class Placement {
    private Placement() {
    }

    /** One pipeline of a load request, its load params already canonical. */
    record Wanted(String nodeId, String pipelineId, JsonNode canonical) {
    }

    /** A pipeline node an offer needs: loaded under its node id or its pipeline id. */
    record Needed(String nodeId, String pipelineId) {
    }

    record Decision(WorkerState worker, boolean warm) {
    }

    static Decision forLoad(List<Wanted> wanted, double estimatedVramGb, List<WorkerState> workers,
            Set<String> draining) throws PlacementRefused {
        if (workers.isEmpty()) {
            throw new PlacementRefused(503, "No worker is in the cluster");
        }
        List<WorkerState> warm = new ArrayList<>();
        List<WorkerState> cold = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        boolean anyFits = false;
        for (WorkerState w : workers) {
            boolean fits = w.vramGb() >= estimatedVramGb;
            anyFits |= fits; // a draining worker that fits makes this "busy" (503), not "too big" (409)
            if (draining.contains(w.id())) {
                reasons.add(w.id() + ": draining");
                continue;
            }
            if (holdsAll(w, wanted)) {
                if (w.sessions() > 0 && !keepsAll(w, wanted)) {
                    // the worker's manager would unload what the load does not name, under running streams
                    reasons.add(w.id() + ": holds the pipelines but serves " + w.sessions()
                            + " session(s) on instances this load would unload");
                } else if (w.sessions() < w.maxSessions()) {
                    warm.add(w);
                } else {
                    reasons.add(w.id() + ": holds the pipelines but serves its maximum of " + w.maxSessions()
                            + " sessions");
                }
            } else if (!fits) {
                reasons.add(w.id() + ": " + fmt(w.vramGb()) + " GB VRAM, the pipelines need " + fmt(estimatedVramGb)
                        + " GB");
            } else if (w.sessions() > 0) {
                reasons.add(w.id() + ": serves " + w.sessions() + " session(s) of other pipelines");
            } else {
                cold.add(w);
            }
        }
        if (!warm.isEmpty()) {
            warm.sort(Comparator.comparingInt(WorkerState::sessions).thenComparing(WorkerState::id));
            return new Decision(warm.get(0), true);
        }
        if (!cold.isEmpty()) {
            cold.sort(Comparator.comparing((WorkerState w) -> holdsAnything(w))
                    .thenComparing(Comparator.comparingDouble(WorkerState::vramGb).reversed())
                    .thenComparing(WorkerState::id));
            return new Decision(cold.get(0), false);
        }
        // nothing fits the GPU anywhere: the same answer as a single server's VRAM filter; else all are busy
        throw new PlacementRefused(anyFits ? 503 : 409, "No worker can take this load: " + String.join("; ", reasons));
    }

    static Decision forSession(List<Needed> needed, String lastLoadWorker, List<WorkerState> workers,
            Set<String> draining) throws PlacementRefused {
        if (workers.isEmpty()) {
            throw new PlacementRefused(503, "No worker is in the cluster");
        }
        List<WorkerState> candidates = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (WorkerState w : workers) {
            boolean holds = needed.isEmpty() ? w.id().equals(lastLoadWorker) && holdsAnything(w)
                    : holdsNodes(w, needed);
            if (draining.contains(w.id())) {
                reasons.add(w.id() + ": draining");
            } else if (!holds) {
                reasons.add(w.id() + ": " + (needed.isEmpty() ? "not the worker of the last load"
                        : "does not hold " + names(needed)));
            } else if (w.sessions() >= w.maxSessions()) {
                reasons.add(w.id() + ": serves its maximum of " + w.maxSessions() + " sessions");
            } else {
                candidates.add(w);
            }
        }
        if (candidates.isEmpty()) {
            String what = needed.isEmpty() ? "the loaded pipelines" : names(needed);
            throw new PlacementRefused(needed.isEmpty() && lastLoadWorker == null ? 400 : 503,
                    (lastLoadWorker == null && needed.isEmpty() ? "Pipeline not loaded. Please load pipeline first. "
                            : "No worker can serve a session of " + what + ": ") + String.join("; ", reasons));
        }
        candidates.sort(Comparator.comparing((WorkerState w) -> !w.id().equals(lastLoadWorker))
                .thenComparingInt(WorkerState::sessions).thenComparing(WorkerState::id));
        return new Decision(candidates.get(0), true);
    }

    private static boolean holdsAll(WorkerState w, List<Wanted> wanted) {
        for (Wanted x : wanted) {
            boolean found = false;
            for (WorkerState.Instance i : w.instances()) {
                if (i.usable() && i.pipelineId().equals(x.pipelineId()) && x.canonical().equals(i.loadParams())) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return !wanted.isEmpty();
    }

    /** Every usable instance of the worker is one the load names: loading there unloads nothing. */
    private static boolean keepsAll(WorkerState w, List<Wanted> wanted) {
        for (WorkerState.Instance i : w.instances()) {
            if (i.usable() && wanted.stream().noneMatch(x -> i.pipelineId().equals(x.pipelineId())
                    && x.canonical().equals(i.loadParams()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean holdsNodes(WorkerState w, List<Needed> needed) {
        for (Needed n : needed) {
            boolean found = false;
            for (WorkerState.Instance i : w.instances()) {
                if (i.usable() && i.pipelineId().equals(n.pipelineId())
                        && (i.nodeId().equals(n.nodeId()) || i.nodeId().equals(n.pipelineId()))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean holdsAnything(WorkerState w) {
        return w.instances().stream().anyMatch(WorkerState.Instance::usable);
    }

    private static String names(List<Needed> needed) {
        List<String> out = new ArrayList<>();
        for (Needed n : needed) {
            out.add(n.nodeId().equals(n.pipelineId()) ? n.pipelineId() : n.nodeId() + " (" + n.pipelineId() + ")");
        }
        return String.join(", ", out);
    }

    private static String fmt(double gb) {
        return gb == Math.rint(gb) ? Long.toString((long) gb) : Double.toString(gb);
    }
}
