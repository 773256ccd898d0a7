package scope.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
    @Test
    void aNamedGroupIsAParameterInScopesSpelling() {
        assertEquals(List.of(new PathTemplate("/api/v1/webrtc/offer/{session_id}", List.of("session_id"))),
                PathTemplate.of("/api/v1/webrtc/offer/(?<sessionId>[^/]+)"));
    }

    @Test
    void unnamedGroupsAreNumberedAndPlainAlternativesExpand() {
        assertEquals(List.of(new PathTemplate("/a/{param1}/resolution", List.of("param1")),
                new PathTemplate("/a/{param1}/stream", List.of("param1"))),
                PathTemplate.of("/a/(.+)/(resolution|stream)"));
    }

    @Test
    void escapedCharactersAreThemselves() {
        List<PathTemplate> t = PathTemplate.of("/openapi\\.json");
        assertEquals("/openapi.json", t.get(0).path());
        assertEquals(true, t.get(0).plain());
        assertEquals(false, PathTemplate.of("/a/b+").get(0).plain());
    }

    @Test
    void aGroupThatIsNeitherIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.of("/a/(?:x+)"));
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.of("/a/(x"));
    }

    @Test
    void aNamedGroupStillReachesTheHandlerByPosition() throws Exception {
        List<List<String>> seen = new java.util.ArrayList<>();
        Router router = new Router().on("PATCH", "/s/(?<sessionId>[^/]+)", (q, r, g) -> seen.add(g));
        assertEquals(true, router.dispatch("PATCH", "/s/abc", null, null));
        assertEquals(List.of(List.of("abc")), seen);
    }
}
