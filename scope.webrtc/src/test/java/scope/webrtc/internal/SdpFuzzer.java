package scope.webrtc.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import scope.webrtc.Answer;
import scope.webrtc.SessionNotFoundException;
import scope.webrtc.WebRtcSignaling;

/**
 * Runs SDP fuzz cases against a signalling service, in this JVM (a native crash ends the run, which is the point).
 * Each case is an offer: an answer counts as accepted, and its session then gets a few trickled candidates (most
 * of them malformed) and is closed; an {@code IllegalArgumentException} naming the field ({@code sdp: ...}) counts
 * as rejected; anything else is unclear (what HTTP would answer 5xx). A call that takes longer than the hang limit
 * counts as a hang.
 */
public final class SdpFuzzer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HANG_SECONDS = 20;
    private static final String[] CANDIDATES = {
        "candidate:1 1 udp 2122260223 10.213.0.9 54400 typ host generation 0",
        "candidate:1 1 udp 2122260223 10.213.0.9 99999 typ host",
        "candidate:1 1 udp 99999999999 10.213.0.9 54400 typ host",
        "candidate:1 1 sctp 1 10.213.0.9 1 typ host",
        "candidate:x 1 udp 1 not-an-address 1 typ host",
        "candidate:1 1 udp 1 10.213.0.9 1 typ bogus",
        "candidate:1 1 udp 1 10.213.0.9 1 typ relay raddr x rport y",
        "candidate:1 0 udp 1 ::1 1 typ host",
        "candidate:1 1 udp 1 10.213.0.9 1 typ host ufrag " + "z".repeat(2000),
        "garbage",
        "candidate:1 1 udp 1 \u00e9\u00e9 1 typ host",
    };

    /** The tally of a run. */
    public static final class Tally {
        public int cases;
        public int accepted;
        public int rejected;
        public int unclear;
        public int hangs;
        public int candidates;
        public int candidatesRejected;
        public int candidatesUnclear;
        public long slowestMillis;
        public final List<String> problems = new ArrayList<>();

        void problem(String what) {
            if (problems.size() < 20) {
                problems.add(what);
            }
        }
    }

    private final WebRtcSignaling service;
    private final ExecutorService caller = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sdp-fuzz-caller");
        t.setDaemon(true);
        return t;
    });

    public SdpFuzzer(WebRtcSignaling service) {
        this.service = service;
    }

    /** Runs cases {@code from} (inclusive) to {@code to} (exclusive) of {@code seed}. */
    public Tally run(long seed, int from, int to, Tally tally) throws InterruptedException {
        SdpMutations mutations = new SdpMutations(ChromiumOffers.videoSendRecv());
        for (int n = from; n < to; n++) {
            SdpMutations.Case c = mutations.generate(seed, n);
            tally.cases++;
            long start = System.nanoTime();
            Object outcome = call(() -> service.offer(ChromiumOffers.body(c.sdp()), "fuzz"));
            tally.slowestMillis = Math.max(tally.slowestMillis, (System.nanoTime() - start) / 1_000_000);
            if (outcome instanceof Answer a) {
                tally.accepted++;
                trickle(a.sessionId(), new Random(seed + n), tally);
                Object closed = call(() -> {
                    service.close(a.sessionId());
                    return "closed";
                });
                if (!"closed".equals(closed)) {
                    tally.hangs += closed instanceof TimeoutException ? 1 : 0;
                    tally.problem("case " + n + " (" + c.operators() + "): close -> " + closed);
                }
            } else if (outcome instanceof IllegalArgumentException e && e.getMessage() != null
                    && e.getMessage().startsWith("sdp: ")) {
                tally.rejected++;
            } else if (outcome instanceof TimeoutException) {
                tally.hangs++;
                tally.problem("case " + n + " (" + c.operators() + "): offer did not return within " + HANG_SECONDS
                        + " s");
            } else {
                tally.unclear++;
                tally.problem("case " + n + " (" + c.operators() + "): " + outcome);
            }
        }
        return tally;
    }

    private void trickle(String sessionId, Random r, Tally tally) throws InterruptedException {
        int count = r.nextInt(3);
        for (int i = 0; i < count; i++) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("candidates");
            ObjectNode c = list.addObject();
            c.put("candidate", CANDIDATES[r.nextInt(CANDIDATES.length)]);
            switch (r.nextInt(4)) {
                case 0 -> c.put("sdpMid", "0");
                case 1 -> c.put("sdpMid", "nope");
                case 2 -> c.put("sdpMLineIndex", r.nextBoolean() ? 0 : 77);
                default -> c.put("sdpMid", "0").put("sdpMLineIndex", -1);
            }
            tally.candidates++;
            Object outcome = call(() -> {
                service.addCandidates(sessionId, body);
                return "added";
            });
            if (outcome instanceof IllegalArgumentException e && e.getMessage() != null
                    && e.getMessage().startsWith("candidates[0]")) {
                tally.candidatesRejected++;
            } else if (!"added".equals(outcome) && !(outcome instanceof SessionNotFoundException)) {
                tally.candidatesUnclear++;
                tally.problem("candidate " + body + ": " + outcome);
            }
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    /** The call's result, or the exception it threw, or a TimeoutException when it hung. */
    private Object call(Call call) throws InterruptedException {
        Future<Object> f = caller.submit(() -> {
            try {
                return call.run();
            } catch (Exception | Error e) {
                return e;
            }
        });
        try {
            return f.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return e;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    /** Stops the caller thread (after a hang it may stay blocked; it is a daemon). */
    public void shutdown() {
        caller.shutdownNow();
    }

    /** Threads of this process as the kernel counts them (JVM and native). */
    public static int nativeThreads() {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return (int) tasks.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The names of this process's threads (kernel view), for a message when they do not come back. */
    public static List<String> nativeThreadNames() {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    names.add(Files.readString(t.resolve("comm")).trim());
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        java.util.Collections.sort(names);
        return names;
    }

    public static int jvmThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** VmRSS of this process in MB, from /proc/self/status. */
    public static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
