package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import io.switchboard.testkit.SwitchboardProcess;
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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One SIPp call to the server, followed through what an operator sees: the server's log lines (by the
 * SIP Call-ID SIPp uses, {@code 1-<pid>@127.0.0.1}), SIPp's message trace and the flow log files.
 */
final class IvrCall {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STARTED = Pattern.compile("contact ([0-9a-f-]{36}) started:");
    private static final Pattern TRACE_HEADER = Pattern.compile("^-{10,} (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6})$",
            Pattern.MULTILINE);
    private static final DateTimeFormatter TRACE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final SwitchboardProcess server;
    private final Sipp.Running sipp;
    private final Path messageLog;

    private IvrCall(SwitchboardProcess server, Sipp.Running sipp, Path messageLog) {
        this.server = server;
        this.sipp = sipp;
        this.messageLog = messageLog;
    }

    static Path messageLog(Path work, String name) {
        return work.resolve(name).resolve(name + "-messages.log").toAbsolutePath();
    }

    static IvrCall follow(SwitchboardProcess server, Sipp.Running sipp, RtpPeer peer) {
        Path log = sipp.process().outputFile().getParent().resolve(
                sipp.process().outputFile().getFileName().toString().replace(".out", "-messages.log"));
        return new IvrCall(server, sipp, log);
    }

    private String callId() {
        return "1-" + sipp.process().pid() + "@127.0.0.1";
    }

    /** The contact id the server gave this call, from its "contact ... started" line. */
    String contactId() {
        String marker = "call=" + callId() + " ";
        assertTrue(server.process().awaitOutput(l -> l.contains(marker) && STARTED.matcher(l).find(),
                Duration.ofSeconds(10)), "no contact started for " + callId() + ":\n" + server.process().tail(20));
        for (String line : server.process().output().split("\n")) {
            Matcher m = STARTED.matcher(line);
            if (line.contains(marker) && m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("unreachable");
    }

    /**
     * When SIPp received the 200 OK to its INVITE, on this JVM's {@link System#nanoTime()} scale (SIPp
     * stamps its trace with the wall clock in microseconds; both clocks are this machine's).
     */
    long answeredAtNanos() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String trace = Files.exists(messageLog) ? Files.readString(messageLog, StandardCharsets.ISO_8859_1) : "";
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
                    return wallNanos - offset;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no 200 OK in " + messageLog);
    }

    /** Waits until the flow log has an entry for {@code identifier} of the contact (written when the block ends). */
    void awaitFlowLog(String contact, String identifier, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (flowLogCount(contact, identifier) > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no flow log entry " + identifier + " for contact " + contact);
    }

    long flowLogCount(String contact, String identifier) {
        return flowLog(server, contact).stream().filter(e -> identifier.equals(e.path("Identifier").asText())).count();
    }

    /** The flow log entries of {@code contact} written so far, in the order they were written. */
    static List<JsonNode> flowLog(SwitchboardProcess server, String contact) {
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
                    JsonNode entry = JSON.readTree(line);
                    if (contact.equals(entry.path("ContactId").asText())) {
                        entries.add(entry);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    void awaitEnded(String contact, String reason) {
        assertTrue(server.process().awaitOutput(l -> l.contains("contact " + contact + " ended: " + reason),
                Duration.ofSeconds(5)), "contact " + contact + " did not end with " + reason + ":\n"
                + server.process().tail(20));
    }
}
