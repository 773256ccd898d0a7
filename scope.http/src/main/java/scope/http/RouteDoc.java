package scope.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API description says about one route beyond its method and path: a summary, the request body, query
 * parameters and the answers. Given where the route is registered ({@link Router#on(String, String, RouteDoc,
 * Router.Handler)}), so the description cannot list a route that does not exist or miss one that does. Immutable.
 */
final class RouteDoc {
    /** The description of a route registered without one: its method and path only. */
    static final RouteDoc NONE = new RouteDoc(null, null, Map.of(), List.of(), Map.of());

    record Query(String name, boolean required, Shape shape, String description) {
    }

    record Answer(String description, String contentType, Shape shape) {
    }

    private final String summary;
    private final String description;
    private final Map<String, Shape> body;
    private final List<Query> query;
    private final Map<Integer, Answer> answers;

    private RouteDoc(String summary, String description, Map<String, Shape> body, List<Query> query,
            Map<Integer, Answer> answers) {
        this.summary = summary;
        this.description = description;
        this.body = body;
        this.query = query;
        this.answers = answers;
    }

    static RouteDoc summary(String summary) {
        return new RouteDoc(summary, null, Map.of(), List.of(), Map.of());
    }

    RouteDoc description(String text) {
        return new RouteDoc(summary, text, body, query, answers);
    }

    /** A JSON request body. */
    RouteDoc body(Shape shape) {
        return body("application/json", shape);
    }

    /** A request body of this content type; called again for each further type the route accepts. */
    RouteDoc body(String contentType, Shape shape) {
        Map<String, Shape> b = new LinkedHashMap<>(body);
        b.put(contentType, shape);
        return new RouteDoc(summary, description, java.util.Collections.unmodifiableMap(b), query, answers);
    }

    RouteDoc query(String name, boolean required, Shape shape, String text) {
        List<Query> q = new ArrayList<>(query);
        q.add(new Query(name, required, shape, text));
        return new RouteDoc(summary, description, body, List.copyOf(q), answers);
    }

    /** The 200 answer, JSON. */
    RouteDoc ok(Shape shape) {
        return answer(200, "OK", "application/json", shape);
    }

    /** An answer without a body (204) or with one of another type ({@code contentType} null: no body). */
    RouteDoc answer(int status, String text, String contentType, Shape shape) {
        Map<Integer, Answer> a = new LinkedHashMap<>(answers);
        a.put(status, new Answer(text, contentType, shape));
        return new RouteDoc(summary, description, body, query, java.util.Collections.unmodifiableMap(a));
    }

    /** Error statuses worth naming for this route, each answered as {@code {"detail": ...}}. */
    RouteDoc errors(int status, String text) {
        return answer(status, text, "application/json", Shape.ref(OpenApiDocument.ERROR));
    }

    String summary() {
        return summary;
    }

    String description() {
        return description;
    }

    /** Content type -&gt; shape, in the order given. */
    Map<String, Shape> body() {
        return body;
    }

    List<Query> query() {
        return query;
    }

    /** Status -&gt; answer. */
    Map<Integer, Answer> answers() {
        return answers;
    }

    boolean documented() {
        return summary != null;
    }
}
