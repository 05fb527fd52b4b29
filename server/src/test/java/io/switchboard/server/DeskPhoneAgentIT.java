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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller of the demo DID presses 1 (Sales) and talks to dana, the demo's desk-phone agent, whose phone is a
 * SIPp UAS on the demo trunk's destination: dana logs in and goes Available over the HTTP API, her phone rings
 * with the queue's caller ID, answers, both hear each other's tone through the bridge, and her hang-up ends
 * the contact; the contact's record and dana's agent events show it.
 */
class DeskPhoneAgentIT {

    private static final Duration SIPP_LIMIT = Duration.ofSeconds(60);
    private static final int PCMU = RtpPeer.PCMU;
    /** dana's phone: the demo trunk's outbound destination, moved to a free port. */
    private static final int PHONE_PORT = FreePorts.tcpAndUdp();
    @RegisterExtension
    static final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path yaml = instance.resolve("instance.yaml");
        String demo = Files.readString(yaml);
        String edited = demo.replace("address: \"127.0.0.1:5070\"", "address: \"127.0.0.1:" + PHONE_PORT + "\"");
        assertTrue(edited.contains(":" + PHONE_PORT + "\""), "the demo's trunk changed shape; update this test");
        Files.writeString(yaml, edited);
        return instance;
    });
    @TempDir
    static Path work;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private String loginAvailable(String username) throws Exception {
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(server.http("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username
                        + "\",\"password\":\"demo-password\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String token = json.readTree(login.body()).path("token").asText();
        HttpResponse<String> status = client.send(HttpRequest.newBuilder(server.http("/api/agent/status"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"Available\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode(), status.body());
        return token;
    }

    private List<JsonNode> lines(String stream) throws Exception {
        Path dir = server.dataDir().resolve("streams").resolve(stream);
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
            }).toList();
        }
    }

    /** A caller on the demo DID, its audio to and from {@code caller}. */
    private Sipp.Running callSales(String name, RtpPeer caller) throws Exception {
        return Sipp.scenarioFile(SippScenarios.path("transfer_caller.xml"))
                .name(name).target("127.0.0.1", server.sipPort())
                .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(caller.port())).traceMessages()
                .calls(1).timeout(SIPP_LIMIT).start(work);
    }

    /** Once the call is answered and the menu plays, the caller presses 1 for Sales. */
    private static void pressOneAtTheMenu(Sipp.Running uac, RtpPeer caller, IvrCall ivr, String contact)
            throws Exception {
        Sipp.Message answer = uac.awaitReceived(m -> m.startsWith("SIP/2.0 200") && m.contains("INVITE"),
                Duration.ofSeconds(10));
        caller.remote(new InetSocketAddress("127.0.0.1", answer.audioPort()));
        Await.until("the menu plays to the caller", Duration.ofSeconds(20),
                () -> ivr.flowLogCount(contact, "main-menu") > 0);
        caller.sendDtmfEvents("1", 101, PCMU);
    }

    @Test
    void aCallerWhoPressesOneTalksToDanasDeskPhoneUntilSheHangsUp() throws Exception {
        loginAvailable("dana");
        try (RtpPeer caller = RtpPeer.open(); RtpPeer phone = RtpPeer.open();
             Sipp.Running uas = phone(phone, Duration.ofSeconds(6));
             Sipp.Running uac = callSales("sales-caller", caller)) {
            IvrCall ivr = IvrCall.follow(server, uac, caller);
            String contact = ivr.contactId();
            pressOneAtTheMenu(uac, caller, ivr, contact);

            Sipp.Message invite = uas.awaitReceived(m -> m.startsWith("INVITE "), Duration.ofSeconds(20));
            assertEquals("INVITE sip:+15550199@127.0.0.1:" + PHONE_PORT + " SIP/2.0", invite.startLine());
            assertTrue(invite.header("From").contains("+15550100@"), "the Sales queue's caller ID: " + invite.text());
            phone.remote(new InetSocketAddress("127.0.0.1", invite.audioPort()));

            // Both talk at once; each hears the other's tone through the bridge.
            awaitBridge(caller, phone);
            phone.clearReceived();
            caller.clearReceived();
            Thread callerTalks = new Thread(() -> caller.sendTone(700, 8000, Duration.ofSeconds(1), PCMU), "caller");
            callerTalks.start();
            phone.sendTone(1100, 8000, Duration.ofSeconds(1), PCMU);
            callerTalks.join(5000);
            double danaHearsTheCaller = RtpPeer.toneShare(RtpPeer.decode(
                    phone.await(p -> p.payloadType() == PCMU, 40, Duration.ofSeconds(3)), PCMU), 700);
            double callerHearsDana = RtpPeer.toneShare(RtpPeer.decode(
                    caller.await(p -> p.payloadType() == PCMU, 40, Duration.ofSeconds(3)), PCMU), 1100);
            assertTrue(danaHearsTheCaller > 0.5, "dana hears the caller's 700 Hz: " + danaHearsTheCaller);
            assertTrue(callerHearsDana > 0.5, "the caller hears dana's 1100 Hz: " + callerHearsDana);

            Sipp.Result phoneResult = uas.awaitResult(SIPP_LIMIT);
            assertEquals(0, phoneResult.exitCode(), phoneResult.describe());
            Sipp.Result callerResult = uac.awaitResult(SIPP_LIMIT);
            assertEquals(0, callerResult.exitCode(), callerResult.describe());

            JsonNode record = Await.value("the contact's record", Duration.ofSeconds(10), () -> {
                try {
                    return lines("ctr").stream().filter(r -> r.path("ContactId").asText().equals(contact)).findFirst();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("AGENT_DISCONNECT", record.path("DisconnectReason").asText(), record.toString());
            assertEquals("Sales", record.path("Queue").path("Name").asText(), record.toString());
            List<String> danaStates = lines("agent-events").stream()
                    .filter(e -> e.path("CurrentAgentSnapshot").path("Configuration").path("Username").asText()
                            .equals("dana"))
                    .map(e -> e.path("CurrentAgentSnapshot").path("AgentStatus").path("Name").asText() + "/"
                            + e.path("CurrentAgentSnapshot").path("Contacts").path(0).path("State").asText(""))
                    .toList();
            assertTrue(danaStates.contains("Available/CONNECTING") || danaStates.stream().anyMatch(
                    s -> s.endsWith("/CONNECTING")), "offered: " + danaStates);
            assertTrue(danaStates.stream().anyMatch(s -> s.endsWith("/CONNECTED")), "connected: " + danaStates);
            assertTrue(danaStates.stream().anyMatch(s -> s.endsWith("/ENDED")), "after contact work: " + danaStates);
        }
    }

    /**
     * Waits until dana's phone hears the caller's 700 Hz through the bridge: the whispers come first, and their
     * audio on the phone is not the caller's.
     */
    private static void awaitBridge(RtpPeer caller, RtpPeer phone) {
        Await.until("the bridge is up", Duration.ofSeconds(10), () -> {
            phone.clearReceived();
            caller.sendTone(700, 8000, Duration.ofMillis(200), PCMU);
            List<RtpPeer.Received> heard = phone.await(p -> p.payloadType() == PCMU, 8, Duration.ofMillis(500));
            return !heard.isEmpty() && RtpPeer.toneShare(RtpPeer.decode(heard, PCMU), 700) > 0.5;
        });
    }

    /** The root-mean-square level of {@code samples}. */
    private static double rms(short[] samples) {
        double sum = 0;
        for (short v : samples) {
            sum += (double) v * v;
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }

    /** Whether some 200 ms of {@code packets} are mostly {@code hz}. */
    private static boolean someStretchOf(List<RtpPeer.Received> packets, double hz) {
        for (int i = 0; i + 10 <= packets.size(); i++) {
            if (RtpPeer.toneShare(RtpPeer.decode(packets.subList(i, i + 10), PCMU), hz) > 0.5) {
                return true;
            }
        }
        return false;
    }

    @Test
    void danasPhoneHearsTheAgentWhisperAndTheCallerTheBeepBeforeTheyAreBridged() throws Exception {
        loginAvailable("dana");
        try (RtpPeer caller = RtpPeer.open(); RtpPeer phone = RtpPeer.open();
             Sipp.Running uas = phone(phone, Duration.ofSeconds(8));
             Sipp.Running uac = callSales("whispered-caller", caller)) {
            IvrCall ivr = IvrCall.follow(server, uac, caller);
            String contact = ivr.contactId();
            pressOneAtTheMenu(uac, caller, ivr, contact);
            Sipp.Message invite = uas.awaitReceived(m -> m.startsWith("INVITE "), Duration.ofSeconds(20));
            phone.remote(new InetSocketAddress("127.0.0.1", invite.audioPort()));
            caller.clearReceived();

            // The caller is silent: what the phone hears now is the agent whisper, the queue's name spoken.
            List<RtpPeer.Received> whisper = phone.await(p -> p.payloadType() == PCMU, 25, Duration.ofSeconds(10));
            assertTrue(whisper.size() >= 25, "dana's phone hears the agent whisper: " + whisper.size() + " packets");
            double level = rms(RtpPeer.decode(whisper, PCMU));
            assertTrue(level > 200, "the whisper is speech, not silence: rms " + level);
            assertTrue(RtpPeer.toneShare(RtpPeer.decode(whisper, PCMU), 700) < 0.2, "not the caller's tone");

            awaitBridge(caller, phone);
            List<RtpPeer.Received> callerHeard = caller.received().stream().filter(p -> p.payloadType() == PCMU)
                    .toList();
            assertTrue(someStretchOf(callerHeard, 1000), "the caller heard the customer whisper's 1 kHz beep before "
                    + "the bridge (" + callerHeard.size() + " packets)");

            Sipp.Result phoneResult = uas.awaitResult(SIPP_LIMIT);
            assertEquals(0, phoneResult.exitCode(), phoneResult.describe());
            uac.awaitResult(SIPP_LIMIT);
            JsonNode record = Await.value("the contact's record", Duration.ofSeconds(10), () -> {
                try {
                    return lines("ctr").stream().filter(r -> r.path("ContactId").asText().equals(contact)).findFirst();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals("dana", record.path("Agent").path("Username").asText(), record.toString());
        }
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(server.http(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The share of 700 Hz in what {@code ear} hears while {@code mouth} sends a 700 Hz tone for a second. */
    private static double hears700(RtpPeer mouth, RtpPeer ear) throws Exception {
        ear.clearReceived();
        mouth.sendTone(700, 8000, Duration.ofSeconds(1), PCMU);
        List<RtpPeer.Received> heard = ear.await(p -> p.payloadType() == PCMU, 20, Duration.ofSeconds(2));
        return heard.isEmpty() ? 0 : RtpPeer.toneShare(RtpPeer.decode(heard, PCMU), 700);
    }

    @Test
    void danaHoldsAndResumesTheCallerOverTheApiAndTheRecordCountsTheHold() throws Exception {
        String token = loginAvailable("dana");
        try (RtpPeer caller = RtpPeer.open(); RtpPeer phone = RtpPeer.open();
             Sipp.Running uas = phone(phone, Duration.ofSeconds(14));
             Sipp.Running uac = callSales("held-caller", caller)) {
            IvrCall ivr = IvrCall.follow(server, uac, caller);
            String contact = ivr.contactId();
            pressOneAtTheMenu(uac, caller, ivr, contact);
            Sipp.Message invite = uas.awaitReceived(m -> m.startsWith("INVITE "), Duration.ofSeconds(20));
            phone.remote(new InetSocketAddress("127.0.0.1", invite.audioPort()));
            awaitBridge(caller, phone);

            HttpResponse<String> held = post("/api/agent/contact/hold", token);
            assertEquals(200, held.statusCode(), held.body());
            assertEquals("CONNECTED_ONHOLD", json.readTree(held.body()).path("Contacts").path(0).path("State").asText(),
                    held.body());
            assertEquals(409, post("/api/agent/contact/hold", token).statusCode(), "held already");
            caller.clearReceived();
            double whileHeld = hears700(caller, phone);
            assertTrue(whileHeld < 0.2, "dana does not hear the held caller: " + whileHeld);
            assertTrue(caller.await(p -> p.payloadType() == PCMU, 20, Duration.ofSeconds(2)).size() >= 20,
                    "the held caller hears the hold music");

            HttpResponse<String> resumed = post("/api/agent/contact/resume", token);
            assertEquals(200, resumed.statusCode(), resumed.body());
            Await.until("dana hears the caller again", Duration.ofSeconds(5), () -> {
                try {
                    return hears700(caller, phone) > 0.5;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            Sipp.Result phoneResult = uas.awaitResult(SIPP_LIMIT);
            assertEquals(0, phoneResult.exitCode(), phoneResult.describe());
            uac.awaitResult(SIPP_LIMIT);
            JsonNode record = Await.value("the contact's record", Duration.ofSeconds(10), () -> {
                try {
                    return lines("ctr").stream().filter(r -> r.path("ContactId").asText().equals(contact)).findFirst();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode agent = record.path("Agent");
            assertEquals("dana", agent.path("Username").asText(), record.toString());
            assertEquals(1, agent.path("NumberOfHolds").asInt(), record.toString());
            assertTrue(agent.path("CustomerHoldDuration").asLong() >= 1, record.toString());
            assertEquals(agent.path("CustomerHoldDuration"), agent.path("LongestHoldDuration"));
            assertTrue(agent.path("ConnectedToAgentTimestamp").isTextual(), record.toString());
            assertTrue(agent.path("AfterContactWorkStartTimestamp").isTextual(), record.toString());
            assertEquals(1, record.path("AgentConnectionAttempts").asInt(), record.toString());
        }
    }

    private static Sipp.Running phone(RtpPeer media, Duration stay) {
        Sipp.Running running = Sipp.scenarioFile(SippScenarios.path("third_party_answers.xml"))
                .name("dana-phone").localPort(PHONE_PORT).traceMessages()
                .args("-key", "rtp_port", Integer.toString(media.port())).calls(1).timeout(SIPP_LIMIT)
                .callDuration(stay).start(work);
        try {
            return running.awaitUdpBound(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }
}
