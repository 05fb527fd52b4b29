package io.switchboard.config.model;

import java.time.LocalDate;
import java.util.List;

/** Opening hours for one date that replace the weekly ranges; no ranges means closed. */
public record HolidayOverride(String name, LocalDate date, List<TimeRange> open) {

    public HolidayOverride {
        open = List.copyOf(open);
    }
}
