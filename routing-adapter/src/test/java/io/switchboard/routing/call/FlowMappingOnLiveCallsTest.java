package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.router.QueueBook;
import io.switchboard.routing.api.MediaEventInlet;
import io.switchboard.routing.core.VirtualLoop;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.config.model.FlowMapping;
import io.switchboard.routing.contact.ContactId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows that still carry Amazon Connect ARNs, on the contact center: the instance's flow-mapping.yaml
 * resolves them when the flows load, ARNs read from contact attributes when the flow runs, and a reload
 * with another mapping applies to the next caller.
 */
class FlowMappingOnLiveCallsTest {
    private final VirtualLoop loop = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));

    /** Runs the contact center's loop (and virtual time) until {@code condition} holds. */
    private void await(BooleanSupplier condition, String what) {
        Eventually.await(loop, condition, what);
    }

    /** Runs what is due on the loop, then takes the outcome, which must be there by then. */
    private <T> T settled(CompletionStage<T> stage) throws Exception {
        loop.runPending();
        return stage.toCompletableFuture().get(0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }


    private static final String INSTANCE_ARN = "arn:aws:connect:us-east-1:123456789012:instance/0f1e2d3c";
    private static final String QUEUE_ARN = INSTANCE_ARN + "/queue/aaaa-0001";
    /** Queues the caller by an ARN written in the flow (+15550111) or read from an attribute (+15550112). */
    private static final String FLOW = """
            {"Version": "2019-10-30", "StartAction": "%s", "Actions": [
             {"Identifier": "remember", "Type": "UpdateContactAttributes",
              "Parameters": {"Attributes": {"queueArn": "%s"}}, "Transitions": {"NextAction": "by-attribute"}},
             {"Identifier": "by-attribute", "Type": "UpdateContactTargetQueue",
              "Parameters": {"QueueId": "$.Attributes.queueArn"},
              "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "by-arn", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "%s"},
              "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "QueueAtCapacity"},
               {"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """;

    @TempDir
    Path dir;
    private Path instance;
    private ContactCenter center;

    @AfterEach
    void stop() {
        if (center != null) {
            center.close();
        }
    }

    private InstanceConfig load(String mapping) throws Exception {
        if (instance == null) {
            instance = DemoInstance.extractTo(dir.resolve("instance"));
            Files.writeString(instance.resolve("flows/by-arn.json"), FLOW.formatted("by-arn", QUEUE_ARN, QUEUE_ARN));
            Files.writeString(instance.resolve("flows/by-attribute.json"),
                    FLOW.formatted("remember", QUEUE_ARN, QUEUE_ARN));
            Path yaml = instance.resolve("instance.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("phoneNumbers:\n", "phoneNumbers:\n"
                    + "  - { number: \"+15550111\", flow: by-arn }\n  - { number: \"+15550112\", flow: by-attribute }\n"));
        }
        Files.writeString(instance.resolve(FlowMapping.FILE), mapping);
        LoadResult loaded = InstanceLoader.load(instance);
        assertTrue(loaded.isValid(), loaded.problems().toString());
        return loaded.config();
    }

    private void start(InstanceConfig config) throws Exception {
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"), ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), config, new FakeRelay(),
                new MediaEventInlet());
        assertEquals(List.of(), center.engine().library().problems());
    }

    /** Calls {@code did} and returns the queue the caller waits in. */
    private String queueOfCallTo(String did) throws Exception {
        List<ContactId> before = settled(center.liveContacts());
        center.callHandler().onIncomingCall(new FakeLeg(did));
        List<ContactId> after = settled(center.liveContacts());
        assertTrue(after.size() > before.size(), "the call is up");
        ContactId contact = after.stream().filter(c -> !before.contains(c)).findFirst().orElseThrow();
        await(() -> center.queues().queueOf(contact).isPresent(), "the caller is queued");
        return center.queues().queueOf(contact).map(QueueBook.Waiting::queue).orElseThrow();
    }

    @Test
    void arnsInFlowsAndAttributesResolveThroughTheMappingAndFollowItsReload() throws Exception {
        start(load("aaaa-0001: Sales\n"));
        assertEquals("Sales", queueOfCallTo("+15550111"));
        assertEquals("Sales", queueOfCallTo("+15550112"));

        settled(center.reload(load("\"" + QUEUE_ARN + "\": Support\n")));
        assertEquals(List.of(), center.engine().library().problems());
        assertEquals("Support", queueOfCallTo("+15550111"));
        assertEquals("Support", queueOfCallTo("+15550112"));
    }

    @Test
    void withoutAMappingAnArnWhoseIdIsNoQueueLeavesItsFlowUnpublished() throws Exception {
        InstanceConfig config = load("");
        center = ContactCenter.start(new ContactCenter.Options(dir.resolve("data"), ContactCenter.Options.DEFAULT_INSTANCE_ARN, loop), config, new FakeRelay(),
                new MediaEventInlet());
        assertEquals(Optional.empty(), center.engine().library().flow("by-arn"));
        assertTrue(center.engine().library().problems().stream()
                .anyMatch(p -> p.toString().contains("unknown queue 'aaaa-0001' (from '" + QUEUE_ARN + "')")),
                center.engine().library().problems().toString());
    }
}
