package io.switchboard.media.player;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The voices and variants an espeak-ng installation offers, read from its {@code --voices} and
 * {@code --voices=variant} listings (columns: Pty, Language, Age/Gender, VoiceName, File, Other Languages).
 */
final class EspeakVoices {
    private static final String VARIANT_DIR = "!v/";
    /** An entry of the Other Languages column: {@code (zh 5)}, language and priority. */
    private static final Pattern OTHER_LANGUAGE = Pattern.compile("\\(([^()\\s]+)\\s+\\d+\\)");

    /** Lower-cased names espeak-ng accepts for a voice: language, alternative languages, voice name, file. */
    private final Set<String> voices = new HashSet<>();
    /** Variant file names; espeak-ng opens the file by this name, so the case matters. */
    private final Set<String> variants = new HashSet<>();

    EspeakVoices(String voicesListing, String variantsListing) {
        for (String[] f : rows(voicesListing)) {
            voices.add(f[1].toLowerCase(Locale.ROOT));
            // The listing writes spaces in names as underscores.
            voices.add(f[3].replace('_', ' ').toLowerCase(Locale.ROOT));
            String file = f[4].toLowerCase(Locale.ROOT);
            voices.add(file);
            voices.add(file.substring(file.lastIndexOf('/') + 1));
            Matcher other = OTHER_LANGUAGE.matcher(String.join(" ", Arrays.copyOfRange(f, 5, f.length)));
            while (other.find()) {
                voices.add(other.group(1).toLowerCase(Locale.ROOT));
            }
        }
        for (String[] f : rows(variantsListing)) {
            if (f[4].startsWith(VARIANT_DIR)) {
                variants.add(f[4].substring(VARIANT_DIR.length()));
            }
        }
    }

    private static Iterable<String[]> rows(String listing) {
        return listing.lines().map(line -> line.trim().split("\\s+"))
                .filter(f -> f.length >= 5 && !f[0].equals("Pty"))::iterator;
    }

    /** A voice name as {@code -v} takes it, without its variant. */
    boolean hasVoice(String name) {
        return voices.contains(name.replace('_', ' ').toLowerCase(Locale.ROOT));
    }

    boolean hasVariant(String name) {
        return variants.contains(name);
    }
}
