package scope.record.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import scope.api.Frame;
import scope.runtime.stream.FrameTap;
import scope.runtime.stream.RecordNode;
import scope.runtime.stream.Stream;
import scope.runtime.stream.StreamStats;

/** A stream stand-in with the tap side only: the test plays the frames through the taps and reads the notices. */
final class TappedStream implements Stream {
    final String id;
    final List<FrameTap> outputTaps = new CopyOnWriteArrayList<>();
    final List<FrameTap> inputTaps = new CopyOnWriteArrayList<>();
    /** The taps on output 1 (a forked graph's second sink). */
    final List<FrameTap> secondOutputTaps = new CopyOnWriteArrayList<>();
    volatile List<RecordNode> recordNodes = List.of();
    final List<Map<String, Object>> notices = new CopyOnWriteArrayList<>();
    volatile boolean stopped;

    TappedStream(String id) {
        this.id = id;
    }

    /** Delivers one output frame (and the same one as input) at {@code atNanos}. */
    void deliver(Frame f, long atNanos) {
        outputTaps.forEach(t -> t.frame(f, atNanos));
        inputTaps.forEach(t -> t.frame(f, atNanos));
    }

    /** Delivers one frame on output 1 only. */
    void deliverSecondOutput(Frame f, long atNanos) {
        secondOutputTaps.forEach(t -> t.frame(f, atNanos));
    }

    /** Delivers one input frame only. */
    void deliverInput(Frame f, long atNanos) {
        inputTaps.forEach(t -> t.frame(f, atNanos));
    }

    @Override
    public List<RecordNode> recordNodes() {
        return recordNodes;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Runnable tapOutput(int output, FrameTap tap) {
        List<FrameTap> taps = output == 0 ? outputTaps : secondOutputTaps;
        taps.add(tap);
        return () -> taps.remove(tap);
    }

    @Override
    public Runnable tapInput(FrameTap tap) {
        inputTaps.add(tap);
        return () -> inputTaps.remove(tap);
    }

    @Override
    public void notice(Map<String, Object> message) {
        notices.add(message);
    }

    @Override
    public void pushInput(Frame frame) {
    }

    @Override
    public Frame nextOutput() {
        return null;
    }

    @Override
    public void update(JsonNode message) {
    }

    @Override
    public StreamStats stats() {
        return null;
    }

    @Override
    public void fail(String errorMessage) {
        close();
    }

    @Override
    public void close() {
        stopped = true;
        List.copyOf(outputTaps).forEach(FrameTap::ended);
        List.copyOf(inputTaps).forEach(FrameTap::ended);
        List.copyOf(secondOutputTaps).forEach(FrameTap::ended);
        secondOutputTaps.clear();
        outputTaps.clear();
        inputTaps.clear();
    }
}
