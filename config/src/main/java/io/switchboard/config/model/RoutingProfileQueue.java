package io.switchboard.config.model;

import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.Range;
import io.switchboard.config.bind.Ref;

/**
 * A queue of a routing profile. Lower {@code priority} is served first; a contact is offered to
 * agents of this profile only after it has waited {@code delaySeconds} in the queue.
 */
public record RoutingProfileQueue(
        @Ref(section = "queues", what = "queue") String queue,
        @Default("1") @Range(min = 1, max = 99) int priority,
        @Default("0") @Range(min = 0, max = 9999) int delaySeconds) {
}
