package io.switchboard.config.model;

import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Ref;
import java.util.List;

/**
 * The agent hierarchy: up to five named levels (top first) and groups placed on them; a group
 * below the top level has a parent on the level just above.
 */
public record AgentHierarchy(List<String> levels, List<Group> groups) {

    public static final int MAX_LEVELS = 5;
    public static final AgentHierarchy EMPTY = new AgentHierarchy(List.of(), List.of());

    public AgentHierarchy {
        levels = List.copyOf(levels);
        groups = List.copyOf(groups);
    }

    /** A group of the agent hierarchy on {@code level}; {@code parent} is absent on the top level only. */
    public record Group(
            String name,
            @Ref(section = "agentHierarchy.levels", what = "hierarchy level") String level,
            @Optional @Ref(section = "agentHierarchy.groups", what = "hierarchy group") String parent) {
    }
}
