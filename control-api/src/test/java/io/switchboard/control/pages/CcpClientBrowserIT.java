package io.switchboard.control.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.control.ControlApi;
import io.switchboard.control.ControlApiSettings;
import io.switchboard.control.TestUsers;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.control.http.StaticFiles;
import io.switchboard.control.ws.WebSocketEndpoint;
import io.switchboard.control.ws.WebSocketRoutes;
import io.switchboard.control.ws.WebSocketSession;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ChromeDriver;
import io.switchboard.testkit.WebRtcPage;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CCP page and its agent client in headless Chromium against a scripted peer of the agent WebSocket
 * (docs/agent-websocket.md): the test plays the server's messages and reads the page's commands. Covers what
 * the page does with the protocol, independent of the contact center: screen pop, Accept/Reject, the
 * controls of each contact state, ACW countdown, error messages, the sequence-gap resync, reconnecting after a
 * drop, and the banner of a tab that was replaced.
 */
class CcpClientBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCREENSHOTS = Path.of("target", "ccp-screenshots");
    private static final String BY_NAME = """
            const name = arguments[0];
            const nameOf = el => el.getAttribute('aria-label')
                || (el.labels && el.labels.length ? el.labels[0].textContent.trim() : null)
                || (el.tagName === 'BUTTON' ? el.textContent.trim() : null);
            const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
            return [...document.querySelectorAll('button, input, select')].find(el => visible(el) && nameOf(el) === name) || null;
            """;

    private final BlockingQueue<JsonNode> commands = new LinkedBlockingQueue<>();
    private final List<WebSocketSession> sockets = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> seqs = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private ControlApi api;
    private ChromeDriver chrome;
    @TempDir
    Path work;

    /** The scripted server: every socket gets a hello; commands are queued for the test. */
    private final WebSocketEndpoint agentSocket = new WebSocketEndpoint() {
        @Override
        public void onOpen(WebSocketSession session) {
            sockets.add(session);
            opened.incrementAndGet();
            send(session, hello());
        }

        @Override
        public void onText(WebSocketSession session, String text) {
            try {
                JsonNode command = JSON.readTree(text);
                commands.add(command);
                if (command.path("type").asText().equals("resync")) {
                    send(session, hello());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onClose(WebSocketSession session, int code, String reason) {
            sockets.remove(session);
        }
    };

    @BeforeEach
    void start() throws Exception {
        assumeTrue(WebRtcPage.browserInstalled(), "chromium and chromium-driver are not installed");
        HttpRoutes routes = new HttpRoutes();
        StaticFiles.mount(routes, "/ccp", StaticFiles.fromClasspath(getClass().getClassLoader(),
                "io/switchboard/control/pages/ccp"));
        api = ControlApi.start(ControlApiSettings.defaults(new InetSocketAddress("127.0.0.1", 0))
                        .withDecoyCost(TestUsers.COST), new TestUsers().add("alice", "alice-password"), routes,
                new WebSocketRoutes().add("/api/agent/ws", agentSocket));
        Path wav = work.resolve("mic.wav");
        WebRtcPage.writeTone(wav, 440, 48000, 5);
        chrome = new ChromeDriver(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-audio-capture=" + wav, "--window-size=400,900"));
        chrome.windowSize(400, 900);
        chrome.open("http://127.0.0.1:" + api.localAddress().getPort() + "/ccp/");
        chrome.type(control("Username"), "alice");
        chrome.type(control("Password"), "alice-password");
        chrome.click(control("Log in"));
        awaitText("connection", "Connected");
    }

    @AfterEach
    void stop() {
        if (chrome != null) {
            chrome.close();
        }
        if (api != null) {
            api.close();
        }
    }

    // ---- the scripted server's messages ----

    private void send(WebSocketSession session, ObjectNode message) {
        message.put("seq", seqs.computeIfAbsent(session.id(), id -> new AtomicInteger()).incrementAndGet());
        session.sendText(message.toString());
    }

    private WebSocketSession socket() {
        return Await.value("an open agent socket", WAIT, () -> sockets.stream().reduce((a, b) -> b));
    }

    private static ObjectNode hello() {
        ObjectNode hello = JSON.createObjectNode().put("type", "hello");
        hello.set("agent", agent("OFFLINE", "Offline", false));
        hello.putNull("contact");
        hello.putArray("statuses").add(status("Available", "ROUTABLE")).add(status("Offline", "OFFLINE"))
                .add(status("Lunch", "CUSTOM"));
        hello.putArray("iceServers");
        hello.putObject("settings").put("offerTimeoutSeconds", 20).put("defaultCountry", "US")
                .put("phoneType", "SOFT_PHONE");
        return hello;
    }

    private static ObjectNode status(String name, String type) {
        return JSON.createObjectNode().put("name", name).put("type", type).put("enabled", true);
    }

    private static ObjectNode agent(String state, String status, boolean routable) {
        ObjectNode agent = JSON.createObjectNode().put("state", state).put("stateSince", Instant.now().toString())
                .put("routable", routable).put("notRoutableBecause", routable ? null : "STATUS");
        agent.putObject("AgentStatus").put("Name", status);
        agent.putObject("Configuration").put("Username", "alice").put("FirstName", "Alice");
        return agent;
    }

    private static ObjectNode contact(String state) {
        ObjectNode contact = JSON.createObjectNode().put("contactId", "c-1").put("state", state)
                .put("queue", "Sales").put("customerNumber", "+15551230001").put("initiationMethod", "INBOUND")
                .put("stateSince", Instant.now().toString())
                .put("offerExpiresAt", Instant.now().plusSeconds(20).toString());
        contact.putObject("attributes").put("accountTier", "gold").put("lastOrder", "A-1042");
        return contact;
    }

    private void push(String event, String contactState, String agentState) {
        WebSocketSession session = socket();
        send(session, (ObjectNode) JSON.createObjectNode().put("type", "agent")
                .set("agent", agent(agentState, "Available", false)));
        send(session, (ObjectNode) JSON.createObjectNode().put("type", "contact").put("event", event)
                .set("contact", contact(contactState)));
    }

    /** The next command of {@code type} the page sent, skipping others (pongs, media). */
    private JsonNode command(String type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode next = commands.poll(100, TimeUnit.MILLISECONDS);
            if (next != null && next.path("type").asText().equals(type)) {
                return next;
            }
        }
        throw new AssertionError("the page sent no " + type);
    }

    private void answer(JsonNode command, String agentState) {
        send(socket(), (ObjectNode) JSON.createObjectNode().put("type", "result")
                .put("requestId", command.path("requestId").asText()).set("agent", agent(agentState, "Available", false)));
    }

    // ---- the page ----

    private String control(String name) {
        return Await.value("a visible control named '" + name + "'", WAIT, () -> {
            try {
                JsonNode value = chrome.execute("return (function() {" + BY_NAME + "}).apply(null, ['" + name + "']);");
                return java.util.Optional.ofNullable(value.hasNonNull(ChromeDriver.ELEMENT)
                        ? value.path(ChromeDriver.ELEMENT).asText() : null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private boolean shows(String name) throws Exception {
        return chrome.execute("return (function() {" + BY_NAME + "}).apply(null, ['" + name + "']);")
                .hasNonNull(ChromeDriver.ELEMENT);
    }

    private String text(String id) throws Exception {
        return chrome.execute("return document.getElementById('" + id + "').textContent").asText();
    }

    private void awaitText(String id, String expected) {
        Await.until("#" + id + " says " + expected, WAIT, () -> {
            try {
                return text(id).contains(expected);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void screenshot(String name, String id) throws Exception {
        chrome.execute("document.getElementById('" + id + "')?.scrollIntoView({block: 'center'})");
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), chrome.screenshot());
    }

    // ---- the scenarios ----

    @Test
    void anIncomingContactShowsItsScreenPopAndAcceptLeadsThroughTheCallToClose() throws Exception {
        JsonNode offer = command("media");
        assertEquals("offer", offer.path("kind").asText());
        assertTrue(offer.path("sdp").asText().contains("m=audio"), "the softphone offers audio: " + offer);

        push("incoming", "CONNECTING", "PENDING");
        chrome.click(control("Accept"));
        assertTrue(shows("Reject"));
        assertEquals("+15551230001", text("caller-number"));
        assertEquals("Sales", text("contact-queue"));
        assertTrue(text("attributes").contains("accountTier") && text("attributes").contains("gold"), text("attributes"));
        assertTrue(text("countdown").startsWith("Rings for"), text("countdown"));
        assertEquals("Incoming call", text("state-name"));
        JsonNode accept = command("accept");
        assertEquals("c-1", accept.path("contactId").asText());
        push("connected", "CONNECTED", "BUSY");
        answer(accept, "BUSY");
        control("End call");
        assertFalse(shows("Accept"));
        assertTrue(shows("Hold") && shows("Mute") && !shows("Resume") && !shows("Unmute"));
        screenshot("stub-on-call", "contact");

        chrome.click(control("Mute"));
        assertEquals(true, command("mute").path("muted").asBoolean());
        chrome.click(control("Unmute"));
        assertEquals(false, command("mute").path("muted").asBoolean());

        chrome.click(control("Hold"));
        answer(command("hold"), "ON_HOLD");
        push("held", "CONNECTED_ONHOLD", "ON_HOLD");
        chrome.click(control("Resume"));
        answer(command("resume"), "BUSY");
        push("resumed", "CONNECTED", "BUSY");
        chrome.click(control("End call"));
        answer(command("hangup"), "AFTER_CONTACT_WORK");
        push("ended", "ENDED", "AFTER_CONTACT_WORK");
        control("Close contact");
        // alice's ACW timeout (10 s in the test directory) counts down.
        awaitText("countdown", "left");
        assertTrue(text("countdown").matches("After call work: 0:(0\\d|10) left"), text("countdown"));
        screenshot("stub-after-contact-work", "contact");
        chrome.click(control("Close contact"));
        JsonNode close = command("close");
        assertEquals("c-1", close.path("contactId").asText());
        send(socket(), (ObjectNode) JSON.createObjectNode().put("type", "contact").put("event", "closed")
                .set("contact", contact("ENDED")));
        Await.until("the contact card goes", WAIT, () -> {
            try {
                return chrome.execute("return document.getElementById('contact').hidden").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theStatusSelectSendsTheStatusAndARefusalIsShownInItsOwnWords() throws Exception {
        control("Status");
        Await.until("the statuses are listed", WAIT, () -> {
            try {
                return chrome.execute("return document.getElementById('status').options.length").asInt() == 3;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        chrome.execute("const s = document.getElementById('status'); s.value = 'Lunch'; s.dispatchEvent(new Event('change'));");
        JsonNode status = command("status");
        assertEquals("Lunch", status.path("status").asText());
        send(socket(), JSON.createObjectNode().put("type", "error").put("requestId", status.path("requestId").asText())
                .put("code", "WRONG_STATE").put("message", "You are on a call: choose a status after it."));
        awaitText("banner", "You are on a call: choose a status after it.");
    }

    @Test
    void aSequenceGapMakesThePageAskForAResync() throws Exception {
        command("media");
        WebSocketSession session = socket();
        seqs.get(session.id()).addAndGet(3); // three messages "lost"
        send(session, (ObjectNode) JSON.createObjectNode().put("type", "agent")
                .set("agent", agent("AVAILABLE", "Available", true)));
        command("resync");
        awaitText("state-name", "Offline"); // the fresh hello's state
    }

    @Test
    void theClientAnswersPingsWithTheirId() throws Exception {
        send(socket(), JSON.createObjectNode().put("type", "ping").put("id", "p-7"));
        assertEquals("p-7", command("pong").path("id").asText());
    }

    @Test
    void aDroppedSocketReconnectsAndAReplacedTabSaysSoAndStaysDown() throws Exception {
        socket().close(1011, "test drop");
        Await.until("the page reconnects", Duration.ofSeconds(10), () -> opened.get() == 2);
        awaitText("connection", "Connected");

        send(socket(), JSON.createObjectNode().put("type", "replaced"));
        socket().close(1000, "replaced by a newer connection");
        awaitText("banner", "This panel was opened in another tab or window");
        awaitText("connection", "Opened elsewhere");
        screenshot("stub-replaced", "banner");
        // "Nothing happens": past the longest reconnect backoff, no new socket.
        Thread.sleep(2000);
        assertEquals(2, opened.get(), "a replaced tab does not fight the new one by reconnecting");
    }

    @Test
    void aSessionThatEndedElsewhereBringsTheLoginBackWithTheReason() throws Exception {
        // The session ends behind the page's back (here: its own cookie logs out outside the panel).
        chrome.executeAsync("const done = arguments[arguments.length - 1];"
                + " fetch('/api/logout', {method: 'POST'}).then(r => done(r.status));");
        awaitText("login-error", "Your session has ended. Log in again to take calls.");
        control("Log in");
    }
}
