package scope.http;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers for features of Scope this server does not have. Status reads get the shape Scope gives when the
 * feature is off (the UI renders that as "not available"), never a 404 that the UI's polling would log; requests
 * that would turn the feature on get a 409 that says so.
 */
final class Unavailable {
    private Unavailable() {
    }

    static ApiException refusal(String feature) {
        return new ApiException(409, feature + " is not available on this server");
    }

    /**
     * An event stream that has nothing to send: 204 is the one answer after which a browser's EventSource does
     * not reconnect (and logs no error), where an error status would have it log one and a held stream would keep
     * a connection open for nothing.
     */
    static void noEventStream(HttpServletResponse resp) {
        resp.setStatus(204);
        resp.setHeader("Cache-Control", "no-cache");
    }
}
