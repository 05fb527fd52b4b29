package io.switchboard.config.model;

import io.switchboard.config.bind.Optional;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When queues are open, in one time zone. Weekly ranges repeat every week; an override replaces
 * the weekly ranges of one date (a holiday): empty {@code open} means closed all day.
 */
public record HoursOfOperation(
        String name,
        @Optional String description,
        ZoneId timeZone,
        List<WeeklyRange> weekly,
        List<HolidayOverride> overrides) {

    public HoursOfOperation {
        weekly = List.copyOf(weekly);
        overrides = List.copyOf(overrides);
    }

    /**
     * True when {@code instant} falls in an open range. A range belongs to the date it starts on:
     * that date's override if it has one, else its weekly ranges; a range running past midnight
     * also opens the first hours of the next date, whatever that date's own ranges are.
     */
    public boolean isOpenAt(Instant instant) {
        ZonedDateTime local = instant.atZone(timeZone);
        LocalDate date = local.toLocalDate();
        LocalTime time = local.toLocalTime();
        return rangesStartingOn(date).stream().anyMatch(r -> TimeRange.covers(r.start(), r.end(), time, false))
                || rangesStartingOn(date.minusDays(1)).stream()
                        .anyMatch(r -> TimeRange.covers(r.start(), r.end(), time, true));
    }

    private List<TimeRange> rangesStartingOn(LocalDate date) {
        for (HolidayOverride o : overrides) {
            if (o.date().equals(date)) {
                return o.open();
            }
        }
        List<TimeRange> ranges = new ArrayList<>();
        for (WeeklyRange r : weekly) {
            if (r.day() == date.getDayOfWeek()) {
                ranges.add(new TimeRange(r.start(), r.end()));
            }
        }
        return ranges;
    }

    /**
     * An open range starting on {@code day}: start equal to end means the whole 24 hours, an end
     * before the start runs past midnight into the next day.
     */
    public record WeeklyRange(DayOfWeek day, LocalTime start, LocalTime end) {
    }

    /** An open range within one holiday date, with the same start/end rules as {@link WeeklyRange}. */
    public record TimeRange(LocalTime start, LocalTime end) {

        /**
         * Whether {@code t} is inside [start, end). With {@code nextDay}, asks about the part of a
         * range started the day before that spills past midnight.
         */
        static boolean covers(LocalTime start, LocalTime end, LocalTime t, boolean nextDay) {
            boolean crossesMidnight = !end.isAfter(start);
            if (nextDay) {
                return crossesMidnight && !start.equals(end) && t.isBefore(end);
            }
            if (start.equals(end)) {
                return true;
            }
            return crossesMidnight ? !t.isBefore(start) : !t.isBefore(start) && t.isBefore(end);
        }
    }

    /** Opening hours for one date that replace the weekly ranges; no ranges means closed. */
    public record HolidayOverride(String name, LocalDate date, List<TimeRange> open) {

        public HolidayOverride {
            open = List.copyOf(open);
        }
    }
}
