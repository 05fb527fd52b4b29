package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.SwitchboardProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's session API against the demo instance's users, as CONTRACT.md lists it. */
class ControlApiLoginIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path work;

    @Test
    void aDemoAgentLogsInAndTheSessionAnswersToTokenAndCookie() throws Exception {
        try (SwitchboardProcess server = SwitchboardProcess.start(work, List.of())) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(server.http("/api/login"))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"demo-password\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String token = new ObjectMapper().readTree(login.body()).path("token").asText();
            String cookie = login.headers().firstValue("set-cookie").orElseThrow();
            assertTrue(cookie.startsWith("switchboard_session=" + token + ";"), cookie);
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);

            for (HttpRequest.Builder who : List.of(
                    HttpRequest.newBuilder(server.http("/api/session")).header("Authorization", "Bearer " + token),
                    HttpRequest.newBuilder(server.http("/api/session")).header("Cookie", cookie.split(";")[0]))) {
                HttpResponse<String> session = client.send(who.timeout(TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, session.statusCode(), session.body());
                JsonNode body = new ObjectMapper().readTree(session.body());
                assertEquals("alice", body.path("username").asText());
                assertFalse(session.body().contains("$2"), session.body());
            }

            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(server.http("/api/login"))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"guess\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode());
            assertEquals(401, server.get("/api/session").statusCode());
            assertEquals(200, server.get("/health").statusCode());
        }
    }
}
