package scope.webrtc.internal;

import dev.onvoid.webrtc.media.FourCC;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoBufferConverter;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import scope.api.Frame;

/**
 * Packed RGB frames to and from I420 buffers through libyuv. libyuv has no packed R,G,B source format in
 * webrtc-java's FourCC set ({@code BG24} is B,G,R in memory), so rows are swapped to B,G,R in a scratch array.
 * Not thread-safe: one instance per converting thread.
 */
final class RgbI420 {
    private byte[] bgr = new byte[0];

    /** A new I420 buffer with the frame's pixels; the caller owns (and releases) it. */
    NativeI420Buffer toI420(Frame frame) throws Exception {
        byte[] rgb = frame.rgb();
        byte[] scratch = scratch(rgb.length);
        swapRedBlue(rgb, scratch);
        NativeI420Buffer buffer = NativeI420Buffer.allocate(frame.width(), frame.height());
        try {
            VideoBufferConverter.convertToI420(scratch, buffer, FourCC.BG24);
            return buffer;
        } catch (Exception | Error e) {
            buffer.release();
            throw e;
        }
    }

    /** The buffer's pixels as a new RGB frame; the buffer is not released here. */
    Frame toRgb(VideoFrameBuffer buffer, long timestampNanos) throws Exception {
        int w = buffer.getWidth();
        int h = buffer.getHeight();
        byte[] scratch = scratch(w * h * 3);
        VideoBufferConverter.convertFromI420(buffer, scratch, FourCC.BG24);
        byte[] rgb = new byte[w * h * 3];
        swapRedBlue(scratch, rgb);
        return new Frame(w, h, rgb, timestampNanos);
    }

    private byte[] scratch(int length) {
        if (bgr.length != length) {
            bgr = new byte[length];
        }
        return bgr;
    }

    private static void swapRedBlue(byte[] from, byte[] to) {
        for (int i = 0; i + 2 < from.length; i += 3) {
            to[i] = from[i + 2];
            to[i + 1] = from[i + 1];
            to[i + 2] = from[i];
        }
    }
}
