package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.contact.RecordingBehavior;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Transitions;

/**
 * Sets who is recorded once an agent joins (RecordedParticipants Agent/Customer) and whether the IVR
 * part is recorded from now on ("Set recording and analytics behavior"). Analytics are not supported.
 */
public final class UpdateContactRecordingBehavior extends ActionType {

    public UpdateContactRecordingBehavior() {
        super("UpdateContactRecordingBehavior", "SetRecordingBehavior", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        JsonNode analytics = ctx.parameters().get("AnalyticsBehavior");
        if (analytics != null && ctx.bool(analytics, "Enabled", false)) {
            ctx.problem("AnalyticsBehavior (Contact Lens analytics) is not supported");
        }
        JsonNode recording = ctx.parameters().get("RecordingBehavior");
        if (recording == null || !recording.isObject()) {
            ctx.problem("missing required parameter RecordingBehavior");
            return null;
        }
        JsonNode screen = recording.get("ScreenRecordedParticipants");
        if (screen != null && screen.isArray() && !screen.isEmpty()) {
            ctx.problem("ScreenRecordedParticipants (screen recording) is not supported");
        }
        boolean agent = false;
        boolean customer = false;
        JsonNode participants = recording.path("RecordedParticipants");
        if (!participants.isMissingNode() && !participants.isArray()) {
            ctx.problem("RecordedParticipants must be an array of Agent and Customer");
        }
        for (JsonNode p : participants) {
            switch (p.asText()) {
                case "Agent" -> agent = true;
                case "Customer" -> customer = true;
                default -> ctx.problem("RecordedParticipants: unknown participant '" + p.asText() + "'");
            }
        }
        String ivr = ctx.text(recording, "IVRRecordingBehavior").orElse("Disabled");
        if (!ivr.equals("Enabled") && !ivr.equals("Disabled")) {
            ctx.problem("IVRRecordingBehavior must be Enabled or Disabled, not '" + ivr + "'");
        }
        if (ctx.failed()) {
            return null;
        }
        RecordingBehavior behavior = new RecordingBehavior(agent, customer, ivr.equals("Enabled"));
        return rt -> {
            boolean wasIvr = rt.contact().recording().ivr();
            rt.contact().setRecording(behavior, rt.now());
            if (behavior.ivr() && !wasIvr) {
                rt.media().startRecording(rt.contact().id(), behavior);
            } else if (!behavior.ivr() && wasIvr) {
                rt.media().stopRecording(rt.contact().id());
            }
            rt.next();
        };
    }
}
