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
        Objects.requireNonNull(listener, "listener");
        if (stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("a frame chain needs at least one stage");
        }
        var ids = new HashSet<String>();
        for (ChainStage s : stages) {
            if (!ids.add(s.nodeId())) {
                throw new IllegalArgumentException("duplicate node id '" + s.nodeId() + "'");
            }
        }
        List<ChainStage> ordered = new ArrayList<>(stages);
        ordered.sort(Comparator.comparing(ChainStage::role)); // stable: keeps the order within a role
        ChainStream stream = new ChainStream(streamId == null ? UUID.randomUUID().toString() : streamId, ordered,
                listener, Clock.SYSTEM);
        stream.start(initialParameters);
        return stream;
    }
}
