package io.switchboard.config.model;

import java.util.regex.Pattern;

/**
 * A bcrypt password hash in the OpenBSD form ({@code $2y$10$} + 53 characters). Plain text is
 * refused so that an instance directory never holds a usable password.
 */
public record PasswordHash(String value) {

    private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    public PasswordHash {
        if (value == null || !BCRYPT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a bcrypt hash; store only password hashes: "
                    + "run \"java -jar switchboard.jar hash-password\" and paste its output here");
        }
    }

    public static PasswordHash parse(String text) {
        return new PasswordHash(text.trim());
    }

    public static boolean isBcrypt(String text) {
        return text != null && BCRYPT.matcher(text).matches();
    }

    /** Never prints the hash: logs and error messages must not carry it. */
    @Override
    public String toString() {
        return "PasswordHash[bcrypt]";
    }
}
