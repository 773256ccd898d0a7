package scope.webrtc.internal.bench;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import scope.webrtc.Answer;
import scope.webrtc.internal.Await;
import scope.webrtc.internal.GrayStreamService;
import scope.webrtc.internal.Signalings;
import scope.webrtc.internal.TestClient;

/**
 * Soak program (not a unit test): N cycles of connect, stream video both ways, disconnect, against one signalling
 * service, printing live threads and process memory (VmRSS, and VmHWM/VmData from /proc/self/status) before, during
 * and after. Run it inside a private network namespace, e.g. with the test wrapper:
 * {@code scope.webrtc/src/test/netns/bin/java -cp <test class path> scope.webrtc.internal.bench.SoakCycles 100}.
 */
public final class SoakCycles {
    private static final Duration WAIT = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int framesPerCycle = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        GrayStreamService streams = new GrayStreamService();
        Signalings.Closeable service = Signalings.create(streams, Duration.ofSeconds(5));
        // One client factory for all cycles, so the figures show the server side's growth, not the client's.
        HeadlessAudioDeviceModule clientAudio = new HeadlessAudioDeviceModule();
        PeerConnectionFactory clientFactory = new PeerConnectionFactory(clientAudio);
        System.out.printf("%-10s %8s %10s %10s %10s %10s %12s%n", "point", "threads", "VmRSS kB", "VmHWM kB",
                "VmData kB", "heap kB", "JVM NMT kB");
        print("start");
        long frames = 0;
        for (int i = 1; i <= cycles; i++) {
            boolean video = i % 2 == 1;
            try (TestClient client = new TestClient(clientFactory, video)) {
                Answer answer = service.offer(client.offerBody(video ? "video" : "text"));
                client.acceptAnswer(answer.sdp());
                Await.until(() -> client.framesReceived() >= framesPerCycle, WAIT, "frames in cycle");
                frames += client.framesReceived();
                if (i % 2 == 0) {
                    service.close(answer.sessionId()); // half the cycles end by DELETE, half by the client leaving
                }
            }
            Await.until(() -> service.sessions().isEmpty(), WAIT, "session teardown");
            if (i == 1 || i % 10 == 0) {
                System.gc();
                print("cycle " + i);
            }
        }
        service.close();
        clientFactory.dispose();
        clientAudio.dispose();
        System.gc();
        Thread.sleep(500);
        print("closed");
        System.out.printf("%d cycles, %d frames received by clients, module threads left: %s%n", cycles, frames,
                Await.moduleThreads());
    }

    private static void print(String point) throws Exception {
        List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
        Runtime rt = Runtime.getRuntime();
        System.out.printf("%-10s %8d %10s %10s %10s %10d %12s%n", point, Thread.getAllStackTraces().size(),
                field(status, "VmRSS"), field(status, "VmHWM"), field(status, "VmData"),
                (rt.totalMemory() - rt.freeMemory()) / 1024, jvmCommittedKb());
    }

    /**
     * What the JVM itself has committed (heap, metaspace, code cache, its own threads and mallocs), from Native Memory
     * Tracking when the JVM runs with {@code -XX:NativeMemoryTracking=summary}; "-" otherwise. RSS growth beyond
     * this is memory the native libraries (libwebrtc) hold.
     */
    private static String jvmCommittedKb() {
        try {
            Object out = java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB")
                    .matcher(String.valueOf(out));
            return m.find() ? m.group(2) : "-";
        } catch (Exception e) {
            return "-";
        }
    }

    private static String field(List<String> status, String name) {
        return status.stream().filter(l -> l.startsWith(name + ":")).map(l -> l.replaceAll("[^0-9]", ""))
                .findFirst().orElse("?");
    }
}
