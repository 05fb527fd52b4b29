package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queued callback on the packaged demo server, with SIPp on every end: a caller (SIPp UAC) rings the demo
 * callback line +15550102 while no agent is free; its queue flow turns them into a callback and hangs up. Then
 * dana becomes Available: her desk phone (a SIPp UAS behind a trunk of its own) rings and answers, the caller's
 * number is dialled back through the demo trunk (a SIPp UAS) from the Sales caller ID, each side hears the
 * other's tone, and the records say CALLBACK after the INBOUND call, linked both ways, with the caller's enqueue
 * time kept.
 */
class QueuedCallbackIT {
    private static final double DANA_HZ = 1000;
    private static final double CUSTOMER_HZ = 600;
    private static final String CALLER = "+15557654321";
    private static final Duration SIPP_LIMIT = Duration.ofSeconds(90);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int CUSTOMER_PORT = FreePorts.tcpAndUdp();
    private static final int PHONE_PORT = FreePorts.tcpAndUdp();

    /** The demo instance with the trunk's destination on the customer's port, and dana's phone on a trunk of its own. */
    @RegisterExtension
    static final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path yaml = instance.resolve("instance.yaml");
        String demo = Files.readString(yaml);
        String edited = demo.replace("address: \"127.0.0.1:5070\"", "address: \"127.0.0.1:" + CUSTOMER_PORT + "\"")
                .replace("    deskPhoneTrunk: demo-trunk\n", "    deskPhoneTrunk: desk-phones\n")
                .replace("\nhoursOfOperation:", "\n  - name: desk-phones\n    outbound:\n      destinations:\n"
                        + "        - address: \"127.0.0.1:" + PHONE_PORT + "\"\n          transport: udp\n\nhoursOfOperation:");
        assertTrue(edited.contains(":" + CUSTOMER_PORT + "\"") && edited.contains("deskPhoneTrunk: desk-phones")
                && edited.contains("127.0.0.1:" + PHONE_PORT), "the demo instance changed shape; update this test");
        Files.writeString(yaml, edited);
        return instance;
    });
    @TempDir
    static Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aCallerWhoAsksForACallbackIsDialledBackOnceDanaIsFreeAndTheRecordsLinkUp() throws Exception {
        String dana = server.login("dana", "demo-password");
        try (RtpPeer callerMedia = RtpPeer.open(); RtpPeer phone = RtpPeer.open(); RtpPeer customer = RtpPeer.open();
             Sipp.Running danasPhone = uas("third_party_stays.xml", "dana-phone", PHONE_PORT, phone, Duration.ZERO);
             Sipp.Running customerUas = uas("third_party_answers.xml", "customer", CUSTOMER_PORT, customer,
                     Duration.ofSeconds(12))) {
            try (Sipp.Running caller = Sipp.scenarioFile(SippScenarios.path("caller_hung_up_by_server.xml"))
                    .name("caller").target("127.0.0.1", server.sipPort()).args("-s", "+15550102").traceMessages()
                    .args("-key", "rtp_port", Integer.toString(callerMedia.port())).calls(1).timeout(SIPP_LIMIT)
                    .start(work)) {
                Sipp.Result letGo = caller.awaitResult(SIPP_LIMIT);
                assertEquals(0, letGo.exitCode(), "the server hangs up once the callback is made: " + letGo.describe()
                        + "\nserver: " + tail());
            }
            setStatus(dana, "Available");

            Sipp.Message ring = danasPhone.awaitReceived(m -> m.startsWith("INVITE "), TIMEOUT);
            assertTrue(ring.startLine().contains("+15550199"), "dana's desk phone first: " + ring.startLine());
            Sipp.Message invite;
            try {
                invite = customerUas.awaitReceived(m -> m.startsWith("INVITE "), TIMEOUT);
            } catch (AssertionError e) {
                throw new AssertionError("the caller was not dialled back; dana's phone saw " + danasPhone.messages()
                        + "\nserver: " + tail(), e);
            }
            assertTrue(invite.startLine().contains(CALLER), "the caller's own number: " + invite.startLine());
            assertTrue(invite.header("From").contains("+15550100"), "Sales' caller ID: " + invite.header("From"));

            phone.remote(new InetSocketAddress("127.0.0.1", ring.audioPort()));
            customer.remote(new InetSocketAddress("127.0.0.1", invite.audioPort()));
            tone(phone, DANA_HZ, "dana-tone");
            tone(customer, CUSTOMER_HZ, "customer-tone");
            CcpCallHarness.awaitCallerHears(customer, DANA_HZ);
            CcpCallHarness.awaitCallerHears(phone, CUSTOMER_HZ);

            Sipp.Result hungUp = customerUas.awaitResult(SIPP_LIMIT);
            assertEquals(0, hungUp.exitCode(), hungUp.describe());
            Sipp.Result phoneDone = danasPhone.awaitResult(SIPP_LIMIT);
            assertEquals(0, phoneDone.exitCode(), "the customer's hang-up hangs up dana's phone: " + phoneDone.describe());

            JsonNode callback = record("CALLBACK");
            JsonNode inbound = record("INBOUND");
            assertEquals(inbound.path("ContactId").asText(), callback.path("PreviousContactId").asText(), callback.toString());
            assertEquals(callback.path("ContactId").asText(), inbound.path("NextContactId").asText(), inbound.toString());
            assertEquals(CALLER, callback.path("CustomerEndpoint").path("Address").asText(), callback.toString());
            assertEquals("dana", callback.path("Agent").path("Username").asText(), callback.toString());
            assertEquals("Sales", callback.path("Queue").path("Name").asText(), callback.toString());
            assertEquals(inbound.path("Queue").path("EnqueueTimestamp"), callback.path("Queue").path("EnqueueTimestamp"),
                    "the callback keeps the caller's place: " + callback);
            assertEquals(1, callback.path("AgentConnectionAttempts").asInt(), callback.toString());
            assertEquals("CUSTOMER_DISCONNECT", callback.path("DisconnectReason").asText(), callback.toString());
        }
    }

    @Test
    void theApiCreatesCallbacksForLoggedInUsersAndRefusesBadRequests() throws Exception {
        String sam = server.login("sam", "demo-password");
        assertEquals(401, postCallback(null, "{\"queue\":\"Sales\",\"number\":\"+15550142\"}").statusCode());
        assertEquals(400, postCallback(sam, "{\"queue\":\"Sales\",\"number\":\"call me\"}").statusCode());
        assertEquals(400, postCallback(sam, "{\"queue\":\"Nowhere\",\"number\":\"+15550142\"}").statusCode());
        assertEquals(400, postCallback(sam, "{\"queue\":\"Sales\",\"number\":\"+15550142\","
                + "\"maximumConnectionAttempts\":0}").statusCode());
        // Routed only in ten minutes: nothing is dialled while the other scenario runs.
        HttpResponse<String> created = postCallback(sam, "{\"queue\":\"Sales\",\"number\":\"+15550142\","
                + "\"initialCallDelaySeconds\":600,\"maximumConnectionAttempts\":2,\"retryDelaySeconds\":120}");
        assertEquals(200, created.statusCode(), created.body());
        assertTrue(json.readTree(created.body()).path("ContactId").asText().matches("[0-9a-f-]{36}"), created.body());
    }

    private HttpResponse<String> postCallback(String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.http("/api/callbacks")).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String tail() {
        String log = server.process().output();
        return log.substring(Math.max(0, log.length() - 4000));
    }

    private void setStatus(String token, String status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.http("/api/agent/status"))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, r.body());
    }

    private static void tone(RtpPeer peer, double hz, String name) {
        Thread sender = new Thread(() -> peer.sendTone(hz, 8000, Duration.ofSeconds(40), RtpPeer.PCMU), name);
        sender.setDaemon(true);
        sender.start();
    }

    private static Sipp.Running uas(String scenario, String name, int port, RtpPeer media, Duration stay) {
        Sipp.Running running = Sipp.scenarioFile(SippScenarios.path(scenario)).name(name).localPort(port)
                .traceMessages().args("-key", "rtp_port", Integer.toString(media.port())).calls(1)
                .timeout(SIPP_LIMIT).callDuration(stay).start(work);
        try {
            return running.awaitUdpBound(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    /** The one record with {@code method}, once written, through the API as sam, the supervisor. */
    private JsonNode record(String method) throws Exception {
        String token = server.login("sam", "demo-password");
        return Await.value("the " + method + " record", TIMEOUT, () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        server.http("/api/contacts?from=2000-01-01T00:00:00Z"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return Optional.empty();
                }
                return StreamSupport.stream(json.readTree(r.body()).path("ContactTraceRecords").spliterator(), false)
                        .filter(c -> c.path("InitiationMethod").asText().equals(method))
                        .filter(c -> !c.path("Agent").isMissingNode() || !method.equals("CALLBACK")).findFirst();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
