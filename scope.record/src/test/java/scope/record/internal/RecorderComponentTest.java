package scope.record.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scope.api.Frame;
import scope.record.Recorder;
import scope.record.RecordingFile;
import scope.record.RecordingStatus;
import scope.runtime.stream.RecordNode;

/** The recorder over a tapped stream, with the real FFmpeg writer (and failures injected around it). */
class RecorderComponentTest {
    private static final String SESSION = "0b7c4a52-5b8e-4f51-a1d3-8f2f4f8d2c11";
    private final Map<String, TappedStream> streams = new ConcurrentHashMap<>();

    private RecorderComponent recorder(Path folder, FrameWriter.Factory writers, DiskSpace disk) {
        return new RecorderComponent(id -> Optional.ofNullable(streams.get(id)), folder, writers, disk);
    }

    private RecorderComponent recorder(Path folder) {
        return recorder(folder, Mp4Writer.factory(Mp4Writer.ENCODER), dir -> { });
    }

    private TappedStream stream() {
        TappedStream s = new TappedStream(SESSION);
        streams.put(SESSION, s);
        return s;
    }

    private static Frame frame(int value) {
        return new Frame(64, 64, Mp4WriterTest.solid(64, 64, value, value, value));
    }

    /** Plays {@code n} frames at 30 fps from frame {@code from}, waiting a little so the queue never fills. */
    private static void play(TappedStream s, int from, int n) throws InterruptedException {
        for (int i = from; i < from + n; i++) {
            s.deliver(frame(40 + i % 100), i * 33_333_333L);
            Thread.sleep(2);
        }
    }

    private static List<String> types(TappedStream s) {
        return s.notices.stream().map(m -> (String) m.get("type")).collect(Collectors.toList());
    }

    @Test
    void aRecordingIsFinalisedUnderItsNameWithEveryFrame(@TempDir Path home) throws Exception {
        Path folder = home.resolve("recordings");
        RecorderComponent r = recorder(folder);
        TappedStream s = stream();
        assertEquals(Recorder.Started.STARTED, r.start(SESSION, true));
        assertEquals(Recorder.Started.ALREADY_RECORDING, r.start(SESSION, false));
        assertEquals("recording", r.status().get(0).state());
        play(s, 0, 45);
        assertTrue(r.stop(SESSION));
        assertFalse(r.stop(SESSION), "not recording any more");
        assertTrue(s.outputTaps.isEmpty() && s.inputTaps.isEmpty(), "taps removed");

        List<RecordingFile> files = r.files();
        assertEquals(2, files.size(), files.toString());
        RecordingFile output = files.stream().filter(f -> f.track().equals("output")).findFirst().orElseThrow();
        RecordingFile input = files.stream().filter(f -> f.track().equals("input")).findFirst().orElseThrow();
        assertEquals(SESSION, output.sessionId());
        assertTrue(output.name().startsWith("recording-" + SESSION + "-") && output.name().endsWith(".mp4"));
        assertTrue(input.name().endsWith("-input.mp4"));
        try (var left = Files.list(folder)) {
            assertEquals(2, left.count(), "no temporary file left");
        }
        Mp4Probe p = Mp4Probe.read(output.path());
        assertEquals(45, p.frames());
        assertEquals(44 / 30.0, p.frameTimes().get(44) - p.frameTimes().get(0), 0.01);
        assertEquals(45, Mp4Probe.read(input.path()).frames());

        assertEquals(List.of("recording_started", "recording_started", "recording_stopped", "recording_stopped"),
                types(s));
        Map<String, Object> stopped = s.notices.get(2);
        assertEquals(45L, stopped.get("frames"));
        assertNull(stopped.get("error_message"));
        RecordingStatus st = r.status().stream().filter(x -> x.track().equals("output")).findFirst().orElseThrow();
        assertEquals("stopped", st.state());
        assertEquals(output.name(), st.file());
        assertEquals(output.name(), r.file(output.name()).orElseThrow().name());
        assertTrue(r.file("../" + output.name()).isEmpty());
        assertTrue(r.file("other.mp4").isEmpty());
    }

