package scope.pipeline.wan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.Future;

/**
 * Encodes one decoded frame on its own into an image latent {@code [16, H8, W8]}: the VAE encoder on a
 * one-frame clip {@code [1, 3, 1, H, W]} as a first chunk from a zero state (so it yields one latent frame, like
 * a clip's first frame), leaving the encoder's streaming state alone. The frame is taken from the decoder's
 * output and converted to [-1, 1] on the background thread while the block's frames are copied out; nothing else
 * of the decoded video is kept.
 */
final class ImageLatentEncoder {
    private final StatefulGraph encoder;
    private final BackgroundThread background;
    private final int height;
    private final int width;
    private final byte[] rgb;
    private final float[] planes;
    private final FloatBuffer clip;
    private final HostTensor clipTensor;
    private Future<?> converted;

    ImageLatentEncoder(StatefulGraph encoder, BackgroundThread background, int height, int width) {
        this.encoder = encoder;
        this.background = background;
        this.height = height;
        this.width = width;
        this.rgb = new byte[3 * height * width];
        this.planes = new float[3 * height * width];
        this.clip = ByteBuffer.allocateDirect(3 * height * width * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        this.clipTensor = HostTensor.direct(clip, 1, 3, 1, height, width);
    }

    /**
     * Starts converting frame {@code index} of the decoder's frames {@code [T, H, W, 3]}, which must stay as they
     * are until the conversion is waited for by {@link #encode} or {@link #discard} (the generator's next decoder
     * call comes after either).
     */
    void prepare(HostTensor decodedFrames, int index) {
        converted = background.submit(() -> VideoTensors.toClip(decodedFrames, index, rgb, planes, clip));
    }

    /**
     * As {@link #prepare}, from the decoder's float video {@code [1, 3, T, H, W]} (the values Scope re-encodes, not
     * rounded to 8 bits); it must stay as it is until the frame is encoded or discarded.
     */
    void prepareVideo(HostTensor video, int index) {
        converted = background.submit(() -> {
            int t = (int) video.dim(2);
            int plane = height * width;
            java.nio.FloatBuffer direct = video.directBuffer();
            float[] all = direct == null ? video.floatData() : null;
            for (int c = 0; c < 3; c++) {
                int from = (c * t + index) * plane;
                if (direct != null) {
                    direct.get(from, planes, c * plane, plane);
                } else {
                    System.arraycopy(all, from, planes, c * plane, plane);
                }
            }
            clip.put(0, planes);
        });
    }

    /** Encodes the last prepared frame into {@code out} (16 x H8 x W8 floats) and returns it. */
    float[] encode(float[] out) throws Exception {
        if (converted == null) {
            throw new IllegalStateException("no frame prepared");
        }
        // kept: a block that fails after this call rebuilds the same context from the same frame
        converted.get();
        long[] shape = {1, WanContract.LATENT_CHANNELS, 1, height / 8, width / 8};
        HostTensor latent = encoder.runFromZeroState("video", clipTensor, "latents", shape);
        FloatBuffer data = latent.directBuffer();
        if (latent.dim(2) != 1 || (data != null ? data.capacity() : latent.floatData().length) != out.length) {
            throw new IllegalStateException("vae_encoder returned " + latent + " for one frame, expected "
                    + java.util.Arrays.toString(shape));
        }
        if (data != null) {
            data.get(0, out);
        } else {
            System.arraycopy(latent.floatData(), 0, out, 0, out.length);
        }
        return out;
    }

    /** Drops a prepared frame (after a reset), once its conversion no longer reads the decoder's output. */
    void discard() throws Exception {
        if (converted != null) {
            converted.get();
            converted = null;
        }
    }
}
