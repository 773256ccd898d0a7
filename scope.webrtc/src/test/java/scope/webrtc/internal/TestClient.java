package scope.webrtc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import scope.api.Frame;

/**
 * The browser's part, in Java: creates the {@code parameters} data channel, optionally sends a synthetic colour
 * video track (R=200, G=40, B=40), always offers a recvonly audio section like the stock frontend, and records the
 * video and the messages it gets back. No ICE servers: traffic stays on the test namespace's own address. Like
 * Scope's UI for a graph with several sinks, it can add one recvonly video transceiver per further sink after the
 * audio one; what arrives is then also recorded per section ({@link #chromaOf}, {@link #framesOn}).
 */
public final class TestClient implements AutoCloseable {
    public static final int WIDTH = 64;
    public static final int HEIGHT = 48;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HeadlessAudioDeviceModule audio;
    private final PeerConnectionFactory factory;
    private final boolean ownsFactory;
    private final RTCPeerConnection pc;
    private final RTCDataChannel channel;
    private final CustomVideoSource videoSource;
    private final VideoTrack videoTrack;
    private final AudioTrackSource audioSource;
    private final AudioTrack audioTrack;
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final CompletableFuture<Void> channelOpen = new CompletableFuture<>();
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final AtomicLong framesReceived = new AtomicLong();
    private final List<VideoTrack> remoteTracks = new ArrayList<>();
    private final List<VideoTrackSink> remoteSinks = new ArrayList<>();
    private final java.util.Map<String, int[]> chromaByMid = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, AtomicLong> framesByMid = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<VideoTrack> extraReceivers = new ArrayList<>();
    private final List<RTCDataChannel> extraChannels = new ArrayList<>();
    private volatile int[] lastChroma = {-1, -1};
    private volatile RTCPeerConnectionState state = RTCPeerConnectionState.NEW;
    private Thread pusher;
    private volatile boolean pushing;

    public TestClient(boolean sendVideo) {
        this(null, sendVideo);
    }

    /** A client on a shared factory (null: its own, disposed on close). */
    public TestClient(PeerConnectionFactory shared, boolean sendVideo) {
        this(shared, sendVideo, 0);
    }

    /** A client with {@code moreReceivers} recvonly video sections after the audio one (sinks after the first). */
    public TestClient(PeerConnectionFactory shared, boolean sendVideo, int moreReceivers) {
        ownsFactory = shared == null;
        audio = ownsFactory ? new HeadlessAudioDeviceModule() : null;
        factory = ownsFactory ? new PeerConnectionFactory(audio) : shared;
        pc = factory.createPeerConnection(new RTCConfiguration(), new Observer());
        RTCDataChannelInit init = new RTCDataChannelInit();
        init.ordered = true;
        channel = pc.createDataChannel("parameters", init);
        channel.registerObserver(new ChannelObserver());

        videoSource = new CustomVideoSource();
        videoTrack = factory.createVideoTrack("client-video", videoSource);
        RTCRtpTransceiverInit videoInit = new RTCRtpTransceiverInit();
        // Text mode: a video section that only receives, as the frontend's bare transceiver does.
        videoInit.direction = sendVideo ? RTCRtpTransceiverDirection.SEND_RECV : RTCRtpTransceiverDirection.RECV_ONLY;
        videoInit.streamIds = List.of("client");
        pc.addTransceiver(videoTrack, videoInit);

        audioSource = factory.createAudioSource(new AudioOptions());
        audioTrack = factory.createAudioTrack("client-audio", audioSource);
        RTCRtpTransceiverInit audioInit = new RTCRtpTransceiverInit();
        audioInit.direction = RTCRtpTransceiverDirection.RECV_ONLY;
        pc.addTransceiver(audioTrack, audioInit);

        for (int i = 0; i < moreReceivers; i++) {
            VideoTrack placeholder = factory.createVideoTrack("client-receiver-" + i, videoSource);
            RTCRtpTransceiverInit receiveOnly = new RTCRtpTransceiverInit();
            receiveOnly.direction = RTCRtpTransceiverDirection.RECV_ONLY;
            pc.addTransceiver(placeholder, receiveOnly);
            extraReceivers.add(placeholder);
        }

        if (sendVideo) {
            pushing = true;
            pusher = new Thread(this::pushColour, "test-client-pusher");
            pusher.setDaemon(true);
            pusher.start();
        }
    }

    /** The offer body as the frontend POSTs it. */
    public ObjectNode offerBody(String inputMode) throws Exception {
        CompletableFuture<RTCSessionDescription> offer = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                offer.complete(description);
            }

