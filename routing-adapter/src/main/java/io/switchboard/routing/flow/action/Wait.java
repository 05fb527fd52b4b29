package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Transitions;
import java.time.Duration;

/**
 * Pauses the flow for TimeoutSeconds, then takes the WaitCompleted condition (or NextAction). Waiting
 * for chat events (CustomerReturned, BotParticipantDisconnected) does not apply to voice.
 */
public final class Wait extends ActionType {

    static final String WAIT_COMPLETED = "WaitCompleted";

    public Wait() {
        super("Wait", "Wait", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        ctx.unsupported("Events", "chat events do not happen on voice contacts");
        if (ctx.required("TimeoutSeconds") == null) {
            return null;
        }
        int seconds = ctx.integer(ctx.parameters(), "TimeoutSeconds", 1, 604800, 1);
        ctx.checkConditions(c -> c.operator().equals("Equals") && c.operand().equals(WAIT_COMPLETED),
                "only Equals WaitCompleted on voice");
        if (ctx.transitions().conditions().isEmpty()) {
            ctx.requireNextAction();
        }
        if (ctx.failed()) {
            return null;
        }
        Duration timeout = Duration.ofSeconds(seconds);
        return rt -> rt.schedule(timeout, () -> {
            rt.results(WAIT_COMPLETED);
            rt.branch(WAIT_COMPLETED);
        });
    }
}
