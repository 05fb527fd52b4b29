package io.switchboard.server.turn;

import io.switchboard.control.auth.Authenticator;
import io.switchboard.control.auth.Caller;
import io.switchboard.control.http.HttpMethod;
import io.switchboard.control.http.HttpResponse;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.turn.api.TurnRestCredentials;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/ice-servers}: the logged-in agent's {@code iceServers} for {@code RTCPeerConnection}, with
 * TURN REST credentials (username {@code <expiry>:<agent>}) for our TURN server over UDP, TCP and, when it
 * is served, TLS. 401 without a session.
 */
public final class IceServerRoutes {
    public static final String PATH = "/api/ice-servers";

    private IceServerRoutes() {
    }

    /**
     * @param host     the advertised address browsers reach the TURN server on
     * @param tlsPort  the TURNS port, or 0 when TURNS is not served
     */
    public static void add(HttpRoutes routes, Authenticator authenticator, String secret, String host, int port,
                           int tlsPort, long ttlSeconds, Clock clock) {
        routes.add(HttpMethod.GET, PATH, request -> {
            Optional<Caller> caller = authenticator.caller(request);
            if (caller.isEmpty()) {
                return Authenticator.unauthorized(request);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("iceServers", iceServers(secret, host, port, tlsPort, ttlSeconds, clock, caller.get().username()));
            body.put("ttl", ttlSeconds);
            return HttpResponse.json(200, body);
        });
    }

    /** The {@code iceServers} of {@code username} now, as the route answers them (the agent WebSocket's hello too). */
    public static List<Map<String, Object>> iceServers(String secret, String host, int port, int tlsPort,
                                                       long ttlSeconds, Clock clock, String username) {
        long expiry = clock.instant().getEpochSecond() + ttlSeconds;
        TurnRestCredentials credentials = TurnRestCredentials.issue(secret, username, expiry);
        String hostPart = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        List<String> urls = new ArrayList<>(List.of("turn:" + hostPart + ":" + port + "?transport=udp",
                "turn:" + hostPart + ":" + port + "?transport=tcp"));
        if (tlsPort > 0) {
            urls.add("turns:" + hostPart + ":" + tlsPort + "?transport=tcp");
        }
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("urls", urls);
        server.put("username", credentials.username());
        server.put("credential", credentials.password());
        return List.of(server);
    }
}
