package io.switchboard.routing.hours;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * A date on which the weekly schedule does not apply (a holiday, a special opening). With no spans the
 * date is closed all day; otherwise it is open only within the spans, given as [start, end) local times.
 */
public record HoursOverride(LocalDate date, List<Span> openSpans) {

    public HoursOverride {
        Objects.requireNonNull(date, "date");
        openSpans = List.copyOf(openSpans);
    }

    public static HoursOverride closed(LocalDate date) {
        return new HoursOverride(date, List.of());
    }

    boolean isOpenAt(LocalTime time) {
        for (Span span : openSpans) {
            if (!time.isBefore(span.start()) && time.isBefore(span.end())) {
                return true;
            }
        }
        return false;
    }

    /** An open span within an override date. */
    public record Span(LocalTime start, LocalTime end) {
        public Span {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("span end must be after its start: " + start + "-" + end);
            }
        }
    }
}
