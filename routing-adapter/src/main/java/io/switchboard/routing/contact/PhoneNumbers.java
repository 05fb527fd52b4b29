package io.switchboard.routing.contact;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * E.164 checks and the normalisation of locally dialled numbers, enough for DTMF-entered numbers
 * (digits only) and caller ids. Not a full numbering-plan database: lengths are checked per country
 * only where the plan is fixed (NANP).
 */
public final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    /** ISO 3166 alpha-2 country -> country calling code, for the countries a Local format commonly names. */
    private static final Map<String, String> CALLING_CODES = Map.ofEntries(
            Map.entry("US", "1"), Map.entry("CA", "1"), Map.entry("PR", "1"),
            Map.entry("GB", "44"), Map.entry("IE", "353"), Map.entry("DE", "49"), Map.entry("FR", "33"),
            Map.entry("ES", "34"), Map.entry("IT", "39"), Map.entry("NL", "31"), Map.entry("BE", "32"),
            Map.entry("CH", "41"), Map.entry("AT", "43"), Map.entry("SE", "46"), Map.entry("NO", "47"),
            Map.entry("DK", "45"), Map.entry("FI", "358"), Map.entry("PL", "48"), Map.entry("PT", "351"),
            Map.entry("AU", "61"), Map.entry("NZ", "64"), Map.entry("JP", "81"), Map.entry("KR", "82"),
            Map.entry("IN", "91"), Map.entry("SG", "65"), Map.entry("BR", "55"), Map.entry("MX", "52"),
            Map.entry("ZA", "27"));

    private PhoneNumbers() {
    }

    public static boolean isE164(String number) {
        return number != null && E164.matcher(number).matches();
    }

    public static boolean isKnownCountry(String isoCountry) {
        return isoCountry != null && CALLING_CODES.containsKey(isoCountry.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * Digits entered by a caller who was asked for a full international number: a leading "+" cannot be
     * keyed, so it is added; "00" and "011" international prefixes are dropped.
     */
    public static Optional<String> fromInternationalDigits(String digits) {
        if (digits == null || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        String d = digits;
        if (d.startsWith("011")) {
            d = d.substring(3);
        } else if (d.startsWith("00")) {
            d = d.substring(2);
        }
        String candidate = "+" + d;
        if (!isE164(candidate)) {
            return Optional.empty();
        }
        if (d.startsWith("1") && d.length() != 11) {
            return Optional.empty();
        }
        return Optional.of(candidate);
    }

    /** Digits dialled as a national number in {@code isoCountry}, turned into E.164. */
    public static Optional<String> fromLocalDigits(String digits, String isoCountry) {
        if (digits == null || digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)
                || !isKnownCountry(isoCountry)) {
            return Optional.empty();
        }
        String code = CALLING_CODES.get(isoCountry.toUpperCase(java.util.Locale.ROOT));
        String national = digits;
        if (code.equals("1")) {
            // NANP: ten digits, or eleven with the leading trunk "1"; area and exchange codes start 2-9.
            if (national.length() == 11 && national.startsWith("1")) {
                national = national.substring(1);
            }
            if (national.length() != 10 || national.charAt(0) < '2' || national.charAt(3) < '2') {
                return Optional.empty();
            }
        } else if (national.startsWith("0")) {
            // Most other plans dial a trunk prefix "0" nationally that E.164 omits.
            national = national.substring(1);
        }
        String candidate = "+" + code + national;
        return isE164(candidate) ? Optional.of(candidate) : Optional.empty();
    }
}
