package scope.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import scope.runtime.settings.AccessSettings;

class AccessPolicyTest {
    private final AccessPolicy loopback = new AccessPolicy("127.0.0.1",
            new AccessSettings(null, List.of(), List.of()));

    @Test
    void ownNamesAndAddressLiteralsAreAcceptedForeignNamesAreNot() {
        assertTrue(loopback.hostAllowed("localhost:8000"));
        assertTrue(loopback.hostAllowed("127.0.0.1:8000"));
        assertTrue(loopback.hostAllowed("[::1]:8000"));
        assertTrue(loopback.hostAllowed("app.localhost:8000"));
        assertTrue(loopback.hostAllowed("10.1.2.3"));
        assertTrue(loopback.hostAllowed(null), "HTTP/1.0 clients send no Host");
        assertFalse(loopback.hostAllowed("evil.example:8000"), "a rebinding name");
        assertFalse(loopback.hostAllowed("127.0.0.1.evil.example"));
        assertFalse(loopback.hostAllowed("localhost.evil.example"));
        assertFalse(loopback.hostAllowed("[::1"));
        AccessPolicy configured = new AccessPolicy("0.0.0.0",
                new AccessSettings("t", List.of("studio.lan"), List.of()));
        assertTrue(configured.hostAllowed("Studio.LAN:8000"));
    }

    @Test
    void stateChangesNeedATrustedOriginOrNoBrowserAtAll() {
        assertTrue(loopback.mayChangeState(null, null, "localhost:8000"), "curl, SDKs");
        assertTrue(loopback.mayChangeState("http://localhost:8000", "same-origin", "localhost:8000"));
        assertTrue(loopback.mayChangeState("http://localhost:5173", "same-site", "localhost:5173"),
                "the UI dev server on loopback");
        assertTrue(loopback.mayChangeState("http://127.0.0.1:3000", null, "127.0.0.1:8000"));
        assertFalse(loopback.mayChangeState("https://evil.example", "cross-site", "localhost:8000"));
        assertFalse(loopback.mayChangeState("null", "cross-site", "localhost:8000"), "sandboxed frames, file://");
        assertFalse(loopback.mayChangeState(null, "cross-site", "localhost:8000"), "no Origin, but a browser says so");
        assertFalse(loopback.mayChangeState("http://localhost.evil.example", null, "localhost:8000"));
        assertFalse(loopback.mayChangeState("http://evil.example:8000", null, "evil.example:8000"),
                "same origin under a foreign name is still refused by the host rule");
    }

    @Test
    void sameOriginOffLoopbackAndConfiguredOrigins() {
        AccessPolicy lan = new AccessPolicy("0.0.0.0",
                new AccessSettings("t", List.of(), List.of("https://studio.example")));
        assertTrue(lan.originTrusted("http://192.168.1.5:8000", "192.168.1.5:8000"));
        assertFalse(lan.originTrusted("http://192.168.1.5:9000", "192.168.1.5:8000"), "another port");
        assertFalse(lan.originTrusted("http://192.168.1.6:8000", "192.168.1.5:8000"), "another machine");
        assertTrue(lan.originTrusted("https://studio.example/", "192.168.1.5:8000"));
        assertFalse(lan.originTrusted("https://studio.example.evil", "192.168.1.5:8000"));
    }

    @Test
    void tokensComeAsBearerAndAreComparedExactly() {
        AccessPolicy lan = new AccessPolicy("0.0.0.0", new AccessSettings("secret", List.of(), List.of()));
        assertTrue(lan.tokenRequired());
        assertFalse(loopback.tokenRequired());
        assertEquals("secret", AccessPolicy.bearer("Bearer secret"));
        assertEquals("secret", AccessPolicy.bearer("bearer  secret "));
        assertNull(AccessPolicy.bearer("Basic c2VjcmV0"));
        assertTrue(lan.tokenMatches("secret"));
        assertFalse(lan.tokenMatches("secre"));
        assertFalse(lan.tokenMatches(null));
        assertFalse(loopback.tokenMatches("secret"), "no token configured: nothing matches");
    }

    @Test
    void addressLiteralsAreRecognisedBySyntax() {
        assertTrue(AccessPolicy.isAddressLiteral("192.168.0.1"));
        assertTrue(AccessPolicy.isAddressLiteral("::1"));
        assertFalse(AccessPolicy.isAddressLiteral("192.168.0.256"));
        assertFalse(AccessPolicy.isAddressLiteral("1.2.3.4.evil"));
        assertFalse(AccessPolicy.isAddressLiteral("cafe.example"));
    }
}
