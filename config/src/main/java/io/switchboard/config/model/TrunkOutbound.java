package io.switchboard.config.model;

import io.switchboard.config.bind.Optional;
import java.util.List;

/** Where outbound calls over a trunk go (tried in order), how we authenticate, and whether we register. */
public record TrunkOutbound(
        List<SipDestination> destinations,
        @Optional TrunkCredentials credentials,
        @Optional TrunkRegistration registration) {

    public TrunkOutbound {
        destinations = List.copyOf(destinations);
    }
}
