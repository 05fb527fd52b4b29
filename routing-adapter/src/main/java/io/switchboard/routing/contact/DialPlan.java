package io.switchboard.routing.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.switchboard.config.model.CountryCode;
import java.util.regex.Pattern;

/**
 * Reads a number an agent typed (the dial pad, a desk phone number) as E.164, by the instance's default country
 * for numbers without a country code, as the reference CCP does. libphonenumber's numbering plans decide what a
 * number looks like; one written in E.164 form with a known country code passes even where it is short for the
 * plan (the trunk decides).
 */
public final class DialPlan {

    private static final PhoneNumberUtil PLANS = PhoneNumberUtil.getInstance();
    /** What people write between digits: spaces, dashes, dots, brackets, slashes. */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.()/]");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");

    private DialPlan() {
    }

    /**
     * {@code typed} as E.164, dialled from {@code country}; throws {@link IllegalArgumentException} whose message
     * says, for the agent, why the number cannot be dialled.
     */
    public static String toE164(String typed, CountryCode country) {
        if (typed == null || typed.isBlank()) {
            throw new IllegalArgumentException("no number given");
        }
        String shown = "'" + (typed.length() > 40 ? typed.substring(0, 40) + "..." : typed) + "'";
        if (LETTER.matcher(typed).find()) {
            throw new IllegalArgumentException(shown + " has letters; type the number in digits");
        }
        String compact = SEPARATORS.matcher(typed.strip()).replaceAll("");
        PhoneNumber number;
        try {
            number = PLANS.parse(typed, country.value());
        } catch (NumberParseException e) {
            throw new IllegalArgumentException(shown + " is not a phone number: " + parseProblem(e, country));
        }
        ValidationResult fit = PLANS.isPossibleNumberWithReason(number);
        if (fit == ValidationResult.IS_POSSIBLE) {
            return PLANS.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        }
        String region = PLANS.getRegionCodeForCountryCode(number.getCountryCode());
        if (PhoneNumbers.isE164(compact) && !"ZZ".equals(region)) {
            // Written in E.164 form with a known country code, though short for its plan (a private or test
            // range): the trunk decides.
            return compact;
        }
        String plan = "ZZ".equals(region) ? "+" + number.getCountryCode() : region;
        return switch (fit) {
            case IS_POSSIBLE -> PLANS.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            case IS_POSSIBLE_LOCAL_ONLY -> throw new IllegalArgumentException(shown + " is a local number in " + plan
                    + "; add the area code");
            case TOO_SHORT -> throw new IllegalArgumentException(shown + " is too short for a number in " + plan);
            case TOO_LONG -> throw new IllegalArgumentException(shown + " is too long for a number in " + plan);
            case INVALID_LENGTH -> throw new IllegalArgumentException(shown + " has a length no number in " + plan
                    + " has");
            case INVALID_COUNTRY_CODE -> throw new IllegalArgumentException(shown + " starts with no known country"
                    + " code");
        };
    }

    private static String parseProblem(NumberParseException e, CountryCode country) {
        return switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE -> "it starts with no known country code";
            case NOT_A_NUMBER -> "type digits, with + and the country code for a number outside " + country;
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
            case TOO_LONG -> "too long";
        };
    }
}