    @Test
    void theRecordingEndsWithTheStream(@TempDir Path home) throws Exception {
        RecorderComponent r = recorder(home);
        TappedStream s = stream();
        r.start(SESSION, false);
        play(s, 0, 10);
        s.close();
        RecordingFile f = waitForFile(r);
        assertEquals(10, Mp4Probe.read(f.path()).frames());
    }

    @Test
    void aDownloadWhileRecordingFinalisesTheRecordingSoFarAndRecordingGoesOn(@TempDir Path home) throws Exception {
        RecorderComponent r = recorder(home);
        TappedStream s = stream();
        r.start(SESSION, false);
        play(s, 0, 12);
        RecordingFile first = r.download(SESSION).orElseThrow();
        assertEquals(12, Mp4Probe.read(first.path()).frames());
        assertEquals("recording", r.status().get(0).state(), "a new recording has started");
        play(s, 12, 6);
        assertTrue(r.stop(SESSION));
        RecordingFile latest = r.download(SESSION).orElseThrow();
        assertNotEquals(first.name(), latest.name());
        assertEquals(6, Mp4Probe.read(latest.path()).frames());
    }

    @Test
    void unknownSessionsAreRefused(@TempDir Path home) {
        RecorderComponent r = recorder(home);
        assertThrows(NoSuchElementException.class, () -> r.start("nope", false));
        assertThrows(NoSuchElementException.class, () -> r.stop("nope"));
        assertThrows(NoSuchElementException.class, () -> r.download("nope"));
        assertThrows(NoSuchElementException.class, () -> r.start("../x", false));
    }

