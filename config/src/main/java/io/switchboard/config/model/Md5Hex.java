package io.switchboard.config.model;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An MD5 digest written as 32 hexadecimal digits (an optional {@code 0x} prefix, as coturn's
 * {@code turnadmin -k} prints it, is accepted). SIP digest (HA1) and TURN long-term credentials
 * (RFC 8489 section 9.2) both key on MD5(username:realm:password), so this lets a server check
 * them without keeping the password.
 */
public record Md5Hex(String value) {

    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    public Md5Hex {
        if (value == null || !HEX32.matcher(value).matches()) {
            throw new IllegalArgumentException("expected 32 hexadecimal digits (MD5 of username:realm:password)");
        }
    }

    public static Md5Hex parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return new Md5Hex(t.startsWith("0x") ? t.substring(2) : t);
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(value);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "Md5Hex[redacted]";
    }
}
