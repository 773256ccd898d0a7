package scope.webrtc.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A checked {@code POST /api/v1/webrtc/offer} body, or a WHIP offer.
 *
 * @param sdp               the offer SDP
 * @param initialParameters the {@code initialParameters} object, or null when absent
 * @param ingest            a WHIP offer: the client only sends; the session's output goes to WHEP viewers
 */
record OfferRequest(String sdp, JsonNode initialParameters, boolean ingest) {

    OfferRequest(String sdp, JsonNode initialParameters) {
        this(sdp, initialParameters, false);
    }

    /** A WHIP offer (the SDP is the request body). @throws IllegalArgumentException naming the field */
    static OfferRequest whip(String sdp, JsonNode initialParameters) {
        requireDescription(sdp);
        if (initialParameters != null && !initialParameters.isObject()) {
            throw new IllegalArgumentException("initialParameters: must be an object");
        }
        return new OfferRequest(sdp, initialParameters, true);
    }

    /** @throws IllegalArgumentException unless the text looks like a session description */
    static void requireDescription(String text) {
        if (text == null || !text.startsWith("v=0") || !text.contains("\nm=")) {
            throw new IllegalArgumentException("sdp: not a session description (must start with v=0 and have media sections)");
        }
    }

    /** @throws IllegalArgumentException naming the offending field */
    static OfferRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("body: must be a JSON object with sdp and type");
        }
        JsonNode type = body.get("type");
        if (type == null || type.isNull()) {
            throw new IllegalArgumentException("type: missing (must be \"offer\")");
        }
        if (!type.isTextual() || !"offer".equals(type.asText())) {
            throw new IllegalArgumentException("type: must be \"offer\", got " + type);
        }
        JsonNode sdp = body.get("sdp");
        if (sdp == null || sdp.isNull()) {
            throw new IllegalArgumentException("sdp: missing");
        }
        if (!sdp.isTextual()) {
            throw new IllegalArgumentException("sdp: must be a string");
        }
        String text = sdp.asText();
        requireDescription(text);
        JsonNode initial = body.get("initialParameters");
        if (initial != null && !initial.isNull() && !initial.isObject()) {
            throw new IllegalArgumentException("initialParameters: must be an object");
        }
        return new OfferRequest(text, initial == null || initial.isNull() ? null : initial);
    }
}
