package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.Transitions;
import java.util.Set;

/**
 * Loads one live figure of a queue from the router and branches on it ("Check staffing", "Check queue
 * status"). Staffing metrics allow only NumberGreaterThan 0, as in Connect.
 */
public final class CheckMetricData extends ActionType {

    private static final Set<String> STAFFING = Set.of("NumberOfAgentsAvailable", "NumberOfAgentsStaffed",
            "NumberOfAgentsOnline");
    private static final Set<String> QUEUE = Set.of("OldestContactInQueueAgeSeconds", "NumberOfContactsInQueue");

    public CheckMetricData() {
        super("CheckMetricData", "CheckQueueStatus", Transitions.NO_MATCHING_ERROR, Transitions.NO_MATCHING_CONDITION);
    }

    @Override
    protected String moduleType(CompileContext ctx) {
        return STAFFING.contains(ctx.parameters().path("MetricType").asText()) ? "CheckStaffing" : "CheckQueueStatus";
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        String metric = ctx.required("MetricType");
        if (metric == null) {
            return null;
        }
        if (STAFFING.contains(metric)) {
            // The reference allows only NumberGreaterThan 0 and no NoMatchingCondition on staffing
            // metrics, but Amazon's own "Check staffing" exports carry a NoMatchingCondition branch (the
            // "False" side): both are accepted, and the figure is compared with any numeric condition.
            ctx.checkConditions(c -> c.operator().equals("Equals") || c.isNumeric(), "Equals or a Number comparison");
        } else if (QUEUE.contains(metric)) {
            ctx.checkConditions(c -> c.operator().equals("Equals") || c.isNumeric(), "Equals or a Number comparison");
            requireNoMatchBranch(ctx);
        } else {
            ctx.problem("MetricType must be one of " + new java.util.TreeSet<>(STAFFING) + " or "
                    + new java.util.TreeSet<>(QUEUE) + ", not '" + metric + "'");
        }
        ResourceRef queue = UpdateContactTargetQueue.queueOrAgent(ctx, false);
        if (ctx.failed()) {
            return null;
        }
        return rt -> QueueTargets.withMetrics(rt, queue, "check", (target, metrics) -> {
            String value = Long.toString(metrics.byMetricType(metric).orElseThrow());
            rt.results(value);
            rt.branch(value);
        });
    }
}
