package io.switchboard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs SIPp (Debian package {@code sip-tester}) with a built-in scenario ({@code uac}, {@code uas}, ...) or an
 * XML scenario file against a target, with rate, call count and a global timeout, and reads back its exit
 * code and statistics ({@code -trace_stat} CSV, {@code -trace_err} and {@code -trace_screen} logs).
 *
 * <pre>{@code
 * Sipp.Result r = Sipp.builtIn("uac").target("127.0.0.1", port).calls(10).rate(5).run(workDir);
 * assertEquals(10, r.successfulCalls(), r.describe());
 * }</pre>
 *
 * <p>SIPp exit codes: 0 every call succeeded, 1 at least one call failed, 97 exit on internal command, 99 normal
 * exit without calls processed, 255 (-1) fatal error, 254 (-2) fatal error binding a socket.
 */
public final class Sipp {
    private final String builtIn;
    private final Path scenarioFile;
    private String targetHost;
    private int targetPort;
    private String localIp = "127.0.0.1";
    private int localPort;
    private String transport = "u1";
    private double rate = 10;
    private int calls = 1;
    private int maxConcurrent;
    private Duration timeout = Duration.ofSeconds(30);
    private Duration callDuration;
    private String name = "sipp";
    private boolean traceMessages;
    private final List<String> extra = new ArrayList<>();

    private Sipp(String builtIn, Path scenarioFile) {
        this.builtIn = builtIn;
        this.scenarioFile = scenarioFile;
    }

    /** One of SIPp's embedded scenarios: uac, uas, regexp, branchc, branchs, 3pcc-*, ... */
    public static Sipp builtIn(String scenario) {
        return new Sipp(Objects.requireNonNull(scenario), null);
    }

    /** An XML scenario file. */
    public static Sipp scenarioFile(Path xml) {
        if (!Files.isRegularFile(xml)) {
            throw new IllegalArgumentException("no SIPp scenario file " + xml);
        }
        return new Sipp(null, xml);
    }

    /** Where SIPp sends its first request (uac) - omit for a pure uas. */
    public Sipp target(String host, int port) {
        this.targetHost = host;
        this.targetPort = port;
        return this;
    }

    /**
     * SIPp's own port. By default a free loopback port is taken from {@link FreePorts}, because SIPp's own
     * default is 5060, which parallel test runs on one machine would fight over.
     */
    public Sipp localPort(int port) {
        this.localPort = port;
        return this;
    }

    /** SIPp's local IP (for binding and Via/Contact), 127.0.0.1 by default. */
    public Sipp localIp(String ip) {
        this.localIp = ip;
        return this;
    }

    /** SIPp transport mode: "u1" (UDP, one socket; the default), "un", "t1" (TCP, one connection), "tn", "l1" (TLS). */
    public Sipp transport(String mode) {
        this.transport = mode;
        return this;
    }

    /** New calls per second. */
    public Sipp rate(double callsPerSecond) {
        this.rate = callsPerSecond;
        return this;
    }

    /** Stop after this many calls (-m). */
    public Sipp calls(int count) {
        this.calls = count;
        return this;
    }

    /** Most calls open at once (-l); 0 leaves SIPp's default. */
    public Sipp maxConcurrent(int count) {
        this.maxConcurrent = count;
        return this;
    }

    /** Global timeout: SIPp fails (-timeout_error) if it has not finished by then. */
    public Sipp timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /** The pause in the built-in uac between ACK and BYE (-d). */
    public Sipp callDuration(Duration d) {
        this.callDuration = d;
        return this;
    }

    /** Name for the output files in the work directory. */
    public Sipp name(String n) {
        this.name = n;
        return this;
    }

    /**
     * Writes every SIP message SIPp sends and receives to {@code <name>-messages.log} (-trace_msg), for
     * {@link Running#messages()} and {@link Running#awaitReceived}.
     */
    public Sipp traceMessages() {
        this.traceMessages = true;
        return this;
    }

    /** Any further SIPp arguments, appended as given. */
    public Sipp args(String... more) {
        Collections.addAll(extra, more);
        return this;
    }

    /** The command line this runner would execute, with {@code workDir} for its files. */
    public List<String> command(Path workDir) {
        return command(workDir, localPort > 0 ? localPort : FreePorts.tcpAndUdp());
    }

