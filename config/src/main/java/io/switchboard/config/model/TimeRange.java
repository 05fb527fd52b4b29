package io.switchboard.config.model;

import java.time.LocalTime;

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
