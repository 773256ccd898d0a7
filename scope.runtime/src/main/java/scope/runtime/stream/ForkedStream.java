package scope.runtime.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import scope.api.Frame;
import scope.api.Pipeline;
import scope.runtime.schema.ConfigSchema;
import scope.runtime.schema.ValidationException;

/**
 * A graph that forks at its source: one {@link ChainStream} per branch, each ending in its own sink (output
 * {@code i} is branch {@code i}).
 *
 * <p>Every input frame goes to each branch's source queue; branches after the first get their own copy of the
 * pixels, since a pipeline may write into the frame it is given. A client message is validated once against the
 * stages of all branches (a field one branch declares is not unknown for the stream; {@code node_id} names a stage
 * of any branch) and only then applied, so an invalid message changes no branch. Pause applies to every branch. The
 * stream stops as one: a branch that stops (an error, {@link #fail}, {@link #close}) stops the others, and the
 * listener hears {@code streamStopped} once. Statistics are those of the first output.
 */
final class ForkedStream implements Stream {
    private final String id;
    /** Set once by {@link FrameChain} before the stream is handed out. */
    private volatile List<RecordNode> recordNodes = List.of();
    private final List<String> sinkIds;
    private final List<ChainStream> branches = new ArrayList<>();
    private final StreamListener listener;
    private final AtomicBoolean stopped = new AtomicBoolean();

    /**
     * @param branchStages the stages of each branch, in role order
     * @param sinkIds      the sink node id of each branch
     */
    ForkedStream(String id, List<List<ChainStage>> branchStages, List<String> sinkIds, StreamListener listener,
            Clock clock) {
        if (branchStages.size() != sinkIds.size() || branchStages.size() < 2) {
            throw new IllegalArgumentException("a forked stream needs two or more branches, each with its sink");
        }
        this.id = id;
        this.sinkIds = List.copyOf(sinkIds);
        this.listener = listener;
        for (int i = 0; i < branchStages.size(); i++) {
            branches.add(new ChainStream(id + "-" + sinkIds.get(i), branchStages.get(i), new BranchEvents(), clock));
        }
    }

    /** Validates the initial parameters against every branch, then starts them all. */
    void start(JsonNode initialParameters) throws ValidationException {
        List<UpdateParser.Parsed> perBranch = parse(initialParameters);
        for (int i = 0; i < branches.size(); i++) {
            branches.get(i).start(perBranch.get(i));
        }
    }

    /** One parse over the stages of all branches, split back into one result per branch. */
    private List<UpdateParser.Parsed> parse(JsonNode message) throws ValidationException {
        List<ChainStage> all = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        for (ChainStream b : branches) {
            offsets.add(all.size());
            all.addAll(b.stages());
        }
        UpdateParser.Parsed parsed = UpdateParser.parse(message, all);
        List<UpdateParser.Parsed> out = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            int from = offsets.get(i);
            int to = from + branches.get(i).stages().size();
            Map<Integer, Map<String, Object>> own = new LinkedHashMap<>();
            parsed.perStage().forEach((index, values) -> {
                if (index >= from && index < to) {
                    own.put(index - from, values);
                }
            });
            out.add(new UpdateParser.Parsed(parsed.paused(), own));
        }
        return out;
    }

    /** Names the record nodes of the stream's graph (before the stream is handed out). */
    void recordNodes(List<RecordNode> nodes) {
        recordNodes = List.copyOf(nodes);
    }

    @Override
    public List<RecordNode> recordNodes() {
        return recordNodes;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void pushInput(Frame frame) {
        for (int i = 0; i < branches.size(); i++) {
            branches.get(i).pushInput(i == 0 ? frame
                    : new Frame(frame.width(), frame.height(), frame.rgb().clone(), frame.timestampNanos()));
        }
    }

    @Override
    public Frame nextOutput() throws InterruptedException {
        return nextOutput(0);
    }

    @Override
    public int outputCount() {
        return branches.size();
    }

    @Override
    public Frame nextOutput(int output) throws InterruptedException {
        return branches.get(output).nextOutput();
    }

    @Override
    public String sinkId(int output) {
        return sinkIds.get(output);
    }

    @Override
    public Runnable tapOutput(int output, FrameTap tap) {
        return branches.get(output).tapOutput(0, tap);
    }

    /** The input as the first branch gets it (the others get copies of the same frames). */
    @Override
    public Runnable tapInput(FrameTap tap) {
        return branches.get(0).tapInput(tap);
    }

    @Override
    public void notice(Map<String, Object> message) {
        listener.notice(message);
    }

    @Override
    public void update(JsonNode message) throws ValidationException {
        List<UpdateParser.Parsed> perBranch = parse(message);
        for (int i = 0; i < branches.size(); i++) {
            branches.get(i).apply(perBranch.get(i));
        }
    }

    @Override
    public StreamStats stats() {
        return branches.get(0).stats();
    }

    /** The merged parameters of every stage of every branch by node id (for reporting and tests). */
    Map<String, Map<String, Object>> parameters() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        branches.forEach(b -> out.putAll(b.parameters()));
        return out;
    }

    @Override
    public boolean replacePipeline(String nodeId, Pipeline replacement, ConfigSchema schema, long timeoutMillis)
            throws InterruptedException {
        for (ChainStream b : branches) {
            if (b.stages().stream().anyMatch(s -> s.nodeId().equals(nodeId))) {
                return b.replacePipeline(nodeId, replacement, schema, timeoutMillis);
            }
        }
        return false;
    }

    @Override
    public void fail(String errorMessage) {
        stopWith(errorMessage == null ? "stream failed" : errorMessage);
    }

    @Override
    public void close() {
        stopWith(null);
    }

    private void stopWith(String errorMessage) {
        boolean first = stopped.compareAndSet(false, true);
        for (ChainStream b : branches) {
            b.signalStop(errorMessage); // a branch raised already ignores it
        }
        if (first) {
            try {
                listener.streamStopped(errorMessage);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ForkedStream.class).warn("Stream {}: listener failed on "
                        + "streamStopped", id, e);
            }
        }
        // a worker of one branch that ends the stream must not wait for itself or for a branch waiting on it
        if (branches.stream().noneMatch(ChainStream::isWorkerThread)) {
            branches.forEach(ChainStream::joinWorkers);
        }
    }

    /** A branch's events: values go to the client, a stop stops the whole stream. */
    private final class BranchEvents implements StreamListener {
        @Override
        public void parametersUpdated(Map<String, Object> parameters) {
            listener.parametersUpdated(parameters);
        }

        @Override
        public void streamStopped(String errorMessage) {
            stopWith(errorMessage);
        }
    }
}
