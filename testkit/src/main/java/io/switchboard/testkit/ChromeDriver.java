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
