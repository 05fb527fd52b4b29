package io.switchboard.routing.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.routing.testing.EngineHarness;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Exported references become local names through the mapping or an ARN's trailing id; the rest are listed. */
class ReferenceRewriterTest {

    private static final String INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/0f1e2d3c-aaaa-bbbb-cccc-111122223333";
    private static final String SALES_ARN = INSTANCE + "/queue/aaaaaaaa-0000-0000-0000-000000000001";
    private static final String BILLING_ARN = INSTANCE + "/queue/aaaaaaaa-0000-0000-0000-000000000009";
    private static final String WELCOME_ARN = INSTANCE + "/prompt/9e8d7c6b-1111-2222-3333-444455556666";
    private static final String HOLD_FLOW_ARN = INSTANCE + "/contact-flow/Default customer hold";
    private static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:lookup:PROD";

    private static final Map<String, String> MAPPING = Map.of(
            SALES_ARN, "Sales",
            "9e8d7c6b-1111-2222-3333-444455556666", "Welcome.wav");

    private final ObjectMapper json = new ObjectMapper();

    private ObjectNode exported() throws Exception {
        String text = """
                {"Version": "2019-10-30", "StartAction": "welcome",
                 "Metadata": {"ActionMetadata": {"queue": {"queue": {"id": "%1$s"}}}},
                 "Actions": [
                  {"Identifier": "welcome", "Type": "MessageParticipant",
                   "Parameters": {"PromptId": "%3$s"}, "Transitions": {"NextAction": "hooks"}},
                  {"Identifier": "hooks", "Type": "UpdateContactEventHooks",
                   "Parameters": {"EventHooks": {"CustomerHold": "%4$s"}}, "Transitions": {"NextAction": "lookup"}},
                  {"Identifier": "lookup", "Type": "InvokeLambdaFunction",
                   "Parameters": {"LambdaFunctionARN": "%5$s", "InvocationTimeLimitSeconds": "3"},
                   "Transitions": {"NextAction": "loop"}},
                  {"Identifier": "loop", "Type": "MessageParticipantIteratively",
                   "Parameters": {"Messages": [{"PromptId": "%3$s"}, {"PromptId": "{{HOLD_PROMPT}}"}]},
                   "Transitions": {}},
                  {"Identifier": "sales", "Type": "UpdateContactTargetQueue",
                   "Parameters": {"QueueId": "%1$s"}, "Transitions": {"NextAction": "billing"}},
                  {"Identifier": "billing", "Type": "UpdateContactTargetQueue",
                   "Parameters": {"QueueId": "%2$s"}, "Transitions": {"NextAction": "dynamic"}},
                  {"Identifier": "dynamic", "Type": "UpdateContactTargetQueue",
                   "Parameters": {"QueueId": "$.Attributes.queue"}, "Transitions": {"NextAction": "support"}},
                  {"Identifier": "support", "Type": "UpdateContactTargetQueue",
                   "Parameters": {"QueueId": "Support"}, "Transitions": {}}
                 ]}
                """.formatted(SALES_ARN, BILLING_ARN, WELCOME_ARN, HOLD_FLOW_ARN, LAMBDA_ARN);
        return (ObjectNode) json.readTree(text);
    }

    private ReferenceRewriter.Result rewrite(ObjectNode doc) {
        return new ReferenceRewriter(new ReferenceResolver(MAPPING), EngineHarness.catalog(),
                Set.of("Default customer hold")).rewrite(doc);
    }

    private static JsonNode parameters(ObjectNode doc, String identifier) {
        for (JsonNode action : doc.path("Actions")) {
            if (identifier.equals(action.path("Identifier").asText())) {
                return action.path("Parameters");
            }
        }
        throw new AssertionError("no action " + identifier);
    }

    @Test
    void mappedAndTrailingIdReferencesBecomeLocalNames() throws Exception {
        ReferenceRewriter.Result result = rewrite(exported());
        ObjectNode doc = result.document();
        assertEquals("Welcome.wav", parameters(doc, "welcome").path("PromptId").asText(), "id in the mapping");
        assertEquals("Sales", parameters(doc, "sales").path("QueueId").asText(), "whole ARN in the mapping");
        assertEquals("Default customer hold", parameters(doc, "hooks").path("EventHooks").path("CustomerHold").asText(),
                "trailing id of a flow ARN");
        assertEquals("lookup", parameters(doc, "lookup").path("LambdaFunctionARN").asText(),
                "function name of a qualified Lambda ARN");
        assertEquals("Welcome.wav", parameters(doc, "loop").path("Messages").get(0).path("PromptId").asText());
        assertEquals("$.Attributes.queue", parameters(doc, "dynamic").path("QueueId").asText(), "read at run time");
        assertEquals("Support", parameters(doc, "support").path("QueueId").asText());
        assertEquals(5, result.rewritten());
        assertEquals(SALES_ARN, doc.path("Metadata").path("ActionMetadata").path("queue").path("queue").path("id").asText(),
                "Metadata is the editor's, kept as exported");
    }

    @Test
    void everyReferenceThatCannotBeMappedIsListedWithItsAction() throws Exception {
        ReferenceRewriter.Result result = rewrite(exported());
        assertEquals(List.of(
                "action 'loop' (MessageParticipantIteratively): Parameters.Messages[1].PromptId: prompt '{{HOLD_PROMPT}}'"
                        + " is an unresolved placeholder",
                "action 'billing' (UpdateContactTargetQueue): Parameters.QueueId: queue '" + BILLING_ARN
                        + "' is not mapped (no queue 'aaaaaaaa-0000-0000-0000-000000000009' in the instance)"),
                result.unmapped().stream().map(Object::toString).toList());
        assertTrue(!result.complete());
    }

    @Test
    void unknownLocalNameIsReportedAsNotInTheInstance() throws Exception {
        ObjectNode doc = (ObjectNode) json.readTree("""
                {"Version": "2019-10-30", "StartAction": "a", "Actions": [
                 {"Identifier": "a", "Type": "TransferToFlow", "Parameters": {"ContactFlowId": "Nowhere"}}]}
                """);
        ReferenceRewriter.Result result = rewrite(doc);
        assertEquals("action 'a' (TransferToFlow): Parameters.ContactFlowId: flow 'Nowhere' is not in the instance",
                result.unmapped().get(0).toString());
    }

    @Test
    void theExportedDocumentIsLeftAsItWas() throws Exception {
        ObjectNode original = exported();
        ObjectNode copy = original.deepCopy();
        rewrite(original);
        assertEquals(copy, original);
    }
}
