package io.switchboard.config.model;

import java.time.DayOfWeek;
import java.time.LocalTime;

/**
 * An open range starting on {@code day}: start equal to end means the whole 24 hours, an end
 * before the start runs past midnight into the next day.
 */
public record WeeklyRange(DayOfWeek day, LocalTime start, LocalTime end) {
}
