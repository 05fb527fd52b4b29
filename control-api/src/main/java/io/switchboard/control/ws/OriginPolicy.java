package io.switchboard.control.ws;

import io.switchboard.control.http.HttpRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which pages may open our WebSockets. A browser sends {@code Origin} with every WebSocket handshake
 * (RFC 6455 section 10.2) and, unlike for other requests, does not enforce same-origin itself, so a page
 * of another site could otherwise talk to us with the user's cookie. Allowed: this server's own origin
 * (the scheme of the connection and the {@code Host} the client used), and the configured origins (a
 * reverse proxy's public address, say). A request without {@code Origin} does not come from a browser
 * page; it passes here and still needs a session.
 */
public final class OriginPolicy {
    private final Set<String> allowed;

    private OriginPolicy(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** Only the server's own origin. */
    public static OriginPolicy sameOrigin() {
        return new OriginPolicy(Set.of());
    }

    /** The server's own origin and {@code origins} (as {@code https://ccp.example.com}); throws on a malformed one. */
    public static OriginPolicy allowing(Collection<String> origins) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String origin : origins) {
            normalized.add(normalize(origin).orElseThrow(() ->
                    new IllegalArgumentException("not an origin (scheme://host[:port]): " + origin)));
        }
        return new OriginPolicy(normalized);
    }

    /** Why {@code request} may not upgrade, or empty when it may. */
    public Optional<String> refusal(HttpRequest request) {
        Optional<String> origin = request.header("origin");
        if (origin.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> normalized = normalize(origin.get());
        if (normalized.isEmpty()) {
            return Optional.of("origin " + quoted(origin.get()) + " is not a usable origin");
        }
        if (allowed.contains(normalized.get())) {
            return Optional.empty();
        }
        Optional<String> self = request.header("host")
                .flatMap(host -> normalize((request.secure() ? "https://" : "http://") + host.trim()));
        if (self.isPresent() && self.get().equals(normalized.get())) {
            return Optional.empty();
        }
        return Optional.of("origin " + normalized.get() + " is neither this server's ("
                + self.orElse("no Host") + ") nor an allowed one");
    }

    /**
     * {@code scheme://host[:port]} in lower case with the scheme's default port left out (RFC 6454
     * section 4), or empty for {@code null} (an opaque origin) and anything that is not an origin.
     */
    static Optional<String> normalize(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme == null || uri.getHost() == null || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
                return Optional.empty();
            }
            int defaultPort = switch (scheme) {
                case "http", "ws" -> 80;
                case "https", "wss" -> 443;
                default -> -2;
            };
            if (defaultPort == -2) {
                return Optional.empty();
            }
            int port = uri.getPort();
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return Optional.of(scheme + "://" + host + (port == -1 || port == defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String quoted(String text) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    @Override
    public String toString() {
        return allowed.isEmpty() ? "same origin only" : "same origin and " + allowed;
    }
}
