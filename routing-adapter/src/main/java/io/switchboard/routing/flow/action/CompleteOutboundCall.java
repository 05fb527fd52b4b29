package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;

/**
 * In an outbound whisper flow, the point at which Connect dials the customer ("Call phone number").
 * Here the agent's dial places the call and the outbound flow plays before it connects, so the block
 * continues at NextAction. A caller ID override from the flow and Chime voice connectors are refused:
 * the queue's outbound caller ID is presented.
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
        ctx.unsupported("CallerId", "the queue's outbound caller ID is presented; a flow cannot override it yet");
        ctx.unsupported("VoiceConnector", "Amazon Chime voice connectors do not exist here");
        ctx.unsupported("ConnectionTimeLimitSeconds", "it applies to Chime voice connectors only");
        if (ctx.failed()) {
            return null;
        }
        return rt -> rt.next();
    }
}
