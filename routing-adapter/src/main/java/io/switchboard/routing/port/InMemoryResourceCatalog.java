package io.switchboard.routing.port;

import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.hours.HoursOfOperation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ResourceCatalog} held in memory, filled once through its builder and immutable after: the
 * wiring builds one from the instance configuration on every (re)load, tests build one by hand.
 */
public final class InMemoryResourceCatalog implements ResourceCatalog {

    private final Set<String> prompts;
    private final Map<String, QueueRef> queues;
    private final Map<String, QueueRef> agentQueues;
    private final Map<String, HoursOfOperation> hours;
    private final Map<String, ExternalFunction> functions;

    private InMemoryResourceCatalog(Builder b) {
        this.prompts = Set.copyOf(b.prompts);
        this.queues = Map.copyOf(b.queues);
        this.agentQueues = Map.copyOf(b.agentQueues);
        this.hours = Map.copyOf(b.hours);
        this.functions = Map.copyOf(b.functions);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean hasPrompt(String name) {
        return prompts.contains(name);
    }

    @Override
    public Optional<QueueRef> queue(String name) {
        return Optional.ofNullable(queues.get(name));
    }

    @Override
    public Optional<QueueRef> agentQueue(String agentName) {
        return Optional.ofNullable(agentQueues.get(agentName));
    }

    @Override
    public Optional<HoursOfOperation> hours(String name) {
        return Optional.ofNullable(hours.get(name));
    }

    @Override
    public Optional<ExternalFunction> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /** Collects resources; names are case-sensitive and a later entry replaces an earlier one. */
    public static final class Builder {
        private final Set<String> prompts = new HashSet<>();
        private final Map<String, QueueRef> queues = new HashMap<>();
        private final Map<String, QueueRef> agentQueues = new HashMap<>();
        private final Map<String, HoursOfOperation> hours = new HashMap<>();
        private final Map<String, ExternalFunction> functions = new HashMap<>();

        public Builder prompt(String name) {
            prompts.add(name);
            return this;
        }

        public Builder queue(QueueRef queue) {
            queues.put(queue.name(), queue);
            return this;
        }

        public Builder agentQueue(String agentName, QueueRef queue) {
            agentQueues.put(agentName, queue);
            return this;
        }

        public Builder hours(HoursOfOperation value) {
            hours.put(value.name(), value);
            return this;
        }

        public Builder function(ExternalFunction function) {
            functions.put(function.name(), function);
            return this;
        }

        public InMemoryResourceCatalog build() {
            return new InMemoryResourceCatalog(this);
        }
    }
}
