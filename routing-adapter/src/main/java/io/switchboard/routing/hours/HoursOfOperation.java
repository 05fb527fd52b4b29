package io.switchboard.routing.hours;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A named weekly schedule in a time zone, with date overrides. Open/closed is decided on the local
 * wall-clock time of the instant in that zone, so daylight-saving changes move the open period with
 * the local clock, as callers expect ("we open at 9").
 */
public record HoursOfOperation(String name, ZoneId zone, List<WeeklyRange> ranges, List<HoursOverride> overrides) {

    public HoursOfOperation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        ranges = List.copyOf(ranges);
        overrides = List.copyOf(overrides);
    }

    public HoursOfOperation(String name, ZoneId zone, List<WeeklyRange> ranges) {
        this(name, zone, ranges, List.of());
    }

    public boolean isOpen(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        for (HoursOverride override : overrides) {
            if (override.date().equals(local.toLocalDate())) {
                return override.isOpenAt(local.toLocalTime());
            }
        }
        for (WeeklyRange range : ranges) {
            if (range.contains(local.getDayOfWeek(), local.toLocalTime())) {
                return true;
            }
        }
        return false;
    }
}
