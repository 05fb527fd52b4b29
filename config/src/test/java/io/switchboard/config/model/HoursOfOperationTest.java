package io.switchboard.config.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether a queue is open: weekly ranges, ranges past midnight, 24-hour days, holidays, time zones. */
class HoursOfOperationTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    // 2026-11-23 is a Monday; Paris is UTC+1 in November.
    private final HoursOfOperation office = new HoursOfOperation("Office", null, PARIS,
            List.of(range(DayOfWeek.MONDAY, "09:00", "17:00"),
                    range(DayOfWeek.FRIDAY, "22:00", "02:00"),
                    range(DayOfWeek.SUNDAY, "00:00", "00:00")),
            List.of(new HoursOfOperation.HolidayOverride("Christmas", LocalDate.of(2026, 12, 25), List.of()),
                    new HoursOfOperation.HolidayOverride("Short day", LocalDate.of(2026, 11, 30),
                            List.of(new HoursOfOperation.TimeRange(LocalTime.of(10, 0), LocalTime.of(12, 0)))),
                    new HoursOfOperation.HolidayOverride("Night shift", LocalDate.of(2026, 12, 1),
                            List.of(new HoursOfOperation.TimeRange(LocalTime.of(23, 0), LocalTime.of(1, 0))))));

    @Test
    void weeklyRangeIsStartInclusiveEndExclusiveInItsTimeZone() {
        assertFalse(open("2026-11-23T07:59:00Z")); // 08:59 Paris
        assertTrue(open("2026-11-23T08:00:00Z"));  // 09:00 Paris
        assertTrue(open("2026-11-23T15:59:00Z"));
        assertFalse(open("2026-11-23T16:00:00Z")); // 17:00 Paris
        assertFalse(open("2026-11-24T10:00:00Z")); // Tuesday
    }

    @Test
    void rangePastMidnightSpillsIntoTheNextDay() {
        assertTrue(open("2026-11-27T21:30:00Z"));  // Friday 22:30 Paris
        assertTrue(open("2026-11-28T00:30:00Z"));  // Saturday 01:30 Paris
        assertFalse(open("2026-11-28T01:00:00Z")); // Saturday 02:00 Paris
    }

    @Test
    void startEqualToEndIsTheWholeDay() {
        assertTrue(open("2026-11-28T23:00:00Z"));  // Sunday 00:00 Paris
        assertTrue(open("2026-11-29T22:59:00Z"));  // Sunday 23:59 Paris
    }

    @Test
    void holidaysReplaceTheWeeklyRanges() {
        assertFalse(open("2026-11-30T08:30:00Z")); // Monday 09:30 Paris: weekly open, short day not yet
        assertTrue(open("2026-11-30T09:30:00Z"));  // 10:30 Paris
        assertFalse(open("2026-11-30T11:00:00Z")); // 12:00 Paris
        assertFalse(open("2026-12-25T21:30:00Z")); // Christmas, a Friday, 22:30 Paris: closed
        assertFalse(open("2026-12-26T00:30:00Z")); // nor does Christmas night spill into Saturday
    }

    @Test
    void anOverrideRangePastMidnightSpillsToo() {
        assertTrue(open("2026-12-01T22:30:00Z"));  // Tuesday 23:30 Paris
        assertTrue(open("2026-12-01T23:30:00Z"));  // Wednesday 00:30 Paris, from Tuesday's override
        assertFalse(open("2026-12-02T00:00:00Z")); // Wednesday 01:00 Paris
    }

    private boolean open(String instant) {
        return office.isOpenAt(Instant.parse(instant));
    }

    private static HoursOfOperation.WeeklyRange range(DayOfWeek day, String start, String end) {
        return new HoursOfOperation.WeeklyRange(day, LocalTime.parse(start), LocalTime.parse(end));
    }
}
