package io.switchboard.server.health;

/** The state a module reports in {@code GET /health}. */
public enum ModuleState {
    /** Starting up; not yet serving. */
    STARTING,
    /** Serving. */
    UP,
    /** Loaded and validated but not served yet: the module that would serve it does not exist yet. */
    NOT_SERVED,
    /** Stopping new work and letting running work finish. */
    DRAINING,
    /** Stopped or failed. */
    DOWN;

    /** True for the states that do not make the server unhealthy. */
    public boolean healthy() {
        return this == UP || this == NOT_SERVED;
    }
}
