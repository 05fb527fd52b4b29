package io.switchboard.routing.contact;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** E.164 checks and normalisation of keyed numbers. */
class PhoneNumbersTest {

    @Test
    void e164() {
        assertTrue(PhoneNumbers.isE164("+15550100"));
        assertTrue(PhoneNumbers.isE164("+442071838750"));
        assertFalse(PhoneNumbers.isE164("15550100"));
        assertFalse(PhoneNumbers.isE164("+0123456789"));
        assertFalse(PhoneNumbers.isE164("+1234567890123456"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.phone("555-0100"));
    }

    @Test
    void localNumbers() {
        assertEquals(Optional.of("+12065550123"), PhoneNumbers.fromLocalDigits("2065550123", "US"));
        assertEquals(Optional.of("+12065550123"), PhoneNumbers.fromLocalDigits("12065550123", "us"));
        assertEquals(Optional.empty(), PhoneNumbers.fromLocalDigits("1065550123", "US"), "area codes start 2-9");
        assertEquals(Optional.empty(), PhoneNumbers.fromLocalDigits("206555012", "US"));
        assertEquals(Optional.of("+442071838750"), PhoneNumbers.fromLocalDigits("02071838750", "GB"));
        assertEquals(Optional.empty(), PhoneNumbers.fromLocalDigits("2065550123", "XX"));
    }

    @Test
    void internationalDigits() {
        assertEquals(Optional.of("+442071838750"), PhoneNumbers.fromInternationalDigits("442071838750"));
        assertEquals(Optional.of("+442071838750"), PhoneNumbers.fromInternationalDigits("00442071838750"));
        assertEquals(Optional.of("+442071838750"), PhoneNumbers.fromInternationalDigits("011442071838750"));
        assertEquals(Optional.empty(), PhoneNumbers.fromInternationalDigits("1206555"), "NANP needs eleven digits");
        assertEquals(Optional.empty(), PhoneNumbers.fromInternationalDigits("12*4"));
    }

    @Test
    void contactEndsOnceWithTheFirstReason() {
        Contact c = Contact.inbound(Endpoint.phone("+15551230000"), Endpoint.phone("+15550100"), java.time.Instant.EPOCH);
        assertTrue(c.end(DisconnectReason.CUSTOMER_DISCONNECT, java.time.Instant.ofEpochSecond(5)));
        assertFalse(c.end(DisconnectReason.CONTACT_FLOW_DISCONNECT, java.time.Instant.ofEpochSecond(6)));
        assertEquals(DisconnectReason.CUSTOMER_DISCONNECT, c.snapshot().disconnectReason());
        assertEquals(java.time.Instant.ofEpochSecond(5), c.snapshot().disconnectTimestamp());
        assertEquals(c.id(), c.initialContactId());
    }
}
