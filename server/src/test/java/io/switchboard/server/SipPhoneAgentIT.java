package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.PeerProcess;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * alice as an agent whose phone type is SIP: her baresip registers as sip:alice@<server> with the demo's SIP
 * password, she goes Available over the HTTP API, a caller of the demo DID presses 1 (Sales), baresip rings and
 * answers by itself, and both hear each other's tone through the bridge (baresip's 1100 Hz sine to the caller, the
 * caller's 700 Hz in what baresip decoded); her hang-up over the API ends the contact and the caller's call.
 */
class SipPhoneAgentIT {
    private static final Duration SIPP_LIMIT = Duration.ofSeconds(60);
    private static final int PCMU = RtpPeer.PCMU;
    /**
     * baresip's address. Its RTP socket is bound to the wildcard, so it sends from 127.0.0.1 whatever its SIP
     * address; the relay takes media only from the address the SDP names, so the phone lives there too.
     */
    private static final String PHONE_HOST = "127.0.0.1";

    @RegisterExtension
    static final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Path yaml = instance.resolve("instance.yaml");
        String demo = Files.readString(yaml);
        String edited = demo.replaceFirst("phoneType: softphone", "phoneType: sip");
        assertTrue(edited.contains("phoneType: sip"), "the demo's users changed shape; update this test");
        Files.writeString(yaml, edited);
        return instance;
    });
    @TempDir
    static Path work;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String loginAvailable(String username) throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(server.http("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username
                        + "\",\"password\":\"demo-password\"}")));
        assertEquals(200, login.statusCode(), login.body());
        String token = new ObjectMapper().readTree(login.body()).path("token").asText();
        HttpResponse<String> status = send(HttpRequest.newBuilder(server.http("/api/agent/status"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"Available\"}")));
        assertEquals(200, status.statusCode(), status.body());
        return token;
    }

    /** baresip registered as alice: answers by itself, sends a 1100 Hz sine, dumps what it decodes to WAV. */
    private static PeerProcess alicesBaresip(Path dir) throws Exception {
        Files.createDirectories(dir);
        int port = FreePorts.tcpAndUdp();
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method poll",
                "sip_listen " + PHONE_HOST + ":" + port,
                // else its SDP names the machine's default interface, whence its packets do not come
                "net_interface " + PHONE_HOST,
                "audio_source ausine,1100",
                "ausrc_srate 48000",
                "auplay_srate 48000",
                "ausrc_channels 2",
                "audio_player aubridge,nil",
                "audio_alert aubridge,nil",
                "snd_path " + dir,
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module ausine.so",
                "module aubridge.so",
                "module sndfile.so",
                "module_app account.so",
                "module_app menu.so",
                "rtp_ports 43000-43100",
                ""));
        Files.writeString(dir.resolve("accounts"), "<sip:alice@127.0.0.1:" + server.sipPort()
                + ";transport=udp>;auth_pass=demo-sip-password;regint=600;audio_codecs=PCMU;answermode=auto\n");
        return PeerProcess.start("baresip", List.of("baresip", "-f", dir.toString(), "-t", "60"), dir, Map.of());
    }

    @Test
    void aCallerWhoPressesOneTalksToAlicesRegisteredSipPhone() throws Exception {
        PeerProcess.requireOnPath("baresip");
        Path phoneDir = work.resolve("alice-baresip");
        try (PeerProcess phone = alicesBaresip(phoneDir); RtpPeer caller = RtpPeer.open()) {
            Await.until("alice's phone registered\n" + phone.tail(30), Duration.ofSeconds(10),
                    () -> server.metric("switchboard_sip_phone_bindings") == 1);
            String token = loginAvailable("alice");
            try (Sipp.Running uac = Sipp.scenarioFile(SippScenarios.path("transfer_caller.xml"))
                    .name("sales-caller").target("127.0.0.1", server.sipPort())
                    .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(caller.port())).traceMessages()
                    .calls(1).timeout(SIPP_LIMIT).start(work)) {
                IvrCall ivr = IvrCall.follow(server, uac, caller);
                String contact = ivr.contactId();
                Sipp.Message answer = uac.awaitReceived(m -> m.startsWith("SIP/2.0 200") && m.contains("INVITE"),
                        Duration.ofSeconds(10));
                caller.remote(new InetSocketAddress("127.0.0.1", answer.audioPort()));
                Await.until("the menu plays to the caller", Duration.ofSeconds(20),
                        () -> ivr.flowLogCount(contact, "main-menu") > 0);
                caller.sendDtmfEvents("1", 101, PCMU);

                assertTrue(phone.awaitOutput(l -> l.contains("Call established"), Duration.ofSeconds(20)),
                        phone.tail(40));
                // the caller hears alice's sine once the bridge is up; the relay sends to the caller only once
                // the caller's own packets passed its source check, so the caller talks too
                try {
                    Await.until("the caller hears alice's 1100 Hz", Duration.ofSeconds(10), () -> {
                        caller.clearReceived();
                        caller.sendTone(700, 8000, Duration.ofMillis(200), PCMU);
                        List<RtpPeer.Received> heard = caller.await(p -> p.payloadType() == PCMU, 25,
                                Duration.ofSeconds(1));
                        return !heard.isEmpty() && RtpPeer.toneShare(RtpPeer.decode(heard, PCMU), 1100) > 0.5;
                    });
                } catch (AssertionError e) {
                    String media = send(HttpRequest.newBuilder(server.http("/metrics"))).body().lines()
                            .filter(l -> l.contains("rtp") || l.contains("media")).filter(l -> !l.startsWith("#"))
                            .reduce("", (a, b) -> a + "\n" + b);
                    caller.clearReceived();
                    List<RtpPeer.Received> heard = caller.await(p -> true, 50, Duration.ofSeconds(2));
                    StringBuilder spectrum = new StringBuilder(heard.size() + " packets heard, payload types "
                            + heard.stream().map(RtpPeer.Received::payloadType).distinct().toList() + ";");
                    short[] pcm = RtpPeer.decode(heard, PCMU);
                    for (int hz : new int[] {275, 440, 550, 700, 1100, 2200}) {
                        spectrum.append(' ').append(hz).append(" Hz ").append(RtpPeer.toneShare(pcm, hz));
                    }
                    throw new AssertionError(e.getMessage() + "\n" + spectrum + "\n" + media + "\n"
                            + phone.tail(10), e);
                }
                caller.sendTone(700, 8000, Duration.ofSeconds(2), PCMU);

                HttpResponse<String> hangUp = send(HttpRequest.newBuilder(server.http("/api/agent/contact/hangup"))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
                assertEquals(200, hangUp.statusCode(), hangUp.body());
                assertTrue(phone.awaitOutput(l -> l.contains("session closed"), Duration.ofSeconds(10)),
                        phone.tail(40));
                Sipp.Result callerResult = uac.awaitResult(SIPP_LIMIT);
                assertEquals(0, callerResult.exitCode(), callerResult.describe());
            }
            short[] decoded = Await.value("baresip's dump of what it heard", Duration.ofSeconds(5),
                    () -> decodedDump(phoneDir));
            double aliceHearsTheCaller = RtpPeer.toneShare(decoded, 700);
            assertTrue(aliceHearsTheCaller > 0.3, "alice hears the caller's 700 Hz: " + aliceHearsTheCaller);
        }
    }

    /**
     * The first channel of baresip's dump of decoded audio, at 8 kHz, from the 200 ms after its first
     * 700 Hz-ish stretch began: the recording also holds the queue's audio heard before.
     */
    private static java.util.Optional<short[]> decodedDump(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> dumps = files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).toList();
            if (dumps.isEmpty() || Files.size(dumps.get(0)) < 1000) {
                return java.util.Optional.empty();
            }
            try (AudioInputStream in = AudioSystem.getAudioInputStream(dumps.get(0).toFile())) {
                AudioFormat f = in.getFormat();
                byte[] bytes = in.readAllBytes();
                int channels = f.getChannels();
                int step = Math.max(1, Math.round(f.getSampleRate() / 8000f)) * channels;
                ByteBuffer b = ByteBuffer.wrap(bytes).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN
                        : ByteOrder.LITTLE_ENDIAN);
                int frames = bytes.length / 2;
                short[] out = new short[frames / step];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getShort(i * step * 2);
                }
                return java.util.Optional.of(lastSecondsOf(out, 2));
            }
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    /** The caller's tone is the last thing alice heard before her hang-up: the final {@code seconds}, less 0.2 s. */
    private static short[] lastSecondsOf(short[] samples, int seconds) {
        int end = Math.max(0, samples.length - 1600);
        int start = Math.max(0, end - seconds * 8000);
        return java.util.Arrays.copyOfRange(samples, start, end);
    }
}
