package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import io.switchboard.testkit.WebRtcPage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The softphone end to end with a real peer: the panel's media offer over the agent WebSocket (Chromium's
 * offer, from a page whose fake microphone plays 1000 Hz), SIPp calling +15550100 and pressing 1 with a tone,
 * the agent accepting over the socket, the tone detected both ways, the CTR's Agent section.
 *
 * <p>The agent's softphone endpoint is made once, under the agent's key, and each caller's under its call, on
 * a loop of the relay's four picked by the key. Calls follow one another until one was on another loop than
 * the agent's endpoint (the relay counts the moves that bridge makes), at least three and at most six: all
 * six on the agent's loop happens once in 4096 runs, and fails the test rather than let it pass untested.
 */
class SoftphoneMediaIT {
    private static final double AGENT_HZ = 1000;
    private static final int MIN_CALLS = 3;
    private static final int MAX_CALLS = 6;
    private static final String MOVES = "switchboard_media_endpoint_moves_total";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PackagedServer server = PackagedServer.demo()
            // four media loops, on any machine (the relay runs one per processor)
            .env("JAVA_TOOL_OPTIONS", "-XX:ActiveProcessorCount=4");
    @TempDir
    static Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final CcpCallHarness calls = new CcpCallHarness(server, () -> work);
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void browser() {
        assumeTrue(WebRtcPage.browserInstalled(), "chromium and chromium-driver are not installed");
    }

    @Test
    void agentAcceptsOverTheSocketAndTonesFlowBothWays() throws Exception {
        try (AgentPanel alice = AgentPanel.open(server, http, "alice")) {
            alice.next("hello", AgentPanel.TIMEOUT);
            try (WebRtcPage page = WebRtcPage.open(work, AGENT_HZ, "all", "[]", offer -> {
                alice.command("media", c -> c.put("kind", "offer").put("sdp", offer));
                return alice.next("media", AgentPanel.TIMEOUT).path("sdp").asText();
            })) {
                page.awaitConnected(WAIT);
                alice.command("status", c -> c.put("status", "Available"));
                int n = 0;
                while (n < MIN_CALLS || (server.metric(MOVES) == 0 && n < MAX_CALLS)) {
                    oneCall(alice, page, ++n);
                }
                assertTrue(server.metric(MOVES) >= 1, "a caller was on another media loop than the agent's"
                        + " endpoint, which moved to it, in " + n + " calls");
            }
        }
    }

    /** One caller: offered, accepted over the socket, heard both ways, hung up and closed by the agent. */
    private void oneCall(AgentPanel alice, WebRtcPage page, int n) throws Exception {
        awaitPageSilent(page);
        try (RtpPeer caller = RtpPeer.open(); Sipp.Running uac = calls.call("softphone-caller-" + n, caller)) {
            IvrCall ivr = IvrCall.follow(server, uac, caller);
            String contact = ivr.contactId();
            CcpCallHarness.press(uac, caller, ivr, contact, "1");

            JsonNode incoming = alice.nextContact("incoming", WAIT);
            assertEquals(contact, incoming.path("contact").path("contactId").asText(), incoming.toString());
            alice.command("accept", c -> c.put("contactId", contact));
            JsonNode connected = alice.nextContact("connected", WAIT);
            assertEquals("CONNECTED", connected.path("contact").path("state").asText(), connected.toString());
            page.awaitHearing(CcpCallHarness.CALLER_HZ, WAIT);
            CcpCallHarness.awaitCallerHears(caller, AGENT_HZ);

            alice.command("hangup", c -> { });
            alice.nextContact("ended", WAIT);
            alice.command("close", c -> c.put("contactId", contact));
            alice.nextContact("closed", WAIT);
            Sipp.Result result = uac.awaitResult(CcpCallHarness.SIPP_LIMIT);
            assertEquals(0, result.exitCode(), result.describe());

            JsonNode record = contactRecord(contact);
            JsonNode agent = record.path("Agent");
            assertEquals("alice", agent.path("Username").asText(), record.toString());
            assertFalse(agent.path("ConnectedToAgentTimestamp").asText().isEmpty(), record.toString());
            assertEquals("Sales", record.path("Queue").path("Name").asText(), record.toString());
            assertEquals("AGENT_DISCONNECT", record.path("DisconnectReason").asText(), record.toString());
        }
    }

    /** The page no longer hears a caller (the one before has gone), so what it hears next is this call. */
    private static void awaitPageSilent(WebRtcPage page) {
        Await.until("the page hears no caller", WAIT, () -> {
            JsonNode s = page.state();
            return !(Math.abs(s.path("peakHz").asDouble() - CcpCallHarness.CALLER_HZ) < 30
                    && s.path("peakDb").asDouble() > -60);
        });
    }

    /** GET /api/contacts/{id} as sam, the supervisor, once the record has its Agent section and its end. */
    private JsonNode contactRecord(String contact) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(server.http("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"sam\",\"password\":\"demo-password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String token = json.readTree(login.body()).path("token").asText();
        JsonNode record = Await.value("the CTR of " + contact, Duration.ofSeconds(15), () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.http("/api/contacts/" + contact))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode body = json.readTree(r.body());
                return r.statusCode() == 200 && !body.path("Agent").isMissingNode()
                        && !body.path("DisconnectReason").asText().isEmpty() ? Optional.of(body) : Optional.empty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(record.path("Agent").isObject(), record.toString());
        return record;
    }
}
