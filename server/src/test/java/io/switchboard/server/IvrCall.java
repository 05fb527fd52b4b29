package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.PrometheusText;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One SIPp call to the server, followed through what an operator sees: the flow log files in the data
 * directory (which contact it became, which blocks ran), {@code /metrics} (which queue holds it, whether the
 * contact center still holds it) and SIPp's message trace. Calls on one server are made one at a time, so a
 * call's contact is the first contact in the flow logs that no earlier call of that server claimed.
 */
final class IvrCall {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TRACE_HEADER = Pattern.compile("^-{10,} (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6})$",
            Pattern.MULTILINE);
    private static final DateTimeFormatter TRACE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    /** Per data directory, the contacts earlier calls were found to be. */
    private static final Map<Path, Set<String>> CLAIMED = new ConcurrentHashMap<>();

    private final PackagedServer server;
    private final Sipp.Running sipp;
    private final Path messageLog;
    private String contact;

    private IvrCall(PackagedServer server, Sipp.Running sipp, Path messageLog) {
        this.server = server;
        this.sipp = sipp;
        this.messageLog = messageLog;
    }

    static Path messageLog(Path work, String name) {
        return work.resolve(name).resolve(name + "-messages.log").toAbsolutePath();
    }

    static IvrCall follow(PackagedServer server, Sipp.Running sipp, RtpPeer peer) {
        Path log = sipp.process().outputFile().getParent().resolve(
                sipp.process().outputFile().getFileName().toString().replace(".out", "-messages.log"));
        return new IvrCall(server, sipp, log);
    }

    /**
     * The contact id the server gave this call: the first contact in the flow logs (written by flows that
     * enable logging, as the demo's does from its first block) that no earlier call on this server claimed.
     */
    String contactId() {
        if (contact == null) {
            Set<String> claimed = CLAIMED.computeIfAbsent(server.dataDir(), d -> ConcurrentHashMap.newKeySet());
            contact = Await.value("a new contact in the flow logs of " + server.dataDir() + " for the call of SIPp "
                    + sipp.process().pid(), Duration.ofSeconds(10), () -> contactsInFlowLogs(server).stream()
                    .filter(c -> !claimed.contains(c)).findFirst());
            claimed.add(contact);
        }
        return contact;
    }

    /**
     * When SIPp received the 200 OK to its INVITE, on this JVM's {@link System#nanoTime()} scale (SIPp
     * stamps its trace with the wall clock in microseconds; both clocks are this machine's).
     */
    long answeredAtNanos() {
        return Await.value("a 200 OK to the INVITE in " + messageLog, Duration.ofSeconds(10), this::answerInTrace);
    }

    private Optional<Long> answerInTrace() {
        String trace;
        try {
            trace = Files.exists(messageLog) ? Files.readString(messageLog, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = TRACE_HEADER.matcher(trace);
        List<int[]> starts = new ArrayList<>();
        List<String> times = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            times.add(m.group(1));
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : trace.length();
            String block = trace.substring(starts.get(i)[1], end);
            if (block.contains("message received") && block.contains("SIP/2.0 200")
                    && block.contains("CSeq: 1 INVITE")) {
                long wallNanos = LocalDateTime.parse(times.get(i), TRACE_TIME).atZone(ZoneId.systemDefault())
                        .toInstant().toEpochMilli() * 1_000_000L
                        + Long.parseLong(times.get(i).substring(times.get(i).length() - 3)) * 1_000L;
                long offset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
                return Optional.of(wallNanos - offset);
            }
        }
        return Optional.empty();
    }

    /** Waits until the flow log has an entry for {@code identifier} of the contact (written when the block ends). */
    void awaitFlowLog(String contact, String identifier, Duration timeout) {
        Await.until("a flow log entry " + identifier + " for contact " + contact, timeout,
                () -> flowLogCount(contact, identifier) > 0);
    }

    long flowLogCount(String contact, String identifier) {
        return flowLog(server, contact).stream().filter(e -> identifier.equals(e.path("Identifier").asText())).count();
    }

    /** Every contact in the flow logs, in the order of their first entry. */
    private static List<String> contactsInFlowLogs(PackagedServer server) {
        Set<String> contacts = new LinkedHashSet<>();
        flowLogEntries(server).forEach(e -> contacts.add(e.path("ContactId").asText()));
        return List.copyOf(contacts);
    }

    /** The flow log entries of {@code contact} written so far, in the order they were written. */
    static List<JsonNode> flowLog(PackagedServer server, String contact) {
        return flowLogEntries(server).stream().filter(e -> contact.equals(e.path("ContactId").asText())).toList();
    }

    /** Every flow log entry written so far, in the order written. */
    private static List<JsonNode> flowLogEntries(PackagedServer server) {
        Path dir = server.dataDir().resolve("streams/flow-logs");
        List<JsonNode> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        entries.add(JSON.readTree(line));
                    } catch (IOException e) {
                        // the last line is still being written
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /**
     * Waits until the contact center holds no contact any more ({@code switchboard_contacts_active} is 0),
     * then checks that {@code contact} ended with {@code reason}. The reason is read from the server's
     * {@code contact <id> ended: <reason>} line until contact trace records are written to the data directory.
     */
    void awaitEnded(String contact, String reason) {
        server.awaitMetric("switchboard_contacts_active", 0, Duration.ofSeconds(5));
        assertTrue(server.process().awaitOutput(l -> l.contains("contact " + contact + " ended: " + reason),
                Duration.ofSeconds(5)), "contact " + contact + " did not end with " + reason + ":\n"
                + server.process().tail(20));
    }

    /**
     * Waits until {@code queue} holds one contact ({@code switchboard_queue_contacts}): this call's, as calls
     * on one server are made one at a time; every other queue of the instance must then hold none.
     */
    static void awaitQueued(PackagedServer server, String queue, Duration timeout) {
        server.awaitMetric(queueSeries(queue), 1, timeout);
        PrometheusText metrics = server.metrics();
        for (String other : queues(metrics)) {
            if (!other.equals(queue)) {
                assertEquals(0, metrics.value(queueSeries(other)), "a contact waits in " + other + " too:\n" + metrics);
            }
        }
    }

    /** Waits until exactly one queue holds a contact and returns its name. */
    static String awaitQueuedAnywhere(PackagedServer server, Duration timeout) {
        return Await.value("a contact waiting in a queue", timeout, () -> {
            PrometheusText metrics = server.metrics();
            List<String> holding = queues(metrics).stream().filter(q -> metrics.value(queueSeries(q)) > 0).toList();
            return holding.size() == 1 ? Optional.of(holding.get(0)) : Optional.empty();
        });
    }

    static String queueSeries(String queue) {
        return "switchboard_queue_contacts{queue=\"" + queue + "\"}";
    }

    /** The queues that {@code /metrics} reports. */
    private static List<String> queues(PrometheusText metrics) {
        Matcher m = Pattern.compile("(?m)^switchboard_queue_contacts\\{queue=\"([^\"]+)\"\\}").matcher(metrics.text());
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
