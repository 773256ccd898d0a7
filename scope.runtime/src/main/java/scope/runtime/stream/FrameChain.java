package scope.runtime.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import scope.runtime.schema.ValidationException;

/**
 * Starts frame chains (spec section 5): source -&gt; preprocessors -&gt; main -&gt; postprocessors -&gt; sink.
 *
 * <p>The caller (the pipeline manager) passes loaded pipeline instances and keeps owning them: the chain never
 * loads or closes a pipeline. After {@link Stream#close()} or {@link Stream#fail(String)} returns, the chain does
 * not call the pipelines any more.
 */
public final class FrameChain {
    private FrameChain() {
    }

    /**
     * Validates the initial parameters and starts one worker thread per stage.
     *
     * @param streamId          the id of the stream (the session id), or null for a generated one
     * @param stages            at least one stage; run in role order PRE, MAIN, POST, keeping the given order within
     *                          a role; node ids must be unique
     * @param initialParameters the offer's {@code initialParameters} (spec 2.3), or null
     * @param listener          receives {@code parametersUpdated} and, exactly once, {@code streamStopped}
     * @throws ValidationException when the initial parameters are invalid; nothing is started then
     */
    public static Stream start(String streamId, List<ChainStage> stages, JsonNode initialParameters,
            StreamListener listener) throws ValidationException {
        return start(streamId, stages, initialParameters, listener, List.of());
    }

    /** {@link #start(String, List, JsonNode, StreamListener)} for a graph with record nodes. */
    static Stream start(String streamId, List<ChainStage> stages, JsonNode initialParameters,
            StreamListener listener, List<RecordNode> recordNodes) throws ValidationException {
        Objects.requireNonNull(listener, "listener");
        List<ChainStage> ordered = ordered(stages, new HashSet<>());
        ChainStream stream = new ChainStream(streamId == null ? UUID.randomUUID().toString() : streamId, ordered,
                listener, Clock.SYSTEM);
        stream.recordNodes(recordNodes);
        stream.start(initialParameters);
        return stream;
    }

    /**
     * Starts a stream that forks at its source: one chain per branch, all fed the same input, output {@code i}
     * ({@link Stream#nextOutput(int)}) being branch {@code i}'s sink. Parameters, pause and stopping apply to the
     * stream as a whole; {@code node_id} routes an update to the one stage of that id in any branch.
     *
     * @param branches at least two branches, each with at least one stage (ordered by role within the branch);
     *                 node ids unique across all branches, and no pipeline instance in two places
     * @param sinkIds  the sink node id of each branch, in the same order
     * @throws ValidationException when the initial parameters are invalid; nothing is started then
     */
    public static Stream startForked(String streamId, List<List<ChainStage>> branches, List<String> sinkIds,
            JsonNode initialParameters, StreamListener listener) throws ValidationException {
        return startForked(streamId, branches, sinkIds, initialParameters, listener, List.of());
    }

    /** {@link #startForked(String, List, List, JsonNode, StreamListener)} for a graph with record nodes. */
    static Stream startForked(String streamId, List<List<ChainStage>> branches, List<String> sinkIds,
            JsonNode initialParameters, StreamListener listener, List<RecordNode> recordNodes)
            throws ValidationException {
        Objects.requireNonNull(listener, "listener");
        var ids = new HashSet<String>();
        var instances = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<Object, Boolean>());
        List<List<ChainStage>> ordered = new ArrayList<>();
        for (List<ChainStage> branch : branches) {
            for (ChainStage s : branch) {
                if (!instances.add(s.pipeline())) {
                    // two worker threads would call one instance at once, mixing two streams' state
                    throw new IllegalArgumentException("node '" + s.nodeId() + "' uses a pipeline instance another "
                            + "node of the graph uses too");
                }
            }
            ordered.add(ordered(branch, ids));
        }
        ForkedStream stream = new ForkedStream(streamId == null ? UUID.randomUUID().toString() : streamId, ordered,
                sinkIds, listener, Clock.SYSTEM);
        stream.recordNodes(recordNodes);
        stream.start(initialParameters);
        return stream;
    }

    private static List<ChainStage> ordered(List<ChainStage> stages, java.util.Set<String> ids) {
        if (stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("a frame chain needs at least one stage");
        }
        for (ChainStage s : stages) {
            if (!ids.add(s.nodeId())) {
                throw new IllegalArgumentException("duplicate node id '" + s.nodeId() + "'");
            }
        }
        List<ChainStage> ordered = new ArrayList<>(stages);
        ordered.sort(Comparator.comparing(ChainStage::role)); // stable: keeps the order within a role
        return ordered;
    }
}
