package io.switchboard.bench.webrtc.calls;

import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many concurrent WebRTC <-> RTP bridged calls the relay carries with under 0.1% loss, with plain
 * RTP <-> RTP calls of the same count as the baseline.
 *
 * <p>The relay runs in a child JVM ({@link BenchRelay}); this JVM is the load generator. Per step N: N calls
 * set up with at most {@link #SETUPS_IN_FLIGHT} at once (relay answer, ICE check with USE-CANDIDATE, DTLS 1.2
 * with use_srtp), each keeping consent with its own timer from its first check on; then one 172-byte packet per
 * 20 ms each way per call for the window; loss is counted per frame of the window, latency per packet. The same
 * N plain RTP calls follow on the same relay. The ramp stops at the first step whose WebRTC calls lose 0.1% or
 * more either way, fail a setup or a transport, or find the machine's CPU saturated.
 *
 * <p>Usage: CallBench SECONDS [N...] (no N: 600, 800, 1000, ... while clean)
 */
public final class CallBench {
    static final int SETUPS_IN_FLIGHT = 16;
    static final int MAX_CALLS = 8000;

    private CallBench() {
    }

    /** One step's outcome, for one kind of call. */
    record Step(int calls, String kind, double setupSeconds, int setupFailures, double lossUp, double lossDown,
            double relayCpu, double mediaThreadsCpu, double machineBusy, double packetsPerRelayCpuSecond,
            double p99Millis, double generatorLateMillis, int transportFailures) {
        boolean clean() {
            return lossUp < 0.1 && lossDown < 0.1 && setupFailures == 0 && transportFailures == 0;
        }

        boolean saturated() {
            return machineBusy >= 97;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        List<Integer> steps = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            steps.add(Integer.parseInt(args[i]));
        }
        boolean ramp = steps.isEmpty();
        List<String> jvm = Arrays.stream(System.getProperty("bench.relay.jvm", "").split(" "))
                .filter(s -> !s.isBlank()).toList();
        int max = ramp ? MAX_CALLS : steps.stream().max(Integer::compare).orElseThrow();
        DtlsCertificate browserCert = DtlsCertificate.generate("load-browser");
        try (RelayProcess relay = new RelayProcess(max, jvm)) {
            System.out.printf("# WebRTC<->RTP and RTP<->RTP bridged calls, G.711 20 ms both ways, %d s measured per"
                    + " step; relay in its own JVM (pid %d), generator in this one; %d cores shared%n", seconds,
                    relay.pid(), Runtime.getRuntime().availableProcessors());
            System.out.printf("%-6s %-7s %8s %10s %10s %9s %9s %8s %12s %8s %8s %8s%n", "calls", "kind", "setup_s",
                    "loss_b2t%", "loss_t2b%", "relay_cpu", "media_cpu", "busy%", "pkts/cpu_s", "p99_ms",
                    "gen_late", "failed");
            int best = 0;
            String stop = "the listed steps ended";
            for (int i = 0; ; i++) {
                int n = ramp ? 600 + 200 * i : (i < steps.size() ? steps.get(i) : -1);
                if (n < 0 || n > max) {
                    break;
                }
                Step webrtc = run(relay, n, true, seconds, browserCert);
                print(webrtc);
                print(run(relay, n, false, seconds, browserCert));
                if (!webrtc.clean()) {
                    stop = "loss or failures at " + n;
                    break;
                }
                best = n;
                if (webrtc.saturated()) {
                    stop = "machine CPU saturated at " + n;
                    break;
                }
            }
            System.out.printf("largest clean WebRTC<->RTP call count (loss < 0.1%% each way, no failures): %d (%s)%n",
                    best, stop);
        }
    }

    static void print(Step s) {
        System.out.printf("%-6d %-7s %8.2f %10.3f %10.3f %9.2f %9.2f %8.0f %12.0f %8.2f %8.1f %8d%n", s.calls,
                s.kind, s.setupSeconds, s.lossUp, s.lossDown, s.relayCpu, s.mediaThreadsCpu, s.machineBusy,
                s.packetsPerRelayCpuSecond, s.p99Millis, s.generatorLateMillis, s.setupFailures + s.transportFailures);
    }

    static Step run(RelayProcess relay, int n, boolean secure, int seconds, DtlsCertificate cert) throws Exception {
        List<LoadCall> calls = new ArrayList<>();
        ExecutorService handshakes = Executors.newFixedThreadPool(SETUPS_IN_FLIGHT);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-consent");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger setupFailures = new AtomicInteger();
        try (LoadIo io = new LoadIo(calls)) {
            Semaphore inFlight = new Semaphore(SETUPS_IN_FLIGHT);
            List<CompletableFuture<Void>> setups = new ArrayList<>();
            long setupStart = System.nanoTime();
            for (int i = 0; i < n; i++) {
                LoadCall c = new LoadCall(i, secure, cert);
                calls.add(c);
                io.register(c);
                inFlight.acquire();
                setups.add(c.setUp(relay, handshakes, timer).orTimeout(30, TimeUnit.SECONDS).whenComplete((ok, e) -> {
                    inFlight.release();
                    if (e != null && setupFailures.getAndIncrement() == 0) {
                        System.err.println("first failed setup: " + e);
                    }
                }));
            }
            for (CompletableFuture<Void> s : setups) {
                s.exceptionally(e -> null).join();
            }
            double setupSeconds = (System.nanoTime() - setupStart) / 1e9;

            io.startSending();
            Thread.sleep(2000); // warm-up: the JIT and the latches settle before counting
            io.awaitOnSchedule(30_000);
            io.startWindow();
            Thread.sleep(100); // the window's first frame is due
            RelayProcess.Cpu cpu0 = relay.cpu();
            long[] machine0 = machineTicks();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            RelayProcess.Cpu cpu1 = relay.cpu();
            long[] machine1 = machineTicks();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            io.stopSending();
            Thread.sleep(1000); // what is in flight arrives; later is lost
            io.close();

            long sentUp = 0, sentDown = 0, gotUp = 0, gotDown = 0;
            for (LoadCall c : calls) {
                sentUp += c.sentUp;
                sentDown += c.sentDown;
                gotUp += c.gotUp.get();
                gotDown += c.gotDown.get();
            }
            double relayCpu = (cpu1.processNanos() - cpu0.processNanos()) / 1e9 / elapsed;
            double mediaCpu = (cpu1.mediaThreadsNanos() - cpu0.mediaThreadsNanos()) / 1e9 / elapsed;
            double busy = machine1[1] - machine0[1] == 0 ? 0
                    : 100.0 * (machine1[0] - machine0[0]) / (machine1[1] - machine0[1]);
            // packets the relay received in the window and forwarded, per second of its process CPU
            double packetsPerSecond = (gotUp + gotDown) / elapsed;
            return new Step(n, secure ? "webrtc" : "rtp", setupSeconds, setupFailures.get(), loss(sentUp, gotUp),
                    loss(sentDown, gotDown), relayCpu, mediaCpu, busy, relayCpu == 0 ? 0 : packetsPerSecond / relayCpu,
                    io.latency().quantileMillis(0.99), io.maxLateNanos() / 1e6, cpu1.transportFailures());
        } finally {
            timer.shutdownNow();
            handshakes.shutdownNow();
            for (LoadCall c : calls) {
                c.close();
            }
            relay.reset();
        }
    }

    static double loss(long sent, long got) {
        return sent == 0 ? 100 : 100.0 * Math.max(0, sent - got) / sent;
    }

    /** The machine's busy and total jiffies from /proc/stat (zeros where there is none). */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }
}
