package io.switchboard.media.player;

import io.switchboard.media.api.PromptItem;
import io.switchboard.media.codec.WavFormatException;
import io.switchboard.media.codec.WavReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Speech shipped pre-rendered in this jar: the text the built-in default flows speak, rendered in their voice
 * by {@code scripts/generate-builtin-speech.sh}, so that they speak without espeak-ng. A rendering is used only
 * when text, voice and kind (text or SSML) match one exactly; anything else still needs the synthesizer.
 * Immutable; the index is read once, the audio of an entry when it is asked for.
 */
public final class ShippedSpeech {
    /** Where the renderings and their {@code index.tsv} (voice, kind, file, text per line) live. */
    static final String DIRECTORY = "/io/switchboard/media/player/speech/";
    private static final ShippedSpeech BUILT_IN = load(DIRECTORY);

    /** Speech item -> file name in {@link #directory}. */
    private final Map<PromptItem.Speech, String> files;
    private final String directory;

    private ShippedSpeech(Map<PromptItem.Speech, String> files, String directory) {
        this.files = Collections.unmodifiableMap(files);
        this.directory = directory;
    }

    /** The renderings in this jar. */
    public static ShippedSpeech builtIn() {
        return BUILT_IN;
    }

    /** None at all: every item needs the synthesizer. */
    public static ShippedSpeech none() {
        return new ShippedSpeech(Map.of(), DIRECTORY);
    }

    static ShippedSpeech load(String directory) {
        Map<PromptItem.Speech, String> files = new HashMap<>();
        try (InputStream in = ShippedSpeech.class.getResourceAsStream(directory + "index.tsv")) {
            if (in == null) {
                return new ShippedSpeech(files, directory);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String line; (line = lines.readLine()) != null;) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 4);
                if (f.length != 4 || !(f[1].equals("text") || f[1].equals("ssml"))) {
                    throw new IllegalStateException(directory + "index.tsv:" + number
                            + ": expected voice, text|ssml, file and text separated by tabs");
                }
                files.put(new PromptItem.Speech(f[3], f[0], f[1].equals("ssml")), f[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory + "index.tsv", e);
        }
        return new ShippedSpeech(files, directory);
    }

    /** Whether {@code speech} has a rendering here (exactly this text, voice and kind). */
    public boolean has(PromptItem.Speech speech) {
        return files.containsKey(speech);
    }

    /** The 8 kHz samples of the rendering of {@code speech}, if there is one. */
    public Optional<short[]> samples(PromptItem.Speech speech) throws IOException {
        String file = files.get(speech);
        if (file == null) {
            return Optional.empty();
        }
        try (InputStream in = ShippedSpeech.class.getResourceAsStream(directory + file)) {
            if (in == null) {
                throw new IOException("shipped speech " + directory + file + " is missing from the jar");
            }
            return Optional.of(WavReader.decode(directory + file, in.readAllBytes()));
        } catch (WavFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** How many renderings there are. */
    public int size() {
        return files.size();
    }
}
