package scope.runtime.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.Frame;
import scope.runtime.schema.ValidationException;

/**
 * A running chain: the queues, one {@link StageWorker} thread per stage, the {@link OutputPacer} on the sink, and
 * the bookkeeping behind {@link StreamStats}.
 *
 * <p>Queues: source -&gt; stage 0 -&gt; ... -&gt; stage n-1 -&gt; sink; queue {@code i} is stage {@code i}'s input and
 * stage {@code i-1}'s output. Stopping (close, {@link #fail}, or a fatal worker error) happens once: the listener
 * hears {@code streamStopped} exactly once, every wait ends, and {@link #close}/{@link #fail} called from outside
 * the workers return only after the workers have left their pipelines (bounded by {@link #JOIN_MILLIS} per worker),
 * so the pipeline manager may close the instances afterwards.
 */
final class ChainStream implements Stream, StageWorker.Host {
    static final long JOIN_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(ChainStream.class);
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Timestamps further than this from now are not on the System.nanoTime clock: no latency figure for them. */
    private static final long MAX_PLAUSIBLE_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String id;
    /** Set once by {@link FrameChain} before the stream is handed out. */
    private volatile List<RecordNode> recordNodes = List.of();
    /** Copy-on-write: a stage's entry changes when its pipeline is replaced (plugin updated). */
    private volatile List<ChainStage> stages;
    private final List<StageWorker> workers = new ArrayList<>();
    private final StreamListener listener;
    private final Clock clock;
    private final List<FrameQueue> queues = new ArrayList<>();
    private final List<StageParameters> parameters = new ArrayList<>();
    private final List<BatchFpsEstimator> estimators = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final PauseState pause = new PauseState();
    private final StopSignal stop = new StopSignal();
    private final OutputPacer pacer;
    private final RateMeter delivered = new RateMeter(TimeUnit.SECONDS.toNanos(2));
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private final List<FrameTap> outputTaps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<FrameTap> inputTaps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final long startNanos;
    private volatile long firstFrameNanos = -1;
    private volatile double latencyMs = -1;
    private long lastHeartbeat;

    ChainStream(String id, List<ChainStage> stages, StreamListener listener, Clock clock) {
        this.id = id;
        this.stages = List.copyOf(stages);
        this.listener = listener;
        this.clock = clock;
        for (int i = 0; i <= stages.size(); i++) {
            queues.add(new FrameQueue(i == 0 ? "source" : i == stages.size() ? "sink" : stages.get(i - 1).nodeId(),
                    FrameQueue.DEFAULT_CAPACITY, clock));
        }
        for (int i = 0; i < stages.size(); i++) {
            parameters.add(new StageParameters(i == 0));
            estimators.add(new BatchFpsEstimator());
        }
        BatchFpsEstimator sinkProducer = estimators.get(estimators.size() - 1);
        this.pacer = new OutputPacer(queues.get(stages.size()), sinkProducer, pause, stop, clock);
        this.startNanos = clock.nanoTime();
        this.lastHeartbeat = startNanos;
    }

    /** Applies the initial parameters and starts the workers. */
    void start(JsonNode initialParameters) throws ValidationException {
        start(UpdateParser.parse(initialParameters, stages));
    }

