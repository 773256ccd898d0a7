package scope.pipeline.wan;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The Gaussian noise of each block (its first latents, then one array per re-noising step, all from one generator
 * seeded per block), drawn on a background thread: while a block's engine calls run, the next block's arrays are
 * drawn, so a block normally finds its noise ready. The values are exactly those of drawing in place (same seed,
 * same sequence, same order). A block whose seed was not foreseen (the first, or after a reset) draws its first
 * array at once and the rest in the background.
 */
final class BlockNoise {
    private final BackgroundThread drawer;
    /** Two sets of arrays: the running block's, and the one the next block's noise is drawn into. */
    private final float[][][] sets = {new float[0][], new float[0][]};
    private int running;
    private Ahead ahead;
    /** The draw submitted last; the drawer runs draws in order, so when it is done all are. */
    private Future<?> last = CompletableFuture.completedFuture(null);

    BlockNoise(BackgroundThread drawer) {
        this.drawer = drawer;
    }

    private record Ahead(long seed, int count, int n, GaussianNoise generator, Future<?> done) {
    }

    /** A block's noise arrays; they belong to the block until the next {@link #take}. */
    static final class Block {
        private final float[][] arrays;
        private final Future<?> rest;

        private Block(float[][] arrays, Future<?> rest) {
            this.arrays = arrays;
            this.rest = rest;
        }

        /** Arrays that are all there already. */
        static Block of(float[][] arrays) {
            return new Block(arrays, CompletableFuture.completedFuture(null));
        }

        /** Array i (0 = the first latents), waiting for its draw if needed. */
        float[] get(int i) throws InterruptedException, ExecutionException {
            if (i > 0) {
                rest.get();
            }
            return arrays[i];
        }
    }

    /** The block's {@code count} arrays of {@code n} samples for {@code seed}. */
    Block take(long seed, int count, int n) throws InterruptedException, ExecutionException {
        Ahead a = ahead;
        ahead = null;
        // nothing may still write into arrays that are about to be handed out or redrawn
        boolean drawn = awaitQuietly(last) && a != null && awaitQuietly(a.done);
        running = 1 - running;
        float[][] arrays = arrays(running, count, n);
        Future<?> rest;
        if (drawn && a.seed == seed && a.n == n) {
            GaussianNoise g = a.generator;
            int from = a.count;
            rest = from >= count ? CompletableFuture.completedFuture(null) : submit(() -> {
                for (int i = from; i < count; i++) {
                    g.fill(arrays[i]);
                }
            });
        } else {
            GaussianNoise g = new GaussianNoise(seed);
            g.fill(arrays[0]);
            rest = submit(() -> {
                for (int i = 1; i < count; i++) {
                    g.fill(arrays[i]);
                }
            });
        }
        return new Block(arrays, rest);
    }

    /** Starts drawing the arrays a block with this seed will take next (after this block's own draws). */
    void drawAhead(long seed, int count, int n) {
        float[][] arrays = arrays(1 - running, count, n);
        GaussianNoise g = new GaussianNoise(seed);
        ahead = new Ahead(seed, count, n, g, submit(() -> {
            for (int i = 0; i < count; i++) {
                g.fill(arrays[i]);
            }
        }));
    }

    /** Set s with at least count arrays of n floats; arrays of the right length are kept (they may hold a draw). */
    private float[][] arrays(int s, int count, int n) {
        if (sets[s].length < count) {
            sets[s] = Arrays.copyOf(sets[s], count);
        }
        for (int i = 0; i < count; i++) {
            if (sets[s][i] == null || sets[s][i].length != n) {
                sets[s][i] = new float[n];
            }
        }
        return sets[s];
    }

    private Future<?> submit(Runnable draw) {
        last = drawer.submit(draw);
        return last;
    }

    /** False when the draw failed (a block that needs its arrays redraws them). */
    private static boolean awaitQuietly(Future<?> f) throws InterruptedException {
        try {
            f.get();
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }
}
