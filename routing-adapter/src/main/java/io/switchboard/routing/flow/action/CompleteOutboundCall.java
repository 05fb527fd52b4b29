package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.contact.PhoneNumbers;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.TextTemplate;

/**
 * In an outbound whisper flow, the point at which Connect dials the customer ("Call phone number").
 * Here the agent's dial places the call and the outbound flow plays before it connects, so the block
 * continues at NextAction. {@code CallerId.Number} overrides the caller ID presented (static or a JSONPath
 * reference, an E.164 number; a reference's value is checked when the block runs and a bad one takes the
 * error branch) and is kept on the contact for the dial; Chime voice connectors are refused.
 */
public final class CompleteOutboundCall extends ActionType {

    public CompleteOutboundCall() {
        // The reference lists no errors; exports still give the block a NoMatchingError branch.
        super("CompleteOutboundCall", "CompleteOutboundCall", io.switchboard.routing.flow.Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        ctx.unsupported("VoiceConnector", "Amazon Chime voice connectors do not exist here");
        ctx.unsupported("ConnectionTimeLimitSeconds", "it applies to Chime voice connectors only");
        JsonNode callerId = ctx.parameters().get("CallerId");
        TextTemplate number = null;
        if (callerId != null && !callerId.isNull()) {
            if (!callerId.isObject()) {
                ctx.problem("CallerId must be an object with a Number");
            } else {
                String raw = ctx.text(callerId, "Number").orElse(null);
                if (raw == null) {
                    ctx.problem("CallerId: missing Number");
                } else {
                    number = ctx.template("CallerId.Number", raw);
                    if (number != null && number.isStatic() && !PhoneNumbers.isE164(raw.trim())) {
                        ctx.problem("CallerId.Number '" + raw + "' is not an E.164 number");
                    }
                }
            }
        }
        if (ctx.failed()) {
            return null;
        }
        TextTemplate override = number;
        return rt -> {
            if (override != null) {
                String value = override.render(rt.contact()).trim();
                if (!PhoneNumbers.isE164(value)) {
                    rt.invalid(io.switchboard.routing.flow.Transitions.NO_MATCHING_ERROR, "CallerId.Number", value,
                            "not an E.164 number");
                    return;
                }
                rt.contact().setOutboundCallerId(value);
                rt.results(value);
            }
            rt.next();
        };
    }
}
