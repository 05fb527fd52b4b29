package io.switchboard.routing.instance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompts the shipped default flows play ({@code CustomerQueue.wav}, {@code CustomerHold.wav},
 * {@code Beep.wav}) and the ringback tone a transferred caller hears ({@code Ringback.wav}): 8 kHz mono WAVs in
 * this jar, copied to a directory so the relay can read them like any instance prompt. An instance prompt
 * with the same name replaces one (another country's ringback cadence, say).
 */
public final class BuiltInPrompts {

    /** North American ringback (440 + 480 Hz, 2 s on, 4 s off), made by {@code scripts/generate-ringback.sh}. */
    public static final String RINGBACK = "Ringback.wav";
    public static final List<String> NAMES = List.of("CustomerQueue.wav", "CustomerHold.wav", "Beep.wav", RINGBACK);

    private BuiltInPrompts() {
    }

    /** Copies the prompts into {@code directory} (replacing older copies); returns name -> file. */
    public static Map<String, Path> extractTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : NAMES) {
            Path target = directory.resolve(name);
            try (InputStream in = BuiltInPrompts.class.getResourceAsStream("prompts/" + name)) {
                if (in == null) {
                    throw new IOException("built-in prompt " + name + " missing from the jar");
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            files.put(name, target);
        }
        return files;
    }
}
