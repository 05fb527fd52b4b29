package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.AttributePath;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.Transitions;

/**
 * Loads a queue's live figures from the router into the contact, readable as {@code $.Metrics...}
 * ("Get queue metrics"). Figures are for the voice channel, the only one Switchboard has.
 */
public final class GetMetricData extends ActionType {

    public GetMetricData() {
        super("GetMetricData", "GetQueueMetrics", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        ctx.text("QueueChannel").filter(c -> !c.equals("Voice") && !AttributePath.looksLikePath(c))
                .ifPresent(c -> ctx.problem("QueueChannel " + c + " is not supported (only Voice)"));
        ResourceRef queue = UpdateContactTargetQueue.queueOrAgent(ctx, false);
        if (ctx.failed()) {
            return null;
        }
        return rt -> QueueTargets.withMetrics(rt, queue, "read", (target, metrics) -> {
            rt.contact().setMetrics(metrics);
            rt.contact().data().setMetricsQueue(target);
            rt.results(metrics.byPath().toString());
            rt.next();
        });
    }
}
