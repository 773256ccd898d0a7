package scope.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.ComponentConstants;
import scope.webrtc.Answer;

/**
 * A server that stops cleanly tells every client why before its peer connection closes: the component, made as DS
 * makes it, over real libwebrtc with Java client peers.
 */
class ShutdownTellsClientsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** What DS hands the component: the metatype defaults, without ICE servers (nothing leaves the namespace). */
    private static WebRtcConfig config() {
        return (WebRtcConfig) Proxy.newProxyInstance(WebRtcConfig.class.getClassLoader(),
                new Class<?>[] {WebRtcConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "ice_server_urls" -> new String[0];
                    case "annotationType" -> WebRtcConfig.class;
                    default -> method.getDefaultValue();
                });
    }

    /** The component's view of the framework: HTTP on loopback, and the bundle listeners it adds. */
    private static BundleContext context(List<BundleListener> listeners) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> WebRtcSignalingComponent.HTTP_HOST_PROPERTY.equals(args[0]) ? "127.0.0.1"
                            : null;
                    case "addBundleListener" -> listeners.add((BundleListener) args[0]);
                    case "removeBundleListener" -> listeners.remove(args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Bundle systemBundle() {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> 0L;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static List<TestClient> connect(WebRtcSignalingComponent signaling, GrayStreamService streams)
            throws Exception {
        List<TestClient> clients = new ArrayList<>();
        for (boolean video : new boolean[] {true, false}) {
            TestClient client = new TestClient(video);
            clients.add(client);
            Answer answer = signaling.offer(client.offerBody(video ? "video" : "text"));
            client.acceptAnswer(answer.sdp());
            client.awaitChannelOpen();
            Await.until(() -> client.framesReceived() >= 1, WAIT, "a first frame at the client");
        }
        assertEquals(2, signaling.sessions().size());
        return clients;
    }

    private static void assertEachHears(List<TestClient> clients, String cause) throws InterruptedException {
        for (TestClient client : clients) {
            JsonNode stopped = client.awaitMessage(m -> "stream_stopped".equals(m.path("type").asText()), WAIT);
            assertNotNull(stopped, "stream_stopped reaches every client before its connection closes");
            assertEquals(cause, stopped.path("error_message").asText());
        }
    }

    @Test
    void theFrameworkStoppingStopsEverySessionWithTheCause() throws Exception {
        GrayStreamService streams = new GrayStreamService();
        List<BundleListener> listeners = new CopyOnWriteArrayList<>();
        BundleContext context = context(listeners);
        WebRtcSignalingComponent signaling = new WebRtcSignalingComponent(streams, config(), context);
        List<TestClient> clients = connect(signaling, streams);
        try {
            assertEquals(1, listeners.size());
            assertTrue(listeners.get(0) instanceof SynchronousBundleListener,
                    "called before the framework stops any bundle");
            listeners.get(0).bundleChanged(new BundleEvent(BundleEvent.STOPPING, systemBundle()));
            assertEachHears(clients, "server shutting down");
            assertTrue(signaling.sessions().isEmpty(), "every session closed: " + signaling.sessions());
            assertTrue(streams.opened().stream().allMatch(GrayStreamService.GrayStream::isStopped));
            signaling.deactivate(context, ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED);
            assertTrue(listeners.isEmpty(), "the listener goes with the component");
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
    }

    @Test
    void aNewConfigurationTellsClientsWebRtcRestarts() throws Exception {
        GrayStreamService streams = new GrayStreamService();
        BundleContext context = context(new CopyOnWriteArrayList<>());
        WebRtcSignalingComponent signaling = new WebRtcSignalingComponent(streams, config(), context);
        List<TestClient> clients = connect(signaling, streams);
        try {
            signaling.deactivate(context, ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_MODIFIED);
            assertEachHears(clients, "server restarting WebRTC with new settings");
            assertEquals(WebRtcSignalingService.SHUTTING_DOWN,
                    WebRtcSignalingComponent.cause(ComponentConstants.DEACTIVATION_REASON_BUNDLE_STOPPED));
        } finally {
            for (TestClient c : clients) {
                c.close();
            }
        }
    }
}
