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
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls from SIPp to agents on the CCP in headless Chromium, end to end on the packaged demo server: the
 * panel rings, Accept connects the caller and the browser both ways (the page's analyser hears the caller's
 * tone, the caller's RTP carries the page's microphone tone), hold plays hold audio, End call leads to After
 * Contact Work, Close contact ends it; the CTR and the agent events show it. The same through our TURN server
 * with iceTransportPolicy 'relay'; a rejected call is Missed and goes to bob; a reload mid-call keeps the call;
 * a closed browser is logged out after the grace period. Screenshots go to target/ccp-screenshots/.
 */
class CcpCallIT {
    private static final int PCMU = RtpPeer.PCMU;
    private static final double CALLER_HZ = CcpCallHarness.CALLER_HZ;
    private static final double AGENT_HZ = 1000;
    private static final Duration SIPP_LIMIT = CcpCallHarness.SIPP_LIMIT;
    private static final int GRACE_SECONDS = 5;

    @RegisterExtension
    static final PackagedServer server = PackagedServer.demo()
            .serverConfig("disconnectGraceSeconds: " + GRACE_SECONDS + "\n");
    @TempDir
    static Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final CcpCallHarness calls = new CcpCallHarness(server, () -> work);
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void browser() {
        assumeTrue(WebRtcPage.browserInstalled(), "chromium and chromium-driver are not installed");
    }

    // ---- the scenarios ----

    @Test
    void aliceAcceptsTalksHoldsResumesEndsAndClosesTheContact() throws Exception {
        acceptedCall(false, "");
    }

    @Test
    void theSameCallWithRelayOnlyMediaThroughOurTurnServer() throws Exception {
        acceptedCall(true, "relay-");
    }

    @Test
    void aliceRejectsSoTheContactIsMissedAndBobsPanelGetsIt() throws Exception {
        try (CcpBrowser alice = calls.agentAvailable("alice", AGENT_HZ, false);
             CcpBrowser bob = calls.agentAvailable("bob", 1200, false);
             RtpPeer caller = RtpPeer.open();
             Sipp.Running uac = calls.call("rejected-caller", caller)) {
            IvrCall ivr = IvrCall.follow(server, uac, caller);
            String contact = ivr.contactId();
            CcpCallHarness.press(uac, caller, ivr, contact, "2"); // Support: both alice and bob serve it; alice waited longer
            alice.control("Reject");
            alice.click("Reject");
            alice.awaitText("state-name", "Missed call"::equals, "alice is Missed");
            alice.screenshot("20-missed", "contact");
            bob.control("Accept");
            assertEquals(contact, bob.js("return window.switchboardCcp.client.contact.id").asText());
            bob.click("Accept");
            bob.awaitText("contact-title", "On call"::equals, "bob talks to the caller");
            CcpCallHarness.awaitPageHears(bob, CALLER_HZ);
            bob.click("End call");
            bob.click("Close contact");
            assertEquals(0, uac.awaitResult(SIPP_LIMIT).exitCode());
            JsonNode record = contactRecord(contact);
            assertEquals("bob", record.path("Agent").path("Username").asText(), record.toString());
            List<String> aliceEvents = agentStates("alice");
            assertTrue(aliceEvents.stream().anyMatch(s -> s.endsWith("/MISSED")), "alice missed it: " + aliceEvents);
        }
    }

    @Test
    void aReloadMidCallKeepsTheCallerAndReconnectsTheAudio() throws Exception {
        try (CcpBrowser alice = calls.agentAvailable("alice", AGENT_HZ, false);
             RtpPeer caller = RtpPeer.open();
             Sipp.Running uac = calls.call("reloaded-caller", caller)) {
            IvrCall ivr = IvrCall.follow(server, uac, caller);
            String contact = ivr.contactId();
            CcpCallHarness.press(uac, caller, ivr, contact, "1");
            alice.click("Accept");
            alice.awaitText("contact-title", "On call"::equals, "alice talks to the caller");
            CcpCallHarness.awaitCallerHears(caller, AGENT_HZ);

            alice.refresh();
            // Same session cookie: the page reconnects, offers media again and gets the same contact back.
            alice.awaitText("contact-title", "On call"::equals, "the call is back after the reload");
            assertEquals(contact, alice.js("return window.switchboardCcp.client.contact.id").asText());
            CcpCallHarness.awaitPageHears(alice, CALLER_HZ);
            CcpCallHarness.awaitCallerHears(caller, AGENT_HZ);
            assertTrue(uac.messages().stream().noneMatch(m -> m.received() && m.text().startsWith("BYE ")),
                    "the caller was not hung up by the reload");
            alice.screenshot("30-after-reload", "contact");
            alice.click("End call");
            alice.click("Close contact");
            assertEquals(0, uac.awaitResult(SIPP_LIMIT).exitCode());
        }
    }

