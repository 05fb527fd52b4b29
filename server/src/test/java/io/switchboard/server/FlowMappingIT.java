package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.PackagedServer;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar serving a flow that kept the queue ARN it was exported with: the instance's
 * flow-mapping.yaml resolves it when the server starts and again when the file changes, and a broken
 * mapping is refused like any other instance problem while the running one stays.
 */
class FlowMappingIT {
    private static final String DID = "+15550111";
    private static final String QUEUE_ARN = "arn:aws:connect:us-east-1:123456789012:instance/"
            + "0f1e2d3c-aaaa-bbbb-cccc-111122223333/queue/aaaaaaaa-0000-0000-0000-000000000001";
    private static final String EXPORTED_FLOW = """
            {"Version": "2019-10-30", "StartAction": "set-queue", "Actions": [
             {"Identifier": "set-queue", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "%s"},
              "Transitions": {"NextAction": "transfer", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": {},
              "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "QueueAtCapacity"},
               {"NextAction": "bye", "ErrorType": "NoMatchingError"}]}},
             {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
            """.formatted(QUEUE_ARN);
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    final PackagedServer server = PackagedServer.instance(work -> {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Files.writeString(instance.resolve("flows/exported-menu.json"), EXPORTED_FLOW);
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("phoneNumbers:\n",
                "phoneNumbers:\n  - { number: \"" + DID + "\", flow: exported-menu }\n"));
        Files.writeString(instance.resolve("flow-mapping.yaml"),
                "# ARN or id -> local name\naaaaaaaa-0000-0000-0000-000000000001: Sales\n");
        return instance;
    });
    @TempDir
    Path work;

    @Test
    void queueArnMappedInFlowMappingRoutesCallsAndFollowsTheMappingWhenItChanges() throws Exception {
        Path mapping = server.instanceDir().resolve("flow-mapping.yaml");
        String flows = server.healthDetail("routing-adapter");
        assertTrue(flows.contains("flows published") && !flows.contains("problems"), server.health().toString());
        double published = server.metric("switchboard_flows_published");
        assertEquals("Sales", queueOfACall("first"));

        Files.writeString(mapping, "\"" + QUEUE_ARN + "\": Support\n");
        awaitCounter("switchboard_config_reloads_total", "the mapping change was not reloaded");
        assertEquals("Support", queueOfACall("after-reload"));

        Files.writeString(mapping, "\"" + QUEUE_ARN + "\": Billing\n");
        awaitCounter("switchboard_config_reloads_rejected_total", "the bad mapping was not refused");
        // The refusal names the flow's line, as validation reports every problem (file:line: field: problem).
        assertTrue(server.process().awaitOutput(l -> l.contains("flows/exported-menu.json:2: "
                + "Actions[0].Parameters.QueueId: unknown queue \"Billing\" (flow-mapping.yaml:1 maps"), RELOAD_WAIT),
                "the bad mapping was not reported at the flow's line:\n" + server.process().tail(20));
        assertEquals("Support", queueOfACall("after-rejected-reload"));
        flows = server.healthDetail("routing-adapter");
        assertTrue(flows.contains("flows published") && !flows.contains("problems"), server.health().toString());
        assertEquals(published, server.metric("switchboard_flows_published"), "the flows published changed");
        assertEquals(0, server.stop(Duration.ofSeconds(40)), server.process().tail(30));
    }

    /** Waits until the counter {@code series} (0 at the start) has counted a reload. */
    private void awaitCounter(String series, String why) {
        try {
            Await.until(series + " >= 1", RELOAD_WAIT, () -> server.metric(series) >= 1);
        } catch (AssertionError e) {
            throw new AssertionError(why + ":\n" + server.process().tail(20), e);
        }
    }

    /**
     * Calls the DID with SIPp (the caller stays 3 s, then hangs up) and returns the queue that held the contact,
     * from {@code /metrics}; returns once the contact has ended.
     */
    private String queueOfACall(String name) throws Exception {
        try (RtpPeer peer = RtpPeer.open();
             Sipp.Running sipp = Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml"))
                     .name(name).target("127.0.0.1", server.sipPort())
                     .args("-s", DID, "-key", "rtp_port", Integer.toString(peer.port())).traceMessages()
                     .calls(1).callDuration(Duration.ofSeconds(3)).timeout(Duration.ofSeconds(30)).start(work)) {
            String queue = IvrCall.awaitQueuedAnywhere(server, Duration.ofSeconds(10));
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), result.describe());
            server.awaitMetric("switchboard_contacts_active", 0, Duration.ofSeconds(5));
            return queue;
        }
    }
}
