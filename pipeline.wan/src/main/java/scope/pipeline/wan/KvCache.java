package scope.pipeline.wan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The self-attention KV cache: one fixed-size buffer per layer, {@code [2, CACHE_FRAMES x frameTokens, KV_DIM]}
 * (keys 0, values 1), so that no single buffer holds the whole cache (the real 1.3B model's is over 2 GB). The
 * first {@code sinkFrames} slots hold the stream's first frames for good (attention sinks), the others form a ring
 * of the most recent frames. Each slot remembers the latent-frame position it holds (-1 when empty).
 *
 * <p>Which slots a call attends to follows Scope's rolling cache: a call that adds {@code F} frames attends to the
 * sinks and to the latest {@code attentionFrames - sinkFrames - F} ring frames, because upstream writes the new
 * frames into the cache (evicting the oldest ring frames once full) before attending to at most
 * {@code attentionFrames} frames, its own included ({@link #attendedPositions}). Buffers are direct native memory
 * the engine reads in place: a DiT call copies no cache, a write copies only the new block's frames.
 */
public final class KvCache {
    private final int layers;
    private final int capacityFrames;
    private final int sinkFrames;
    private final int attentionFrames;
    private final int frameTokens;
    private final int kvDim;
    private final List<FloatBuffer> buffers = new ArrayList<>();
    private final List<HostTensor> tensors = new ArrayList<>();
    private final float[] zeros;
    private final long[] positions;
    private int ringNext;

    /**
     * @param attentionFrames frames a call attends to at most, its own new frames included (see class comment)
     */
    public KvCache(int layers, int capacityFrames, int sinkFrames, int attentionFrames, int frameTokens, int kvDim) {
        if (sinkFrames >= capacityFrames) {
            throw new IllegalArgumentException("sink frames must leave room in the cache");
        }
        this.layers = layers;
        this.capacityFrames = capacityFrames;
        this.sinkFrames = sinkFrames;
        this.attentionFrames = attentionFrames;
        this.frameTokens = frameTokens;
        this.kvDim = kvDim;
        long size = 2L * capacityFrames * frameTokens * kvDim;
        if (size * Float.BYTES > Integer.MAX_VALUE) {
            // a Java buffer (and ONNX Runtime's Java API) addresses at most 2 GB
            throw new IllegalArgumentException("KV cache layer of " + size * Float.BYTES + " bytes exceeds 2 GB");
        }
        for (int l = 0; l < layers; l++) {
            FloatBuffer b = ByteBuffer.allocateDirect((int) size * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            buffers.add(b);
            tensors.add(HostTensor.direct(b, 2, (long) capacityFrames * frameTokens, kvDim));
        }
        this.zeros = new float[frameTokens * kvDim];
        this.positions = new long[capacityFrames];
        clear();
    }

    /** Empties every slot. */
    public void clear() {
        for (int slot = 0; slot < capacityFrames; slot++) {
            zeroSlot(slot);
        }
        ringNext = 0;
    }

    /** Empties the rolling slots and keeps the sinks. */
    public void clearRolling() {
        for (int slot = sinkFrames; slot < capacityFrames; slot++) {
            zeroSlot(slot);
        }
        ringNext = 0;
    }

    private void zeroSlot(int slot) {
        positions[slot] = -1;
        for (FloatBuffer b : buffers) {
            for (int kv = 0; kv < 2; kv++) {
                b.put(slotOffset(kv, slot), zeros);
            }
        }
    }

    /**
     * Stores the keys/values of a block (per layer {@code [2, F x frameTokens, KV_DIM]}) whose frames sit at the
     * given positions: a frame at a position below the sink count goes to its sink slot, every other frame replaces
     * the oldest ring slot.
     */
    public void write(List<HostTensor> blockKv, long[] framePositions) {
        if (blockKv.size() != layers) {
            throw new IllegalStateException("kv_cache_out has " + blockKv.size() + " layers, expected " + layers);
        }
        int frames = framePositions.length;
        int blockTokens = frames * frameTokens;
        long[] want = {2, blockTokens, kvDim};
        for (int l = 0; l < layers; l++) {
            if (!Arrays.equals(blockKv.get(l).shape(), want)) {
                throw new IllegalStateException("kv_cache_out." + l + " is " + blockKv.get(l) + ", expected "
                        + Arrays.toString(want));
            }
        }
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
            for (int l = 0; l < layers; l++) {
                // a direct tensor (an output the engine wrote into its kept buffer) is copied native to native
                HostTensor t = blockKv.get(l);
                FloatBuffer direct = t.directBuffer();
                float[] src = direct == null ? t.floatData() : null;
                for (int kv = 0; kv < 2; kv++) {
                    int from = (kv * blockTokens + f * frameTokens) * kvDim;
                    if (direct != null) {
                        buffers.get(l).put(slotOffset(kv, slot), direct, from, frameSize);
                    } else {
                        buffers.get(l).put(slotOffset(kv, slot), src, from, frameSize);
                    }
                }
            }
        }
    }

    private int slotOffset(int kv, int slot) {
        return (kv * capacityFrames * frameTokens + slot * frameTokens) * kvDim;
    }

    /** Layer l's buffer as the graph's {@code kv_cache_in.<l>} (shared, not copied; the same tensor every call). */
    public HostTensor tensor(int layer) {
        return tensors.get(layer);
    }

    public int layers() {
        return layers;
    }

    /**
     * The graph's {@code cache_positions} for a call that adds {@code newFrames} frames: the position each slot
     * holds, or -1 where the call must not attend (empty, or a ring frame older than the latest
     * {@code attentionFrames - sinkFrames - newFrames}).
     */
    public long[] attendedPositions(int newFrames) {
        long[] out = positions.clone();
        int ring = capacityFrames - sinkFrames;
        int keep = Math.max(0, attentionFrames - sinkFrames - newFrames);
        // newest first: the slot written last is just before ringNext
        for (int i = 1; i <= ring; i++) {
            int slot = sinkFrames + Math.floorMod(ringNext - i, ring);
            if (out[slot] >= 0) {
                if (keep > 0) {
                    keep--;
                } else {
                    out[slot] = -1;
                }
            }
        }
        return out;
    }

    /** The position each slot holds, -1 for empty. */
    public long[] positions() {
        return positions.clone();
    }

    public int capacityFrames() {
        return capacityFrames;
    }

    public int sinkFrames() {
        return sinkFrames;
    }

    public int frameTokens() {
        return frameTokens;
    }
}
