package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import scope.webrtc.Answer;

/** Closing a session and then the service leaves no thread of this module behind. */
class ThreadsGoneAfterCloseTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void noModuleThreadSurvivesClose() throws Exception {
        GrayStreamService streams = new GrayStreamService();
        WebRtcSignalingService service = new WebRtcSignalingService(streams, Signalings.settings(Duration.ofSeconds(5)));
        try (TestClient video = new TestClient(true); TestClient text = new TestClient(false)) {
            Answer a = service.offer(video.offerBody("video"));
            video.acceptAnswer(a.sdp());
            Answer b = service.offer(text.offerBody("text"));
            text.acceptAnswer(b.sdp());
            Await.until(() -> video.framesReceived() >= 3 && text.framesReceived() >= 3, WAIT, "both streaming");

            List<String> running = Await.moduleThreads();
            String shortA = a.sessionId().substring(0, 8);
            assertTrue(running.contains(Threads.name("out", a.sessionId())), running.toString());
            assertTrue(running.contains(Threads.name("in0", a.sessionId())), running.toString());

            service.close(a.sessionId());
            List<String> afterOne = Await.moduleThreads();
            assertFalse(afterOne.stream().anyMatch(n -> n.endsWith(shortA)), "session threads gone: " + afterOne);
            assertTrue(streams.opened().get(0).isStopped(), "the closed session's stream is closed");
            assertFalse(streams.opened().get(1).isStopped(), "the other session is untouched");
        } finally {
            service.close();
        }
        assertEquals(List.of(), Await.moduleThreads());
        assertTrue(streams.opened().stream().allMatch(GrayStreamService.GrayStream::isStopped));
    }
}
