package io.switchboard.routing.flow.action;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps the Amazon Polly voice names flows use ({@code Joanna}, {@code Matthew}, ...) to installed
 * espeak-ng voices of the same language and gender, so exported flows keep their language. Variants
 * (+f1..+f5, +m1..+m7) keep different Polly voices of one language apart.
 */
public final class SpeechVoices {

    private static final Map<String, String> VOICES = Map.ofEntries(
            Map.entry("Joanna", "en-us+f3"), Map.entry("Salli", "en-us+f2"), Map.entry("Kimberly", "en-us+f4"),
            Map.entry("Kendra", "en-us+f1"), Map.entry("Ivy", "en-us+f5"), Map.entry("Ruth", "en-us+f2"),
            Map.entry("Danielle", "en-us+f4"), Map.entry("Matthew", "en-us+m3"), Map.entry("Joey", "en-us+m2"),
            Map.entry("Justin", "en-us+m4"), Map.entry("Kevin", "en-us+m1"), Map.entry("Stephen", "en-us+m5"),
            Map.entry("Gregory", "en-us+m6"),
            Map.entry("Amy", "en-gb+f3"), Map.entry("Emma", "en-gb+f2"), Map.entry("Brian", "en-gb+m3"),
            Map.entry("Arthur", "en-gb+m2"), Map.entry("Geraint", "en-gb-x-gbcwmd+m3"),
            Map.entry("Nicole", "en-gb+f4"), Map.entry("Olivia", "en-gb+f5"), Map.entry("Russell", "en-gb+m4"),
            Map.entry("Aditi", "hi+f3"), Map.entry("Raveena", "en-gb+f1"), Map.entry("Kajal", "hi+f2"),
            Map.entry("Celine", "fr-fr+f3"), Map.entry("Lea", "fr-fr+f2"), Map.entry("Mathieu", "fr-fr+m3"),
            Map.entry("Chantal", "fr-fr+f4"), Map.entry("Gabrielle", "fr-fr+f5"),
            Map.entry("Marlene", "de+f3"), Map.entry("Vicki", "de+f2"), Map.entry("Hans", "de+m3"),
            Map.entry("Daniel", "de+m2"),
            Map.entry("Conchita", "es+f3"), Map.entry("Lucia", "es+f2"), Map.entry("Enrique", "es+m3"),
            Map.entry("Sergio", "es+m2"), Map.entry("Penelope", "es-419+f3"), Map.entry("Lupe", "es-419+f2"),
            Map.entry("Mia", "es-419+f4"), Map.entry("Miguel", "es-419+m3"), Map.entry("Pedro", "es-419+m2"),
            Map.entry("Carla", "it+f3"), Map.entry("Bianca", "it+f2"), Map.entry("Giorgio", "it+m3"),
            Map.entry("Adriano", "it+m2"),
            Map.entry("Camila", "pt-br+f3"), Map.entry("Vitoria", "pt-br+f2"), Map.entry("Ricardo", "pt-br+m3"),
            Map.entry("Thiago", "pt-br+m2"), Map.entry("Ines", "pt+f3"), Map.entry("Cristiano", "pt+m3"),
            Map.entry("Lotte", "nl+f3"), Map.entry("Ruben", "nl+m3"), Map.entry("Laura", "nl+f2"),
            Map.entry("Mizuki", "ja+f3"), Map.entry("Takumi", "ja+m3"), Map.entry("Kazuha", "ja+f2"),
            Map.entry("Seoyeon", "ko+f3"), Map.entry("Zhiyu", "cmn+f3"),
            Map.entry("Astrid", "sv+f3"), Map.entry("Elin", "sv+f2"), Map.entry("Naja", "da+f3"),
            Map.entry("Mads", "da+m3"), Map.entry("Liv", "nb+f3"), Map.entry("Ida", "nb+f2"),
            Map.entry("Ewa", "pl+f3"), Map.entry("Maja", "pl+f2"), Map.entry("Jacek", "pl+m3"),
            Map.entry("Jan", "pl+m2"), Map.entry("Tatyana", "ru+f3"), Map.entry("Maxim", "ru+m3"),
            Map.entry("Filiz", "tr+f3"), Map.entry("Carmen", "ro+f3"), Map.entry("Zeina", "ar+f3"),
            Map.entry("Hala", "ar+f2"), Map.entry("Dora", "is+f3"), Map.entry("Karl", "is+m3"),
            Map.entry("Gwyneth", "cy+f3"));

    /** The voice a contact has before any Set voice block: Joanna, as in Amazon Connect. */
    public static final String DEFAULT_ESPEAK_VOICE = "en-us+f3";

    private SpeechVoices() {
    }

    /** The espeak-ng voice for a Polly voice name (case-sensitive, as Polly's ids are). */
    public static Optional<String> espeakVoice(String pollyVoice) {
        return Optional.ofNullable(VOICES.get(pollyVoice));
    }

    public static boolean isKnown(String pollyVoice) {
        return VOICES.containsKey(pollyVoice);
    }

    /** Every espeak-ng voice the map names. */
    static Set<String> espeakVoices() {
        return new TreeSet<>(VOICES.values());
    }

    /** The espeak-ng voice for a contact's current voice name, falling back to the default. */
    public static String forContact(String pollyVoice) {
        return VOICES.getOrDefault(pollyVoice, DEFAULT_ESPEAK_VOICE);
    }
}
