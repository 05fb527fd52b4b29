package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PrometheusText;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import io.switchboard.testkit.SwitchboardProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash of the packaged server during calls: five SIPp calls end normally, three are still up when the
 * server is killed with SIGKILL. After a restart on the same data directory every completed contact's
 * record is in the CTR files and answered by the API's search (from the record store), and each of the three
 * interrupted contacts has exactly one record, tagged interrupted, with reason OTHER.
 */
class CrashRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String INTERRUPTED = "switchboard:interrupted";

    @TempDir
    Path work;

    /** Every CTR line in the data directory, by contact (latest version wins), in file order. */
    private static Map<String, JsonNode> records(Path data) {
        Map<String, JsonNode> out = new HashMap<>();
        Path dir = data.resolve("streams/ctr");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode node = JSON.readTree(line);
                    out.put(node.path("ContactId").asText(), node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static long lines(Path data) {
        Path dir = data.resolve("streams/ctr");
        try (Stream<Path> files = Files.list(dir)) {
            long n = 0;
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                n += Files.readAllLines(file).size();
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double metric(SwitchboardProcess server, String series) {
        return PrometheusText.parse(server.get("/metrics").body()).value(series);
    }

    private Sipp.Running calls(int count, Duration stay, RtpPeer peer, int sipPort, String name) {
        return Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml"))
                .name(name).target("127.0.0.1", sipPort)
                .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(peer.port()))
                .calls(count).rate(10).maxConcurrent(count).callDuration(stay).timeout(stay.plusSeconds(30))
                .start(work);
    }

    @Test
    void completedRecordsSurviveAKillAndContactsInProgressAreRecordedAsInterrupted() throws Exception {
        Path server1 = Files.createDirectories(work.resolve("server"));
        Map<String, JsonNode> completed;
        try (RtpPeer peer = RtpPeer.open()) {
            SwitchboardProcess first = SwitchboardProcess.start(server1, List.of());
            try {
                try (Sipp.Running done = calls(5, Duration.ofSeconds(2), peer, first.ports().sip(), "completed")) {
                    Sipp.Result result = done.awaitResult(Duration.ofSeconds(40));
                    assertEquals(5, result.successfulCalls(), result.describe());
                }
                Await.until("five completed records", TIMEOUT, () -> records(first.dataDir()).size() == 5);
                completed = records(first.dataDir());
                Sipp.Running up = calls(3, Duration.ofSeconds(120), peer, first.ports().sip(), "in-progress");
                try {
                    Await.until("three calls in progress", TIMEOUT,
                            () -> metric(first, "switchboard_contacts_active") == 3);
                    // The in-flight rows are committed by the store's thread within milliseconds of the start.
                    Await.until("the contacts' in-flight rows", TIMEOUT, () -> inFlightRows(first.dataDir()) == 3);
                    first.process().kill();
                } finally {
                    up.stop();
                    up.close();
                }
            } finally {
                first.close();
            }
        }
        assertEquals(5, records(server1.resolve("data")).size(), "nothing written for the killed contacts yet");

        SwitchboardProcess second = SwitchboardProcess.start(server1, List.of());
        try {
            Map<String, JsonNode> after = records(second.dataDir());
            assertEquals(8, after.size(), "five completed and three interrupted: " + after.keySet());
            assertEquals(8, lines(second.dataDir()), "one line each");
            for (Map.Entry<String, JsonNode> c : completed.entrySet()) {
                assertEquals(c.getValue(), after.get(c.getKey()), "the completed record is kept as written");
            }
            List<JsonNode> interrupted = new ArrayList<>();
            after.forEach((id, ctr) -> {
                if (!completed.containsKey(id)) {
                    interrupted.add(ctr);
                }
            });
            assertEquals(3, interrupted.size());
            for (JsonNode ctr : interrupted) {
                assertEquals("true", ctr.path("Tags").path(INTERRUPTED).asText(), ctr.toString());
                assertEquals("OTHER", ctr.get("DisconnectReason").asText());
                assertEquals("+15550100", ctr.get("SystemEndpoint").get("Address").asText());
                assertTrue(ctr.get("DisconnectTimestamp").isTextual());
            }
            for (JsonNode ctr : completed.values()) {
                assertEquals("CUSTOMER_DISCONNECT", ctr.get("DisconnectReason").asText());
                assertTrue(ctr.path("Tags").isEmpty(), ctr.toString());
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(second.http("/api/login"))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"demo-password\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String token = JSON.readTree(login.body()).path("token").asText();
            HttpResponse<String> search = client.send(HttpRequest.newBuilder(
                    second.http("/api/contacts?from=2000-01-01T00:00:00Z")).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, search.statusCode(), search.body());
            JsonNode found = JSON.readTree(search.body()).get("ContactTraceRecords");
            assertEquals(8, found.size(), search.body());
        } finally {
            second.stop(Duration.ofSeconds(30));
            second.close();
        }
        SwitchboardProcess third = SwitchboardProcess.start(server1, List.of());
        try {
            assertEquals(8, lines(third.dataDir()), "a clean restart writes nothing again");
        } finally {
            third.stop(Duration.ofSeconds(30));
            third.close();
        }
    }

    /** The in-flight rows of the record store, read beside the running server (WAL lets a reader in). */
    private static int inFlightRows(Path data) {
        Path db = data.resolve("records.db");
        if (!Files.exists(db)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM contact_in_flight")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            return 0;
        }
    }
}
