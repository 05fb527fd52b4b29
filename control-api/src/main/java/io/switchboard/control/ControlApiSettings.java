package io.switchboard.control;

import io.switchboard.config.PasswordHasher;
import io.switchboard.control.ws.WebSocketSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How the control API listens and guards itself.
 *
 * @param address            where HTTP listens
 * @param sessionIdleTimeout a session ends after this long without a request or WebSocket message
 * @param allowedOrigins     origins besides the server's own whose pages may open WebSockets
 *                           (as {@code https://ccp.example.com})
 * @param webSocket          WebSocket message limit and keepalive
 * @param loginBurst         login attempts per username and address before the limit applies
 * @param loginInterval      then one attempt per this long
 * @param decoyCost          bcrypt cost of the hash an unknown username is checked against; the users'
 *                           own cost, so that both answers take as long
 */
public record ControlApiSettings(
        InetSocketAddress address,
        Duration sessionIdleTimeout,
        List<String> allowedOrigins,
        WebSocketSettings webSocket,
        int loginBurst,
        Duration loginInterval,
        int decoyCost) {

    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofHours(8);
    public static final int DEFAULT_LOGIN_BURST = 5;
    public static final Duration DEFAULT_LOGIN_INTERVAL = Duration.ofMinutes(1);

    public ControlApiSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public static ControlApiSettings defaults(InetSocketAddress address) {
        return new ControlApiSettings(address, DEFAULT_SESSION_IDLE_TIMEOUT, List.of(), WebSocketSettings.defaults(),
                DEFAULT_LOGIN_BURST, DEFAULT_LOGIN_INTERVAL, PasswordHasher.DEFAULT_COST);
    }

    public ControlApiSettings withSessionIdleTimeout(Duration timeout) {
        return new ControlApiSettings(address, timeout, allowedOrigins, webSocket, loginBurst, loginInterval,
                decoyCost);
    }

    public ControlApiSettings withAllowedOrigins(List<String> origins) {
        return new ControlApiSettings(address, sessionIdleTimeout, origins, webSocket, loginBurst, loginInterval,
                decoyCost);
    }

    public ControlApiSettings withWebSocket(WebSocketSettings settings) {
        return new ControlApiSettings(address, sessionIdleTimeout, allowedOrigins, settings, loginBurst,
                loginInterval, decoyCost);
    }

    public ControlApiSettings withLoginLimit(int burst, Duration interval) {
        return new ControlApiSettings(address, sessionIdleTimeout, allowedOrigins, webSocket, burst, interval,
                decoyCost);
    }

    public ControlApiSettings withDecoyCost(int cost) {
        return new ControlApiSettings(address, sessionIdleTimeout, allowedOrigins, webSocket, loginBurst,
                loginInterval, cost);
    }
}
