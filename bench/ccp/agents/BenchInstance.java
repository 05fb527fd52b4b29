package io.switchboard.bench.ccp.agents;

import io.switchboard.config.DemoInstance;
import io.switchboard.config.PasswordHasher;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the agent bench's server runs on: the demo instance plus {@code count} softphone agents ({@code sim00001}
 * ... in the Sales and Support profile, all with one password) and a number, {@link #BENCH_NUMBER}, whose flow
 * puts the caller straight into the Sales queue; and free ports for it.
 */
final class BenchInstance {
    static final String BENCH_NUMBER = "+15550111";
    static final String PASSWORD = "bench-password";

    private BenchInstance() {
    }

    static String username(int i) {
        return String.format("sim%05d", i);
    }

    /**
     * Writes the instance into {@code dir}. The agents' bcrypt cost is the lowest (4): what is measured is how
     * many agents the server holds, not how fast it checks passwords.
     */
    static void write(Path dir, int count) throws IOException {
        DemoInstance.extractTo(dir);
        Files.deleteIfExists(dir.resolve("index.txt"));
        Path yaml = dir.resolve("instance.yaml");
        String hash = PasswordHasher.hash(PASSWORD.toCharArray(), 4);
        StringBuilder users = new StringBuilder("\nusers:\n");
        for (int i = 1; i <= count; i++) {
            users.append("  - username: ").append(username(i)).append('\n')
                    .append("    firstName: Simulated\n")
                    .append("    lastName: Agent ").append(i).append('\n')
                    .append("    passwordHash: \"").append(hash).append("\"\n")
                    .append("    securityProfiles: [Agent]\n")
                    .append("    routingProfile: Sales and Support\n")
                    .append("    phoneType: softphone\n")
                    .append("    autoAccept: false\n")
                    .append("    afterContactWorkTimeoutSeconds: 10\n");
        }
        String text = Files.readString(yaml);
        text = replaceOnce(text, "\nusers:\n", users.toString());
        text = replaceOnce(text, "\nphoneNumbers:\n", "\nphoneNumbers:\n  - number: \"" + BENCH_NUMBER + "\"\n"
                + "    flow: bench-to-sales\n    description: Straight to the Sales queue\n");
        Files.writeString(yaml, text);
        Files.writeString(dir.resolve("flows").resolve("bench-to-sales.json"), """
                {
                  "Version": "2019-10-30",
                  "StartAction": "set-queue",
                  "Metadata": {"name": "bench-to-sales", "description": "The agent bench's line: the Sales queue at once."},
                  "Actions": [
                    {"Identifier": "set-queue", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "Sales"},
                     "Transitions": {"NextAction": "transfer",
                                     "Errors": [{"NextAction": "disconnect", "ErrorType": "NoMatchingError"}]}},
                    {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
                     "Transitions": {"NextAction": "disconnect",
                                     "Errors": [{"NextAction": "disconnect", "ErrorType": "QueueAtCapacity"},
                                                {"NextAction": "disconnect", "ErrorType": "NoMatchingError"}]}},
                    {"Identifier": "disconnect", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}
                  ]
                }
                """);
    }

    private static String replaceOnce(String text, String marker, String replacement) {
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("the demo instance has no '" + marker.trim() + "' any more");
        }
        return text.substring(0, at) + replacement + text.substring(at + marker.length());
    }

    /** A port free for both TCP and UDP on the loopback address (SIP and TURN listen on both). */
    static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                port = tcp.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                return port;
            } catch (IOException busy) {
                // taken for UDP: another one
            }
        }
        throw new IOException("no port free for TCP and UDP");
    }

    /** The first of {@code count} consecutive free UDP ports between {@code low} and {@code high}. */
    static int freeUdpRange(int count, int low, int high) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int base = low;
        scan:
        while (base + count <= high) {
            for (int p = base; p < base + count; p++) {
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, p))) {
                    // free
                } catch (IOException busy) {
                    base = p + 1 + (p + 1) % 2;
                    continue scan;
                }
            }
            return base;
        }
        throw new IOException("no " + count + " free UDP ports between " + low + " and " + high);
    }
}
