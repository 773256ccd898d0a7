package scope.webrtc;

import scope.runtime.stream.StreamStats;

/**
 * One live session, for status pages.
 *
 * @param sessionId        the session's id
 * @param connectionState  the peer connection state ({@code new}, {@code connecting}, {@code connected}, ...)
 * @param inputMode        {@code video} when the client sends a video track, else {@code text}
 * @param ageMillis        milliseconds since the offer arrived
 * @param ttffMillis       offer-to-first-sent-frame time, or -1 before the first frame
 * @param framesSent       video frames handed to the encoder
 * @param framesReceived   decoded client frames handed to the stream
 * @param inputErrors      input frames that failed (conversion or hand-off), in total
 * @param stream           the stream's own figures, or null once it has stopped
 */
public record SessionInfo(String sessionId, String connectionState, String inputMode, long ageMillis,
        double ttffMillis, long framesSent, long framesReceived, long inputErrors, StreamStats stream) {
}
