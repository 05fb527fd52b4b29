package io.switchboard.config.model;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Locale;
import java.util.Set;

/**
 * A country as ISO 3166-1 alpha-2 names it ({@code US}, {@code GB}), one whose numbering plan is known, so
 * that a number dialled without its country code can be read as E.164.
 */
public record CountryCode(String value) {

    private static final Set<String> KNOWN = PhoneNumberUtil.getInstance().getSupportedRegions();

    public CountryCode {
        if (value == null || !KNOWN.contains(value)) {
            throw new IllegalArgumentException("not an ISO 3166 alpha-2 country with a known numbering plan"
                    + " (US, GB, DE...): \"" + value + "\"");
        }
    }

    /** Upper-cases the text, so {@code gb} reads as {@code GB}. */
    public static CountryCode parse(String text) {
        return new CountryCode(text.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }
}
