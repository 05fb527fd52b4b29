package io.switchboard.routing.instance;

import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.hours.HoursOfOperation;
import io.switchboard.routing.port.ExternalFunction;
import io.switchboard.routing.port.ResourceCatalog;
import java.util.Objects;
import java.util.Optional;

/**
 * The catalog the engine holds for its whole life, answering from the instance snapshot in force: a
 * reload swaps the snapshot underneath, so running flows see new prompts, queues and hours at once.
 * Swapped on the contact center's loop, where the engine reads it.
 */
public final class LiveCatalog implements ResourceCatalog {

    private ResourceCatalog current;

    public LiveCatalog(ResourceCatalog initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    public void set(ResourceCatalog next) {
        this.current = Objects.requireNonNull(next, "next");
    }

    @Override
    public boolean hasPrompt(String name) {
        return current.hasPrompt(name);
    }

    @Override
    public Optional<QueueRef> queue(String name) {
        return current.queue(name);
    }

    @Override
    public Optional<QueueRef> agentQueue(String agentName) {
        return current.agentQueue(agentName);
    }

    @Override
    public Optional<HoursOfOperation> hours(String name) {
        return current.hours(name);
    }

    @Override
    public Optional<ExternalFunction> function(String name) {
        return current.function(name);
    }
}
