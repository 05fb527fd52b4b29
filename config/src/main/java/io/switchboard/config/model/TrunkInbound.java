package io.switchboard.config.model;

import java.util.List;

/**
 * Who may place calls into the instance over a trunk: a request must come from one of
 * {@code allowedSources} (any port) and, when {@code digestUsers} is not empty, also answer a
 * digest challenge (RFC 3261 section 22) as one of them.
 */
public record TrunkInbound(List<Cidr> allowedSources, List<DigestUser> digestUsers) {

    public TrunkInbound {
        allowedSources = List.copyOf(allowedSources);
        digestUsers = List.copyOf(digestUsers);
    }

    public boolean requiresDigest() {
        return !digestUsers.isEmpty();
    }
}
