package io.switchboard.control.auth;

import io.switchboard.control.http.HttpRequest;
import io.switchboard.control.http.HttpResponse;

/** A route that only a logged-in caller reaches (see {@link Authenticator#require}); same rules as a route. */
@FunctionalInterface
public interface AuthenticatedRoute {
    HttpResponse handle(HttpRequest request, Caller caller) throws Exception;
}
