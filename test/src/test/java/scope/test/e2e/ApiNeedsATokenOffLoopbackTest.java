package scope.test.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.Test;

/**
 * On a non-loopback address every API call needs the token the server generated into {@code <home>/conf}: as a
 * bearer token, or as the cookie a browser gets by opening the UI with {@code ?token=}. {@code /health} stays open.
 */
public class ApiNeedsATokenOffLoopbackTest {
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    public void everyApiCallNeedsTheToken() throws Exception {
        try (ScopeServer server = ScopeServer.start(E2e.TARGET.resolve("e2e").resolve("ApiNeedsATokenOffLoopbackTest"),
                Map.of("SCOPE_HOST", "0.0.0.0"))) {
            String base = "http://127.0.0.1:" + server.port();
            Path file = server.home().resolve("conf").resolve("api-token");
            assertTrue("the token is generated into the home", Files.isRegularFile(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String token = Files.readString(file).trim();

            assertEquals(200, get(base + "/health", null, null).statusCode());
            HttpResponse<String> refused = get(base + "/api/v1/pipeline/status", null, null);
            assertEquals(refused.body(), 401, refused.statusCode());
            assertTrue(refused.body().contains("token"));
            assertEquals(401, get(base + "/api/v1/pipeline/status", "Bearer wrong" + token, null).statusCode());
            HttpResponse<String> upload = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/plugins"))
                    .header("Content-Type", "application/java-archive")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("no anonymous plugin upload off loopback", 401, upload.statusCode());
            assertEquals(200, get(base + "/api/v1/pipeline/status", "Bearer " + token, null).statusCode());

            // the UI's way: ?token= sets a same-site, script-invisible cookie and drops the token from the address
            HttpResponse<String> open = get(base + "/?token=" + token, null, null);
            assertEquals(303, open.statusCode());
            String cookie = open.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(cookie, cookie.startsWith("scope_token=" + token) && cookie.contains("HttpOnly")
                    && cookie.contains("SameSite=Strict"));
            assertEquals("/", open.headers().firstValue("Location").orElse(""));
            assertEquals(200, get(base + "/api/v1/pipeline/status", null, "scope_token=" + token).statusCode());
            assertEquals("the API description needs the token", 401, get(base + "/openapi.json", null, null)
                    .statusCode());
            assertEquals(200, get(base + "/openapi.json", null, "scope_token=" + token).statusCode());
            assertEquals(401, get(base + "/?token=nope", null, null).statusCode());
        }
    }

    private HttpResponse<String> get(String url, String authorization, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