    @Test
    void closingTheBrowserLogsTheAgentOutAfterTheGracePeriod() throws Exception {
        CcpBrowser alice = calls.agentAvailable("alice", AGENT_HZ, false);
        alice.close();
        Await.until("alice logged out after the " + GRACE_SECONDS + " s grace", Duration.ofSeconds(GRACE_SECONDS + 15),
                () -> {
                    try {
                        List<JsonNode> events = agentEvents("alice");
                        return !events.isEmpty() && events.get(events.size() - 1).path("EventType").asText()
                                .equals("LOGOUT");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    // ---- one accepted call, with or without relay-only media ----

    private void acceptedCall(boolean relay, String shots) throws Exception {
        try (CcpBrowser alice = calls.agentAvailable("alice", AGENT_HZ, relay);
             RtpPeer caller = RtpPeer.open();
             Sipp.Running uac = calls.call(shots + "caller", caller)) {
            IvrCall ivr = IvrCall.follow(server, uac, caller);
            String contact = ivr.contactId();
            CcpCallHarness.press(uac, caller, ivr, contact, "1");

            alice.control("Accept");
            alice.awaitText("state-name", "Incoming call"::equals, "the panel rings");
            assertEquals("Sales", alice.text("contact-queue"));
            assertFalse(alice.text("caller-number").isBlank(), "the caller's number shows");
            alice.screenshot(shots + "10-ringing", "contact");
            alice.click("Accept");
            alice.awaitText("contact-title", "On call"::equals, "alice is on the call");
            CcpCallHarness.awaitPageHears(alice, CALLER_HZ);
            CcpCallHarness.awaitCallerHears(caller, AGENT_HZ);
            if (relay) {
                JsonNode pair = alice.jsAsync(SELECTED_PAIR);
                assertEquals("relay", pair.path("local").asText(), "media goes through TURN: " + pair);
            }
            alice.screenshot(shots + "11-on-call", "contact");

            alice.click("Mute");
            alice.control("Unmute");
            alice.click("Unmute");
            alice.control("Mute");

            alice.click("Hold");
            alice.control("Resume");
            alice.awaitText("state-name", "On hold"::equals, "alice holds the caller");
            caller.clearReceived();
            List<RtpPeer.Received> held = caller.await(p -> p.payloadType() == PCMU, 50, Duration.ofSeconds(3));
            assertTrue(held.size() >= 50, "the caller hears hold audio: " + held.size() + " packets");
            assertTrue(RtpPeer.toneShare(RtpPeer.decode(held, PCMU), AGENT_HZ) < 0.2,
                    "and not alice's microphone");
            alice.screenshot(shots + "12-on-hold", "contact");
            alice.click("Resume");
            alice.control("Hold");
            CcpCallHarness.awaitCallerHears(caller, AGENT_HZ);

            alice.click("End call");
            alice.control("Close contact");
            alice.awaitText("countdown", t -> t.startsWith("After call work"), "ACW shows with its countdown");
            alice.screenshot(shots + "13-after-contact-work", "contact");
            alice.click("Close contact");
            Await.until("the contact card goes", CcpBrowser.WAIT, CcpBrowser.probe(
                    () -> alice.js("return document.getElementById('contact').hidden").asBoolean()));
            Sipp.Result result = uac.awaitResult(SIPP_LIMIT);
            assertEquals(0, result.exitCode(), result.describe());

            JsonNode record = contactRecord(contact);
            assertEquals("alice", record.path("Agent").path("Username").asText(), record.toString());
            assertEquals("Sales", record.path("Queue").path("Name").asText(), record.toString());
            assertEquals("AGENT_DISCONNECT", record.path("DisconnectReason").asText(), record.toString());
            assertEquals(1, record.path("Agent").path("NumberOfHolds").asInt(), record.toString());
            List<String> states = agentStates("alice");
            for (String expected : List.of("/CONNECTING", "/CONNECTED", "/CONNECTED_ONHOLD", "/ENDED")) {
                assertTrue(states.stream().anyMatch(s -> s.endsWith(expected)), expected + " in " + states);
            }
        }
    }

    /** The selected candidate pair's local and remote candidate types, from getStats(). */
    static final String SELECTED_PAIR = """
            const done = arguments[arguments.length - 1];
            window.switchboardCcp.softphone.pc.getStats().then(stats => {
              let pair = null;
              stats.forEach(r => { if (r.type === 'transport' && r.selectedCandidatePairId) pair = stats.get(r.selectedCandidatePairId); });
              if (!pair) stats.forEach(r => { if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') pair = r; });
              done(pair ? { local: stats.get(pair.localCandidateId).candidateType,
                            remote: stats.get(pair.remoteCandidateId).candidateType } : null);
            });
            """;

    // ---- harness ----

    private String token(String username) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(server.http("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username
                        + "\",\"password\":\"demo-password\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        return json.readTree(login.body()).path("token").asText();
    }

    /** GET /api/contacts/{id} as sam, the supervisor (alice's own session is the browser's). */
    private JsonNode contactRecord(String contact) throws Exception {
        String token = token("sam");
        return Await.value("the CTR of " + contact, Duration.ofSeconds(15), () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.http("/api/contacts/" + contact))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode record = json.readTree(r.body());
                return r.statusCode() == 200 && !record.path("Agent").isMissingNode()
                        && !record.path("DisconnectReason").asText().isEmpty()
                        ? java.util.Optional.of(record) : java.util.Optional.empty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<JsonNode> agentEvents(String username) throws Exception {
        Path dir = server.dataDir().resolve("streams").resolve("agent-events");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(l -> !l.isBlank()).map(l -> {
                try {
                    return json.readTree(l);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(e -> e.path("CurrentAgentSnapshot").path("Configuration").path("Username").asText()
                    .equals(username)).toList();
        }
    }

    /** The agent's events as "Status/ContactState" (the contact state empty without a contact). */
    private List<String> agentStates(String username) throws Exception {
        return agentEvents(username).stream()
                .map(e -> e.path("CurrentAgentSnapshot").path("AgentStatus").path("Name").asText() + "/"
                        + e.path("CurrentAgentSnapshot").path("Contacts").path(0).path("State").asText(""))
                .toList();
    }
}
