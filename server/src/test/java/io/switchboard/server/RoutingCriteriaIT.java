package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.PasswordHasher;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.Sipp;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Routing criteria on live calls: the flow asks for Spanish at level 4 or more for 3 seconds, then any agent of
 * the queue. rosa (Spanish 5) and tom (none) are desk-phone agents whose phones are one SIPp UAS on the trunk's
 * destination; both log in over the HTTP API. With rosa Available the call rings her phone at once, though tom
 * has been Available longer; with rosa in a custom status the call waits out the step and then rings tom's.
 */
class RoutingCriteriaIT {

    private static final Duration SIPP_LIMIT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(3);
    private static final String PASSWORD = "criteria-password";
    private static final String ROSA_PHONE = "+15550301";
    private static final String TOM_PHONE = "+15550302";
    private static final int PHONE_PORT = FreePorts.tcpAndUdp();

    @RegisterExtension
    static final PackagedServer server = PackagedServer.instance(RoutingCriteriaIT::writeInstance);
    @TempDir
    static Path work;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private static Path writeInstance(Path dir) throws IOException {
        Path instance = dir.resolve("criteria-instance");
        Files.createDirectories(instance.resolve("flows"));
        String hash = PasswordHasher.hash(PASSWORD.toCharArray(), 4);
        StringBuilder days = new StringBuilder();
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            days.append("      - { day: ").append(day).append(", start: \"00:00\", end: \"00:00\" }\n");
        }
        Files.writeString(instance.resolve("instance.yaml"), """
                phoneNumbers:
                  - { number: "+15550300", flow: spanish-first }
                trunks:
                  - name: phones
                    inbound: { allowedSources: ["127.0.0.1/32"] }
                    outbound:
                      destinations: [{ address: "127.0.0.1:%d", transport: udp }]
                    callerIdNumber: "+15550300"
                hoursOfOperation:
                  - name: always
                    timeZone: UTC
                    weekly:
                %squeues:
                  - { name: Help, hours: always, outboundCallerIdNumber: "+15550300" }
                routingProfiles:
                  - name: Help
                    queues: [{ queue: Help, priority: 1, delaySeconds: 0 }]
                    defaultOutboundQueue: Help
                agentStatuses:
                  - { name: Available, order: 1 }
                  - { name: Offline, order: 2 }
                  - { name: Training, order: 3 }
                securityProfiles:
                  - { name: Agent, permissions: [BasicAgentAccess] }
                predefinedAttributes:
                  - { name: Language, values: [Spanish] }
                users:
                  - { username: rosa, firstName: Rosa, lastName: Ruiz, passwordHash: "%s", securityProfiles: [Agent],
                      routingProfile: Help, phoneType: desk, deskPhoneNumber: "%s", deskPhoneTrunk: phones,
                      autoAccept: true, afterContactWorkTimeoutSeconds: 1,
                      proficiencies: [{ attributeName: Language, attributeValue: Spanish, level: 5 }] }
                  - { username: tom, firstName: Tom, lastName: Tate, passwordHash: "%s", securityProfiles: [Agent],
                      routingProfile: Help, phoneType: desk, deskPhoneNumber: "%s", deskPhoneTrunk: phones,
                      autoAccept: true, afterContactWorkTimeoutSeconds: 1 }
                """.formatted(PHONE_PORT, days, hash, ROSA_PHONE, hash, TOM_PHONE));
        Files.writeString(instance.resolve("flows").resolve("spanish-first.json"), """
                {
                  "Version": "2019-10-30",
                  "StartAction": "spanish-first",
                  "Actions": [
                    {
                      "Identifier": "spanish-first",
                      "Type": "UpdateRoutingCriteria",
                      "Parameters": { "RoutingCriteria": { "Steps": [ {
                        "Expression": { "AttributeCondition": { "Name": "Language", "Value": "Spanish",
                          "ProficiencyLevel": 4, "ComparisonOperator": "NumberGreaterOrEqualTo" } },
                        "Expiry": { "DurationInSeconds": %d } } ] } },
                      "Transitions": { "NextAction": "queue",
                        "Errors": [{ "NextAction": "bye", "ErrorType": "NoMatchingError" }] }
                    },
                    {
                      "Identifier": "queue",
                      "Type": "UpdateContactTargetQueue",
                      "Parameters": { "QueueId": "Help" },
                      "Transitions": { "NextAction": "transfer",
                        "Errors": [{ "NextAction": "bye", "ErrorType": "NoMatchingError" }] }
                    },
                    {
                      "Identifier": "transfer",
                      "Type": "TransferContactToQueue",
                      "Parameters": {},
                      "Transitions": { "NextAction": "bye",
                        "Errors": [{ "NextAction": "bye", "ErrorType": "QueueAtCapacity" },
                                   { "NextAction": "bye", "ErrorType": "NoMatchingError" }] }
                    },
                    { "Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {} }
                  ]
                }
                """.formatted(STEP.toSeconds()));
        return instance;
    }

    /** Logs {@code username} in, sets {@code status}, and waits until no contact of an earlier test is left. */
    private String loginWith(String username, String status) throws Exception {
        String token = server.login(username, PASSWORD);
        HttpResponse<String> set = client.send(HttpRequest.newBuilder(server.http("/api/agent/status"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, set.statusCode(), set.body());
        Await.until(username + " is " + status + " with no contact", Duration.ofSeconds(10), () -> {
            JsonNode agent = snapshot(token);
            return agent.path("AgentStatus").path("Name").asText().equals(status)
                    && agent.path("Contacts").isEmpty();
        });
        return token;
    }

    private JsonNode snapshot(String token) {
        try {
            HttpResponse<String> agent = client.send(HttpRequest.newBuilder(server.http("/api/agent"))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, agent.statusCode(), agent.body());
            return json.readTree(agent.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Sipp.Running phones() {
        Sipp.Running running = Sipp.scenarioFile(SippScenarios.path("third_party_answers.xml"))
                .name("desk-phones").localPort(PHONE_PORT).traceMessages()
                .args("-key", "rtp_port", Integer.toString(FreePorts.tcpAndUdp())).calls(1).timeout(SIPP_LIMIT)
                .callDuration(Duration.ofSeconds(3)).start(work);
        try {
            return running.awaitUdpBound(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    private static Sipp.Running caller(String name) {
        return Sipp.scenarioFile(SippScenarios.path("transfer_caller.xml"))
                .name(name).target("127.0.0.1", server.sipPort())
                .args("-s", "+15550300", "-key", "rtp_port", Integer.toString(FreePorts.tcpAndUdp())).traceMessages()
                .calls(1).timeout(SIPP_LIMIT).start(work);
    }

    /** The last record written of a contact that started after {@code after} (this test's call). */
    private JsonNode awaitRecordFor(String agent, Instant after) {
        return Await.value("the call's record, answered by " + agent, Duration.ofSeconds(15), () -> {
            Path dir = server.dataDir().resolve("streams").resolve("ctr");
            if (!Files.isDirectory(dir)) {
                return Optional.empty();
            }
            try (Stream<Path> files = Files.list(dir)) {
                JsonNode last = null;
                for (Path file : files.sorted().toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (line.isBlank()) {
                            continue;
                        }
                        JsonNode r = json.readTree(line);
                        if (!Instant.parse(r.path("InitiationTimestamp").asText()).isBefore(after.minusSeconds(1))) {
                            last = r;
                        }
                    }
                }
                return Optional.ofNullable(last);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void theProficientAgentGetsTheCallWhileTheStepLastsThoughAnotherWaitedLonger() throws Exception {
        loginWith("tom", "Available");
        loginWith("rosa", "Available");
        Instant start = Instant.now();
        try (Sipp.Running phones = phones(); Sipp.Running uac = caller("spanish-caller")) {
            Sipp.Message invite = phones.awaitReceived(m -> m.startsWith("INVITE "), Duration.ofSeconds(20));
            assertTrue(invite.startLine().startsWith("INVITE sip:" + ROSA_PHONE + "@"),
                    "rosa's phone rings, not tom's: " + invite.startLine() + "\n" + server.process().output());
            assertEquals(0, phones.awaitResult(SIPP_LIMIT).exitCode());
            assertEquals(0, uac.awaitResult(SIPP_LIMIT).exitCode());
        }
        JsonNode record = awaitRecordFor("rosa", start);
        assertEquals("rosa", record.path("Agent").path("Username").asText(), record + "\n" + server.process().output());
        assertEquals("Help", record.path("Queue").path("Name").asText(), record.toString());
    }

    @Test
    void whenTheProficientAgentIsInAnotherStatusTheCallWaitsOutTheStepThenGoesToAnyAgent() throws Exception {
        String tom = loginWith("tom", "Available");
        loginWith("rosa", "Training");
        Instant start = Instant.now();
        try (Sipp.Running phones = phones(); Sipp.Running uac = caller("waiting-caller")) {
            uac.awaitReceived(m -> m.startsWith("SIP/2.0 200") && m.contains("INVITE"), Duration.ofSeconds(10));
            long answered = System.nanoTime();
            // While the step lasts, tom is not offered the contact: his snapshot shows none until it expires (the
            // margin allows for reading the caller's trace late).
            Await.until("tom is offered the contact", STEP.plusSeconds(10),
                    () -> !snapshot(tom).path("Contacts").isEmpty());
            Duration waited = Duration.ofNanos(System.nanoTime() - answered);
            assertTrue(waited.compareTo(STEP.minusSeconds(1)) >= 0,
                    "tom was offered the contact only once the Spanish step expired, after " + waited.toMillis()
                            + " ms\n" + server.process().output());
            Sipp.Message invite = phones.awaitReceived(m -> m.startsWith("INVITE "), Duration.ofSeconds(10));
            assertTrue(invite.startLine().startsWith("INVITE sip:" + TOM_PHONE + "@"), invite.startLine());
            assertEquals(0, phones.awaitResult(SIPP_LIMIT).exitCode());
            assertEquals(0, uac.awaitResult(SIPP_LIMIT).exitCode());
        }
        JsonNode record = awaitRecordFor("tom", start);
        assertEquals("tom", record.path("Agent").path("Username").asText(), record + "\n" + server.process().output());
        Duration queued = Duration.between(Instant.parse(record.path("Queue").path("EnqueueTimestamp").asText()),
                Instant.parse(record.path("Queue").path("DequeueTimestamp").asText()));
        assertTrue(queued.toSeconds() >= STEP.toSeconds() - 1, "waited in queue through the step: " + record);
    }
}
