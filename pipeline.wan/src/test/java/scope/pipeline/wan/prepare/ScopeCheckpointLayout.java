package scope.pipeline.wan.prepare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import scope.checkpoint.Checkpoint;
import scope.checkpoint.Checkpoints;
import scope.checkpoint.StoredTensor;
import scope.pipeline.wan.ToySentencePiece;

/**
 * LongLive's downloads in Scope's file layout (repository directory / file, as under {@code models/}), made from
 * the parity fixtures' tiny random-weight state dicts, which carry upstream's key names: the Wan VAE and LongLive's
 * base generator as PyTorch zip checkpoints ({@code Wan2.1_VAE.pth} flat, {@code longlive_base.pt} under
 * {@code generator} with {@code model.} prefixes), a rank-4 LoRA for every linear layer of the attention blocks
 * ({@code lora.pt}, PEFT's key names under {@code generator_lora}), the UMT5 encoder as safetensors with its
 * matrices in FP8 E4M3 (as the file's name says; vectors such as the norms' weights in float32), the DiT config, and the toy SentencePiece model as {@code google/umt5-xxl/spiece.model}.
 */
public final class ScopeCheckpointLayout {
    private ScopeCheckpointLayout() {
    }

    /** The fixtures folder (fixtures/wan-parity), from the module directory. */
    public static Path fixtures() {
        String configured = System.getProperty("parity.fixtures");
        Path p = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../fixtures/wan-parity");
        return p.toAbsolutePath().normalize();
    }

    /** Relative path -> content of every file LongLive downloads. */
    public static Map<String, byte[]> longLive(Path fixtures) throws IOException {
        return longLive(fixtures, 0);
    }


