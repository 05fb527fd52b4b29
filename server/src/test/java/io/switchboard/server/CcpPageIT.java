package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.FreePorts;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.WebRtcPage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CCP page in headless Chromium against the packaged demo server started with {@code --self-signed}:
 * served from the jar at /ccp, its controls carry CONTRACT.md's accessible names as Chromium computes them,
 * log in works by keyboard, it fits 400 px, the pre-call check hears the fake microphone and gets a relay
 * candidate from our TURN server, a blocked microphone is told in words a person can act on, the number field
 * normalises to E.164, and the same page works over HTTPS with the generated certificate.
 */
class CcpPageIT {
    private static final int HTTPS_PORT = FreePorts.tcp();

    @RegisterExtension
    static final PackagedServer server = PackagedServer.demo().args("--self-signed", "--https-port",
            Integer.toString(HTTPS_PORT));
    @TempDir
    static Path work;

    @BeforeAll
    static void browser() {
        assumeTrue(WebRtcPage.browserInstalled(), "chromium and chromium-driver are not installed");
    }

    private String ccp() {
        return server.http("/ccp").toString();
    }

    private static void logIn(CcpBrowser page, String username) throws Exception {
        page.type("Username", username);
        page.type("Password", "demo-password");
        page.click("Log in");
        page.control("Status");
    }

