package io.switchboard.config.model;

import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Ref;
import java.util.List;

/** Which queues an agent serves, at which priority and delay, and the queue outbound calls are made from. */
public record RoutingProfile(
        String name,
        @Optional String description,
        List<RoutingProfileQueue> queues,
        @Ref(section = "queues", what = "queue") String defaultOutboundQueue) {

    public RoutingProfile {
        queues = List.copyOf(queues);
    }
}
