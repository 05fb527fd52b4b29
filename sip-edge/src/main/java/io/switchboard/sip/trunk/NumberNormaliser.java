package io.switchboard.sip.trunk;

/**
 * Brings the numbers a trunk sends to E.164 ("+15551230001") so DIDs match whatever format the provider
 * uses. With no country code, numbers pass as they are.
 */
public final class NumberNormaliser {
    private final String countryCode;

    public NumberNormaliser(String countryCode) {
        this.countryCode = countryCode == null ? "" : countryCode;
    }

    /**
     * "+E164" stays; "00" international prefix becomes "+"; digits starting with the country code and
     * longer than a national number become "+digits"; other all-digit numbers get "+countrycode". Anything
     * that is not a phone number (letters, extensions) is returned unchanged.
     */
    public String toE164(String number) {
        if (number == null || number.isEmpty() || countryCode.isEmpty()) {
            return number;
        }
        String digits = stripVisualSeparators(number);
        if (digits.startsWith("+")) {
            return digits.substring(1).chars().allMatch(Character::isDigit) ? digits : number;
        }
        if (!digits.chars().allMatch(Character::isDigit)) {
            return number;
        }
        if (digits.startsWith("00") && digits.length() > 4) {
            return "+" + digits.substring(2);
        }
        if (digits.startsWith(countryCode) && digits.length() > 10) {
            return "+" + digits;
        }
        return "+" + countryCode + digits;
    }

    /**
     * A number as the trunk wants it: normalised to E.164 first (when a country code is set), then written in
     * {@code format}. Anything that is not a phone number passes unchanged.
     */
    public String toTrunk(String number, io.switchboard.sip.api.NumberFormat format) {
        String e164 = toE164(number);
        if (e164 == null || !e164.startsWith("+")) {
            return e164;
        }
        String digits = e164.substring(1);
        return switch (format) {
            case E164 -> e164;
            case DIGITS -> digits;
            case NATIONAL -> !countryCode.isEmpty() && digits.startsWith(countryCode)
                    ? digits.substring(countryCode.length())
                    : ("1".equals(countryCode) ? "011" : "00") + digits; // NANP dials 011 abroad, most others 00
        };
    }

    /** RFC 3966 section 5.1.1 visual separators: '-', '.', '(', ')'. */
    private static String stripVisualSeparators(String number) {
        StringBuilder sb = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c != '-' && c != '.' && c != '(' && c != ')' && c != ' ') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
