package scope.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * The error page of the server's servlet context: errors the container raises itself (no servlet for a method, a
 * request it refused, an exception that escaped) are answered as Scope's {@code {"detail": ...}} JSON in our
 * words, not as the container's HTML page.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.errorPage=4xx",
    "osgi.http.whiteboard.servlet.errorPage=5xx",
    "osgi.http.whiteboard.servlet.errorPage=java.lang.Throwable"})
public class ErrorPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute("jakarta.servlet.error.status_code");
        int status = code instanceof Integer i ? i : 500;
        Object message = req.getAttribute("jakarta.servlet.error.message");
        Object uri = req.getAttribute("jakarta.servlet.error.request_uri");
        ObjectNode body = Json.MAPPER.createObjectNode().put("detail", detail(status, message, uri));
        resp.resetBuffer();
        Json.write(resp, status, body);
    }

    static String detail(int status, Object message, Object uri) {
        String m = message == null ? "" : message.toString().trim();
        if (status >= 500) {
            return "Internal error";
        }
        String what = switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Not authorised";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method not allowed";
            case 413 -> "Request body too large";
            case 414 -> "Address too long";
            case 415 -> "Unsupported content type";
            case 431 -> "Request headers too large";
            default -> "Request refused (" + status + ")";
        };
        // the container's own wording is kept out when it is only the status again, or carries internals
        boolean useful = !m.isEmpty() && !m.equalsIgnoreCase(what) && m.length() < 200 && !m.contains("Exception")
                && !m.contains("org.eclipse");
        return what + (useful ? ": " + m : "") + (uri != null && status == 404 ? " (" + uri + ")" : "");
    }
}
