package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bounded SDP fuzz corpus (mutations of a real Chromium offer, see {@link SdpMutations}) against the service in
 * this JVM: no crash (a native crash ends the test JVM and fails the build), every offer answered or refused with a
 * message naming the SDP problem, every session torn down, and the process's threads back to where they were.
 * The long run is {@code bench.SdpFuzz}.
 */
class SdpFuzzTest {
    static final long SEED = 11;
    static final int CASES = Integer.getInteger("sdpfuzz.cases", 400);

    @Test
    void mutatedOffersAreAnsweredOrRefusedAndLeaveNothingBehind() throws Exception {
        GrayStreamService streams = new GrayStreamService();
        SdpFuzzer.Tally tally = new SdpFuzzer.Tally();
        SdpFuzzer fuzzer;
        try (WebRtcSignalingService service = new WebRtcSignalingService(streams,
                Signalings.settings(Duration.ofMillis(200)))) {
            // The baseline is taken after one session: the first peer connection of a factory starts the audio
            // device's threads (AudioDeviceBuffer, rtc-low-prio), which live as long as the factory (and, since
            // webrtc-java 0.14 never frees a closed peer connection, past its disposal).
            service.close(service.offer(ChromiumOffers.body(ChromiumOffers.videoSendRecv())).sessionId());
            int nativeBefore = SdpFuzzer.nativeThreads();
            int jvmBefore = SdpFuzzer.jvmThreads();
            List<String> namesBefore = SdpFuzzer.nativeThreadNames();

            fuzzer = new SdpFuzzer(service);
            fuzzer.run(SEED, 0, CASES, tally);
            assertTrue(service.sessions().isEmpty(), "every session was closed: " + service.sessions());
            fuzzer.shutdown();
            Await.until(() -> SdpFuzzer.nativeThreads() <= nativeBefore && SdpFuzzer.jvmThreads() <= jvmBefore,
                    Duration.ofSeconds(30), "threads back to the baseline (native " + nativeBefore + ", JVM "
                            + jvmBefore + "), now native " + SdpFuzzer.nativeThreads() + ", JVM "
                            + SdpFuzzer.jvmThreads() + "; before " + namesBefore + ", now "
                            + SdpFuzzer.nativeThreadNames());
        }
        System.out.printf("SDP fuzz: %d cases, %d accepted, %d rejected, %d unclear, %d hangs; %d candidates "
                + "(%d rejected, %d unclear); slowest call %d ms%n", tally.cases, tally.accepted, tally.rejected,
                tally.unclear, tally.hangs, tally.candidates, tally.candidatesRejected, tally.candidatesUnclear,
                tally.slowestMillis);
        assertEquals(List.of(), tally.problems);
        assertEquals(0, tally.unclear + tally.hangs + tally.candidatesUnclear);
        assertTrue(tally.accepted * 20 >= tally.cases && tally.rejected * 4 >= tally.cases,
                "the corpus exercises both outcomes: " + tally.accepted + " accepted, " + tally.rejected + " rejected");
        assertTrue(streams.opened().stream().allMatch(GrayStreamService.GrayStream::isStopped));
        assertEquals(List.of(), Await.moduleThreads());
    }
}
