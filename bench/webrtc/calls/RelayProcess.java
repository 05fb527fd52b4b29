package io.switchboard.bench.webrtc.calls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The generator's side of {@link BenchRelay}: starts it as a child JVM and speaks its line protocol. */
final class RelayProcess implements AutoCloseable {
    /** The relay's CPU counters at one instant. */
    record Cpu(long processNanos, long mediaThreadsNanos, int transportFailures) {
    }

    private final Process process;
    private final Writer out;
    private final Map<Integer, CompletableFuture<String[]>> calls = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Thread reader;

    RelayProcess(int maxCalls, List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchRelay.class.getName());
        command.add(Integer.toString(maxCalls));
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        reader = new Thread(this::readReplies, "relay-replies");
        reader.setDaemon(true);
        reader.start();
        String first = replies.poll(60, TimeUnit.SECONDS);
        if (!"@ready".equals(first)) {
            throw new IOException("relay did not start: " + first);
        }
    }

    long pid() {
        return process.pid();
    }

    CompletableFuture<String[]> call(int index, String offer, String trunkOffer) {
        CompletableFuture<String[]> answers = new CompletableFuture<>();
        calls.put(index, answers);
        Base64.Encoder enc = Base64.getEncoder();
        try {
            send("call " + index + " " + enc.encodeToString(offer.getBytes(StandardCharsets.UTF_8)) + " "
                    + enc.encodeToString(trunkOffer.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            calls.remove(index);
            answers.completeExceptionally(e);
        }
        return answers;
    }

    Cpu cpu() throws IOException, InterruptedException {
        String[] w = ask("cpu").split(" ");
        return new Cpu(Long.parseLong(w[1]), Long.parseLong(w[2]), Integer.parseInt(w[3]));
    }

    /** Destroys every endpoint the relay made. */
    void reset() throws IOException, InterruptedException {
        ask("reset");
    }

    private String ask(String command) throws IOException, InterruptedException {
        send(command);
        String reply = replies.poll(120, TimeUnit.SECONDS);
        if (reply == null || !reply.startsWith("@" + command)) {
            throw new IOException("relay answered " + reply + " to " + command);
        }
        return reply;
    }

    private synchronized void send(String line) throws IOException {
        out.write(line);
        out.write('\n');
        out.flush();
    }

    private void readReplies() {
        Base64.Decoder dec = Base64.getDecoder();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] w = line.split(" ", 3);
                if (w[0].equals("@call") || w[0].equals("@fail")) {
                    CompletableFuture<String[]> f = calls.remove(Integer.parseInt(w[1]));
                    if (f == null) {
                        continue;
                    }
                    if (w[0].equals("@fail")) {
                        f.completeExceptionally(new IOException("relay refused call: " + w[2]));
                    } else {
                        String[] sdp = w[2].split(" ");
                        f.complete(new String[] {new String(dec.decode(sdp[0]), StandardCharsets.UTF_8),
                                new String(dec.decode(sdp[1]), StandardCharsets.UTF_8)});
                    }
                } else if (line.startsWith("@")) {
                    replies.add(line);
                }
            }
        } catch (IOException e) {
            // the relay went away; pending asks time out
        }
    }

    @Override
    public void close() throws Exception {
        try {
            send("quit");
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroy();
        }
    }
}
