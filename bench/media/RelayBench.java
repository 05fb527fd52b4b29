import io.switchboard.media.MediaRelays;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.media.api.RecordingId;
import io.switchboard.media.codec.WavWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay side of bench/media/run.sh: starts a MediaRelay through its public API, sets up N bridged
 * calls (or N prompt players) whose far ends are rtpload's sockets, writes the relay ports to a file for
 * rtpload, prints heap per call, and then relays until killed.
 *
 * Usage: java -cp CLASSPATH RelayBench.java bridge|players|record N A_BASE B_BASE SOCKETS PORTS_FILE THREADS
 *
 * In record mode every bridged call is also recorded; when PORTS_FILE.stop appears the recordings are
 * stopped and their count and durations printed (recorders log a warning for any sample they had to drop).
 */
public class RelayBench {
    private static final Pattern PORT = Pattern.compile("m=audio (\\d+) ");

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        int aBase = Integer.parseInt(args[2]);
        int bBase = Integer.parseInt(args[3]);
        int socks = Integer.parseInt(args[4]);
        Path portsFile = Path.of(args[5]);
        int threads = Integer.parseInt(args[6]);
        Path work = Files.createTempDirectory("relay-bench");
        MediaRelaySettings settings = new MediaRelaySettings(InetAddress.getLoopbackAddress(), "127.0.0.1", 20000,
                60000, Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofSeconds(2), work, threads);
        java.util.concurrent.ConcurrentLinkedQueue<Long> closedMillis = new java.util.concurrent.ConcurrentLinkedQueue<>();
        MediaRelay relay = MediaRelays.start(settings, new MediaEventListener() {
            @Override
            public void onRecordingClosed(RecordingId recording, Path file, Duration duration) {
                closedMillis.add(duration.toMillis());
            }
        });
        List<RecordingId> recordings = java.util.Collections.synchronizedList(new ArrayList<>());
        long heapBefore = usedHeapAfterGc();
        List<String> lines = new ArrayList<>();
        Path prompt = work.resolve("hold.wav");
        if (mode.equals("players")) {
            short[] music = new short[8000 * 10];
            for (int i = 0; i < music.length; i++) {
                music[i] = (short) (4000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)
                        + 3000 * Math.sin(2 * Math.PI * 660 * i / 8000.0));
            }
            Files.write(prompt, WavWriter.monoPcm(8000, music));
        }
        final int batch = 200;
        for (int start = 0; start < n; start += batch) {
            List<CompletableFuture<String>> pending = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + batch); i++) {
                String call = "call-" + i;
                int k = i % socks;
                CompletableFuture<NegotiatedEndpoint> a = relay.answer(call, offer(aBase + k));
                if (mode.equals("players")) {
                    final int index = i;
                    pending.add(a.thenCompose(ea -> relay.play(ea.id(),
                            PlaybackRequest.files(List.of(prompt), true, false))
                            .thenApply(id -> index + " " + port(ea.localSdp()) + " 0")));
                } else {
                    CompletableFuture<NegotiatedEndpoint> b = relay.answer(call, offer(bBase + k));
                    final int index = i;
                    boolean record = mode.equals("record");
                    pending.add(a.thenCombine(b, (ea, eb) -> new NegotiatedEndpoint[] {ea, eb})
                            .thenCompose(pair -> relay.bridge(pair[0].id(), pair[1].id())
                                    .thenCompose(v -> record
                                            ? relay.startRecording(pair[0].id(), pair[1].id(), "rec-" + index)
                                                    .thenApply(recordings::add)
                                            : CompletableFuture.completedFuture(true))
                                    .thenApply(v -> index + " " + port(pair[0].localSdp()) + " "
                                            + port(pair[1].localSdp()))));
                }
            }
            for (CompletableFuture<String> f : pending) {
                lines.add(f.get(30, TimeUnit.SECONDS));
            }
        }
        long heapAfter = usedHeapAfterGc();
        Path tmp = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(tmp))) {
            lines.forEach(w::println);
        }
        Files.move(tmp, portsFile, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("relay_ready mode=%s n=%d endpoints=%d heap_per_%s_bytes=%d pid=%d%n", mode, n,
                relay.endpointCount(), mode.equals("players") ? "player" : "bridged_call",
                (heapAfter - heapBefore) / Math.max(1, n), ProcessHandle.current().pid());
        System.out.flush();
        Path stop = portsFile.resolveSibling(portsFile.getFileName() + ".stop");
        while (!Files.exists(stop)) {
            Thread.sleep(100);
        }
        for (RecordingId r : List.copyOf(recordings)) {
            relay.stopRecording(r);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (closedMillis.size() < recordings.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long min = closedMillis.stream().mapToLong(Long::longValue).min().orElse(0);
        long max = closedMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        long files;
        try (var walk = Files.walk(work)) {
            files = walk.filter(p -> p.toString().endsWith(".wav") && p.getFileName().toString().startsWith("rec-"))
                    .count();
        }
        System.out.printf("recordings_closed=%d of %d files=%d duration_min_ms=%d duration_max_ms=%d%n",
                closedMillis.size(), recordings.size(), files, min, max);
        System.out.flush();
        relay.close();
        try (var walk = Files.walk(work)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String offer(int port) {
        return "v=0\r\no=gen 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    private static int port(String sdp) {
        Matcher m = PORT.matcher(sdp);
        if (!m.find()) {
            throw new IllegalStateException("no audio port in " + sdp);
        }
        return Integer.parseInt(m.group(1));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
