package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentSnapshot;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.api.AgentDesk;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.routing.metrics.AgentFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contact center's agent desk: each request hops onto the loop, refusals carry their reason, reloads apply. */
class AgentDeskTest {
    private final VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));

    @TempDir
    Path dir;

    private <T> T settled(CompletableFuture<T> future) throws Exception {
        loop.runPending();
        return future.get(0, TimeUnit.MILLISECONDS);
    }

    private AgentRequestException.Reason refusal(CompletableFuture<?> future) {
        loop.runPending();
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(0, TimeUnit.MILLISECONDS));
        return ((AgentRequestException) e.getCause()).reason();
    }

    private static InstanceConfig load(Path instance) {
        LoadResult loaded = InstanceLoader.load(instance);
        assertTrue(loaded.isValid(), loaded.problems().toString());
        return loaded.config();
    }

    @Test
    void requestsRunOnTheLoopAndReloadsReachTheRoster() throws Exception {
        Path instance = DemoInstance.extractTo(dir.resolve("instance"));
        ContactCenter center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"),
                ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), load(instance), new FakeRelay(), new MediaEventInlet());
        try {
            AgentDesk desk = center.agents();
            CompletableFuture<AgentSnapshot> login = desk.login("alice");
            assertFalse(login.isDone(), "nothing runs before the loop does");
            assertEquals(AgentState.OFFLINE, settled(login).state());
            assertEquals(AgentState.CUSTOM, settled(desk.setStatus("alice", "Lunch")).state());
            assertEquals(1, center.agentFigures().agents("Sales and Support", AgentFigures.Figure.NON_PRODUCTIVE));
            assertEquals(AgentRequestException.Reason.UNKNOWN_STATUS, refusal(desk.setStatus("alice", "Nope")));
            assertEquals(AgentRequestException.Reason.NOT_AN_AGENT, refusal(desk.snapshot("rita")));
            assertEquals(AgentRequestException.Reason.NOT_LOGGED_IN, refusal(desk.setStatus("bob", "Available")));
            assertEquals(List.of("Available", "Offline", "Lunch", "Training"),
                    settled(desk.statuses()).stream().map(s -> s.name()).toList());

            desk.sessionStarted("bob", "s1");
            loop.runPending();
            assertEquals(AgentState.OFFLINE, settled(desk.snapshot("bob")).state());

            Path yaml = instance.resolve("instance.yaml");
            Files.writeString(yaml, Files.readString(yaml)
                    .replaceAll("(?s)  - username: alice\n.*?hierarchyGroup: Sales team\n", "")
                    // Her SIP phone goes with her: a phone of an unknown user is refused.
                    .replaceAll("  - username: alice\n    realm: [^\n]*\n    ha1: [^\n]*\n", ""));
            settled(center.reload(load(instance)));
            assertEquals(AgentRequestException.Reason.NOT_AN_AGENT, refusal(desk.snapshot("alice")));
            assertEquals(0, center.agentFigures().agents("Sales and Support", AgentFigures.Figure.ONLINE));
            assertEquals(AgentState.OFFLINE, settled(desk.snapshot("bob")).state());
        } finally {
            center.close();
        }
        List<String> lines = Files.readAllLines(dir.resolve("data/streams/agent-events/2024-07-10.jsonl"));
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(3).contains("\"EventType\":\"LOGOUT\"") && lines.get(3).contains("\"Username\":\"alice\""),
                lines.get(3));
    }
}
