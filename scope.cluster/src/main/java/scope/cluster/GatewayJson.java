package scope.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import scope.runtime.schema.FieldError;

/** Request bodies and answers of the gateway's routes, with the same limits and error shapes as a single server. */
final class GatewayJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    static final int MAX_BODY_BYTES = 1 << 20;

    private GatewayJson() {
    }

    /** The body as a JSON object (an empty body is an empty object); 413, 415, 400 or 422 when it is not one. */
    static ObjectNode objectBody(HttpServletRequest req) throws GatewayError, IOException {
        if (req.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new GatewayError(413, "Request body too large (limit " + MAX_BODY_BYTES + " bytes)");
        }
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new GatewayError(413, "Request body too large (limit " + MAX_BODY_BYTES + " bytes)");
        }
        if (bytes.length == 0) {
            return MAPPER.createObjectNode();
        }
        String type = req.getContentType();
        String base = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json")) {
            throw new GatewayError(415, "Content-Type must be application/json"
                    + (type == null ? " (none was sent)" : ", got '" + type + "'"));
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new GatewayError(400, "Malformed JSON body: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new GatewayError(java.util.List.of(new FieldError("body", "expected a JSON object")));
        }
        return (ObjectNode) node;
    }

    static void write(HttpServletResponse resp, int status, JsonNode value) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        byte[] out = MAPPER.writeValueAsBytes(value);
        resp.setContentLength(out.length);
        resp.getOutputStream().write(out);
    }

    static void error(HttpServletResponse resp, GatewayError e) throws IOException {
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
}
