package scope.record.internal;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Reads a recording back with FFmpeg: decodes every video frame and reports what is in the file (for tests and
 * benchmarks, and to check a file is playable).
 *
 * @param frames          decoded frames
 * @param durationSeconds the container's duration
 * @param width           frame width
 * @param height          frame height
 * @param codec           the video codec's name
 * @param frameTimes      each decoded frame's presentation time in seconds, in decode order
 * @param middleFrame     the packed RGB of a frame from the middle of the file
 */
public record Mp4Probe(int frames, double durationSeconds, int width, int height, String codec,
        List<Double> frameTimes, byte[] middleFrame) {

    /** Decodes the file; fails when it is not a playable MP4 with a video stream. */
    public static Mp4Probe read(Path file) throws IOException {
        AVFormatContext format = new AVFormatContext(null);
        Mp4Writer.check(avformat_open_input(format, file.toAbsolutePath().toString(), (AVInputFormat) null,
                (AVDictionary) null), "opening " + file);
        AVCodecContext decoder = null;
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            Mp4Writer.check(avformat_find_stream_info(format, (PointerPointer<?>) null), "reading " + file);
            AVStream video = null;
            for (int i = 0; i < format.nb_streams(); i++) {
                if (format.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                    video = format.streams(i);
                }
            }
            if (video == null) {
                throw new IOException(file + " has no video stream");
            }
            AVCodec codec = avcodec_find_decoder(video.codecpar().codec_id());
            if (codec == null) {
                throw new IOException(file + ": no decoder for its video");
            }
            decoder = avcodec_alloc_context3(codec);
            Mp4Writer.check(avcodec_parameters_to_context(decoder, video.codecpar()), "decoder parameters");
            Mp4Writer.check(avcodec_open2(decoder, codec, (AVDictionary) null), "opening the decoder");
            double base = video.time_base().num() / (double) video.time_base().den();
            List<Double> times = new ArrayList<>();
            List<byte[]> keep = new ArrayList<>();
            while (av_read_frame(format, packet) >= 0) {
                if (packet.stream_index() == video.index()) {
                    Mp4Writer.check(avcodec_send_packet(decoder, packet), "decoding");
                    receive(decoder, frame, base, times, keep);
                }
                av_packet_unref(packet);
            }
            Mp4Writer.check(avcodec_send_packet(decoder, null), "flushing the decoder");
            receive(decoder, frame, base, times, keep);
            double duration = format.duration() > 0 ? format.duration() / (double) AV_TIME_BASE : 0;
            byte[] middle = keep.isEmpty() ? new byte[0] : keep.get(keep.size() / 2);
            return new Mp4Probe(times.size(), duration, decoder.width(), decoder.height(), codec.name().getString(),
                    List.copyOf(times), middle);
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            if (decoder != null) {
                avcodec_free_context(decoder);
            }
            avformat_close_input(format);
        }
    }

    private static void receive(AVCodecContext decoder, AVFrame frame, double base, List<Double> times,
            List<byte[]> keep) throws IOException {
        while (true) {
            int r = avcodec_receive_frame(decoder, frame);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            Mp4Writer.check(r, "decoding");
            times.add(frame.best_effort_timestamp() * base);
            if (times.size() % 15 == 1) {
                keep.add(rgb(frame)); // a sample, not every frame
            }
        }
    }

    private static byte[] rgb(AVFrame frame) {
        int w = frame.width();
        int h = frame.height();
        SwsContext sws = sws_getContext(w, h, frame.format(), w, h, AV_PIX_FMT_RGB24, SWS_BILINEAR, null, null,
                (DoublePointer) null);
        try (BytePointer out = new BytePointer((long) w * h * 3);
                PointerPointer<BytePointer> dst = new PointerPointer<>(out, null, null, null);
                IntPointer stride = new IntPointer(w * 3, 0, 0, 0)) {
            sws_scale(sws, frame.data(), frame.linesize(), 0, h, dst, stride);
            byte[] rgb = new byte[w * h * 3];
            out.get(rgb);
            return rgb;
        } finally {
            sws_freeContext(sws);
        }
    }
}
