package scope.osc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.illposed.osc.OSCMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.osc.OscControl;
import scope.osc.OscStatus;
import scope.runtime.manager.LoadedPipeline;
import scope.runtime.manager.PipelineManager;
import scope.runtime.registry.PipelineRegistry;
import scope.runtime.settings.ScopeSettings;
import scope.runtime.stream.ManagedStreams;

/**
 * The OSC server component. Its UDP socket is bound on its own thread, so that the server's start does not wait
 * for it; that thread then receives datagrams one at a time and applies them ({@link OscPackets}, then
 * {@link OscDispatch}). A malformed datagram is counted and logged (the first ten, then every hundredth) and
 * ignored; nothing a datagram holds can end the thread.
 */
@Component(service = OscControl.class, immediate = true)
public class OscService implements OscControl {
    private static final Logger LOG = LoggerFactory.getLogger(OscService.class);
    /** The largest UDP payload. */
    private static final int MAX_DATAGRAM = 65_507;

    private final PipelineRegistry registry;
    private final PipelineManager manager;
    private final OscSettings settings;
    private final GraphInventory inventory = new GraphInventory();
    private final OscDispatch dispatch;
    private final List<Consumer<ObjectNode>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong withoutSession = new AtomicLong();
    private volatile boolean logAll;
    private volatile DatagramChannel channel;
    private volatile Integer boundPort;
    private volatile String problem;
    private volatile boolean stopped;
    private Thread receiver;

    @Activate
    public OscService(@Reference ScopeSettings scope, @Reference ManagedStreams streams,
            @Reference PipelineRegistry registry, @Reference PipelineManager manager) {
        this(OscSettings.of(scope), streams, registry, manager);
    }

    OscService(OscSettings settings, ManagedStreams streams, PipelineRegistry registry, PipelineManager manager) {
        this.settings = settings;
        this.registry = registry;
        this.manager = manager;
        this.dispatch = new OscDispatch(streams::streams, inventory);
        if (!settings.enabled()) {
            LOG.info("OSC is off: {}", settings.note());
            return;
        }
        receiver = new Thread(this::run, "scope-osc");
        receiver.setDaemon(true);
        receiver.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopped = true;
        DatagramChannel c = channel;
        if (c != null) {
            try {
                c.close(); // ends a blocked receive
            } catch (IOException e) {
                LOG.debug("closing the OSC socket", e);
            }
        }
        if (receiver != null) {
            receiver.interrupt();
            receiver.join(5_000);
        }
    }

    private void run() {
        try (DatagramChannel c = DatagramChannel.open()) {
            c.bind(new InetSocketAddress(settings.host(), settings.port()));
            channel = c;
            if (stopped) {
                return;
            }
            boundPort = ((InetSocketAddress) c.getLocalAddress()).getPort();
            LOG.info("OSC listening on udp://{}:{} (addresses /scope/<key> and /scope/session/<id>/<key>)",
                    settings.host(), boundPort);
            OscPackets parser = new OscPackets();
            ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
            while (!stopped) {
                buffer.clear();
                SocketAddress from = c.receive(buffer);
                buffer.flip();
                receive(parser, buffer, from);
            }
        } catch (ClosedChannelException e) {
            // deactivated
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                problem = "cannot listen on udp://" + settings.host() + ":" + settings.port() + ": " + e.getMessage();
                LOG.error("OSC: {}", problem);
            }
        } finally {
            boundPort = null;
        }
    }

    /** Handles one datagram; never throws. */
    void receive(OscPackets parser, ByteBuffer datagram, SocketAddress from) {
        packets.incrementAndGet();
        List<OSCMessage> messages;
        try {
            messages = parser.parse(datagram);
        } catch (OscPackets.MalformedPacketException e) {
            long n = malformed.incrementAndGet();
            if (n <= 10 || n % 100 == 0) {
                LOG.info("OSC: ignored a malformed packet from {} ({}; {} so far)", from, e.getMessage(), n);
            }
            return;
        }
        for (OSCMessage m : messages) {
            OscDispatch.Result r;
            try {
                r = dispatch.dispatch(m.getAddress(), m.getArguments());
            } catch (RuntimeException e) {
                LOG.warn("OSC: {} failed", m.getAddress(), e);
                refused.incrementAndGet();
                continue;
            }
            switch (r.outcome()) {
                case APPLIED -> {
                    applied.incrementAndGet();
                    if (logAll) {
                        LOG.info("OSC {}", r.detail());
                    }
                }
                case REFUSED -> {
                    refused.incrementAndGet();
                    LOG.info("OSC {}", r.detail());
                }
                case UNKNOWN_ADDRESS -> {
                    unknown.incrementAndGet();
                    LOG.info("OSC unknown address {}", r.detail());
                }
                case NO_SESSION -> {
                    withoutSession.incrementAndGet();
                    if (logAll) {
                        LOG.info("OSC {}", r.detail());
                    }
                }
            }
            if (r.event() != null) {
                for (Consumer<ObjectNode> s : subscribers) {
                    try {
                        s.accept(r.event());
                    } catch (RuntimeException e) {
                        LOG.debug("OSC event subscriber failed", e);
                    }
                }
            }
        }
    }

    @Override
    public OscStatus status() {
        Integer port = boundPort;
        boolean listening = port != null;
        String note = settings.enabled() ? (listening ? null : problem) : settings.note();
        return new OscStatus(settings.enabled(), listening, settings.enabled() ? settings.host() : null,
                settings.enabled() ? (listening ? port : Integer.valueOf(settings.port())) : null, logAll, note,
                packets.get(), malformed.get(), applied.get(), refused.get(), unknown.get(), withoutSession.get());
    }

    @Override
    public OscStatus logAllMessages(boolean on) {
        logAll = on;
        return status();
    }

    @Override
    public ObjectNode paths() {
        Set<String> loaded = manager.loadedInstances().stream().map(LoadedPipeline::pipelineId)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        return OscPaths.of(registry.pipelines(), loaded, inventory.all());
    }

    @Override
    public int graphInventory(JsonNode entries) {
        return inventory.replace(entries);
    }

    @Override
    public AutoCloseable subscribe(Consumer<ObjectNode> events) {
        subscribers.add(events);
        return () -> subscribers.remove(events);
    }
}