    /**
     * As {@link #longLive(Path)}, with the UMT5 token embedding grown to {@code vocabularyRows} rows (the fixture's
     * rows first, then random ones no token reaches; 0 keeps the fixture's): a bigger checkpoint whose conversion
     * takes long enough to be watched.
     */
    public static Map<String, byte[]> longLive(Path fixtures, int vocabularyRows) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("Wan2.1-T2V-1.3B/config.json", Files.readAllBytes(fixtures.resolve("longlive_dit/config.json")));
        files.put("Wan2.1-T2V-1.3B/Wan2.1_VAE.pth", TorchZipWriter.write(tensors(fixtures.resolve(
                "wan_vae/weights.safetensors"), "")));
        Path spiece = Files.createTempFile("spiece", ".model");
        try {
            ToySentencePiece.write(spiece, false);
            files.put("Wan2.1-T2V-1.3B/google/umt5-xxl/spiece.model", Files.readAllBytes(spiece));
        } finally {
            Files.delete(spiece);
        }
        files.put("Wan2.1-T2V-1.3B/google/umt5-xxl/special_tokens_map.json",
                "{\"eos_token\": \"</s>\", \"pad_token\": \"<pad>\", \"unk_token\": \"<unk>\"}".getBytes());
        files.put("WanVideo_comfy/config.json", Files.readAllBytes(fixtures.resolve("text_encoder/config.json")));
        Map<String, TorchZipWriter.Tensor> umt5 = tensors(fixtures.resolve("text_encoder/weights.safetensors"), "");
        files.put("WanVideo_comfy/umt5-xxl-enc-fp8_e4m3fn.safetensors",
                safetensors(vocabularyRows == 0 ? umt5 : grownEmbedding(umt5, vocabularyRows)));
        Map<String, TorchZipWriter.Tensor> dit = tensors(fixtures.resolve("longlive_dit/weights.safetensors"),
                "model.");
        files.put("LongLive-1.3B/config.json", Files.readAllBytes(fixtures.resolve("longlive_dit/config.json")));
        files.put("LongLive-1.3B/models/longlive_base.pt", TorchZipWriter.write(Map.of("generator", dit)));
        files.put("LongLive-1.3B/models/lora.pt", TorchZipWriter.write(Map.of("generator_lora", lora(dit, 4))));
        return files;
    }

    /**
     * Krea's downloads: the shared Wan 1.3B and UMT5 files as for LongLive, {@code Wan2.1-T2V-14B/config.json} (the
     * krea_dit fixture's config) and {@code krea-realtime-video-14b.safetensors} (its weights, upstream's keys).
     */
    public static Map<String, byte[]> krea(Path fixtures) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        longLive(fixtures).forEach((k, v) -> {
            if (!k.startsWith("LongLive-1.3B/")) {
                files.put(k, v);
            }
        });
        files.put("Wan2.1-T2V-14B/config.json", Files.readAllBytes(fixtures.resolve("krea_dit/config.json")));
        files.put("krea-realtime-video/config.json", Files.readAllBytes(fixtures.resolve("krea_dit/config.json")));
        files.put("krea-realtime-video/krea-realtime-video-14b.safetensors",
                Files.readAllBytes(fixtures.resolve("krea_dit/weights.safetensors")));
        return files;
    }

    /** Writes the files under a models directory. */
    public static void write(Map<String, byte[]> files, Path models) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = models.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
    }

    static Map<String, TorchZipWriter.Tensor> tensors(Path safetensors, String prefix) throws IOException {
        Map<String, TorchZipWriter.Tensor> out = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoints.open(safetensors)) {
            for (String name : c.names()) {
                StoredTensor t = c.tensor(name);
                out.put(prefix + name, new TorchZipWriter.Tensor(t.shape(), t.toFloats()));
            }
        }
        return out;
    }

    private static Map<String, TorchZipWriter.Tensor> grownEmbedding(Map<String, TorchZipWriter.Tensor> umt5,
            int rows) {
        TorchZipWriter.Tensor e = umt5.get("token_embedding.weight");
        int dim = (int) e.shape()[1];
        float[] grown = java.util.Arrays.copyOf(e.values(), Math.multiplyExact(rows, dim));
        SplittableRandom random = new SplittableRandom(32);
        for (int i = e.values().length; i < grown.length; i++) {
            grown[i] = (float) (random.nextDouble() - 0.5);
        }
        umt5.put("token_embedding.weight", new TorchZipWriter.Tensor(new long[] {rows, dim}, grown));
        return umt5;
    }

    /** A safetensors file: matrices as F8_E4M3 (rounded to nearest, even on ties, saturating at 448), the rest F32. */
    static byte[] safetensors(Map<String, TorchZipWriter.Tensor> tensors) {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, TorchZipWriter.Tensor> t : tensors.entrySet()) {
            boolean fp8 = t.getValue().shape().length == 2;
            long bytes = (fp8 ? 1L : 4L) * t.getValue().values().length;
            header.append(header.length() > 1 ? "," : "").append('"').append(t.getKey()).append("\":{\"dtype\":\"")
                    .append(fp8 ? "F8_E4M3" : "F32").append("\",\"shape\":")
                    .append(java.util.Arrays.toString(t.getValue().shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        byte[] json = header.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(Math.toIntExact(8 + json.length + offset))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        for (TorchZipWriter.Tensor t : tensors.values()) {
            boolean fp8 = t.shape().length == 2;
            for (float v : t.values()) {
                if (fp8) {
                    out.put(e4m3(v));
                } else {
                    out.putFloat(v);
                }
            }
        }
        return out.array();
    }

    /** Positive finite E4M3 (fn) values by code 0..126 (0x7E = 448; 0x7F is NaN). */
    private static final float[] E4M3 = new float[127];

    static {
        for (int code = 0; code < E4M3.length; code++) {
            int e = code >> 3;
            int m = code & 7;
            E4M3[code] = e == 0 ? m / 8f * (float) Math.pow(2, -6) : (1 + m / 8f) * (float) Math.pow(2, e - 7);
        }
    }

    static byte e4m3(float v) {
        int sign = v < 0 || (v == 0 && 1 / v < 0) ? 0x80 : 0;
        float a = Math.min(Math.abs(v), E4M3[126]);
        int lo = 0;
        int hi = 126;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (E4M3[mid] <= a) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        float dl = a - E4M3[lo];
        float dh = E4M3[hi] - a;
        int code = dl < dh ? lo : dh < dl ? hi : (lo & 1) == 0 ? lo : hi;
        return (byte) (sign | code);
    }

    /** PEFT's keys for every 2-D weight of the blocks' attention and FFN layers, small random A and B. */
    static Map<String, TorchZipWriter.Tensor> lora(Map<String, TorchZipWriter.Tensor> dit, int rank) {
        Map<String, TorchZipWriter.Tensor> out = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(16);
        for (Map.Entry<String, TorchZipWriter.Tensor> e : dit.entrySet()) {
            String key = e.getKey().substring("model.".length());
            long[] shape = e.getValue().shape();
            if (!key.startsWith("blocks.") || !key.endsWith(".weight") || shape.length != 2
                    || !(key.contains("attn.") || key.contains(".ffn."))) {
                continue;
            }
            String module = "base_model.model." + key.substring(0, key.length() - ".weight".length());
            out.put(module + ".lora_A.default.weight", random(new long[] {rank, shape[1]}, random));
            out.put(module + ".lora_B.default.weight", random(new long[] {shape[0], rank}, random));
        }
        return out;
    }

    private static TorchZipWriter.Tensor random(long[] shape, SplittableRandom random) {
        float[] v = new float[(int) (shape[0] * shape[1])];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() - 0.5) * 0.02f;
        }
        return new TorchZipWriter.Tensor(shape, v);
    }
}
