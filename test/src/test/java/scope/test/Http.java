package scope.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client for the server under test (loopback only). */
final class Http {
    static final ObjectMapper M = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    record Response(int status, JsonNode json, String body) {
    }

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response postBytes(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** GET with the web console's default loopback login. */
    Response getAsAdmin(String path) throws IOException, InterruptedException {
        String auth = java.util.Base64.getEncoder().encodeToString("admin:admin".getBytes());
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Basic " + auth).GET());
    }

    Response delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = r.body().isEmpty() ? null : M.readTree(r.body());
        } catch (IOException e) {
            // not JSON: left null, body kept
        }
        return new Response(r.statusCode(), json, r.body());
    }

    /** Polls until the server answers /health, for up to 20 s. */
    void awaitUp() throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        String last = "no answer";
        while (System.nanoTime() < end) {
            try {
                Response r = get("/health");
                if (r.status() == 200) {
                    return;
                }
                last = r.status() + " " + r.body();
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("server did not answer /health with 200 within 20 s; last: " + last);
    }

    /** Polls the pipeline status until it is no longer loading. */
    JsonNode awaitSettled() throws IOException, InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        JsonNode s = null;
        while (System.nanoTime() < end) {
            s = get("/api/v1/pipeline/status").json();
            if (!"loading".equals(s.get("status").asText())) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("still loading after 20 s: " + s);
    }
}
