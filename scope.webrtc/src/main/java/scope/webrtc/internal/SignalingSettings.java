package scope.webrtc.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the signalling service.
 *
 * @param iceServerUrls       STUN/TURN urls of the one ICE server entry; empty means no ICE servers (host
 *                            candidates only)
 * @param iceUsername         TURN username or null
 * @param iceCredential       TURN credential or null
 * @param iceGatheringTimeout how long an offer waits for ICE gathering before answering with the candidates found
 * @param stoppedLinger       how long a session whose stream stopped stays up so {@code stream_stopped} reaches the
 *                            client (which normally closes the connection itself)
 */
record SignalingSettings(List<String> iceServerUrls, String iceUsername, String iceCredential,
        Duration iceGatheringTimeout, Duration stoppedLinger) {

    static final List<String> DEFAULT_ICE_URLS = List.of("stun:stun.l.google.com:19302");

    SignalingSettings {
        iceServerUrls = List.copyOf(iceServerUrls);
        Objects.requireNonNull(iceGatheringTimeout, "iceGatheringTimeout");
        Objects.requireNonNull(stoppedLinger, "stoppedLinger");
        iceUsername = blankToNull(iceUsername);
        iceCredential = blankToNull(iceCredential);
    }

    static SignalingSettings defaults() {
        return new SignalingSettings(DEFAULT_ICE_URLS, null, null, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    SignalingSettings withIceServerUrls(List<String> urls) {
        return new SignalingSettings(urls, iceUsername, iceCredential, iceGatheringTimeout, stoppedLinger);
    }

    SignalingSettings withStoppedLinger(Duration linger) {
        return new SignalingSettings(iceServerUrls, iceUsername, iceCredential, iceGatheringTimeout, linger);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
