package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;

/**
 * Ends the flow without hanging up ("End flow / Resume"): a whisper flow lets the call connect, a
 * queue or hold flow leaves the caller waiting; an inbound flow that ends this way ends the contact.
 */
public final class EndFlowExecution extends ActionType {

    public EndFlowExecution() {
        super("EndFlowExecution", "EndFlowExecution");
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        return rt -> rt.endFlow();
    }
}
