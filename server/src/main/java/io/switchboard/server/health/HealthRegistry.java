package io.switchboard.server.health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each module says about itself, for {@code GET /health}. Modules are listed in registration order.
 * Guarded by {@code this}: the launcher writes, the HTTP event loop reads.
 */
public final class HealthRegistry {
    /** One module's state and a human-readable detail. */
    public record ModuleHealth(ModuleState state, String detail) {
    }

    private final Map<String, ModuleHealth> modules = new LinkedHashMap<>();
    private boolean ready;

    public synchronized void set(String module, ModuleState state, String detail) {
        modules.put(module, new ModuleHealth(state, detail));
    }

    /** Marks the whole server ready (every module listens) or not (starting or draining). */
    public synchronized void setReady(boolean ready) {
        this.ready = ready;
    }

    public synchronized boolean ready() {
        return ready;
    }

    /** Ready and every module in a healthy state. */
    public synchronized boolean healthy() {
        return ready && modules.values().stream().allMatch(m -> m.state().healthy());
    }

    public synchronized Map<String, ModuleHealth> snapshot() {
        return new LinkedHashMap<>(modules);
    }
}
