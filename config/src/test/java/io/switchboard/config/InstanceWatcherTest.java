package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Hot reload: a bad change keeps the running snapshot and reports; a good one swaps atomically. */
class InstanceWatcherTest {

    @TempDir
    Path dir;

    private InstanceWatcher watcher;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** What a listener saw: a swap (old and new snapshot) or a rejection. */
    private record Swap(InstanceConfig previous, InstanceConfig current) {
    }

    private record Rejected(List<ConfigProblem> problems) {
    }

    @BeforeEach
    void writeInstance() throws IOException {
        TestInstance.write(dir);
    }

    private void start(long debounceMillis) throws IOException {
        LoadResult initial = InstanceLoader.load(dir);
        watcher = InstanceWatcher.start(dir, initial.config(), List.of(), debounceMillis);
        watcher.addListener(new InstanceListener() {
            @Override
            public void onReload(InstanceConfig previous, InstanceConfig current) {
                events.add(new Swap(previous, current));
            }

            @Override
            public void onReloadRejected(List<ConfigProblem> problems) {
                events.add(new Rejected(problems));
            }
        });
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void invalidChangeKeepsTheRunningConfigThenAFixIsSwappedIn() throws Exception {
        start(TimeUnit.HOURS.toMillis(1)); // only the explicit reloads below may run
        InstanceConfig original = watcher.current();

        writeYaml(TestInstance.YAML.replace("    hours: Office", "    hours: Nights"));
        LoadResult bad = watcher.reloadNow();
        assertFalse(bad.isValid());
        assertEquals("instance.yaml:18: queues[0].hours: unknown hours of operation \"Nights\"",
                bad.problems().get(0).toString());
        assertSame(original, watcher.current(), "a failed reload must keep the running snapshot");
        Rejected rejected = next(Rejected.class);
        assertEquals(bad.problems(), rejected.problems());
        assertEquals(0, watcher.reloads());
        assertEquals(1, watcher.rejectedReloads());

        writeYaml(TestInstance.YAML.replace("maxContacts", "x").replace("    hours: Office\n",
                "    hours: Office\n    maxContacts: 7\n"));
        LoadResult good = watcher.reloadNow();
        assertTrue(good.isValid(), good.describeProblems());
        assertEquals(7, watcher.current().queue("Sales").orElseThrow().maxContacts());
        Swap swap = next(Swap.class);
        assertSame(original, swap.previous());
        assertSame(watcher.current(), swap.current());
        assertEquals(0, swap.previous().queue("Sales").orElseThrow().maxContacts(), "the old snapshot is untouched");
        assertEquals(1, watcher.reloads());
        assertEquals(1, watcher.rejectedReloads());
    }

    @Test
    void aRejectedReloadLogsEveryProblemOnItsOwnLine() throws Exception {
        start(TimeUnit.HOURS.toMillis(1));
        Logger logger = (Logger) LoggerFactory.getLogger(InstanceWatcher.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            writeYaml(TestInstance.YAML.replace("    hours: Office", "    hours: Nights")
                    .replace("Europe/Paris", "Nowhere"));
            watcher.reloadNow();
        } finally {
            logger.detachAppender(appender);
        }
        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("keeping the running configuration (2 problems)"), lines.get(0));
        assertEquals("instance.yaml:13: hoursOfOperation[0].timeZone: unknown time zone \"Nowhere\"", lines.get(1));
        assertEquals("instance.yaml:18: queues[0].hours: unknown hours of operation \"Nights\"", lines.get(2));
        assertTrue(appender.list.stream().allMatch(e -> e.getLevel() == Level.ERROR));
    }

    @Test
    void fileChangesAreNoticedWithoutBeingAsked() throws Exception {
        start(100);
        InstanceConfig original = watcher.current();
        writeYaml(TestInstance.YAML.replace("Europe/Paris", "Atlantis/Capital"));
        Rejected rejected = next(Rejected.class);
        assertEquals("instance.yaml:13: hoursOfOperation[0].timeZone: unknown time zone \"Atlantis/Capital\"",
                rejected.problems().get(0).toString());
        assertSame(original, watcher.current());

        writeYaml(TestInstance.YAML.replace("Europe/Paris", "America/New_York"));
        Swap swap = next(Swap.class);
        assertEquals("America/New_York", swap.current().hours("Office").orElseThrow().timeZone().getId());
        assertSame(swap.current(), watcher.current());
    }

    @Test
    void aChangedFlowMappingIsReloadedAndABadOneRejected() throws Exception {
        start(100);
        Files.writeString(dir.resolve(io.switchboard.config.model.FlowMapping.FILE), "aaaa-0001: Sales\n");
        Swap swap = next(Swap.class);
        assertEquals("Sales", swap.current().flowMapping().entries().get("aaaa-0001"));
        assertTrue(swap.previous().flowMapping().isEmpty());

        Files.writeString(dir.resolve(io.switchboard.config.model.FlowMapping.FILE), "aaaa-0001: [Sales]\n");
        Rejected rejected = next(Rejected.class);
        assertEquals("flow-mapping.yaml:1: aaaa-0001: expected a local name, found a list",
                rejected.problems().get(0).toString());
        assertSame(swap.current(), watcher.current());
    }

    @Test
    void aChangeInTheFlowsDirectoryIsNoticed() throws Exception {
        start(100);
        Files.writeString(dir.resolve("flows/second.json"), TestInstance.FLOW);
        Swap swap = next(Swap.class);
        assertTrue(swap.current().flow("second").isPresent());
        assertFalse(swap.previous().flow("second").isPresent());
    }

    @Test
    void burstsOfChangesAreDebouncedIntoOneReload() throws Exception {
        start(1000); // generous, so that a loaded CI machine still writes the burst within one window
        for (int i = 1; i <= 5; i++) {
            writeYaml(TestInstance.YAML.replace("    hours: Office\n", "    hours: Office\n    maxContacts: " + i + "\n"));
        }
        Swap swap = next(Swap.class);
        assertEquals(5, swap.current().queue("Sales").orElseThrow().maxContacts());
        Object more = events.poll(600, TimeUnit.MILLISECONDS);
        assertEquals(null, more, "one burst, one reload");
    }

    private void writeYaml(String yaml) throws IOException {
        Files.writeString(dir.resolve("instance.yaml"), yaml);
    }

    private <T> T next(Class<T> type) throws InterruptedException {
        Object event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no " + type.getSimpleName() + " within 10 s");
        assertTrue(type.isInstance(event), "expected " + type.getSimpleName() + ", got " + event);
        return type.cast(event);
    }
}