    /** Applies initial parameters parsed already (a forked stream parses them once for all its branches). */
    void start(UpdateParser.Parsed initial) {
        apply(initial);
        for (int i = 0; i < stages.size(); i++) {
            ChainStage stage = stages.get(i);
            StageWorker worker = new StageWorker(i, stage, queues.get(i), queues.get(i + 1), parameters.get(i),
                    estimators.get(i), pause, stop, this, clock);
            workers.add(worker);
            Thread t = new Thread(worker, "scope-stream-" + id + "-" + stage.nodeId());
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        LOG.info("Stream {} started: {}", id, stages.stream().map(ChainStage::nodeId).toList());
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
        if (!stop.isRaised() && queues.get(0).offer(frame)) {
            framesIn.incrementAndGet();
            tell(inputTaps, frame, clock.nanoTime());
        }
    }

    @Override
    public Frame nextOutput() throws InterruptedException {
        Frame frame = pacer.next();
        if (frame == null) {
            return null;
        }
        long now = clock.nanoTime();
        framesOut.incrementAndGet();
        delivered.mark(now);
        tell(outputTaps, frame, now);
        if (firstFrameNanos < 0) {
            firstFrameNanos = now;
            LOG.info("First frame produced, playback ready (stream={}, ttff={}ms)", id,
                    Math.round((now - startNanos) / 1e6));
        }
        if (frame.hasTimestamp()) {
            long age = now - frame.timestampNanos();
            latencyMs = age >= 0 && age < MAX_PLAUSIBLE_LATENCY_NANOS ? age / 1e6 : -1;
        }
        if (now - lastHeartbeat >= HEARTBEAT_NANOS) {
            lastHeartbeat = now;
            StreamStats s = stats();
            LOG.info("Stream {}: in={} out={} delivered={} fps, pipeline={} fps, buffer wait={} ms", id, s.framesIn(),
                    s.framesOut(), String.format("%.1f", s.deliveredFps()), String.format("%.1f", s.pipelineFps()),
                    String.format("%.0f", s.bufferWaitMs()));
        }
        return frame;
    }

    private void tell(List<FrameTap> taps, Frame frame, long now) {
        for (FrameTap tap : taps) {
            try {
                tap.frame(frame, now);
            } catch (RuntimeException e) {
                LOG.warn("Stream {}: a frame tap failed", id, e);
            }
        }
    }

    @Override
    public Runnable tapOutput(int output, FrameTap tap) {
        if (output != 0) {
            throw new IndexOutOfBoundsException("output " + output + " of a stream with one output");
        }
        return addTap(outputTaps, tap);
    }

    @Override
    public Runnable tapInput(FrameTap tap) {
        return addTap(inputTaps, tap);
    }

    private Runnable addTap(List<FrameTap> taps, FrameTap tap) {
        taps.add(tap);
        if (stop.isRaised() && taps.remove(tap)) {
            tap.ended(); // stopped meanwhile: whoever removes it tells it
        }
        return () -> taps.remove(tap);
    }

    @Override
    public void notice(Map<String, Object> message) {
        try {
            listener.notice(message);
        } catch (RuntimeException e) {
            LOG.warn("Stream {}: listener failed on notice", id, e);
        }
    }

    @Override
    public void update(JsonNode message) throws ValidationException {
        UpdateParser.Parsed parsed = UpdateParser.parse(message, stages);
        apply(parsed);
    }

    /** The stages now (a replaced pipeline shows its new entry). */
    List<ChainStage> stages() {
        return stages;
    }

    void apply(UpdateParser.Parsed parsed) {
        if (parsed.paused() != null) {
            pause.set(parsed.paused(), clock.nanoTime());
        }
        parsed.perStage().forEach((i, values) -> parameters.get(i).offer(values));
    }

    @Override
    public StreamStats stats() {
        long now = clock.nanoTime();
        long first = firstFrameNanos;
        return new StreamStats(framesIn.get(), framesOut.get(), delivered.rate(now),
                estimators.get(estimators.size() - 1).fps(), pacer.outputFps(),
                first < 0 ? -1 : (first - startNanos) / 1e6, latencyMs, pause.isPaused(), pacer.emptyPolls(),
                pacer.meanBufferWaitMs());
    }

    /** The merged parameters of every stage by node id (for reporting). */
    Map<String, Map<String, Object>> parameters() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            out.put(stages.get(i).nodeId(), parameters.get(i).snapshot());
        }
        return out;
    }

    @Override
    public void forward(int stageIndex, Map<String, Object> values) {
        for (int i = stageIndex + 1; i < stages.size(); i++) {
            parameters.get(i).offer(values);
        }
        Map<String, Object> message = new LinkedHashMap<>(values);
        message.put("node_id", stages.get(stageIndex).nodeId());
        try {
            listener.parametersUpdated(message);
        } catch (RuntimeException e) {
            LOG.warn("Stream {}: listener failed on parametersUpdated", id, e);
        }
    }

    @Override
    public boolean replacePipeline(String nodeId, scope.api.Pipeline replacement,
            scope.runtime.schema.ConfigSchema schema, long timeoutMillis) throws InterruptedException {
        int index = -1;
        List<ChainStage> current = stages;
        for (int i = 0; i < current.size(); i++) {
            if (current.get(i).nodeId().equals(nodeId)) {
                index = i;
            }
        }
        if (index < 0 || workers.size() <= index) {
            return false;
        }
        ChainStage old = current.get(index);
        ChainStage next = new ChainStage(old.nodeId(), old.pipelineId(), replacement, schema, old.role());
        synchronized (this) {
            List<ChainStage> copy = new ArrayList<>(stages);
            copy.set(index, next);
            stages = List.copyOf(copy);
        }
        StageWorker.Swap swap = workers.get(index).swap(next);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!swap.done().await(10, TimeUnit.MILLISECONDS)) {
            if (stop.isRaised()) {
                joinWorkers(); // once they are gone the old pipeline is not called either
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void fail(String message) {
        stopWith(message == null ? "stream failed" : message);
    }

    @Override
    public void close() {
        stopWith(null);
    }

    private void stopWith(String errorMessage) {
        signalStop(errorMessage);
        joinWorkers();
    }

    /** Raises the stop (once: the listener hears it then) without waiting for the workers. */
    void signalStop(String errorMessage) {
        if (stop.raise(errorMessage)) {
            queues.forEach(FrameQueue::wakeAll);
            if (errorMessage != null) {
                LOG.error("Stream {} stopped: {}", id, errorMessage);
            } else {
                LOG.info("Stream {} stopped", id);
            }
            try {
                listener.streamStopped(errorMessage);
            } catch (RuntimeException e) {
                LOG.warn("Stream {}: listener failed on streamStopped", id, e);
            }
            endTaps(outputTaps);
            endTaps(inputTaps);
        }
    }

    private void endTaps(List<FrameTap> taps) {
        for (FrameTap tap : List.copyOf(taps)) {
            if (taps.remove(tap)) {
                try {
                    tap.ended();
                } catch (RuntimeException e) {
                    LOG.warn("Stream {}: a frame tap failed when the stream ended", id, e);
                }
            }
        }
    }

    /** Whether the calling thread is one of this chain's workers. */
    boolean isWorkerThread() {
        return threads.contains(Thread.currentThread());
    }

    void joinWorkers() {
        if (threads.contains(Thread.currentThread())) {
            return; // a worker ending the stream itself: the others finish on their own
        }
        for (Thread t : threads) {
            try {
                t.join(JOIN_MILLIS);
                if (t.isAlive()) {
                    LOG.warn("Stream {}: worker {} is still inside its pipeline after {} ms", id, t.getName(),
                            JOIN_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
