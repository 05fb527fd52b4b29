package io.switchboard.routing.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.model.CountryCode;
import org.junit.jupiter.api.Test;

/** What agents type, read as E.164 by the default country; what cannot be read says why. */
class DialPlanTest {

    private static final CountryCode US = CountryCode.parse("US");
    private static final CountryCode GB = CountryCode.parse("gb");

    @Test
    void nationalNumbersTakeTheDefaultCountryAndInternationalOnesKeepTheirs() {
        assertEquals("+12025550142", DialPlan.toE164("(202) 555-0142", US));
        assertEquals("+12025550142", DialPlan.toE164("1 202 555 0142", US));
        assertEquals("+442079460000", DialPlan.toE164("020 7946 0000", GB));
        assertEquals("+442079460000", DialPlan.toE164("011 44 20 7946 0000", US), "the US international prefix");
        assertEquals("+442079460000", DialPlan.toE164("+44 (0)20 7946 0000", US));
        assertEquals("+15550142", DialPlan.toE164("+1 555-0142", US), "written as E.164: taken as it is");
    }

    @Test
    void whatCannotBeDialledIsRefusedWithTheReason() {
        assertTrue(refused("555-0142", US).contains("area code"));
        assertTrue(refused("1-800-FLOWERS", US).contains("letters"));
        assertTrue(refused("12", US).contains("too short"));
        assertTrue(refused("202 555 0142 9999 99", US).contains("too long"));
        assertTrue(refused("   ", US).contains("no number"));
        assertTrue(refused("+999 1234", US).contains("country code"));
    }

    @Test
    void aCountryWithoutAKnownPlanIsNotACountryCode() {
        assertThrows(IllegalArgumentException.class, () -> CountryCode.parse("XX"));
        assertThrows(IllegalArgumentException.class, () -> CountryCode.parse("USA"));
        assertEquals("GB", GB.value());
    }

    private static String refused(String typed, CountryCode country) {
        return assertThrows(IllegalArgumentException.class, () -> DialPlan.toE164(typed, country)).getMessage();
    }
}
