package io.switchboard.routing.hours;

import static org.junit.jupiter.api.Assertions.*;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Open/closed decisions across time zones, daylight-saving changes, midnight and holiday overrides. */
class HoursOfOperationTest {

    private static HoursOfOperation weekdays(String zone, int from, int to) {
        return new HoursOfOperation("h", ZoneId.of(zone), List.of(
                new WeeklyRange(DayOfWeek.MONDAY, LocalTime.of(from, 0), LocalTime.of(to, 0)),
                new WeeklyRange(DayOfWeek.TUESDAY, LocalTime.of(from, 0), LocalTime.of(to, 0)),
                new WeeklyRange(DayOfWeek.WEDNESDAY, LocalTime.of(from, 0), LocalTime.of(to, 0)),
                new WeeklyRange(DayOfWeek.THURSDAY, LocalTime.of(from, 0), LocalTime.of(to, 0)),
                new WeeklyRange(DayOfWeek.FRIDAY, LocalTime.of(from, 0), LocalTime.of(to, 0))));
    }

    @Test
    void sameInstantDiffersByTimeZone() {
        Instant t = Instant.parse("2024-03-06T16:30:00Z"); // Wednesday
        assertTrue(weekdays("Europe/London", 9, 17).isOpen(t), "16:30 in London");
        assertFalse(weekdays("Europe/Berlin", 9, 17).isOpen(t), "17:30 in Berlin");
        assertTrue(weekdays("America/New_York", 9, 17).isOpen(t), "11:30 in New York");
        assertFalse(weekdays("Asia/Tokyo", 9, 17).isOpen(t), "01:30 Thursday in Tokyo");
        assertFalse(weekdays("Australia/Sydney", 9, 17).isOpen(t), "03:30 Thursday in Sydney");
    }

    @Test
    void openingFollowsTheLocalClockAcrossTheSpringChange() {
        HoursOfOperation ny = weekdays("America/New_York", 9, 17);
        // US clocks went forward on Sunday 2024-03-10: 09:00 local is 14:00Z before, 13:00Z after.
        assertFalse(ny.isOpen(Instant.parse("2024-03-08T13:30:00Z")), "Friday 08:30 EST");
        assertTrue(ny.isOpen(Instant.parse("2024-03-11T13:30:00Z")), "Monday 09:30 EDT");
        assertFalse(ny.isOpen(Instant.parse("2024-03-11T21:30:00Z")), "Monday 17:30 EDT");
        assertTrue(ny.isOpen(Instant.parse("2024-03-08T21:30:00Z")), "Friday 16:30 EST");
    }

    @Test
    void openingFollowsTheLocalClockAcrossTheAutumnChange() {
        HoursOfOperation berlin = weekdays("Europe/Berlin", 8, 18);
        // Germany went back on Sunday 2024-10-27: 08:00 local is 06:00Z before, 07:00Z after.
        assertTrue(berlin.isOpen(Instant.parse("2024-10-25T06:30:00Z")), "Friday 08:30 CEST");
        assertFalse(berlin.isOpen(Instant.parse("2024-10-28T06:30:00Z")), "Monday 07:30 CET");
    }

    @Test
    void rangesInsideTheSkippedAndRepeatedHourOfAChangeDay() {
        // Sunday 2024-03-31 in London: 01:00-02:00 local does not exist.
        HoursOfOperation night = new HoursOfOperation("n", ZoneId.of("Europe/London"),
                List.of(new WeeklyRange(DayOfWeek.SUNDAY, LocalTime.of(1, 30), LocalTime.of(2, 30))));
        assertTrue(night.isOpen(Instant.parse("2024-03-31T01:15:00Z")), "02:15 BST, inside the range");
        assertFalse(night.isOpen(Instant.parse("2024-03-31T01:45:00Z")), "02:45 BST");
        // Sunday 2024-10-27: 01:00-02:00 local happens twice; both are inside 01:00-02:00.
        HoursOfOperation repeated = new HoursOfOperation("r", ZoneId.of("Europe/London"),
                List.of(new WeeklyRange(DayOfWeek.SUNDAY, LocalTime.of(1, 0), LocalTime.of(2, 0))));
        assertTrue(repeated.isOpen(Instant.parse("2024-10-27T00:30:00Z")), "01:30 BST");
        assertTrue(repeated.isOpen(Instant.parse("2024-10-27T01:30:00Z")), "01:30 GMT");
    }

    @Test
    void rangesPastMidnightAndWholeDays() {
        HoursOfOperation late = new HoursOfOperation("late", ZoneId.of("UTC"), List.of(
                new WeeklyRange(DayOfWeek.FRIDAY, LocalTime.of(22, 0), LocalTime.of(2, 0)),
                new WeeklyRange(DayOfWeek.SUNDAY, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
        assertTrue(late.isOpen(Instant.parse("2024-07-12T23:00:00Z")), "Friday 23:00");
        assertTrue(late.isOpen(Instant.parse("2024-07-13T01:59:00Z")), "Saturday 01:59, spill-over");
        assertFalse(late.isOpen(Instant.parse("2024-07-13T02:00:00Z")), "end is exclusive");
        assertFalse(late.isOpen(Instant.parse("2024-07-12T21:59:00Z")));
        assertTrue(late.isOpen(Instant.parse("2024-07-14T00:00:00Z")), "Sunday, all day");
        assertTrue(late.isOpen(Instant.parse("2024-07-14T23:59:59Z")));
        assertFalse(late.isOpen(Instant.parse("2024-07-15T00:00:00Z")), "Monday");
    }

    @Test
    void holidayOverridesCloseOrReshapeADay() {
        HoursOfOperation base = weekdays("America/New_York", 9, 17);
        HoursOfOperation holidays = new HoursOfOperation("h", base.zone(), base.ranges(), List.of(
                HoursOverride.closed(LocalDate.of(2024, 7, 4)),
                new HoursOverride(LocalDate.of(2024, 12, 24), List.of(new HoursOverride.Span(LocalTime.of(9, 0), LocalTime.of(12, 0))))));
        assertFalse(holidays.isOpen(Instant.parse("2024-07-04T15:00:00Z")), "Independence Day");
        assertTrue(holidays.isOpen(Instant.parse("2024-07-05T15:00:00Z")), "the day after");
        assertTrue(holidays.isOpen(Instant.parse("2024-12-24T15:00:00Z")), "10:00 on Christmas Eve");
        assertFalse(holidays.isOpen(Instant.parse("2024-12-24T18:00:00Z")), "13:00 on Christmas Eve");
    }
}
