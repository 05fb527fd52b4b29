package io.switchboard.routing.hours;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;

/**
 * One open period in a weekly schedule, in the schedule's local time. {@code end} is exclusive; an end
 * at or before the start runs past midnight into the next day, and equal start and end mean the whole
 * day, as Amazon Connect's hours editor treats 00:00-00:00.
 */
public record WeeklyRange(DayOfWeek day, LocalTime start, LocalTime end) {

    public WeeklyRange {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    boolean wrapsMidnight() {
        return !end.isAfter(start);
    }

    /** True if local {@code time} on local {@code today} falls in this range (or its spill-over from yesterday). */
    boolean contains(DayOfWeek today, LocalTime time) {
        if (day == today) {
            if (start.equals(end)) {
                return !time.isBefore(start);
            }
            return wrapsMidnight() ? !time.isBefore(start) : !time.isBefore(start) && time.isBefore(end);
        }
        if (day.plus(1) == today && wrapsMidnight()) {
            return time.isBefore(end);
        }
        return false;
    }
}
