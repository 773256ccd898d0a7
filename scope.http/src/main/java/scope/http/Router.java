package scope.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Method + path-pattern routing for the API servlet; path groups are passed to the handler. */
final class Router {
    @FunctionalInterface
    interface Handler {
        void handle(HttpServletRequest req, HttpServletResponse resp, List<String> groups) throws Exception;
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router on(String method, String pathRegex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), handler));
        return this;
    }

    /** @return false when nothing matched the path; throws 405 when the path matched with another method */
    boolean dispatch(String method, String path, HttpServletRequest req, HttpServletResponse resp) throws Exception {
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.path.matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (r.method.equals(method) || (method.equals("HEAD") && r.method.equals("GET"))) {
                List<String> groups = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    groups.add(m.group(i));
                }
                r.handler.handle(req, resp, groups);
                return true;
            }
        }
        if (pathKnown) {
            throw new ApiException(405, "Method Not Allowed");
        }
        return false;
    }
}
