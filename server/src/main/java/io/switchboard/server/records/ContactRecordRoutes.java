package io.switchboard.server.records;

import io.switchboard.control.auth.Authenticator;
import io.switchboard.control.http.HttpMethod;
import io.switchboard.control.http.HttpResponse;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.contact.ContactId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The contact trace records over HTTP, for logged-in callers: {@code GET /api/contacts/{contactId}} (that
 * contact's CTR, 404 when none is written) and {@code GET /api/contacts?from=&to=} (records that
 * disconnected in [from, to), ISO 8601 instants, oldest first, at most {@value #LIMIT}). The contact center
 * answers from its loop, so the routes are asynchronous.
 */
public final class ContactRecordRoutes {

    public static final String ONE = "/api/contacts/{contactId}";
    public static final String SEARCH = "/api/contacts";
    static final int LIMIT = 1000;

    private ContactRecordRoutes() {
    }

    public static void add(HttpRoutes routes, Authenticator authenticator, ContactCenter center) {
        routes.addAsync(HttpMethod.GET, ONE, request -> {
            if (authenticator.caller(request).isEmpty()) {
                return CompletableFuture.completedFuture(Authenticator.unauthorized(request));
            }
            ContactId id;
            try {
                id = ContactId.parse(request.pathParam("contactId"));
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(HttpResponse.error(404, "no such contact"));
            }
            return center.contactRecord(id).thenApply(record -> record
                    .map(json -> HttpResponse.of(200, HttpResponse.JSON, json.getBytes(StandardCharsets.UTF_8)))
                    .orElseGet(() -> HttpResponse.error(404, "no contact record for " + id)));
        });
        routes.addAsync(HttpMethod.GET, SEARCH, request -> {
            if (authenticator.caller(request).isEmpty()) {
                return CompletableFuture.completedFuture(Authenticator.unauthorized(request));
            }
            Instant from;
            Instant to;
            try {
                from = Instant.parse(request.queryParam("from").orElse(Instant.EPOCH.toString()));
                to = Instant.parse(request.queryParam("to").orElse(Instant.now().plusSeconds(1).toString()));
            } catch (DateTimeParseException e) {
                return CompletableFuture.completedFuture(
                        HttpResponse.error(400, "from and to are ISO 8601 instants, e.g. 2024-07-10T15:00:00Z"));
            }
            return center.contactRecords(from, to, LIMIT).thenApply(ContactRecordRoutes::list);
        });
    }

    /** {@code {"ContactTraceRecords":[...]}} from JSON texts written as they are. */
    private static HttpResponse list(List<String> records) {
        StringBuilder body = new StringBuilder("{\"ContactTraceRecords\":[");
        for (int i = 0; i < records.size(); i++) {
            body.append(i == 0 ? "" : ",").append(records.get(i));
        }
        body.append("]}");
        return HttpResponse.of(200, HttpResponse.JSON, body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
