package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The start bitrate written into offers and answers, on VP8 payload types only, without any WebRTC. */
class StartBitrateTest {
    private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    @Test
    void vp8WithoutFmtpGetsOneRightAfterItsRtpmap() {
        String sdp = HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=mid:0\r\na=rtpmap:96 VP8/90000\r\n"
                + "a=rtcp-fb:96 nack\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n";
        assertEquals(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=mid:0\r\na=rtpmap:96 VP8/90000\r\n"
                + "a=fmtp:96 x-google-start-bitrate=1000\r\n"
                + "a=rtcp-fb:96 nack\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n",
                StartBitrate.apply(sdp, 1000));
    }

    @Test
    void anExistingVp8FmtpIsExtendedAndOtherCodecsAreLeftAlone() {
        String sdp = HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 100 102\r\na=rtpmap:100 vp8/90000\r\n"
                + "a=fmtp:100 max-fr=30\r\na=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1\r\n";
        assertEquals(HEAD + "m=video 9 UDP/TLS/RTP/SAVPF 100 102\r\na=rtpmap:100 vp8/90000\r\n"
                + "a=fmtp:100 max-fr=30;x-google-start-bitrate=800\r\na=rtpmap:102 H264/90000\r\n"
                + "a=fmtp:102 packetization-mode=1\r\n", StartBitrate.apply(sdp, 800));
    }

    @Test
    void aStartBitrateTheSdpNamesAlreadyStaysAndSdpWithoutVp8IsUnchanged() {
        String named = "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0\nm=video 9 UDP/TLS/RTP/SAVPF 96\n"
                + "a=rtpmap:96 VP8/90000\na=fmtp:96 x-google-start-bitrate=300\n";
        assertEquals(named, StartBitrate.apply(named, 1000));
        String noVp8 = HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n";
        assertEquals(noVp8, StartBitrate.apply(noVp8, 1000));
    }
}
