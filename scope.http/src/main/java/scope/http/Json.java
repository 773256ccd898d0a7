package scope.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import scope.runtime.schema.FieldError;

/** Reading request bodies and writing JSON answers, with Scope's error shapes. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    /** API bodies are small; anything larger is a mistake or an attack. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private Json() {
    }

    /** The request body as JSON; empty body -&gt; empty object. */
    static JsonNode body(HttpServletRequest req) throws ApiException, IOException {
        long declared = req.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw new ApiException(413, "Request body too large: " + declared + " bytes (limit " + MAX_BODY_BYTES + ")");
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "Request body too large (limit " + MAX_BODY_BYTES + " bytes)");
        }
        if (bytes.length == 0) {
            return MAPPER.createObjectNode();
        }
        requireJsonContentType(req);
        try (com.fasterxml.jackson.core.JsonParser parser = MAPPER.createParser(bytes)) {
            JsonNode node = MAPPER.readTree(parser);
            // one value per body: whatever follows it, valid JSON or not, is refused
            boolean trailing;
            try {
                trailing = parser.nextToken() != null;
            } catch (JsonProcessingException e) {
                trailing = true;
            }
            if (trailing) {
                throw new ApiException(400, "Malformed JSON body: unexpected content after the JSON value");
            }
            return node == null ? MAPPER.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "Malformed JSON body" + where(e) + ": " + JsonErrors.describe(e));
        }
    }

    /**
     * A JSON body must say so: a web page can send {@code text/plain} or form bodies to any server without asking
     * (no CORS preflight), never {@code application/json}.
     */
    static void requireJsonContentType(HttpServletRequest req) throws ApiException {
        String type = req.getContentType();
        String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!base.equals("application/json") && !(base.startsWith("application/") && base.endsWith("+json"))) {
            throw new ApiException(415, "Content-Type must be application/json"
                    + (type == null ? " (none was sent)" : ", got '" + type + "'"));
        }
    }

    private static String where(JsonProcessingException e) {
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** The body as a JSON object, or a 422 naming the problem. */
    static ObjectNode objectBody(HttpServletRequest req) throws ApiException, IOException {
        JsonNode node = body(req);
        if (!node.isObject()) {
            throw new ApiException(java.util.List.of(new FieldError("body", "expected a JSON object")));
        }
        return (ObjectNode) node;
    }

    static void write(HttpServletResponse resp, int status, Object value) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        byte[] out = MAPPER.writeValueAsBytes(value);
        resp.setContentLength(out.length);
        resp.getOutputStream().write(out);
    }

    static void error(HttpServletResponse resp, ApiException e) throws IOException {
        if (e.status == 413) {
            // the rest of the body is not read, so the connection cannot be reused: say so, or a client that
            // pools connections sends its next request into a connection the server is closing
            resp.setHeader("Connection", "close");
        }
        ObjectNode body = MAPPER.createObjectNode();
        if (e.fieldErrors.isEmpty()) {
            body.put("detail", e.getMessage());
        } else {
            ArrayNode detail = body.putArray("detail");
            for (FieldError fe : e.fieldErrors) {
                ObjectNode item = detail.addObject();
                ArrayNode loc = item.putArray("loc");
                loc.add("body");
                for (String part : fe.field().split("\\.")) {
                    loc.add(part);
                }
                item.put("msg", fe.field() + ": " + fe.message());
                item.put("type", "value_error");
            }
        }
        write(resp, e.status, body);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
