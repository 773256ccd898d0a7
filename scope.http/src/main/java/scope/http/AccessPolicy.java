package scope.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import scope.runtime.settings.AccessSettings;
import scope.runtime.settings.Loopback;

/**
 * The browser-facing rules of a local server, as decisions without servlet plumbing:
 * <ul>
 * <li>{@code Host} must be a name of this server (its listen name, {@code localhost}, the machine's name, a
 * configured name) or an address literal: a DNS-rebinding page reaches us under its own name and is refused.</li>
 * <li>A state-changing request from a browser must come from a trusted origin: our own, a loopback development
 * origin (Scope's UI dev server), or a configured one. Requests without {@code Origin} and without a cross-site
 * {@code Sec-Fetch-Site} are not from a web page (curl, SDKs) and pass.</li>
 * <li>CORS grants credentials to trusted origins only.</li>
 * <li>With a token configured (always off loopback) every API call needs it, as a bearer token or the cookie the
 * UI receives when opened with {@code ?token=}.</li>
 * </ul>
 */
final class AccessPolicy {
    static final String TOKEN_COOKIE = "scope_token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AccessSettings settings;
    private final Set<String> ownNames = new HashSet<>();
    private final boolean anyHost;
    private final boolean anyOrigin;

    AccessPolicy(String listenHost, AccessSettings settings) {
        this.settings = settings;
        ownNames.add("localhost");
        ownNames.add(Loopback.stripBrackets(listenHost).toLowerCase(Locale.ROOT));
        try {
            InetAddress local = InetAddress.getLocalHost();
            ownNames.add(local.getHostName().toLowerCase(Locale.ROOT));
            ownNames.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (UnknownHostException e) {
            // no machine name to add
        }
        ownNames.addAll(settings.allowedHosts());
        anyHost = settings.allowedHosts().contains("*");
        anyOrigin = settings.allowedOrigins().contains("*");
    }

    static boolean isStateChanging(String method) {
        return !SAFE_METHODS.contains(method);
    }

    /** Whether {@code Host} (with optional port) names this server. A missing header is not a browser's. */
    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank() || anyHost) {
            return true;
        }
        String name = hostName(hostHeader);
        if (name == null) {
            return false;
        }
        return isAddressLiteral(name) || ownNames.contains(name) || name.endsWith(".localhost");
    }

    /**
     * Whether a browser request may change state here.
     *
     * @param origin       the {@code Origin} header or null
     * @param fetchSite    the {@code Sec-Fetch-Site} header or null
     * @param hostHeader   the {@code Host} header
     */
    boolean mayChangeState(String origin, String fetchSite, String hostHeader) {
        if (origin != null) {
            return originTrusted(origin, hostHeader);
        }
        return fetchSite == null || fetchSite.equalsIgnoreCase("same-origin") || fetchSite.equalsIgnoreCase("none");
    }

    /** Same origin as the request's {@code Host}, a loopback development origin, or configured. {@code null} never. */
    boolean originTrusted(String origin, String hostHeader) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        if (o.equals("null") || o.isEmpty()) {
            return false;
        }
        if (anyOrigin || settings.allowedOrigins().contains(o)) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(o);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (host == null || !("http".equals(scheme) || "https".equals(scheme)) || uri.getRawPath() != null
                && !uri.getRawPath().isEmpty()) {
            return false;
        }
        host = Loopback.stripBrackets(host);
        if (isLoopbackLiteralOrName(host)) {
            return true;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        if (hostHeader == null) {
            return false;
        }
        String requestHost = hostName(hostHeader);
        int requestPort = hostPort(hostHeader, port);
        return host.equals(requestHost) && port == requestPort && hostAllowed(hostHeader);
    }

    boolean tokenRequired() {
        return settings.tokenRequired();
    }

    /** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
    boolean tokenMatches(String candidate) {
        if (candidate == null || settings.apiToken() == null) {
            return false;
        }
        return MessageDigest.isEqual(candidate.trim().getBytes(StandardCharsets.UTF_8),
                settings.apiToken().getBytes(StandardCharsets.UTF_8));
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.trim();
        return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).trim() : null;
    }

    private static boolean isLoopbackLiteralOrName(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        return isAddressLiteral(host) && Loopback.isLoopbackOnly(host);
    }

    /** The lower-case host of a {@code Host} header ({@code name}, {@code name:port}, {@code [v6]:port}). */
    static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) >= 0) {
            return h; // a bare IPv6 address
        }
        String name = colon >= 0 ? h.substring(0, colon) : h;
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1); // "localhost." is "localhost"
        }
        return name.isEmpty() ? null : name;
    }

    private static int hostPort(String hostHeader, int defaultPort) {
        String h = hostHeader.trim();
        int colon = h.lastIndexOf(':');
        int bracket = h.lastIndexOf(']');
        if (colon < 0 || colon < bracket || (bracket < 0 && h.indexOf(':') != colon)) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(h.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An IPv4 dotted quad or an IPv6 literal, recognised by syntax only (no lookup). */
    static boolean isAddressLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return host.matches("[0-9a-f:.%]+");
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    List<String> allowedOrigins() {
        return settings.allowedOrigins();
    }
}
