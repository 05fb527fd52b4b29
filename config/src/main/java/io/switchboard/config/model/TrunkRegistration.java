package io.switchboard.config.model;

import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.Range;

/** Registration of the trunk with the carrier's registrar (RFC 3261 section 10), refreshed before expiry. */
public record TrunkRegistration(
        HostPort registrar,
        @Default("3600") @Range(min = 60, max = 86400) int expiresSeconds) {
}
