package scope.runtime.stream;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.Frame;
import scope.api.Parameters;
import scope.api.PipelineCall;
import scope.api.PipelineOutput;
import scope.api.Requirements;

/**
 * The worker thread of one stage: takes frames from its input queue, calls the pipeline, puts the result on its
 * output queue (spec 5.4).
 *
 * <p>Per iteration:
 * <ol>
 * <li>a pause or unpause since the last iteration restarts the FPS batch clock; while paused, nothing is called;
 * after an unpause the worker first waits as long as its last call ran on into the pause, so a pause freezes the
 * producer as it froze the output (the call that finished during the pause would otherwise put the stream one call
 * ahead, a backlog the output could only work off by playing faster);</li>
 * <li>a pending {@code reset_cache} empties the output queue and makes the next call {@code initCache=true} (the first
 * call of a stream has it too);</li>
 * <li>{@code prepare} says how many input frames the call needs; the worker waits until that many are queued and
 * takes them by uniform subsampling of the backlog ({@code null} = text mode: no input);</li>
 * <li>{@code process}; the frames go to the output queue (grown to twice the batch; a full queue drops frames), and
 * only frames that made it in count for the FPS estimate; values in the output are forwarded downstream and to
 * the client ({@code frame_rate} instead latches a native FPS).</li>
 * </ol>
 * Failures: any {@link Error} (above all {@link OutOfMemoryError}) ends the stream at once; an exception loses that
 * batch only, but ten in a row end the stream. The worker never calls the pipeline once the stream is stopped; it
 * does not close the pipeline (the pipeline manager owns it).
 */
final class StageWorker implements Runnable {
    static final int MAX_CONSECUTIVE_FAILURES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(StageWorker.class);
    private static final long IDLE_NANOS = 10_000_000L;

    /** What a worker needs from its stream. */
    interface Host {
        /** Values a stage produced: forward to the later stages and to the client. */
        void forward(int stageIndex, Map<String, Object> values);

        /** End the stream with this error. */
        void fail(String message);
    }

    private final int index;
    /** Replaced only by this worker's thread, at a batch boundary (see {@link #swap}). */
    private volatile ChainStage stage;
    private final java.util.concurrent.atomic.AtomicReference<Swap> pendingSwap =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final FrameQueue input;
    private final FrameQueue output;
    private final StageParameters parameters;
    private final BatchFpsEstimator fps;
    private final PauseState pause;
    private final StopSignal stop;
    private final Host host;
    private final Clock clock;

    StageWorker(int index, ChainStage stage, FrameQueue input, FrameQueue output, StageParameters parameters,
            BatchFpsEstimator fps, PauseState pause, StopSignal stop, Host host, Clock clock) {
        this.index = index;
        this.stage = stage;
        this.input = input;
        this.output = output;
        this.parameters = parameters;
        this.fps = fps;
        this.pause = pause;
        this.stop = stop;
        this.host = host;
        this.clock = clock;
    }

    @Override
    public void run() {
        boolean initCache = true;
        int failures = 0;
        long epochSeen = pause.epoch();
        long owedPause = 0;
        try {
            while (!stop.isRaised()) {
                Swap swap = pendingSwap.getAndSet(null);
                if (swap != null) {
                    // batch boundary: the old pipeline has returned from process and is never called again
                    stage = swap.next();
                    initCache = true;
                    swap.done().countDown();
                    LOG.info("{}: now served by a replacement instance", describe());
                }
                long epoch = pause.epoch();
                if (epoch != epochSeen) {
                    epochSeen = epoch;
                    fps.resetClock();
                }
                if (pause.isPaused()) {
                    stop.await(IDLE_NANOS);
                    continue;
                }
                if (owedPause > 0) {
                    // counted from the unpause itself: this loop noticed it up to one idle poll later
                    long until = pause.resumedAt() + owedPause;
                    owedPause = 0;
                    stop.await(until - clock.nanoTime());
                    continue;
                }
                if (parameters.takeReset()) {
                    int flushed = output.clear();
                    initCache = true;
                    LOG.debug("{}: reset_cache, flushed {} queued frames", stage.nodeId(), flushed);
                }
                Parameters params = parameters.forCall();
                try {
                    Requirements req = stage.pipeline().prepare(params);
                    List<Frame> video = List.of();
                    if (req != null) {
                        input.growTo(Math.max(FrameQueue.DEFAULT_CAPACITY, req.inputSize() * 2));
                        video = input.takeSubsampled(req.inputSize(), IDLE_NANOS);
                        if (video == null) {
                            continue;
                        }
                    }
                    if (stop.isRaised()) {
                        break;
                    }
                    long start = clock.nanoTime();
                    PipelineOutput out;
                    try {
                        out = stage.pipeline().process(new PipelineCall(params, video, initCache));
                    } finally {
                        parameters.called();
                        owedPause = pause.pausedWithin(start, clock.nanoTime());
                    }
                    initCache = false;
                    failures = 0;
                    deliver(out, start);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    failures++;
                    if (failures >= MAX_CONSECUTIVE_FAILURES) {
                        host.fail(describe() + " failed " + failures + " times in a row, last error: " + e);
                        LOG.error("{} failed {} times in a row; stopping the stream", describe(), failures, e);
                        return;
                    }
                    LOG.warn("{} failed, batch lost ({} in a row): {}", describe(), failures, e.toString(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            LOG.error("{} hit a fatal error; stopping the stream", describe(), e);
            host.fail(describe() + " failed: " + e);
        }
    }

    /** A replacement for this worker's stage, taken at the next batch boundary. */
    record Swap(ChainStage next, java.util.concurrent.CountDownLatch done) {
    }

    /** Asks the worker to switch to {@code next} before its next call; {@link Swap#done()} opens when it has. */
    Swap swap(ChainStage next) {
        Swap s = new Swap(next, new java.util.concurrent.CountDownLatch(1));
        Swap previous = pendingSwap.getAndSet(s);
        if (previous != null) {
            previous.done().countDown(); // superseded: its pipeline will never be called either
        }
        return s;
    }

    ChainStage stage() {
        return stage;
    }

    private void deliver(PipelineOutput out, long start) throws InterruptedException {
        if (out == null || out.isEmpty()) {
            stop.await(IDLE_NANOS);
            return;
        }
        Map<String, Object> values = out.parameters();
        if (!values.isEmpty()) {
            Map<String, Object> forwarded = new java.util.LinkedHashMap<>(values);
            if (forwarded.remove("frame_rate") instanceof Number rate) {
                fps.latchNative(rate.doubleValue());
            }
            if (!forwarded.isEmpty()) {
                host.forward(index, forwarded);
            }
        }
        List<Frame> frames = out.video();
        if (frames.isEmpty()) {
            return;
        }
        output.growTo(frames.size() * 2);
        // only frames that made it into the queue count, and the sample is in before a consumer sees them
        int enqueued = output.offerAll(frames, accepted -> fps.record(accepted, start, clock.nanoTime()));
        if (enqueued < frames.size()) {
            LOG.debug("{}: output queue full, dropped {} frames", stage.nodeId(), frames.size() - enqueued);
        }
    }

    private String describe() {
        return "Pipeline node '" + stage.nodeId() + "' (" + stage.pipelineId() + ")";
    }
}
