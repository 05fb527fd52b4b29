package io.switchboard.control.auth;

import io.switchboard.config.model.User;
import io.switchboard.control.http.HttpRequest;
import io.switchboard.control.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/session}: who the caller is. The user's own settings as the instance has them now,
 * never the password hash and never the tags (free-form, for administrators).
 */
final class SessionRoute implements AuthenticatedRoute {
    private final SessionStore sessions;

    SessionRoute(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public HttpResponse handle(HttpRequest request, Caller caller) {
        User user = caller.user();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("username", user.username());
        view.put("firstName", user.firstName());
        view.put("lastName", user.lastName());
        view.put("routingProfile", user.routingProfile());
        view.put("securityProfiles", user.securityProfiles());
        view.put("phoneType", user.phoneType().name().toLowerCase(java.util.Locale.ROOT));
        if (user.deskPhoneNumber() != null) {
            view.put("deskPhoneNumber", user.deskPhoneNumber().value());
        }
        view.put("autoAccept", user.autoAccept());
        view.put("afterContactWorkTimeoutSeconds", user.afterContactWorkTimeoutSeconds());
        if (user.hierarchyGroup() != null) {
            view.put("hierarchyGroup", user.hierarchyGroup());
        }
        view.put("sessionCreated", caller.session().created().toString());
        view.put("idleTimeoutSeconds", sessions.idleTimeout().toSeconds());
        return HttpResponse.json(200, view);
    }
}
