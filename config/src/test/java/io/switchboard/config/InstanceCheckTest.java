package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.model.ContactFlow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks contributed by other modules join the loader's problems, with flow lines from ContactFlow.lineOf. */
class InstanceCheckTest {

    @TempDir
    Path dir;

    /** What the routing adapter would do: refuse action types it does not run, at their line. */
    private static final InstanceCheck NO_DISCONNECT = config -> {
        List<ConfigProblem> problems = new ArrayList<>();
        for (ContactFlow flow : config.flows().values()) {
            JsonNode actions = flow.document().path("Actions");
            for (int i = 0; i < actions.size(); i++) {
                if (actions.get(i).path("Type").asText().equals("DisconnectParticipant")) {
                    String field = "Actions[" + i + "].Type";
                    problems.add(new ConfigProblem(flow.file(), flow.lineOf(field), field,
                            "unsupported action type \"DisconnectParticipant\""));
                }
            }
        }
        return problems;
    };

    @Test
    void checkProblemsJoinTheResultWithFlowLines() throws IOException {
        TestInstance.write(dir);
        LoadResult result = InstanceLoader.load(dir, List.of(NO_DISCONNECT));
        assertEquals(List.of("flows/main.json:7: Actions[0].Type: unsupported action type \"DisconnectParticipant\""),
                result.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void checksRunOnlyOnAnOtherwiseValidInstance() throws IOException {
        TestInstance.write(dir, TestInstance.YAML.replace("Europe/Paris", "Nowhere"));
        AtomicInteger runs = new AtomicInteger();
        LoadResult result = InstanceLoader.load(dir, List.of(config -> {
            runs.incrementAndGet();
            return List.of();
        }));
        assertEquals(1, result.problems().size());
        assertEquals(0, runs.get());
    }

    @Test
    void theWatcherRunsTheChecksOnReload() throws IOException {
        TestInstance.write(dir);
        LoadResult initial = InstanceLoader.load(dir);
        try (InstanceWatcher watcher = InstanceWatcher.start(dir, initial.config(), List.of(NO_DISCONNECT), 3_600_000)) {
            LoadResult reload = watcher.reloadNow();
            assertEquals(1, reload.problems().size());
            assertSame(initial.config(), watcher.current());
        }
    }

    @Test
    void lineOfFallsBackToTheEnclosingValue() throws IOException {
        TestInstance.write(dir);
        ContactFlow flow = InstanceLoader.load(dir).config().flow("main").orElseThrow();
        assertEquals(3, flow.lineOf("StartAction"));
        assertEquals(6, flow.lineOf("Actions[0].Identifier"));
        assertEquals(8, flow.lineOf("Actions[0].Parameters.QueueId"));
        assertEquals(5, flow.lineOf("Actions[0]"));
        assertTrue(flow.lineOf("Nothing.Here") <= 1);
    }
}
