package scope.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** CORS as Scope: every origin, method and header allowed, with credentials. */
final class Cors {
    private Cors() {
    }

    static void apply(HttpServletRequest req, HttpServletResponse resp) {
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return;
        }
        // with credentials the wildcard is not allowed, so the origin is echoed
        resp.setHeader("Access-Control-Allow-Origin", origin);
        resp.setHeader("Access-Control-Allow-Credentials", "true");
        resp.addHeader("Vary", "Origin");
        if ("OPTIONS".equals(req.getMethod())) {
            String method = req.getHeader("Access-Control-Request-Method");
            resp.setHeader("Access-Control-Allow-Methods",
                    method != null ? "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT" : "*");
            String headers = req.getHeader("Access-Control-Request-Headers");
            if (headers != null) {
                resp.setHeader("Access-Control-Allow-Headers", headers);
            }
            resp.setHeader("Access-Control-Max-Age", "600");
        }
    }
}
