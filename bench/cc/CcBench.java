import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.PasswordHasher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The three steps of bench/cc/run.sh that need more than a shell: {@code instance DIR AGENTS PHONE_PORT ACW}
 * writes the benchmark instance (a DID whose flow puts the caller in queue Bench; AGENTS desk-phone agents
 * serving it, each dialled through one trunk to the SIPp phone on PHONE_PORT, auto-accept, ACW timeout ACW
 * seconds; passwords hashed at bcrypt cost 4, so that logging in thousands of agents takes seconds);
 * {@code login HTTP_PORT AGENTS} logs every agent in over the HTTP API and makes them Available;
 * {@code records DATA_DIR} counts the CTR lines on disk and checks each has an Agent section, printing
 * {@code ctr_lines= ctr_contacts= ctr_with_agent= ctr_acw_ended= ctr_per_s_p50= ctr_per_s_max= queue_wait_max_s=}.
 */
public final class CcBench {

    static final String PASSWORD = "bench-password";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "instance" -> instance(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "login" -> login(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "records" -> records(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
    }

    static String username(int i) {
        return String.format("agent%05d", i);
    }

    private static void instance(Path dir, int agents, int phonePort, int acwSeconds) throws IOException {
        Files.createDirectories(dir.resolve("flows"));
        String hash = PasswordHasher.hash(PASSWORD.toCharArray(), 4);
        StringBuilder yaml = new StringBuilder();
        yaml.append("""
                phoneNumbers:
                  - { number: "+15550200", flow: bench-inbound }
                trunks:
                  - name: bench-trunk
                    inbound: { allowedSources: ["127.0.0.1/32"] }
                    outbound:
                      destinations: [{ address: "127.0.0.1:%d", transport: udp }]
                    callerIdNumber: "+15550200"
                    maxConcurrentCalls: 0
                hoursOfOperation:
                  - name: always
                    timeZone: UTC
                    weekly:
                """.formatted(phonePort));
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            yaml.append("      - { day: ").append(day).append(", start: \"00:00\", end: \"00:00\" }\n");
        }
        yaml.append("""
                queues:
                  - { name: Bench, hours: always, maxContacts: 0, outboundCallerIdNumber: "+15550200" }
                routingProfiles:
                  - name: Bench
                    queues: [{ queue: Bench, priority: 1, delaySeconds: 0 }]
                    defaultOutboundQueue: Bench
                agentStatuses:
                  - { name: Available, order: 1 }
                  - { name: Offline, order: 2 }
                securityProfiles:
                  - { name: Agent, permissions: [BasicAgentAccess] }
                users:
                """);
        for (int i = 1; i <= agents; i++) {
            yaml.append("  - { username: ").append(username(i)).append(", firstName: Bench, lastName: Agent").append(i)
                    .append(", passwordHash: \"").append(hash)
                    .append("\", securityProfiles: [Agent], routingProfile: Bench, phoneType: desk,")
                    .append(" deskPhoneNumber: \"+1555").append(String.format("%07d", i))
                    .append("\", deskPhoneTrunk: bench-trunk, autoAccept: true, afterContactWorkTimeoutSeconds: ")
                    .append(acwSeconds).append(" }\n");
        }
        Files.writeString(dir.resolve("instance.yaml"), yaml);
        Files.writeString(dir.resolve("flows").resolve("bench-inbound.json"), """
                {
                  "Version": "2019-10-30",
                  "StartAction": "set-queue",
                  "Actions": [
                    {
                      "Identifier": "set-queue",
                      "Type": "UpdateContactTargetQueue",
                      "Parameters": { "QueueId": "Bench" },
                      "Transitions": { "NextAction": "transfer",
                        "Errors": [{ "NextAction": "disconnect", "ErrorType": "NoMatchingError" }] }
                    },
                    {
                      "Identifier": "transfer",
                      "Type": "TransferContactToQueue",
                      "Parameters": {},
                      "Transitions": { "NextAction": "disconnect",
                        "Errors": [{ "NextAction": "disconnect", "ErrorType": "QueueAtCapacity" },
                                   { "NextAction": "disconnect", "ErrorType": "NoMatchingError" }] }
                    },
                    { "Identifier": "disconnect", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {} }
                  ]
                }
                """);
    }

    private static void login(int httpPort, int agents) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 1; i <= agents; i++) {
            String user = username(i);
            done.add(pool.submit(() -> {
                HttpResponse<String> login = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                                Map.of("username", user, "password", PASSWORD)))).build(),
                        HttpResponse.BodyHandlers.ofString());
                check(user, login);
                String token = json.readTree(login.body()).path("token").asText();
                check(user, client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/api/agent/status"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"Available\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("agents_available=%d login_s=%.1f%n", agents, (System.nanoTime() - start) / 1e9);
    }

    private static void check(String user, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(user + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static void records(Path data) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path dir = data.resolve("streams").resolve("ctr");
        List<JsonNode> records = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (!line.isBlank()) {
                            records.add(json.readTree(line));
                        }
                    }
                }
            }
        }
        // A contact's record is written when it ends and again, updated, when the agent's After Contact Work ends
        // (LastUpdateTimestamp): the last line of each contact id is its record.
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (JsonNode record : records) {
            latest.put(record.path("ContactId").asText(), record);
        }
        int withAgent = 0;
        int acwDone = 0;
        long longestWait = 0;
        Map<Instant, Integer> perSecond = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (JsonNode record : latest.values()) {
            reasons.merge(record.path("DisconnectReason").asText("none"), 1, Integer::sum);
            JsonNode agent = record.path("Agent");
            if (agent.isObject() && agent.path("Username").isTextual()
                    && agent.path("ConnectedToAgentTimestamp").isTextual()) {
                withAgent++;
                acwDone += agent.path("AfterContactWorkEndTimestamp").isTextual() ? 1 : 0;
                perSecond.merge(Instant.parse(record.path("DisconnectTimestamp").asText()), 1, Integer::sum);
                longestWait = Math.max(longestWait, record.path("Queue").path("Duration").asLong());
            }
        }
        // The per-second figures leave out the first and last seconds, which the ramp and the tail cut short.
        List<Integer> counts = new ArrayList<>(perSecond.values());
        List<Integer> middle = counts.size() > 4 ? counts.subList(2, counts.size() - 2) : counts;
        List<Integer> sorted = middle.stream().sorted().toList();
        int p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        int max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
        System.out.printf("ctr_lines=%d ctr_contacts=%d ctr_with_agent=%d ctr_acw_ended=%d ctr_per_s_p50=%d"
                        + " ctr_per_s_max=%d queue_wait_max_s=%d disconnect_reasons=%s%n", records.size(), latest.size(),
                withAgent, acwDone, p50, max, longestWait, reasons.toString().replace(" ", ""));
    }

    private CcBench() {
    }
}
