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
        QuickConnectType type,
        String destination,
        @Optional @Ref(section = "flows", what = "flow") String flow) {
}
