package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.PeerProcess;
import io.switchboard.testkit.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged demo server and a caller outside its trunk (127.0.0.5; the demo trunk accepts 127.0.0.1): the
 * caller hears nothing, the refusal is a security event in streams/security-events and on /metrics, and the
 * shipped fail2ban filter finds the caller's address in the server's real log.
 */
class SecurityEventsIT {
    private static final String REFUSED = "switchboard_sip_security_events_total{type=\"refused_source\"}";
    private static final Path FILTER = Path.of("..", "docs", "fail2ban", "filter.d", "switchboard.conf");

    @RegisterExtension
    final PackagedServer server = PackagedServer.demo();
    @TempDir
    Path work;

    @Test
    void aCallerOutsideEveryTrunkIsRefusedSilentlyReportedAndFoundByTheFail2banFilter() throws Exception {
        Sipp.Result r = Sipp.builtIn("uac").target("127.0.0.1", server.sipPort()).localIp("127.0.0.5")
                .args("-s", "+15550100").calls(1).timeout(Duration.ofSeconds(3)).name("outsider").run(work);
        assertEquals(0, r.successfulCalls(), r.describe());
        Await.until(REFUSED + " >= 1", Duration.ofSeconds(10), () -> server.metric(REFUSED) >= 1);

        Path day = server.dataDir().resolve("streams/security-events")
                .resolve(LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        Await.until(day + " names the caller", Duration.ofSeconds(10),
                () -> read(day).contains("\"source\":\"127.0.0.5\""));
        String first = Files.readAllLines(day).get(0);
        assertTrue(first.contains("\"type\":\"refused_source\"") && first.contains("\"method\":\"INVITE\"")
                && first.contains("\"transport\":\"udp\""), first);

        PeerProcess.requireOnPath("fail2ban-regex");
        Path log = work.resolve("server.log");
        Files.writeString(log, server.process().output());
        PeerProcess regex = PeerProcess.start("fail2ban-regex", List.of("fail2ban-regex", "--print-all-matched",
                log.toString(), FILTER.toAbsolutePath().toString()), work, java.util.Map.of());
        assertEquals(0, regex.awaitExit(Duration.ofSeconds(60)), regex.output());
        String out = regex.output();
        Matcher total = Pattern.compile("Failregex: (\\d+) total").matcher(out);
        assertTrue(total.find(), out);
        assertTrue(Integer.parseInt(total.group(1)) >= 1, out);
        assertTrue(out.contains("127.0.0.5"), out);
        assertTrue(!out.contains("127.0.0.1 "), "no line blames the trusted trunk's address:\n" + out);
    }

    @Test
    void aTrunkCallToANumberNothingServesIsAFraudLookingCallEvent() throws Exception {
        String fraud = "switchboard_sip_security_events_total{type=\"unauthorised_destination\"}";
        // through the demo trunk (127.0.0.1) to a number abroad that no phone number of the instance serves
        Sipp.Result r = Sipp.builtIn("uac").target("127.0.0.1", server.sipPort()).localIp("127.0.0.1")
                .args("-s", "+972599000111").calls(1).timeout(Duration.ofSeconds(5)).name("toll-fraud").run(work);
        assertEquals(0, r.successfulCalls(), r.describe());
        Await.until(fraud + " = 1", Duration.ofSeconds(10), () -> server.metric(fraud) == 1);
        assertEquals(0, server.metric(REFUSED), "the trunk's own address is not a refused source");

        Path day = server.dataDir().resolve("streams/security-events")
                .resolve(LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        Await.until(day + " has the call", Duration.ofSeconds(10),
                () -> read(day).contains("\"type\":\"unauthorised_destination\""));
        String line = Files.readAllLines(day).stream().filter(l -> l.contains("unauthorised_destination"))
                .findFirst().orElseThrow();
        assertTrue(line.contains("\"source\":\"127.0.0.1\"") && line.contains("\"method\":\"INVITE\"")
                && line.contains("\"transport\":\"udp\"") && line.contains("+972599000111")
                && line.contains("demo-trunk"), line + "\n" + server.process().tail(30));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
