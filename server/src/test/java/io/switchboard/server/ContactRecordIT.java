package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contact trace record of a real call on the packaged jar: SIPp calls +15550100, presses 2 (queue
 * Support) and hangs up; the record is a line of {@code streams/ctr/YYYY-MM-DD.jsonl} with Amazon Connect's
 * fields, and {@code GET /api/contacts/{id}} answers it to a logged-in user.
 */
class ContactRecordIT {
    private static final int PCMU = RtpPeer.PCMU;
    private static final int TELEPHONE_EVENT = 101;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PackagedServer server = PackagedServer.demo();
    @TempDir
    static Path work;

    private static Optional<JsonNode> recordLine(String contact) {
        Path dir = server.dataDir().resolve("streams/ctr");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode node = JSON.readTree(line);
                    if (node.path("ContactId").asText().equals(contact)) {
                        return Optional.of(node);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Optional.empty();
    }

    @Test
    void pressingTwoAndHangingUpWritesTheRecordAndTheApiAnswersIt() throws Exception {
        String name = "ctr-press-2";
        Duration stay = Duration.ofSeconds(10);
        try (RtpPeer peer = RtpPeer.open();
             Sipp.Running sipp = Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml"))
                     .name(name).target("127.0.0.1", server.sipPort())
                     .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(peer.port()))
                     .args("-trace_msg", "-message_file", IvrCall.messageLog(work, name).toString())
                     .calls(1).callDuration(stay).timeout(stay.plusSeconds(20)).start(work)) {
            IvrCall ivr = IvrCall.follow(server, sipp, peer);
            List<RtpPeer.Received> heard = peer.await(p -> p.payloadType() == PCMU, 10, Duration.ofSeconds(5));
            assertTrue(heard.size() >= 10, "no prompt audio");
            String contact = ivr.contactId();
            ivr.awaitFlowLog(contact, "welcome", TIMEOUT);
            peer.remote(heard.get(0).from());
            peer.sendDtmfEvents("2", TELEPHONE_EVENT, PCMU);
            IvrCall.awaitQueued(server, "Support", Duration.ofSeconds(5));

            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), result.describe());

            JsonNode ctr = Await.value("the CTR of " + contact + " in streams/ctr", TIMEOUT, () -> recordLine(contact));
            assertEquals("2017-03-10", ctr.get("AWSContactTraceRecordFormatVersion").asText());
            assertEquals("VOICE", ctr.get("Channel").asText());
            assertEquals("INBOUND", ctr.get("InitiationMethod").asText());
            assertEquals("CUSTOMER_DISCONNECT", ctr.get("DisconnectReason").asText());
            assertEquals("+15550100", ctr.get("SystemEndpoint").get("Address").asText());
            assertEquals("TELEPHONE_NUMBER", ctr.get("CustomerEndpoint").get("Type").asText());
            assertEquals("Support", ctr.get("Queue").get("Name").asText());
            assertTrue(ctr.get("Queue").get("Duration").isIntegralNumber());
            Instant initiated = Instant.parse(ctr.get("InitiationTimestamp").asText());
            Instant ended = Instant.parse(ctr.get("DisconnectTimestamp").asText());
            assertEquals(0, ended.getNano(), "whole seconds");
            assertTrue(!ended.isBefore(initiated) && Duration.between(initiated, ended).toSeconds() <= 30,
                    initiated + " .. " + ended);
            String day = ctr.get("DisconnectTimestamp").asText().substring(0, 10);
            assertTrue(Files.exists(server.dataDir().resolve("streams/ctr/" + day + ".jsonl")), "named by the UTC day");

            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            URI url = server.http("/api/contacts/" + contact);
            assertEquals(401, client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "only for logged-in users");
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(server.http("/api/login"))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"demo-password\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String token = JSON.readTree(login.body()).path("token").asText();
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(ctr, JSON.readTree(answer.body()), "the API answers the written record");

            HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(
                    server.http("/api/contacts/00000000-0000-0000-0000-000000000001")).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknown.statusCode());
            assertTrue(JSON.readTree(unknown.body()).has("error"), "a JSON error: " + unknown.body());

            HttpResponse<String> search = client.send(HttpRequest.newBuilder(server.http("/api/contacts?from="
                    + initiated + "&to=" + ended.plusSeconds(1))).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, search.statusCode(), search.body());
            assertTrue(search.body().contains(contact), search.body());
        }
    }
}
