package io.switchboard.routing.voice;

import io.switchboard.routing.port.Prompt;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speech through the {@code espeak-ng} program: text (or SSML with {@code -m}) on stdin, a 22.05 kHz WAV
 * out, resampled here to the 8 kHz the relay plays. Results are cached on disk by a hash of voice, mode
 * and text, so the queue message every caller hears is synthesised once. Runs on its own small pool:
 * synthesis is blocking work and must stay off the engine and media threads.
 */
public final class EspeakSpeechSynthesizer implements SpeechSynthesizer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EspeakSpeechSynthesizer.class);
    private static final long PROCESS_TIMEOUT_SECONDS = 20;

    private final String program;
    private final Path cacheDir;
    private final String unavailable;
    private final ExecutorService pool;
    /** Syntheses in flight, so concurrent callers of the same text share one process. */
    private final Map<String, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();

    public EspeakSpeechSynthesizer(String program, Path cacheDir, int threads) {
        this.program = program;
        this.cacheDir = cacheDir;
        this.unavailable = probe(program);
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "speech-synthesis");
            t.setDaemon(true);
            return t;
        });
    }

    private static String probe(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return program + " --version failed";
            }
            return null;
        } catch (IOException e) {
            return program + " is not installed (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing " + program;
        }
    }

    @Override
    public String unavailableReason() {
        return unavailable;
    }

    @Override
    public CompletionStage<Path> synthesize(Prompt.Speech speech) {
        if (unavailable != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("speech unavailable: " + unavailable));
        }
        String key = key(speech);
        Path target = cacheDir.resolve(key + ".wav");
        if (Files.isRegularFile(target)) {
            return CompletableFuture.completedFuture(target);
        }
        return inFlight.computeIfAbsent(key, k -> {
            CompletableFuture<Path> f = CompletableFuture.supplyAsync(() -> render(speech, target), pool);
            f.whenComplete((path, error) -> inFlight.remove(k));
            return f;
        });
    }

    private Path render(Prompt.Speech speech, Path target) {
        Path raw = null;
        try {
            Files.createDirectories(cacheDir);
            raw = Files.createTempFile(cacheDir, "espeak-", ".raw.wav");
            List<String> command = speech.ssml()
                    ? List.of(program, "-m", "-v", speech.voice(), "-w", raw.toString(), "--stdin")
                    : List.of(program, "-v", speech.voice(), "-w", raw.toString(), "--stdin");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(speech.text().getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(program + " did not finish within " + PROCESS_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(program + " exited " + p.exitValue() + ": " + output);
            }
            Pcm16Wav.Audio audio = Pcm16Wav.read(raw);
            short[] samples = Resampler.toRate(audio.samples(), audio.sampleRate(), 8000);
            Path partial = Files.createTempFile(cacheDir, "speech-", ".part");
            Pcm16Wav.write(partial, samples, 8000);
            // Atomic so a concurrent reader never plays a half-written file.
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.debug("synthesised {} samples with voice {} into {}", samples.length, speech.voice(), target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("speech synthesis failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during speech synthesis", e);
        } finally {
            if (raw != null) {
                try {
                    Files.deleteIfExists(raw);
                } catch (IOException ignored) {
                    // a leftover temporary file in the cache directory is harmless
                }
            }
        }
    }

    static String key(Prompt.Speech speech) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((speech.voice() + '\0' + speech.ssml() + '\0' + speech.text()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
