package scope.test.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Chrome DevTools Protocol client over one browser-level WebSocket (flattened sessions): enough to open a
 * page, evaluate JavaScript and take screenshots. The tests poll page state; events go only to the listeners added
 * with {@link #onEvent} (e.g. a check that collects every failed request of a page).
 */
final class Cdp implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<JsonNode>> eventListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Throwable broken;

    Cdp(URI browserWs) throws IOException, InterruptedException {
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(browserWs, new Listener()).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot connect to the DevTools endpoint " + browserWs, e);
        }
    }

    /** Sends a command (to the browser when sessionId is null) and waits for its result. */
    JsonNode call(String sessionId, String method, Map<String, ?> params, Duration timeout)
            throws IOException, InterruptedException {
        if (broken != null) {
            throw new IOException("DevTools connection is broken", broken);
        }
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params == null ? Map.of() : params));
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (socket) {
                socket.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
            }
            JsonNode r = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r.has("error")) {
                throw new IOException(method + " failed: " + r.get("error"));
            }
            return r.get("result");
        } catch (ExecutionException e) {
            throw new IOException(method + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(method + " got no answer within " + timeout.toSeconds() + " s");
        } finally {
            pending.remove(id);
        }
    }

    /** Adds a listener for every event (a message with {@code method} and no {@code id}), on the socket's thread. */
    void onEvent(java.util.function.Consumer<JsonNode> listener) {
        eventListeners.add(listener);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text.setLength(0);
                try {
                    JsonNode msg = JSON.readTree(whole);
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.get(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else if (msg.has("method")) {
                        for (var listener : eventListeners) {
                            listener.accept(msg);
                        }
                    }
                } catch (IOException e) {
                    broken = e;
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            fail(new IOException("DevTools socket closed: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            fail(error);
        }

        private void fail(Throwable t) {
            broken = t;
            pending.values().forEach(f -> f.completeExceptionally(t));
        }
    }
}
