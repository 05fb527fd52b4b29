package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.NumberParameter;
import io.switchboard.routing.flow.Transitions;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Changes how the contact ranks in queue ("Set routing priority / age"): QueuePriority (lower is routed
 * first; 5 unless a flow sets it) and QueueTimeAdjustmentSeconds (added to its time in queue), each static
 * or dynamic. A contact already waiting is re-ranked in place; otherwise the ranking applies when it is
 * queued. RoutingCriteria, where a flow gives them here, are set as UpdateRoutingCriteria sets them.
 */
public final class UpdateContactRoutingBehavior extends ActionType {

    public UpdateContactRoutingBehavior() {
        super("UpdateContactRoutingBehavior", "SetRoutingBehavior", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        boolean ranks = ctx.parameters().has("QueuePriority") || ctx.parameters().has("QueueTimeAdjustmentSeconds");
        if (!ranks && !ctx.parameters().has("RoutingCriteria")) {
            ctx.problem("missing required parameter: QueuePriority, QueueTimeAdjustmentSeconds or RoutingCriteria");
        }
        RoutingCriteriaParameter criteria = ctx.parameters().has("RoutingCriteria")
                ? RoutingCriteriaParameter.read(ctx, "RoutingCriteria") : null;
        NumberParameter priority = ctx.parameters().has("QueuePriority")
                ? NumberParameter.read(ctx, ctx.parameters(), "QueuePriority", 1, Integer.MAX_VALUE, 5) : null;
        NumberParameter adjustment = ctx.parameters().has("QueueTimeAdjustmentSeconds")
                ? NumberParameter.read(ctx, ctx.parameters(), "QueueTimeAdjustmentSeconds", Integer.MIN_VALUE + 1,
                        Integer.MAX_VALUE, 0) : null;
        if (ctx.failed()) {
            return null;
        }
        return rt -> {
            if (!ranks) {
                UpdateRoutingCriteria.apply(rt, criteria, "");
                return;
            }
            long p = rt.contact().data().routingPriority();
            Duration a = rt.contact().data().queueTimeAdjustment();
            if (priority != null) {
                OptionalInt value = priority.resolve(rt, Transitions.NO_MATCHING_ERROR);
                if (value.isEmpty()) {
                    return;
                }
                p = value.getAsInt();
            }
            if (adjustment != null) {
                OptionalInt value = adjustment.resolve(rt, Transitions.NO_MATCHING_ERROR);
                if (value.isEmpty()) {
                    return;
                }
                a = Duration.ofSeconds(value.getAsInt());
            }
            rt.contact().data().setRouting(p, a);
            long ranked = p;
            Duration by = a;
            rt.await(rt.router().rerank(rt.contact().id(), ranked, by), (waiting, failure) -> {
                String ranking = "priority " + ranked + ", adjustment " + by.toSeconds() + " s"
                        + (Boolean.TRUE.equals(waiting) ? ", re-ranked in queue" : "");
                if (criteria != null) {
                    UpdateRoutingCriteria.apply(rt, criteria, ranking + "; ");
                } else {
                    rt.results(ranking);
                    rt.next();
                }
            });
        };
    }
}
