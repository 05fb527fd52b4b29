package io.switchboard.routing.flow.action;

import io.switchboard.routing.contact.RoutingCriteria;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.ActionRuntime;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Transitions;
import java.util.Optional;

/**
 * Sets the contact's routing criteria ("Set routing criteria"): steps of proficiency requirements that relax
 * as each expires, until any agent of the queue may take the contact. On a contact already waiting they take
 * effect at once, keeping its place; otherwise when the contact is queued (Transfer to queue).
 */
public final class UpdateRoutingCriteria extends ActionType {

    public UpdateRoutingCriteria() {
        super("UpdateRoutingCriteria", "SetRoutingCriteria", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        RoutingCriteriaParameter criteria = RoutingCriteriaParameter.read(ctx, "RoutingCriteria");
        if (criteria == null || ctx.failed()) {
            return null;
        }
        return rt -> apply(rt, criteria, "");
    }

    /**
     * Sets the criteria on the contact and, when it waits, in its queue; then goes on. {@code before} starts
     * the flow log's results (what the block did first).
     */
    static void apply(ActionRuntime rt, RoutingCriteriaParameter parameter, String before) {
        Optional<RoutingCriteria> criteria = parameter.resolve(rt, Transitions.NO_MATCHING_ERROR);
        if (criteria.isEmpty()) {
            return;
        }
        rt.contact().data().setRoutingCriteria(criteria.get());
        int steps = criteria.get().steps().size();
        rt.await(rt.router().updateCriteria(rt.contact().id(), criteria.get()), (waiting, failure) -> {
            rt.results(before + steps + (steps == 1 ? " step" : " steps")
                    + (Boolean.TRUE.equals(waiting) ? ", in effect in queue" : ""));
            rt.next();
        });
    }
}
