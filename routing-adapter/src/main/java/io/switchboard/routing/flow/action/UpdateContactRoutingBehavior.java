package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.TextTemplate;
import io.switchboard.routing.flow.Transitions;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Changes how the contact is routed in its queue ("Change routing priority / age"): {@code QueuePriority}
 * (1 is served first; a contact without one has 5) and {@code QueueTimeAdjustmentSeconds} (counted as if it
 * had waited that much longer). Either may read an attribute; a value that is not a whole number, or a
 * priority below 1, takes the error branch. Applies at once to a waiting contact and to a later queueing.
 */
public final class UpdateContactRoutingBehavior extends ActionType {

    public UpdateContactRoutingBehavior() {
        super("UpdateContactRoutingBehavior", "SetRoutingPriority", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        ctx.unsupported("RoutingCriteria", "routing criteria are set with UpdateRoutingCriteria, not supported yet");
        Optional<TextTemplate> priority = ctx.text("QueuePriority").map(t -> ctx.template("QueuePriority", t));
        Optional<TextTemplate> age = ctx.text("QueueTimeAdjustmentSeconds")
                .map(t -> ctx.template("QueueTimeAdjustmentSeconds", t));
        if (priority.isEmpty() && age.isEmpty()) {
            ctx.problem("missing required parameter: QueuePriority or QueueTimeAdjustmentSeconds");
        }
        if (ctx.failed()) {
            return null;
        }
        return rt -> {
            OptionalLong newPriority = OptionalLong.empty();
            Optional<Duration> newAge = Optional.empty();
            try {
                if (priority.isPresent()) {
                    long value = Long.parseLong(priority.get().render(rt.contact()).strip());
                    if (value < 1) {
                        rt.error(Transitions.NO_MATCHING_ERROR, "QueuePriority must be 1 or more: " + value);
                        return;
                    }
                    newPriority = OptionalLong.of(value);
                }
                if (age.isPresent()) {
                    newAge = Optional.of(Duration.ofSeconds(Long.parseLong(age.get().render(rt.contact()).strip())));
                }
            } catch (NumberFormatException e) {
                rt.error(Transitions.NO_MATCHING_ERROR, "not a whole number: " + e.getMessage());
                return;
            }
            rt.router().updateRouting(rt.contact().snapshot(), newPriority, newAge);
            rt.next();
        };
    }
}
