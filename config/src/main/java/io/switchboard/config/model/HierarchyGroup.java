package io.switchboard.config.model;

import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Ref;

/** A group of the agent hierarchy on {@code level}; {@code parent} is absent on the top level only. */
public record HierarchyGroup(
        String name,
        @Ref(section = "agentHierarchy.levels", what = "hierarchy level") String level,
        @Optional @Ref(section = "agentHierarchy.groups", what = "hierarchy group") String parent) {
}
