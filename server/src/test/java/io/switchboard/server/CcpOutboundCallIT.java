package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.FreePorts;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outbound call from the CCP in headless Chromium on the packaged demo server: alice types a national
 * number on her softphone panel and presses Call; the customer (a SIPp UAS behind the demo trunk) gets an
 * INVITE for the E.164 number from the Sales caller ID, answers, and each side hears the other's tone; the
 * customer's hang-up puts alice in After Contact Work, and the record says OUTBOUND. Screenshots go to
 * target/ccp-screenshots/.
 */
class CcpOutboundCallIT {
    private static final double AGENT_HZ = 1000;
    private static final double CUSTOMER_HZ = 600;
    private static final Duration SIPP_LIMIT = Duration.ofSeconds(90);
    /** The customer: the demo trunk's outbound destination, moved to a free port. */
    private static final int CUSTOMER_PORT = FreePorts.tcpAndUdp();

    @RegisterExtension
    static final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path yaml = instance.resolve("instance.yaml");
        String edited = Files.readString(yaml).replace("address: \"127.0.0.1:5070\"",
                "address: \"127.0.0.1:" + CUSTOMER_PORT + "\"");
        assertTrue(edited.contains(":" + CUSTOMER_PORT + "\""), "the demo's trunk changed shape; update this test");
        Files.writeString(yaml, edited);
        return instance;
    });
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
    void aliceDialsANationalNumberTheCustomerAnswersTheyHearEachOtherAndTheRecordSaysOutbound() throws Exception {
        try (CcpBrowser alice = calls.agentAvailable("alice", AGENT_HZ, false);
             RtpPeer customer = RtpPeer.open();
             Sipp.Running uas = customer(customer, Duration.ofSeconds(25))) {
            alice.type("Phone number", "(555) 014-2000");
            alice.awaitText("phone-hint", "Calls +15550142000"::equals, "the page reads it as a US number");
            alice.click("Call");

            Sipp.Message invite = uas.awaitReceived(m -> m.startsWith("INVITE "), Duration.ofSeconds(20));
            assertTrue(invite.startLine().contains("+15550142000"), invite.startLine());
            assertTrue(invite.header("From").contains("+15550100"), "Sales' caller ID: " + invite.header("From"));
            String contact = alice.js("return window.switchboardCcp.client.contact.id").asText();
            customer.remote(new InetSocketAddress("127.0.0.1", invite.audioPort()));
            Thread talking = new Thread(() -> customer.sendTone(CUSTOMER_HZ, 8000, Duration.ofSeconds(40),
                    RtpPeer.PCMU), "customer-tone");
            talking.setDaemon(true);
            talking.start();

            alice.awaitText("contact-title", "On call"::equals, "alice talks to the customer");
            assertEquals("+15550142000", alice.text("caller-number"));
            assertEquals("Customer", alice.text("caller-label"), "whom she dialled is the customer, not a caller");
            CcpCallHarness.awaitPageHears(alice, CUSTOMER_HZ);
            CcpCallHarness.awaitCallerHears(customer, AGENT_HZ);
            alice.screenshot("40-outbound-on-call", "contact");

            Sipp.Result result = uas.awaitResult(SIPP_LIMIT);
            assertEquals(0, result.exitCode(), result.describe());
            alice.awaitText("countdown", t -> t.startsWith("After call work"), "the customer's hang-up: ACW");
            alice.click("Close contact");
            Await.until("the contact card goes", CcpBrowser.WAIT, CcpBrowser.probe(
                    () -> alice.js("return document.getElementById('contact').hidden").asBoolean()));

            JsonNode record = contactRecord(contact);
            assertEquals("OUTBOUND", record.path("InitiationMethod").asText(), record.toString());
            assertEquals("alice", record.path("Agent").path("Username").asText(), record.toString());
            assertEquals("+15550142000", record.path("CustomerEndpoint").path("Address").asText(), record.toString());
            assertEquals("+15550100", record.path("SystemEndpoint").path("Address").asText(), record.toString());
            assertEquals("CUSTOMER_DISCONNECT", record.path("DisconnectReason").asText(), record.toString());
        }
    }

    /** The customer behind the trunk: answers with {@code media} as its RTP, hangs up after {@code stay}. */
    private static Sipp.Running customer(RtpPeer media, Duration stay) {
        Sipp.Running running = Sipp.scenarioFile(SippScenarios.path("third_party_answers.xml"))
                .name("customer").localPort(CUSTOMER_PORT).traceMessages()
                .args("-key", "rtp_port", Integer.toString(media.port())).calls(1).timeout(SIPP_LIMIT)
                .callDuration(stay).start(work);
        try {
            return running.awaitUdpBound(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    /** GET /api/contacts/{id} as sam, the supervisor (alice's own session is the browser's). */
    private JsonNode contactRecord(String contact) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(server.http("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"sam\",\"password\":\"demo-password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String token = json.readTree(login.body()).path("token").asText();
        return Await.value("the CTR of " + contact, Duration.ofSeconds(15), () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.http("/api/contacts/" + contact))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode record = json.readTree(r.body());
                return r.statusCode() == 200 && !record.path("DisconnectReason").asText().isEmpty()
                        ? java.util.Optional.of(record) : java.util.Optional.empty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
