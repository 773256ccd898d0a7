package scope.pipeline.wan.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import scope.pipeline.wan.HostTensor;
import scope.pipeline.wan.KvCache;
import scope.pipeline.wan.WanContract;

/**
 * A causal-DiT fixture (longlive_dit, krea_dit) in our layouts: sizes read from its files, latents turned from
 * upstream's wrapper layout [1, F, C, h, w] into ours [1, C, F, h, w], and upstream's KV cache (per layer
 * [1, tokens, heads, d], in upstream's slot order) mapped onto our slots by the positions they hold.
 */
final class DitFixture {
    final FixtureManifest files;
    final JsonNode manifest;
    final int h8;
    final int w8;
    final int frameTokens;
    final int layers;
    /** Frames upstream's cache holds (its slots). */
    final int cacheFrames;
    final int kvDim;
    final int prompts;
    final int textDim;
    final float[] promptEmbeds;

    DitFixture(FixtureManifest files) throws IOException {
        this.files = files;
        this.manifest = files.json();
        this.h8 = manifest.get("latent_hw").get(0).asInt();
        this.w8 = manifest.get("latent_hw").get(1).asInt();
        this.frameTokens = manifest.get("frame_seq_length").asInt();
        long[] kv = files.entry(chunk(0).get("kv_cache_after_chunk").get("k").asText()).shape();
        this.layers = (int) kv[0];
        this.cacheFrames = (int) (kv[2] / frameTokens);
        this.kvDim = (int) (kv[3] * kv[4]);
        long[] p = files.entry("prompt_embeds").shape();
        this.prompts = (int) p[0];
        this.textDim = (int) p[2];
        this.promptEmbeds = files.floats("prompt_embeds");
    }

    int area() {
        return h8 * w8;
    }

    JsonNode chunks() {
        return manifest.get("chunks");
    }

    JsonNode chunk(int i) {
        return manifest.get("chunks").get(i);
    }

    JsonNode call(int i) {
        return manifest.get("calls").get(i);
    }

    /** Latent frames of a saved [1, F, C, h, w] (or [F, C, h, w]) tensor. */
    int frames(String name) throws IOException {
        long[] s = files.entry(name).shape();
        return (int) s[s.length - 4];
    }

    /** A saved latent tensor in our layout [1, C, F, h, w]. */
    float[] latents(String name) throws IOException {
        float[] x = files.floats(name);
        int frames = frames(name);
        int channels = WanContract.LATENT_CHANNELS;
        int area = area();
        float[] out = new float[x.length];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(x, (f * channels + c) * area, out, (c * frames + f) * area, area);
            }
        }
        return out;
    }

    /** The last {@code keep} frames of latents in our layout with {@code frames} frames. */
    float[] lastFrames(float[] latents, int frames, int keep) {
        int area = area();
        float[] out = new float[WanContract.LATENT_CHANNELS * keep * area];
        for (int c = 0; c < WanContract.LATENT_CHANNELS; c++) {
            System.arraycopy(latents, (c * frames + frames - keep) * area, out, c * keep * area, keep * area);
        }
        return out;
    }

    float[] prompt(int i) {
        int size = promptEmbeds.length / prompts;
        return java.util.Arrays.copyOfRange(promptEmbeds, i * size, (i + 1) * size);
    }

    /** The positions upstream's slots hold after a chunk: sinks, then the window in order. */
    long[] slotPositions(JsonNode chunk, int sinks) {
        JsonNode idx = chunk.get("kv_cache_after_chunk").get("indices").get(0);
        int global = idx.get("global_end_index").asInt() / frameTokens;
        int local = idx.get("local_end_index").asInt() / frameTokens;
        long[] p = new long[local];
        for (int j = 0; j < local; j++) {
            p[j] = local < cacheFrames || j < sinks ? j : global - (cacheFrames - j);
        }
        return p;
    }

    /** Writes upstream's cache after a chunk into ours, frame by frame in slot order. */
    void load(KvCache cache, JsonNode chunk) throws IOException {
        float[] k = files.floats(chunk.get("kv_cache_after_chunk").get("k").asText());
        float[] v = files.floats(chunk.get("kv_cache_after_chunk").get("v").asText());
        long[] positions = slotPositions(chunk, cache.sinkFrames());
        int tokens = positions.length * frameTokens;
        int layerSize = cacheFrames * frameTokens * kvDim;
        List<HostTensor> kv = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            float[] both = new float[2 * tokens * kvDim];
            System.arraycopy(k, l * layerSize, both, 0, tokens * kvDim);
            System.arraycopy(v, l * layerSize, both, tokens * kvDim, tokens * kvDim);
            kv.add(HostTensor.floats(both, 2, tokens, kvDim));
        }
        cache.write(kv, positions);
    }

    /**
     * Upstream's K and V after a chunk, [keys of every layer, then values of every layer] over its slots holding
     * {@code positions} (its first slots, LongLive's {@link #slotPositions}), and ours in the same order (our slot
     * holding the same position; zeros where we hold none).
     */
    float[][] cachePair(KvCache cache, JsonNode chunk, long[] positions) throws IOException {
        float[] k = files.floats(chunk.get("kv_cache_after_chunk").get("k").asText());
        float[] v = files.floats(chunk.get("kv_cache_after_chunk").get("v").asText());
        long[] held = cache.positions();
        int frameSize = frameTokens * kvDim;
        int theirLayer = cacheFrames * frameSize;
        int ourLayer = cache.capacityFrames() * frameSize;
        int filled = positions.length * frameSize;
        float[] theirs = new float[2 * layers * filled];
        float[] ours = new float[theirs.length];
        for (int l = 0; l < layers; l++) {
            float[] layer = cache.tensor(l).floatData();
            for (int j = 0; j < positions.length; j++) {
                int slot = -1;
                for (int s = 0; s < held.length; s++) {
                    if (held[s] == positions[j]) {
                        slot = s;
                    }
                }
                int to = l * filled + j * frameSize;
                System.arraycopy(k, l * theirLayer + j * frameSize, theirs, to, frameSize);
                System.arraycopy(v, l * theirLayer + j * frameSize, theirs, layers * filled + to, frameSize);
                if (slot >= 0) {
                    System.arraycopy(layer, slot * frameSize, ours, to, frameSize);
                    System.arraycopy(layer, ourLayer + slot * frameSize, ours, layers * filled + to, frameSize);
                }
            }
        }
        return new float[][] {theirs, ours};
    }
}
