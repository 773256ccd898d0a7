package scope.record.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.api.Frame;
import scope.record.RecordingStatus;
import scope.runtime.stream.FrameTap;

/**
 * One recording of one end of a stream into one file. The tap side ({@link #frame}) only offers the frame to a
 * bounded queue - the delivering thread never waits; a frame that finds the queue full is dropped and counted. The
 * recording thread encodes, timing each frame by when it went by. The file is written under a hidden temporary
 * name and renamed to its final name once finalised; when finalising fails the temporary file is removed. Ends on
 * {@link #stop}, when the stream ends, or on a failure (encoder or write error, disk nearly full).
 */
final class Recording implements FrameTap {
    private static final Logger LOG = LoggerFactory.getLogger(Recording.class);
    /** About two seconds at 30 fps; frames are shared, not copied, so this bounds memory too. */
    static final int QUEUE_FRAMES = 64;

    private record Item(Frame frame, long atNanos) {
    }

    /** What a recording ended with. */
    record Outcome(Path file, long frames, long dropped, double durationSeconds, String error) {
    }

    private final String sessionId;
    private final String track;
    private final String nodeId;
    private final Path target;
    private final Path temp;
    private final FrameWriter.Factory writers;
    private final DiskSpace disk;
    private final Consumer<Recording> ended;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final Thread thread;
    private volatile String stopReason;
    private volatile double durationSeconds;
    private volatile Runnable untap = () -> { };

    /**
     * @param track  the end of the stream it records ({@code output} or {@code input})
     * @param nodeId the graph record node it records for, or null for a session recording
     * @param target the final file; the recording writes {@code .<name>.part} beside it until finalised
     * @param ended  told once, on the recording thread, when the outcome is known
     */
    Recording(String sessionId, String track, String nodeId, Path target, FrameWriter.Factory writers,
            DiskSpace disk, Consumer<Recording> ended) {
        this.sessionId = sessionId;
        this.track = track;
        this.nodeId = nodeId;
        this.target = target;
        this.temp = target.resolveSibling("." + target.getFileName() + ".part");
        this.writers = writers;
        this.disk = disk;
        this.ended = ended;
        this.thread = new Thread(this::run, "scope-record-" + key() + "-" + sessionId);
        this.thread.setDaemon(true);
    }

    /** Starts the recording thread. */
    void start() {
        thread.start();
    }

    /** How to remove the tap from the stream once the recording ends (at once when it has ended already). */
    void untapWith(Runnable untapFromStream) {
        untap = untapFromStream;
        if (outcome.isDone()) {
            untapFromStream.run();
        }
    }

    @Override
    public void frame(Frame frame, long atNanos) {
        if (stopping.get()) {
            return;
        }
        if (!queue.offer(new Item(frame, atNanos))) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void ended() {
        stop(null);
    }

    /** Asks the recording to end after the frames queued so far; {@code error} says why when it is a failure. */
    CompletableFuture<Outcome> stop(String error) {
        if (stopping.compareAndSet(false, true)) {
            stopReason = error;
        }
        thread.interrupt(); // wakes a poll; the queue is drained first
        return outcome;
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    String sessionId() {
        return sessionId;
    }

    String track() {
        return track;
    }

    String nodeId() {
        return nodeId;
    }

    /** What it records within its session: {@code output}, {@code input}, or {@code node:<record node id>}. */
    String key() {
        return nodeId == null ? track : RecorderComponent.NODE + nodeId;
    }

    Path target() {
        return target;
    }

    RecordingStatus status() {
        Outcome o = outcome.getNow(null);
        if (o == null) {
            return new RecordingStatus(sessionId, track, "recording", written.get(), dropped.get(), durationSeconds,
                    target.getFileName().toString(), null, nodeId);
        }
        return new RecordingStatus(sessionId, track, o.error() == null ? "stopped" : "failed", o.frames(),
                o.dropped(), o.durationSeconds(), o.file() == null ? null : o.file().getFileName().toString(),
                o.error(), nodeId);
    }

    private void run() {
        FrameWriter writer = null;
        long first = Long.MIN_VALUE;
        String error = null;
        long lastDiskCheck = 0;
        try {
            while (true) {
                Item item = queue.poll();
                if (item == null) {
                    if (stopping.get()) {
                        break;
                    }
                    try {
                        item = queue.poll(100, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        continue; // stop() woke us: drain what is queued, then end
                    }
                    if (item == null) {
                        continue;
                    }
                }
                Frame frame = item.frame();
                long at = item.atNanos();
                if (writer == null) {
                    Files.deleteIfExists(temp);
                    writer = writers.open(temp, frame.width(), frame.height());
                    first = at;
                }
                long now = System.nanoTime();
                if (now - lastDiskCheck > TimeUnit.SECONDS.toNanos(1)) {
                    lastDiskCheck = now;
                    disk.check(temp.getParent());
                }
                long micros = (at - first) / 1_000;
                writer.write(frame.rgb(), frame.width(), frame.height(), micros);
                written.incrementAndGet();
                durationSeconds = micros / 1e6;
            }
        } catch (IOException | RuntimeException | LinkageError e) { // LinkageError: FFmpeg's natives did not load
            error = "Recording failed: " + e.getMessage();
            LOG.error("Session {}: recording of the {} failed", sessionId, track, e);
            stopping.set(true);
        } finally {
            Thread.interrupted();
            untap.run();
            queue.clear();
        }
        if (error == null) {
            error = stopReason;
        }
        outcome.complete(finalise(writer, error));
        try {
            ended.accept(this);
        } catch (RuntimeException e) {
            LOG.warn("Session {}: recording end listener failed", sessionId, e);
        }
    }

    /** Makes the file playable and gives it its name, or removes it; never leaves a broken file behind silently. */
    private Outcome finalise(FrameWriter writer, String error) {
        long frames = written.get();
        double duration = frames > 1 ? durationSeconds + 1 / 30.0 : frames == 1 ? 1 / 30.0 : 0;
        if (writer == null) {
            return new Outcome(null, 0, dropped.get(), 0, error);
        }
        try {
            writer.finish();
            writer.release();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            LOG.info("Session {}: recorded {} frames ({} s) of the {} into {}{}", sessionId, frames,
                    String.format("%.1f", duration), track, target.getFileName(),
                    error == null ? "" : " (ended by: " + error + ")");
            return new Outcome(target, frames, dropped.get(), duration,
                    error == null ? null : error + "; the recording up to then is kept in " + target.getFileName());
        } catch (IOException | RuntimeException | LinkageError e) {
            writer.release();
            try {
                Files.deleteIfExists(temp);
            } catch (IOException d) {
                LOG.warn("Session {}: could not remove {}", sessionId, temp, d);
            }
            String why = (error == null ? "Recording failed" : error) + "; the file could not be finalised ("
                    + e.getMessage() + ") and was removed";
            LOG.error("Session {}: {}", sessionId, why);
            return new Outcome(null, frames, dropped.get(), duration, why);
        }
    }
}
