package io.switchboard.bench.ccp.agents;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server under test as it reports itself: its {@code /metrics} figures, its memory (resident set from
 * {@code /proc}, Java heap after a full collection from {@code jcmd GC.heap_info}), its CPU time and threads.
 */
final class ServerWatch {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern THREADS = Pattern.compile("Threads:\\s+(\\d+)");

    /** What /metrics says about the agents and their media at one moment. */
    record Figures(long panelsOpen, long panelsRoutable, long unreachable, long agentsOnline, long agentsAvailable,
                   long mediaEndpoints) {
        @Override
        public String toString() {
            return "panels open " + panelsOpen + ", routable " + panelsRoutable + "; agents online " + agentsOnline
                    + ", available " + agentsAvailable + "; media endpoints " + mediaEndpoints
                    + "; unreachable since start " + unreachable;
        }
    }

    /** Memory after a full collection. */
    record Memory(long rssKb, long heapKb, int threads) {
    }

    private final long pid;
    private final URI metrics;
    private final HttpClient client;

    ServerWatch(long pid, URI http, HttpClient client) {
        this.pid = pid;
        this.metrics = http.resolve("/metrics");
        this.client = client;
    }

    Figures figures() throws Exception {
        String text = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new Figures(sum(text, "switchboard_agent_panels", "figure=\"open\""),
                sum(text, "switchboard_agent_panels", "figure=\"routable\""),
                sum(text, "switchboard_agent_panels_unreachable_total", ""),
                sum(text, "switchboard_agents", "figure=\"online\""),
                sum(text, "switchboard_agents", "figure=\"available\""),
                sum(text, "switchboard_media_endpoints", ""));
    }

    /** Sums the samples of {@code name} whose labels contain {@code label}. */
    private static long sum(String text, String name, String label) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            if (line.contains(label)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(total);
    }

    /** Runs a full collection in the server (jcmd GC.run), then reads the heap in use and the resident set. */
    Memory memoryAfterGc() throws Exception {
        jcmd("GC.run");
        Matcher heap = HEAP_USED.matcher(jcmd("GC.heap_info"));
        long heapKb = heap.find() ? Long.parseLong(heap.group(1)) : -1;
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        Matcher rss = RSS.matcher(status);
        Matcher threads = THREADS.matcher(status);
        return new Memory(rss.find() ? Long.parseLong(rss.group(1)) : -1, heapKb,
                threads.find() ? Integer.parseInt(threads.group(1)) : -1);
    }

    /** The server's CPU time so far (user and system), in nanoseconds. */
    long cpuNanos() {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