    @Test
    void anUnwritableFolderRefusesToStartAndSaysWhy(@TempDir Path home) throws IOException {
        Path plain = Files.writeString(home.resolve("plain"), "x");
        RecorderComponent r = recorder(plain.resolve("recordings"));
        TappedStream s = stream();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.start(SESSION, false));
        assertTrue(e.getMessage().contains("recordings"), e.getMessage());
        assertTrue(s.outputTaps.isEmpty());
    }

    @Test
    void aFullDiskRefusesToStart(@TempDir Path home) {
        RecorderComponent r = recorder(home, Mp4Writer.factory(Mp4Writer.ENCODER), dir -> {
            throw new IOException("the disk holding " + dir + " is full (3 MB free, recording needs 64 MB)");
        });
        stream();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.start(SESSION, false));
        assertTrue(e.getMessage().contains("is full"), e.getMessage());
    }

    @Test
    void anEncoderErrorStopsTheRecordingRemovesTheFileAndTellsTheClient(@TempDir Path home) throws Exception {
        RecorderComponent r = recorder(home, Mp4Writer.factory("no-such-encoder"), dir -> { });
        TappedStream s = stream();
        r.start(SESSION, false);
        play(s, 0, 5);
        Map<String, Object> stopped = waitForNotice(s, "recording_stopped");
        assertTrue(String.valueOf(stopped.get("error_message")).contains("no-such-encoder"), stopped.toString());
        assertTrue(r.files().isEmpty());
        try (var left = Files.list(home)) {
            assertEquals(0, left.count(), "nothing left behind");
        }
        RecordingStatus st = r.status().get(0);
        assertEquals("failed", st.state());
        assertNull(st.file());
        assertTrue(s.outputTaps.isEmpty(), "tap removed");
        assertFalse(r.stop(SESSION), "no longer recording; the stream goes on");
    }

    @Test
    void aWriteFailureMidwayKeepsTheRecordingUpToThenPlayable(@TempDir Path home) throws Exception {
        AtomicInteger n = new AtomicInteger();
        FrameWriter.Factory failingAt20 = (file, w, h) -> {
            FrameWriter real = Mp4Writer.factory(Mp4Writer.ENCODER).open(file, w, h);
            return new FrameWriter() {
                @Override
                public void write(byte[] rgb, int width, int height, long atMicros) throws IOException {
                    if (n.incrementAndGet() > 20) {
                        throw new IOException("writing to the file: No space left on device (-28)");
                    }
                    real.write(rgb, width, height, atMicros);
                }

                @Override
                public void finish() throws IOException {
                    real.finish();
                }

                @Override
                public void release() {
                    real.release();
                }
            };
        };
        RecorderComponent r = recorder(home, failingAt20, dir -> { });
        TappedStream s = stream();
        r.start(SESSION, false);
        play(s, 0, 30);
        Map<String, Object> stopped = waitForNotice(s, "recording_stopped");
        String message = String.valueOf(stopped.get("error_message"));
        assertTrue(message.contains("No space left on device") && message.contains("kept in"), message);
        RecordingFile f = r.files().get(0);
        assertEquals(20, Mp4Probe.read(f.path()).frames());
        assertEquals("failed", r.status().get(0).state());
        assertEquals(f.name(), r.status().get(0).file());
    }

    @Test
    void aFileThatCannotBeFinalisedIsRemoved(@TempDir Path home) throws Exception {
        FrameWriter.Factory neverFinishes = (file, w, h) -> {
            FrameWriter real = Mp4Writer.factory(Mp4Writer.ENCODER).open(file, w, h);
            return new FrameWriter() {
                @Override
                public void write(byte[] rgb, int width, int height, long atMicros) throws IOException {
                    real.write(rgb, width, height, atMicros);
                }

                @Override
                public void finish() throws IOException {
                    throw new IOException("writing the MP4 index: No space left on device (-28)");
                }

                @Override
                public void release() {
                    real.release();
                }
            };
        };
        RecorderComponent r = recorder(home, neverFinishes, dir -> { });
        TappedStream s = stream();
        r.start(SESSION, false);
        play(s, 0, 5);
        assertTrue(r.stop(SESSION));
        Map<String, Object> stopped = waitForNotice(s, "recording_stopped");
        assertTrue(String.valueOf(stopped.get("error_message")).contains("removed"), stopped.toString());
        try (var left = Files.list(home)) {
            assertEquals(0, left.count(), "the unplayable file is gone");
        }
    }

    @Test
    void unfinishedFilesOfAnEarlierRunAreRemovedAtStart(@TempDir Path home) throws IOException {
        Path part = Files.writeString(home.resolve(".recording-" + SESSION + "-20260101_000000.mp4.part"), "x");
        recorder(home);
        assertFalse(Files.exists(part));
    }

    @Test
    void anOfferWithRecordingTrueStartsRecording(@TempDir Path home) throws Exception {
        RecorderComponent r = recorder(home);
        TappedStream s = stream();
        r.streamOpened(s, new ObjectMapper().readTree("{\"recording\":true}"));
        assertEquals(1, s.outputTaps.size());
        assertTrue(s.inputTaps.isEmpty());
        TappedStream other = new TappedStream("b1c2");
        streams.put("b1c2", other);
        r.streamOpened(other, new ObjectMapper().readTree("{\"recording\":false}"));
        r.streamOpened(other, null);
        assertTrue(other.outputTaps.isEmpty());
        r.stop(SESSION);
    }

    @Test
    void recordNodesRecordTheirPointOfTheGraphEachIntoAFileOfItsOwn(@TempDir Path home) throws Exception {
        RecorderComponent r = recorder(home);
        TappedStream s = stream();
        // a forked graph: 'rec' behind the second sink, 'rec_in' on the source
        s.recordNodes = List.of(new RecordNode("rec", 1), new RecordNode("rec_in", RecordNode.INPUT));
        r.streamOpened(s, new ObjectMapper().readTree("{\"recording\":true}"));
        assertTrue(s.outputTaps.isEmpty(), "recording: true records no session output beside record nodes");
        assertTrue(String.valueOf(waitForNotice(s, "recording_stopped").get("error_message"))
                .contains("record nodes [rec, rec_in]"));
        assertEquals(List.of("rec", "rec_in"), r.recordNodes(SESSION));
        assertThrows(IllegalArgumentException.class, () -> r.startNode(SESSION, "output"));
        assertThrows(NoSuchElementException.class, () -> r.startNode("nope", "rec"));

        assertEquals(Recorder.Started.STARTED, r.startNode(SESSION, "rec"));
        assertEquals(Recorder.Started.ALREADY_RECORDING, r.startNode(SESSION, "rec"));
        assertEquals(Recorder.Started.STARTED, r.startNode(SESSION, "rec_in"));
        assertEquals(1, s.secondOutputTaps.size(), "rec taps output 1");
        assertEquals(1, s.inputTaps.size(), "rec_in taps the input");
        assertTrue(s.outputTaps.isEmpty());
        for (int i = 0; i < 20; i++) {
            s.deliverSecondOutput(frame(200), i * 33_333_333L);
            if (i < 12) {
                s.deliverInput(frame(30), i * 33_333_333L);
            }
            Thread.sleep(2);
        }
        assertFalse(r.stop(SESSION), "the session itself is not recording");
        assertTrue(r.stopNode(SESSION, "rec_in"));
        assertFalse(r.stopNode(SESSION, "rec_in"));
        // as Scope: a record node's download finalises its recording, which ends there
        RecordingFile rec = r.downloadNode(SESSION, "rec").orElseThrow();
        assertTrue(s.secondOutputTaps.isEmpty() && s.inputTaps.isEmpty(), "taps removed");
        assertFalse(r.stopNode(SESSION, "rec"));
        assertEquals("rec", rec.nodeId());
        assertEquals("output", rec.track());
        assertTrue(rec.name().endsWith("-node-rec.mp4"), rec.name());
        Mp4Probe recorded = Mp4Probe.read(rec.path());
        assertEquals(20, recorded.frames());
        assertEquals(200, recorded.middleFrame()[0] & 0xff, 6, "the second output's frames");
        RecordingFile in = r.files().stream().filter(f -> "rec_in".equals(f.nodeId())).findFirst().orElseThrow();
        assertEquals("input", in.track());
        assertTrue(in.name().endsWith("-input-node-rec_in.mp4"), in.name());
        Mp4Probe input = Mp4Probe.read(in.path());
        assertEquals(12, input.frames());
        assertEquals(30, input.middleFrame()[0] & 0xff, 6, "the input's frames");
        assertTrue(r.download(SESSION).isEmpty(), "no session recording");
        assertEquals(List.of("node:rec", "node:rec_in"), r.status().stream().map(st -> "node:" + st.nodeId())
                .sorted().toList());
        List<Object> stoppedNodes = s.notices.stream().filter(m -> "recording_stopped".equals(m.get("type")))
                .map(m -> m.get("node_id")).filter(java.util.Objects::nonNull).toList();
        assertEquals(2, stoppedNodes.size(), s.notices.toString());

        // after the session ended its record nodes are still known, and their latest files downloadable
        streams.remove(SESSION);
        s.close();
        assertEquals(List.of("rec", "rec_in"), r.recordNodes(SESSION));
        assertEquals(rec.name(), r.downloadNode(SESSION, "rec").orElseThrow().name());
        assertEquals(in.name(), r.downloadNode(SESSION, "rec_in").orElseThrow().name());
    }

    private static RecordingFile waitForFile(RecorderComponent r) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (!r.files().isEmpty()) {
                return r.files().get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no recording finished");
    }

    private static Map<String, Object> waitForNotice(TappedStream s, String type) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            for (Map<String, Object> m : s.notices) {
                if (type.equals(m.get("type"))) {
                    return m;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + type + " in " + s.notices);
    }
}
