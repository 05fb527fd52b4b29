package io.switchboard.config.model;

import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Ref;

/**
 * A transfer destination agents pick from a list. Agent and queue quick connects run {@code flow}
 * (a transfer flow) on transfer; external ones dial {@code destination} through a trunk.
 */
public record QuickConnect(
        String name,
        @Optional String description,
        Type type,
        String destination,
        @Optional @Ref(section = "flows", what = "flow") String flow) {

    /** What a quick connect transfers to: an agent (by username), a queue (by name), or an external E.164 number. */
    public enum Type {
        AGENT, QUEUE, EXTERNAL
    }
}
