package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.contact.PhoneNumbers;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.Cancellable;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.NumberParameter;
import io.switchboard.routing.flow.TextTemplate;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.port.ThirdPartyCall;
import io.switchboard.routing.port.ThirdPartyDial;
import java.time.Duration;

/**
 * Dials an external number through a trunk and bridges it with the caller ("Transfer to phone
 * number"). With ContinueFlowExecution True (the default) the flow resumes at NextAction when the third
 * party hangs up, and a failed or unanswered call takes CallFailed or ConnectionTimeLimitExceeded; with
 * False the caller is handed over for good once the third party answers.
 */
public final class TransferParticipantToThirdParty extends ActionType {

    static final String CALL_FAILED = "CallFailed";
    static final String TIMEOUT = "ConnectionTimeLimitExceeded";
    private static final String DTMF_DIGITS = "[0-9,*#]{1,50}";

    public TransferParticipantToThirdParty() {
        super("TransferParticipantToThirdParty", "TransferToThirdParty", CALL_FAILED, TIMEOUT,
                Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.unsupported("VoiceConnector", "Amazon Chime voice connectors do not exist here; use ThirdPartyPhoneNumber");
        JsonNode params = ctx.parameters();
        String rawNumber = ctx.required("ThirdPartyPhoneNumber");
        TextTemplate number = rawNumber == null ? null : ctx.template("ThirdPartyPhoneNumber", rawNumber);
        if (number != null && number.isStatic() && !PhoneNumbers.isE164(rawNumber)) {
            ctx.problem("ThirdPartyPhoneNumber '" + rawNumber + "' is not an E.164 number");
        }
        // Exports write ThirdPartyConnectionTimeLimitSeconds; the reference page says ...TimeoutSeconds.
        String timeoutField = params.has("ThirdPartyConnectionTimeLimitSeconds")
                ? "ThirdPartyConnectionTimeLimitSeconds" : "ThirdPartyConnectionTimeoutSeconds";
        NumberParameter timeout = NumberParameter.read(ctx, params, timeoutField, 1, 600, 30);
        boolean resume = ctx.bool(params, "ContinueFlowExecution", true);
        // Static or dynamic: a reference is checked against the same rule when the block runs.
        String rawDigits = ctx.text("ThirdPartyDTMFDigits").orElse(null);
        TextTemplate digits = rawDigits == null ? null : ctx.template("ThirdPartyDTMFDigits", rawDigits);
        if (digits != null && digits.isStatic() && !rawDigits.matches(DTMF_DIGITS)) {
            ctx.problem("ThirdPartyDTMFDigits must be up to 50 of 0-9, comma, * and #");
        }
        JsonNode callerId = params.path("CallerId");
        String callerNumber = ctx.text(callerId, "Number").orElse(null);
        TextTemplate callerNumberText = callerNumber == null ? null : ctx.template("CallerId.Number", callerNumber);
        String callerName = ctx.text(callerId, "Name").orElse(null);
        TextTemplate callerNameText = callerName == null ? null : ctx.template("CallerId.Name", callerName);
        Transitions t = ctx.transitions();
        if (resume) {
            ctx.requireNextAction();
        } else if (t.errors().containsKey(CALL_FAILED) || t.errors().containsKey(TIMEOUT)) {
            ctx.problem("CallFailed and ConnectionTimeLimitExceeded branches need ContinueFlowExecution True");
        }
        if (number == null || ctx.failed()) {
            return null;
        }
        return rt -> {
            String target = number.render(rt.contact()).trim();
            String failure = resume ? CALL_FAILED : Transitions.NO_MATCHING_ERROR;
            if (!PhoneNumbers.isE164(target)) {
                rt.invalid(failure, "ThirdPartyPhoneNumber", target, "not an E.164 number");
                return;
            }
            String tones = digits == null ? null : digits.render(rt.contact()).trim();
            if (tones != null && !tones.matches(DTMF_DIGITS)) {
                rt.invalid(failure, "ThirdPartyDTMFDigits", tones, "must be up to 50 of 0-9, comma, * and #");
                return;
            }
            java.util.OptionalInt seconds = timeout.resolve(rt, failure);
            if (seconds.isEmpty()) {
                return;
            }
            Duration limit = Duration.ofSeconds(seconds.getAsInt());
            ThirdPartyDial dial = new ThirdPartyDial(target,
                    callerNumberText == null ? null : callerNumberText.render(rt.contact()),
                    callerNameText == null ? null : callerNameText.render(rt.contact()), tones, resume);
            ThirdPartyCall call = rt.signalling().dialThirdParty(rt.contact().id(), dial);
            boolean[] handedOver = {false};
            // Leaving this block (hang-up, timeout) must not leave a third party ringing, or bridged to a
            // flow that moved on; only a completed hand-over keeps the call.
            rt.onExit(() -> {
                if (!handedOver[0]) {
                    call.cancel();
                }
            });
            Cancellable answerTimer = rt.schedule(limit, () -> {
                call.cancel();
                rt.error(resume ? TIMEOUT : Transitions.NO_MATCHING_ERROR, "no answer within " + limit.toSeconds() + " s");
            });
            rt.await(call.answered(), (answered, error) -> {
                answerTimer.cancel();
                if (error != null) {
                    rt.error(failure, "call failed: " + error.getMessage());
                } else if (!resume) {
                    handedOver[0] = true;
                    rt.results("Transferred");
                    rt.handedOff();
                } else {
                    rt.results("Connected");
                    rt.await(call.ended(), (ended, endError) -> rt.next());
                }
            });
        };
    }
}
