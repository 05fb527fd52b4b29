package io.switchboard.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small instance directories for tests: a minimal valid one, then whatever a test changes. */
final class TestInstance {

    /** Password "secret" hashed at cost 4, so tests stay fast. */
    static final String HASH = "$2y$04$zetFEHPKZJ.y1w.6vuehZevOiAJx6PtJqfzGrv9VuVBa.yH0cbp7m";

    /** A valid instance.yaml; line numbers matter to the tests that assert exact messages. */
    static final String YAML = """
            phoneNumbers:
              - number: "+15550100"
                flow: main
            trunks:
              - name: carrier
                inbound:
                  allowedSources: ["192.0.2.0/24"]
                outbound:
                  destinations:
                    - address: "sbc.example.net:5060"
            hoursOfOperation:
              - name: Office
                timeZone: Europe/Paris
                weekly:
                  - { day: monday, start: "09:00", end: "17:00" }
            queues:
              - name: Sales
                hours: Office
            routingProfiles:
              - name: Sales only
                queues:
                  - { queue: Sales }
                defaultOutboundQueue: Sales
            users:
              - username: alice
                firstName: Alice
                lastName: Archer
                passwordHash: "%s"
                securityProfiles: [Agent]
                routingProfile: Sales only
            agentStatuses:
              - { name: Available }
              - { name: Offline }
            securityProfiles:
              - name: Agent
                permissions: [BasicAgentAccess]
            """.formatted(HASH);

    static final String FLOW = """
            {
              "Version": "2019-10-30",
              "StartAction": "bye",
              "Actions": [
                {
                  "Identifier": "bye",
                  "Type": "DisconnectParticipant",
                  "Parameters": {},
                  "Transitions": {}
                }
              ]
            }
            """;

    private TestInstance() {
    }

    /** Writes the minimal valid instance into {@code dir}. */
    static Path write(Path dir) throws IOException {
        return write(dir, YAML);
    }

    static Path write(Path dir, String yaml) throws IOException {
        Files.createDirectories(dir.resolve("flows"));
        Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(dir.resolve("instance.yaml"), yaml);
        Files.writeString(dir.resolve("flows/main.json"), FLOW);
        Files.write(dir.resolve("prompts/beep.wav"), wav(1, 8000, 16, 1, 800));
        return dir;
    }

    /** A canonical 44-byte-header WAV file with {@code samples} samples of silence. */
    static byte[] wav(int format, int rate, int bits, int channels, int samples) {
        int dataBytes = samples * channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) format)
                .putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        return b.array();
    }
}
