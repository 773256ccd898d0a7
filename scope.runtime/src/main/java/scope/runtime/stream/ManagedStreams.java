package scope.runtime.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.Usage;
import scope.runtime.manager.InstanceListener;
import scope.runtime.manager.LoadedPipeline;
import scope.runtime.manager.PipelineManager;
import scope.runtime.schema.ValidationException;

/**
 * Opens streams over the instances the {@link PipelineManager} has loaded.
 *
 * <p>The chain is taken from the offer's {@code initialParameters}: the branches of {@code graph} (see
 * {@link GraphPlan}: one chain, or one chain per sink of a graph that forks at its source), else
 * {@code pipeline_ids}, else every loaded instance. Each node must be loaded - under its node id,
 * or under its pipeline id - or the stream is refused with Scope's "Pipeline not loaded" message. Roles come from
 * each pipeline's {@code usage}. When the manager takes an instance away (plugin removed, replaced by a new load),
 * every stream using it ends with {@code stream_stopped} and the manager's reason; other streams go on.
 */
@Component(service = {StreamService.class, ManagedStreams.class}, immediate = true)
public class ManagedStreams implements StreamService, InstanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedStreams.class);
    /** How long a stream may take to reach a batch boundary when its pipeline is replaced. */
    static final long SWAP_TIMEOUT_MILLIS = 5_000;
    static final String NOT_LOADED = "Pipeline not loaded. Please load pipeline first.";

    private final PipelineManager manager;
    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private final List<StreamObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Orders the open streams by when they were opened (the most recent one is what OSC controls by default). */
    private final java.util.concurrent.atomic.AtomicLong openings = new java.util.concurrent.atomic.AtomicLong();

    private record Open(Stream stream, List<String> instanceIds, long opening) {
    }

    @Activate
    public ManagedStreams(@Reference PipelineManager manager) {
        this.manager = manager;
        manager.addInstanceListener(this);
    }

    /** Told of each stream opened (the recorder); whiteboard services. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    void addObserver(StreamObserver observer) {
        observers.add(observer);
    }

    void removeObserver(StreamObserver observer) {
        observers.remove(observer);
    }

    @Deactivate
    public void deactivate() {
        manager.removeInstanceListener(this);
        open.values().forEach(o -> o.stream().fail("the server is shutting down"));
        open.clear();
    }

    @Override
    public Stream open(JsonNode initialParameters, StreamListener listener) throws ValidationException {
        return open(null, initialParameters, listener);
    }

    @Override
    public Stream open(String streamId, JsonNode initialParameters, StreamListener listener)
            throws ValidationException {
        if (streamId != null && open.containsKey(streamId)) {
            throw new IllegalArgumentException("a stream with id '" + streamId + "' is already open");
        }
        List<RecordNode> recordNodes = new ArrayList<>();
        List<Branch> branches = branchesFor(initialParameters, recordNodes);
        List<LoadedPipeline> instances = new ArrayList<>();
        List<List<ChainStage>> stages = new ArrayList<>();
        Map<String, String> nodeOfInstance = new java.util.HashMap<>();
        for (Branch branch : branches) {
            List<ChainStage> own = new ArrayList<>();
            for (int i = 0; i < branch.instances().size(); i++) {
                LoadedPipeline p = branch.instances().get(i);
                String graphNode = branch.nodeIds().get(i);
                String other = nodeOfInstance.putIfAbsent(p.instanceId(), graphNode);
                if (other != null) {
                    throw new ValidationException("initialParameters.graph.nodes", "nodes '" + other + "' and '"
                            + graphNode + "' would share the one loaded instance of '" + p.pipelineId() + "'; load "
                            + "each pipeline node under its own node_id");
                }
                instances.add(p);
                own.add(stageOf(p));
            }
            if (own.isEmpty()) {
                own.add(DirectBranch.stage(branch.sinkId())); // the sink takes the source as it is
            }
            stages.add(own);
        }
        String[] idHolder = new String[1];
        StreamListener events = new StreamListener() {
            @Override
            public void parametersUpdated(Map<String, Object> parameters) {
                listener.parametersUpdated(parameters);
            }

            @Override
            public void notice(Map<String, Object> message) {
                listener.notice(message);
            }

            @Override
            public void streamStopped(String errorMessage) {
                if (idHolder[0] != null) {
                    open.remove(idHolder[0]);
                }
                listener.streamStopped(errorMessage);
            }
        };
        Stream stream = branches.size() == 1
                ? FrameChain.start(streamId, stages.get(0), initialParameters, events, recordNodes)
                : FrameChain.startForked(streamId, stages, branches.stream().map(Branch::sinkId).toList(),
                        initialParameters, events, recordNodes);
        idHolder[0] = stream.id();
        open.put(stream.id(), new Open(stream, new java.util.concurrent.CopyOnWriteArrayList<>(
                instances.stream().map(LoadedPipeline::instanceId).toList()), openings.incrementAndGet()));
        for (StreamObserver observer : observers) {
            try {
                observer.streamOpened(stream, initialParameters);
            } catch (RuntimeException e) {
                LOG.warn("Stream {}: observer {} failed", stream.id(), observer, e);
            }
        }
        if (branches.size() == 1) {
            LOG.info("Stream {} started over {}", stream.id(), instances.stream().map(LoadedPipeline::nodeId).toList());
        } else {
            LOG.info("Stream {} started over {} branches: {}", stream.id(), branches.size(), branches.stream()
                    .map(b -> b.instances().stream().map(LoadedPipeline::nodeId).toList() + " -> " + b.sinkId())
                    .toList());
        }
        return stream;
    }

    private static ChainStage stageOf(LoadedPipeline p) {
        List<Usage> usage = p.registered().descriptor().usage();
        ChainStage.Role role = usage.contains(Usage.PREPROCESSOR) ? ChainStage.Role.PRE
                : usage.contains(Usage.POSTPROCESSOR) ? ChainStage.Role.POST : ChainStage.Role.MAIN;
        return new ChainStage(p.nodeId(), p.pipelineId(), p.pipeline(), p.registered().schema(), role);
    }

    /** One branch of the stream: its loaded instances (with the graph node each stands for) and its sink. */
    private record Branch(String sinkId, List<String> nodeIds, List<LoadedPipeline> instances) {
    }

    /** The branches to run; a graph's record nodes are added to {@code recordNodes}. */
    private List<Branch> branchesFor(JsonNode params, List<RecordNode> recordNodes) throws ValidationException {
        List<GraphPlan.Branch> planned = new ArrayList<>();
        JsonNode graph = params == null ? null : params.get("graph");
        JsonNode ids = params == null ? null : params.get("pipeline_ids");
        if (graph != null && !graph.isNull()) {
            if (!graph.isObject()) {
                throw new ValidationException("initialParameters.graph", "expected an object with nodes and edges");
            }
            // the branches the edges describe, or a refusal naming what this server cannot run
            GraphPlan.Plan plan = GraphPlan.plan(graph);
            planned.addAll(plan.branches());
            recordNodes.addAll(plan.records());
        } else if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                throw new ValidationException("initialParameters.pipeline_ids", "expected an array of strings");
            }
            List<GraphPlan.Step> steps = new ArrayList<>();
            for (JsonNode id : ids) {
                if (!id.isTextual()) {
                    throw new ValidationException("initialParameters.pipeline_ids", "expected an array of strings");
                }
                steps.add(new GraphPlan.Step(id.textValue(), id.textValue()));
            }
            if (!steps.isEmpty()) {
                planned.add(new GraphPlan.Branch(null, steps));
            }
        }
        if (planned.size() == 1 && planned.get(0).steps().isEmpty()) {
            planned.clear(); // a graph listing no pipeline node, as no graph at all
        }
        List<Branch> branches = new ArrayList<>();
        if (planned.isEmpty()) {
            List<LoadedPipeline> all = manager.loadedInstances();
            if (all.isEmpty()) {
                throw new IllegalStateException(NOT_LOADED);
            }
            branches.add(new Branch(null, all.stream().map(LoadedPipeline::nodeId).toList(), all));
            return branches;
        }
        for (GraphPlan.Branch b : planned) {
            List<LoadedPipeline> chain = new ArrayList<>();
            List<String> nodeIds = new ArrayList<>();
            for (GraphPlan.Step step : b.steps()) {
                Optional<LoadedPipeline> p = manager.loaded(step.nodeId()).or(() -> manager.loaded(step.pipelineId()));
                chain.add(p.orElseThrow(() -> new IllegalStateException(NOT_LOADED)));
                nodeIds.add(step.nodeId());
            }
            branches.add(new Branch(b.sinkId(), nodeIds, chain));
        }
        return branches;
    }

    @Override
    public void instanceRemoved(LoadedPipeline instance, String reason) {
        for (Open o : List.copyOf(open.values())) {
            if (o.instanceIds().contains(instance.instanceId())) {
                LOG.info("Stream {} stops: {}", o.stream().id(), reason);
                o.stream().fail(reason);
            }
        }
    }

    /**
     * Make-before-break: every stream using {@code old} switches its stage to {@code replacement} at a batch
     * boundary; a stream whose worker does not get there in time is stopped, so {@code old} can be closed safely.
     */
    @Override
    public void instanceReplaced(LoadedPipeline old, LoadedPipeline replacement) {
        for (Open o : List.copyOf(open.values())) {
            int i = o.instanceIds().indexOf(old.instanceId());
            if (i < 0) {
                continue;
            }
            boolean switched;
            try {
                switched = o.stream().replacePipeline(old.nodeId(), replacement.pipeline(),
                        replacement.registered().schema(), SWAP_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                switched = false;
            }
            if (switched) {
                o.instanceIds().set(i, replacement.instanceId());
                LOG.info("Stream {} switched {} to instance {}", o.stream().id(), old.nodeId(),
                        replacement.instanceId());
            } else {
                o.stream().fail("pipeline '" + old.pipelineId() + "' was replaced by a new revision of its plugin "
                        + "and the stream could not switch to it");
            }
        }
    }

    /** The instance ids each open stream uses, by stream id (for the console and tests). */
    public Map<String, List<String>> instancesByStream() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        open.forEach((id, o) -> out.put(id, List.copyOf(o.instanceIds())));
        return out;
    }

    /** The stream with this id (a transport's session id), if it is running. Since 1.2. */
    public Optional<Stream> stream(String id) {
        Open o = id == null ? null : open.get(id);
        return o == null ? Optional.empty() : Optional.of(o.stream());
    }

    /** The streams running now, in the order they were opened (the most recent last). */
    public List<Stream> streams() {
        return open.values().stream().sorted(java.util.Comparator.comparingLong(Open::opening)).map(Open::stream)
                .toList();
    }
}