            @Override
            public void onFailure(String error) {
                offer.completeExceptionally(new IllegalStateException(error));
            }
        });
        PeerCalls.setLocalDescription(pc, offer.get(10, TimeUnit.SECONDS));
        PeerCalls.awaitGathering(pc, gathered, Duration.ofSeconds(10));
        ObjectNode body = JSON.createObjectNode();
        body.put("sdp", pc.getLocalDescription().sdp);
        body.put("type", "offer");
        body.putObject("initialParameters").put("input_mode", inputMode).putArray("pipeline_ids").add("gray");
        return body;
    }

    public void acceptAnswer(String sdp) {
        PeerCalls.setRemoteDescription(pc, new RTCSessionDescription(RTCSdpType.ANSWER, sdp));
    }

    public void awaitChannelOpen() throws Exception {
        channelOpen.get(30, TimeUnit.SECONDS);
    }

    public void send(String text) throws Exception {
        channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
    }

    /** Sends bytes as a binary message on the {@code parameters} channel. */
    public void sendBinary(byte[] bytes) throws Exception {
        channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(bytes), true));
    }

    /** Opens one more data channel on the live connection (no renegotiation needed once SCTP is up). */
    public RTCDataChannel openChannel(String label) {
        RTCDataChannel extra = pc.createDataChannel(label, new RTCDataChannelInit());
        synchronized (extraChannels) {
            extraChannels.add(extra);
        }
        return extra;
    }

    /** The next message that matches, waiting up to the timeout; null if none came. */
    public JsonNode awaitMessage(Predicate<JsonNode> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            JsonNode m = messages.poll(left, TimeUnit.NANOSECONDS);
            if (m != null && filter.test(m)) {
                return m;
            }
        }
    }

    public List<JsonNode> drainMessages() {
        List<JsonNode> list = new ArrayList<>();
        messages.drainTo(list);
        return list;
    }

    public long framesReceived() {
        return framesReceived.get();
    }

    /** Mean U and V (0..255) of the last received frame; 128/128 is gray. */
    public int[] lastChroma() {
        return lastChroma;
    }

    public RTCPeerConnectionState state() {
        return state;
    }

    public String candidateMid() {
        for (RTCRtpTransceiver t : pc.getTransceivers()) {
            if (t.getMid() != null) {
                return t.getMid();
            }
        }
        return "0";
    }

    private void pushColour() {
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 200;
            rgb[i + 1] = (byte) 40;
            rgb[i + 2] = (byte) 40;
        }
        Frame frame = new Frame(WIDTH, HEIGHT, rgb);
        RgbI420 converter = new RgbI420();
        while (pushing) {
            try {
                NativeI420Buffer buffer = converter.toI420(frame);
                VideoFrame vf = new VideoFrame(buffer, System.nanoTime());
                videoSource.pushFrame(vf);
                vf.release();
                TimeUnit.MILLISECONDS.sleep(33);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        pushing = false;
        if (pusher != null) {
            pusher.interrupt();
            pusher.join(5000);
        }
        synchronized (remoteTracks) {
            for (int i = 0; i < remoteTracks.size(); i++) {
                remoteTracks.get(i).removeSink(remoteSinks.get(i));
            }
            remoteTracks.clear();
            remoteSinks.clear();
        }
        channel.unregisterObserver();
        channel.close();
        channel.dispose();
        synchronized (extraChannels) {
            for (RTCDataChannel extra : extraChannels) {
                extra.close();
                extra.dispose();
            }
            extraChannels.clear();
        }
        for (var sender : pc.getSenders()) {
            sender.replaceTrack(null);
        }
        pc.close();
        List<Runnable> disposals = new ArrayList<>();
        extraReceivers.forEach(t -> disposals.add(t::dispose));
        disposals.addAll(List.<Runnable>of(videoTrack::dispose, videoSource::dispose, audioTrack::dispose));
        for (Runnable dispose : disposals) {
            try {
                dispose.run();
            } catch (RuntimeException | Error e) {
                // after pc.close() libwebrtc may refuse; nothing is leaked by that
            }
        }
        if (ownsFactory) {
            factory.dispose();
            audio.dispose();
        }
    }

    /** Mean U and V of the last frame received on the section with this mid, or null before any. */
    public int[] chromaOf(String mid) {
        return chromaByMid.get(mid);
    }

    /** Frames received on the section with this mid. */
    public long framesOn(String mid) {
        AtomicLong n = framesByMid.get(mid);
        return n == null ? 0 : n.get();
    }

    private static int mean(ByteBuffer plane) {
        long sum = 0;
        int n = plane.remaining();
        for (int i = 0; i < n; i++) {
            sum += plane.get(plane.position() + i) & 255;
        }
        return n == 0 ? -1 : (int) (sum / n);
    }

    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            // non-trickle offer
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState s) {
            if (s == RTCIceGatheringState.COMPLETE) {
                gathered.complete(null);
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState s) {
            state = s;
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            if (transceiver.getReceiver().getTrack() instanceof VideoTrack video) {
                String mid = String.valueOf(transceiver.getMid());
                AtomicLong count = framesByMid.computeIfAbsent(mid, k -> new AtomicLong());
                VideoTrackSink perSection = frame -> {
                    try {
                        I420Buffer i420 = frame.buffer.toI420();
                        int[] chroma = {mean(i420.getDataU()), mean(i420.getDataV())};
                        chromaByMid.put(mid, chroma);
                        count.incrementAndGet();
                        lastChroma = chroma;
                        framesReceived.incrementAndGet();
                    } finally {
                        frame.release();
                    }
                };
                synchronized (remoteTracks) {
                    remoteTracks.add(video);
                    remoteSinks.add(perSection);
                }
                video.addSink(perSection);
            }
        }
    }

    private final class ChannelObserver implements RTCDataChannelObserver {
        @Override
        public void onBufferedAmountChange(long previousAmount) {
        }

        @Override
        public void onStateChange() {
            if (channel.getState() == RTCDataChannelState.OPEN) {
                channelOpen.complete(null);
            }
        }

        @Override
        public void onMessage(RTCDataChannelBuffer buffer) {
            byte[] bytes = new byte[buffer.data.remaining()];
            buffer.data.get(bytes);
            try {
                messages.add(JSON.readTree(bytes));
            } catch (Exception e) {
                messages.add(JSON.createObjectNode().put("unparsable", new String(bytes, StandardCharsets.UTF_8)));
            }
        }
    }
}