    @Test
    void thePageAndItsModulesComeFromTheJar() {
        HttpResponse<String> redirect = server.get("/ccp");
        assertEquals(301, redirect.statusCode());
        assertEquals("ccp/", redirect.headers().firstValue("location").orElseThrow());
        HttpResponse<String> page = server.get("/ccp/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script type=\"module\" src=\"ccp.js\">"), page.body());
        for (String module : List.of("ccp.js", "switchboard-agent.js", "softphone.js", "e164.js", "emitter.js")) {
            HttpResponse<String> js = server.get("/ccp/" + module);
            assertEquals(200, js.statusCode(), module);
            assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("content-type").orElseThrow(), module);
        }
    }

    @Test
    void theLoginFormWorksByKeyboardAndThePanelCarriesTheContractsNames() throws Exception {
        try (CcpBrowser page = CcpBrowser.start(work, 440, List.of())) {
            page.open(ccp());
            for (String name : List.of("Username", "Password", "Log in")) {
                assertEquals(name, page.accessibleName(name), "Chromium's accessible name of " + name);
            }
            page.screenshot("01-login");
            // The username field has the focus on load; Tab moves to the password, Enter submits.
            page.keys("alice\uE004demo-password\uE007");
            page.control("Status");
            for (String name : List.of("Status", "Phone number", "Call", "Log out")) {
                assertEquals(name, page.accessibleName(name), "Chromium's accessible name of " + name);
            }
            assertTrue(!page.text("agent-name").isBlank(), "the panel names the agent");
            JsonNode width = page.js("return [document.documentElement.scrollWidth, window.innerWidth]");
            assertTrue(width.get(1).asInt() <= 400, "the window is 400 px wide: " + width);
            assertTrue(width.get(0).asInt() <= width.get(1).asInt(),
                    "no horizontal scrolling at 400 px: " + width);
            page.screenshot("02-logged-in");

            page.click("Log out");
            page.control("Log in");
            // Log out really logs out: the page's own cookie no longer names a session.
            Await.until("the session is gone", CcpBrowser.WAIT, () -> {
                try {
                    return page.jsAsync("const done = arguments[arguments.length - 1];"
                            + " fetch('/api/session').then(r => done(r.status));").asInt() == 401;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void thePreCallCheckHearsTheMicrophoneAndReachesOurTurnServer() throws Exception {
        try (CcpBrowser page = CcpBrowser.start(work, 440, List.of())) {
            page.open(ccp());
            logIn(page, "alice");
            page.awaitText("checks", t -> t.contains("TURN server answers") || t.contains("cannot be reached"),
                    "the pre-call check finishes");
            String checks = page.text("checks");
            assertTrue(checks.contains("The microphone works."), checks);
            assertTrue(checks.contains("The TURN server answers"), checks);
            Await.until("the level meter moves with the fake microphone's tone", CcpBrowser.WAIT, () -> {
                try {
                    return page.js("return document.getElementById('level').value").asDouble() > 0.05;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode tone = page.js("return window.switchboardCcp.softphone.dominantFrequency('local')");
            assertEquals(440, tone.path("hz").asDouble(), 30, "the analyser hears the microphone's tone: " + tone);
            page.screenshot("03-pre-call-check", "checks");
        }
    }

    @Test
    void aBlockedMicrophoneIsToldInWordsAPersonCanActOn() throws Exception {
        try (CcpBrowser page = CcpBrowser.start(work, 440, List.of("--deny-permission-prompts"))) {
            page.open(ccp());
            logIn(page, "bob");
            page.awaitText("checks", t -> t.contains("microphone") && !t.startsWith("Checking"),
                    "the pre-call check reports on the microphone");
            String checks = page.text("checks");
            assertTrue(checks.contains("The browser blocks the microphone for this page. Click the lock or camera "
                    + "icon in the address bar, allow the microphone, then press Check again."), checks);
            page.screenshot("04-microphone-blocked", "checks");
        }
    }

    @Test
    void thePhoneNumberFieldNormalisesToE164ByTheDefaultCountry() throws Exception {
        try (CcpBrowser page = CcpBrowser.start(work, 440, List.of())) {
            page.open(ccp());
            logIn(page, "alice");
            page.type("Phone number", "(555) 010-0199");
            page.awaitText("phone-hint", t -> t.equals("Calls +15550100199"), "the hint shows the E.164 number");
            JsonNode cases = page.jsAsync("""
                    const done = arguments[arguments.length - 1];
                    import('/ccp/e164.js').then(m => done([
                      m.normalise('+1 555 0100', 'US'), m.normalise('020 7946 0000', 'GB'),
                      m.normalise('0049 30 1234567', 'US'), m.normalise('555 0100', 'US'),
                      m.normalise('call me', 'US')]));
                    """);
            assertEquals("+15550100", cases.get(0).path("number").asText(), cases.toString());
            assertEquals("+442079460000", cases.get(1).path("number").asText(), cases.toString());
            assertEquals("+49301234567", cases.get(2).path("number").asText(), cases.toString());
            assertEquals("Add the three-digit area code in front of the number.", cases.get(3).path("message").asText());
            assertTrue(!cases.get(4).path("ok").asBoolean(), cases.toString());
            page.screenshot("05-dial", "phone-number");
        }
    }

    @Test
    void overHttpsWithTheSelfSignedCertificateThePageIsASecureOrigin() throws Exception {
        Path pem = server.dataDir().resolve("tls/self-signed-certificate.pem");
        assertTrue(Files.isRegularFile(pem), "the generated certificate is written for a person to import");
        HttpClient trusting = trusting(pem);
        HttpResponse<String> login = trusting.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + HTTPS_PORT + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"bob\",\"password\":\"demo-password\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.contains("; Secure") && cookie.contains("; HttpOnly") && cookie.contains("SameSite=Strict"),
                cookie);

        try (CcpBrowser page = CcpBrowser.start(work, 440, List.of("--ignore-certificate-errors"))) {
            page.open("https://127.0.0.1:" + HTTPS_PORT + "/ccp/");
            logIn(page, "bob");
            assertTrue(page.js("return window.isSecureContext").asBoolean());
            assertEquals("https:", page.js("return location.protocol").asText());
            page.awaitText("checks", t -> t.contains("The microphone works."), "the microphone over https");
        }
    }

    private static HttpClient trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (var in = Files.newInputStream(pem)) {
            store.setCertificateEntry("switchboard", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
