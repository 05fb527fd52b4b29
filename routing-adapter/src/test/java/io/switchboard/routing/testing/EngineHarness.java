package io.switchboard.routing.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.engine.FlowEngine;
import io.switchboard.routing.flow.engine.FlowLibrary;
import io.switchboard.routing.flow.engine.FlowSource;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.routing.flow.log.FlowLogEntry;
import io.switchboard.routing.hours.HoursOfOperation;
import io.switchboard.routing.hours.WeeklyRange;
import io.switchboard.routing.port.ExternalFunction;
import io.switchboard.routing.port.InMemoryResourceCatalog;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * An engine on a virtual clock with fake media, signalling, router and functions, and a small
 * instance: prompts, queues Sales and Support (office hours in New York), an always-open schedule and
 * a function named "lookup".
 */
public final class EngineHarness {

    public static final String CALLER = "+15551230000";
    public static final String DID = "+15550100";
    /** A Wednesday, 15:00 UTC = 11:00 in New York (EDT): office hours. */
    public static final Instant WEDNESDAY_11_NY = Instant.parse("2024-07-10T15:00:00Z");
    public static final QueueRef SALES = new QueueRef("Sales",
            "arn:switchboard:connect:local:1:instance/i/queue/11111111-1111-1111-1111-111111111111", "Office");
    public static final QueueRef SUPPORT = new QueueRef("Support",
            "arn:switchboard:connect:local:1:instance/i/queue/22222222-2222-2222-2222-222222222222", "Office");
    public static final QueueRef ALICE = new QueueRef("agent-alice",
            "arn:switchboard:connect:local:1:instance/i/queue/agent/alice", null);

    public final VirtualLoop clock;
    public final FakeMedia media = new FakeMedia();
    public final FakeSignalling signalling = new FakeSignalling();
    public final FakeRouter router = new FakeRouter();
    public final FakeFunctions functions = new FakeFunctions();
    public final List<FlowLogEntry> logs = new ArrayList<>();
    public final List<ContactSnapshot> ended = new ArrayList<>();
    public final List<String> hookEnds = new ArrayList<>();
    public final InMemoryResourceCatalog catalog;
    public final FlowLibrary library;
    public final FlowEngine engine;
    public int nextPercent = 50;
    private Contact contact;

    public EngineHarness(Map<String, String> flows) {
        this(flows, WEDNESDAY_11_NY, Map.of());
    }

    public EngineHarness(Map<String, String> flows, Instant start, Map<String, String> mapping) {
        clock = new VirtualLoop(start);
        catalog = catalog();
        library = FlowLibrary.load(sources(flows), catalog, new ReferenceResolver(mapping));
        if (!library.problems().isEmpty()) {
            throw new AssertionError("test flows do not load: " + library.problems());
        }
        engine = FlowEngine.builder().scheduler(clock).media(media).signalling(signalling).router(router)
                .functions(functions).catalog(catalog).library(library).resolver(new ReferenceResolver(mapping))
                .flowLogs(logs::add)
                .listener(new io.switchboard.routing.port.ContactListener() {
                    @Override
                    public void contactEnded(ContactSnapshot snapshot) {
                        ended.add(snapshot);
                    }

                    @Override
                    public void hookFlowEnded(io.switchboard.routing.contact.ContactId id,
                                              io.switchboard.routing.contact.EventHook hook) {
                        hookEnds.add(hook.key());
                    }
                })
                .random(new RandomGenerator() {
                    @Override
                    public long nextLong() {
                        return nextPercent;
                    }

                    @Override
                    public int nextInt(int origin, int bound) {
                        return nextPercent;
                    }
                })
                .build();
    }

    public static InMemoryResourceCatalog catalog() {
        List<WeeklyRange> weekdays = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            weekdays.add(new WeeklyRange(d, LocalTime.of(9, 0), LocalTime.of(17, 0)));
        }
        List<WeeklyRange> always = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            always.add(new WeeklyRange(d, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
        }
        return InMemoryResourceCatalog.builder()
                .prompt("Welcome.wav").prompt("CustomerQueue.wav").prompt("CustomerHold.wav").prompt("Beep.wav")
                .prompt("Menu.wav")
                .queue(SALES).queue(SUPPORT).agentQueue("alice", ALICE)
                .hours(new HoursOfOperation("Office", ZoneId.of("America/New_York"), weekdays))
                .hours(new HoursOfOperation("Always", ZoneId.of("UTC"), always))
                .function(new ExternalFunction("lookup", URI.create("http://127.0.0.1:9/lookup"), Duration.ofSeconds(8)))
                .build();
    }

    public static List<FlowSource> sources(Map<String, String> flows) {
        ObjectMapper mapper = new ObjectMapper();
        List<FlowSource> sources = new ArrayList<>();
        flows.forEach((name, json) -> {
            try {
                sources.add(FlowSource.of(name, name + ".json", mapper.readTree(json)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
        return sources;
    }

    /** Starts {@code flow} for a new inbound contact and runs until it waits. */
    public Contact start(String flow) {
        contact = Contact.inbound(Endpoint.phone(CALLER), Endpoint.phone(DID), clock.now());
        engine.start(contact, flow);
        clock.runPending();
        return contact;
    }

    public Contact contact() {
        return contact;
    }

    public void digits(String keys) {
        for (char c : keys.toCharArray()) {
            engine.digit(contact.id(), c);
            clock.runPending();
        }
    }

    public void advance(Duration d) {
        clock.advance(d);
    }

    public void seconds(long s) {
        clock.advance(Duration.ofSeconds(s));
    }

    /** Finishes the prompt playing now. */
    public void promptDone() {
        media.last().finish();
        clock.runPending();
    }

    public void run() {
        clock.runPending();
    }

    /** The identifiers of logged blocks, in order (flow logging must be on). */
    public List<String> path() {
        return logs.stream().map(FlowLogEntry::identifier).toList();
    }

    /** What each playback started with, in order: the spoken text or the prompt name. */
    public List<String> spoken() {
        List<String> out = new ArrayList<>();
        for (FakeMedia.FakePlayback p : media.plays) {
            Object item = p.playlist.items().get(0);
            out.add(item instanceof io.switchboard.routing.port.Prompt.Speech s ? s.text()
                    : ((io.switchboard.routing.port.Prompt.Library) item).name());
        }
        return out;
    }

    /** Finishes every prompt as it starts until the flow waits for something else; for leaf checks. */
    public void playThrough() {
        int guard = 0;
        while (!media.plays.isEmpty() && !media.last().finished.isDone() && !media.last().stopped && guard++ < 100) {
            promptDone();
        }
    }

    public String lastSpoken() {
        Object item = media.last().playlist.items().get(0);
        if (item instanceof io.switchboard.routing.port.Prompt.Speech s) {
            return s.text();
        }
        return ((io.switchboard.routing.port.Prompt.Library) item).name();
    }
}
