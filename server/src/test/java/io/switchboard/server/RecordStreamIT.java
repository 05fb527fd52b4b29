package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record stream over the packaged server (docs/http-api.md): the supervisor sam subscribes to both
 * streams; alice's login arrives as an agent event and a SIPp call's trace record as it is written to
 * {@code streams/ctr}; a second socket catching up from before both gets them again, then goes live; an agent
 * without the permissions is refused, and malformed commands get their errors.
 */
class RecordStreamIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final PackagedServer server = PackagedServer.demo();
    @TempDir
    Path work;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** A stream client: the messages it received, in order. */
    private static final class Feed implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;
        long lastSeq;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        /** The next message that matches, skipping others; numbered messages must come without a gap. */
        JsonNode next(String what, Predicate<JsonNode> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode message = messages.poll(100, TimeUnit.MILLISECONDS);
                if (message == null) {
                    continue;
                }
                if (message.has("seq")) {
                    assertEquals(lastSeq + 1, message.get("seq").asLong(), "no gap: " + message);
                    lastSeq = message.get("seq").asLong();
                }
                if (wanted.test(message)) {
                    return message;
                }
            }
            throw new AssertionError("no " + what + " within " + TIMEOUT);
        }

        JsonNode next(String type) throws InterruptedException {
            return next(type, m -> m.path("type").asText().equals(type));
        }
    }

    private String login(String username) {
        return server.login(username, "demo-password");
    }

    private Feed open(String token) throws InterruptedException {
        Feed feed = new Feed();
        URI url = URI.create(server.http("/api/records/ws").toString().replaceFirst("^http", "ws"));
        feed.socket = client.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .subprotocols("switchboard.records.v1", "bearer." + token).buildAsync(url, feed).join();
        JsonNode hello = feed.next("hello");
        assertEquals(List.of("ContactTraceRecords", "AgentEvents"),
                JSON.convertValue(hello.get("streams"), List.class));
        return feed;
    }

    private static boolean agentEvent(JsonNode m, String type, String username) {
        return m.path("type").asText().equals("AgentEvent") && m.path("event").path("EventType").asText().equals(type)
                && m.path("event").path("CurrentAgentSnapshot").path("Configuration").path("Username").asText()
                        .equals(username);
    }

    @Test
    void aSupervisorSeesAgentEventsAndTraceRecordsLiveAndCatchesUpOnANewSocket() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        Feed sam = open(login("sam"));
        sam.send("{\"type\":\"subscribe\",\"streams\":[\"ContactTraceRecords\",\"AgentEvents\"]}");
        JsonNode subscribed = sam.next("subscribed");
        assertTrue(subscribed.get("since").isNull(), subscribed.toString());

        String aliceToken = login("alice");
        JsonNode aliceLogin = sam.next("alice's LOGIN agent event", m -> agentEvent(m, "LOGIN", "alice"));
        assertEquals("2017-10-01", aliceLogin.path("event").path("Version").asText());

        String contact = callAndHangUp();
        JsonNode record = sam.next("the record of " + contact, m -> m.path("type").asText().equals("ContactTraceRecord")
                && m.path("record").path("ContactId").asText().equals(contact));
        assertEquals(writtenRecord(contact), record.get("record"), "the stream carries the line written to streams/ctr");

        Feed later = open(login("admin"));
        later.send("{\"type\":\"subscribe\",\"streams\":[\"AgentEvents\",\"ContactTraceRecords\"],\"since\":\""
                + start + "\"}");
        later.next("subscribed");
        List<JsonNode> caughtUp = new ArrayList<>();
        JsonNode done = later.next("caughtUp", m -> {
            caughtUp.add(m);
            return m.path("type").asText().equals("caughtUp");
        });
        assertEquals(false, done.get("truncated").asBoolean());
        assertTrue(caughtUp.stream().anyMatch(m -> agentEvent(m, "LOGIN", "alice")), "alice's login caught up");
        assertTrue(caughtUp.stream().anyMatch(m -> m.path("record").path("ContactId").asText().equals(contact)),
                "the record caught up");

        // Live on both sockets after the catch-up.
        client.send(HttpRequest.newBuilder(server.http("/api/logout")).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + aliceToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        sam.next("alice's LOGOUT on the first socket", m -> agentEvent(m, "LOGOUT", "alice"));
        later.next("alice's LOGOUT on the second socket", m -> agentEvent(m, "LOGOUT", "alice"));
    }

    @Test
    void anAgentIsRefusedAndMalformedCommandsAreAnsweredWithErrors() throws Exception {
        Feed alice = open(login("alice"));
        alice.send("{\"type\":\"subscribe\",\"streams\":[\"ContactTraceRecords\"]}");
        JsonNode refused = alice.next("error");
        assertEquals("FORBIDDEN", refused.get("code").asText());
        assertTrue(refused.get("message").asText().contains("ContactSearch.View"), refused.toString());

        Feed sam = open(login("sam"));
        sam.send("not json");
        assertEquals("BAD_JSON", sam.next("error").get("code").asText());
        sam.send("{\"type\":\"unsubscribe\"}");
        assertEquals("UNKNOWN_COMMAND", sam.next("error").get("code").asText());
        sam.send("{\"type\":\"subscribe\",\"streams\":[\"Chats\"]}");
        assertEquals("BAD_REQUEST", sam.next("error").get("code").asText());
        sam.send("{\"type\":\"subscribe\",\"streams\":[\"AgentEvents\"],\"since\":\"yesterday\"}");
        assertEquals("BAD_REQUEST", sam.next("error").get("code").asText());
        sam.send("{\"type\":\"subscribe\",\"streams\":[\"AgentEvents\"]}");
        sam.next("subscribed");
        sam.send("{\"type\":\"subscribe\",\"streams\":[\"AgentEvents\"]}");
        assertEquals("ALREADY_SUBSCRIBED", sam.next("error").get("code").asText());
    }

    /** SIPp calls +15550100 and hangs up during the welcome; returns the contact id the flow log names. */
    private String callAndHangUp() throws Exception {
        String name = "record-stream";
        Duration stay = Duration.ofSeconds(3);
        try (RtpPeer peer = RtpPeer.open();
             Sipp.Running sipp = Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml"))
                     .name(name).target("127.0.0.1", server.sipPort())
                     .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(peer.port()))
                     .args("-trace_msg", "-message_file", IvrCall.messageLog(work, name).toString())
                     .calls(1).callDuration(stay).timeout(stay.plusSeconds(20)).start(work)) {
            IvrCall ivr = IvrCall.follow(server, sipp, peer);
            String contact = ivr.contactId();
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), result.describe());
            return contact;
        }
    }

    private JsonNode writtenRecord(String contact) throws Exception {
        try (Stream<Path> files = Files.list(server.dataDir().resolve("streams/ctr"))) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode node = JSON.readTree(line);
                    if (node.path("ContactId").asText().equals(contact)) {
                        return node;
                    }
                }
            }
        }
        throw new AssertionError("no line for " + contact + " in streams/ctr");
    }
}
