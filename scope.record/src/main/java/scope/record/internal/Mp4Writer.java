package scope.record.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * H.264 in MP4 with FFmpeg: RGB frames are converted to YUV 4:2:0 (swscale, BT.601 as the WebRTC sender does)
 * and encoded by OpenH264 (FFmpeg's LGPL build has no x264), timed in microseconds (variable frame rate: each
 * frame keeps its own time). Odd sizes are scaled to the even size below (4:2:0 needs even sizes). Frame skipping
 * is off, so every frame handed in is in the file.
 */
final class Mp4Writer implements FrameWriter {
    /** The H.264 encoder of FFmpeg's LGPL build. */
    static final String ENCODER = "libopenh264";
    private static final int MICROS = 1_000_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Mp4Writer.class);

    /**
     * Loads FFmpeg when first touched - not in this class's own initialiser, which {@link #factory} runs as the
     * recorder component is made, during the server's start-up.
     */
    private static final class Ffmpeg {
        static {
            // FFmpeg logs to stderr; OpenH264's notices about profile and rate control there are noise. Errors stay.
            org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        }

        static void load() {
            // the initialiser above does it
        }
    }

    private final int width;
    private final int height;
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVStream stream;
    private AVFrame yuv;
    private AVPacket packet;
    private SwsContext scaler;
    private BytePointer rgbBuffer;
    private int rgbWidth;
    private int rgbHeight;
    private long lastPts = Long.MIN_VALUE;
    private boolean headerWritten;

    /** Loads FFmpeg and says whether its H.264 encoder is there. */
    static void preload() {
        try {
            Ffmpeg.load();
            if (avcodec_find_encoder_by_name(ENCODER) == null) {
                LOG.warn("FFmpeg has no {} encoder: recordings will fail", ENCODER);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.error("FFmpeg cannot be loaded: recordings will fail", e);
        }
    }

    static Factory factory(String encoder) {
        return (file, width, height) -> new Mp4Writer(file, width, height, encoder);
    }

    Mp4Writer(Path file, int sourceWidth, int sourceHeight, String encoderName) throws IOException {
        this.width = Math.max(2, sourceWidth & ~1);
        this.height = Math.max(2, sourceHeight & ~1);
        Ffmpeg.load();
        try {
            open(file, encoderName);
        } catch (IOException | RuntimeException e) {
            release();
            throw e;
        }
    }

    private void open(Path file, String encoderName) throws IOException {
        AVCodec encoder = avcodec_find_encoder_by_name(encoderName);
        if (encoder == null) {
            throw new IOException("the H.264 encoder '" + encoderName + "' is not in this FFmpeg build");
        }
        String url = "file:" + file.toAbsolutePath();
        format = new AVFormatContext(null);
        check(avformat_alloc_output_context2(format, null, "mp4", url), "creating the MP4 muxer");
        stream = avformat_new_stream(format, null);
        if (stream == null) {
            throw new IOException("FFmpeg could not add a video stream");
        }
        codec = avcodec_alloc_context3(encoder);
        codec.width(width);
        codec.height(height);
        codec.pix_fmt(AV_PIX_FMT_YUV420P);
        codec.time_base(av_make_q(1, MICROS));
        codec.framerate(av_make_q(30, 1)); // a rate-control hint only: frames keep their own times
        codec.bit_rate(Math.max(1_000_000L, (long) width * height * 4));
        codec.gop_size(60);
        codec.max_b_frames(0);
        if ((format.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            codec.flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "allow_skip_frames", "0", 0);
        try {
            check(avcodec_open2(codec, encoder, options), "opening the " + encoderName + " encoder");
        } finally {
            av_dict_free(options);
        }
        check(avcodec_parameters_from_context(stream.codecpar(), codec), "setting the stream parameters");
        stream.time_base(codec.time_base());
        AVIOContext io = new AVIOContext(null);
        check(avio_open(io, url, AVIO_FLAG_WRITE), "opening " + file);
        format.pb(io);
        check(avformat_write_header(format, (AVDictionary) null), "writing the MP4 header");
        headerWritten = true;
        yuv = av_frame_alloc();
        yuv.format(AV_PIX_FMT_YUV420P);
        yuv.width(width);
        yuv.height(height);
        check(av_frame_get_buffer(yuv, 0), "allocating a frame");
        packet = av_packet_alloc();
    }

    @Override
    public void write(byte[] rgb, int w, int h, long atMicros) throws IOException {
        if (rgbBuffer == null || w != rgbWidth || h != rgbHeight) {
            if (rgbBuffer != null) {
                rgbBuffer.close();
            }
            rgbBuffer = new BytePointer((long) w * h * 3);
            rgbWidth = w;
            rgbHeight = h;
        }
        rgbBuffer.position(0).put(rgb, 0, w * h * 3);
        scaler = sws_getCachedContext(scaler, w, h, AV_PIX_FMT_RGB24, width, height, AV_PIX_FMT_YUV420P,
                SWS_BILINEAR, null, null, (DoublePointer) null);
        if (scaler == null) {
            throw new IOException("FFmpeg cannot convert " + w + "x" + h + " RGB frames");
        }
        check(av_frame_make_writable(yuv), "preparing a frame");
        try (PointerPointer<BytePointer> src = new PointerPointer<>(rgbBuffer, null, null, null);
                IntPointer srcStride = new IntPointer(w * 3, 0, 0, 0)) {
            sws_scale(scaler, src, srcStride, 0, h, yuv.data(), yuv.linesize());
        }
        long pts = Math.max(atMicros, lastPts == Long.MIN_VALUE ? atMicros : lastPts + 1);
        lastPts = pts;
        yuv.pts(pts);
        check(avcodec_send_frame(codec, yuv), "encoding a frame");
        drain();
    }

    private void drain() throws IOException {
        while (true) {
            int r = avcodec_receive_packet(codec, packet);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            check(r, "encoding a frame");
            AVRational codecBase = codec.time_base();
            av_packet_rescale_ts(packet, codecBase, stream.time_base());
            packet.stream_index(stream.index());
            check(av_interleaved_write_frame(format, packet), "writing to the file");
            checkIo();
        }
    }

    /** avio buffers writes: a write error (ENOSPC) shows up on the context, not on the call. */
    private void checkIo() throws IOException {
        AVIOContext io = format.pb();
        if (io != null && io.error() < 0) {
            throw new IOException("writing to the file: " + message(io.error()));
        }
    }

    @Override
    public void finish() throws IOException {
        check(avcodec_send_frame(codec, null), "flushing the encoder");
        drain();
        check(av_write_trailer(format), "writing the MP4 index");
        checkIo();
        AVIOContext io = format.pb();
        format.pb(null);
        check(avio_closep(io), "closing the file");
    }

    @Override
    public void release() {
        if (format != null && format.pb() != null) {
            AVIOContext io = format.pb();
            format.pb(null);
            avio_closep(io);
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (yuv != null) {
            av_frame_free(yuv);
            yuv = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (format != null) {
            avformat_free_context(format);
            format = null;
        }
        if (scaler != null) {
            sws_freeContext(scaler);
            scaler = null;
        }
        if (rgbBuffer != null) {
            rgbBuffer.close();
            rgbBuffer = null;
        }
    }

    boolean headerWritten() {
        return headerWritten;
    }

    static void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + ": " + message(result));
        }
    }

    static String message(int error) {
        byte[] buf = new byte[256];
        av_strerror(error, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8) + " (" + error + ")";
    }
}
