package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionCompiler;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.CompiledAction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The table of action types Switchboard runs, and of the flow-language types it knows but refuses at
 * load time with the reason, so an imported flow fails with a precise message instead of half-running.
 */
public final class ActionTypes implements ActionCompiler {

    private static final Map<String, String> NOT_SUPPORTED = Map.ofEntries(
            Map.entry("ConnectParticipantWithLexBot", "Amazon Lex bots are not available"),
            Map.entry("UpdateContactRecordingAndAnalyticsBehavior", "use UpdateContactRecordingBehavior; analytics are not available"),
            Map.entry("UpdateContactMediaProcessing", "chat processing does not apply to voice"),
            Map.entry("UpdatePreviousContactParticipantState", "hold of the previous participant is not supported yet"),
            Map.entry("CreateTask", "tasks are not available"),
            Map.entry("CreateCase", "Amazon Connect Cases are not available"),
            Map.entry("GetCase", "Amazon Connect Cases are not available"),
            Map.entry("UpdateCase", "Amazon Connect Cases are not available"),
            Map.entry("CreateWisdomSession", "Amazon Q in Connect is not available"),
            Map.entry("CheckVoiceId", "Voice ID is not available"),
            Map.entry("StartVoiceIdStream", "Voice ID is not available"),
            Map.entry("CheckOutboundCallStatus", "outbound campaigns are not available"),
            Map.entry("StartOutboundChatContact", "chat is not available"),
            Map.entry("ShowView", "views are for chat and agent workspace, not voice"),
            Map.entry("ResumeContact", "paused contacts are not supported"),
            Map.entry("AssociateContactToCustomerProfile", "Customer Profiles are not available"),
            Map.entry("CreateCustomerProfile", "Customer Profiles are not available"),
            Map.entry("GetCustomerProfile", "Customer Profiles are not available"),
            Map.entry("GetCustomerProfileObject", "Customer Profiles are not available"),
            Map.entry("GetCalculatedAttributesForCustomerProfile", "Customer Profiles are not available"),
            Map.entry("UpdateCustomerProfile", "Customer Profiles are not available"),
            Map.entry("ConnectParticipantWithAgenticCX", "Amazon Q in Connect AI agents are not available"),
            Map.entry("EvaluateDataTableValues", "data tables are not available"),
            Map.entry("LoadContactContent", "contact content (email, chat transcripts) does not apply to voice"));

    private final Map<String, ActionType> types;

    public ActionTypes() {
        Map<String, ActionType> table = new LinkedHashMap<>();
        for (ActionType type : new ActionType[] {
                new MessageParticipant(), new GetParticipantInput(), new UpdateContactAttributes(), new Compare(),
                new CheckHoursOfOperation(), new UpdateContactTargetQueue(), new UpdateContactRoutingBehavior(), new TransferContactToAgent(),
                new DequeueContactAndTransferToQueue(), new CheckMetricData(), new GetMetricData(),
                new DistributeByPercentage(), new Loop(), new TransferToFlow(), new TransferContactToQueue(),
                new TransferParticipantToThirdParty(), new DisconnectParticipant(), new EndFlowExecution(),
                new UpdateContactRecordingBehavior(), new UpdateFlowLoggingBehavior(), new UpdateContactEventHooks(),
                new UpdateContactCallbackNumber(), new MessageParticipantIteratively(),
                new UpdateContactTextToSpeechVoice(), new Wait(), new InvokeLambdaFunction(), new UpdateFlowAttributes(),
                new UpdateContactData(), new TagContact(), new UnTagContact(), new InvokeFlowModule(),
                new EndFlowModuleExecution(), new CompleteOutboundCall(), new CreateCallbackContact(),
                new UpdateContactMediaStreamingBehavior(), new UpdateRoutingCriteria()}) {
            table.put(type.name(), type);
        }
        this.types = Collections.unmodifiableMap(table);
    }

    /** The names of the action types that run. */
    public Set<String> supported() {
        return new TreeSet<>(types.keySet());
    }

    /** Known flow-language types refused at load time, with the reason given. */
    public static Map<String, String> notSupported() {
        return NOT_SUPPORTED;
    }

    @Override
    public CompiledAction compile(CompileContext ctx) {
        String type = ctx.definition().type();
        ActionType actionType = types.get(type);
        if (actionType != null) {
            return actionType.compile(ctx);
        }
        String reason = NOT_SUPPORTED.get(type);
        ctx.problem(reason != null ? "action type " + type + " is not supported: " + reason
                : "unknown action type " + type);
        return null;
    }
}
