package io.switchboard.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver HTTP API with java.net.http: start a session
 * with Chromium's flags, open a page, run scripts. Test code; closes the browser and chromedriver.
 */
public final class ChromeDriver implements AutoCloseable {
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;

    public ChromeDriver(List<String> chromiumArgs) throws Exception {
        int port = FreePorts.tcp();
        process = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        awaitReady();
        ObjectNode caps = JSON.createObjectNode();
        ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
        always.put("browserName", "chrome");
        ObjectNode options = always.putObject("goog:chromeOptions");
        options.put("binary", CHROMIUM.toString());
        chromiumArgs.forEach(options.putArray("args")::add);
        JsonNode created = post("/session", caps);
        session = created.path("value").path("sessionId").asText();
        if (session.isEmpty()) {
            throw new IllegalStateException("chromedriver refused the session: " + created);
        }
    }

    private void awaitReady() {
        Await.until("chromedriver ready", Duration.ofSeconds(20), () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return JSON.readTree(r.body()).path("value").path("ready").asBoolean();
            } catch (IOException notYet) {
                return false; // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    public void open(String url) throws Exception {
        post("/session/" + session + "/url", JSON.createObjectNode().put("url", url));
    }

    /** Runs {@code script} (a function body) and returns its value. */
    public JsonNode execute(String script) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return post("/session/" + session + "/execute/sync", body).path("value");
    }

    /** Runs an async script: its last argument is the callback with the result. */
    public JsonNode executeAsync(String script) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return post("/session/" + session + "/execute/async", body).path("value");
    }

    /** The W3C key of an element reference in WebDriver's JSON. */
    public static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    /** Runs {@code script} (a function body) that returns an element; its WebDriver id, or null for none. */
    public String element(String script) throws Exception {
        JsonNode value = execute(script);
        return value.hasNonNull(ELEMENT) ? value.path(ELEMENT).asText() : null;
    }

    /** Clicks an element as a user does (scrolled into view, a trusted event). */
    public void click(String element) throws Exception {
        check(post("/session/" + session + "/element/" + element + "/click", JSON.createObjectNode()));
    }

    /** Types {@code text} into an element as key presses. */
    public void type(String element, String text) throws Exception {
        check(post("/session/" + session + "/element/" + element + "/value", JSON.createObjectNode().put("text", text)));
    }

    /** The element's accessible name as Chromium's accessibility tree computes it. */
    public String computedLabel(String element) throws Exception {
        return get("/session/" + session + "/element/" + element + "/computedlabel").path("value").asText();
    }

    /** A PNG of the viewport. */
    public byte[] screenshot() throws Exception {
        return java.util.Base64.getDecoder().decode(get("/session/" + session + "/screenshot").path("value").asText());
    }

    public void windowSize(int width, int height) throws Exception {
        post("/session/" + session + "/window/rect", JSON.createObjectNode().put("width", width).put("height", height));
    }

    /** Reloads the page, as the user's F5. */
    public void refresh() throws Exception {
        post("/session/" + session + "/refresh", JSON.createObjectNode());
    }

    /** Presses keys (W3C key values, as \uE004 for Tab) on whatever has the focus. */
    public void keys(String keys) throws Exception {
        com.fasterxml.jackson.databind.node.ArrayNode steps = JSON.createArrayNode();
        keys.codePoints().forEach(c -> {
            String key = new String(Character.toChars(c));
            steps.addObject().put("type", "keyDown").put("value", key);
            steps.addObject().put("type", "keyUp").put("value", key);
        });
        ObjectNode body = JSON.createObjectNode();
        ObjectNode source = body.putArray("actions").addObject();
        source.put("type", "key").put("id", "keyboard");
        source.set("actions", steps);
        check(post("/session/" + session + "/actions", body));
    }

    private static void check(JsonNode answer) {
        if (answer.path("value").hasNonNull("error")) {
            throw new IllegalStateException("webdriver: " + answer.path("value").path("error").asText() + ": "
                    + answer.path("value").path("message").asText());
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private JsonNode post(String path, JsonNode body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                http.send(HttpRequest.newBuilder(URI.create(base + "/session/" + session)).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        } catch (Exception ignored) {
            // the process goes anyway
        } finally {
            process.destroy();
        }
    }
}
