package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;

/** Hangs up the caller and ends the contact ("Disconnect / hang up"). */
public final class DisconnectParticipant extends ActionType {

    public DisconnectParticipant() {
        super("DisconnectParticipant", "Disconnect");
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        return rt -> rt.disconnect();
    }
}
