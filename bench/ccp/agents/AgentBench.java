package io.switchboard.bench.ccp.agents;

import io.switchboard.bench.webrtc.calls.DatagramReader;
import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The concurrent-agents benchmark's driver (run by bench/ccp/agents.sh):
 *
 * <pre>
 *   AgentBench instance DIR N          writes the bench instance (the demo plus N softphone agents)
 *   AgentBench port                    prints a port free for TCP and UDP
 *   AgentBench udp-range COUNT LOW HIGH  prints the first of COUNT free consecutive UDP ports
 *   AgentBench run HTTP_URL SERVER_PID HOLD_SECONDS CALLS SIP_PORT N...
 * </pre>
 *
 * {@code run} ramps the simulated agents to each N in turn (a few setups at a time), holds them for
 * HOLD_SECONDS, and prints one line per step: the agents logged in and reachable as the server counts them,
 * the agents whose session dropped, the server's heap after a full collection and resident set at the start and
 * the end of the hold (and per agent over the server with no agent), and the CPU of the server and of the
 * simulator. Then, when CALLS &gt; 0, SIPp places that many calls to the bench number; the simulated agents
 * accept the offers, and the line says how many were offered, connected and heard the caller over SRTP.
 */
public final class AgentBench {
    /** Agents being set up at once (login, socket, offer, ICE, DTLS). */
    private static final int SETUPS_IN_FLIGHT = Integer.getInteger("bench.setups", 16);
    /** How often the server's figures are sampled during a hold. */
    private static final Duration SAMPLE = Duration.ofSeconds(5);

    private AgentBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "instance" -> BenchInstance.write(Path.of(args[1]), Integer.parseInt(args[2]));
            case "port" -> System.out.println(BenchInstance.freePort());
            case "udp-range" -> System.out.println(BenchInstance.freeUdpRange(Integer.parseInt(args[1]),
                    Integer.parseInt(args[2]), Integer.parseInt(args[3])));
            case "run" -> {
                List<Integer> steps = new ArrayList<>();
                for (int i = 6; i < args.length; i++) {
                    steps.add(Integer.parseInt(args[i]));
                }
                new Run(URI.create(args[1]), Long.parseLong(args[2]), Duration.ofSeconds(Long.parseLong(args[3])),
                        Integer.parseInt(args[4]), Integer.parseInt(args[5])).steps(steps);
                System.exit(0);
            }
            default -> {
                System.err.println("usage: AgentBench instance DIR N | port | udp-range COUNT LOW HIGH"
                        + " | run HTTP_URL SERVER_PID HOLD_SECONDS CALLS SIP_PORT N...");
                System.exit(2);
            }
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One run: the simulator's few threads, its agents, and the server it watches. */
    private static final class Run {
        private final URI http;
        private final Duration hold;
        private final int calls;
        private final int sipPort;
        private final HttpClient client;
        private final ServerWatch server;
        private final ExecutorService handshakes = Executors.newFixedThreadPool(SETUPS_IN_FLIGHT, named("dtls"));
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("consent"));
        private final DatagramReader reader = new DatagramReader("udp-reader");
        private final DtlsCertificate certificate = DtlsCertificate.generate("agent-bench");
        private final SimulatedAgent.Tally tally = new SimulatedAgent.Tally();
        private final List<SimulatedAgent> agents = new ArrayList<>();
        private ServerWatch.Memory baseline;

