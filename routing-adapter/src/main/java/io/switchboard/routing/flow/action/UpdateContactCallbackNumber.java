package io.switchboard.routing.flow.action;

import io.switchboard.routing.contact.PhoneNumbers;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.AttributePath;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Transitions;

/** Sets the number a callback will dial, read from the contact data ("Set callback number"). */
public final class UpdateContactCallbackNumber extends ActionType {

    static final String INVALID = "InvalidCallbackNumber";
    static final String NOT_DIALABLE = "CallbackNumberNotDialable";

    public UpdateContactCallbackNumber() {
        super("UpdateContactCallbackNumber", "SetCallbackNumber", INVALID, NOT_DIALABLE, Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        String raw = ctx.required("CallbackNumber");
        if (raw == null) {
            return null;
        }
        if (!AttributePath.looksLikePath(raw)) {
            ctx.problem("CallbackNumber must be a reference such as $.StoredCustomerInput, not a fixed number");
            return null;
        }
        AttributePath path = ctx.path("CallbackNumber", raw);
        if (path == null) {
            return null;
        }
        return rt -> {
            String number = path.read(rt.contact()).orElse("");
            if (!PhoneNumbers.isE164(number)) {
                rt.error(INVALID, "'" + number + "' is not an E.164 number");
            } else if (!rt.signalling().canDial(number)) {
                rt.error(NOT_DIALABLE, "no trunk can dial " + number);
            } else {
                rt.contact().setCallbackNumber(number);
                rt.results(number);
                rt.next();
            }
        };
    }
}
