package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Condition;
import io.switchboard.routing.flow.Transitions;

/**
 * Draws a number from 1 to 100 and branches on it; flows write the split as a chain of NumberLessThan
 * conditions (31, 71, ...) whose remainder goes to NoMatchingCondition ("Distribute by percentage").
 */
public final class DistributeByPercentage extends ActionType {

    public DistributeByPercentage() {
        super("DistributeByPercentage", "DistributeByPercentage", Transitions.NO_MATCHING_CONDITION,
                Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        ctx.checkConditions(c -> c.operator().equals("NumberLessThan") && within(c), "NumberLessThan 1 to 101");
        requireNoMatchBranch(ctx);
        if (ctx.failed()) {
            return null;
        }
        return rt -> {
            String draw = Integer.toString(rt.randomPercent());
            rt.results(draw);
            rt.branch(draw);
        };
    }

    private static boolean within(Condition c) {
        try {
            int bound = Integer.parseInt(c.operand());
            return bound >= 1 && bound <= 101;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
