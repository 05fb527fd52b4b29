package io.switchboard.config.model;

import java.util.regex.Pattern;

/** A phone number in E.164 form: a plus sign, then 2 to 15 digits, the first not zero. */
public record E164(String value) {

    private static final Pattern FORM = Pattern.compile("\\+[1-9][0-9]{1,14}");

    public E164 {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not an E.164 number (+ and 2 to 15 digits): \"" + value + "\"");
        }
    }

    public static E164 parse(String text) {
        return new E164(text.trim());
    }

    /** The digits without the plus sign, as used in a SIP request URI user part. */
    public String digits() {
        return value.substring(1);
    }

    @Override
    public String toString() {
        return value;
    }
}
