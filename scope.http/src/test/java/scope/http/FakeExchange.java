package scope.http;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP exchange without a container, for servlet tests: a request (method, path, query, headers, body) and the
 * response the servlet wrote (status, headers, body). Only what the API servlets and the guard read is answered;
 * anything else fails loudly.
 */
final class FakeExchange {
    final String method;
    final String path;
    final String query;
    final Map<String, String> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final byte[] requestBody;
    int status = 200;
    final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    String contentType;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    FakeExchange(String method, String pathAndQuery, String contentType, String requestBody) {
        this.method = method;
        int q = pathAndQuery.indexOf('?');
        this.path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        this.query = q < 0 ? null : pathAndQuery.substring(q + 1);
        if (contentType != null) {
            requestHeaders.put("Content-Type", contentType);
        }
        this.requestBody = requestBody == null ? new byte[0] : requestBody.getBytes(StandardCharsets.UTF_8);
    }

    FakeExchange header(String name, String value) {
        requestHeaders.put(name, value);
        return this;
    }

    String body() {
        return body.toString(StandardCharsets.UTF_8);
    }

    private Map<String, String[]> parameters() {
        Map<String, java.util.List<String>> values = new LinkedHashMap<>();
        if (query != null) {
            for (String part : query.split("&")) {
                int eq = part.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                values.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
            }
        }
        Map<String, String[]> result = new LinkedHashMap<>();
        values.forEach((k, v) -> result.put(k, v.toArray(String[]::new)));
        return result;
    }

    HttpServletRequest request() {
        ServletInputStream stream = new BytesInputStream(requestBody);
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> path;
                    case "getContextPath" -> "";
                    case "getQueryString" -> query;
                    case "getHeader" -> requestHeaders.get((String) args[0]);
                    case "getContentType" -> requestHeaders.get("Content-Type");
                    case "getContentLengthLong" -> (long) requestBody.length;
                    case "getContentLength" -> requestBody.length;
                    case "getInputStream" -> stream;
                    case "getRemoteAddr" -> "192.0.2.7";
                    case "getParameterMap" -> parameters();
                    case "getParameter" -> {
                        String[] v = parameters().get((String) args[0]);
                        yield v == null ? null : v[0];
                    }
                    case "getCookies" -> null;
                    case "toString" -> method + " " + path;
                    default -> throw new UnsupportedOperationException("request." + m.getName());
                });
    }

    HttpServletResponse response() {
        ServletOutputStream stream = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status = (Integer) args[0];
                        case "setHeader", "addHeader" -> headers.merge((String) args[0], (String) args[1],
                                (a, b) -> m.getName().equals("addHeader") ? a + ", " + b : b);
                        case "setContentType" -> contentType = ((String) args[0]).toLowerCase(Locale.ROOT);
                        case "setCharacterEncoding", "setContentLength" -> {
                        }
                        case "getOutputStream" -> {
                            return stream;
                        }
                        case "isCommitted" -> {
                            return false;
                        }
                        default -> throw new UnsupportedOperationException("response." + m.getName());
                    }
                    return null;
                });
    }

    /** Sends this exchange through the servlet's service method. */
    FakeExchange through(JsonApiServlet servlet) throws Exception {
        servlet.service(request(), response());
        return this;
    }
}