    private List<String> command(Path workDir, int port) {
        List<String> cmd = new ArrayList<>();
        cmd.add("sipp");
        if (builtIn != null) {
            cmd.add("-sn");
            cmd.add(builtIn);
        } else {
            cmd.add("-sf");
            cmd.add(scenarioFile.toAbsolutePath().toString());
        }
        if (targetHost != null) {
            cmd.add(targetHost + ":" + targetPort);
        }
        Collections.addAll(cmd, "-i", localIp, "-t", transport, "-r", format(rate), "-m", Integer.toString(calls),
                "-nostdin", "-trace_stat", "-stf", statsFile(workDir).toString(), "-fd", "1",
                "-trace_err", "-trace_screen", "-timeout", timeout.toMillis() + "ms", "-timeout_error");
        Collections.addAll(cmd, "-p", Integer.toString(port));
        if (maxConcurrent > 0) {
            Collections.addAll(cmd, "-l", Integer.toString(maxConcurrent));
        }
        if (callDuration != null) {
            Collections.addAll(cmd, "-d", Long.toString(callDuration.toMillis()));
        }
        if (traceMessages) {
            Collections.addAll(cmd, "-trace_msg", "-message_file", messageFile(workDir).toString());
        }
        cmd.addAll(extra);
        return cmd;
    }

    /** Starts SIPp and returns at once (for a SIPp UAS that other traffic calls); close the handle to stop it. */
    public Running start(Path workDir) {
        PeerProcess.requireOnPath("sipp");
        Path dir = workDir.resolve(name);
        int port = localPort > 0 ? localPort : FreePorts.tcpAndUdp();
        return new Running(PeerProcess.start(name, command(dir, port), dir, Map.of()), dir, statsFile(dir),
                messageFile(dir), new InetSocketAddress(localIp, port), transport.startsWith("u"));
    }

    /** Runs SIPp to completion (bounded by the timeout plus 15 s) and collects its results. */
    public Result run(Path workDir) {
        try (Running running = start(workDir)) {
            return running.awaitResult(timeout.plusSeconds(15));
        }
    }

    private Path statsFile(Path dir) {
        return dir.resolve(name + "-stats.csv").toAbsolutePath();
    }

