package io.switchboard.config.model;

import java.util.List;

/**
 * The agent hierarchy: up to five named levels (top first) and groups placed on them; a group
 * below the top level has a parent on the level just above.
 */
public record AgentHierarchy(List<String> levels, List<HierarchyGroup> groups) {

    public static final int MAX_LEVELS = 5;
    public static final AgentHierarchy EMPTY = new AgentHierarchy(List.of(), List.of());

    public AgentHierarchy {
        levels = List.copyOf(levels);
        groups = List.copyOf(groups);
    }
}
