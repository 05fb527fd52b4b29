package io.switchboard.control.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.control.http.HttpMethod;
import io.switchboard.control.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private static HttpRequest upgrade(String host, String origin, boolean secure) {
        HttpRequest.Builder builder = HttpRequest.builder(HttpMethod.GET, "/ws").header("Host", host).secure(secure);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder.build();
    }

    @Test
    void theServersOwnOriginPasses() {
        OriginPolicy policy = OriginPolicy.sameOrigin();
        assertTrue(policy.refusal(upgrade("127.0.0.1:8080", "http://127.0.0.1:8080", false)).isEmpty());
        assertTrue(policy.refusal(upgrade("Switchboard.Example:80", "http://switchboard.example", false)).isEmpty());
        assertTrue(policy.refusal(upgrade("sb.example", "https://sb.example:443", true)).isEmpty());
        assertTrue(policy.refusal(upgrade("[::1]:8080", "http://[::1]:8080", false)).isEmpty());
    }

    @Test
    void anotherOriginIsRefused() {
        OriginPolicy policy = OriginPolicy.sameOrigin();
        assertTrue(policy.refusal(upgrade("127.0.0.1:8080", "http://evil.example", false)).isPresent());
        assertTrue(policy.refusal(upgrade("127.0.0.1:8080", "http://127.0.0.1:8081", false)).isPresent());
        assertTrue(policy.refusal(upgrade("127.0.0.1:8080", "https://127.0.0.1:8080", false)).isPresent(),
                "the scheme is part of the origin");
        assertTrue(policy.refusal(upgrade("127.0.0.1:8080", "null", false)).isPresent());
        assertTrue(policy.refusal(upgrade("127.0.0.1:8080", "http://127.0.0.1:8080/path", false)).isPresent());
    }

    @Test
    void configuredOriginsPassToo() {
        OriginPolicy policy = OriginPolicy.allowing(List.of("https://CCP.example.com:443"));
        assertTrue(policy.refusal(upgrade("10.0.0.5:8080", "https://ccp.example.com", false)).isEmpty());
        assertTrue(policy.refusal(upgrade("10.0.0.5:8080", "http://10.0.0.5:8080", false)).isEmpty());
        assertTrue(policy.refusal(upgrade("10.0.0.5:8080", "https://other.example.com", false)).isPresent());
        assertThrows(IllegalArgumentException.class, () -> OriginPolicy.allowing(List.of("ccp.example.com")));
    }

    @Test
    void noOriginIsNoBrowserPage() {
        assertEquals(Optional.empty(), OriginPolicy.sameOrigin().refusal(upgrade("127.0.0.1:8080", null, false)));
    }
}
