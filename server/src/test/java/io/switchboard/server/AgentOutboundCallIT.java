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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A desk-phone agent's outbound call on the packaged demo server, with SIPp on both ends: dana asks for
 * {@code POST /api/agent/outbound}; her desk phone (a SIPp UAS behind a trunk of its own) rings first and
 * answers; then the customer (a SIPp UAS behind the demo trunk) gets an INVITE from the Sales caller ID and
 * answers; each side hears the other's tone; the customer's hang-up hangs up dana's phone, and the record says
 * OUTBOUND with dana as the agent and Sales as the queue.
 */
class AgentOutboundCallIT {
    private static final double DANA_HZ = 1000;
    private static final double CUSTOMER_HZ = 600;
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
    void danasPhoneRingsFirstThenTheCustomerAnswersTheyHearEachOtherAndTheRecordSaysOutbound() throws Exception {
        String dana = login("dana");
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(server.http("/api/agent/status"))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + dana).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"Available\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(status.statusCode() / 100 == 2, status.body());
        try (RtpPeer phone = RtpPeer.open(); RtpPeer customer = RtpPeer.open();
             Sipp.Running danasPhone = uas("third_party_stays.xml", "dana-phone", PHONE_PORT, phone, Duration.ZERO);
             Sipp.Running customerUas = uas("third_party_answers.xml", "customer", CUSTOMER_PORT, customer,
                     Duration.ofSeconds(12))) {
            HttpResponse<String> placed = http.send(HttpRequest.newBuilder(server.http("/api/agent/outbound"))
                    .timeout(TIMEOUT).header("Authorization", "Bearer " + dana)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"number\":\"+15550142000\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, placed.statusCode(), placed.body());
            String contact = json.readTree(placed.body()).path("ContactId").asText();

            Sipp.Message ring = danasPhone.awaitReceived(m -> m.startsWith("INVITE "), TIMEOUT);
            assertTrue(ring.startLine().contains("+15550199"), "dana's desk phone first: " + ring.startLine());
            Sipp.Message invite;
            try {
                invite = customerUas.awaitReceived(m -> m.startsWith("INVITE "), TIMEOUT);
            } catch (AssertionError e) {
                String log = server.process().output();
                throw new AssertionError("the customer was not dialled; dana's phone saw " + danasPhone.messages()
                        + "\nserver: " + log.substring(Math.max(0, log.length() - 4000)), e);
            }
            assertTrue(invite.startLine().contains("+15550142000"), invite.startLine());
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
            assertEquals(0, phoneDone.exitCode(), "the customer's hang-up hangs up dana's phone: "
                    + phoneDone.describe());

            JsonNode record = contactRecord(contact);
            assertEquals("OUTBOUND", record.path("InitiationMethod").asText(), record.toString());
            assertEquals("dana", record.path("Agent").path("Username").asText(), record.toString());
            assertEquals("+15550142000", record.path("CustomerEndpoint").path("Address").asText(), record.toString());
            assertEquals("+15550100", record.path("SystemEndpoint").path("Address").asText(), record.toString());
            assertEquals("CUSTOMER_DISCONNECT", record.path("DisconnectReason").asText(), record.toString());
            assertEquals("Sales", record.path("Queue").path("Name").asText(), record.toString());
            assertEquals(0, record.path("Queue").path("Duration").asInt(-1), record.toString());
        }
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

    private String login(String username) {
        return server.login(username, "demo-password");
    }

    /** The CTR once written, through the API as sam, the supervisor. */
    private JsonNode contactRecord(String contact) throws Exception {
        String token = login("sam");
        return Await.value("the CTR of " + contact, TIMEOUT, () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.http("/api/contacts/" + contact))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? Optional.of(json.readTree(r.body())) : Optional.empty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
