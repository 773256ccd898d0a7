package scope.runtime.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import scope.api.Frame;

/**
 * A bounded frame queue between two stages of a chain (or between the source and the first stage, or the last
 * stage and the sink).
 *
 * <p>Contract:
 * <ul>
 * <li>{@link #offer} never blocks: when the queue is full the offered (newest) frame is dropped and counted.</li>
 * <li>The capacity only grows ({@link #growTo}); consumers size it from {@code prepare()}, producers from their batch
 * size, and the larger request wins.</li>
 * <li>{@link #takeSubsampled} takes {@code n} frames spread uniformly over the whole backlog and discards the
 * frames it skipped, so a slow consumer catches up instead of falling further behind.</li>
 * <li>Every frame carries the time it entered the queue ({@link #pollStamped}); a batch offered at once shares one
 * stamp, which is how the sink's playout controller tells batches apart and measures how long frames wait.</li>
 * <li>Waiting calls wake as soon as a frame arrives, or when {@link #wakeAll} is called (stream stop).</li>
 * </ul>
 * Thread-safe.
 */
final class FrameQueue {
    /** Default capacity of an edge queue (spec 5.3). */
    static final int DEFAULT_CAPACITY = 30;

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Stamped> frames = new ArrayDeque<>();
    private final Clock clock;
    private int capacity;
    private long dropped;

    /** A queued frame and when it entered the queue (System.nanoTime scale of the queue's clock). */
    record Stamped(Frame frame, long arrivedNanos) {
    }

    FrameQueue(String name, int capacity) {
        this(name, capacity, Clock.SYSTEM);
    }

    FrameQueue(String name, int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.name = name;
        this.capacity = capacity;
        this.clock = clock;
    }

    String name() {
        return name;
    }

    /** @return false when the queue was full and the frame was dropped */
    boolean offer(Frame frame) {
        lock.lock();
        try {
            if (frames.size() >= capacity) {
                dropped++;
                return false;
            }
            frames.addLast(new Stamped(frame, clock.nanoTime()));
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Offers a batch; frames beyond the free room are dropped (the newest ones). {@code beforeVisible} gets the
     * number accepted while no consumer can see the batch yet, so a rate recorded there is never older than the
     * frames a consumer paces with it.
     *
     * @return the number of frames accepted
     */
    int offerAll(List<Frame> batch, java.util.function.IntConsumer beforeVisible) {
        lock.lock();
        try {
            int accepted = Math.max(0, Math.min(batch.size(), capacity - frames.size()));
            dropped += batch.size() - accepted;
            beforeVisible.accept(accepted);
            long now = clock.nanoTime();
            for (Frame f : batch.subList(0, accepted)) {
                frames.addLast(new Stamped(f, now));
            }
            if (accepted > 0) {
                changed.signalAll();
            }
            return accepted;
        } finally {
            lock.unlock();
        }
    }

    /** Raises the capacity to at least {@code size}; never shrinks it. */
    void growTo(int size) {
        lock.lock();
        try {
            capacity = Math.max(capacity, size);
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        lock.lock();
        try {
            return capacity;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return frames.size();
        } finally {
            lock.unlock();
        }
    }

    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest frame, waiting up to {@code timeoutNanos} for one; null when none came. */
    Frame poll(long timeoutNanos) throws InterruptedException {
        Stamped s = pollStamped(timeoutNanos);
        return s == null ? null : s.frame();
    }

    /** Like {@link #poll}, with the time the frame entered the queue. */
    Stamped pollStamped(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (frames.isEmpty()) {
                if (left <= 0) {
                    return null;
                }
                left = changed.awaitNanos(left);
            }
            return frames.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the oldest queued frame entered the queue at {@code arrivedNanos}, i.e. belongs to the same batch as a
     * frame just polled with that stamp (a batch is queued at once, under one stamp, before a consumer sees it).
     */
    boolean headArrivedAt(long arrivedNanos) {
        lock.lock();
        try {
            Stamped head = frames.peekFirst();
            return head != null && head.arrivedNanos() == arrivedNanos;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutNanos} until at least {@code n} frames are queued, then takes {@code n} of them by
     * uniform subsampling of the whole backlog ({@link BacklogSubsampler}); frames up to the last index taken are
     * consumed, later ones stay queued.
     *
     * @return exactly {@code n} frames, or null when fewer than {@code n} were queued in time
     */
    List<Frame> takeSubsampled(int n, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (frames.size() < n) {
                if (left <= 0) {
                    return null;
                }
                left = changed.awaitNanos(left);
            }
            int[] indices = BacklogSubsampler.indices(frames.size(), n);
            List<Frame> taken = new ArrayList<>(n);
            int next = 0;
            for (int i = 0; i <= indices[n - 1]; i++) {
                Stamped f = frames.pollFirst();
                if (next < n && indices[next] == i) {
                    taken.add(f.frame());
                    next++;
                }
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Drops every queued frame; returns how many. */
    int clear() {
        lock.lock();
        try {
            int n = frames.size();
            frames.clear();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting caller so it can re-check its exit condition. */
    void wakeAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Convenience for tests and polling loops. */
    static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }
}
