package scope.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A gateway's calls to a worker's API, each with the cluster secret as its bearer token (a worker answers nothing
 * else). A worker that cannot be reached is a 502 naming it.
 */
final class WorkerCalls {
    /** A worker's answer: its status and JSON body (null when it had none). */
    record Reply(int status, JsonNode body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String secret;

    WorkerCalls(String secret) {
        this.secret = secret;
    }

    Reply get(WorkerState worker, String path) throws GatewayError {
        return send(worker, HttpRequest.newBuilder(URI.create(worker.url() + path)).GET(), Duration.ofSeconds(10));
    }

    Reply post(WorkerState worker, String path, JsonNode body) throws GatewayError {
        return send(worker, json(worker, path).POST(bodyOf(body)), Duration.ofSeconds(30));
    }

    Reply patch(WorkerState worker, String path, JsonNode body) throws GatewayError {
        return send(worker, json(worker, path).method("PATCH", bodyOf(body)), Duration.ofSeconds(10));
    }

    Reply delete(WorkerState worker, String path) throws GatewayError {
        return send(worker, HttpRequest.newBuilder(URI.create(worker.url() + path)).DELETE(), Duration.ofSeconds(20));
    }

    private static HttpRequest.Builder json(WorkerState worker, String path) {
        return HttpRequest.newBuilder(URI.create(worker.url() + path)).header("Content-Type", "application/json");
    }

    private static HttpRequest.BodyPublisher bodyOf(JsonNode body) throws GatewayError {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(GatewayJson.MAPPER.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GatewayError(500, "cannot forward the request: " + e.getMessage());
        }
    }

    private Reply send(WorkerState worker, HttpRequest.Builder request, Duration timeout) throws GatewayError {
        try {
            HttpResponse<byte[]> r = http.send(request.header("Authorization", "Bearer " + secret).timeout(timeout)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = null;
            if (r.body().length > 0) {
                try {
                    body = GatewayJson.MAPPER.readTree(r.body());
                } catch (IOException e) {
                    body = GatewayJson.MAPPER.createObjectNode().put("detail", new String(r.body(),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            if (r.statusCode() == 401) {
                // the worker refused the secret: a configuration error of the cluster, not the user's
                throw new GatewayError(502, "Worker '" + worker.id() + "' refused the cluster secret: its "
                        + "SCOPE_CLUSTER_SECRET differs from this gateway's");
            }
            return new Reply(r.statusCode(), body);
        } catch (IOException e) {
            throw new GatewayError(502, "Worker '" + worker.id() + "' at " + worker.url() + " did not answer: "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayError(503, "interrupted while calling worker '" + worker.id() + "'");
        }
    }
}
