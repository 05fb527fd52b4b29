package io.switchboard.routing.instance;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.Queue;
import io.switchboard.config.model.User;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.hours.HoursOfOperation;
import io.switchboard.routing.hours.HoursOverride;
import io.switchboard.routing.hours.WeeklyRange;
import io.switchboard.routing.port.ExternalFunction;
import io.switchboard.routing.port.InMemoryResourceCatalog;
import io.switchboard.routing.port.ResourceCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What flows may refer to in one instance snapshot: the {@link ResourceCatalog} (prompts, queues, agent
 * queues, hours, external functions) and the WAV file behind each prompt name. Immutable; every reload
 * builds a new one.
 *
 * <p>A prompt answers to its file name with and without {@code .wav} ({@code welcome} and
 * {@code welcome.wav}), since hand-written flows use the first and the shipped defaults the second.
 * Built-in prompts come first so an instance prompt of the same name replaces one.
 */
public final class InstanceResources {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceResources.class);

    private final InMemoryResourceCatalog catalog;
    private final Map<String, Path> promptFiles;
    private final Map<String, Integer> queueCapacity;

    private InstanceResources(InMemoryResourceCatalog catalog, Map<String, Path> promptFiles,
                              Map<String, Integer> queueCapacity) {
        this.catalog = catalog;
        this.promptFiles = Map.copyOf(promptFiles);
        this.queueCapacity = Map.copyOf(queueCapacity);
    }

    /** The resources of {@code config}, with {@code builtInPrompts} (name -> file) under the instance's own. */
    public static InstanceResources of(InstanceConfig config, Map<String, Path> builtInPrompts, String instanceArn) {
        InMemoryResourceCatalog.Builder b = InMemoryResourceCatalog.builder();
        Map<String, Path> files = new HashMap<>();
        builtInPrompts.forEach((name, file) -> addPrompt(b, files, name, file));
        config.prompts().forEach((name, prompt) -> addPrompt(b, files, name, prompt.file()));

        Map<String, Integer> capacity = new HashMap<>();
        for (Queue q : config.queues()) {
            b.queue(new QueueRef(q.name(), instanceArn + "/queue/" + stableId("queue", q.name()), q.hours()));
            capacity.put(q.name(), q.maxContacts());
        }
        for (User u : config.users()) {
            // An agent's personal queue has no hours: Connect treats agent queues as always open.
            b.agentQueue(u.username(), new QueueRef("agent/" + u.username(),
                    instanceArn + "/queue/agent/" + stableId("agent", u.username()), null));
        }
        for (io.switchboard.config.model.HoursOfOperation h : config.hoursOfOperation()) {
            b.hours(hours(h));
        }
        for (io.switchboard.config.model.ExternalFunction f : config.externalFunctions()) {
            Duration timeout = Duration.ofSeconds(f.timeoutSeconds());
            if (timeout.compareTo(ExternalFunction.MAX_TIMEOUT) > 0) {
                // Connect never waits longer than 8 s for a function; a longer setting would only mislead.
                LOG.warn("external function {}: timeout {} s lowered to the 8 s a flow may wait",
                        f.name(), f.timeoutSeconds());
                timeout = ExternalFunction.MAX_TIMEOUT;
            }
            b.function(new ExternalFunction(f.name(), f.url().uri(), timeout));
        }
        return new InstanceResources(b.build(), files, capacity);
    }

    private static void addPrompt(InMemoryResourceCatalog.Builder b, Map<String, Path> files, String name, Path file) {
        String bare = name.endsWith(".wav") ? name.substring(0, name.length() - 4) : name;
        for (String alias : List.of(bare, bare + ".wav")) {
            b.prompt(alias);
            files.put(alias, file);
        }
    }

    /** The same id for the same name on every start, so ARNs in CTRs and exported flows stay valid. */
    public static UUID stableId(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + ":" + name).getBytes(StandardCharsets.UTF_8));
    }

    static HoursOfOperation hours(io.switchboard.config.model.HoursOfOperation h) {
        List<WeeklyRange> ranges = new ArrayList<>();
        for (io.switchboard.config.model.HoursOfOperation.WeeklyRange r : h.weekly()) {
            ranges.add(new WeeklyRange(r.day(), r.start(), r.end()));
        }
        List<HoursOverride> overrides = new ArrayList<>();
        for (io.switchboard.config.model.HoursOfOperation.HolidayOverride o : h.overrides()) {
            List<HoursOverride.Span> spans = new ArrayList<>();
            for (io.switchboard.config.model.HoursOfOperation.TimeRange t : o.open()) {
                // An override covers one date: a whole-day or past-midnight range is open until that date ends.
                LocalTime end = t.end().isAfter(t.start()) ? t.end() : LocalTime.MAX;
                spans.add(new HoursOverride.Span(t.start(), end));
            }
            overrides.add(new HoursOverride(o.date(), spans));
        }
        return new HoursOfOperation(h.name(), h.timeZone(), ranges, overrides);
    }

    public ResourceCatalog catalog() {
        return catalog;
    }

    /** The WAV file of a prompt name, as flows write it. */
    public Optional<Path> promptFile(String name) {
        return Optional.ofNullable(promptFiles.get(name));
    }

    /** Every prompt file (a file appears once per alias). */
    public java.util.Collection<Path> promptFiles() {
        return promptFiles.values();
    }

    /** The most contacts the queue holds, 0 for no limit; empty for an unknown queue. */
    public Optional<Integer> queueCapacity(String queue) {
        return Optional.ofNullable(queueCapacity.get(queue));
    }
}
