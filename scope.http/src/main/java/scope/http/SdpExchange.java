package scope.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The HTTP side of WHIP and WHEP: an SDP offer as the request body ({@code application/sdp}), the answer as the
 * body of a {@code 201 Created} naming the new resource ({@code Location}, {@code ETag}).
 */
final class SdpExchange {
    static final String SDP = "application/sdp";
    /** Far above any real offer; the offer checks apply their own, smaller limit after this. */
    private static final int MAX_BODY_BYTES = 256 * 1024;

    private SdpExchange() {
    }

    /** The offer SDP of the request: 415 unless it says {@code application/sdp}, 400 when empty, 413 when huge. */
    static String offer(HttpServletRequest req) throws ApiException, IOException {
        String type = req.getContentType();
        String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals(SDP)) {
            throw new ApiException(415, "Content-Type must be " + SDP + " (the SDP offer as the body)"
                    + (type == null ? "; none was sent" : ", got '" + type + "'"));
        }
        if (req.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new ApiException(413, "SDP offer too large: " + req.getContentLengthLong() + " bytes (limit "
                    + MAX_BODY_BYTES + ")");
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "SDP offer too large (limit " + MAX_BODY_BYTES + " bytes)");
        }
        if (bytes.length == 0) {
            throw new ApiException(400, "sdp: the request body is empty (it must be the SDP offer)");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** {@code 201 Created}: the answer SDP, the resource's {@code Location} and an {@code ETag} for it. */
    static void created(HttpServletResponse resp, String location, String resourceId, String answerSdp)
            throws IOException {
        byte[] body = answerSdp.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(201);
        resp.setHeader("Location", location);
        resp.setHeader("ETag", "\"" + resourceId + "\"");
        resp.setContentType(SDP);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** The answer to {@code OPTIONS}: the methods of the resource, and the body type POST takes where it takes one. */
    static void options(HttpServletResponse resp, boolean acceptsOffers) {
        resp.setStatus(204);
        resp.setHeader("Allow", acceptsOffers ? "OPTIONS, POST" : "OPTIONS, DELETE");
        if (acceptsOffers) {
            resp.setHeader("Accept-Post", SDP);
        }
    }
}
