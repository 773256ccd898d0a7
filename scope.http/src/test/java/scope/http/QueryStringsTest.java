package scope.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueryStringsTest {
    @Test
    void malformedEscapesAndInvalidUtf8Are400s() {
        assertEquals(400, assertThrows(ApiException.class, () -> QueryStrings.requireWellFormed("a=%ZZ")).status);
        assertEquals(400, assertThrows(ApiException.class, () -> QueryStrings.requireWellFormed("a=%")).status);
        assertEquals(400, assertThrows(ApiException.class,
                () -> QueryStrings.requireWellFormed("pipeline_id=gray?pipeline_id=%C3%28")).status);
        assertEquals(414, assertThrows(ApiException.class,
                () -> QueryStrings.requireWellFormed("a=" + "b".repeat(9000))).status);
        assertDoesNotThrow(() -> QueryStrings.requireWellFormed("pipeline_id=gray&x=%C3%A9&y=%E2%82%AC+z"));
        assertDoesNotThrow(() -> QueryStrings.requireWellFormed("name=caf\u00e9"));
    }
}
