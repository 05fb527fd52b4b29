package io.switchboard.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The browser side of a WebRTC test: headless Chromium with a fake microphone playing a sine tone opens the
 * softphone-like page {@code /webrtc/call.html} from a tiny HTTP server whose {@code /offer} hook is the
 * test's signalling (the browser's SDP offer in, the answer out). Results are read from the page's
 * {@code window.state} and from {@code getStats()}.
 */
public final class WebRtcPage implements AutoCloseable {

    /** The test's signalling: answers the browser's SDP offer. */
    @FunctionalInterface
    public interface Answerer {
        String answer(String offer) throws Exception;
    }

    private final HttpServer server;
    private final ChromeDriver chrome;

    private WebRtcPage(HttpServer server, ChromeDriver chrome) {
        this.server = server;
        this.chrome = chrome;
    }

    /** True when Debian's chromium and chromium-driver are installed (scripts/install-test-deps.sh). */
    public static boolean browserInstalled() {
        return Files.isExecutable(ChromeDriver.CHROMEDRIVER) && Files.isExecutable(ChromeDriver.CHROMIUM);
    }

    /**
     * Starts the page server and Chromium, whose microphone plays {@code micHz} (a WAV written into {@code dir}),
     * and opens the page with {@code policy} ("all" or "relay") and {@code iceServersJson} as its iceServers.
     */
    public static WebRtcPage open(Path dir, double micHz, String policy, String iceServersJson, Answerer answerer)
            throws Exception {
        return open(dir, micHz, policy, iceServersJson, List.of(), answerer);
    }

    /**
     * As {@link #open(Path, double, String, String, Answerer)}, with {@code extraChromiumArgs} added to
     * Chromium's command line, e.g. {@code --ignore-certificate-errors-spki-list=...} to trust a test TURNS
     * server's certificate.
     */
    public static WebRtcPage open(Path dir, double micHz, String policy, String iceServersJson,
                                  List<String> extraChromiumArgs, Answerer answerer) throws Exception {
        Path wav = dir.resolve("mic-" + (int) micHz + "hz.wav");
        writeTone(wav, micHz, 48000, 20);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", WebRtcPage::page);
        server.createContext("/offer", exchange -> {
            try {
                String offer = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                reply(exchange, 200, "application/sdp", answerer.answer(offer));
            } catch (Exception e) {
                reply(exchange, 500, "text/plain", String.valueOf(e));
            }
        });
        server.start();
        ChromeDriver chrome = null;
        try {
            List<String> args = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                    "--use-file-for-fake-audio-capture=" + wav, "--autoplay-policy=no-user-gesture-required",
                    "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns"));
            args.addAll(extraChromiumArgs);
            chrome = new ChromeDriver(args);
            chrome.open("http://127.0.0.1:" + server.getAddress().getPort() + "/?policy=" + policy + "&ice="
                    + URLEncoder.encode(iceServersJson, StandardCharsets.UTF_8));
            return new WebRtcPage(server, chrome);
        } catch (Exception | Error e) {
            if (chrome != null) {
                chrome.close();
            }
            server.stop(0);
            throw e;
        }
    }

    /** Waits until the peer connection is connected; fails with the page's state when it reports an error. */
    public void awaitConnected(Duration timeout) {
        Await.until("the browser connected", timeout, () -> {
            JsonNode s = state();
            if (s.has("error")) {
                throw new AssertionError("the page failed: " + s);
            }
            return "connected".equals(s.path("connection").asText());
        });
    }

    /** Waits until the page's analyser of the received audio peaks within 30 Hz of {@code hz}. */
    public void awaitHearing(double hz, Duration timeout) {
        Await.until("the page's analyser peaks at " + hz + " Hz", timeout, () -> {
            JsonNode s = state();
            return Math.abs(s.path("peakHz").asDouble() - hz) < 30 && s.path("peakDb").asDouble() > -60;
        });
    }

    /** The page's {@code window.state}: connection, peakHz, peakDb, answer, error. */
    public JsonNode state() {
        try {
            return chrome.execute("return window.state || {};");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** getStats(): packets received on the inbound audio RTP stream. */
    public long audioPacketsReceived() {
        return stats("let n = 0; r.forEach(s => {"
                + " if (s.type === 'inbound-rtp' && s.kind === 'audio') n = s.packetsReceived; }); done(n);").asLong();
    }

    /**
     * getStats(): the candidate types of the transport's selected pair, {@code {local, remote}}, e.g.
     * {@code {"local":"relay","remote":"host"}}; empty strings while no pair is selected.
     */
    public JsonNode selectedCandidatePair() {
        return stats("let pair = null; const byId = new Map(); r.forEach(s => byId.set(s.id, s));"
                + " r.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId)"
                + " pair = byId.get(s.selectedCandidatePairId); });"
                + " if (!pair) r.forEach(s => { if (s.type === 'candidate-pair' && s.nominated"
                + " && s.state === 'succeeded') pair = s; });"
                + " const l = pair && byId.get(pair.localCandidateId), m = pair && byId.get(pair.remoteCandidateId);"
                + " done({local: l ? l.candidateType : '', remote: m ? m.candidateType : '',"
                + " localAddress: l ? (l.address || l.ip) + ':' + l.port : '',"
                + " relayProtocol: l && l.relayProtocol ? l.relayProtocol : ''});");
    }

    private JsonNode stats(String body) {
        try {
            return chrome.executeAsync("const done = arguments[arguments.length - 1];"
                    + "window.pc.getStats().then(r => { " + body + " });");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            chrome.close();
        } finally {
            server.stop(0);
        }
    }

    private static void page(HttpExchange exchange) throws IOException {
        try (InputStream in = WebRtcPage.class.getResourceAsStream("/webrtc/call.html")) {
            reply(exchange, 200, "text/html; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A mono 16-bit PCM WAV of a sine tone, for Chromium's fake microphone (it loops the file). */
    public static void writeTone(Path file, double hz, int rate, int seconds) throws IOException {
        int samples = rate * seconds;
        ByteBuffer data = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            data.putShort((short) (8000 * Math.sin(2 * Math.PI * hz * i / rate)));
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.array());
        out.write(data.array());
        Files.write(file, out.toByteArray());
    }
}
