package scope.pipeline.wan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The self-attention KV cache as a fixed-size buffer {@code [LAYERS, 2, CACHE_FRAMES x frameTokens, KV_DIM]}: the
 * first {@code sinkFrames} slots hold the stream's first frames for good (attention sinks), the others form a ring
 * of the most recent frames. Each slot remembers the latent-frame position it holds (-1 when empty), which the
 * graph receives as {@code cache_positions}. The buffer never grows. It is direct native memory so the engine
 * reads it in place: a DiT call costs no copy of the cache, a write copies only the new block's frames.
 */
public final class KvCache {
    private final int layers;
    private final int capacityFrames;
    private final int sinkFrames;
    private final int frameTokens;
    private final int kvDim;
    private final FloatBuffer buffer;
    private final HostTensor tensor;
    private final float[] zeros;
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
        long size = (long) layers * 2 * capacityFrames * frameTokens * kvDim;
        if (size * Float.BYTES > Integer.MAX_VALUE) {
            // a Java buffer (and ONNX Runtime's Java API) addresses at most 2 GB; larger caches need device I/O binding
            throw new IllegalArgumentException("KV cache of " + size * Float.BYTES + " bytes exceeds 2 GB");
        }
        this.buffer = ByteBuffer.allocateDirect((int) size * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        this.tensor = HostTensor.direct(buffer, layers, 2, (long) capacityFrames * frameTokens, kvDim);
        this.zeros = new float[frameTokens * kvDim];
        this.positions = new long[capacityFrames];
        clear();
    }

    /** Empties every slot. */
    public void clear() {
        for (int at = 0; at < buffer.capacity(); at += zeros.length) {
            buffer.put(at, zeros, 0, Math.min(zeros.length, buffer.capacity() - at));
        }
        Arrays.fill(positions, -1);
        ringNext = 0;
    }

    /** Empties the rolling slots and keeps the sinks. */
    public void clearRolling() {
        for (int slot = sinkFrames; slot < capacityFrames; slot++) {
            positions[slot] = -1;
            for (int lk = 0; lk < layers * 2; lk++) {
                buffer.put(slotOffset(lk, slot), zeros);
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
        // a direct tensor (an output the engine wrote into its kept buffer) is copied native to native
        FloatBuffer direct = blockKv.directBuffer();
        float[] src = direct == null ? blockKv.floatData() : null;
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
                int from = (lk * blockTokens + f * frameTokens) * kvDim;
                if (direct != null) {
                    buffer.put(slotOffset(lk, slot), direct, from, frameSize);
                } else {
                    buffer.put(slotOffset(lk, slot), src, from, frameSize);
                }
            }
        }
    }

    private int slotOffset(int layerKv, int slot) {
        return (layerKv * capacityFrames * frameTokens + slot * frameTokens) * kvDim;
    }

    /** The buffer as the graph's {@code kv_cache_in} (shared, not copied; the same tensor every call). */
    public HostTensor tensor() {
        return tensor;
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
