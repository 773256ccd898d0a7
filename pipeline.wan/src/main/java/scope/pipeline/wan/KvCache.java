package scope.pipeline.wan;

import java.util.Arrays;

/**
 * The self-attention KV cache as a fixed-size buffer {@code [LAYERS, 2, CACHE_FRAMES x frameTokens, KV_DIM]}: the
 * first {@code sinkFrames} slots hold the stream's first frames for good (attention sinks), the others form a ring
 * of the most recent frames. Each slot remembers the latent-frame position it holds (-1 when empty), which the
 * graph receives as {@code cache_positions}. The buffer never grows.
 */
public final class KvCache {
    private final int layers;
    private final int capacityFrames;
    private final int sinkFrames;
    private final int frameTokens;
    private final int kvDim;
    private final float[] buffer;
    private final long[] positions;
    private int ringNext;

    public KvCache(int layers, int capacityFrames, int sinkFrames, int frameTokens, int kvDim) {
        if (sinkFrames >= capacityFrames) {
            throw new IllegalArgumentException("sink frames must leave room in the cache");
        }
        this.layers = layers;
        this.capacityFrames = capacityFrames;
        this.sinkFrames = sinkFrames;
        this.frameTokens = frameTokens;
        this.kvDim = kvDim;
        this.buffer = new float[layers * 2 * capacityFrames * frameTokens * kvDim];
        this.positions = new long[capacityFrames];
        clear();
    }

    /** Empties every slot. */
    public void clear() {
        Arrays.fill(buffer, 0f);
        Arrays.fill(positions, -1);
        ringNext = 0;
    }

    /** Empties the rolling slots and keeps the sinks. */
    public void clearRolling() {
        for (int slot = sinkFrames; slot < capacityFrames; slot++) {
            positions[slot] = -1;
            for (int lk = 0; lk < layers * 2; lk++) {
                int at = slotOffset(lk, slot);
                Arrays.fill(buffer, at, at + frameTokens * kvDim, 0f);
            }
        }
        ringNext = 0;
    }

    /**
     * Stores the keys/values of a block ({@code [LAYERS, 2, F x frameTokens, KV_DIM]}) whose frames sit at the given
     * positions: a frame at a position below the sink count goes to its sink slot, every other frame replaces the
     * oldest rolling slot.
     */
    public void write(HostTensor blockKv, long[] framePositions) {
        int frames = framePositions.length;
        int blockTokens = frames * frameTokens;
        long[] want = {layers, 2, blockTokens, kvDim};
        if (!Arrays.equals(blockKv.shape(), want)) {
            throw new IllegalStateException("kv_cache_out is " + blockKv + ", expected " + Arrays.toString(want));
        }
        float[] src = blockKv.floatData();
        int frameSize = frameTokens * kvDim;
        for (int f = 0; f < frames; f++) {
            int slot;
            if (framePositions[f] < sinkFrames) {
                slot = (int) framePositions[f];
            } else {
                slot = sinkFrames + ringNext;
                ringNext = (ringNext + 1) % (capacityFrames - sinkFrames);
            }
            positions[slot] = framePositions[f];
            for (int lk = 0; lk < layers * 2; lk++) {
                System.arraycopy(src, (lk * blockTokens + f * frameTokens) * kvDim, buffer, slotOffset(lk, slot),
                        frameSize);
            }
        }
    }

    private int slotOffset(int layerKv, int slot) {
        return (layerKv * capacityFrames * frameTokens + slot * frameTokens) * kvDim;
    }

    /** The buffer as the graph's {@code kv_cache_in} (shared, not copied). */
    public HostTensor tensor() {
        return HostTensor.floats(buffer, layers, 2, (long) capacityFrames * frameTokens, kvDim);
    }

    /** The graph's {@code cache_positions}: the position each slot holds, -1 for empty. */
    public HostTensor positionsTensor() {
        return HostTensor.longs(positions.clone(), capacityFrames);
    }

    public long[] positions() {
        return positions.clone();
    }

    public int capacityFrames() {
        return capacityFrames;
    }
}
