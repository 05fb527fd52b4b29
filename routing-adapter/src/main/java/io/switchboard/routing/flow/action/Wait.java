package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.NumberParameter;
import io.switchboard.routing.flow.Transitions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Pauses the flow for TimeoutSeconds (static, or a reference read when the block runs, at most seven
 * days), then takes the WaitCompleted condition (or NextAction). The chat events a Wait may also end on
 * (CustomerReturned, BotParticipantDisconnected) are accepted, but never happen on a voice contact.
 */
public final class Wait extends ActionType {

    static final String WAIT_COMPLETED = "WaitCompleted";
    private static final int SEVEN_DAYS = 604800;
    private static final Set<String> EVENTS = Set.of("CustomerReturned", "BotParticipantDisconnected");

    public Wait() {
        super("Wait", "Wait", Transitions.NO_MATCHING_ERROR, "ParticipantNotFound");
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        JsonNode params = ctx.parameters();
        Set<String> events = new HashSet<>();
        for (JsonNode event : params.path("Events")) {
            if (!EVENTS.contains(event.asText())) {
                ctx.problem("Events: unknown event '" + event.asText() + "' (one of " + new java.util.TreeSet<>(EVENTS) + ")");
            }
            events.add(event.asText());
        }
        // The reference names the duration TimeoutSeconds; exports of the voice Wait block write
        // TimeLimitSeconds. Both are accepted, TimeoutSeconds first.
        String field = params.has("TimeoutSeconds") || !params.has("TimeLimitSeconds") ? "TimeoutSeconds" : "TimeLimitSeconds";
        if (ctx.required(field) == null) {
            return null;
        }
        NumberParameter seconds = NumberParameter.read(ctx, params, field, 1, SEVEN_DAYS, 1);
        ctx.checkConditions(c -> c.operator().equals("Equals")
                        && (c.operand().equals(WAIT_COMPLETED) || events.contains(c.operand())),
                "only Equals WaitCompleted or one of the block's Events");
        if (ctx.transitions().conditions().isEmpty()) {
            ctx.requireNextAction();
        }
        if (ctx.failed()) {
            return null;
        }
        return rt -> seconds.resolve(rt, Transitions.NO_MATCHING_ERROR).ifPresent(s ->
                rt.schedule(Duration.ofSeconds(s), () -> {
                    rt.results(WAIT_COMPLETED);
                    rt.branch(WAIT_COMPLETED);
                }));
    }
}
