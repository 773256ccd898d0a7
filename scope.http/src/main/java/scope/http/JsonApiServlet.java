package scope.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the API servlets: routing and Scope's error answers. A handler's {@link ApiException} becomes its
 * status with {@code {"detail": ...}}; anything else is logged and answered 500, so no request takes the server
 * down.
 */
abstract class JsonApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JsonApiServlet.class);

    protected final transient Router router = new Router();

    /** The detail of a 500 answer; endpoints with a documented message override it. */
    protected String internalErrorDetail(Throwable e) {
        return "Internal error: " + e.getMessage();
    }

    /** {@code OPTIONS} that is not a CORS preflight (RequestGuard answers those): 204; servlets may say more. */
    protected void options(HttpServletRequest req, HttpServletResponse resp) {
        resp.setStatus(204);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            answer(req, resp);
        } catch (IOException e) {
            if (!ClientAborts.isClientGone(e)) {
                throw e;
            }
            // the client left while its answer (an error answer included) was being written
            LOG.debug("{} {}: client closed the connection", req.getMethod(), req.getRequestURI());
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse resp) throws IOException {
        // CORS, origin, host and token checks ran before, in RequestGuard
        HttpServletRequest req = ReadAheadRequest.of(request);
        if ("OPTIONS".equals(req.getMethod())) {
            options(req, resp);
            return;
        }
        String path = req.getRequestURI().substring(req.getContextPath().length());
        try {
            QueryStrings.requireWellFormed(req.getQueryString());
            if (!router.dispatch(req.getMethod(), path, req, resp)) {
                throw new ApiException(404, "Not Found");
            }
        } catch (ApiException e) {
            Json.error(resp, e);
        } catch (IOException e) {
            if (ClientAborts.isClientGone(e)) {
                // the client went away mid-answer: nothing to answer, nothing wrong here
                LOG.debug("{} {}: client closed the connection", req.getMethod(), path);
                return;
            }
            LOG.error("{} {} failed", req.getMethod(), path, e);
            if (!resp.isCommitted()) {
                Json.error(resp, new ApiException(500, internalErrorDetail(e)));
            }
        } catch (RuntimeException e) {
            if (e.getClass().getSimpleName().equals("BadMessageException")) {
                // the container refused something about the request itself (its encoding, its form): the client's
                Json.error(resp, new ApiException(400, "Malformed request: " + e.getMessage()));
                return;
            }
            LOG.error("{} {} failed", req.getMethod(), path, e);
            if (!resp.isCommitted()) {
                Json.error(resp, new ApiException(500, internalErrorDetail(e)));
            }
        } catch (Exception | LinkageError e) {
            LOG.error("{} {} failed", req.getMethod(), path, e);
            if (!resp.isCommitted()) {
                Json.error(resp, new ApiException(500, internalErrorDetail(e)));
            }
        }
    }
}
