package io.switchboard.routing.flow;

import io.switchboard.routing.port.ResourceCatalog;
import java.util.Set;

/** The kinds of instance resources a flow refers to, with the ARN resource segment each uses. */
public enum ReferenceKind {
    PROMPT("prompt", "prompt/"),
    QUEUE("queue", "queue/"),
    AGENT("agent", "agent/"),
    FLOW("flow", "contact-flow/"),
    /** A flow module: a flow of the same library, ended by EndFlowModuleExecution. */
    MODULE("flow module", "flow-module/"),
    HOURS("hours of operation", "operating-hours/"),
    FUNCTION("function", "function:");

    private final String label;
    private final String arnSegment;

    ReferenceKind(String label, String arnSegment) {
        this.label = label;
        this.arnSegment = arnSegment;
    }

    /** How an admin reads it in a message. */
    public String label() {
        return label;
    }

    /**
     * Whether {@code name} is a resource of this kind: flows are checked against {@code flowNames} (what
     * publishes together), everything else against the catalog. Shared by loading and importing so that
     * a flow import accepts exactly what the loader will.
     */
    public boolean existsIn(ResourceCatalog catalog, Set<String> flowNames, String name) {
        return switch (this) {
            case PROMPT -> catalog.hasPrompt(name);
            case QUEUE -> catalog.queue(name).isPresent();
            case AGENT -> catalog.agentQueue(name).isPresent();
            case FLOW, MODULE -> flowNames.contains(name);
            case HOURS -> catalog.hours(name).isPresent();
            case FUNCTION -> catalog.function(name).isPresent();
        };
    }

    String arnSegment() {
        return arnSegment;
    }
}
