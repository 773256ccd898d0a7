package scope.webrtc.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the signalling service.
 *
 * @param iceServerUrls        STUN/TURN urls of the one ICE server entry; empty means no ICE servers (host
 *                             candidates only)
 * @param iceUsername          TURN username or null
 * @param iceCredential        TURN credential or null
 * @param iceGatheringTimeout  how long an offer waits for ICE gathering before answering with the candidates found
 * @param stoppedLinger        how long a session whose stream stopped stays up so {@code stream_stopped} reaches the
 *                             client (which normally closes the connection itself)
 * @param connectTimeout       a session not connected this long after its answer (or disconnected this long) is
 *                             closed
 * @param limits               caps on sessions and on what an offer may contain
 * @param media                where media may flow, i.e. which local addresses the answer discloses
 * @param mediaPortMin         lowest local UDP port for media, 0 for any
 * @param mediaPortMax         highest local UDP port for media, 0 for any
 */
record SignalingSettings(List<String> iceServerUrls, String iceUsername, String iceCredential,
        Duration iceGatheringTimeout, Duration stoppedLinger, Duration connectTimeout, Limits limits,
        MediaAddresses media, int mediaPortMin, int mediaPortMax) {

    static final List<String> DEFAULT_ICE_URLS = List.of("stun:stun.l.google.com:19302");

    /**
     * @param maxSessions          live sessions in all
     * @param maxSessionsPerClient live sessions per client address
     * @param maxSdpBytes          characters of an offer's SDP
     * @param maxMediaSections     m= lines of an offer
     */
    record Limits(int maxSessions, int maxSessionsPerClient, int maxSdpBytes, int maxMediaSections) {
        Limits {
            positive(maxSessions, "max_sessions");
            positive(maxSessionsPerClient, "max_sessions_per_client");
            positive(maxSdpBytes, "max_sdp_bytes");
            positive(maxMediaSections, "max_media_sections");
        }

        static Limits defaults() {
            return new Limits(8, 4, 65536, 8);
        }

        private static void positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
        }
    }

    SignalingSettings {
        iceServerUrls = List.copyOf(iceServerUrls);
        Objects.requireNonNull(iceGatheringTimeout, "iceGatheringTimeout");
        Objects.requireNonNull(stoppedLinger, "stoppedLinger");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(media, "media");
        if (mediaPortMin < 0 || mediaPortMax > 65535 || mediaPortMin > mediaPortMax) {
            throw new IllegalArgumentException("media_port_min/media_port_max must be 0 <= min <= max <= 65535, got "
                    + mediaPortMin + ".." + mediaPortMax);
        }
        iceUsername = blankToNull(iceUsername);
        iceCredential = blankToNull(iceCredential);
    }

    static SignalingSettings defaults() {
        return new SignalingSettings(DEFAULT_ICE_URLS, null, null, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Limits.defaults(), MediaAddresses.any(), 0, 0);
    }

    SignalingSettings withIceServerUrls(List<String> urls) {
        return new SignalingSettings(urls, iceUsername, iceCredential, iceGatheringTimeout, stoppedLinger,
                connectTimeout, limits, media, mediaPortMin, mediaPortMax);
    }

    SignalingSettings withStoppedLinger(Duration linger) {
        return new SignalingSettings(iceServerUrls, iceUsername, iceCredential, iceGatheringTimeout, linger,
                connectTimeout, limits, media, mediaPortMin, mediaPortMax);
    }

    SignalingSettings withConnectTimeout(Duration timeout) {
        return new SignalingSettings(iceServerUrls, iceUsername, iceCredential, iceGatheringTimeout, stoppedLinger,
                timeout, limits, media, mediaPortMin, mediaPortMax);
    }

    SignalingSettings withLimits(Limits newLimits) {
        return new SignalingSettings(iceServerUrls, iceUsername, iceCredential, iceGatheringTimeout, stoppedLinger,
                connectTimeout, newLimits, media, mediaPortMin, mediaPortMax);
    }

    SignalingSettings withMedia(MediaAddresses newMedia) {
        return new SignalingSettings(iceServerUrls, iceUsername, iceCredential, iceGatheringTimeout, stoppedLinger,
                connectTimeout, limits, newMedia, mediaPortMin, mediaPortMax);
    }

    SignalingSettings withMediaPorts(int min, int max) {
        return new SignalingSettings(iceServerUrls, iceUsername, iceCredential, iceGatheringTimeout, stoppedLinger,
                connectTimeout, limits, media, min, max);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
