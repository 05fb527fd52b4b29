package io.switchboard.routing.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.flow.FlowLoadResult;
import io.switchboard.routing.flow.FlowLoader;
import io.switchboard.routing.flow.FlowProblem;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.action.ActionTypes;
import io.switchboard.routing.hours.HoursOfOperation;
import io.switchboard.routing.hours.WeeklyRange;
import io.switchboard.routing.port.ExternalFunction;
import io.switchboard.routing.port.ResourceCatalog;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The verdict on each block of one flow (or export): supported, or refused with the reasons, as the
 * loader gives them. Checked against an instance's resources, or against none ({@link #anyResource()}),
 * when only the blocks and parameters are in question.
 */
public final class FlowCheck {

    /** One block of the flow: its identifier, type and the problems that refuse it (none: supported). */
    public record Block(String identifier, String type, List<String> problems) {
        public boolean supported() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return identifier + " (" + type + "): " + (supported() ? "supported" : "refused: " + String.join("; ", problems));
        }
    }

    /** Every block in flow order, and the problems of the flow as a whole (Version, StartAction...). */
    public record Report(String file, List<Block> blocks, List<String> flowProblems) {
        public boolean loads() {
            return flowProblems.isEmpty() && blocks.stream().allMatch(Block::supported);
        }

        public long refused() {
            return blocks.stream().filter(b -> !b.supported()).count();
        }
    }

    private FlowCheck() {
    }

    /** Loads {@code root} as flow {@code name} and sorts the problems by block. */
    public static Report check(String name, String file, JsonNode root, ResourceCatalog catalog,
                               ReferenceResolver resolver, Set<String> flowNames) {
        FlowLoadResult result = new FlowLoader(new ActionTypes(), resolver, catalog).load(name, file, root, flowNames);
        Map<String, Block> blocks = new LinkedHashMap<>();
        for (JsonNode action : root.path("Actions")) {
            String id = action.path("Identifier").asText("");
            if (!id.isEmpty() && !blocks.containsKey(id)) {
                blocks.put(id, new Block(id, action.path("Type").asText("?"), new ArrayList<>()));
            }
        }
        List<String> flowProblems = new ArrayList<>();
        for (FlowProblem p : result.problems()) {
            Block block = p.actionId() == null ? null : blocks.get(p.actionId());
            if (block == null) {
                flowProblems.add(p.actionId() == null ? p.message() : "action '" + p.actionId() + "': " + p.message());
            } else {
                block.problems().add(p.message());
            }
        }
        List<Block> out = new ArrayList<>();
        blocks.values().forEach(b -> out.add(new Block(b.identifier(), b.type(), List.copyOf(b.problems()))));
        return new Report(file, out, flowProblems);
    }

    /** A catalog in which every prompt, queue, hours, agent and function exists. */
    public static ResourceCatalog anyResource() {
        return AnyResource.INSTANCE;
    }

    /** A set of flow names that contains every name. */
    public static Set<String> anyFlow() {
        return AnyName.INSTANCE;
    }

    private static final class AnyResource implements ResourceCatalog {
        static final AnyResource INSTANCE = new AnyResource();
        private static final List<WeeklyRange> ALWAYS = always();

        private static List<WeeklyRange> always() {
            List<WeeklyRange> week = new ArrayList<>();
            for (DayOfWeek d : DayOfWeek.values()) {
                week.add(new WeeklyRange(d, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
            }
            return week;
        }

        @Override
        public boolean hasPrompt(String name) {
            return true;
        }

        @Override
        public Optional<QueueRef> queue(String name) {
            return Optional.of(new QueueRef(name, "arn:switchboard:check:queue/" + name, null));
        }

        @Override
        public Optional<QueueRef> agentQueue(String agentName) {
            return queue("agent-" + agentName);
        }

        @Override
        public Optional<HoursOfOperation> hours(String name) {
            return Optional.of(new HoursOfOperation(name, ZoneOffset.UTC, ALWAYS));
        }

        @Override
        public Optional<ExternalFunction> function(String name) {
            return Optional.of(new ExternalFunction(name, URI.create("http://127.0.0.1:9/check"), Duration.ofSeconds(8)));
        }
    }

    private static final class AnyName extends AbstractSet<String> {
        static final AnyName INSTANCE = new AnyName();

        @Override
        public boolean contains(Object o) {
            return o instanceof String;
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    }
}
