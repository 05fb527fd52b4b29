package io.switchboard.control.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRoutesTest {
    private static final HttpRoute OK = request -> HttpResponse.noContent();

    private static HttpRoutes.Match find(HttpRoutes routes, HttpMethod method, String path) {
        return routes.find(method, RequestPath.segments(path));
    }

    @Test
    void headFindsTheGetRoute() {
        HttpRoutes routes = new HttpRoutes().add(HttpMethod.GET, "/health", OK);
        assertInstanceOf(HttpRoutes.Found.class, find(routes, HttpMethod.HEAD, "/health"));
        assertThrows(IllegalArgumentException.class, () -> routes.add(HttpMethod.HEAD, "/x", OK));
    }

    @Test
    void theMostSpecificTemplateForTheMethodWins() {
        HttpRoutes routes = new HttpRoutes()
                .add(HttpMethod.GET, "/api/contacts/{contactId}", OK)
                .add(HttpMethod.POST, "/api/contacts/search", OK);
        HttpRoutes.Found get = (HttpRoutes.Found) find(routes, HttpMethod.GET, "/api/contacts/search");
        assertEquals("/api/contacts/{contactId}", get.template().toString());
        assertEquals(Map.of("contactId", "search"), get.params());
        HttpRoutes.Found post = (HttpRoutes.Found) find(routes, HttpMethod.POST, "/api/contacts/search");
        assertEquals("/api/contacts/search", post.template().toString());
    }

    @Test
    void wrongMethodNamesEveryMethodOfTheMatchingTemplates() {
        HttpRoutes routes = new HttpRoutes()
                .add(HttpMethod.GET, "/api/contacts/{contactId}", OK)
                .add(HttpMethod.DELETE, "/api/contacts/{contactId}", OK)
                .add(HttpMethod.POST, "/api/contacts/search", OK);
        assertEquals(new HttpRoutes.WrongMethod(EnumSet.of(HttpMethod.GET, HttpMethod.DELETE, HttpMethod.POST)),
                find(routes, HttpMethod.PUT, "/api/contacts/search"));
        assertEquals(new HttpRoutes.NotFound(), find(routes, HttpMethod.GET, "/api/agents"));
    }

    @Test
    void duplicatesAndClashesAreRefused() {
        HttpRoutes routes = new HttpRoutes().add(HttpMethod.GET, "/api/contacts/{contactId}", OK);
        assertThrows(IllegalStateException.class, () -> routes.add(HttpMethod.GET, "/api/contacts/{contactId}", OK));
        assertThrows(IllegalStateException.class, () -> routes.add(HttpMethod.PUT, "/api/contacts/{id}", OK));
        routes.add(HttpMethod.PUT, "/api/contacts/{contactId}", OK);
        assertEquals(1, routes.templates().size());
    }
}
