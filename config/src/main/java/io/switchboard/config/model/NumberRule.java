package io.switchboard.config.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number normalisation rule: when {@code match} (a Java regular expression) matches the whole
 * number, it is replaced by {@code replace} ({@code $1} names a group). Rules of a trunk are tried
 * in order; the first that matches wins.
 */
public record NumberRule(NumberDirection direction, Pattern match, String replace) {

    /** The rewritten number, or null when this rule does not match. */
    public String apply(String number) {
        Matcher m = match.matcher(number);
        return m.matches() ? m.replaceFirst(replace) : null;
    }
}
