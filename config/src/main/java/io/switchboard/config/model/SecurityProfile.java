package io.switchboard.config.model;

import io.switchboard.config.bind.Optional;
import java.util.List;
import java.util.Map;

/**
 * A named set of permissions. {@code allowedAccessControlTags} limits the resources (queues, users)
 * its holders may see to those carrying all of these tags; empty means no limit.
 */
public record SecurityProfile(
        String name,
        @Optional String description,
        List<String> permissions,
        Map<String, String> allowedAccessControlTags) {

    public SecurityProfile {
        permissions = List.copyOf(permissions);
        allowedAccessControlTags = Map.copyOf(allowedAccessControlTags);
    }

    public boolean grants(String permission) {
        return permissions.contains(permission);
    }
}
