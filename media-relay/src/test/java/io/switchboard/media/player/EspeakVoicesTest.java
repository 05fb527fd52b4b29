package io.switchboard.media.player;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reading espeak-ng's voice and variant listings (the layout of espeak-ng 1.51). */
class EspeakVoicesTest {
    private static final String VOICES = """
            Pty Language       Age/Gender VoiceName          File                 Other Languages
             5  af              --/M      Afrikaans          gmw/af
             5  cmn             --/M      Chinese_(Mandarin,_latin_as_English) sit/cmn              (zh-cmn 5)(zh 5)
             2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
             5  en-gb-x-gbcwmd  --/M      English_(West_Midlands) gmw/en-GB-x-gbcwmd   (en-gb 9)(en 9)
             2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
            """;
    private static final String VARIANTS = """
            Pty Language       Age/Gender VoiceName          File                 Other Languages
             5  variant         --/M      Alex               !v/Alex
             5  variant         --/F      female3            !v/f3
             5  variant         --/M      male3              !v/m3
            """;

    private final EspeakVoices voices = new EspeakVoices(VOICES, VARIANTS);

    @Test
    void aVoiceIsNamedByLanguageAlternativeLanguageNameOrFileInAnyCase() {
        for (String name : new String[] {"en-us", "EN-US", "en-gb-x-gbcwmd", "en", "zh", "Afrikaans",
            "English_(America)", "gmw/en-US", "en-GB-x-gbcwmd"}) {
            assertTrue(voices.hasVoice(name), name);
        }
        assertFalse(voices.hasVoice("xx-klingon"));
        assertFalse(voices.hasVoice("Pty"), "the header is not a voice");
    }

    @Test
    void aVariantIsNamedByItsFileExactly() {
        assertTrue(voices.hasVariant("f3"));
        assertTrue(voices.hasVariant("Alex"));
        // espeak-ng opens variant files by name: "alex" and "female3" fall back to the plain voice.
        assertFalse(voices.hasVariant("alex"));
        assertFalse(voices.hasVariant("female3"));
        assertFalse(voices.hasVariant("f33"));
    }
}
