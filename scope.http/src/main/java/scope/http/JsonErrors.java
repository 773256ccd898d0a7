package scope.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Jackson's parse errors in our words: what was wrong, never the parser's class names or source excerpts. */
final class JsonErrors {
    private JsonErrors() {
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m && m.getMessage() != null
                && m.getMessage().contains("Trailing token")) {
            return "unexpected content after the JSON value";
        }
        String message = e.getOriginalMessage();
        if (message == null) {
            return "not valid JSON";
        }
        if (message.startsWith("Duplicate field")) {
            return message.replace("Duplicate field", "duplicate key");
        }
        if (message.startsWith("Unexpected end-of-input")) {
            return "the body ends before the JSON value is complete";
        }
        if (message.startsWith("Unexpected character")) {
            int end = message.indexOf(')');
            return "unexpected character " + (end > 0 ? message.substring("Unexpected character ".length(), end + 1)
                    : "");
        }
        if (message.startsWith("Unrecognized token")) {
            int quote = message.indexOf('\'', "Unrecognized token ".length() + 1);
            return "unrecognized token " + (quote > 0 ? message.substring("Unrecognized token ".length(), quote + 1)
                    : "");
        }
        if (message.contains("Numeric value") && message.contains("out of range")) {
            return "a number is out of range";
        }
        if (message.contains("Invalid numeric value") || message.contains("Number value length")) {
            return "a number is malformed or too long";
        }
        if (message.contains("Illegal unquoted character") || message.contains("Invalid UTF-8")) {
            return "a string holds a character that JSON does not allow";
        }
        int firstLine = message.indexOf('\n');
        return firstLine > 0 ? message.substring(0, firstLine) : message;
    }
}
