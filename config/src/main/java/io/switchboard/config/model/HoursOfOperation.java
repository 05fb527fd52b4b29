package io.switchboard.config.model;

import io.switchboard.config.bind.Optional;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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

    /** True when {@code instant} falls in an open range, holidays first, then the weekly ranges. */
    public boolean isOpenAt(Instant instant) {
        ZonedDateTime local = instant.atZone(timeZone);
        LocalDate date = local.toLocalDate();
        LocalTime time = local.toLocalTime();
        HolidayOverride today = override(date);
        if (today != null) {
            return today.open().stream().anyMatch(r -> TimeRange.covers(r.start(), r.end(), time, false));
        }
        HolidayOverride yesterday = override(date.minusDays(1));
        for (WeeklyRange r : weekly) {
            if (r.day() == date.getDayOfWeek() && TimeRange.covers(r.start(), r.end(), time, false)) {
                return true;
            }
            // A range that crosses midnight spills into the next day, unless that day is a holiday.
            if (yesterday == null && r.day() == date.minusDays(1).getDayOfWeek()
                    && TimeRange.covers(r.start(), r.end(), time, true)) {
                return true;
            }
        }
        return false;
    }

    private HolidayOverride override(LocalDate date) {
        for (HolidayOverride o : overrides) {
            if (o.date().equals(date)) {
                return o;
            }
        }
        return null;
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
