package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.TextTemplate;
import java.util.Map;

/**
 * Answers ContinueLooping LoopCount times, then DoneLooping once and starts counting again. The count
 * belongs to the contact's run of the flow, keyed by this action's identifier.
 */
public final class Loop extends ActionType {

    static final String CONTINUE = "ContinueLooping";
    static final String DONE = "DoneLooping";

    public Loop() {
        super("Loop", "Loop");
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        String raw = ctx.required("LoopCount");
        ctx.checkConditions(c -> c.operator().equals("Equals") && (c.operand().equals(CONTINUE) || c.operand().equals(DONE)),
                "only Equals ContinueLooping and Equals DoneLooping");
        boolean hasContinue = ctx.transitions().conditions().stream().anyMatch(b -> b.condition().operand().equals(CONTINUE));
        boolean hasDone = ctx.transitions().conditions().stream().anyMatch(b -> b.condition().operand().equals(DONE))
                || ctx.transitions().next().isPresent();
        if (!hasContinue || !hasDone) {
            ctx.problem("missing transition: a Loop needs ContinueLooping and DoneLooping branches");
        }
        if (raw == null) {
            return null;
        }
        TextTemplate countText = ctx.template("LoopCount", raw);
        if (countText != null && countText.isStatic()) {
            ctx.integer(ctx.parameters(), "LoopCount", 0, 100, 0);
        }
        if (countText == null || ctx.failed()) {
            return null;
        }
        String id = ctx.definition().identifier();
        return rt -> {
            int count;
            try {
                count = Math.max(0, Math.min(100, Integer.parseInt(countText.render(rt.contact()).trim())));
            } catch (NumberFormatException e) {
                count = 0; // a dynamic count that is not a number loops zero times rather than forever
            }
            Map<String, Integer> counters = rt.loopCounters();
            int done = counters.getOrDefault(id, 0);
            if (done < count) {
                counters.put(id, done + 1);
                rt.results(CONTINUE);
                rt.branch(CONTINUE);
            } else {
                counters.remove(id);
                rt.results(DONE);
                rt.branch(DONE);
            }
        };
    }
}
