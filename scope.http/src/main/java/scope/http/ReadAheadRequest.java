package scope.http;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A request whose small body was read before its handler runs, so that the connection's content is consumed
 * whatever the handler does with it.
 *
 * <p>A handler that answers without reading the body (an error, or a route that takes none) leaves it unread; Jetty
 * then closes the connection after the answer if the body had not all arrived yet, but the answer is already out
 * without {@code Connection: close}, so a keep-alive client sends its next request on a connection that closes
 * under it. Bodies up to {@link Json#MAX_BODY_BYTES} with a declared length are read ahead; forms and multipart
 * bodies (which the container parses from the connection itself) are not, nor longer or unsized ones (an answer
 * that leaves a longer declared body unread, Jetty sends with {@code Connection: close}).
 */
final class ReadAheadRequest extends HttpServletRequestWrapper {
    private final byte[] body;

    private ReadAheadRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    /** The request with its body read ahead where that is safe, else the request itself. */
    static HttpServletRequest of(HttpServletRequest req) throws IOException {
        long length = req.getContentLengthLong();
        if (length <= 0 || length > Json.MAX_BODY_BYTES || containerParsed(req.getContentType())) {
            return req;
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes((int) length);
        }
        return new ReadAheadRequest(req, bytes);
    }

    private static boolean containerParsed(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
    }

    @Override
    public ServletInputStream getInputStream() {
        return new BytesInputStream(body);
    }

    @Override
    public BufferedReader getReader() {
        Charset charset = StandardCharsets.UTF_8;
        String encoding = getCharacterEncoding();
        if (encoding != null && Charset.isSupported(encoding)) {
            charset = Charset.forName(encoding);
        }
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }
}
