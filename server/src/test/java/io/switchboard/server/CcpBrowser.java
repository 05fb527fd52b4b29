package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ChromeDriver;
import io.switchboard.testkit.WebRtcPage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An agent's browser on the CCP: headless Chromium whose fake microphone plays a sine tone, driven through the
 * test kit's WebDriver client. Controls are found by their accessible name, as a screen reader user finds
 * them, and clicked as a user clicks them. Screenshots go to {@code target/ccp-screenshots/}.
 */
final class CcpBrowser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "ccp-screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);

    /** Finds the visible control whose accessible name (aria-label, label, or text) is arguments[0]. */
    private static final String BY_NAME = """
            const name = arguments[0];
            const nameOf = el => el.getAttribute('aria-label')
                || (el.labels && el.labels.length ? el.labels[0].textContent.trim() : null)
                || (el.tagName === 'BUTTON' ? el.textContent.trim() : null);
            const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
            return [...document.querySelectorAll('button, input, select, textarea, meter')]
                .find(el => visible(el) && nameOf(el) === name) || null;
            """;

    private final ChromeDriver chrome;

    private CcpBrowser(ChromeDriver chrome) {
        this.chrome = chrome;
    }

    /** Chromium with a microphone playing {@code micHz}; {@code extraArgs} as --deny-permission-prompts. */
    static CcpBrowser start(Path work, double micHz, List<String> extraArgs) throws Exception {
        Path wav = work.resolve("ccp-mic-" + (int) micHz + "hz.wav");
        if (!Files.exists(wav)) {
            WebRtcPage.writeTone(wav, micHz, 48000, 60);
        }
        List<String> args = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                "--use-fake-device-for-media-stream", "--use-file-for-fake-audio-capture=" + wav,
                "--autoplay-policy=no-user-gesture-required", "--allow-loopback-in-peer-connection",
                "--disable-features=WebRtcHideLocalIpsWithMdns", "--window-size=400,900"));
        if (!extraArgs.contains("--deny-permission-prompts")) {
            args.add("--use-fake-ui-for-media-stream");
        }
        args.addAll(extraArgs);
        ChromeDriver chrome = new ChromeDriver(args);
        try {
            chrome.windowSize(400, 900);
        } catch (Exception | Error e) {
            chrome.close();
            throw e;
        }
        return new CcpBrowser(chrome);
    }

    void open(String url) throws Exception {
        chrome.open(url);
    }

    /** The visible control named {@code name}, waiting for it to appear. */
    String control(String name) {
        return Await.value("a visible control named '" + name + "'", WAIT, () -> {
            try {
                return java.util.Optional.ofNullable(chrome.element(script(BY_NAME, name)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** True when a control named {@code name} is visible now. */
    boolean shows(String name) throws Exception {
        return chrome.element(script(BY_NAME, name)) != null;
    }

    void click(String name) throws Exception {
        chrome.click(control(name));
    }

    void type(String name, String text) throws Exception {
        chrome.type(control(name), text);
    }

    /** Chromium's own accessible name of the control our finder found by {@code name}. */
    String accessibleName(String name) throws Exception {
        return chrome.computedLabel(control(name));
    }

    /** Chooses the option {@code option} of the select named {@code name}, as the keyboard does. */
    void choose(String name, String option) throws Exception {
        control(name);
        Await.until("the " + name + " select offers " + option, WAIT, probe(() -> js(
                "return [...document.querySelectorAll('select')].some(s => [...s.options].some(o => o.value === "
                        + quote(option) + "))").asBoolean()));
        chrome.execute("const s = [...document.querySelectorAll('select')].find(s => s.labels[0]?.textContent.trim() === "
                + quote(name) + "); s.value = " + quote(option) + "; s.dispatchEvent(new Event('change'));");
    }

    JsonNode js(String body) throws Exception {
        return chrome.execute(body);
    }

    JsonNode jsAsync(String body) throws Exception {
        return chrome.executeAsync(body);
    }

    String text(String id) throws Exception {
        return js("const e = document.getElementById(" + quote(id) + "); return e ? e.textContent : null;").asText();
    }

    void awaitText(String id, Predicate<String> test, String what) {
        Await.until(what, WAIT, () -> {
            try {
                return test.test(text(id));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    void keys(String keys) throws Exception {
        chrome.keys(keys);
    }

    void refresh() throws Exception {
        chrome.refresh();
    }

    /** Scrolls the element {@code id} into view, then saves the viewport as {@code <name>.png}. */
    Path screenshot(String name, String id) throws Exception {
        js("document.getElementById(" + quote(id) + ")?.scrollIntoView({block: 'center'})");
        return screenshot(name);
    }

    /** Saves the viewport as {@code target/ccp-screenshots/<name>.png}. */
    Path screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, chrome.screenshot());
        return file;
    }

    /** A condition for {@link Await} from a browser call that may throw. */
    static java.util.function.BooleanSupplier probe(java.util.concurrent.Callable<Boolean> condition) {
        return () -> {
            try {
                return condition.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static String script(String body, String argument) {
        return "return (function() {" + body + "}).apply(null, [" + quote(argument) + "]);";
    }

    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public void close() {
        chrome.close();
    }
}
