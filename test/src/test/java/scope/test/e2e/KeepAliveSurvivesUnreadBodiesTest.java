package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * A keep-alive client on the real server jar: answers that leave the request body unread (a route that takes
 * none, an error answered before the body is looked at) must not leave the connection to close under the client's
 * next request. Before the API servlets read small bodies ahead, about one such answer in two hundred did: Jetty
 * closed the connection after an answer that had gone out without {@code Connection: close}, and the JDK client's
 * next request on it failed with "header parser received no bytes" (a GET the client sends again by itself, a DELETE
 * it does not). A body too long to read ahead is refused with {@code Connection: close} (Jetty's own doing, checked
 * here because the read-ahead leaves that case to it).
 */
public class KeepAliveSurvivesUnreadBodiesTest {
    private static final int ROUNDS = 400;

    @Test
    public void theNextRequestOnTheConnectionIsAnswered() throws Exception {
        try (ScopeServer server = ScopeServer.start(E2e.TARGET.resolve("e2e")
                .resolve("KeepAliveSurvivesUnreadBodiesTest"))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + server.port();
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                // the restart route reads no body; the plugin upload refuses JSON before reading; an unknown key
                for (String[] call : new String[][] {{"POST", "/api/v1/restart"}, {"POST", "/api/v1/plugins"},
                        {"PUT", "/api/v1/keys/e2e-missing"}}) {
                    // then a DELETE: the JDK client sends a GET again by itself when its connection fails, not a DELETE
                    for (String[] c : new String[][] {call, {"DELETE", "/api/v1/keys/e2e-missing"}}) {
                        HttpRequest.BodyPublisher body = c[0].equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{\"x\": 1}");
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + c[1]))
                                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                    .method(c[0], body).build(), HttpResponse.BodyHandlers.ofString());
                            assertTrue(c[0] + " " + c[1] + " -> " + r.statusCode(), r.statusCode() < 500);
                        } catch (IOException e) {
                            failures.add("round " + i + ": " + c[0] + " " + c[1] + ": " + e.getMessage());
                        }
                    }
                }
            }
            assertEquals("requests that found their connection closed: " + failures, 0, failures.size());

            // declares more than the API reads ahead and sends only the start: refused, and the connection is
            // announced as closing rather than left to a client to reuse (Jetty does this for an unread body)
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/v1/workflow/resolve HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + (2 << 20) + "\r\n\r\n{\"a\":")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(s.getInputStream());
                assertTrue(head, head.startsWith("HTTP/1.1 413"));
                assertTrue(head, head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"));
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }
}
