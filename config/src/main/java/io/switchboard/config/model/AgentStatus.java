package io.switchboard.config.model;

import io.switchboard.config.bind.Default;

/**
 * An agent status. "Available" is the one routable status and "Offline" the logged-out one, as in
 * the reference product; every other name is a custom, not-routable status (Lunch, Training).
 * {@code order} sorts the status list shown to agents.
 */
public record AgentStatus(String name, @Default("true") boolean enabled, @Default("0") int order) {

    public static final String AVAILABLE = "Available";
    public static final String OFFLINE = "Offline";

    /** What routing makes of an agent in this status. */
    public enum Kind { ROUTABLE, OFFLINE, CUSTOM }

    public Kind kind() {
        return switch (name) {
            case AVAILABLE -> Kind.ROUTABLE;
            case OFFLINE -> Kind.OFFLINE;
            default -> Kind.CUSTOM;
        };
    }
}