    private Path messageFile(Path dir) {
        return dir.resolve(name + "-messages.log").toAbsolutePath();
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** A SIPp process started by {@link #start}. */
    public static final class Running implements AutoCloseable {
        /** The line SIPp writes before each message in its -trace_msg file. */
        private static final Pattern TRACE_HEADER = Pattern.compile("^-{10,} \\d{4}-\\d\\d-\\d\\d [0-9:.]+$",
                Pattern.MULTILINE);
        private final PeerProcess process;
        private final Path dir;
        private final Path stats;
        private final Path messageLog;
        private final InetSocketAddress sipAddress;
        /** SIPp's transport is UDP ({@code -t u1}, {@code un}), not TCP or TLS. */
        private final boolean udp;

        private Running(PeerProcess process, Path dir, Path stats, Path messageLog, InetSocketAddress sipAddress,
                        boolean udp) {
            this.process = process;
            this.dir = dir;
            this.stats = stats;
            this.messageLog = messageLog;
            this.sipAddress = sipAddress;
            this.udp = udp;
        }

        public PeerProcess process() {
            return process;
        }

        /** Where this SIPp listens for SIP (-i, -p). */
        public InetSocketAddress sipAddress() {
            return sipAddress;
        }

        /**
         * Waits until SIPp has bound its UDP SIP port, so that a UAS is there before anything calls it; fails
         * if SIPp exits or {@code timeout} passes first. Reads the kernel's socket table (/proc/net/udp) rather
         * than probing with a bind, which could take the port from under SIPp.
         */
        public Running awaitUdpBound(Duration timeout) {
            return awaitSocket("/proc/net/udp", null, timeout);
        }

        /** As {@link #awaitUdpBound}, for a SIPp listening on TCP (or TLS): its port in /proc/net/tcp, state LISTEN. */
        public Running awaitTcpListening(Duration timeout) {
            return awaitSocket("/proc/net/tcp", "0A", timeout);
        }

        /** {@link #awaitUdpBound} or {@link #awaitTcpListening}, as this SIPp's transport ({@code -t}) is. */
        public Running awaitListening(Duration timeout) {
            return udp ? awaitUdpBound(timeout) : awaitTcpListening(timeout);
        }

        private Running awaitSocket(String table, String state, Duration timeout) {
            String port = String.format(":%04X", sipAddress.getPort());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("SIPp exited before listening on " + sipAddress + ":\n"
                            + process.tail(20));
                }
                try {
                    // Each row: "sl local_address rem_address st ...", the local address as HEX_IP:HEX_PORT.
                    for (String row : Files.readAllLines(Path.of(table))) {
                        String[] fields = row.trim().split("\\s+");
                        if (fields.length > 3 && fields[1].endsWith(port) && (state == null || fields[3].equals(state))) {
                            return this;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the socket table " + table, e);
                }
                LockSupport.parkNanos(20_000_000L);
            }
            throw new IllegalStateException("SIPp did not listen on " + sipAddress + " within " + timeout);
        }

        /** The SIP messages traced so far, in order (empty unless started with {@link #traceMessages()}). */
        public List<Message> messages() {
            String trace;
            try {
                trace = Files.exists(messageLog) ? Files.readString(messageLog, StandardCharsets.ISO_8859_1) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Message> out = new ArrayList<>();
            Matcher m = TRACE_HEADER.matcher(trace);
            List<Integer> starts = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            while (m.find()) {
                starts.add(m.start());
                ends.add(m.end());
            }
            for (int i = 0; i < starts.size(); i++) {
                String block = trace.substring(ends.get(i), i + 1 < starts.size() ? starts.get(i + 1) : trace.length());
                int colon = block.indexOf(":\n");
                if (colon < 0) {
                    continue; // still being written
                }
                boolean received = block.substring(0, colon).contains("message received");
                out.add(new Message(received, block.substring(colon + 2).strip().replace("\r\n", "\n")));
            }
            return out;
        }

        /** Waits for a received message whose text matches, or fails after {@code timeout}. */
        public Message awaitReceived(Predicate<String> matches, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            do {
                for (Message message : messages()) {
                    if (message.received() && matches.test(message.text())) {
                        return message;
                    }
                }
                LockSupport.parkNanos(20_000_000L);
            } while (System.nanoTime() < deadline);
            throw new AssertionError("no such message received by " + dir.getFileName() + " in " + timeout
                    + "; messages so far:\n" + messages());
        }

        /** Waits for SIPp to exit (killing it after {@code limit}) and reads its files. */
        public Result awaitResult(Duration limit) {
            int exit = process.awaitExit(limit);
            return Result.read(exit, dir, stats, process.output());
        }

        /** Stops SIPp (SIGTERM then kill) and reads whatever statistics it left. */
        public Result stop() {
            process.terminate();
            int exit;
            try {
                exit = process.awaitExit(Duration.ofSeconds(5));
            } catch (IllegalStateException e) {
                exit = -1;
            }
            return Result.read(exit, dir, stats, process.output());
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** One traced SIP message: received by SIPp or sent by it, start line, headers and body. */
    public record Message(boolean received, String text) {
        /** The first line: {@code INVITE sip:...} or {@code SIP/2.0 200 OK}. */
        public String startLine() {
            int eol = text.indexOf('\n');
            return eol < 0 ? text : text.substring(0, eol);
        }

        /** The value of the first header called {@code name} (case-insensitive), or null. */
        public String header(String name) {
            for (String line : text.split("\n")) {
                int colon = line.indexOf(':');
                if (line.isBlank()) {
                    return null; // the body starts
                }
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        /** The port of the SDP body's {@code m=audio} line, or -1. */
        public int audioPort() {
            Matcher m = Pattern.compile("(?m)^m=audio (\\d+) ").matcher(text);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }

        @Override
        public String toString() {
            return (received ? "received " : "sent ") + startLine();
        }
    }

    /** What a SIPp run left: exit code, the last line of its statistics, and its logs. */
    public record Result(int exitCode, Map<String, String> lastStats, String output, String screenLog,
                         String errorLog) {

        static Result read(int exit, Path dir, Path stats, String output) {
            return new Result(exit, lastRow(stats), output, readMatching(dir, "_screen.log"),
                    readMatching(dir, "_errors.log"));
        }

        /** Cumulative successful calls (the "SuccessfulCall(C)" statistic), -1 when no statistics were written. */
        public long successfulCalls() {
            return stat("SuccessfulCall(C)");
        }

        public long failedCalls() {
            return stat("FailedCall(C)");
        }

        public long retransmissions() {
            return stat("Retransmissions(C)");
        }

        /** Calls SIPp created (outgoing for a uac, incoming for a uas). */
        public long createdCalls() {
            return stat("TotalCallCreated");
        }

        /** A cumulative statistic by its CSV column name, -1 when absent. */
        public long stat(String column) {
            String v = lastStats.get(column);
            if (v == null || v.isBlank()) {
                return -1;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** A one-paragraph summary with the log tails, for assertion messages. */
        public String describe() {
            return "sipp exit " + exitCode + ", successful " + successfulCalls() + ", failed " + failedCalls()
                    + ", retransmissions " + retransmissions() + "\n--- errors:\n" + tail(errorLog, 30)
                    + "\n--- screen:\n" + tail(screenLog, 40) + "\n--- output:\n" + tail(output, 20);
        }

        private static String tail(String s, int lines) {
            List<String> all = s.lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }

        private static Map<String, String> lastRow(Path csv) {
            Map<String, String> row = new LinkedHashMap<>();
            if (!Files.exists(csv)) {
                return row;
            }
            try {
                List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank()).toList();
                if (lines.size() < 2) {
                    return row;
                }
                String[] header = lines.get(0).split(";", -1);
                String[] values = lines.get(lines.size() - 1).split(";", -1);
                for (int i = 0; i < header.length && i < values.length; i++) {
                    row.put(header[i], values[i]);
                }
                return row;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String readMatching(Path dir, String suffix) {
            if (!Files.isDirectory(dir)) {
                return "";
            }
            StringBuilder sb = new StringBuilder();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList()) {
                    sb.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                return "<unreadable: " + e.getMessage() + ">";
            }
            return sb.toString();
        }
    }
}
