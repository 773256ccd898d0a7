package scope.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Method + path-pattern routing for the API servlet; path groups are passed to the handler. The routes, with their
 * {@link RouteDoc}, are also what the API description ({@code /openapi.json}) is generated from: a path group named
 * {@code (?<sessionId>...)} is the path parameter {@code {session_id}}.
 */
final class Router {
    @FunctionalInterface
    interface Handler {
        void handle(HttpServletRequest req, HttpServletResponse resp, List<String> groups) throws Exception;
    }

    /** A registered route as the API description sees it. */
    record Route(String method, String pathRegex, RouteDoc doc) {
    }

    private record Entry(Route route, Pattern path, Handler handler) {
    }

    private final List<Entry> routes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A route without a description: the API description lists it with its method and path only. */
    Router on(String method, String pathRegex, Handler handler) {
        return on(method, pathRegex, RouteDoc.NONE, handler);
    }

    Router on(String method, String pathRegex, RouteDoc doc, Handler handler) {
        routes.add(new Entry(new Route(method, pathRegex, doc), Pattern.compile(pathRegex), handler));
        return this;
    }

    /** Every route, in registration order. */
    List<Route> routes() {
        return routes.stream().map(Entry::route).toList();
    }

    /** @return false when nothing matched the path; throws 405 when the path matched with another method */
    boolean dispatch(String method, String path, HttpServletRequest req, HttpServletResponse resp) throws Exception {
        boolean pathKnown = false;
        for (Entry r : routes) {
            Matcher m = r.path.matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            String routeMethod = r.route.method();
            if (routeMethod.equals(method) || (method.equals("HEAD") && routeMethod.equals("GET"))) {
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
