package scope.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scope.runtime.settings.ScopeSettings;

/**
 * Runs before every request of the HTTP server - the API, the UI and the web console alike - and applies the
 * {@link AccessPolicy}: foreign {@code Host} names (DNS rebinding) and state-changing requests from untrusted
 * browser origins are refused with 403, API calls without the token (where one is required) with 401, and CORS
 * headers go to trusted origins only. Opening the UI with {@code ?token=} stores the token in a same-site,
 * script-invisible cookie, so the UI works without the user typing it.
 */
@Component(service = Preprocessor.class)
public class RequestGuard implements Preprocessor {
    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
    private final AccessPolicy policy;

    @Activate
    public RequestGuard(@Reference ScopeSettings settings) {
        this(new AccessPolicy(settings.host(), settings.access()));
    }

    RequestGuard(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String method = req.getMethod();
        String path = req.getRequestURI();
        String host = req.getHeader("Host");
        String origin = req.getHeader("Origin");
        if (!policy.hostAllowed(host)) {
            refuse(resp, 403, "Host '" + host + "' is not a name of this server; add it to SCOPE_ALLOWED_HOSTS if "
                    + "it is (requests under foreign names are how DNS-rebinding pages reach local servers)");
            return;
        }
        // the API description lists the registered pipelines as the API does: it needs the token too
        boolean api = path.startsWith("/api/") || path.equals("/api") || path.equals("/health")
                || path.equals("/openapi.json");
        boolean trusted = origin != null && policy.originTrusted(origin, host);
        if (api && trusted) {
            cors(req, resp, origin);
        }
        if (api && "OPTIONS".equals(method) && origin != null) {
            // a CORS preflight; an OPTIONS without Origin is not a browser's (WHIP clients ask for the methods)
            resp.setStatus(trusted ? 204 : 403);
            return;
        }
        if (AccessPolicy.isStateChanging(method)
                && !policy.mayChangeState(origin, req.getHeader("Sec-Fetch-Site"), host)) {
            LOG.warn("Refused {} {} from origin {}", method, path, origin != null ? origin : "(cross-site)");
            refuse(resp, 403, "Cross-origin request refused: " + method + " " + path + " from "
                    + (origin != null ? "origin '" + origin + "'" : "another site")
                    + " is not allowed; add the origin to SCOPE_ALLOWED_ORIGINS to trust it");
            return;
        }
        // OPTIONS changes nothing and tells only the methods of a path (WHIP clients may ask before the token)
        if (policy.tokenRequired() && !path.equals("/health") && !"OPTIONS".equals(method)) {
            if (!api && tokenFromQuery(req, resp)) {
                return;
            }
            if (api && !hasToken(req)) {
                resp.setHeader("WWW-Authenticate", "Bearer realm=\"scope\"");
                refuse(resp, 401, "This server needs its API token: send 'Authorization: Bearer <token>' "
                        + "(the token is in <home>/conf/api-token, or SCOPE_API_TOKEN), or open the UI with ?token=");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private boolean hasToken(HttpServletRequest req) {
        if (policy.tokenMatches(AccessPolicy.bearer(req.getHeader("Authorization")))) {
            return true;
        }
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (AccessPolicy.TOKEN_COOKIE.equals(c.getName()) && policy.tokenMatches(c.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A UI page opened with {@code ?token=T}: the cookie is set and the page reloaded without the token in its URL. */
    private boolean tokenFromQuery(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String token;
        try {
            token = req.getParameter("token");
        } catch (RuntimeException e) {
            return false; // malformed query: the servlet answers it
        }
        if (token == null || !"GET".equals(req.getMethod())) {
            return false;
        }
        if (!policy.tokenMatches(token)) {
            refuse(resp, 401, "The token in the address is not this server's API token");
            return true;
        }
        resp.addHeader("Set-Cookie", AccessPolicy.TOKEN_COOKIE + "=" + token.trim()
                + "; Path=/; HttpOnly; SameSite=Strict");
        resp.setStatus(303);
        resp.setHeader("Location", req.getRequestURI());
        return true;
    }

    private static void cors(HttpServletRequest req, HttpServletResponse resp, String origin) {
        resp.setHeader("Access-Control-Allow-Origin", origin);
        resp.setHeader("Access-Control-Allow-Credentials", "true");
        resp.addHeader("Vary", "Origin");
        // a page on a trusted origin may read where a WHIP/WHEP resource was created
        resp.setHeader("Access-Control-Expose-Headers", "Location, ETag");
        if ("OPTIONS".equals(req.getMethod())) {
            resp.setHeader("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
            resp.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
            resp.setHeader("Access-Control-Max-Age", "600");
        }
    }

    private static void refuse(HttpServletResponse resp, int status, String detail) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("detail", detail);
        Json.write(resp, status, body);
    }

    @Override
    public void init(jakarta.servlet.FilterConfig filterConfig) {
    }

    @Override
    public void destroy() {
    }
}
