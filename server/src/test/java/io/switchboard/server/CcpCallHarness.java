package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the CCP call tests and the accept-latency benchmark share: an agent's browser logged in and Available
 * on the packaged server, a SIPp caller of the demo DID whose audio is an {@link RtpPeer}, and the checks that
 * each side hears the other's tone.
 */
final class CcpCallHarness {
    static final int PCMU = RtpPeer.PCMU;
    static final double CALLER_HZ = 700;
    static final Duration SIPP_LIMIT = Duration.ofSeconds(90);

    private final PackagedServer server;
    /** The test's work directory, read when used (a static @TempDir is set after the fields). */
    private final Supplier<Path> work;

    CcpCallHarness(PackagedServer server, Supplier<Path> work) {
        this.server = server;
        this.work = work;
    }

    /** A browser logged in at /ccp as {@code username}, media up, Available. */
    CcpBrowser agentAvailable(String username, double micHz, boolean relay) throws Exception {
        CcpBrowser page = CcpBrowser.start(work.get(), micHz, List.of());
        try {
            page.open(server.http("/ccp/" + (relay ? "?relay=1" : "")).toString());
            page.type("Username", username);
            page.type("Password", "demo-password");
            page.click("Log in");
            page.awaitText("connection", "Connected"::equals, "the agent socket opens");
            Await.until("the softphone media connects", CcpBrowser.WAIT, CcpBrowser.probe(() -> page.js(
                    "return window.switchboardCcp.softphone.pc?.connectionState === 'connected'").asBoolean()));
            page.choose("Status", "Available");
            page.awaitText("state-name", "Available"::equals, username + " is Available");
            return page;
        } catch (Exception | Error e) {
            page.close();
            throw e;
        }
    }

    Sipp.Running call(String name, RtpPeer caller) {
        return Sipp.scenarioFile(SippScenarios.path("transfer_caller.xml"))
                .name(name).target("127.0.0.1", server.sipPort())
                .args("-s", "+15550100", "-key", "rtp_port", Integer.toString(caller.port())).traceMessages()
                .calls(1).timeout(SIPP_LIMIT).start(work.get());
    }

    /** Once the menu plays, the caller presses {@code digit}; then keeps sending its tone. */
    static void press(Sipp.Running uac, RtpPeer caller, IvrCall ivr, String contact, String digit) {
        Sipp.Message answer = uac.awaitReceived(m -> m.startsWith("SIP/2.0 200") && m.contains("INVITE"),
                Duration.ofSeconds(10));
        caller.remote(new InetSocketAddress("127.0.0.1", answer.audioPort()));
        Await.until("the menu plays to the caller", Duration.ofSeconds(20),
                () -> ivr.flowLogCount(contact, "main-menu") > 0);
        caller.sendDtmfEvents(digit, 101, PCMU);
        Thread talking = new Thread(() -> caller.sendTone(CALLER_HZ, 8000, Duration.ofSeconds(60), PCMU), "caller-tone");
        talking.setDaemon(true);
        talking.start();
    }

    /** The page's WebAudio analyser of the remote stream hears the caller's tone. */
    static void awaitPageHears(CcpBrowser page, double hz) {
        Await.until("the page hears the caller's " + hz + " Hz", CcpBrowser.WAIT, CcpBrowser.probe(() -> {
            JsonNode tone = page.js("return window.switchboardCcp.softphone.dominantFrequency('remote')");
            return tone != null && Math.abs(tone.path("hz").asDouble() - hz) < 30 && tone.path("db").asDouble() > -70;
        }));
    }

    /** What the caller's side receives carries the page's microphone tone. */
    static void awaitCallerHears(RtpPeer caller, double hz) {
        Await.until("the caller hears the page's " + hz + " Hz", CcpBrowser.WAIT, () -> {
            caller.clearReceived();
            List<RtpPeer.Received> heard = caller.await(p -> p.payloadType() == PCMU, 25, Duration.ofSeconds(2));
            return heard.size() >= 25 && RtpPeer.toneShare(RtpPeer.decode(heard, PCMU), hz) > 0.5;
        });
    }

}