        Run(URI http, long serverPid, Duration hold, int calls, int sipPort) throws Exception {
            this.http = http;
            this.hold = hold;
            this.calls = calls;
            this.sipPort = sipPort;
            // the WebSockets' and logins' callbacks run on two threads, whatever the number of agents
            this.client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2, named("http")))
                    .connectTimeout(Duration.ofSeconds(30)).build();
            this.server = new ServerWatch(serverPid, http, client);
        }

        void steps(List<Integer> steps) throws Exception {
            baseline = server.memoryAfterGc();
            System.out.printf("server with no agent: heap after GC %.1f MB, RSS %.1f MB, %d threads; %s%n",
                    baseline.heapKb() / 1024.0, baseline.rssKb() / 1024.0, baseline.threads(), server.figures());
            for (int n : steps) {
                if (!step(n)) {
                    break;
                }
            }
            if (calls > 0) {
                placeCalls();
            }
            agents.forEach(SimulatedAgent::close);
        }

        /** Ramps to {@code n} agents, holds them, prints the step's line; false when a setup failed. */
        private boolean step(int n) throws Exception {
            long rampStart = System.nanoTime();
            Semaphore inFlight = new Semaphore(SETUPS_IN_FLIGHT);
            List<CompletableFuture<Void>> setups = new ArrayList<>();
            AtomicInteger failed = new AtomicInteger();
            for (int i = agents.size() + 1; i <= n; i++) {
                inFlight.acquire();
                SimulatedAgent agent = new SimulatedAgent(BenchInstance.username(i), BenchInstance.PASSWORD, http,
                        client, certificate, reader, tally);
                agents.add(agent);
                setups.add(agent.start(handshakes, timer).orTimeout(60, TimeUnit.SECONDS).whenComplete((ok, e) -> {
                    inFlight.release();
                    if (e != null) {
                        if (failed.incrementAndGet() <= 3) {
                            System.err.println("setup failed: " + e);
                        }
                    }
                }));
            }
            CompletableFuture.allOf(setups.toArray(CompletableFuture[]::new)).handle((v, e) -> null).join();
            double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
            int added = setups.size();

            ServerWatch.Memory start = server.memoryAfterGc();
            int droppedBefore = dropped();
            long serverCpu0 = server.cpuNanos();
            long ownCpu0 = ownCpuNanos();
            long holdStart = System.nanoTime();
            long minOpen = Long.MAX_VALUE;
            long minRoutable = Long.MAX_VALUE;
            ServerWatch.Figures last = server.figures();
            long holdEnd = holdStart + hold.toNanos();
            while (System.nanoTime() < holdEnd) {
                Thread.sleep(Math.min(SAMPLE.toMillis(), Math.max(1, (holdEnd - System.nanoTime()) / 1_000_000)));
                last = server.figures();
                minOpen = Math.min(minOpen, last.panelsOpen());
                minRoutable = Math.min(minRoutable, last.panelsRoutable());
            }
            double heldSeconds = (System.nanoTime() - holdStart) / 1e9;
            double serverCores = (server.cpuNanos() - serverCpu0) / 1e9 / heldSeconds;
            double ownCores = (ownCpuNanos() - ownCpu0) / 1e9 / heldSeconds;
            ServerWatch.Memory end = server.memoryAfterGc();
            int droppedInHold = dropped() - droppedBefore;
            long answering = agents.stream().filter(a -> a.mediaAnswering(12_000)).count();
            long routableSeen = agents.stream().filter(SimulatedAgent::routable).count();
            long up = agents.stream().filter(a -> a.state() == SimulatedAgent.State.AVAILABLE).count();

            System.out.printf("agents %d: ramp of %d in %.1f s (%.0f/s), %d failed | hold %.0f s: %d dropped, %d up,"
                            + " %d told routable, %d with consent answered in the last 12 s%n",
                    n, added, rampSeconds, added / rampSeconds, failed.get(), heldSeconds, droppedInHold, up,
                    routableSeen, answering);
            System.out.printf("  server's view at the end: %s; min over the hold: panels open %d, routable %d%n",
                    last, minOpen, minRoutable);
            System.out.printf("  server heap after GC %.1f -> %.1f MB (%+.1f MB over the hold; %.1f KB per agent over"
                            + " no agent), RSS %.1f -> %.1f MB (%.1f KB per agent), threads %d%n",
                    start.heapKb() / 1024.0, end.heapKb() / 1024.0, (end.heapKb() - start.heapKb()) / 1024.0,
                    (end.heapKb() - baseline.heapKb()) / (double) n, start.rssKb() / 1024.0, end.rssKb() / 1024.0,
                    (end.rssKb() - baseline.rssKb()) / (double) n, end.threads());
            System.out.printf("  CPU over the hold: server %.2f cores, simulator %.2f cores (%d threads); pongs so far"
                            + " %d%n", serverCores, ownCores, ManagementFactory.getThreadMXBean().getThreadCount(),
                    tally.pongs.get());
            for (SimulatedAgent a : agents) {
                if (a.state() == SimulatedAgent.State.DROPPED) {
                    System.out.println("  first dropped: " + a.dropReason());
                    break;
                }
            }
            return failed.get() == 0;
        }

        private int dropped() {
            return (int) agents.stream().filter(a -> a.state() == SimulatedAgent.State.DROPPED).count();
        }

        /** SIPp calls the bench number, echoing its audio; the agents accept, talk, hear their echo, close. */
        private void placeCalls() throws Exception {
            int rtpPort = BenchInstance.freeUdpRange(2, 16000, 19999);
            List<String> sipp = List.of("sipp", "127.0.0.1:" + sipPort, "-sn", "uac", "-s", BenchInstance.BENCH_NUMBER,
                    "-i", "127.0.0.1", "-p", Integer.toString(BenchInstance.freePort()), "-mp", Integer.toString(rtpPort),
                    "-rtp_echo", "-m", Integer.toString(calls), "-r", "1", "-d", "8000", "-nostdin",
                    "-timeout", "120s", "-timeout_error");
            Process p = new ProcessBuilder(sipp).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            int exit = p.waitFor();
            // the last caller's BYE, then ACW's close
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (tally.closed.get() < tally.connected.get() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            System.out.printf("calls: SIPp placed %d (exit %d, 0 = every call completed), echoing what it hears; the agents were offered %d,"
                            + " connected %d, closed %d, and heard %d SRTP packets while connected; %s%n",
                    calls, exit, tally.offers.get(), tally.connected.get(), tally.closed.get(),
                    tally.packetsInCalls.get(), server.figures());
        }

        private static long ownCpuNanos() {
            return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        }
    }
}
