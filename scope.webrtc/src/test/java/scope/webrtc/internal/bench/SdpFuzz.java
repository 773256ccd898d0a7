package scope.webrtc.internal.bench;

import java.time.Duration;
import scope.webrtc.internal.ChromiumOffers;
import scope.webrtc.internal.GrayStreamService;
import scope.webrtc.internal.SdpFuzzer;
import scope.webrtc.internal.Signalings;

/**
 * The long SDP fuzz run (a program, not a unit test; the bounded corpus is {@code SdpFuzzTest}): N mutated
 * Chromium offers against one signalling service in this JVM, a few trickled candidates on every accepted session,
 * then DELETE. Prints a progress row every {@code every} cases and the table at the end: cases, accepted,
 * rejected (400 naming the SDP problem), unclear (what HTTP would answer 5xx), hangs, crashes (a crash ends the
 * process, so a printed table means none), candidates, threads (JVM and kernel) and VmRSS before and after. Run it
 * inside a private network namespace, e.g. with the test wrapper:
 * {@code scope.webrtc/src/test/netns/bin/java -cp <test class path> scope.webrtc.internal.bench.SdpFuzz 20000}.
 *
 * <p>Arguments: cases (default 5000), seed (default 11), progress interval (default 1000).
 */
public final class SdpFuzz {
    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 11;
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        GrayStreamService streams = new GrayStreamService();
        SdpFuzzer.Tally tally = new SdpFuzzer.Tally();
        long start = System.nanoTime();
        int nativeBefore;
        int jvmBefore;
        double rssBefore;
        try (Signalings.Closeable service = Signalings.create(streams, Duration.ofMillis(200))) {
            // baseline after one session: the first peer connection starts the audio device's threads
            service.close(service.offer(ChromiumOffers.body(ChromiumOffers.videoSendRecv())).sessionId());
            System.gc();
            nativeBefore = SdpFuzzer.nativeThreads();
            jvmBefore = SdpFuzzer.jvmThreads();
            rssBefore = SdpFuzzer.rssMb();
            System.out.printf("%8s %9s %9s %8s %6s %12s %11s %9s%n", "cases", "accepted", "rejected", "unclear",
                    "hangs", "threads jvm", "threads os", "RSS MB");
            SdpFuzzer fuzzer = new SdpFuzzer(service);
            for (int from = 0; from < cases; from += every) {
                fuzzer.run(seed, from, Math.min(cases, from + every), tally);
                System.out.printf("%8d %9d %9d %8d %6d %12d %11d %9.1f%n", tally.cases, tally.accepted,
                        tally.rejected, tally.unclear, tally.hangs, SdpFuzzer.jvmThreads(),
                        SdpFuzzer.nativeThreads(), SdpFuzzer.rssMb());
            }
            fuzzer.shutdown();
            Thread.sleep(500);
        }
        System.gc();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println();
        System.out.println("| cases | accepted | rejected (400) | unclear (5xx) | crashes | hangs | candidates "
                + "(400 / other) | threads JVM before/after | threads OS before/after | VmRSS MB before/after |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        System.out.printf("| %d | %d | %d | %d | 0 | %d | %d (%d / %d) | %d / %d | %d / %d | %.0f / %.0f |%n",
                tally.cases, tally.accepted, tally.rejected, tally.unclear, tally.hangs, tally.candidates,
                tally.candidatesRejected, tally.candidatesUnclear, jvmBefore, SdpFuzzer.jvmThreads(), nativeBefore,
                SdpFuzzer.nativeThreads(), rssBefore, SdpFuzzer.rssMb());
        System.out.printf("%.0f s, slowest call %d ms (seed %d)%n", seconds, tally.slowestMillis, seed);
        for (String p : tally.problems) {
            System.out.println("problem: " + p);
        }
    }
}
