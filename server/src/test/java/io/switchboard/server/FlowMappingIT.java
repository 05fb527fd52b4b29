package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.DemoInstance;
import io.switchboard.testkit.RtpPeer;
import io.switchboard.testkit.Sipp;
import io.switchboard.testkit.SwitchboardProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
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

    @TempDir
    Path work;

    @Test
    void queueArnMappedInFlowMappingRoutesCallsAndFollowsTheMappingWhenItChanges() throws Exception {
        Path instance = DemoInstance.extractTo(work.resolve("instance"));
        Files.writeString(instance.resolve("flows/exported-menu.json"), EXPORTED_FLOW);
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("phoneNumbers:\n",
                "phoneNumbers:\n  - { number: \"" + DID + "\", flow: exported-menu }\n"));
        Path mapping = instance.resolve("flow-mapping.yaml");
        Files.writeString(mapping, "# ARN or id -> local name\naaaaaaaa-0000-0000-0000-000000000001: Sales\n");

        try (SwitchboardProcess server = SwitchboardProcess.start(work.resolve("server"),
                List.of("--instance", instance.toString()))) {
            JsonNode health = new ObjectMapper().readTree(server.get("/health").body());
            String flows = health.path("modules").path("routing-adapter").path("detail").asText();
            assertTrue(flows.contains("flows published") && !flows.contains("problems"), health.toString());
            assertEquals("Sales", queueOfACall(server, "first"));

            Files.writeString(mapping, "\"" + QUEUE_ARN + "\": Support\n");
            assertTrue(server.process().awaitOutput(l -> l.contains("instance " + instance + " reloaded"), RELOAD_WAIT),
                    "the mapping change was not reloaded:\n" + server.process().tail(20));
            assertEquals("Support", queueOfACall(server, "after-reload"));

            Files.writeString(mapping, "\"" + QUEUE_ARN + "\": Billing\n");
            assertTrue(server.process().awaitOutput(l -> l.contains("flows/exported-menu.json:2: "
                    + "Actions[0].Parameters.QueueId: unknown queue \"Billing\" (flow-mapping.yaml:1 maps"), RELOAD_WAIT),
                    "the bad mapping was not reported at the flow's line:\n" + server.process().tail(20));
            assertTrue(server.process().output().contains("rejected, keeping the running configuration"));
            assertEquals("Support", queueOfACall(server, "after-rejected-reload"));
            assertFalse(server.process().output().contains("flow not published"), server.process().tail(40));
            assertEquals(0, server.stop(Duration.ofSeconds(40)), server.process().tail(30));
        }
    }

    /** Calls the DID with SIPp (the caller stays 3 s, then hangs up) and returns the queue the contact joined. */
    private String queueOfACall(SwitchboardProcess server, String name) throws Exception {
        try (RtpPeer peer = RtpPeer.open();
             Sipp.Running sipp = Sipp.scenarioFile(SippScenarios.path("ivr_caller.xml"))
                     .name(name).target("127.0.0.1", server.ports().sip())
                     .args("-s", DID, "-key", "rtp_port", Integer.toString(peer.port())).traceMessages()
                     .calls(1).callDuration(Duration.ofSeconds(3)).timeout(Duration.ofSeconds(30)).start(work)) {
            String contact = IvrCall.follow(server, sipp, peer).contactId();
            String queued = "contact " + contact + " queued in ";
            assertTrue(server.process().awaitOutput(l -> l.contains(queued), Duration.ofSeconds(10)),
                    "the contact was not queued:\n" + server.process().tail(20));
            Sipp.Result result = sipp.awaitResult(Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), result.describe());
            String line = server.process().output().lines().filter(l -> l.contains(queued)).findFirst().orElseThrow();
            return line.substring(line.indexOf(queued) + queued.length()).strip();
        }
    }

}
