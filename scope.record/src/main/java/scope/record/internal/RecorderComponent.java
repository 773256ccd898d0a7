package scope.record.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.record.Recorder;
import scope.record.RecordingFile;
import scope.record.RecordingStatus;
import scope.runtime.settings.ScopeSettings;
import scope.runtime.stream.ManagedStreams;
import scope.runtime.stream.RecordNode;
import scope.runtime.stream.Stream;
import scope.runtime.stream.StreamObserver;

/**
 * The recorder: one {@link Recording} per session and track (output, input), tapping the session's stream; the
 * finished files live in {@code <home>/recordings}. It also watches new streams and starts recording those opened
 * with {@code recording: true}. Messages to the client go through {@link Stream#notice}: {@code recording_started}
 * and {@code recording_stopped} (with {@code error_message} when it failed).
 */
@Component(service = {Recorder.class, StreamObserver.class}, immediate = true)
public class RecorderComponent implements Recorder, StreamObserver {
    private static final Logger LOG = LoggerFactory.getLogger(RecorderComponent.class);
    /** Recording stops while this much is still free, so the file can be finalised. */
    static final long MIN_FREE_BYTES = 64L * 1024 * 1024;
    static final String OUTPUT = "output";
    static final String INPUT = "input";
    /** The key of a record node's recording among its session's: {@code node:<record node id>}. */
    static final String NODE = "node:";
    private static final long STOP_WAIT_SECONDS = 30;
    private static final int RECENT = 100;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    /**
     * {@code recording-<session>-<stamp>[-n][-input][-node-<record node>].mp4}; session ids are UUIDs (letters,
     * digits, dashes), record node ids Scope's ({@code record}, {@code record_1}).
     */
    static final Pattern FILE_NAME = Pattern.compile(
            "recording-(?<session>[A-Za-z0-9_-]+?)-(?<stamp>\\d{8}_\\d{6})(?:-\\d+)?(?<input>-input)?"
                    + "(?:-node-(?<node>[A-Za-z0-9_-]+))?\\.mp4");
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Function<String, Optional<Stream>> streams;
    private final Path folder;
    private final FrameWriter.Factory writers;
    private final DiskSpace disk;
    /** The running recordings by session id, then track. */
    private final Map<String, Map<String, Recording>> live = new ConcurrentHashMap<>();
    /** The record nodes of the sessions opened lately, by session (bounded): what node_id may name after the end. */
    private final Map<String, List<String>> graphRecordNodes = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
                    return size() > RECENT;
                }
            });
    /** The last recordings that ended, by session and track (bounded). */
    private final Map<String, RecordingStatus> recent = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RecordingStatus> eldest) {
            return size() > RECENT;
        }
    };

    @Activate
    public RecorderComponent(@Reference ManagedStreams streams, @Reference ScopeSettings settings,
            BundleContext context) {
        this(streams::stream, settings.home().resolve("recordings"), Mp4Writer.factory(Mp4Writer.ENCODER),
                DiskSpace.atLeast(MIN_FREE_BYTES));
        // JavaCPP unpacks and loads FFmpeg's natives at first use (about 60 MB): do it ahead of the first recording,
        // so that it does not spend its first second there while frames queue up - but once the framework has
        // started, so that it does not take a core from the rest of the start-up
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        if (framework.getState() == Bundle.ACTIVE) {
            preloadFfmpeg();
        } else {
            context.addFrameworkListener(new FrameworkListener() {
                @Override
                public void frameworkEvent(FrameworkEvent event) {
                    if (event.getType() == FrameworkEvent.STARTED) {
                        context.removeFrameworkListener(this);
                        preloadFfmpeg();
                    }
                }
            });
        }
    }

    private static void preloadFfmpeg() {
        Thread preload = new Thread(Mp4Writer::preload, "scope-record-ffmpeg-load");
        preload.setDaemon(true);
        preload.setPriority(Thread.MIN_PRIORITY);
        preload.start();
    }

    RecorderComponent(Function<String, Optional<Stream>> streams, Path folder, FrameWriter.Factory writers,
            DiskSpace disk) {
        this.streams = streams;
        this.folder = folder;
        this.writers = writers;
        this.disk = disk;
        removeLeftovers();
    }

    /** A hidden {@code .part} file is a recording the process did not finish (killed): it is not playable. */
    private void removeLeftovers() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(folder, ".recording-*.part")) {
            for (Path p : parts) {
                LOG.warn("Removing {}: a recording that was never finalised (the server stopped while recording)",
                        p.getFileName());
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not clean up unfinished recordings in {}: {}", folder, e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        List<Recording> all = live.values().stream().flatMap(m -> m.values().stream()).toList();
        all.forEach(r -> r.stop("the server is shutting down"));
        for (Recording r : all) {
            await(r);
        }
    }

    @Override
    public Started start(String sessionId, boolean withInput) {
        Stream stream = liveStream(sessionId);
        synchronized (this) {
            Map<String, Recording> tracks = live.computeIfAbsent(sessionId, k -> new ConcurrentHashMap<>());
            if (tracks.containsKey(OUTPUT) && (!withInput || tracks.containsKey(INPUT))) {
                return Started.ALREADY_RECORDING;
            }
            prepareFolder();
            if (!tracks.containsKey(OUTPUT)) {
                tracks.put(OUTPUT, begin(stream, OUTPUT));
            }
            if (withInput && !tracks.containsKey(INPUT)) {
                tracks.put(INPUT, begin(stream, INPUT));
            }
            return Started.STARTED;
        }
    }

    @Override
    public Started startNode(String sessionId, String nodeId) {
        Stream stream = liveStream(sessionId);
        pointOf(stream, nodeId);
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalStateException("record node '" + nodeId + "': only ids of letters, digits, '_' and "
                    + "'-' (at most 64) can name a recording file");
        }
        synchronized (this) {
            Map<String, Recording> tracks = live.computeIfAbsent(sessionId, k -> new ConcurrentHashMap<>());
            if (tracks.containsKey(NODE + nodeId)) {
                return Started.ALREADY_RECORDING;
            }
            prepareFolder();
            tracks.put(NODE + nodeId, begin(stream, NODE + nodeId));
            return Started.STARTED;
        }
    }

    /** The point of the stream a record node of its graph records. */
    private static RecordNode pointOf(Stream stream, String nodeId) {
        return stream.recordNodes().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown record node '" + nodeId + "'"));
    }

    @Override
    public List<String> recordNodes(String sessionId) {
        Optional<Stream> stream = sessionId == null ? Optional.empty() : streams.apply(sessionId);
        if (stream.isPresent()) {
            return stream.get().recordNodes().stream().map(RecordNode::nodeId).toList();
        }
        return graphRecordNodes.getOrDefault(sessionId, List.of());
    }

    private Stream liveStream(String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw new NoSuchElementException("Session " + sessionId + " not found");
        }
        return streams.apply(sessionId).orElseThrow(() -> new NoSuchElementException(
                "Session " + sessionId + " not found"));
    }

    private void prepareFolder() {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IllegalStateException("the recordings folder " + folder + " cannot be created: " + e, e);
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalStateException("the recordings folder " + folder + " is not writable");
        }
        try {
            disk.check(folder);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record: " + e.getMessage(), e);
        }
    }

    /** Starts the recording of {@code key}: the session's output or input, or a record node's point. */
    private Recording begin(Stream stream, String key) {
        String nodeId = key.startsWith(NODE) ? key.substring(NODE.length()) : null;
        RecordNode point = nodeId == null ? null : pointOf(stream, nodeId);
        String track = point == null ? key : point.recordsInput() ? INPUT : OUTPUT;
        Path target = freshName(stream.id(), track, nodeId);
        Recording r = new Recording(stream.id(), track, nodeId, target, writers, disk, this::ended);
        r.start();
        int output = point == null ? 0 : point.output();
        r.untapWith(INPUT.equals(track) ? stream.tapInput(r) : stream.tapOutput(output, r));
        LOG.info("Session {}: recording the {}{} into {}", stream.id(), track,
                nodeId == null ? "" : " for record node '" + nodeId + "'", target.getFileName());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "recording_started");
        m.put("track", track);
        if (nodeId != null) {
            m.put("node_id", nodeId);
        }
        m.put("file", target.getFileName().toString());
        stream.notice(m);
        return r;
    }

    private Path freshName(String sessionId, String track, String nodeId) {
        String base = "recording-" + sessionId + "-" + LocalDateTime.now().format(STAMP);
        String suffix = (INPUT.equals(track) ? "-input" : "") + (nodeId == null ? "" : "-node-" + nodeId) + ".mp4";
        Path p = folder.resolve(base + suffix);
        for (int n = 2; Files.exists(p) || isLive(p); n++) {
            p = folder.resolve(base + "-" + n + suffix);
        }
        return p;
    }

    private boolean isLive(Path target) {
        return live.values().stream().flatMap(m -> m.values().stream()).anyMatch(r -> r.target().equals(target));
    }

    /** On the recording's thread, once its outcome is known. */
    private void ended(Recording r) {
        synchronized (this) {
            forget(r);
            synchronized (recent) {
                recent.remove(r.sessionId() + "/" + r.key());
                recent.put(r.sessionId() + "/" + r.key(), r.status());
            }
        }
        RecordingStatus s = r.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "recording_stopped");
        m.put("track", s.track());
        if (s.nodeId() != null) {
            m.put("node_id", s.nodeId());
        }
        m.put("file", s.file());
        m.put("frames", s.frames());
        m.put("duration_s", Math.round(s.durationSeconds() * 100) / 100.0);
        if (s.error() != null) {
            m.put("error_message", s.error());
        }
        streams.apply(r.sessionId()).ifPresent(stream -> stream.notice(m));
    }

    /** Takes an ended recording out of the live ones (its successor, if any, stays). */
    private synchronized void forget(Recording r) {
        Map<String, Recording> tracks = live.get(r.sessionId());
        if (tracks != null) {
            tracks.remove(r.key(), r);
            if (tracks.isEmpty()) {
                live.remove(r.sessionId(), tracks);
            }
        }
    }

    @Override
    public boolean stop(String sessionId) {
        Map<String, Recording> tracks = live.get(sessionId);
        List<Recording> all = tracks == null ? List.of()
                : tracks.values().stream().filter(r -> r.nodeId() == null).toList();
        return stopAll(sessionId, all);
    }

    @Override
    public boolean stopNode(String sessionId, String nodeId) {
        Map<String, Recording> tracks = live.get(sessionId);
        Recording r = tracks == null || nodeId == null ? null : tracks.get(NODE + nodeId);
        return stopAll(sessionId, r == null ? List.of() : List.of(r));
    }

    private boolean stopAll(String sessionId, List<Recording> all) {
        if (all.isEmpty()) {
            requireKnown(sessionId);
            return false;
        }
        all.forEach(r -> r.stop(null));
        for (Recording r : all) {
            await(r);
            forget(r); // at once, so a start right after this returns starts afresh
        }
        return true;
    }

    private void requireKnown(String sessionId) {
        if (!knows(sessionId)) {
            throw new NoSuchElementException("Session " + sessionId + " not found");
        }
    }

    @Override
    public boolean knows(String sessionId) {
        return sessionId != null && SESSION_ID.matcher(sessionId).matches()
                && (streams.apply(sessionId).isPresent() || live.containsKey(sessionId) || recorded(sessionId));
    }

    private boolean recorded(String sessionId) {
        synchronized (recent) {
            if (recent.values().stream().anyMatch(s -> s.sessionId().equals(sessionId))) {
                return true;
            }
        }
        return files().stream().anyMatch(f -> f.sessionId().equals(sessionId));
    }

    private static Recording.Outcome await(Recording r) {
        try {
            return r.outcome().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Session {}: the {} recording did not finish in {} s", r.sessionId(), r.track(),
                    STOP_WAIT_SECONDS);
            return null;
        }
    }

    @Override
    public Optional<RecordingFile> download(String sessionId) {
        Map<String, Recording> tracks = live.get(sessionId);
        Recording running = tracks == null ? null : tracks.get(OUTPUT);
        if (running != null) {
            // as Scope: the recording so far is finalised for the download, and recording goes on in a new file
            running.stop(null);
            Recording.Outcome o = await(running);
            forget(running);
            streams.apply(sessionId).ifPresent(stream -> {
                try {
                    synchronized (this) {
                        live.computeIfAbsent(sessionId, k -> new ConcurrentHashMap<>())
                                .computeIfAbsent(OUTPUT, k -> begin(stream, OUTPUT));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Session {}: recording could not go on after the download: {}", sessionId, e.toString());
                }
            });
            return o == null || o.file() == null ? Optional.empty() : file(o.file().getFileName().toString());
        }
        requireKnown(sessionId);
        return files().stream().filter(f -> f.sessionId().equals(sessionId) && f.track().equals(OUTPUT)
                && f.nodeId() == null).findFirst();
    }

    @Override
    public Optional<RecordingFile> downloadNode(String sessionId, String nodeId) {
        Map<String, Recording> tracks = live.get(sessionId);
        Recording running = tracks == null || nodeId == null ? null : tracks.get(NODE + nodeId);
        if (running != null) {
            // as Scope for a record node: the recording is finalised for the download and ends there
            running.stop(null);
            Recording.Outcome o = await(running);
            forget(running);
            return o == null || o.file() == null ? Optional.empty() : file(o.file().getFileName().toString());
        }
        requireKnown(sessionId);
        return files().stream().filter(f -> f.sessionId().equals(sessionId) && nodeId != null
                && nodeId.equals(f.nodeId())).findFirst();
    }

    @Override
    public List<RecordingFile> files() {
        List<RecordingFile> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(folder, "recording-*.mp4")) {
            for (Path p : all) {
                fileOf(p).ifPresent(out::add);
            }
        } catch (IOException e) {
            LOG.warn("Could not list {}: {}", folder, e.toString());
        }
        out.sort(Comparator.comparing(RecordingFile::modified).reversed().thenComparing(RecordingFile::name));
        return out;
    }

    private Optional<RecordingFile> fileOf(Path p) {
        Matcher m = FILE_NAME.matcher(p.getFileName().toString());
        if (!m.matches() || !Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RecordingFile(p.getFileName().toString(), m.group("session"),
                    m.group("input") != null ? INPUT : OUTPUT, Files.size(p),
                    Files.getLastModifiedTime(p).toInstant(), p, m.group("node")));
        } catch (IOException e) {
            return Optional.empty(); // removed meanwhile
        }
    }

    @Override
    public Optional<RecordingFile> file(String name) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return fileOf(folder.resolve(name));
    }

    @Override
    public List<RecordingStatus> status() {
        List<RecordingStatus> out = new ArrayList<>();
        live.values().forEach(m -> m.values().forEach(r -> out.add(r.status())));
        synchronized (recent) {
            List<RecordingStatus> ended = new ArrayList<>(recent.values());
            java.util.Collections.reverse(ended);
            out.addAll(ended);
        }
        return out;
    }

    @Override
    public void streamOpened(Stream stream, JsonNode initialParameters) {
        List<String> recordNodes = stream.recordNodes().stream().map(RecordNode::nodeId).toList();
        if (!recordNodes.isEmpty()) {
            graphRecordNodes.put(stream.id(), recordNodes);
        }
        if (initialParameters == null || !initialParameters.path("recording").asBoolean(false)) {
            return;
        }
        if (!recordNodes.isEmpty()) {
            // as Scope: a graph with record nodes is recorded through them, not as a session
            LOG.info("Session {}: recording: true is not applied, its graph has record nodes {}", stream.id(),
                    recordNodes);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "recording_stopped");
            m.put("track", OUTPUT);
            m.put("error_message", "Recording did not start: this graph has record nodes " + recordNodes
                    + "; start them with POST /api/v1/recordings/{session_id}/start?node_id=<record node id>");
            stream.notice(m);
            return;
        }
        try {
            start(stream.id(), false);
        } catch (RuntimeException e) {
            LOG.error("Session {}: recording requested with the offer could not start: {}", stream.id(),
                    e.getMessage());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "recording_stopped");
            m.put("track", OUTPUT);
            m.put("error_message", "Recording could not start: " + e.getMessage());
            stream.notice(m);
        }
    }
}
