package io.switchboard.bench.webrtc.calls;

import io.switchboard.media.MediaRelays;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.media.api.TransportFailure;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The relay under test in its own JVM, driven by the load generator over stdin/stdout, one command a line:
 * {@code call I OFFER TRUNK_OFFER} (base64 SDP: a browser-side endpoint answering OFFER, a trunk endpoint
 * answering TRUNK_OFFER, bridged; replies {@code @call I ANSWER TRUNK_ANSWER} or {@code @fail I REASON}),
 * {@code cpu} ({@code @cpu PROCESS_NS MEDIA_THREADS_NS TRANSPORT_FAILURES}), {@code reset} (destroys every
 * endpoint, {@code @reset}), {@code quit}. Replies start with '@'; the logs go to stderr.
 *
 * <p>Usage: java -cp ... io.switchboard.bench.webrtc.calls.BenchRelay MAX_CALLS
 */
public final class BenchRelay {
    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.US_ASCII);

    private BenchRelay() {
    }

    public static void main(String[] args) throws Exception {
        int maxCalls = Integer.parseInt(args[0]);
        AtomicInteger failures = new AtomicInteger();
        MediaEventListener listener = new MediaEventListener() {
            @Override
            public void onTransportFailed(EndpointId endpoint, TransportFailure reason) {
                failures.incrementAndGet();
            }
        };
        int base = 20000;
        MediaRelaySettings settings = new MediaRelaySettings(InetAddress.getLoopbackAddress(), "127.0.0.1", base,
                Math.min(65535, base + 4 * maxCalls + 64), Duration.ofSeconds(60), Duration.ofMinutes(10),
                Duration.ofSeconds(2), Files.createTempDirectory("webrtc-bench"), 2);
        ConcurrentLinkedQueue<EndpointId> endpoints = new ConcurrentLinkedQueue<>();
        Base64.Decoder dec = Base64.getDecoder();
        Base64.Encoder enc = Base64.getEncoder();
        try (MediaRelay relay = MediaRelays.start(settings, listener);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            reply("@ready");
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                String[] w = line.split(" ");
                switch (w[0]) {
                    case "call" -> {
                        String i = w[1];
                        String callId = "bench-" + i;
                        String offer = new String(dec.decode(w[2]), StandardCharsets.UTF_8);
                        String trunkOffer = new String(dec.decode(w[3]), StandardCharsets.UTF_8);
                        relay.answer(callId, offer).thenCompose(a -> {
                            endpoints.add(a.id());
                            return relay.answer(callId, trunkOffer).thenCompose(t -> {
                                endpoints.add(t.id());
                                return relay.bridge(a.id(), t.id()).thenApply(v -> new NegotiatedEndpoint[] {a, t});
                            });
                        }).whenComplete((legs, e) -> {
                            if (e != null) {
                                reply("@fail " + i + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
                            } else {
                                reply("@call " + i + " " + enc.encodeToString(bytes(legs[0].localSdp())) + " "
                                        + enc.encodeToString(bytes(legs[1].localSdp())));
                            }
                        });
                    }
                    case "cpu" -> reply("@cpu " + processCpuNanos() + " " + mediaThreadsCpuNanos() + " "
                            + failures.get());
                    case "reset" -> {
                        List<CompletableFuture<Void>> gone = new ArrayList<>();
                        for (EndpointId id; (id = endpoints.poll()) != null; ) {
                            gone.add(relay.destroy(id).exceptionally(e -> null));
                        }
                        CompletableFuture.allOf(gone.toArray(CompletableFuture[]::new)).join();
                        failures.set(0);
                        reply("@reset");
                    }
                    default -> reply("@error unknown command " + w[0]);
                }
            }
        }
        System.exit(0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static synchronized void reply(String line) {
        OUT.println(line);
        OUT.flush();
    }

    /** This JVM's CPU: the relay's threads plus its GC and JIT. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The media loops' and DTLS pool's threads alone. */
    private static long mediaThreadsCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            var info = mx.getThreadInfo(id);
            if (info != null && info.getThreadName().startsWith("media-")) {
                sum += Math.max(0, mx.getThreadCpuTime(id));
            }
        }
        return sum;
    }
}
