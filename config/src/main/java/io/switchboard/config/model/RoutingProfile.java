package io.switchboard.config.model;

import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Range;
import io.switchboard.config.bind.Ref;
import java.util.List;

/**
 * Which queues an agent serves, at which priority and delay, and the queue outbound calls are made from.
 * {@code defaultAgentStatus} is the status an agent of this profile starts in at login; without it, Offline.
 */
public record RoutingProfile(
        String name,
        @Optional String description,
        List<QueueConfig> queues,
        @Ref(section = "queues", what = "queue") String defaultOutboundQueue,
        @Optional @Ref(section = "agentStatuses", what = "agent status") String defaultAgentStatus) {

    public RoutingProfile {
        queues = List.copyOf(queues);
    }

    /**
     * A queue of a routing profile. Lower {@code priority} is served first; a contact is offered to
     * agents of this profile only after it has waited {@code delaySeconds} in the queue.
     */
    public record QueueConfig(
            @Ref(section = "queues", what = "queue") String queue,
            @Default("1") @Range(min = 1, max = 99) int priority,
            @Default("0") @Range(min = 0, max = 9999) int delaySeconds) {
    }
}
