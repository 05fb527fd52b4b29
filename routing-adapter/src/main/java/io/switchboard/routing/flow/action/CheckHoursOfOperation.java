package io.switchboard.routing.flow.action;

import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.ReferenceKind;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.hours.HoursOfOperation;
import java.util.Optional;

/**
 * Branches True/False on whether an hours of operation is open now: the named one, or the working
 * queue's when the block names none.
 */
public final class CheckHoursOfOperation extends ActionType {

    public CheckHoursOfOperation() {
        super("CheckHoursOfOperation", "CheckHoursOfOperation", Transitions.NO_MATCHING_ERROR,
                Transitions.NO_MATCHING_CONDITION);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        ResourceRef hours = ctx.text("HoursOfOperationId")
                .map(raw -> ctx.resource("HoursOfOperationId", raw, ReferenceKind.HOURS)).orElse(null);
        ctx.checkConditions(c -> c.operator().equals("Equals") && (c.operand().equals("True") || c.operand().equals("False")),
                "only Equals True and Equals False");
        if (ctx.failed()) {
            return null;
        }
        return rt -> {
            Optional<String> name = hours != null ? hours.resolve(rt)
                    : rt.contact().queue().flatMap(QueueRef::hours);
            Optional<HoursOfOperation> schedule = name.flatMap(rt.catalog()::hours);
            if (schedule.isEmpty()) {
                rt.error(Transitions.NO_MATCHING_ERROR, hours != null ? "no hours of operation " + hours
                        : "no hours of operation: the contact has no working queue with hours");
                return;
            }
            String open = schedule.get().isOpen(rt.now()) ? "True" : "False";
            rt.results(open);
            rt.branch(open);
        };
    }
}
